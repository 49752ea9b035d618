"""A database that is damaged, empty or not a database, at start-up or from Abrir reciente:
the window says which fault, offers the latest good backup (or another one), asks an
administrator's password where the damaged file still holds accounts, restores it behind a
progress bar and opens the restored data; leaving, or a wrong password, writes nothing."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
)

from agroferia import i18n
from agroferia.core import backup
from agroferia.ui import app as ui_app
from tests.backups import count, demo_with_accounts, files
from tests.ui.conftest import when_main_window
from tests.ui.test_backups import answer_in_turn, open_window

# damaged SQLite files
pytestmark = pytest.mark.sqlite_only

REPO = Path(__file__).resolve().parents[2]
ADMIN, ADMIN_PASSWORD = "admin", "demo-admin"
CANCEL = QDialogButtonBox.StandardButton.Cancel


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory) -> Path:
    return demo_with_accounts(tmp_path_factory.mktemp("demo"))


@pytest.fixture
def feria(demo_template, tmp_path) -> Path:
    path = tmp_path / "feria" / "agroferia.db"
    path.parent.mkdir()
    shutil.copyfile(demo_template, path)
    return path


def damage(path: Path) -> bytes:
    """Pages near the end overwritten, as a bad sector does; its accounts still readable."""
    with path.open("r+b") as fh:
        fh.seek(path.stat().st_size - 4096 * 30)
        fh.write(b"\xff" * 8192)
    return path.read_bytes()


def untouched(path: Path, before: bytes) -> bool:
    """The file as it was, and nothing beside it: nothing set aside, no side file."""
    return path.read_bytes() == before and files(path.parent) == [path.name]


def backed_up(path: Path) -> backup.BackupInfo:
    """An automatic backup of the database, as the window takes when it closes."""
    info = backup.automatic(path, reason=backup.CLOSE).backup
    assert files(path.parent) == [path.name]  # its reading left nothing beside it
    return info


def set_aside(path: Path) -> Path:
    """The damaged file, kept aside beside it (its side files, if any, beside it too)."""
    (aside,) = [p for p in path.parent.glob(f"{path.name}.dañada-*")
                if not p.name.endswith(("-wal", "-shm"))]  # fmt: skip
    return aside


def admin(password: str = ADMIN_PASSWORD, seen: dict | None = None):
    def fill(dialog) -> None:
        if seen is not None:
            seen.update(echo=dialog.password_field.echoMode(), said=dialog.message.isVisible())
        dialog.user_field.setText(ADMIN)
        dialog.password_field.setText(password)

    return fill


def sign_in(dialog) -> None:
    dialog.username.setText(ADMIN)
    dialog.password.setText(ADMIN_PASSWORD)


def close_the_window(seen: dict) -> None:
    """Once the main window shows: what it has open, and it is closed (run() returns)."""

    def act(window) -> None:
        seen.update(location=window.ctx.db.location, user=window.ctx.user.username,
                    page=window.current_key())  # fmt: skip
        window.close()

    when_main_window(act)


def the_dialog(step: dict) -> dict:
    """The damaged database dialog's fault and buttons, as it showed them."""
    dialog = step["dialog"]
    buttons = {b.objectName(): b.text() for b in dialog.findChild(QDialogButtonBox).buttons()}
    return {"fault": dialog.findChild(QLabel, "fault").text(), "buttons": buttons}


@pytest.fixture
def run_app(monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run() installs its own

    def run(path: Path) -> int:
        return ui_app.run(str(path), "es")

    locale = QLocale()
    yield run
    ui_app.apply_language("en")  # Qt's own Spanish strings (run() installs them) removed
    QLocale.setDefault(locale)
    i18n.set_language("es")


def test_start_up_on_a_damaged_database_restores_its_latest_backup(qtbot, feria, run_app):
    latest = backed_up(feria)
    damaged = damage(feria)
    shown: list[dict] = []
    password: dict = {}
    steps = answer_in_turn(qtbot, [
        ("restore_latest", lambda d: shown.append(the_dialog({"dialog": d}))),
        "restore", ("restore", admin(seen=password)), QMessageBox.StandardButton.Ok,
        ("enter", sign_in),
    ])  # fmt: skip
    window: dict = {}
    close_the_window(window)
    assert run_app(feria) == 0
    (dialog,) = shown
    assert "está dañada: no pasa la revisión de SQLite" in dialog["fault"]
    assert "No se ha modificado." in dialog["fault"] and "agroferia restore" not in dialog["fault"]
    assert dialog["buttons"] == {
        "restore_latest": f"Restaurar la última copia ({latest.created_local:%d/%m/%Y %H:%M})…",
        "choose_other": "Elegir otra copia…",
        "leave": "Salir",
    }
    confirm, asked, done = steps[1], steps[2], steps[3]
    assert "Ventas" in confirm["text"] and f"{latest.contents.sales:,}" in confirm["text"]
    assert "se guarda aparte, tal como está" in confirm["text"]
    assert asked["title"] == "Cuenta de administrador"
    assert password == {"echo": QLineEdit.EchoMode.Password, "said": False}
    aside = set_aside(feria)
    assert aside.read_bytes() == damaged  # kept aside, byte for byte
    assert str(aside) in done["text"]
    assert window == {"location": str(feria), "user": ADMIN, "page": "panel"}
    assert count(feria, "sale") == latest.contents.sales


def test_a_wrong_password_or_leaving_writes_nothing(qtbot, feria, run_app):
    backed_up(feria)
    damaged = damage(feria)
    said: dict = {}

    def wrong_then_cancel(dialog) -> None:
        admin("otra-clave-cualquiera")(dialog)
        dialog.findChild(QPushButton, "restore").click()  # refused: the dialog stays
        said["message"] = dialog.message.text()
        said["still_open"] = dialog.isVisible()
        said["password_kept"] = dialog.password_field.text()

    steps = answer_in_turn(qtbot, ["restore_latest", "restore", (CANCEL, wrong_then_cancel),
                                   "leave"])  # fmt: skip
    assert run_app(feria) == 1
    assert said == {"message": "Usuario o contraseña incorrectos.", "still_open": True,
                    "password_kept": ""}  # fmt: skip
    assert steps[3]["title"] == "No se puede abrir la base de datos"  # back to the choice
    assert untouched(feria, damaged)


def test_without_a_backup_another_one_can_be_chosen(qtbot, feria, run_app, tmp_path,
                                                    monkeypatch):  # fmt: skip
    elsewhere = backup.take(feria, tmp_path / "usb")  # on a USB stick, say
    damaged = damage(feria)
    asked: dict = {}

    def choose(parent, title, start, kinds):
        asked.update(start=start, kinds=kinds)
        return str(elsewhere.path), kinds

    monkeypatch.setattr(QFileDialog, "getOpenFileName", choose)
    shown: list[dict] = []
    answer_in_turn(qtbot, [
        ("choose_other", lambda d: shown.append(the_dialog({"dialog": d}))),
        "restore", ("restore", admin()), QMessageBox.StandardButton.Ok, ("enter", sign_in),
    ])  # fmt: skip
    window: dict = {}
    close_the_window(window)
    assert run_app(feria) == 0
    assert set(shown[0]["buttons"]) == {"choose_other", "leave"}  # no latest to offer
    # no automatic backups' folder yet: the chooser starts beside the damaged file
    assert asked["start"] == str(feria.parent) and "*.agroferia" in asked["kinds"]
    assert window["location"] == str(feria)
    aside = set_aside(feria)
    assert aside.read_bytes() == damaged
    assert count(feria, "sale") == elsewhere.contents.sales


def test_an_empty_file_is_replaced_without_asking_for_a_password(qtbot, feria, run_app):
    latest = backed_up(feria)
    feria.write_bytes(b"")  # 0 bytes: no accounts to check, nothing to keep
    shown: list[dict] = []
    steps = answer_in_turn(qtbot, [
        ("restore_latest", lambda d: shown.append(the_dialog({"dialog": d}))),
        "restore", QMessageBox.StandardButton.Ok, ("enter", sign_in),
    ])  # fmt: skip
    window: dict = {}
    close_the_window(window)
    assert run_app(feria) == 0
    assert "está vacío (0 bytes)" in shown[0]["fault"]
    assert "El archivo vacío agroferia.db se reemplaza" in steps[1]["text"]
    assert [s["title"] for s in steps].count("Cuenta de administrador") == 0
    assert window["user"] == ADMIN and count(feria, "sale") == latest.contents.sales
    assert files(feria.parent) == ["agroferia.db"]


def test_abrir_reciente_of_a_file_that_is_not_a_database_offers_its_backup(
    qtbot, demo_db, prefs, feria
):
    latest = backed_up(feria)
    garbage = b"esto no es una base de datos " * 200
    feria.write_bytes(garbage)
    window = open_window(qtbot, demo_db, prefs)
    prefs.add_recent(str(feria))
    window._fill_recent()
    shown: list[dict] = []
    steps = answer_in_turn(qtbot, [
        ("restore_latest", lambda d: shown.append(the_dialog({"dialog": d}))),
        "restore", QMessageBox.StandardButton.Ok, ("enter", sign_in),
    ])  # fmt: skip
    recent = next(a for a in window.recent_menu.actions() if a.text() == str(feria))
    recent.trigger()
    qtbot.waitUntil(lambda: window.ctx.db.location == str(feria), timeout=20_000)
    assert "no es una base de datos" in shown[0]["fault"]
    assert shown[0]["buttons"]["leave"] == "Cancelar"
    assert [s["title"] for s in steps].count("Cuenta de administrador") == 0
    assert window.ctx.user.username == ADMIN
    aside = set_aside(feria)
    assert aside.read_bytes() == garbage
    assert count(feria, "sale") == latest.contents.sales


def test_cancelling_from_the_menu_keeps_the_database_in_use(qtbot, demo_db, prefs, feria):
    backed_up(feria)
    damaged = damage(feria)
    window = open_window(qtbot, demo_db, prefs)
    steps = answer_in_turn(qtbot, ["leave"])
    window.open_database(str(feria))
    qtbot.waitUntil(lambda: len(steps) == 1, timeout=20_000)
    assert steps[0]["title"] == "No se puede abrir la base de datos"
    assert window.ctx.db.location == demo_db.location
    assert untouched(feria, damaged)


def test_a_restore_that_fails_says_why_and_changes_nothing(qtbot, feria, run_app, tmp_path,
                                                           monkeypatch):  # fmt: skip
    from tests.backups import rewrite

    bad = backup.take(feria, tmp_path / "usb")
    rewrite(bad.path, database=b"no es una base de datos")  # its manifest still reads
    damaged = damage(feria)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a: (str(bad.path), ""))
    steps = answer_in_turn(qtbot, ["choose_other", "restore", ("restore", admin()),
                                   QMessageBox.StandardButton.Ok, "leave"])  # fmt: skip
    assert run_app(feria) == 1
    failed = steps[3]
    assert failed["title"] == "No se pudo completar"
    assert "está dañada o incompleta" in failed["text"] and "Traceback" not in failed["text"]
    assert steps[4]["title"] == "No se puede abrir la base de datos"  # the choice again
    assert untouched(feria, damaged)
