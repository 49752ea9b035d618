"""GUI fixtures: a context over the test's database, a demo database, the main window."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QLocale, QTimer
from PySide6.QtWidgets import QApplication

from agroferia import cli, i18n
from agroferia.ui.context import AppContext
from agroferia.ui.prefs import Prefs
from tests.accounts import add_account
from tests.backups import data_folder  # noqa: F401 (autouse: the window's automatic backups)
from tests.conftest import DEMO_UNTIL

TODAY = DEMO_UNTIL


_DISCARD_TIMER: list = []


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item):
    """After each test pytest-qt closes its widgets; a form left with changes would then ask
    what to do with them and wait forever. From the end of the test, answer "Discard"."""
    yield
    if "qtbot" not in getattr(item, "fixturenames", ()):
        return
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    def discard() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.button(QMessageBox.StandardButton.Discard):
            box.button(QMessageBox.StandardButton.Discard).click()

    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(discard)
    timer.start()
    _DISCARD_TIMER.append(timer)


def pytest_sessionfinish(session, exitstatus) -> None:
    while _DISCARD_TIMER:
        _DISCARD_TIMER.pop().stop()


@pytest.fixture(autouse=True)
def _stop_discarding():
    """The answering of the previous test's teardown stops when the next test starts."""
    while _DISCARD_TIMER:
        _DISCARD_TIMER.pop().stop()
    yield


@pytest.fixture
def prefs() -> Prefs:
    return Prefs()


@pytest.fixture
def ctx(db, prefs, qapp) -> AppContext:
    return AppContext(db, prefs, actor="prueba")


@pytest.fixture
def demo_ctx(demo_db, prefs, qapp) -> AppContext:
    return AppContext(demo_db, prefs, actor="prueba")


def answer_dialog(qtbot, button, *, text_contains: str | None = None, fill=None) -> dict:
    """Arranges for the next modal dialog (a QMessageBox, say) to be answered by clicking
    its standard ``button`` (or, given a string, the button of that object name or text),
    after ``fill(dialog)`` if given; returns a dict that records the dialog's title and text
    once answered."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QAbstractButton, QApplication, QDialogButtonBox, QMessageBox

    seen: dict = {}

    def find(dialog):
        if isinstance(button, str):
            return next(
                (b for b in dialog.findChildren(QAbstractButton)
                 if button in (b.objectName(), b.text())),
                None,
            )  # fmt: skip
        if isinstance(dialog, QMessageBox):
            return dialog.button(button)
        box = dialog.findChild(QDialogButtonBox)
        return box.button(button) if box else None

    def press() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, press)
            return
        seen["title"] = dialog.windowTitle()
        seen["text"] = (
            dialog.text() + "\n" + dialog.informativeText()
            if isinstance(dialog, QMessageBox)
            else ""
        )
        if fill is not None:
            fill(dialog)
        if text_contains is not None:
            assert text_contains in seen["text"], seen["text"]
        target = find(dialog)
        assert target is not None, f"no {button} in {seen['title']}"
        target.click()

    QTimer.singleShot(0, press)
    return seen


@pytest.fixture
def started(monkeypatch):
    """The app as the command line starts it (``cli.main``), its Spanish Qt removed after."""
    from agroferia.ui import app as ui_app

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run() installs its own
    locale = QLocale()
    yield cli.main
    ui_app.apply_language("en")
    QLocale.setDefault(locale)
    i18n.set_language("es")


def when_main_window(act) -> None:
    """Calls ``act(window)`` once a main window shows (started by ``cli.main``, say)."""
    from agroferia.ui.main_window import MainWindow

    def look() -> None:
        windows = [w for w in QApplication.topLevelWidgets()
                   if isinstance(w, MainWindow) and w.isVisible()]  # fmt: skip
        if not windows:
            QTimer.singleShot(20, look)
            return
        act(windows[0])

    QTimer.singleShot(0, look)


def fill_first_admin(dialog) -> None:
    """The first administrator's dialog filled in: Rosa Quispe, ``rosa``."""
    from tests.accounts import PASSWORD

    dialog.display_name.setText("Rosa Quispe")
    dialog.username.setText("rosa")
    dialog.password.setText(PASSWORD)
    dialog.repeated.setText(PASSWORD)


_TESTS_ENDED = [0]


@pytest.fixture(autouse=True)
def _watchers_end_with_their_test():
    """A ``when_modal`` waiting for a dialog that never came stops with its test, so that
    it cannot answer the next test's dialog."""
    yield
    _TESTS_ENDED[0] += 1


def when_modal(kind, act, which=lambda _dialog: True) -> list:
    """Calls ``act(dialog)`` on the next modal dialog of ``kind`` (for which ``which`` is
    true) once it shows, during this test; returns a list that holds the dialog afterwards."""
    seen: list = []
    test = _TESTS_ENDED[0]

    def look() -> None:
        if _TESTS_ENDED[0] != test:
            return
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, kind) or not dialog.isVisible() or not which(dialog):
            QTimer.singleShot(20, look)
            return
        seen.append(dialog)
        act(dialog)

    QTimer.singleShot(0, look)
    return seen


PASSWORD_VAR = "AGROFERIA_PASSWORD"


@pytest.fixture
def protected(db):
    """The test's database with an administrator and a treasurer."""
    with db.Session.begin() as s:
        add_account(s, "admin", "admin")
        add_account(s, "tesorero", "treasurer", "Teresa Mamani")
    return db
