"""Work that takes more than a moment runs on a worker thread, behind a progress dialog.

``run_task(parent, title, work, done)`` calls ``work(progress)`` on a thread of the global
pool; ``progress(done, total)`` moves the bar.  ``done(result)`` then runs on the GUI thread;
an exception goes to ``failed(exc)`` or, by default, to the error dialog.  The dialog only
appears when the work lasts longer than half a second, so quick work does not flicker.
``QuietJobs`` does small work (a figure beside the controls) without any dialog.

While workers run, Python's cycle collector runs on the GUI thread only
(``GuiThreadCollector``): a Qt object freed on a worker thread crashes the process.  When the
process ends while work runs (the window closed while the Panel computes), that work is
waited for a while before Qt's objects are torn down, and work that ends after them reports
to nobody, without an error.
"""

from __future__ import annotations

import atexit
import gc
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QObject,
    QRunnable,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtWidgets import QProgressDialog, QWidget

from agroferia import logs
from agroferia.core.errors import AgroferiaError
from agroferia.i18n import _

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
# how long work still running when the process ends is waited for
EXIT_WAIT_MS = 10_000


class GuiThreadCollector(QObject):
    """Python's cycle collector, run on the GUI thread only.

    Left automatic, it runs in whichever thread happens to allocate, a worker included; a
    cycle holding a Qt widget freed there crashes the process. So automatic collection is
    switched off and a timer on the GUI thread collects, generation by generation, with
    the thresholds Python would have used."""

    def __init__(self, parent: QObject, interval_ms: int = 500) -> None:
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.collect)
        self.timer.start(interval_ms)

    def collect(self) -> None:
        counts = gc.get_count()
        if counts[0] <= self.thresholds[0]:
            return
        generation = (
            2 if counts[2] > self.thresholds[2] else 1 if counts[1] > self.thresholds[1] else 0
        )
        gc.collect(generation)


def collect_on_gui_thread() -> None:
    """Installs the ``GuiThreadCollector`` once per application (before any worker runs)."""
    app = QCoreApplication.instance()
    if app is not None and app.findChild(GuiThreadCollector) is None:
        GuiThreadCollector(app)


class _Signals(QObject):
    progress = Signal(int, int)
    finished = Signal(object)
    failed = Signal(object)


_RUNNING: list[QRunnable] = []  # jobs kept alive here, and freed only on the GUI thread


def wait_for_work(ms: int) -> bool:
    """Waits up to ``ms`` for the work on worker threads to end; False (logged) when some
    is still running (a query stuck on a server that is gone)."""
    if QThreadPool.globalInstance().waitForDone(ms):
        return True
    log.warning("background work still running %d ms after the end", ms)
    return False


def work_left_running() -> bool:
    """Whether work on a worker thread outlived the wait: the process must then end without
    waiting for it (Qt's own clean-up at exit would wait for ever)."""
    return QThreadPool.globalInstance().activeThreadCount() > 0


def _wait_at_exit() -> None:
    """Registered with ``atexit`` once a job starts, after PySide was imported, so that it
    runs before PySide's own clean-up (which deletes the Qt objects a job reports through)."""
    wait_for_work(EXIT_WAIT_MS)


def _emit(signal: Any, *args: Any) -> None:
    """``signal.emit(*args)``, unless the application was torn down while the work ran:
    the process is ending and nobody is left to tell."""
    try:
        signal.emit(*args)
    except RuntimeError:  # "Signal source has been deleted"
        log.debug("background work ended after the application")


def _launch(job: QRunnable) -> None:
    """Starts ``job`` on the thread pool, which must never free it: freed on a worker
    thread, its signals' QObject (a GUI-thread object) would be destroyed there and crash
    the process. Jobs that have run are let go here, on the GUI thread, when another starts."""
    _RUNNING[:] = [j for j in _RUNNING if not j.ran]  # type: ignore[attr-defined]
    if not _RUNNING:  # ``atexit`` keeps it once, however often it is registered
        atexit.unregister(_wait_at_exit)
        atexit.register(_wait_at_exit)
    job.setAutoDelete(False)
    _RUNNING.append(job)
    collect_on_gui_thread()
    QThreadPool.globalInstance().start(job)


def log_failure(exc: Exception) -> None:
    """A refusal the person is shown (``AgroferiaError``: a database in use, a right they
    lack, bad data) is no defect: one line, its kind and message template, no traceback.
    Anything else is logged with its traceback."""
    if isinstance(exc, AgroferiaError):
        log.info("background task refused: %s", logs.describe(exc))
    else:
        log.exception("background task failed", exc_info=exc)


class _Job(QRunnable):
    def __init__(self, work: Callable[[Progress], Any]) -> None:
        super().__init__()
        self.work = work
        self.signals = _Signals()
        self.ran = False

    def run(self) -> None:
        try:
            result = self.work(lambda done, total: _emit(self.signals.progress, done, total))
        except Exception as exc:  # handed to the GUI thread, which shows it
            log_failure(exc)
            _emit(self.signals.failed, exc)
        else:
            _emit(self.signals.finished, result)
        finally:
            self.ran = True


class Task(QObject):
    """A running piece of work; ``finished`` or ``failed`` fires once, on the GUI thread."""

    finished = Signal(object)
    failed = Signal(object)

    def __init__(self, parent: QWidget | None, title: str, work: Callable[[Progress], Any]) -> None:
        super().__init__(parent)
        self.dialog = QProgressDialog(title, "", 0, 0, parent)
        self.dialog.setWindowTitle(_("Un momento…"))
        self.dialog.setCancelButton(None)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(500)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.done = False
        self._job = _Job(work)
        self._job.signals.progress.connect(self._progress)
        self._job.signals.finished.connect(self._finished)
        self._job.signals.failed.connect(self._failed)

    def start(self) -> Task:
        self.dialog.setValue(0)
        _launch(self._job)
        return self

    @Slot(int, int)
    def _progress(self, done: int, total: int) -> None:
        self.dialog.setMaximum(max(total, 1))
        self.dialog.setValue(min(done, total))

    def _end(self) -> None:
        self.done = True
        self.dialog.reset()
        self.dialog.hide()
        self.dialog.deleteLater()

    @Slot(object)
    def _finished(self, result: object) -> None:
        self._end()
        self.finished.emit(result)

    @Slot(object)
    def _failed(self, exc: object) -> None:
        self._end()
        self.failed.emit(exc)


def run_task(
    parent: QWidget | None,
    title: str,
    work: Callable[[Progress], Any],
    done: Callable[[Any], None],
    failed: Callable[[BaseException], None] | None = None,
) -> Task:
    task = Task(parent, title, work)
    task.finished.connect(done)
    if failed is None:
        from agroferia.ui.errors import show_error

        task.failed.connect(lambda exc: show_error(parent, exc))
    else:
        task.failed.connect(failed)
    return task.start()


def run_blocking(parent: QWidget | None, title: str, work: Callable[[Progress], Any]) -> Any:
    """Like ``run_task`` but waits (the window keeps painting) and returns the result or
    raises the work's exception. For steps nothing else can happen before, like start-up.

    When the application quits meanwhile (the window closed while a day is saved), every
    event loop ends at once: the work is then waited for here (as at the end of the process)
    and its outcome delivered, so that what follows it runs as usual."""
    from PySide6.QtCore import QEventLoop

    loop = QEventLoop()
    outcome: dict[str, Any] = {}
    task = Task(parent, title, work)
    task.finished.connect(lambda result: (outcome.update(result=result), loop.quit()))
    task.failed.connect(lambda exc: (outcome.update(error=exc), loop.quit()))
    task.start()
    if not task.done:
        loop.exec()
    if not outcome:  # the application is quitting: no event loop runs any more
        if not wait_for_work(EXIT_WAIT_MS):
            raise TimeoutError(title)
        QCoreApplication.sendPostedEvents()  # the work's signal, queued to this thread
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]


class _QuietSignals(QObject):
    done = Signal(object, object)  # the key the work was started with, its result


class _Quiet(QRunnable):
    def __init__(self, key: object, work: Callable[[], Any]) -> None:
        super().__init__()
        self.key = key
        self.work = work
        self.signals = _QuietSignals()
        self.ran = False

    def run(self) -> None:
        try:
            result = self.work()
        except Exception:  # a figure that cannot be shown is left out, not a reason to stop
            log.exception("background figure failed")
            result = None
        _emit(self.signals.done, self.key, result)
        self.ran = True


class QuietJobs:
    """Work done on a worker thread without a progress dialog (a figure shown beside the
    controls), kept alive like every job until it has run (see ``_launch``)."""

    def start(
        self, key: object, work: Callable[[], Any], done: Callable[[object, Any], None]
    ) -> None:
        """``work()`` off the GUI thread; then ``done(key, result)`` on it (``result`` None
        when the work failed). ``done`` must be a method of a QObject of the GUI thread."""
        job = _Quiet(key, work)
        job.signals.done.connect(done)
        _launch(job)
