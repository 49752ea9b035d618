"""The first run on a PostgreSQL server's database: an empty one gets the welcome dialog, as
a file not made yet does, without its password; one in use opens at once."""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from agroferia.core import demo, fairs, stats
from agroferia.core.db import open_database
from agroferia.ui import app as ui_app
from tests import pgserver
from tests.ui.conftest import answer_dialog

_names = itertools.count(1)


def _refuse_welcome(seen: list) -> None:
    from agroferia.ui.welcome import WelcomeDialog

    dialog = QApplication.activeModalWidget()
    if isinstance(dialog, WelcomeDialog):
        seen.append(dialog)
        dialog.reject()


@pytest.fixture
def database(pg_server):
    name = f"bienvenida_{next(_names)}"
    yield pg_server.create_guarded_database(name)
    pg_server.drop_database(name)


def test_an_empty_server_database_gets_the_welcome_and_the_persons_fair(qtbot, database):
    def fill(dialog) -> None:
        dialog.form.name.setText("Feria de La Punta")
        dialog.form.district.setText("La Punta")

    seen = answer_dialog(qtbot, QDialogButtonBox.StandardButton.Ok, fill=fill)
    db = ui_app.first_database(database)
    try:
        assert seen["title"] == "Bienvenida a Agroferia"
        with db.Session() as s:
            assert fairs.default_fair(s).name == "Feria de La Punta"
            assert not demo.has_data(s) or stats.overview(s).vendors == 0
    finally:
        db.close()


def test_the_welcome_names_the_server_database_without_its_password(qtbot, database):
    from agroferia.ui.welcome import WelcomeDialog

    dialog = WelcomeDialog(database)
    qtbot.addWidget(dialog)
    words = " ".join(label.text() for label in dialog.findChildren(type(dialog.demo_note)))
    assert "del servidor (postgresql+psycopg://con_clave:***@" in words
    assert "está vacía" in words
    assert pgserver.PASSWORD not in words


def test_a_server_database_with_the_schema_but_no_fair_gets_the_demo_if_chosen(qtbot, database):
    open_database(database).close()  # made by a command, never used
    answer_dialog(qtbot, QDialogButtonBox.StandardButton.Ok, fill=lambda d: d.demo.setChecked(True))
    db = ui_app.first_database(database)
    try:
        with db.Session() as s:
            assert stats.overview(s).vendors == 84
    finally:
        db.close()


def test_quitting_the_welcome_leaves_the_server_database_empty(qtbot, database):
    from agroferia.core.db import make_engine
    from agroferia.core.network import server

    answer_dialog(qtbot, QDialogButtonBox.StandardButton.Cancel)
    assert ui_app.first_database(database) is None
    engine = make_engine(database)
    try:
        assert server.is_new(engine)
    finally:
        engine.dispose()


def test_a_server_database_in_use_opens_without_the_welcome(qtbot, database):
    db = open_database(database)
    with db.Session.begin() as s:
        fairs.create_fair(s, "ana", name="Feria de Magdalena", district="Magdalena")
    db.close()
    welcomed = []
    QTimer.singleShot(3000, lambda: _refuse_welcome(welcomed))  # were it shown, it says no
    db = ui_app.first_database(database)
    assert db is not None and welcomed == []
    try:
        with db.Session() as s:
            assert [f.name for f in fairs.list_fairs(s)] == ["Feria de Magdalena"]
    finally:
        db.close()


def test_a_server_database_newer_than_the_program_is_refused_in_plain_words(qtbot, database, prefs):
    from sqlalchemy import text

    from agroferia.core.db import make_engine

    open_database(database).close()
    engine = make_engine(database)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0099_futuro'"))
    seen = answer_dialog(qtbot, QMessageBox.StandardButton.Ok)
    assert ui_app._window(database, prefs, None, None) == 1
    assert seen["title"] == "No se puede abrir la base de datos"
    assert "es de una versión más nueva de Agroferia" in seen["text"]
    assert "actualice este programa" in seen["text"]
    assert pgserver.PASSWORD not in seen["text"]
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == (
            "0099_futuro"
        )
    engine.dispose()
