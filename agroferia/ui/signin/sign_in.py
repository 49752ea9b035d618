"""Signing in: username (remembered on this computer) and password (never).  Wrong
passwords are counted by the database; after five in a row the button waits, counting down.
The same dialog unlocks a window locked after a while without use."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from html import escape

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from agroferia import i18n
from agroferia.core import accounts
from agroferia.core.accounts import ROLE_LABELS
from agroferia.core.db import Database
from agroferia.core.network.urls import masked
from agroferia.i18n import _
from agroferia.ui.context import Account
from agroferia.ui.prefs import Prefs
from agroferia.ui.widgets import error_label, heading, note


def demo_accounts_text() -> str:
    """The demo's accounts and their passwords, one line each."""
    from agroferia.core import demo  # the demo's module: only for a demo's sign-in

    cell = "<td>{}</td>"
    rows = "".join(
        "<tr>{}{}{}</tr>".format(
            cell.format(escape(ROLE_LABELS[role].render())),
            cell.format(f"<b>{escape(username)}</b>"),
            cell.format(f"<code>{escape(demo.demo_password(username))}</code>"),
        )
        for username, _name, role in demo.DEMO_ACCOUNTS
    )
    head = "<tr><th align='left'>{}</th><th align='left'>{}</th><th align='left'>{}</th></tr>"
    return "{intro}<table cellspacing='0' cellpadding='3'>{head}{rows}</table>".format(
        intro=escape(_("Se entra con una de sus cuentas, una por rol:")),
        head=head.format(escape(_("Rol")), escape(_("Usuario")), escape(_("Contraseña"))),
        rows=rows,
    )


def is_demo(session: Session) -> bool:
    """Whether the database still has the demo's accounts (then the sign-in shows them)."""
    from agroferia.core import demo

    for username, display_name, _role in demo.DEMO_ACCOUNTS:
        user = accounts.account(session, username)
        names = {display_name.render(lang) for lang in i18n.LANGUAGES}
        if user is None or user.display_name not in names:
            return False
    return True


def wait_text(seconds: int) -> str:
    minutes, seconds = divmod(max(seconds, 0), 60)
    return f"{minutes}:{seconds:02d}"


@dataclass(frozen=True)
class Attempt:
    """A try at signing in: ``account`` when the password was right (``must_change``: it
    must be changed before going on); otherwise ``wait``, how long before the next try
    (None: at once)."""

    account: Account | None
    must_change: bool = False
    wait: dt.timedelta | None = None


def try_sign_in(
    db: Database, prefs: Prefs | None, username: str, password: str, *, remember: bool = True
) -> Attempt:
    """Checks ``username`` and ``password`` as the sign-in dialog does, counting a wrong
    password; ``remember``: a right one leaves the username filled in next time."""
    with db.recording() as session:
        result = accounts.authenticate(session, username, password)
        user = result.user
        if user is None:
            return Attempt(None, wait=result.wait)
        attempt = Attempt(Account.of(user), must_change=user.must_change_password)
    if remember and prefs is not None:
        prefs.set_last_username(attempt.account.username)
    return attempt


def password_field(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setObjectName(name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


class SignInDialog(QDialog):
    """Accepted once the password is right: ``account`` is who signed in and
    ``must_change`` whether they must choose a new password first.  ``locked``: the
    window of that account is locked; only its password unlocks it, or ``SWITCH`` (the
    person chose to change user)."""

    SWITCH = 2

    def __init__(
        self,
        db: Database,
        prefs: Prefs,
        parent: QWidget | None = None,
        *,
        locked: Account | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("sign_in")
        self.db, self.prefs, self.locked = db, prefs, locked
        self.account: Account | None = None
        self.must_change = False
        self._given = ""
        self._deadline = 0.0  # time.monotonic() when the account may try again
        self.setWindowTitle(_("Sesión bloqueada") if locked else _("Iniciar sesión"))
        layout = QVBoxLayout(self)
        if locked:
            layout.addWidget(heading(_("Sesión bloqueada")))
            layout.addWidget(note(_("La ventana se bloqueó tras un rato sin uso. Escriba la "
                                    "contraseña de {name} para seguir donde estaba.",
                                    name=locked.display_name)))  # fmt: skip
        else:
            layout.addWidget(heading(_("Iniciar sesión")))
            layout.addWidget(note(_("Base de datos: {path}", path=masked(db.location))))
            with db.Session() as session:
                shows_demo = is_demo(session)
            if shows_demo:
                self.demo_accounts = QLabel(demo_accounts_text())
                self.demo_accounts.setObjectName("demo_accounts")
                self.demo_accounts.setTextInteractionFlags(
                    Qt.TextInteractionFlag.TextSelectableByMouse
                )
                layout.addWidget(self.demo_accounts)
        form = QFormLayout()
        self.username = QLineEdit(locked.username if locked else prefs.last_username())
        self.username.setObjectName("username")
        self.username.setReadOnly(locked is not None)
        self.password = password_field("password")
        form.addRow(_("Usuario"), self.username)
        form.addRow(_("Contraseña"), self.password)
        layout.addLayout(form)
        self.message = error_label("message")
        self.message.hide()
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox()
        self.enter = self.buttons.addButton(
            _("Desbloquear") if locked else _("Entrar"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.enter.setObjectName("enter")
        self.enter.setDefault(True)
        if locked:
            self.switch = QPushButton(_("Cambiar de usuario…"))
            self.switch.setObjectName("switch_user")
            self.buttons.addButton(self.switch, QDialogButtonBox.ButtonRole.ResetRole)
            self.switch.clicked.connect(lambda: self.done(self.SWITCH))
        else:
            cancel = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
            cancel.setText(_("Cancelar"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._ticker = QTimer(self)
        self._ticker.setInterval(1000)
        self._ticker.timeout.connect(self._tick)
        self.resize(420, self.sizeHint().height())
        (self.password if locked or self.username.text() else self.username).setFocus()

    # trying ----------------------------------------------------------------------------
    def waiting(self) -> bool:
        return self._deadline > time.monotonic()

    def accept(self) -> None:
        if self.waiting():
            return
        username, password = self.username.text().strip(), self.password.text()
        if not username:
            self._say(_("Escriba su usuario."))
            self.username.setFocus()
            return
        attempt = try_sign_in(self.db, self.prefs, username, password,
                              remember=self.locked is None)  # fmt: skip
        if attempt.account is None:
            self.refused(attempt)
            return
        self.account, self.must_change = attempt.account, attempt.must_change
        self._given = password if self.must_change else ""
        self.password.clear()
        super().accept()

    def refused(self, attempt: Attempt) -> None:
        """Says why ``attempt`` (here, or given on the command line) did not sign in: a
        wrong username or password, or how long the account must wait."""
        self.password.clear()
        self.password.setFocus()
        if attempt.wait:
            self._wait(attempt.wait)
        else:
            self._say(_("Usuario o contraseña incorrectos."))

    def take_password(self) -> str:
        """The password just given (to change it right away), forgotten once taken."""
        given, self._given = self._given, ""
        return given

    def reject(self) -> None:
        if self.locked is None:  # a locked window stays locked
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        if self.locked is not None:
            event.ignore()
            return
        super().closeEvent(event)

    # waiting ---------------------------------------------------------------------------
    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _wait(self, wait: dt.timedelta) -> None:
        self._deadline = time.monotonic() + wait.total_seconds()
        self.enter.setEnabled(False)
        self._ticker.start()
        self._tick()

    def seconds_left(self) -> int:
        return max(0, round(self._deadline - time.monotonic()))

    def _tick(self) -> None:
        left = self.seconds_left()
        if left <= 0:
            self._ticker.stop()
            self.enter.setEnabled(True)
            self._say(_("Ya puede volver a intentarlo."))
            return
        self._say(_("Demasiadas contraseñas incorrectas seguidas. Espere {time} para volver "
                    "a intentarlo.", time=wait_text(left)))  # fmt: skip

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.waiting():
            return
        super().keyPressEvent(event)
