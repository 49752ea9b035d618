"""Work that takes more than a moment runs on a worker thread, behind a progress dialog.

``run_task(parent, title, work, done)`` calls ``work(progress)`` on a thread of the global
pool; ``progress(done, total)`` moves the bar.  ``done(result)`` then runs on the GUI thread;
an exception goes to ``failed(exc)`` or, by default, to the error dialog.  The dialog only
appears when the work lasts longer than half a second, so quick work does not flicker.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from agroferia.i18n import _

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]


class _Signals(QObject):
    progress = Signal(int, int)
    finished = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, work: Callable[[Progress], Any]) -> None:
        super().__init__()
        self.work = work
        self.signals = _Signals()

    def run(self) -> None:
        try:
            result = self.work(self.signals.progress.emit)
        except Exception as exc:  # handed to the GUI thread, which shows it
            log.exception("background task failed")
            self.signals.failed.emit(exc)
        else:
            self.signals.finished.emit(result)


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
        QThreadPool.globalInstance().start(self._job)
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
    raises the work's exception. For steps nothing else can happen before, like start-up."""
    from PySide6.QtCore import QEventLoop

    loop = QEventLoop()
    outcome: dict[str, Any] = {}
    task = Task(parent, title, work)
    task.finished.connect(lambda result: (outcome.update(result=result), loop.quit()))
    task.failed.connect(lambda exc: (outcome.update(error=exc), loop.quit()))
    task.start()
    if not task.done:
        loop.exec()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]
