"""Who runs a command: ``--user NAME`` and the account's password.

The password comes from the ``AGROFERIA_PASSWORD`` variable or, on a terminal, is asked
without echo; it is never an argument (anyone could read it in the list of processes or
the shell's history).  Commands that only read aggregates (``stats``, ``template``,
``export excel|pdf|day``) need no account unless the setting "sign in to read" is on;
every other command needs ``--user`` once the database has accounts, and the services
check the account's role.  A database without accounts accepts every command, says so on
standard error, and records ``--user`` (or the computer's user name) as plain text.

``backup`` and ``restore`` are not reading commands: a backup holds every record, personal
data included, so on a database with accounts both need ``--user`` and an administrator
(``backup --list`` opens no database; ``restore`` onto a path with no database yet needs
no account).
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from agroferia.core.errors import OperationError
from agroferia.i18n import _, lazy

PASSWORD_VAR = "AGROFERIA_PASSWORD"  # the password of --user
NEW_PASSWORD_VAR = "AGROFERIA_NEW_PASSWORD"  # a new password (users add, reset-password…)
CONSOLE = "consola"  # the actor when the computer's user name cannot be found

READING = {"stats", "template"}
READING_EXPORTS = {"excel", "pdf", "day"}


def reads_only(args: argparse.Namespace) -> bool:
    """Whether the command only reads aggregates (no account needed unless the setting
    asks for one)."""
    if args.command in READING:
        return True
    if args.command == "summary":
        return bool(args.check)
    if args.command == "products":  # the catalogue and how many offer each: no one's data
        return args.action == "list"
    return args.command == "export" and args.format in READING_EXPORTS


def _quiet_when_unprotected(args: argparse.Namespace) -> bool:
    """``users add`` (the first administrator) and ``demo`` (which creates its accounts)
    leave the database protected: no warning for them."""
    return args.command == "demo" or (args.command == "users" and args.action == "add")


def computer_user() -> str:
    try:
        return getpass.getuser() or CONSOLE
    except (KeyError, OSError):
        return CONSOLE


def sign_in(args: argparse.Namespace, db) -> str | None:
    """The username the command acts as (``None`` for a reading command run without an
    account); raises ``OperationError`` when it may not run.  The outcome of a sign-in
    (a wrong password counted, the time of a right one) is committed at once."""
    from agroferia.core import accounts, settings

    name = (args.user or "").strip().lower() or None
    with db.Session() as s:
        protected = accounts.has_accounts(s)
        must_sign_in = protected and (not reads_only(args) or settings.sign_in_to_read(s))
    if not protected:
        if not _quiet_when_unprotected(args):
            print(
                _("Aviso: esta base de datos no tiene cuentas y cualquiera puede cambiarla "
                  "hasta que cree la primera cuenta de administrador con: agroferia users add "
                  "NOMBRE --role admin"),
                file=sys.stderr,
            )  # fmt: skip
        return name or computer_user()
    if name is None:
        if not must_sign_in:
            return None
        raise OperationError(
            lazy("Esta base de datos tiene cuentas: indique con --user NOMBRE quién ejecuta el "
                 "comando (la contraseña se toma de la variable {var} o se pide en la "
                 "terminal).", var=PASSWORD_VAR)
        )  # fmt: skip
    password = read_password(PASSWORD_VAR, _("Contraseña de {name}: ", name=name), name=name)
    with db.recording() as s:  # commits the count of wrong passwords too
        outcome = accounts.authenticate(s, name, password)
        must_change = outcome.user is not None and outcome.user.must_change_password
    if outcome.user is None:
        message = lazy("Usuario o contraseña incorrectos.")
        if outcome.wait is not None:
            message = lazy("{message} Demasiados intentos seguidos: espere {wait} antes de "
                           "volver a intentarlo.", message=message,
                           wait=accounts.wait_text(outcome.wait))  # fmt: skip
        raise OperationError(message)
    if must_change and not _changes_own_password(args):
        raise OperationError(
            lazy("Un administrador restableció la contraseña de {name}: cámbiela antes de "
                 "seguir, al iniciar sesión en la aplicación o con: agroferia --user {name} "
                 "users password", name=name)
        )  # fmt: skip
    if _changes_own_password(args):
        args.current_password = password  # checked again by change_password; never shown
    return name


def _changes_own_password(args: argparse.Namespace) -> bool:
    return args.command == "users" and args.action == "password"


def read_password(variable: str, prompt: str, *, name: str | None = None) -> str:
    """A password from ``variable`` or, on a terminal, typed without echo."""
    value = os.environ.get(variable)
    if value:
        return value
    if not sys.stdin.isatty():
        if name is None:
            raise OperationError(
                lazy("Falta la nueva contraseña: póngala en la variable {var} o ejecute el "
                     "comando en una terminal.", var=variable)
            )  # fmt: skip
        raise OperationError(
            lazy("Falta la contraseña de {name}: póngala en la variable {var} o ejecute el "
                 "comando en una terminal.", name=name, var=variable)
        )  # fmt: skip
    try:
        return getpass.getpass(prompt)
    except EOFError:
        raise OperationError(lazy("No se escribió ninguna contraseña.")) from None


def read_new_password() -> tuple[str, str | None]:
    """A new password and, when typed on a terminal, its repetition (``None`` when it
    comes from ``AGROFERIA_NEW_PASSWORD``)."""
    if os.environ.get(NEW_PASSWORD_VAR):
        return os.environ[NEW_PASSWORD_VAR], None
    first = read_password(NEW_PASSWORD_VAR, _("Nueva contraseña: "))
    return first, read_password(NEW_PASSWORD_VAR, _("Repita la nueva contraseña: "))
