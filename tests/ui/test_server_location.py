"""A database on a PostgreSQL server in the window: the status bar, Configuración and the
sign-in show its URL with the password masked, and a server that cannot be connected to is
explained in a box, without the password, when the app starts and when it opens it."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel, QMessageBox

from agroferia.core import demo
from agroferia.core.db import open_database
from agroferia.ui import app as ui_app
from agroferia.ui.context import AppContext
from agroferia.ui.main_window import MainWindow
from agroferia.ui.settings.page import SettingsPage
from tests import pgserver
from tests.conftest import DEMO_UNTIL
from tests.ui.conftest import answer_dialog

DATABASE = "conexion_ventana"
SECRET = pgserver.PASSWORD


@pytest.fixture(scope="module")
def server_url(pg_server):
    """The demo in a database of the server owned by the role with a password; its URL
    with the password in it."""
    url = pg_server.create_guarded_database(DATABASE)
    db = open_database(url)
    with db.Session.begin() as s:
        demo.build(s, seed=3, until=DEMO_UNTIL, with_accounts=False)
    db.close()
    yield url
    pg_server.drop_database(DATABASE)


@pytest.fixture
def server_db(server_url):
    db = open_database(server_url)
    yield db
    db.close()


def masked(pg_server) -> str:
    return f"postgresql+psycopg://con_clave:***@127.0.0.1:{pg_server.port}/{DATABASE}"


def test_the_status_bar_and_configuracion_show_the_url_masked(qtbot, server_db, prefs, pg_server):
    assert SECRET in server_db.location  # opened with the password in its URL
    ui_app.apply_language("es")
    window = MainWindow(server_db, prefs)
    qtbot.addWidget(window)
    window.show()
    assert window.db_label.text() == f"Base de datos: {masked(pg_server)}"
    window.show_page("settings")
    page = window.pages["settings"]
    assert isinstance(page, SettingsPage)
    assert page.findChild(QLabel, "database_location").text() == masked(pg_server)
    shown = [label.text() for label in window.findChildren(QLabel)]
    assert not [text for text in shown if SECRET in text]
    settled(qtbot, window)


def test_configuracion_alone_shows_it_masked(qtbot, server_db, prefs, pg_server):
    page = SettingsPage(AppContext(server_db, prefs, actor="prueba"))
    qtbot.addWidget(page)
    assert page.computer.database.text() == masked(pg_server)


def test_a_wrong_password_when_the_app_starts_is_explained(qtbot, started, pg_server):
    url = pg_server.url(DATABASE, user=pgserver.PASSWORD_ROLE, password="mala-clave")
    seen = answer_dialog(qtbot, QMessageBox.StandardButton.Ok)
    assert started(["--db", url]) == 1
    assert seen["title"] == "No se puede abrir la base de datos"
    assert seen["text"].startswith(
        f"El servidor 127.0.0.1:{pg_server.port} no aceptó la contraseña del usuario «con_clave»"
    )
    assert "mala-clave" not in seen["text"] + seen["title"]


def test_opening_an_unknown_database_from_the_window_is_explained(
    qtbot, server_db, prefs, pg_server
):
    window = MainWindow(server_db, prefs)
    qtbot.addWidget(window)
    window.show()
    seen = answer_dialog(qtbot, QMessageBox.StandardButton.Ok)
    other = pg_server.url("no_existe", user=pgserver.PASSWORD_ROLE, password=SECRET)
    window.open_database(other)
    qtbot.waitUntil(lambda: "text" in seen, timeout=20_000)
    assert seen["text"].startswith(
        f"El servidor 127.0.0.1:{pg_server.port} no tiene una base de datos llamada «no_existe»"
    )
    assert SECRET not in seen["text"]
    assert window.ctx.db is server_db  # still on the database it had


def test_the_welcome_dialog_names_a_server_without_its_password(qtbot):
    from agroferia.ui.welcome import WelcomeDialog

    dialog = WelcomeDialog("postgresql://feria:mala-clave@servidor/ferias")
    qtbot.addWidget(dialog)
    shown = [label.text() for label in dialog.findChildren(QLabel)]
    assert any("postgresql://feria:***@servidor/ferias" in text for text in shown)
    assert not any("mala-clave" in text for text in shown)


def test_opening_another_file_from_a_server_starts_in_no_folder_named_after_the_url(
    qtbot, server_db, prefs, monkeypatch
):
    from PySide6.QtWidgets import QFileDialog

    asked = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        lambda *args: asked.append(args[2]) or ("", ""))  # fmt: skip
    window = MainWindow(server_db, prefs)
    qtbot.addWidget(window)
    window.choose_database()
    assert asked == [""]
    settled(qtbot, window)


def settled(qtbot, window: MainWindow) -> None:
    """Until the panel has read its figures: the database is closed after the test, and a
    reading cut short would end in a message box over a window being destroyed."""
    panel = window.page("panel")
    qtbot.waitUntil(lambda: panel.busy.isHidden(), timeout=30_000)


def test_configuracion_promises_no_automatic_backups_of_a_server_s_database(
    qtbot, server_db, prefs
):
    from agroferia.ui.backup.settings_box import BackupsBox

    box = BackupsBox(AppContext(server_db, prefs, actor="prueba"))
    qtbot.addWidget(box)
    shown = " ".join(label.text() for label in box.findChildren(QLabel))
    assert "Agroferia no le hace copias automáticas" in shown
    assert "pg_dump" in shown
    assert "Al cerrar la ventana" not in shown  # the promise made for a file
    assert "Segunda carpeta" not in shown and "Últimas copias" not in shown


@pytest.mark.sqlite_only
def test_configuracion_of_a_file_still_describes_its_automatic_backups(qtbot, demo_ctx):
    from agroferia.ui.backup.settings_box import BackupsBox

    box = BackupsBox(demo_ctx)
    qtbot.addWidget(box)
    shown = " ".join(label.text() for label in box.findChildren(QLabel))
    assert "Al cerrar la ventana" in shown and "Segunda carpeta" in shown
    assert "servidor PostgreSQL" not in shown
