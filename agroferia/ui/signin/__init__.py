"""Who uses the window: the first administrator of a database without accounts, signing in
(and a new password when one was reset), and the lock after a while without use."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QMessageBox, QWidget

from agroferia.core import accounts
from agroferia.core.db import Database
from agroferia.core.network.urls import masked
from agroferia.i18n import _
from agroferia.ui.context import Account
from agroferia.ui.prefs import Prefs
from agroferia.ui.signin.first_admin import FirstAdminDialog
from agroferia.ui.signin.idle import IdleWatcher
from agroferia.ui.signin.new_password import NewPasswordDialog
from agroferia.ui.signin.sign_in import Attempt, SignInDialog, try_sign_in
from agroferia.ui.widgets import run_dialog

__all__ = [
    "Attempt",
    "FirstAdminDialog",
    "IdleWatcher",
    "NewPasswordDialog",
    "PasswordCheck",
    "SignInDialog",
    "read_without_account",
    "sign_in",
    "start",
    "try_sign_in",
]


def read_without_account(db: Database) -> bool:
    """A read-only database without accounts: nobody can become its first administrator
    (nothing can be written), so it opens as it is, to be read."""
    if not db.read_only:
        return False
    with db.Session() as session:
        return not accounts.has_accounts(session)


class PasswordCheck:
    """The password given on the command line, tried on a thread (as ``try_sign_in`` does,
    a wrong one counted) while the window goes on loading: checking it takes a while and
    lets other work run meanwhile.  ``attempt()`` waits for the outcome: None when the
    database has no account (nothing was tried); an error raised while trying is raised
    there.  Whatever it needs is loaded before the thread starts."""

    def __init__(self, db: Database, username: str, password: str) -> None:
        from agroferia.ui.tasks import collect_on_gui_thread

        collect_on_gui_thread()  # no cycle is ever collected on the thread
        self._attempt: Attempt | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(
            target=self._run, args=(db, username, password), name="agroferia-sign-in"
        )
        self._thread.start()

    def _run(self, db: Database, username: str, password: str) -> None:
        try:
            with db.Session() as session:
                if not accounts.has_accounts(session):
                    return
            self._attempt = try_sign_in(db, None, username, password, remember=False)
        except BaseException as exc:  # raised on the window's thread, by ``attempt()``
            self._error = exc

    def attempt(self) -> Attempt | None:
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._attempt


def start(
    parent: QWidget | None,
    db: Database,
    prefs: Prefs,
    *,
    username: str | None = None,
    password: str | None = None,
    tried: Attempt | None = None,
) -> Account | None:
    """Who opens ``db``: its first administrator when it has no account yet, otherwise
    whoever signs in (``username`` and ``password``: given on the command line, tried
    first; on a database without accounts, ``username`` is offered for its administrator).
    None when the person cancelled (the database is not to be used).  ``tried``: the
    outcome of that password, when a ``PasswordCheck`` already tried it."""
    with db.Session() as session:
        protected = accounts.has_accounts(session)
    if not protected:
        dialog = FirstAdminDialog(db, parent, username=(username or "").strip().lower())
        if run_dialog(dialog):
            return dialog.account
        QMessageBox.information(
            parent,
            _("Base de datos sin abrir"),
            _("No se abrió {path}: antes hay que crear su cuenta de administrador. Se "
              "pedirá de nuevo la próxima vez que la abra.", path=masked(db.location)),
        )  # fmt: skip
        return None
    return sign_in(parent, db, prefs, username=username, password=password, tried=tried)


def sign_in(
    parent: QWidget | None,
    db: Database,
    prefs: Prefs,
    *,
    username: str | None = None,
    password: str | None = None,
    tried: Attempt | None = None,
) -> Account | None:
    """The sign-in dialog, then a new password when the account must choose one; None when
    the person cancelled.  A ``username`` with its right ``password`` (given on the command
    line) enters without the dialog, or goes straight to choosing a new password; a wrong
    one is counted like any other, and the dialog opens with the name filled in, saying
    why (or how long to wait)."""
    username = (username or "").strip().lower() or None
    if tried is not None:  # tried on a thread, without remembering the name
        given = tried
        if given.account is not None:
            prefs.set_last_username(given.account.username)
    else:
        given = try_sign_in(db, prefs, username, password) if username and password else None
    while True:
        if given is not None and given.account is not None:
            account, current = given.account, password or ""
            must_change = given.must_change
        else:
            dialog = SignInDialog(db, prefs, parent)
            if username:
                dialog.username.setText(username)
                dialog.password.setFocus()
            if given is not None:
                dialog.refused(given)
            if not run_dialog(dialog):
                return None
            account, must_change = dialog.account, dialog.must_change
            current = dialog.take_password()
        given = password = None  # tried once; cancelling a new password asks again
        assert account is not None
        if not must_change:
            return account
        change = NewPasswordDialog(db, account, current, parent)
        current = ""
        if run_dialog(change):
            return account
