"""The dialogs of the accounts: a new account, changing one's name or role, a password reset
by an administrator, and a person changing their own password.  Each writes through
``core.accounts`` in one transaction; what the core refuses is shown in the dialog, field
by field, translated, and the dialog stays open."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from agroferia.core import accounts
from agroferia.core.errors import AgroferiaError, FieldError, ValidationError
from agroferia.i18n import _, lazy
from agroferia.ui.context import SETTINGS, AppContext
from agroferia.ui.widgets import FieldMessages, error_label, note

CURRENT = lazy("Contraseña actual")
NEW = lazy("Contraseña nueva")
MISMATCH = lazy("no coincide con la contraseña")


def _secret() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setMaxLength(200)
    return edit


def role_combo(selected: str | None = None) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName("role")
    for role, label in accounts.ROLE_LABELS.items():
        combo.addItem(label.render(), role)
    if selected is not None:
        combo.setCurrentIndex(max(combo.findData(selected), 0))
    return combo


class AccountDialog(QDialog):
    """A form whose "Guardar" runs ``write(session)`` in one transaction: field errors go
    under their fields, any other refusal (a right, the last administrator) above the
    buttons."""

    def __init__(self, ctx: AppContext, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(title)
        self.messages = FieldMessages()
        self.layout_ = QVBoxLayout(self)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.layout_.addLayout(self.form)
        self.message = error_label("message")
        self.message.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.resize(460, 0)

    def finish_layout(self, intro: str | None = None) -> None:
        if intro:
            self.layout_.insertWidget(0, note(intro))
        self.layout_.addWidget(self.message)
        self.layout_.addWidget(self.buttons)

    def row(self, label: str, field: str, widget: QWidget) -> QWidget:
        widget.setObjectName(field)
        self.messages.add_row(self.form, label, field, widget)
        return widget

    def check(self) -> list[FieldError]:
        """Problems found before asking the core (two passwords that differ)."""
        return []

    def write(self, session: Session) -> object:
        raise NotImplementedError

    def accept(self) -> None:
        self.message.hide()
        self.messages.show(None)
        early = self.check()
        try:
            if early:
                raise ValidationError(early)
            with self.ctx.write(SETTINGS) as session:
                self.write(session)
        except ValidationError as error:
            self.messages.show(error)
            unplaced = [e for e in error.errors if e.field not in self.messages.labels]
            if unplaced:
                self._say("; ".join(e.render() for e in unplaced))
            return
        except AgroferiaError as error:
            self._say(str(error))
            return
        super().accept()

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()


def _mismatch(first: QLineEdit, second: QLineEdit, field: str = "repeated") -> list[FieldError]:
    if first.text() and first.text() != second.text():
        return [FieldError(field, accounts.REPEATED, MISMATCH)]
    return []


class NewAccountDialog(AccountDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Nueva cuenta"), parent)
        self.display_name = self.row(accounts.DISPLAY_NAME.render(), "display_name", QLineEdit())
        self.username = self.row(accounts.USERNAME.render(), "username", QLineEdit())
        self.role = self.row(accounts.ROLE.render(), "role", role_combo("viewer"))
        self.password = self.row(accounts.PASSWORD.render(), "password", _secret())
        self.repeated = self.row(accounts.REPEATED.render(), "repeated", _secret())
        self.finish_layout(
            _("La persona entra con este usuario y contraseña. La contraseña debe tener al "
              "menos {n} caracteres y no ser de las más usadas.", n=accounts.MIN_LENGTH)
        )  # fmt: skip

    def check(self) -> list[FieldError]:
        return _mismatch(self.password, self.repeated)

    def write(self, session: Session) -> object:
        return accounts.create_user(
            session, self.ctx.actor, self.username.text(), self.display_name.text(),
            self.role.currentData(), self.password.text(), repeated=self.repeated.text(),
        )  # fmt: skip


class EditAccountDialog(AccountDialog):
    def __init__(self, ctx: AppContext, user_id: int, name: str, role: str,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(ctx, _("Editar cuenta"), parent)
        self.user_id = user_id
        self.display_name = self.row(accounts.DISPLAY_NAME.render(), "display_name", QLineEdit())
        self.display_name.setText(name)
        self.role = self.row(accounts.ROLE.render(), "role", role_combo(role))
        self.finish_layout()

    def write(self, session: Session) -> object:
        return accounts.update_user(session, self.ctx.actor, self.user_id,
                                    display_name=self.display_name.text(),
                                    role=self.role.currentData())  # fmt: skip


class ResetPasswordDialog(AccountDialog):
    def __init__(self, ctx: AppContext, user_id: int, name: str,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(ctx, _("Restablecer contraseña"), parent)
        self.user_id = user_id
        self.password = self.row(NEW.render(), "password", _secret())
        self.repeated = self.row(accounts.REPEATED.render(), "repeated", _secret())
        self.finish_layout(
            _("Una contraseña nueva para {name}. Désela en persona: al entrar con ella se le "
              "pedirá que la cambie por una suya.", name=name)
        )  # fmt: skip

    def check(self) -> list[FieldError]:
        return _mismatch(self.password, self.repeated)

    def write(self, session: Session) -> object:
        return accounts.reset_password(session, self.ctx.actor, self.user_id, self.password.text())


class ChangePasswordDialog(AccountDialog):
    """A person changes their own password, giving the current one."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Cambiar mi contraseña"), parent)
        self.current = self.row(CURRENT.render(), "current", _secret())
        self.password = self.row(NEW.render(), "password", _secret())
        self.repeated = self.row(accounts.REPEATED.render(), "repeated", _secret())
        self.finish_layout(
            _("Al menos {n} caracteres, distinta de la actual y no de las más usadas.",
              n=accounts.MIN_LENGTH)
        )  # fmt: skip

    def check(self) -> list[FieldError]:
        return _mismatch(self.password, self.repeated)

    def write(self, session: Session) -> object:
        return accounts.change_password(session, self.ctx.actor, self.current.text(),
                                        self.password.text(), self.repeated.text())  # fmt: skip


def open_dialog(dialog: QDialog, done: Callable[[], object] | None = None) -> bool:
    """Runs ``dialog``; ``done()`` after it was accepted."""
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    dialog.deleteLater()
    if accepted and done is not None:
        done()
    return accepted
