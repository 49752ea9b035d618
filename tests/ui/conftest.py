"""GUI fixtures: a context over the test's database, a demo database, the main window."""

from __future__ import annotations

import datetime as dt

import pytest

from agroferia.core import demo
from agroferia.ui.context import AppContext
from agroferia.ui.prefs import Prefs

TODAY = dt.date(2026, 11, 24)


@pytest.fixture
def prefs() -> Prefs:
    return Prefs()


@pytest.fixture
def ctx(db, prefs, qapp) -> AppContext:
    return AppContext(db, prefs, actor="prueba")


@pytest.fixture
def demo_db(db):
    """The test's database filled with the demo fair (84 vendors, a year of fair days)."""
    with db.Session.begin() as s:
        demo.build(s, seed=3, until=TODAY)
    return db


@pytest.fixture
def demo_ctx(demo_db, prefs, qapp) -> AppContext:
    return AppContext(demo_db, prefs, actor="prueba")


def answer_dialog(qtbot, button, *, text_contains: str | None = None, fill=None) -> dict:
    """Arranges for the next modal dialog (a QMessageBox, say) to be answered by clicking
    its standard ``button``, after ``fill(dialog)`` if given; returns a dict that records the
    dialog's title and text once answered."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

    seen: dict = {}

    def press() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, press)
            return
        seen["title"] = dialog.windowTitle()
        if isinstance(dialog, QMessageBox):
            seen["text"] = dialog.text() + "\n" + dialog.informativeText()
            target = dialog.button(button)
        else:
            box = dialog.findChild(QDialogButtonBox)
            seen["text"] = ""
            target = box.button(button) if box else None
        if fill is not None:
            fill(dialog)
        if text_contains is not None:
            assert text_contains in seen["text"], seen["text"]
        assert target is not None, f"no {button} in {seen['title']}"
        target.click()

    QTimer.singleShot(0, press)
    return seen
