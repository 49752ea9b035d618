"""An account whose password an administrator reset chooses a new one right after signing
in, typed twice, before the window opens."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QVBoxLayout, QWidget

from agroferia.core import accounts
from agroferia.core.db import Database
from agroferia.core.errors import ValidationError
from agroferia.i18n import _
from agroferia.ui.context import Account
from agroferia.ui.errors import show_error
from agroferia.ui.signin.sign_in import password_field
from agroferia.ui.widgets import FieldMessages, error_label, heading, note


class NewPasswordDialog(QDialog):
    """Accepted once the new password is saved."""

    def __init__(
        self, db: Database, account: Account, current: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("new_password")
        self.db, self.account, self._current = db, account, current
        self.setWindowTitle(_("Elija una contraseña nueva"))
        layout = QVBoxLayout(self)
        layout.addWidget(heading(_("Elija una contraseña nueva")))
        layout.addWidget(note(_(
            "{name}, su contraseña fue restablecida. Antes de seguir elija una nueva: al "
            "menos {n} caracteres, no una de las más usadas.",
            name=account.display_name, n=accounts.MIN_LENGTH)))  # fmt: skip
        form = QFormLayout()
        self.messages = FieldMessages()
        self.password = password_field("password")
        self.repeated = password_field("repeated")
        self.messages.add_row(form, _("Contraseña nueva"), "password", self.password)
        self.messages.add_row(form, _("Repita la contraseña"), "repeated", self.repeated)
        layout.addLayout(form)
        self.message = error_label("message")
        self.message.hide()
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Guardar y entrar"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancelar"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(460, self.sizeHint().height())
        self.password.setFocus()

    def accept(self) -> None:
        try:
            with self.db.Session.begin() as session:
                accounts.change_password(session, self.account.username, self._current,
                                         self.password.text(), self.repeated.text())  # fmt: skip
        except ValidationError as error:
            self.messages.show(error)
            other = [e.render() for e in error.errors if e.field not in self.messages.labels]
            self.message.setText("; ".join(other))
            self.message.setVisible(bool(other))
            return
        except Exception as exc:
            show_error(self, exc)
            return
        self._current = ""
        self.password.clear()
        self.repeated.clear()
        super().accept()

    def reject(self) -> None:
        self._current = ""
        super().reject()
