"""The window as the command line starts it (``cli.main`` without a command): the password
of ``--user`` taken out of the environment, and work stuck on a worker thread when the
window closes not waited for."""

from __future__ import annotations

import os
import sys
import threading
import time

import pytest
from PySide6.QtCore import QLocale, QRunnable, QThreadPool, QTimer
from PySide6.QtWidgets import QApplication

from agroferia import cli, i18n
from agroferia.ui import app as ui_app
from agroferia.ui.main_window import MainWindow
from tests.accounts import PASSWORD, add_account

PASSWORD_VAR = "AGROFERIA_PASSWORD"


@pytest.fixture
def started(monkeypatch):
    """The app as the command line starts it (``cli.main``), its Spanish Qt removed after."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run() installs its own
    locale = QLocale()
    yield cli.main
    ui_app.apply_language("en")
    QLocale.setDefault(locale)
    i18n.set_language("es")


@pytest.fixture
def protected(db):
    with db.Session.begin() as s:
        add_account(s, "tesorero", "treasurer", "Teresa Mamani")
    return db


def close_window(seen: dict, before=lambda: None) -> None:
    """Once the main window shows: ``before()``, then the window (kept in ``seen``) closes."""

    def look() -> None:
        windows = [w for w in QApplication.topLevelWidgets()
                   if isinstance(w, MainWindow) and w.isVisible()]  # fmt: skip
        if not windows:
            QTimer.singleShot(20, look)
            return
        seen["window"] = windows[0]
        seen["environment"] = os.environ.get(PASSWORD_VAR)
        before()
        windows[0].close()

    QTimer.singleShot(0, look)


def test_the_password_given_in_the_environment_signs_in_and_leaves_it(
    qtbot, protected, started, monkeypatch
):
    monkeypatch.setenv(PASSWORD_VAR, PASSWORD)
    seen: dict = {}
    close_window(seen)
    assert started(["--db", protected.location, "--user", "tesorero"]) == 0
    assert seen["window"].ctx.user.username == "tesorero"
    # what the window starts (the program opening an exported file) does not inherit it
    assert seen["environment"] is None and PASSWORD_VAR not in os.environ


class _Stuck(QRunnable):
    """Work that does not end until released (a query to a server that is gone)."""

    def __init__(self, release: threading.Event) -> None:
        super().__init__()
        self.release = release

    def run(self) -> None:
        self.release.wait(60)


def test_work_stuck_when_the_window_closes_is_not_waited_for(
    qtbot, protected, started, monkeypatch
):
    monkeypatch.setattr(ui_app, "WORKERS_WAIT_MS", 300)
    monkeypatch.setenv(PASSWORD_VAR, PASSWORD)
    ended: list[int] = []
    monkeypatch.setattr(cli.os, "_exit", ended.append)  # the process would end here
    release = threading.Event()
    stuck = _Stuck(release)
    seen: dict = {}
    close_window(seen, lambda: QThreadPool.globalInstance().start(stuck))
    began = time.monotonic()
    try:
        assert started(["--db", protected.location, "--user", "tesorero"]) == 0
        waited = time.monotonic() - began
        assert ended == [0]  # ended at once, with the window's status
        assert waited < 8
        # its database was left open: closing it would have waited for the query too
        assert seen["window"].ctx.db.engine.pool.checkedin() > 0
    finally:
        release.set()
        assert QThreadPool.globalInstance().waitForDone(10_000)


def test_when_the_work_ends_in_time_the_database_is_closed(qtbot, protected, started,
                                                          monkeypatch):  # fmt: skip
    monkeypatch.setenv(PASSWORD_VAR, PASSWORD)
    ended: list[int] = []
    monkeypatch.setattr(cli.os, "_exit", ended.append)
    release = threading.Event()
    seen: dict = {}
    close_window(seen, lambda: QThreadPool.globalInstance().start(_Stuck(release)))
    threading.Timer(0.5, release.set).start()  # it ends well within the wait
    assert started(["--db", protected.location, "--user", "tesorero"]) == 0
    assert ended == []
    assert seen["window"].ctx.db.engine.pool.checkedin() == 0  # closed
