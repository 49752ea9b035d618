"""The automatic backups of the open database: one when the window closes, one a day while
it runs (checked at start-up and every half hour, on a worker thread, without a dialog),
and the status bar's word on the last one, which warns after a week without any and takes
one when clicked.

A server's database (PostgreSQL) is copied with its own tools, and a database opened
read-only is not copied by the app on its own: for those nothing runs."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QThreadPool, QTimer, Slot
from PySide6.QtWidgets import QMessageBox, QStyle, QToolButton

from agroferia.config import is_url
from agroferia.core import backup, settings
from agroferia.core.backup import describe
from agroferia.core.backup.manifest import BackupInfo
from agroferia.core.errors import explain
from agroferia.i18n import _
from agroferia.ui.backup.texts import folders_text, last_text
from agroferia.ui.tasks import QuietJobs, run_blocking

if TYPE_CHECKING:
    from agroferia.ui.main_window import MainWindow

log = logging.getLogger(__name__)

WARNING_STYLE = "QToolButton { color: #b3261e; font-weight: bold; }"
SHOWN_MS = 10_000  # how long a message about an automatic backup stays
PREFS_FOLDER = "backup"  # Prefs.last_folder: where the last backup by hand went


def database_file(window: MainWindow) -> Path | None:
    """The open database's file; None for a server's database or one opened read-only."""
    ctx = window.ctx
    if ctx is None or is_url(ctx.db.location) or getattr(ctx.db, "read_only", False):
        return None
    return Path(ctx.db.location)


def _attempt(work: Any) -> Any:
    """``work()``, or the exception it raised (to be told on the GUI thread)."""
    try:
        return work()
    except Exception as exc:  # told in the status bar and logged, never a reason to stop
        return exc


class AutomaticBackups(QObject):
    CHECK_MS = 30 * 60_000  # how often the daily backup is looked for
    FIRST_CHECK_MS = 5_000  # after start-up: the window opens first

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.status = QToolButton()
        self.status.setObjectName("backup_status")
        self.status.setAutoRaise(True)
        self.status.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.status.clicked.connect(self.take_now)
        window.statusBar().addPermanentWidget(self.status)
        self.jobs = QuietJobs()
        self.running = False
        self.paused = False  # while a backup is being restored
        self.last: BackupInfo | None = None
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.check_daily)
        self.timer.start(self.CHECK_MS)
        self.first = QTimer(self)  # stops with the window, unlike a bare single shot
        self.first.setSingleShot(True)
        self.first.timeout.connect(self.check_daily)
        self.first.start(self.FIRST_CHECK_MS)

    # where backups are -----------------------------------------------------------------
    def second(self) -> Path | None:
        ctx = self.window.ctx
        return None if ctx is None else ctx.read(settings.backup_second_folder)

    def folders(self) -> list[Path]:
        """Where the backups of this database are looked for: the automatic ones' folder,
        the second folder, and the folder of the last backup made by hand."""
        found = [backup.backups_folder(), self.second(),
                 self.window.prefs.last_folder(PREFS_FOLDER)]  # fmt: skip
        unique: list[Path] = []
        for folder in found:
            if folder is not None and Path(folder).is_dir() and Path(folder) not in unique:
                unique.append(Path(folder))
        return unique

    # the status bar --------------------------------------------------------------------
    def refresh(self, now: dt.datetime | None = None) -> None:
        """The word on the last backup, read again (after each backup, another database)."""
        path = database_file(self.window)
        self.status.setVisible(path is not None)
        if path is None:
            return
        folders = self.folders()
        self.last = backup.last_good(path, folders)
        overdue = backup.overdue(path, now, folders)
        self.status.setText(last_text(self.last, overdue, now))
        self.status.setStyleSheet(WARNING_STYLE if overdue else "")
        icon = (QStyle.StandardPixmap.SP_MessageBoxWarning if overdue
                else QStyle.StandardPixmap.SP_DialogSaveButton)  # fmt: skip
        self.status.setIcon(self.status.style().standardIcon(icon))
        hint = _("Pulse para hacer una copia de seguridad ahora.")
        self.status.setToolTip(
            folders_text(backup.backups_folder(), self.second(), self.last) + "\n" + hint
        )
        self.status.setProperty("overdue", overdue)

    def say(self, text: str) -> None:
        self.window.statusBar().showMessage(text, SHOWN_MS)

    # while the window runs -------------------------------------------------------------
    def check_daily(self, now: dt.datetime | None = None) -> None:
        """Takes today's backup on a worker thread when there is none yet."""
        path = database_file(self.window)
        if path is None or self.running or self.paused:
            return
        folders = self.folders()
        self._start(path, lambda: backup.automatic(path, reason=backup.DAILY, now=now)
                    if backup.daily_due(path, now, folders) else None)  # fmt: skip

    def take_now(self) -> None:
        """The status bar clicked: a backup into the automatic backups' folder now."""
        path = database_file(self.window)
        if path is None or self.running or self.paused:
            return
        self.say(_("Haciendo una copia de seguridad…"))
        self._start(path, lambda: backup.automatic(path, reason=backup.DAILY))

    def _start(self, path: Path, work: Any) -> None:
        self.running = True
        self.jobs.start(path, lambda: _attempt(work), self._done)

    @Slot(object, object)
    def _done(self, _key: object, result: object) -> None:
        self.running = False
        if isinstance(result, Exception):
            log.warning("automatic backup failed: %s", type(result).__name__)
            self.say(_("No se pudo hacer la copia de seguridad automática: {error}",
                       error=explain(result) or type(result).__name__))  # fmt: skip
        elif isinstance(result, backup.AutomaticResult):
            if result.warning is not None:
                self.say(result.warning.render())
            else:
                self.say(_("Copia de seguridad automática guardada ({size})",
                           size=describe.size(result.backup.size)))  # fmt: skip
        self.refresh()

    # when the window closes ------------------------------------------------------------
    def on_close(self) -> None:
        """A backup before the window goes (a small progress dialog if it takes a moment);
        a failure is logged and told for a few seconds, never keeping the window open."""
        self.timer.stop()
        self.first.stop()
        if self.running:  # the daily one, still being written: it ends first
            QThreadPool.globalInstance().waitForDone(60_000)
        path = database_file(self.window)
        if path is None or self.paused:  # a restore replacing the database, which keeps a
            return  # copy of what it replaces (a backup now would read it half replaced)
        try:
            result = run_blocking(
                self.window, _("Guardando la copia de seguridad…"),
                lambda _progress: backup.automatic(path, reason=backup.CLOSE),
            )  # fmt: skip
        except Exception as exc:
            log.warning("backup on closing failed: %s", type(exc).__name__)
            self._tell(_("No se pudo hacer la copia de seguridad al cerrar: {error}",
                         error=explain(exc) or type(exc).__name__))  # fmt: skip
            return
        if result.warning is not None:
            log.warning("backup on closing: the second folder was not written")
            self._tell(result.warning.render())

    def _tell(self, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, _("Copia de seguridad"), text,
                          QMessageBox.StandardButton.Ok, self.window)  # fmt: skip
        QTimer.singleShot(SHOWN_MS, box.accept)
        box.exec()
