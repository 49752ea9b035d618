"""Archivo → Abrir base de datos de un servidor…: the dialog makes the URL from the server,
port, database, user and password; the window opens it on a real server, keeps it in the
recent list without its password, and a recent server asks for it again, filled in."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import make_url

from agroferia.core import demo
from agroferia.core.db import open_database
from agroferia.ui.main_window import MainWindow
from agroferia.ui.server_dialog import ServerDialog, without_password
from agroferia.ui.signin import SignInDialog
from tests import pgserver
from tests.conftest import DEMO_UNTIL
from tests.ui.conftest import answer_dialog, when_modal
from tests.ui.test_signin import sign_in_as

DATABASE = "abrir_servidor"
SECRET = pgserver.PASSWORD


@pytest.mark.parametrize(
    ("location", "kept"),
    [
        ("postgresql://feria:clave@servidor:5433/ferias", "postgresql://feria@servidor:5433/ferias"),
        ("postgres://feria@servidor/ferias?password=clave&sslmode=require",
         "postgresql://feria@servidor/ferias?sslmode=require"),
        ("postgresql+psycopg://feria:a%40b@servidor/ferias", "postgresql://feria@servidor/ferias"),
        ("/home/ana/feria.db", "/home/ana/feria.db"),
    ],
)  # fmt: skip
def test_the_recent_list_keeps_a_server_without_its_password(location, kept):
    assert without_password(location) == kept


def test_the_dialog_makes_the_url_and_asks_for_the_server_and_database(qtbot):
    dialog = ServerDialog()
    qtbot.addWidget(dialog)
    assert dialog.port.value() == 5432
    dialog.user.setText("feria")
    dialog.accept()
    assert dialog.message.text() == "Escriba el servidor y el nombre de la base de datos."
    assert dialog.result() != ServerDialog.DialogCode.Accepted
    dialog.host.setText(" servidor.red ")
    dialog.database.setText("ferias")
    dialog.password.setText("una clave@rara")
    url = make_url(dialog.location())
    assert (url.drivername, url.host, url.port, url.database) == (
        "postgresql",
        "servidor.red",
        5432,
        "ferias",
    )
    assert (url.username, url.password) == ("feria", "una clave@rara")


def test_a_known_server_fills_all_but_the_password(qtbot):
    dialog = ServerDialog("postgresql://feria:clave@servidor:5433/ferias")
    qtbot.addWidget(dialog)
    fields = dialog.host, dialog.port.value(), dialog.database, dialog.user, dialog.password
    assert [f if isinstance(f, int) else f.text() for f in fields] == [
        "servidor",
        5433,
        "ferias",
        "feria",
        "",
    ]


@pytest.fixture(scope="module")
def server_url(pg_server):
    """The demo (with its accounts) in a database owned by the role with a password; its URL with the
    password in it."""
    url = pg_server.create_guarded_database(DATABASE)
    db = open_database(url)
    with db.Session.begin() as s:
        demo.build(s, seed=3, until=DEMO_UNTIL)
    db.close()
    yield url
    pg_server.drop_database(DATABASE)


@pytest.fixture
def window(qtbot, server_url, prefs):
    window = MainWindow(open_database(server_url), prefs)
    qtbot.addWidget(window)
    window.show()
    window.idle.stop()
    return window


def filled(dialog: ServerDialog) -> list[str]:
    """What the dialog shows: server, database, user, password."""
    return [f.text() for f in (dialog.host, dialog.database, dialog.user, dialog.password)]


def answer(password: str, shown: list | None = None):
    def act(dialog: ServerDialog) -> None:
        if shown is not None:
            shown.append(filled(dialog))
        dialog.password.setText(password)
        dialog.accept()

    return act


def test_a_server_opened_from_the_window_is_kept_without_its_password(
    qtbot, window, prefs, pg_server
):
    first = window.ctx.db
    shown: list = []
    when_modal(ServerDialog, answer(SECRET, shown))
    when_modal(SignInDialog, sign_in_as("admin", demo.demo_password("admin")))
    window.choose_server()
    qtbot.waitUntil(lambda: window.ctx.db is not first, timeout=20_000)
    # filled from the one open, but for its password
    assert shown == [["127.0.0.1", DATABASE, pgserver.PASSWORD_ROLE, ""]]
    assert window.ctx.db.location.endswith(f"@127.0.0.1:{pg_server.port}/{DATABASE}")
    plain = f"postgresql://con_clave@127.0.0.1:{pg_server.port}/{DATABASE}"
    assert prefs.recent()[0] == plain
    assert not [r for r in prefs.recent() if SECRET in r]
    window._fill_recent()
    assert window.recent_menu.actions()[0].text() == plain

    again: list = []
    when_modal(ServerDialog, lambda dialog: again.append(filled(dialog)) or dialog.reject())
    window.recent_menu.actions()[0].trigger()  # a server: asked for again, filled in
    qtbot.waitUntil(lambda: bool(again), timeout=10_000)
    assert again == shown


def test_a_wrong_password_in_the_dialog_is_explained_and_nothing_changes(qtbot, window, pg_server):
    first = window.ctx.db
    when_modal(ServerDialog, answer("mala-clave"))
    seen = answer_dialog(qtbot, QMessageBox.StandardButton.Ok)
    window.choose_server()
    qtbot.waitUntil(lambda: "text" in seen, timeout=20_000)
    assert seen["title"] == "No se puede abrir la base de datos"
    assert seen["text"].startswith(
        f"El servidor 127.0.0.1:{pg_server.port} no aceptó la contraseña del usuario «con_clave»"
    )
    assert "mala-clave" not in seen["text"]
    assert window.ctx.db is first
