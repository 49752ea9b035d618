"""A database without accounts is open to anyone: before it opens, its first administrator
is created (name, username, password typed twice)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from agroferia.core import accounts
from agroferia.core.db import Database
from agroferia.core.errors import ValidationError
from agroferia.core.models import Role
from agroferia.core.network.urls import masked
from agroferia.i18n import _
from agroferia.ui.context import Account
from agroferia.ui.errors import show_error
from agroferia.ui.signin.sign_in import password_field
from agroferia.ui.widgets import FieldMessages, heading, note


class FirstAdminDialog(QDialog):
    """Accepted once the administrator is created and signed in (``account``)."""

    def __init__(self, db: Database, parent: QWidget | None = None, *, username: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("first_admin")
        self.db = db
        self.account: Account | None = None
        self.setWindowTitle(_("Primera cuenta de administrador"))
        layout = QVBoxLayout(self)
        layout.addWidget(heading(_("Primera cuenta de administrador")))
        layout.addWidget(note(_(
            "La base de datos {path} todavía no tiene cuentas: cualquiera que abra el "
            "programa podría cambiar sus datos. Cree la cuenta de quien la administra; "
            "después podrá crear las de las demás personas.", path=masked(db.location))))  # fmt: skip
        form = QFormLayout()
        self.messages = FieldMessages()
        self.display_name = QLineEdit()
        self.display_name.setObjectName("display_name")
        self.username = QLineEdit(username)  # the name given on the command line, if any
        self.username.setObjectName("username")
        self.password = password_field("password")
        self.repeated = password_field("repeated")
        for label, field, widget in (
            (_("Nombre"), "display_name", self.display_name),
            (_("Usuario"), "username", self.username),
            (_("Contraseña"), "password", self.password),
            (_("Repita la contraseña"), "repeated", self.repeated),
        ):
            self.messages.add_row(form, label, field, widget)
        layout.addLayout(form)
        layout.addWidget(note(_("Al menos {n} caracteres; no una de las contraseñas más "
                                "usadas.", n=accounts.MIN_LENGTH)))  # fmt: skip
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.create_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.create_button.setText(_("Crear y entrar"))
        self.create_button.setObjectName("create")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancelar"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(480, self.sizeHint().height())
        self.display_name.setFocus()

    def accept(self) -> None:
        try:
            with self.db.Session.begin() as session:
                user = accounts.create_user(
                    session, "", self.username.text(), self.display_name.text(),
                    Role.ADMIN.value, self.password.text(), repeated=self.repeated.text(),
                )  # fmt: skip
                self.account = Account.of(user)
        except ValidationError as error:
            self.messages.show(error)
            return
        except Exception as exc:
            show_error(self, exc)
            return
        self.password.clear()
        self.repeated.clear()
        super().accept()
