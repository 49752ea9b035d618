"""A database in a read-only place: the window says so and offers no change."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel

from agroferia.core.accounts import Right
from agroferia.core.db import open_database
from agroferia.ui import app as ui_app
from agroferia.ui.main_window import MainWindow

# an SQLite file in a read-only place
pytestmark = pytest.mark.sqlite_only


@pytest.fixture
def read_only_db(demo_template, tmp_path):
    path = tmp_path / "feria.db"
    shutil.copyfile(demo_template, path)
    db = open_database(path, read_only=True)
    yield db
    db.close()


def test_the_window_says_read_only_and_disables_every_change(qtbot, read_only_db, prefs):
    path = read_only_db.location
    before = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    ui_app.apply_language("es")
    window = MainWindow(read_only_db, prefs)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    banner = window.read_only_label
    assert banner.isVisible()
    assert banner.text() == "Solo lectura: no se puede cambiar nada"
    assert banner.toolTip().startswith("Solo lectura: la base de datos está en una carpeta")
    assert banner.width() >= banner.sizeHint().width()  # whole, never cut by the status bar
    ctx = window.ctx
    assert ctx is not None and ctx.read_only
    assert not ctx.may(*Right) and ctx.sees(Right.SALES)  # people's pages are still shown
    assert window.may_see("vendors") and window.may_see("sales")
    commands = {a.text(): a for m in window.menuBar().actions() for a in m.menu().actions()}
    for text in ("Nuevo expositor…", "Importar expositores o ventas…", "Nueva jornada…"):
        assert not commands[text].isEnabled()
        assert commands[text].toolTip().startswith("Solo lectura:")
    settings = window.show_page("settings")
    assert not settings.save_button.isEnabled()  # type: ignore[attr-defined]
    sheet = window.show_page("sales").day  # type: ignore[attr-defined]
    assert not sheet.model.writable
    assert sheet.state.text().startswith("Jornada abierta. Solo lectura:")  # not "Escriba…"
    window.show_page("vendors")
    assert window.user_label.text() == "Sin cuentas"
    window.close()
    read_only_db.close()
    assert hashlib.sha256(Path(path).read_bytes()).hexdigest() == before


def test_a_writable_database_shows_no_banner(qtbot, demo_db, prefs):
    window = MainWindow(demo_db, prefs)
    qtbot.addWidget(window)
    window.show()
    assert not window.read_only_label.isVisible()
    assert window.ctx is not None and window.ctx.may(Right.SALES)


def test_starting_on_a_damaged_database_shows_why_and_writes_nothing(qtbot, demo_template,
                                                                     tmp_path, monkeypatch):  # fmt: skip
    import sys

    from tests.core.test_db_faults import corrupt, fingerprint
    from tests.ui.test_backups import answer_in_turn

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run() installs its own
    path = tmp_path / "feria.db"
    shutil.copyfile(demo_template, path)
    corrupt(path)
    before = fingerprint(path)
    shown = answer_in_turn(qtbot, ["leave"])  # no backup of it to restore: Salir
    assert ui_app.run(str(path), "es") == 1
    assert shown[0]["title"] == "No se puede abrir la base de datos"
    fault = shown[0]["dialog"].findChild(QLabel, "fault").text()
    assert "está dañada: no pasa la revisión de SQLite" in fault
    assert fingerprint(path) == before
