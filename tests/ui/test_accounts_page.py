"""Configuración → Cuentas and the access settings, used as an administrator, a treasurer
and a person changing their own password."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from agroferia.core import accounts, settings
from agroferia.core.models import AuditLog, User
from agroferia.ui.context import AppContext
from agroferia.ui.settings.account_dialogs import (
    ChangePasswordDialog,
    EditAccountDialog,
    NewAccountDialog,
    ResetPasswordDialog,
)
from agroferia.ui.settings.page import SettingsPage
from tests.accounts import PASSWORD, add_account
from tests.ui.conftest import answer_dialog

NEW_PASSWORD = "otra clave bastante larga"


@pytest.fixture
def accounts_db(db):
    with db.Session.begin() as s:
        add_account(s, "tesorero", "treasurer", "Rosa Quispe")
    return db


def context(db, prefs, actor: str) -> AppContext:
    return AppContext(db, prefs, actor=actor)


@pytest.fixture
def admin_page(qtbot, accounts_db, prefs, qapp) -> SettingsPage:
    page = SettingsPage(context(accounts_db, prefs, "admin"))
    qtbot.addWidget(page)
    page.show()
    return page


def account(db, username: str) -> User:
    with db.Session() as s:
        user = accounts.find(s, username)
        s.expunge(user)
        return user


def table_texts(page: SettingsPage) -> list[list[str]]:
    table = page.accounts.table
    return [
        [table.item(r, c).text() for c in range(table.columnCount())]
        for r in range(table.rowCount())
    ]


def choose(page: SettingsPage, username: str) -> None:
    box = page.accounts
    box.select(next(r.id for r in box.rows if r.username == username))


def test_an_administrator_sees_every_account_with_its_role(admin_page):
    rows = table_texts(admin_page)
    assert ["admin", "Administración", "Administrador", "sí", "nunca"] in rows
    assert ["tesorero", "Rosa Quispe", "Tesorero", "sí", "nunca"] in rows
    assert admin_page.accounts.new_button.isEnabled()
    assert not admin_page.accounts.edit_button.isEnabled()  # nothing chosen yet
    choose(admin_page, "tesorero")
    assert admin_page.accounts.edit_button.isEnabled()
    assert admin_page.accounts.active_button.text() == "Desactivar"


def test_new_account_shows_each_refusal_under_its_field_then_creates_it(qtbot, admin_page):
    db = admin_page.ctx.db
    dialog = NewAccountDialog(admin_page.ctx, admin_page)
    qtbot.addWidget(dialog)
    dialog.display_name.setText("Luis Mamani")
    dialog.username.setText("tesorero")  # taken
    dialog.role.setCurrentIndex(dialog.role.findData("organizer"))
    dialog.password.setText("corta")
    dialog.repeated.setText("corta")
    dialog.accept()
    assert dialog.result() == 0
    assert dialog.messages.text("username") == "ya existe"
    assert "al menos 10 caracteres" in dialog.messages.text("password")
    dialog.password.setText("1234567890")
    dialog.repeated.setText("otra cosa")
    dialog.accept()
    assert dialog.messages.text("repeated") == "no coincide con la contraseña"
    dialog.repeated.setText("1234567890")
    dialog.accept()
    assert "más usadas" in dialog.messages.text("password")
    dialog.username.setText("Luis")
    dialog.password.setText(NEW_PASSWORD)
    dialog.repeated.setText(NEW_PASSWORD)
    dialog.accept()
    assert dialog.result() == 1
    user = account(db, "luis")
    assert (user.display_name, user.role, user.active) == ("Luis Mamani", "organizer", True)
    assert accounts.verify_password(NEW_PASSWORD, user.password_hash)
    admin_page.accounts.refresh()
    assert ["luis", "Luis Mamani", "Organizador", "sí", "nunca"] in table_texts(admin_page)


def test_new_account_button_opens_the_dialog_and_the_table_shows_the_account(qtbot, admin_page):
    def fill(dialog):
        dialog.display_name.setText("Ana Flores")
        dialog.username.setText("ana")
        dialog.password.setText(NEW_PASSWORD)
        dialog.repeated.setText(NEW_PASSWORD)

    seen = answer_dialog(qtbot, "Save", fill=fill)
    qtbot.mouseClick(admin_page.accounts.new_button, Qt.MouseButton.LeftButton)
    assert seen["title"] == "Nueva cuenta"
    assert ["ana", "Ana Flores", "Consulta", "sí", "nunca"] in table_texts(admin_page)


def test_edit_changes_name_and_role(qtbot, admin_page):
    user = account(admin_page.ctx.db, "tesorero")
    dialog = EditAccountDialog(admin_page.ctx, user.id, user.display_name, user.role)
    qtbot.addWidget(dialog)
    assert dialog.role.currentData() == "treasurer"
    dialog.display_name.setText("Rosa Quispe Huamán")
    dialog.role.setCurrentIndex(dialog.role.findData("viewer"))
    dialog.accept()
    user = account(admin_page.ctx.db, "tesorero")
    assert (user.display_name, user.role) == ("Rosa Quispe Huamán", "viewer")


def test_deactivate_and_reactivate_never_delete(qtbot, admin_page):
    db = admin_page.ctx.db
    choose(admin_page, "tesorero")
    answer_dialog(qtbot, QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(admin_page.accounts.active_button, Qt.MouseButton.LeftButton)
    assert not account(db, "tesorero").active
    assert ["tesorero", "Rosa Quispe", "Tesorero", "no", "nunca"] in table_texts(admin_page)
    choose(admin_page, "tesorero")
    assert admin_page.accounts.active_button.text() == "Reactivar"
    qtbot.mouseClick(admin_page.accounts.active_button, Qt.MouseButton.LeftButton)
    assert account(db, "tesorero").active


def test_the_last_administrator_cannot_be_deactivated_and_says_why(qtbot, admin_page):
    choose(admin_page, "admin")
    seen: list[dict] = []

    def then_the_refusal(_box) -> None:
        seen.append(answer_dialog(qtbot, QMessageBox.StandardButton.Ok))

    answer_dialog(qtbot, QMessageBox.StandardButton.Yes, fill=then_the_refusal)
    qtbot.mouseClick(admin_page.accounts.active_button, Qt.MouseButton.LeftButton)
    assert "única cuenta de administrador activa" in seen[0]["text"]
    assert account(admin_page.ctx.db, "admin").active


def test_the_last_administrator_keeps_the_role_in_the_edit_dialog(qtbot, admin_page):
    user = account(admin_page.ctx.db, "admin")
    dialog = EditAccountDialog(admin_page.ctx, user.id, user.display_name, user.role)
    qtbot.addWidget(dialog)
    dialog.role.setCurrentIndex(dialog.role.findData("viewer"))
    dialog.accept()
    assert dialog.result() == 0
    assert "única cuenta de administrador activa" in dialog.message.text()
    assert account(admin_page.ctx.db, "admin").role == "admin"


def test_reset_password_makes_the_person_change_it(qtbot, admin_page):
    db = admin_page.ctx.db
    user = account(db, "tesorero")
    dialog = ResetPasswordDialog(admin_page.ctx, user.id, user.display_name)
    qtbot.addWidget(dialog)
    dialog.password.setText(NEW_PASSWORD)
    dialog.repeated.setText(NEW_PASSWORD + "x")
    dialog.accept()
    assert dialog.messages.text("repeated") == "no coincide con la contraseña"
    assert not account(db, "tesorero").must_change_password
    dialog.repeated.setText(NEW_PASSWORD)
    dialog.accept()
    user = account(db, "tesorero")
    assert user.must_change_password
    assert accounts.verify_password(NEW_PASSWORD, user.password_hash)
    with db.Session() as s:
        entry = s.scalars(select(AuditLog).where(AuditLog.action == "reset_password")).one()
        assert entry.actor == "admin" and entry.before is None and entry.after is None


def test_a_treasurer_sees_why_accounts_and_settings_are_closed(qtbot, accounts_db, prefs, qapp):
    page = SettingsPage(context(accounts_db, prefs, "tesorero"))
    qtbot.addWidget(page)
    page.show()
    box = page.accounts
    assert not box.table.isVisible() and box.rows == []
    assert "Solo una cuenta de administrador" in box.state.text()
    assert not box.new_button.isEnabled()
    assert "administrador" in box.new_button.toolTip()
    assert not page.form.isEnabled()
    assert "administrador" in page.form.toolTip()


def test_an_unprotected_database_invites_to_create_the_first_administrator(qtbot, ctx):
    page = SettingsPage(ctx)
    qtbot.addWidget(page)
    assert "todavía no tiene cuentas" in page.accounts.state.text()
    dialog = NewAccountDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.display_name.setText("Luis")
    dialog.username.setText("luis")
    dialog.password.setText(NEW_PASSWORD)
    dialog.repeated.setText(NEW_PASSWORD)
    dialog.role.setCurrentIndex(dialog.role.findData("viewer"))
    dialog.accept()
    assert dialog.messages.text("role") == "la primera cuenta debe ser de administrador"
    dialog.role.setCurrentIndex(dialog.role.findData("admin"))
    dialog.accept()
    assert dialog.result() == 1 and account(ctx.db, "luis").role == "admin"


def test_change_my_password(qtbot, accounts_db, prefs, qapp):
    ctx = context(accounts_db, prefs, "tesorero")
    dialog = ChangePasswordDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.current.setText("no es esta")
    dialog.password.setText(NEW_PASSWORD)
    dialog.repeated.setText(NEW_PASSWORD)
    dialog.accept()
    assert dialog.messages.text("current") == "la contraseña actual no es correcta"
    dialog.current.setText(PASSWORD)
    dialog.password.setText(PASSWORD)
    dialog.repeated.setText(PASSWORD)
    dialog.accept()
    assert dialog.messages.text("password") == "debe ser distinta de la actual"
    dialog.password.setText(NEW_PASSWORD)
    dialog.repeated.setText(NEW_PASSWORD)
    dialog.accept()
    assert dialog.result() == 1
    assert accounts.verify_password(NEW_PASSWORD, account(accounts_db, "tesorero").password_hash)


def test_change_my_password_without_an_account_says_to_sign_in(qtbot, ctx):
    dialog = ChangePasswordDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.current.setText("x")
    dialog.password.setText(NEW_PASSWORD)
    dialog.repeated.setText(NEW_PASSWORD)
    dialog.accept()
    assert dialog.result() == 0
    assert dialog.message.text() == "Inicie sesión para cambiar su contraseña."


def test_idle_lock_and_sign_in_to_read_are_saved_with_the_form(qtbot, admin_page):
    form = admin_page.form
    assert form.idle_lock.value() == 15 and not form.sign_in_to_read.isChecked()
    form.idle_lock.setValue(5)
    form.sign_in_to_read.setChecked(True)
    assert admin_page.has_unsaved_changes()
    qtbot.mouseClick(admin_page.save_button, Qt.MouseButton.LeftButton)
    with admin_page.ctx.db.Session() as s:
        assert settings.idle_lock_minutes(s) == 5
        assert settings.sign_in_to_read(s)
        entry = s.scalars(select(AuditLog).where(AuditLog.entity == "setting")).all()[-1]
        assert json.loads(entry.after) == {"idle_lock_minutes": "5", "sign_in_to_read": "1"}
        assert entry.user_id == accounts.find(s, "admin").id
    assert not admin_page.has_unsaved_changes()
    assert form.idle_lock.value() == 5 and form.sign_in_to_read.isChecked()
