"""Before a backup replaces a damaged database that still holds accounts: the username and
password of one of its administrators (nobody could sign in to it to show who they are).

They are checked against the damaged file, read without writing to it; a wrong one says so
and the person tries again or cancels.  The password stays in the dialog until it is taken
for the restore, and is never written anywhere."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from agroferia.core import backup
from agroferia.core.errors import AgroferiaError
from agroferia.i18n import _
from agroferia.ui.signin.sign_in import password_field
from agroferia.ui.widgets import error_label, fit_height, heading, note


class AdminPasswordDialog(QDialog):
    """Accepted once ``username`` and the password are an administrator's of ``path``."""

    def __init__(self, path: str | Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("admin_password")
        self.path = Path(path)
        self.username = ""
        self._password = ""
        self.setWindowTitle(_("Cuenta de administrador"))
        layout = QVBoxLayout(self)
        layout.addWidget(heading(_("Cuenta de administrador")))
        layout.addWidget(note(_("La base de datos dañada todavía tiene cuentas. Para "
                                "reemplazarla por la copia, escriba el usuario y la "
                                "contraseña de uno de sus administradores.")))  # fmt: skip
        form = QFormLayout()
        self.user_field = QLineEdit()
        self.user_field.setObjectName("username")
        self.password_field = password_field("password")
        form.addRow(_("Usuario"), self.user_field)
        form.addRow(_("Contraseña"), self.password_field)
        layout.addLayout(form)
        self.message = error_label("message")
        self.message.hide()
        layout.addWidget(self.message)
        buttons = QDialogButtonBox()
        restore = buttons.addButton(_("Restaurar"), QDialogButtonBox.ButtonRole.AcceptRole)
        restore.setObjectName("restore")
        restore.setDefault(True)
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(_("Cancelar"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(440, self.sizeHint().height())
        self.user_field.setFocus()

    def accept(self) -> None:
        username, password = self.user_field.text().strip(), self.password_field.text()
        if not username:
            self._say(_("Escriba su usuario."))
            self.user_field.setFocus()
            return
        try:
            backup.check_restore_rights(self.path, username, password)
        except AgroferiaError as exc:  # a wrong password, or an account that may not
            self.password_field.clear()
            self.password_field.setFocus()
            self._say(str(exc))
            return
        self.username, self._password = username, password
        self.password_field.clear()
        super().accept()

    def take_password(self) -> str:
        """The password given, forgotten by the dialog once taken."""
        given, self._password = self._password, ""
        return given

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()
        fit_height(self)
