"""Configuración → Cuentas: who may sign in and with which role.  Only an administrator
manages them (the core checks it again); anyone else sees why the section is closed.
Accounts are never deleted, only deactivated: the audit trail names them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from agroferia.core import accounts
from agroferia.core.errors import AgroferiaError
from agroferia.i18n import _
from agroferia.reports.common import local_time
from agroferia.ui.context import SETTINGS, AppContext
from agroferia.ui.errors import show_error
from agroferia.ui.settings.account_dialogs import (
    EditAccountDialog,
    NewAccountDialog,
    ResetPasswordDialog,
    open_dialog,
)
from agroferia.ui.widgets import confirm, note


@dataclass(frozen=True)
class AccountRow:
    id: int
    username: str
    display_name: str
    role: str
    active: bool
    last_sign_in: dt.datetime | None


@dataclass(frozen=True)
class AccountsView:
    may_manage: bool  # the acting account is an administrator (or the database unprotected)
    protected: bool  # the database has accounts
    rows: list[AccountRow]


def load(session: Session, actor: str) -> AccountsView:
    may = accounts.Right.ADMIN in accounts.rights_of(session, actor)
    rows = [
        AccountRow(u.id, u.username, u.display_name, u.role, u.active, u.last_sign_in)
        for u in accounts.users(session)
    ] if may else []  # fmt: skip
    return AccountsView(may, accounts.has_accounts(session), rows)


def _when(value: dt.datetime | None) -> str:
    return local_time(value).strftime("%d/%m/%Y %H:%M") if value else _("nunca")


class AccountsBox(QGroupBox):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(_("Cuentas"), parent)
        self.setObjectName("accounts")
        self.ctx = ctx
        self.rows: list[AccountRow] = []
        self.state = note("")
        self.state.setObjectName("accounts_state")
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("accounts_table")
        self.table.setHorizontalHeaderLabels(
            [_("Usuario"), _("Nombre"), _("Rol"), _("Activa"), _("Último ingreso")]
        )
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(160)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(lambda _index: self.edit())
        self.new_button = QPushButton(_("Nueva cuenta…"))
        self.new_button.setObjectName("new_account")
        self.new_button.clicked.connect(self.new)
        self.edit_button = QPushButton(_("Editar…"))
        self.edit_button.setObjectName("edit_account")
        self.edit_button.setToolTip(_("Cambiar el nombre o el rol de la cuenta elegida"))
        self.edit_button.clicked.connect(self.edit)
        self.active_button = QPushButton(_("Desactivar"))
        self.active_button.setObjectName("toggle_account")
        self.active_button.clicked.connect(self.toggle_active)
        self.reset_button = QPushButton(_("Restablecer contraseña…"))
        self.reset_button.setObjectName("reset_password")
        self.reset_button.clicked.connect(self.reset)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        for button in (self.new_button, self.edit_button, self.active_button, self.reset_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        column = QVBoxLayout(self)
        column.addWidget(self.state)
        column.addWidget(self.table)
        column.addLayout(buttons)
        self.may_manage = False
        self.refresh()

    # showing -------------------------------------------------------------------------
    def refresh(self) -> None:
        chosen = self.selected()
        view = self.ctx.read(lambda s: load(s, self.ctx.actor))
        self.may_manage = view.may_manage
        self.rows = view.rows
        if not view.may_manage:
            text = _("Solo una cuenta de administrador puede ver y cambiar las cuentas.")
        elif not view.protected:
            text = _("Esta base de datos todavía no tiene cuentas: cualquiera que abra la "
                     "aplicación puede cambiarlo todo. Cree la primera cuenta, de "
                     "administrador.")  # fmt: skip
        else:
            text = _("Las cuentas no se borran: desactive la de quien ya no debe entrar. "
                     "El historial de cambios sigue mostrando su nombre.")  # fmt: skip
        self.state.setText(text)
        self.table.setVisible(view.may_manage)
        self.table.setRowCount(len(self.rows))
        for row, account in enumerate(self.rows):
            label = accounts.ROLE_LABELS.get(account.role)
            cells = (
                account.username,
                account.display_name,
                label.render() if label else account.role,
                _("sí") if account.active else _("no"),
                _when(account.last_sign_in),
            )
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        if chosen is not None:
            self.select(chosen.id)
        self._update_buttons()

    def selected(self) -> AccountRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.rows[rows[0].row()] if rows and rows[0].row() < len(self.rows) else None

    def select(self, user_id: int) -> None:
        for row, account in enumerate(self.rows):
            if account.id == user_id:
                self.table.selectRow(row)
                return

    def _update_buttons(self) -> None:
        account = self.selected()
        why = "" if self.may_manage else _("Solo una cuenta de administrador maneja las cuentas.")
        self.new_button.setEnabled(self.may_manage)
        self.new_button.setToolTip(why)
        for button in (self.edit_button, self.active_button, self.reset_button):
            button.setEnabled(self.may_manage and account is not None)
        self.active_button.setText(
            _("Reactivar") if account is not None and not account.active else _("Desactivar")
        )
        self.active_button.setToolTip(
            why or _("Quien tiene una cuenta desactivada no puede entrar; la cuenta no se borra.")
        )
        self.reset_button.setToolTip(
            why or _("Una contraseña nueva, que la persona cambiará al entrar.")
        )

    # acting --------------------------------------------------------------------------
    def _changed(self) -> None:
        self.refresh()

    def new(self) -> None:
        open_dialog(NewAccountDialog(self.ctx, self), self._changed)

    def edit(self) -> None:
        account = self.selected()
        if account is None or not self.may_manage:
            return
        dialog = EditAccountDialog(self.ctx, account.id, account.display_name, account.role, self)
        open_dialog(dialog, self._changed)

    def reset(self) -> None:
        account = self.selected()
        if account is not None:
            dialog = ResetPasswordDialog(self.ctx, account.id, account.display_name, self)
            open_dialog(dialog, self._changed)

    def toggle_active(self) -> None:
        account = self.selected()
        if account is None:
            return
        if account.active and not confirm(
            self,
            _("Desactivar cuenta"),
            _("{name} ya no podrá entrar con «{user}». La cuenta no se borra y puede "
              "reactivarse. ¿Desactivarla?", name=account.display_name, user=account.username),
        ):  # fmt: skip
            return
        try:
            with self.ctx.write(SETTINGS) as session:
                accounts.update_user(session, self.ctx.actor, account.id,
                                     active=not account.active)  # fmt: skip
        except AgroferiaError as error:
            show_error(self, error)
        self.refresh()
