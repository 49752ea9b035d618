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
