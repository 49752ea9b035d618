"""Who uses the window: the first administrator of a database without accounts, signing in
(and a new password when one was reset), and the lock after a while without use."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from agroferia.core import accounts
from agroferia.core.db import Database
from agroferia.i18n import _
from agroferia.ui.context import Account
from agroferia.ui.prefs import Prefs
from agroferia.ui.signin.first_admin import FirstAdminDialog
from agroferia.ui.signin.idle import IdleWatcher
from agroferia.ui.signin.new_password import NewPasswordDialog
from agroferia.ui.signin.sign_in import SignInDialog
from agroferia.ui.widgets import run_dialog

__all__ = [
    "FirstAdminDialog",
    "IdleWatcher",
    "NewPasswordDialog",
    "SignInDialog",
    "read_without_account",
    "sign_in",
    "start",
]


def read_without_account(db: Database) -> bool:
    """A read-only database without accounts: nobody can become its first administrator
    (nothing can be written), so it opens as it is, to be read."""
    if not db.read_only:
        return False
    with db.Session() as session:
        return not accounts.has_accounts(session)


def start(
    parent: QWidget | None,
    db: Database,
    prefs: Prefs,
    *,
    username: str | None = None,
    password: str | None = None,
) -> Account | None:
    """Who opens ``db``: its first administrator when it has no account yet, otherwise
    whoever signs in (``username`` and ``password``: given on the command line, tried
    first).  None when the person cancelled (the database is not to be used)."""
    with db.Session() as session:
        protected = accounts.has_accounts(session)
    if not protected:
        dialog = FirstAdminDialog(db, parent)
        if run_dialog(dialog):
            return dialog.account
        QMessageBox.information(
            parent,
            _("Base de datos sin abrir"),
            _("No se abrió {path}: antes hay que crear su cuenta de administrador. Se "
              "pedirá de nuevo la próxima vez que la abra.", path=db.location),
        )  # fmt: skip
        return None
    return sign_in(parent, db, prefs, username=username, password=password)


def sign_in(
    parent: QWidget | None,
    db: Database,
    prefs: Prefs,
    *,
    username: str | None = None,
    password: str | None = None,
) -> Account | None:
    """The sign-in dialog, then a new password when the account must choose one; None when
    the person cancelled.  A ``username`` with its right ``password`` enters without the
    dialog (unless the password must be changed); a wrong one is counted like any other
    and the dialog opens with the name filled in."""
    username = (username or "").strip().lower() or None
    if username and password:
        with db.recording() as session:
            user = accounts.authenticate(session, username, password).user
            if user is not None and not user.must_change_password:
                prefs.set_last_username(user.username)
                return Account.of(user)
    while True:
        dialog = SignInDialog(db, prefs, parent)
        if username:
            dialog.username.setText(username)
            dialog.password.setFocus()
        if not run_dialog(dialog):
            return None
        account = dialog.account
        if not dialog.must_change:
            return account
        assert account is not None
        change = NewPasswordDialog(db, account, dialog.take_password(), parent)
        if run_dialog(change):
            return account
