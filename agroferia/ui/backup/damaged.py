"""A database that cannot be opened because it is damaged, empty or not a database at all
(at start-up, or from Archivo → Abrir): a dialog says which, and offers restoring the
latest good backup of it (what it holds shown), another backup, or leaving.

Before restoring, a confirmation says the damaged file is kept aside unchanged (an empty
one holds nothing and is simply replaced); where the damaged file still holds accounts
that can be read, an administrator's username and password are asked.  The restore runs
behind a progress bar, and the restored database is opened; whoever uses it then signs in
as usual.  A restore that fails says why and changes nothing: the dialog comes back."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from agroferia.core import backup
from agroferia.core.backup import describe
from agroferia.core.db import Database, open_database
from agroferia.core.errors import DamagedDatabaseError
from agroferia.i18n import _
from agroferia.ui.backup.admin_password import AdminPasswordDialog
from agroferia.ui.backup.controller import BACKUP_FILES, RESTORE_STAGES, ask_restore, staged
from agroferia.ui.backup.texts import contents_html, restored_text
from agroferia.ui.context import desktop_actor
from agroferia.ui.errors import show_error
from agroferia.ui.tasks import Progress, run_blocking
from agroferia.ui.widgets import ERROR_STYLE, fit_height, heading, note, run_dialog, subheading

LATEST, OTHER = 2, 3  # what the dialog returns besides Rejected (leaving)


def latest_backup(path: str | Path) -> backup.BackupInfo | None:
    """The latest good automatic backup of the database at ``path``, if any."""
    try:
        return backup.last_good(path)
    except Exception:  # an offer only: a folder that cannot be read offers none
        return None


class DamagedDialog(QDialog):
    """Which fault, and what can be done: ``LATEST`` (restore ``latest``), ``OTHER``
    (choose a backup) or Rejected (``leave``: Salir at start-up, Cancelar otherwise)."""

    def __init__(
        self,
        error: DamagedDatabaseError,
        latest: backup.BackupInfo | None,
        leave: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("damaged_database")
        self.setWindowTitle(_("No se puede abrir la base de datos"))
        layout = QVBoxLayout(self)
        layout.addWidget(heading(_("No se puede abrir la base de datos")))
        self.fault = QLabel(_("{fault} No se ha modificado.", fault=error.fault))
        self.fault.setObjectName("fault")
        self.fault.setWordWrap(True)
        self.fault.setStyleSheet(ERROR_STYLE)
        self.fault.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.fault)
        layout.addSpacing(8)
        if latest is not None:
            layout.addWidget(subheading(_("Su última copia de seguridad buena")))
            contents = QLabel(contents_html(latest))
            contents.setObjectName("contents")
            layout.addWidget(contents)
            layout.addWidget(note(_("Archivo: {path}", path=latest.path)))
        else:
            layout.addWidget(note(_("No se encontró ninguna copia de seguridad de esta base "
                                    "de datos en {folder}. Si tiene una en otro lugar (una "
                                    "memoria USB, otra carpeta), elíjala.",
                                    folder=backup.backups_folder())))  # fmt: skip
        layout.addSpacing(8)
        buttons = QDialogButtonBox()
        self.latest_button: QPushButton | None = None
        if latest is not None:
            self.latest_button = self._button(
                buttons, "restore_latest", LATEST,
                _("Restaurar la última copia ({date})…", date=describe.when(latest)))  # fmt: skip
        other = self._button(buttons, "choose_other", OTHER, _("Elegir otra copia…"))
        leaving = buttons.addButton(leave, QDialogButtonBox.ButtonRole.RejectRole)
        leaving.setObjectName("leave")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        (self.latest_button or other).setDefault(True)
        (self.latest_button or other).setFocus()
        self.resize(max(560, self.sizeHint().width()), self.sizeHint().height())
        fit_height(self)

    def _button(self, box: QDialogButtonBox, name: str, code: int, text: str) -> QPushButton:
        button = box.addButton(text, QDialogButtonBox.ButtonRole.ActionRole)
        button.setObjectName(name)
        button.setAutoDefault(False)
        button.clicked.connect(lambda: self.done(code))
        return button


def choose_backup(parent: QWidget | None, near: Path) -> backup.BackupInfo | None:
    """A backup chosen, starting in the automatic backups' folder (or, with none yet, the
    folder ``near``), and read; None when the person cancels or the file is no good backup
    (which is said)."""
    folder = backup.backups_folder()
    file, _filter = QFileDialog.getOpenFileName(
        parent, _("Elegir una copia de seguridad"), str(folder if folder.is_dir() else near),
        _("Copias de seguridad de Agroferia ({pattern})", pattern=BACKUP_FILES),
    )  # fmt: skip
    if not file:
        return None
    try:
        return backup.inspect(file)
    except Exception as exc:
        show_error(parent, exc)
        return None


def confirm(parent: QWidget | None, error: DamagedDatabaseError, info: backup.BackupInfo) -> bool:
    """What the backup holds, and what becomes of the damaged file; Cancelar by default."""
    name = Path(error.path).name
    if error.kind == DamagedDatabaseError.EMPTY:
        kept = _("El archivo vacío {name} se reemplaza por la copia: no contiene ningún dato.",
                 name=name)  # fmt: skip
    else:
        kept = _("El archivo dañado no se borra ni se cambia: se guarda aparte, tal como "
                 "está, en la misma carpeta, con el nombre «{name}.dañada-» seguido de la "
                 "fecha y la hora.", name=name)  # fmt: skip
    return ask_restore(parent, QMessageBox.Icon.Question,
                       _("¿Restaurar esta copia en {path}?", path=error.path),
                       f"{contents_html(info)}<p>{escape(kept)}</p>")  # fmt: skip


def who_restores(parent: QWidget | None, path: str | Path) -> tuple[str, str | None] | None:
    """The administrator (and password) a damaged file with readable accounts asks for, or
    the computer's user where there are none to check; None when the person cancels."""
    if not backup.asks_for_password(path):
        return desktop_actor(), None
    dialog = AdminPasswordDialog(path, parent)
    if not run_dialog(dialog):
        return None
    return dialog.username, dialog.take_password()


def offer_restore(
    parent: QWidget | None, error: DamagedDatabaseError, *, leave: str
) -> Database | None:
    """The dialog (see the module) until a backup is restored over ``error.path`` — the
    restored database, opened — or the person leaves (None, nothing written)."""
    target = Path(error.path)
    while True:
        latest = latest_backup(target)
        dialog = DamagedDialog(error, latest, leave, parent)
        choice = dialog.exec()
        dialog.deleteLater()
        if choice == LATEST:
            info = latest
        elif choice == OTHER:
            info = choose_backup(parent, target.parent)
        else:
            return None
        if info is None or not confirm(parent, error, info):
            continue
        who = who_restores(parent, target)
        if who is None:
            continue
        try:
            result, db = run_blocking(parent, _("Restaurando la copia de seguridad…"),
                                      _restoring(info, target, *who))  # fmt: skip
        except Exception as exc:
            show_error(parent, exc)
            continue
        QMessageBox.information(parent, _("Copia restaurada"), restored_text(result))
        return db


def _restoring(
    info: backup.BackupInfo, target: Path, actor: str, password: str | None
) -> Callable[[Progress], tuple[backup.RestoreResult, Database]]:
    def work(progress: Progress) -> tuple[backup.RestoreResult, Database]:
        result = backup.restore(info.path, target, actor=actor, password=password,
                                progress=staged(progress, RESTORE_STAGES))  # fmt: skip
        return result, open_database(target, create=False, read_only=None)

    return work
