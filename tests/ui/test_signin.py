"""Signing in: the first administrator of a database without accounts, the sign-in dialog
(wrong passwords, the wait after five), a password that must be changed, changing user,
signing out."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QMessageBox

from agroferia.core import accounts
from agroferia.core.accounts import Right
from agroferia.ui import signin
from agroferia.ui.context import Account
from agroferia.ui.main_window import MainWindow
from agroferia.ui.prefs import Prefs
from agroferia.ui.signin import FirstAdminDialog, NewPasswordDialog, SignInDialog
from tests.accounts import PASSWORD
from tests.ui.conftest import answer_dialog, when_modal

NEW = "otra clave bien larga"


def show(qtbot, dialog):
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def type_in(qtbot, field, text: str) -> None:
    field.clear()
    qtbot.keyClicks(field, text)


def sign_in_as(username: str, password: str = PASSWORD):
    def act(dialog: SignInDialog) -> None:
        dialog.username.setText(username)
        dialog.password.setText(password)
        dialog.enter.click()

    return act


# ----------------------------------------------------------------- first administrator


def test_the_first_administrator_with_field_errors_then_created_and_signed_in(qtbot, db):
    dialog = show(qtbot, FirstAdminDialog(db))
    type_in(qtbot, dialog.display_name, "Rosa Quispe")
    type_in(qtbot, dialog.username, "rosa quispe")
    type_in(qtbot, dialog.password, "corta")
    type_in(qtbot, dialog.repeated, "corta")
    qtbot.keyClick(dialog.repeated, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert dialog.messages.text("username") == "una sola palabra, sin espacios"
    assert "10" in dialog.messages.text("password")
    type_in(qtbot, dialog.username, "rosa")
    type_in(qtbot, dialog.password, "una clave larga")
    type_in(qtbot, dialog.repeated, "una clave distinta")
    dialog.create_button.click()
    assert dialog.messages.text("repeated") == "no coincide con la contraseña"
    assert dialog.messages.text("username") == "" and dialog.messages.text("password") == ""
    with db.Session() as s:
        assert not accounts.has_accounts(s)
    type_in(qtbot, dialog.repeated, "una clave larga")
    dialog.create_button.click()
    assert dialog.result() == FirstAdminDialog.DialogCode.Accepted
    assert dialog.account.username == "rosa" and dialog.account.role == "admin"
    assert dialog.password.text() == "" and dialog.repeated.text() == ""
    with db.Session() as s:
        rosa = accounts.find(s, "rosa")
        assert rosa.display_name == "Rosa Quispe" and rosa.role == "admin"
        assert accounts.rights_of(s, "rosa") == frozenset(Right)


def test_the_field_errors_are_translated(qtbot, db):
    from agroferia import i18n

    i18n.set_language("en")
    dialog = show(qtbot, FirstAdminDialog(db))
    assert dialog.windowTitle() == "First administrator account"
    dialog.create_button.click()
    assert dialog.messages.text("display_name") == "is required"


def test_cancelling_the_first_administrator_does_not_open_the_database(qtbot, db, prefs):
    when_modal(FirstAdminDialog, lambda d: d.reject())
    seen = answer_dialog(qtbot, QMessageBox.StandardButton.Ok)
    assert signin.start(None, db, prefs) is None
    assert seen["title"] == "Base de datos sin abrir" and "administrador" in seen["text"]


# ----------------------------------------------------------------- signing in


def test_signing_in_remembers_the_username_never_the_password(qtbot, protected, prefs):
    dialog = show(qtbot, SignInDialog(protected, prefs))
    assert dialog.username.text() == ""
    type_in(qtbot, dialog.username, "Tesorero")
    type_in(qtbot, dialog.password, PASSWORD)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.result() == SignInDialog.DialogCode.Accepted
    assert dialog.account.username == "tesorero"
    assert dialog.account.display_name == "Teresa Mamani"
    assert not dialog.must_change and dialog.take_password() == ""
    prefs.sync()
    stored = prefs.path.read_text()
    assert "tesorero" in stored and PASSWORD not in stored
    again = show(qtbot, SignInDialog(protected, Prefs(prefs.path)))
    assert again.username.text() == "tesorero" and again.focusWidget() is again.password


def test_a_wrong_password_says_so_and_stays(qtbot, protected, prefs):
    dialog = show(qtbot, SignInDialog(protected, prefs))
    type_in(qtbot, dialog.username, "tesorero")
    type_in(qtbot, dialog.password, "no es esta")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.account is None
    assert dialog.message.text() == "Usuario o contraseña incorrectos."
    assert dialog.password.text() == ""  # typed again, from the start
    type_in(qtbot, dialog.username, "nadie")
    type_in(qtbot, dialog.password, PASSWORD)
    dialog.enter.click()
    assert dialog.isVisible() and dialog.message.text() == "Usuario o contraseña incorrectos."


def test_five_wrong_passwords_make_the_button_wait(qtbot, protected, prefs):
    dialog = show(qtbot, SignInDialog(protected, prefs))
    type_in(qtbot, dialog.username, "tesorero")
    for _try in range(accounts.FREE_TRIES):
        assert dialog.enter.isEnabled()
        type_in(qtbot, dialog.password, "no es esta")
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert not dialog.enter.isEnabled()
    assert dialog.message.text().startswith("Demasiadas contraseñas incorrectas seguidas.")
    assert "Espere 0:30" in dialog.message.text() or "Espere 0:29" in dialog.message.text()
    type_in(qtbot, dialog.password, PASSWORD)  # even the right one waits
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.account is None
    with protected.Session() as s:
        assert accounts.find(s, "tesorero").failed_logins == accounts.FREE_TRIES
    # the countdown runs; at its end the button comes back
    dialog._deadline -= 29
    qtbot.waitUntil(lambda: dialog.seconds_left() == 0 and dialog.enter.isEnabled(), timeout=3000)
    assert dialog.message.text() == "Ya puede volver a intentarlo."


def assert_new_password_kept(db) -> None:
    """The treasurer's new password is hers now, and no longer has to be changed."""
    with db.Session() as s:
        teresa = accounts.find(s, "tesorero")
        assert not teresa.must_change_password
        assert accounts.verify_password(NEW, teresa.password_hash)


def test_an_account_that_must_change_its_password_does_so_first(qtbot, protected, prefs):
    with protected.Session.begin() as s:
        teresa = accounts.find(s, "tesorero")
        accounts.reset_password(s, "admin", teresa.id, "clave temporal 1")
    when_modal(SignInDialog, sign_in_as("tesorero", "clave temporal 1"))

    def change(dialog: NewPasswordDialog) -> None:
        dialog.password.setText("clave temporal 1")
        dialog.repeated.setText("clave temporal 1")
        dialog.accept()
        seen["same"] = dialog.messages.text("password")
        dialog.password.setText(NEW)
        dialog.repeated.setText(NEW + "x")
        dialog.accept()
        seen["repeated"] = dialog.messages.text("repeated")
        dialog.repeated.setText(NEW)
        dialog.accept()

    seen: dict = {}
    when_modal(NewPasswordDialog, change)
    account = signin.sign_in(None, protected, prefs)
    assert account is not None and account.username == "tesorero"
    assert seen == {"same": "debe ser distinta de la actual",
                    "repeated": "no coincide con la contraseña"}  # fmt: skip
    assert_new_password_kept(protected)


def test_cancelling_the_new_password_signs_in_again(qtbot, protected, prefs):
    with protected.Session.begin() as s:
        accounts.reset_password(s, "admin", accounts.find(s, "tesorero").id, "clave temporal 1")
    when_modal(SignInDialog, sign_in_as("tesorero", "clave temporal 1"))
    when_modal(NewPasswordDialog, lambda d: d.reject())
    again = when_modal(SignInDialog, lambda d: QTimer.singleShot(50, d.reject))
    assert signin.sign_in(None, protected, prefs) is None
    assert again  # the sign-in came back before the person gave up


def test_a_name_and_password_given_at_start_enter_without_the_dialog(qtbot, protected, prefs):
    opened = when_modal(SignInDialog, lambda d: d.reject())
    account = signin.start(None, protected, prefs, username=" Tesorero ", password=PASSWORD)
    assert account is not None and account.username == "tesorero"
    assert not opened
    assert prefs.last_username() == "tesorero"


def test_a_wrong_password_given_at_start_is_counted_and_the_dialog_says_so(qtbot, protected, prefs):
    seen: dict = {}

    def look(dialog: SignInDialog) -> None:
        seen.update(name=dialog.username.text(), said=dialog.message.text(),
                    shown=dialog.message.isVisible(), focus=dialog.focusWidget())  # fmt: skip
        with protected.Session() as s:
            seen["failed"] = accounts.find(s, "tesorero").failed_logins
        dialog.password.setText(PASSWORD)
        dialog.enter.click()

    when_modal(SignInDialog, look)
    account = signin.start(None, protected, prefs, username="tesorero", password="no es esta")
    assert account is not None and account.username == "tesorero"
    assert seen.pop("focus") is not None
    assert seen == {"name": "tesorero", "said": "Usuario o contraseña incorrectos.",
                    "shown": True, "failed": 1}  # fmt: skip


def test_an_account_that_must_wait_is_told_how_long_when_given_at_start(qtbot, protected, prefs):
    for _try in range(accounts.FREE_TRIES):
        with protected.Session.begin() as s:
            accounts.authenticate(s, "tesorero", "no es esta")
    seen: dict = {}

    def look(dialog: SignInDialog) -> None:
        seen.update(name=dialog.username.text(), said=dialog.message.text(),
                    enter=dialog.enter.isEnabled())  # fmt: skip
        dialog.reject()

    when_modal(SignInDialog, look)
    # even the right password waits, and is not counted as a wrong one
    assert signin.start(None, protected, prefs, username="tesorero", password=PASSWORD) is None
    assert seen["name"] == "tesorero" and seen["enter"] is False
    assert seen["said"].startswith("Demasiadas contraseñas incorrectas seguidas. Espere 0:")
    with protected.Session() as s:
        assert accounts.find(s, "tesorero").failed_logins == accounts.FREE_TRIES


def test_a_password_that_must_be_changed_given_at_start_goes_to_the_new_one(
    qtbot, protected, prefs
):
    with protected.Session.begin() as s:
        accounts.reset_password(s, "admin", accounts.find(s, "tesorero").id, "clave temporal 1")
    asked = when_modal(SignInDialog, lambda d: d.reject())

    def change(dialog: NewPasswordDialog) -> None:
        dialog.password.setText(NEW)
        dialog.repeated.setText(NEW)
        dialog.accept()

    changed = when_modal(NewPasswordDialog, change)
    account = signin.start(None, protected, prefs, username="tesorero", password="clave temporal 1")
    assert account is not None and account.username == "tesorero"
    assert changed and not asked  # the given password was not asked for again
    assert prefs.last_username() == "tesorero"
    assert_new_password_kept(protected)


def test_cancelling_the_new_password_given_at_start_asks_to_sign_in(qtbot, protected, prefs):
    with protected.Session.begin() as s:
        accounts.reset_password(s, "admin", accounts.find(s, "tesorero").id, "clave temporal 1")
    when_modal(NewPasswordDialog, lambda d: d.reject())
    seen: dict = {}

    def look(dialog: SignInDialog) -> None:
        seen.update(name=dialog.username.text(), said=dialog.message.text())
        QTimer.singleShot(50, dialog.reject)

    when_modal(SignInDialog, look)
    assert (
        signin.start(None, protected, prefs, username="tesorero", password="clave temporal 1")
        is None
    )
    assert seen == {"name": "tesorero", "said": ""}  # asked again, no refusal to explain


def test_a_name_given_for_a_database_without_accounts_is_offered_for_its_administrator(
    qtbot, db, prefs
):
    seen: dict = {}

    def create(dialog: FirstAdminDialog) -> None:
        seen["name"] = dialog.username.text()
        dialog.display_name.setText("Rosa Quispe")
        dialog.password.setText(PASSWORD)
        dialog.repeated.setText(PASSWORD)
        dialog.create_button.click()

    when_modal(FirstAdminDialog, create)
    account = signin.start(None, db, prefs, username=" Rosa ", password=PASSWORD)
    assert seen == {"name": "rosa"}
    assert account is not None and account.username == "rosa"


# ----------------------------------------------------------------- the window


@pytest.fixture
def window(qtbot, protected, prefs):
    with protected.Session() as s:
        admin = Account.of(accounts.find(s, "admin"))
    main = MainWindow(protected, prefs, admin)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    return main


def test_the_window_names_the_account_and_changes_user(qtbot, window):
    assert window.windowTitle().endswith("— Administración (Administrador)")
    assert window.user_label.text() == "Sesión: Administración (Administrador)"
    assert window.ctx.actor == "admin" and window.ctx.may(Right.ADMIN)
    window.show_page("sales")
    old_sales = window.pages["sales"]
    assert "no puede" not in old_sales.day.reopen_button.toolTip()
    when_modal(SignInDialog, sign_in_as("tesorero"))
    window.switch_action.trigger()
    assert window.ctx.user.username == "tesorero" and window.ctx.actor == "tesorero"
    assert window.windowTitle().endswith("— Teresa Mamani (Tesorero)")
    assert window.user_label.text() == "Sesión: Teresa Mamani (Tesorero)"
    assert window.current_key() == "sales" and window.pages["sales"] is not old_sales
    sales = window.pages["sales"]
    assert "Tesorero" in sales.day.reopen_button.toolTip()
    assert not window.ctx.may(Right.ADMIN)


def test_cancelling_a_change_of_user_keeps_the_account(qtbot, window):
    when_modal(SignInDialog, lambda d: d.reject())
    window.switch_user()
    assert window.ctx.user.username == "admin"


def test_changing_user_asks_about_unsaved_changes_first(qtbot, window, monkeypatch):
    page = window.show_page("panel")
    monkeypatch.setattr(page, "has_unsaved_changes", lambda: True)
    seen = answer_dialog(qtbot, QMessageBox.StandardButton.Cancel)
    window.switch_user()
    assert seen["title"] == "Cambios sin guardar"
    assert window.ctx.user.username == "admin"  # stayed, no sign-in asked


def test_signing_out_asks_for_the_next_account_and_cancelling_quits(qtbot, window):
    when_modal(SignInDialog, sign_in_as("tesorero"))
    window.log_out_action.trigger()
    assert window.isVisible() and window.ctx.user.username == "tesorero"
    when_modal(SignInDialog, lambda d: d.reject())
    window.log_out()
    assert not window.isVisible()


# ----------------------------------------------------------------- the demo's accounts


def test_the_demo_built_by_the_window_has_its_accounts_shown_to_sign_in(qtbot, tmp_path, prefs):
    from agroferia.ui import databases
    from agroferia.ui.welcome import WelcomeDialog

    welcome = show(qtbot, WelcomeDialog(str(tmp_path / "nueva.db")))
    assert "demo-tesorero" in welcome.demo_accounts.text()
    assert "Tesorero" in welcome.demo_accounts.text()
    db = databases.create_demo(str(tmp_path / "demo.db"))
    try:
        with db.Session() as s:
            assert {u.username for u in accounts.users(s)} == {
                "admin", "organizador", "tesorero", "consulta",
            }  # fmt: skip
        dialog = show(qtbot, SignInDialog(db, prefs))
        assert "demo-consulta" in dialog.demo_accounts.text()
        type_in(qtbot, dialog.username, "consulta")
        type_in(qtbot, dialog.password, "demo-consulta")
        dialog.enter.click()
        assert dialog.account.role == "viewer"
    finally:
        db.close()


def test_a_database_of_ones_own_shows_no_demo_accounts(qtbot, protected, prefs):
    dialog = show(qtbot, SignInDialog(protected, prefs))
    assert not hasattr(dialog, "demo_accounts")
