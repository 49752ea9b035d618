"""Opening and creating databases from the window, off the GUI thread (an upgrade of an old
database, or building the demo, can take a moment)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from agroferia.config import is_url
from agroferia.core import demo, fairs
from agroferia.core.db import Database, open_database
from agroferia.core.errors import DamagedDatabaseError
from agroferia.core.network.urls import masked
from agroferia.i18n import _
from agroferia.ui.backup.damaged import offer_restore
from agroferia.ui.context import desktop_actor
from agroferia.ui.errors import show_error
from agroferia.ui.tasks import Progress, Task, run_task
from agroferia.ui.widgets import run_dialog

Use = Callable[[Database], None]


def create_with_fair(location: str, fair: dict[str, Any], actor: str) -> Database:
    """A new database holding the person's fair, which becomes the active one."""
    db = open_database(location)
    try:
        with db.Session.begin() as session:
            created = fairs.create_fair(session, actor, **fair)
            fairs.set_default_fair(session, actor, created.id)
    except BaseException:
        db.close()
        raise
    return db


def create_demo(location: str, *, network: bool = False) -> Database:
    """A new database with the demo fair; ``network``: with the two other fairs of its
    network (``core.demo_network``)."""
    db = open_database(location)
    try:
        with db.Session.begin() as session:
            if network:
                from agroferia.core import demo_network

                demo_network.build(session)
            else:
                demo.build(session)
    except BaseException:
        db.close()
        raise
    return db


def open_existing(
    parent: QWidget, location: str, use: Use, forget: Callable[[str], None]
) -> Task | None:
    """Opens ``location`` off the GUI thread, then ``use``s it; a file that has gone is
    reported and ``forget``-ten (taken off the recent list)."""
    if not is_url(location) and not Path(location).is_file():
        QMessageBox.warning(
            parent,
            _("Abrir base de datos"),
            _("El archivo {path} ya no existe; se quita de la lista de recientes.", path=location),
        )
        forget(location)
        return None

    def work(_progress: Progress) -> Database:
        return open_database(location, create=False, read_only=None)

    def failed(exc: BaseException) -> None:
        if not isinstance(exc, DamagedDatabaseError):
            show_error(parent, exc, _("No se puede abrir la base de datos"))
            return
        restored = offer_restore(parent, exc, leave=_("Cancelar"))  # the latest good backup
        if restored is not None:
            use(restored)

    return run_task(parent, _("Abriendo {path}…", path=masked(location)), work, use, failed)


def create_new(parent: QWidget, use: Use) -> Task | None:
    """Asks where, then the fair's details, then creates it."""
    from agroferia.ui.fairs.fair_dialog import FairDialog

    path, _filter = QFileDialog.getSaveFileName(
        parent,
        _("Nueva base de datos"),
        "feria.db",
        _("Bases de datos de Agroferia (*.db)"),
    )
    if not path:
        return None
    if not path.endswith(".db"):
        path += ".db"
    if Path(path).exists():
        QMessageBox.warning(
            parent,
            _("Nueva base de datos"),
            _("{path} ya existe. Para usarla, elija Archivo → Abrir base de datos.", path=path),
        )
        return None
    dialog = FairDialog(None, parent=parent)
    if not run_dialog(dialog):
        return None
    values = dialog.values()
    actor = desktop_actor()
    return run_task(
        parent,
        _("Creando {path}…", path=path),
        lambda _progress: create_with_fair(path, values, actor),
        use,
    )
