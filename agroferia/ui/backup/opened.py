"""A backup the app was opened with (``agroferia FILE.agroferia``: a double-click on a
backup, through the file association of the Windows installer or the Linux desktop entry).

The app starts as usual on its own database (signing in first when it has accounts); once
the main window shows, Archivo → Restaurar…'s own flow runs with that file already chosen:
what the backup holds, the question (*Cancelar* by default), and only then the restore.
Declining leaves the window on the data it opened.

When another window (or program) already has that database open, the restore could not
happen anyway: that is said before anything opens (``opened_elsewhere``), and the app ends."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox

from agroferia.core import backup
from agroferia.i18n import _

if TYPE_CHECKING:
    from agroferia.ui.main_window import MainWindow


def offer_opened_backup(window: MainWindow, path: Path) -> None:
    """Offers, as soon as the window's event loop runs, to restore ``path`` over the data
    in use.  The automatic backup of start-up waits for the answer."""
    automatic = window.backups.automatic
    automatic.first.stop()

    def offer() -> None:
        try:
            restore_opened_backup(window, path)
        finally:
            if window.isVisible():
                automatic.first.start()

    QTimer.singleShot(0, window, offer)


def restore_opened_backup(window: MainWindow, path: Path) -> None:
    """Archivo → Restaurar… with ``path`` chosen (refused as the menu command is: for an
    account that may not restore, a server's database, a database opened read-only)."""
    ctx = window.ctx
    if ctx is None:  # nobody is using the window (it was locked and left): nothing to offer
        return
    if getattr(ctx.db, "read_only", False):
        QMessageBox.warning(
            window,
            _("Restaurar copia de seguridad"),
            _("La base de datos está abierta solo para lectura: no se puede reemplazar."),
        )
        return
    window.backups.restore_backup(path)


def opened_elsewhere(location: str, path: Path) -> bool:
    """Whether the database at ``location`` is already open in another window or program;
    if so, says where to restore ``path`` instead (before signing in, which would be in
    vain: a database in use cannot be replaced)."""
    if not backup.in_use(location):
        return False
    box = QMessageBox(
        QMessageBox.Icon.Information,
        _("Restaurar copia de seguridad"),
        _("Agroferia ya está abierta con esta base de datos. Para restaurar la copia "
          "{name}, use Archivo → Restaurar… en esa ventana, o ciérrela y vuelva a abrir la "
          "copia.", name=path.name),
        QMessageBox.StandardButton.Ok,
    )  # fmt: skip
    box.button(QMessageBox.StandardButton.Ok).setText(_("Aceptar"))
    box.exec()
    return True
