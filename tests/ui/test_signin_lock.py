"""The lock after a while without use: the window is covered, asks the same account's
password, and what was typed in the sheet is still there, unsaved, after unlocking."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

from agroferia.core import accounts, settings
from agroferia.ui.context import Account
from agroferia.ui.main_window import MainWindow
from agroferia.ui.sales.sheet_model import SALES_COL
from agroferia.ui.signin import SignInDialog
from tests.accounts import PASSWORD, add_account
from tests.ui.conftest import answer_dialog, when_modal
from tests.ui.test_sales_page import add_day, day_sales, start_typing
from tests.ui.test_signin import sign_in_as


@pytest.fixture
def window(qtbot, demo_db, prefs):
    with demo_db.Session.begin() as s:
        add_account(s, "admin", "admin")
        teresa = Account.of(add_account(s, "tesorero", "treasurer", "Teresa Mamani"))
    main = MainWindow(demo_db, prefs, teresa)
    qtbot.addWidget(main)
    main.resize(1200, 760)
    main.show()
    qtbot.waitExposed(main)
    main.activateWindow()
    assert QTest.qWaitForWindowActive(main)
    return main


def typed_sheet(qtbot, window):
    """The sales page on a new day, two amounts typed and not saved."""
    day_id = add_day(window.ctx)
    sales = window.go_to("sales")
    sales.day.reload_days(choose=day_id)
    keys = start_typing(qtbot, sales)
    keys.enter("25")
    keys.enter("40.50")
    model = sales.day.model
    assert sales.has_unsaved_changes()
    return sales, day_id, [model.data(model.index(r, SALES_COL)) for r in (0, 1)]


def test_the_lock_time_is_the_setting_in_minutes(qtbot, window):
    assert window.idle.timer.isActive()
    assert window.idle.milliseconds == 15 * 60_000
    with window.ctx.db.Session.begin() as s:
        settings.update(s, "admin", {settings.IDLE_LOCK_KEY: 3})
    window._on_changed("settings")
    assert window.idle.milliseconds == 3 * 60_000


def test_idle_lock_keeps_what_was_typed_and_unlocks_with_the_password(qtbot, window):
    sales, day_id, typed = typed_sheet(qtbot, window)
    window.idle_lock_ms = 150
    window._arm_lock()
    qtbot.waitUntil(lambda: window.locked, timeout=3000)
    dialog = window.lock_dialog
    assert window.cover.isVisible() and window.cover.geometry() == window.rect()
    assert dialog.isVisible() and dialog.windowTitle() == "Sesión bloqueada"
    assert dialog.username.text() == "tesorero" and dialog.username.isReadOnly()
    assert not window.idle.timer.isActive()  # locked: nothing more to count
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # a locked window stays locked
    assert window.locked and dialog.isVisible()
    qtbot.keyClicks(dialog.password, "no es esta")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert window.locked and dialog.message.text() == "Usuario o contraseña incorrectos."
    qtbot.keyClicks(dialog.password, PASSWORD)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert not window.locked and not window.cover.isVisible()
    assert window.ctx.user.username == "tesorero"
    assert window.pages["sales"] is sales  # not rebuilt: the typing is all there
    model = sales.day.model
    assert [model.data(model.index(r, SALES_COL)) for r in (0, 1)] == typed
    assert sales.has_unsaved_changes() and day_sales(window.ctx, day_id) == 0
    assert window.idle.timer.isActive()  # counting again
    window.idle.stop()
    assert sales.save()
    assert day_sales(window.ctx, day_id) == 2


def test_any_use_starts_the_count_again(qtbot, window):
    window.idle_lock_ms = 60_000
    window._arm_lock()
    timer, restarts = window.idle.timer, []
    start = timer.start
    timer.start = lambda *args: (restarts.append(args), start(*args))
    qtbot.keyClick(window.nav, Qt.Key.Key_Down)
    assert restarts  # a key starts the count again
    restarts.clear()
    window.idle.eventFilter(window, QEvent(QEvent.Type.Paint))
    assert not restarts and not window.locked  # painting is no use
    del timer.start
    window.idle_lock_ms = 150
    window._arm_lock()
    qtbot.waitUntil(lambda: window.locked, timeout=3000)  # and without any, it locks


def test_changing_user_from_the_lock_leaves_the_unsaved_work(qtbot, window):
    sales, day_id, _typed = typed_sheet(qtbot, window)
    window.lock()
    seen = answer_dialog(qtbot, QMessageBox.StandardButton.Yes)
    when_modal(SignInDialog, sign_in_as("admin"), which=lambda d: d.locked is None)
    window.lock_dialog.switch.click()
    qtbot.waitUntil(lambda: window.ctx.user.username == "admin", timeout=3000)
    assert "sesión bloqueada" in seen["text"]  # only leaving them, never saving them
    assert not window.locked and not window.cover.isVisible()
    assert window.pages["sales"] is not sales
    assert day_sales(window.ctx, day_id) == 0
    with window.ctx.db.Session() as s:
        assert accounts.find(s, "admin").last_sign_in is not None


@pytest.fixture
def organizer_window(qtbot, demo_db, prefs):
    with demo_db.Session.begin() as s:
        add_account(s, "consulta", "viewer", "Vera Consulta")
        olga = Account.of(add_account(s, "organiza", "organizer", "Olga Organiza"))
    main = MainWindow(demo_db, prefs, olga)
    qtbot.addWidget(main)
    main.resize(1200, 760)
    main.show()
    qtbot.waitExposed(main)
    main.idle.stop()
    return main


def test_the_lock_covers_a_vendor_form_left_open_and_another_account_never_sees_it(
    qtbot, organizer_window
):
    """An organizer leaves a vendor's form open: the lock covers it too (what was typed in
    it stays); a viewer who then signs in from the lock gets the window without it, and
    the form's page is gone without an error."""
    window = organizer_window
    page = window.go_to("vendors")
    page.table.selectRow(0)
    seen: dict = {}

    def inside() -> None:
        form = QApplication.activeModalWidget()
        seen["form"] = type(form).__name__
        window.lock()
        covers = [c for c in form.findChildren(QLabel, "lock_cover") if c.isVisible()]
        seen["covered"] = bool(covers) and covers[0].geometry().contains(form.rect())
        seen["still open"] = form.isVisible()
        when_modal(SignInDialog, sign_in_as("consulta"), which=lambda d: d.locked is None)
        window.lock_dialog.switch.click()

    QTimer.singleShot(100, inside)
    page.edit_vendor()  # the form, until the lock cancels it
    qtbot.waitUntil(lambda: window.ctx.user.username == "consulta", timeout=5000)
    assert seen == {"form": "VendorDialog", "covered": True, "still open": True}
    assert QApplication.activeModalWidget() is None
    assert not window.cover.isVisible() and "vendors" not in window.pages
    assert not [w for w in QApplication.topLevelWidgets()
                if w.isVisible() and w.objectName() == "vendor_form"]  # fmt: skip
