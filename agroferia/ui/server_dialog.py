"""Archivo → Abrir base de datos de un servidor…: the server, its port, the database and the
user, and the password (which may stay empty when ``PGPASSWORD``, ``~/.pgpass`` or the
system keyring gives it).  The URL made from them is opened like a file; the recent list
keeps it without its password, and choosing it there shows this dialog again, filled in."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from agroferia.core.network.urls import is_postgresql
from agroferia.i18n import _
from agroferia.ui.shell import app_icon
from agroferia.ui.widgets import error_label, heading, note, run_dialog

if TYPE_CHECKING:  # SQLAlchemy loads with the database, off the window's thread
    from sqlalchemy import URL

DEFAULT_PORT = 5432
SCHEME = "postgresql"


def _parsed(location: str) -> URL | None:
    from sqlalchemy import make_url
    from sqlalchemy.exc import ArgumentError

    if not is_postgresql(location):
        return None
    try:
        return make_url(location)
    except (ArgumentError, ValueError):
        return None


def without_password(location: str) -> str:
    """A server's URL as the recent list keeps it: without its password (in the user part
    or as a ``password=`` parameter) nor the driver's name; anything else as it is."""
    from sqlalchemy import URL

    url = _parsed(location)
    if url is None:
        return location
    query = {k: v for k, v in url.query.items() if k.lower() != "password"}
    plain = URL.create(SCHEME, username=url.username, host=url.host, port=url.port,
                       database=url.database, query=query)  # fmt: skip
    return plain.render_as_string(hide_password=False)


class ServerDialog(QDialog):
    """Once accepted, ``location()`` is the URL to open (with the password, if typed)."""

    def __init__(self, known: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Abrir base de datos de un servidor"))
        self.setWindowIcon(app_icon())
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(_("Base de datos de un servidor PostgreSQL")))
        layout.addWidget(note(_(
            "Para una red de ferias que comparte una base de datos. Los datos los da quien "
            "administra el servidor."
        )))  # fmt: skip
        self.host = QLineEdit()
        self.host.setObjectName("server_host")
        self.host.setPlaceholderText(_("p. ej. servidor.agroferias.pe o 192.168.1.10"))
        self.port = QSpinBox()
        self.port.setObjectName("server_port")
        self.port.setRange(1, 65535)
        self.port.setValue(DEFAULT_PORT)
        self.database = QLineEdit()
        self.database.setObjectName("server_database")
        self.database.setPlaceholderText(_("p. ej. ferias"))
        self.user = QLineEdit()
        self.user.setObjectName("server_user")
        self.password = QLineEdit()
        self.password.setObjectName("server_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(_("Servidor *"), self.host)
        form.addRow(_("Puerto"), self.port)
        form.addRow(_("Base de datos *"), self.database)
        form.addRow(_("Usuario"), self.user)
        form.addRow(_("Contraseña"), self.password)
        layout.addLayout(form)
        layout.addWidget(note(_(
            "Deje la contraseña vacía si está en la variable PGPASSWORD, en el archivo "
            "~/.pgpass o en el llavero del sistema. La lista de recientes guarda el servidor "
            "sin la contraseña."
        )))  # fmt: skip
        self.message = error_label("server_error")
        self.message.hide()
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._fill(known)

    def _fill(self, known: str | None) -> None:
        url = _parsed(known or "")
        if url is None:
            self.host.setFocus()
            return
        self.host.setText(url.host or "")
        self.port.setValue(url.port or DEFAULT_PORT)
        self.database.setText(url.database or "")
        self.user.setText(url.username or "")
        self.password.setFocus()  # the rest is known: only the password may be missing

    def location(self) -> str:
        from sqlalchemy import URL

        return URL.create(
            SCHEME,
            username=self.user.text().strip() or None,
            password=self.password.text() or None,
            host=self.host.text().strip(),
            port=self.port.value(),
            database=self.database.text().strip(),
        ).render_as_string(hide_password=False)

    def accept(self) -> None:
        if not (self.host.text().strip() and self.database.text().strip()):
            self.message.setText(_("Escriba el servidor y el nombre de la base de datos."))
            self.message.show()
            return
        super().accept()


def ask(parent: QWidget, known: str | None = None) -> str | None:
    """The URL of the server's database to open, or None if the person cancels."""
    dialog = ServerDialog(known, parent)
    return dialog.location() if run_dialog(dialog) else None
