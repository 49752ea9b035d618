"""A backup opened with the app (``agroferia FILE.agroferia``, a double-click on it): the app
opens its usual database, signs in, shows the window and then asks, with Archivo →
Restaurar…'s own question, whether to replace the data by that backup's, saying what it
holds; declining leaves the data as it was."""

from __future__ import annotations

import shutil
import time

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import select

from agroferia.core import backup, fairs
from agroferia.core.models import AuditLog
from agroferia.ui.backup.opened import offer_opened_backup
from agroferia.ui.main_window import MainWindow
from tests.accounts import PASSWORD, add_account
from tests.backups import count
from tests.ui.conftest import fill_first_admin
from tests.ui.test_backups import answer_in_turn, open_window

# backups of SQLite files
pytestmark = pytest.mark.sqlite_only

OTHER_FAIR = "Bioferia de Surquillo"


@pytest.fixture
def other_backup(db, tmp_path) -> backup.BackupInfo:
    """A backup of other data than the demo's: one fair of its own, no sales."""
    with db.Session.begin() as s:
        fairs.create_fair(s, "prueba", name=OTHER_FAIR)
    return backup.take(db.location, tmp_path / "surquillo.agroferia")


def close_when(done, seen: dict, limit: float = 30.0) -> None:
    """Once ``done()`` and the main window shows: what it has open, and it is closed (after
    ``limit`` seconds in any case, for a test that fails not to hang)."""
    deadline = time.monotonic() + limit

    def look() -> None:
        windows = [w for w in QApplication.topLevelWidgets()
                   if isinstance(w, MainWindow) and w.isVisible()]  # fmt: skip
        waiting = not done() or QApplication.activeModalWidget() is not None
        if not windows or (waiting and time.monotonic() < deadline):
            QTimer.singleShot(20, look)
            return
        window = windows[0]
        seen.update(user=window.ctx.user.username, location=window.ctx.db.location,
                    restored=window.backups.last_restore)  # fmt: skip
        window.close()

    QTimer.singleShot(0, look)


def test_started_with_a_backup_it_signs_in_then_offers_it_and_declining_keeps_the_data(
    qtbot, demo_db, other_backup, started
):
    with demo_db.Session.begin() as s:
        add_account(s, "admin", "admin")
    demo_db.engine.dispose()  # the window about to open is the only one to have it open
    sales = count(demo_db.location, "sale")

    def sign_in(dialog) -> None:
        dialog.username.setText("admin")
        dialog.password.setText(PASSWORD)

    steps = answer_in_turn(qtbot, [("enter", sign_in), QMessageBox.StandardButton.Cancel])
    window: dict = {}
    close_when(lambda: len(steps) == 2, window)
    assert started(["--db", demo_db.location, "--lang", "es", str(other_backup.path)]) == 0
    signed_in, question = steps
    assert signed_in["title"] != "Restaurar copia de seguridad"  # signing in comes first
    assert question["title"] == "Restaurar copia de seguridad"
    assert "¿Reemplazar los datos actuales por los de esta copia?" in question["text"]
    assert OTHER_FAIR in question["text"] and "0 por S/ 0.00" in question["text"]
    assert demo_db.location in question["text"]  # what would be replaced
    box = question["dialog"]
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
    assert window == {"user": "admin", "location": demo_db.location, "restored": None}
    assert count(demo_db.location, "sale") == sales == 7753  # nothing replaced
    with demo_db.Session() as s:
        assert fairs.find_fair(s, OTHER_FAIR) is None
    assert [b for b in backup.list_backups() if b.reason == backup.BEFORE_RESTORE] == []


def test_a_database_open_in_another_window_is_said_at_once_and_nothing_opens(
    qtbot, demo_db, other_backup, started
):
    with demo_db.Session.begin() as s:
        add_account(s, "admin", "admin")
    sales = count(demo_db.location, "sale")
    steps = answer_in_turn(qtbot, [QMessageBox.StandardButton.Ok])
    with demo_db.Session() as s:
        s.execute(select(AuditLog.id)).all()  # an open connection, as another window keeps
        began = time.monotonic()
        assert started(["--db", demo_db.location, str(other_backup.path)]) == 0
        assert time.monotonic() - began < 10
    [said] = steps  # no sign-in before it, nothing after
    assert said["title"] == "Restaurar copia de seguridad"
    assert said["text"].strip() == (
        "Agroferia ya está abierta con esta base de datos. Para restaurar la copia "
        "surquillo.agroferia, use Archivo → Restaurar… en esa ventana, o ciérrela y vuelva a "
        "abrir la copia."
    )
    assert not [w for w in QApplication.topLevelWidgets()
                if isinstance(w, MainWindow) and w.isVisible()]  # fmt: skip
    assert count(demo_db.location, "sale") == sales == 7753
    assert [b for b in backup.list_backups() if b.reason == backup.BEFORE_RESTORE] == []


def test_accepting_restores_it_with_the_menus_flow(qtbot, demo_db, prefs, other_backup):
    window = open_window(qtbot, demo_db, prefs)  # a database without accounts

    steps = answer_in_turn(qtbot, ["restore", QMessageBox.StandardButton.Ok,
                                   ("create", fill_first_admin)])  # fmt: skip
    window.backups.automatic.first.start()
    offer_opened_backup(window, other_backup.path)
    assert not window.backups.automatic.first.isActive()  # the start-up backup waits
    qtbot.waitUntil(lambda: window.ctx.user is not None, timeout=20_000)
    assert OTHER_FAIR in steps[0]["text"]
    assert window.backups.last_restore.backup.path == other_backup.path
    assert count(demo_db.location, "sale") == 0
    with window.ctx.db.Session() as s:
        assert fairs.find_fair(s, OTHER_FAIR) is not None
    assert window.backups.automatic.first.isActive()  # and runs after the answer


def test_a_database_opened_read_only_is_not_offered_for_replacing(
    qtbot, demo_template, tmp_path, prefs, other_backup
):
    from agroferia.core.db import open_database
    from tests.ui.conftest import answer_dialog

    path = tmp_path / "feria.db"
    shutil.copyfile(demo_template, path)
    db = open_database(path, read_only=True)
    try:
        window = open_window(qtbot, db, prefs)
        seen = answer_dialog(qtbot, QMessageBox.StandardButton.Ok)
        offer_opened_backup(window, other_backup.path)
        qtbot.waitUntil(lambda: "title" in seen, timeout=10_000)
        assert seen["title"] == "Restaurar copia de seguridad"
        assert "abierta solo para lectura: no se puede reemplazar" in seen["text"]
        assert window.backups.last_restore is None
        window.close()
    finally:
        db.close()
    assert count(path, "sale") == 7753
