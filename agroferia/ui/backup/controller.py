"""Archivo → Copia de seguridad… and Restaurar…, and the automatic backups, for the main
window (which holds one ``BackupController``).

A backup by hand goes where the person chooses (its own name proposed, in the folder used
last time or Documents).  Restoring shows what the backup holds and warns that the data in
use will be replaced, a copy of it kept first; the window then lets go of the database
(its pages go, its engine is disposed of), the backup replaces it on a worker thread, and
the restored database is opened again the usual way: whoever uses it signs in again.

Both are for administrators (a backup holds everything, personal data included): the
commands are disabled for other accounts, saying why, and the services refuse anyway."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QWidget
from sqlalchemy import select

from agroferia.core import backup
from agroferia.core.backup import manifest as mf
from agroferia.core.backup.take import database_path
from agroferia.core.db import Database, open_database
from agroferia.core.errors import explain
from agroferia.core.models import Fair
from agroferia.core.network.urls import masked
from agroferia.i18n import _
from agroferia.ui import signin
from agroferia.ui.backup.automatic import PREFS_FOLDER, AutomaticBackups
from agroferia.ui.backup.texts import contents_html, restored_text
from agroferia.ui.errors import show_error
from agroferia.ui.reports.common import start_folder, with_suffix
from agroferia.ui.tasks import Progress, run_task

if TYPE_CHECKING:
    from agroferia.ui.main_window import MainWindow

BACKUP_FILES = "*" + mf.SUFFIX
# each stage's share of the bar (per thousand): the copy, its check, the compression;
# for a restore, the extraction and its check, then the copy of the database in use
TAKE_STAGES = {"copy": (0, 550), "check": (550, 700), "compress": (700, 1000)}
RESTORE_STAGES = {
    "extract": (0, 300), "check": (300, 450), "before-copy": (450, 650),
    "before-check": (650, 750), "before-compress": (750, 950), "replace": (950, 1000),
}  # fmt: skip


def staged(progress: Progress, stages: dict[str, tuple[int, int]]) -> backup.Progress:
    """The core's ``progress(stage, done, total)`` as one bar from 0 to 1000."""

    def tell(stage: str, done: int, total: int) -> None:
        if stage in stages:
            low, high = stages[stage]
            progress(low + (high - low) * min(done, total) // max(total, 1), 1000)

    return tell


def ask_restore(parent: QWidget | None, icon: QMessageBox.Icon, question: str,
                details_html: str) -> bool:  # fmt: skip
    """Whether to go on with a restore: *Restaurar*, or *Cancelar* (the default)."""
    box = QMessageBox(parent)
    box.setIcon(icon)
    box.setWindowTitle(_("Restaurar copia de seguridad"))
    box.setText(f"<b>{escape(question)}</b>")
    box.setInformativeText(details_html)
    restore = box.addButton(_("Restaurar"), QMessageBox.ButtonRole.DestructiveRole)
    restore.setObjectName("restore")
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.exec()
    return box.clickedButton() is restore


class BackupController(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.automatic = AutomaticBackups(window)
        self.take_action: QAction | None = None
        self.restore_action: QAction | None = None
        self.last_backup: backup.BackupInfo | None = None  # the last one taken by hand
        self.last_restore: backup.RestoreResult | None = None

    # the menu ----------------------------------------------------------------------------
    def add_actions(self, menu: QMenu) -> None:
        """Archivo → Copia de seguridad… and Restaurar…, disabled (saying why) for an
        account that may not, and for a server's database."""
        self.take_action = self.window._action(menu, _("Copia de seguridad…"), self.take_backup)
        self.restore_action = self.window._action(menu, _("Restaurar…"), self.restore_backup)
        for action, check in ((self.take_action, backup.check_may_take),
                              (self.restore_action, backup.check_may_restore)):  # fmt: skip
            reason = self._refusal(check)
            if reason is not None:
                action.setEnabled(False)
                action.setToolTip(reason)
        ctx = self.window.ctx
        if ctx is not None and getattr(ctx.db, "read_only", False):
            self.restore_action.setEnabled(False)
            self.restore_action.setToolTip(
                _("La base de datos está abierta solo para lectura: no se puede reemplazar.")
            )

    def _refusal(self, check: Callable[[Any, str], None]) -> str | None:
        """Why the account may not (the service's own words), or None."""
        ctx = self.window.ctx
        assert ctx is not None
        try:
            database_path(ctx.db.location)
            ctx.read(lambda s: check(s, ctx.actor))
        except Exception as exc:
            message = explain(exc)
            if message is None:
                raise
            return message
        return None

    def refresh(self) -> None:
        self.automatic.refresh()

    def on_close(self) -> None:
        self.automatic.on_close()

    # a backup by hand ------------------------------------------------------------------
    def proposed_path(self, now: dt.datetime | None = None) -> Path:
        """The backup's own name (the fair, the date, the time) in the folder used last
        time for a backup, else Documents."""
        ctx = self.window.ctx
        assert ctx is not None
        names = ctx.read(lambda s: tuple(s.scalars(select(Fair.name).order_by(Fair.id))))
        local = (now or dt.datetime.now(dt.UTC)).astimezone()
        name = mf.file_name(mf.Contents(fairs=names), local)
        return start_folder(self.window.prefs, PREFS_FOLDER) / name

    def take_backup(self) -> None:
        """Archivo → Copia de seguridad…: asks where, then takes it with a progress bar."""
        window, ctx = self.window, self.window.ctx
        assert ctx is not None
        refused = self._refusal(backup.check_may_take)
        if refused is not None:
            QMessageBox.warning(window, _("Copia de seguridad"), refused)
            return
        chosen, _filter = QFileDialog.getSaveFileName(
            window, _("Guardar la copia de seguridad"), str(self.proposed_path()),
            _("Copias de seguridad de Agroferia ({pattern})", pattern=BACKUP_FILES),
        )  # fmt: skip
        if not chosen:
            return
        dest = with_suffix(chosen, mf.SUFFIX)
        window.prefs.set_last_folder(PREFS_FOLDER, dest.parent)
        location = ctx.db.location
        run_task(
            window, _("Haciendo la copia de seguridad…"),
            lambda progress: backup.take(location, dest,
                                         progress=staged(progress, TAKE_STAGES)),
            self._taken,
        )  # fmt: skip

    def _taken(self, info: backup.BackupInfo) -> None:
        self.last_backup = info
        self.automatic.refresh()
        box = QMessageBox(QMessageBox.Icon.Information, _("Copia de seguridad"),
                          _("La copia de seguridad está guardada y revisada."),
                          QMessageBox.StandardButton.Ok, self.window)  # fmt: skip
        box.setInformativeText(
            "<p>{where}</p>{contents}".format(
                where=escape(_("Archivo: {path}", path=info.path)),
                contents=contents_html(info),
            )
        )
        box.exec()

    # restoring -----------------------------------------------------------------------
    def restore_backup(self, file: str | Path | None = None) -> None:
        """Archivo → Restaurar…: which backup, what it holds, a confirmation (Cancelar by
        default), then the restore and signing in to the restored database."""
        window, ctx = self.window, self.window.ctx
        assert ctx is not None
        refused = self._refusal(backup.check_may_restore)
        if refused is not None:
            QMessageBox.warning(window, _("Restaurar copia de seguridad"), refused)
            return
        if self.automatic.running:
            QMessageBox.information(window, _("Restaurar copia de seguridad"),
                                    _("Se está guardando una copia de seguridad automática; "
                                      "intente de nuevo en un momento."))  # fmt: skip
            return
        if file is None:
            file, _filter = QFileDialog.getOpenFileName(
                window, _("Restaurar copia de seguridad"), str(backup.backups_folder()),
                _("Copias de seguridad de Agroferia ({pattern})", pattern=BACKUP_FILES),
            )  # fmt: skip
            if not file:
                return
        try:
            info = backup.inspect(file)
        except Exception as exc:
            show_error(window, exc)
            return
        if not self.confirm(info) or not window._may_leave():
            return
        self._restore(info)

    def confirm(self, info: backup.BackupInfo) -> bool:
        ctx = self.window.ctx
        assert ctx is not None
        warning = _("Todo lo que hay ahora en {path} se reemplaza por lo que tiene la copia. "
                    "Antes se guarda una copia de los datos actuales en {folder}, para "
                    "volver a ellos si hiciera falta.", path=masked(ctx.db.location),
                    folder=backup.backups_folder())  # fmt: skip
        return ask_restore(
            self.window,
            QMessageBox.Icon.Warning,
            _("¿Reemplazar los datos actuales por los de esta copia?"),
            "{contents}<p style='color:#b3261e'>{warning}</p><p>{after}</p>".format(
                contents=contents_html(info),
                warning=escape(warning),
                after=escape(_("Después habrá que iniciar sesión de nuevo.")),
            ),
        )

    def _restore(self, info: backup.BackupInfo) -> None:
        """The window lets go of the database, which is replaced on a worker thread."""
        window, ctx = self.window, self.window.ctx
        assert ctx is not None
        target, actor, key, db = Path(ctx.db.location), ctx.actor, window.current_key(), ctx.db
        self._hold(True)
        window.idle.stop()
        window._drop_pages()

        def work(progress: Progress) -> tuple[backup.RestoreResult, Database]:
            with db.Session() as session:  # closed, and its engine disposed of, by restore
                result = backup.restore(info.path, target, actor=actor, session=session,
                                        progress=staged(progress, RESTORE_STAGES))  # fmt: skip
            return result, open_database(target, create=False)

        def failed(exc: BaseException) -> None:
            self._hold(False)
            window._rebuild(key)
            window._arm_lock()
            show_error(window, exc)

        run_task(window, _("Restaurando la copia de seguridad…"), work, self._restored, failed)

    def _hold(self, holding: bool) -> None:
        """Nothing in the window touches the database while it is being replaced (the
        progress dialog appears only after half a second)."""
        self.automatic.paused = holding
        self.window.centralWidget().setEnabled(not holding)
        self.window.menuBar().setEnabled(not holding)

    def _restored(self, outcome: tuple[backup.RestoreResult, Database]) -> None:
        result, db = outcome
        self.last_restore = result
        self._hold(False)
        window = self.window
        QMessageBox.information(window, _("Copia restaurada"), restored_text(result))
        user = signin.start(window, db, window.prefs)
        if user is None:  # nobody signed in to the restored data: the window closes
            db.close()
            QMessageBox.information(window, _("Copia restaurada"),
                                    _("Nadie inició sesión en los datos restaurados: la "
                                      "ventana se cierra. Ábrala de nuevo para seguir."))  # fmt: skip
            window.close()
            return
        window._use(db, user)
