"""The window shown until the full pages arrive: real widgets, offscreen."""

from __future__ import annotations

import datetime as dt

from agroferia import i18n
from agroferia.core import demo
from agroferia.ui.app import MainWindow, summary_html


def test_window_shows_what_the_database_holds(qtbot, db):
    with db.Session.begin() as s:
        demo.build(s, seed=3, until=dt.date.today())
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    text = window.summary.text()
    assert "Agroferia Campesina de Magdalena" in text
    assert "Expositores: 84 (activos: 84)" in text
    assert "Jornadas realizadas: 52" in text
    assert "S/ " in text
    assert db.location in window.statusBar().currentMessage()


def test_empty_database_summary_in_english(db):
    i18n.set_language("en")
    html = summary_html(db, today=dt.date(2026, 11, 24))
    assert "Vendors: 0 (active: 0)" in html
    assert "Fair days held: 0" in html
    assert "Last twelve months (25/11/2025 to 24/11/2026)" in html
