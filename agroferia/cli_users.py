"""``agroferia users``: the accounts, from a terminal (administrators).

    agroferia [--db …] --user ADMIN users list
    agroferia [--db …] [--user ADMIN] users add NAME --role admin|organizer|treasurer|viewer
                                                [--display-name TEXT]
    agroferia [--db …] --user ADMIN users deactivate NAME
    agroferia [--db …] --user ADMIN users reset-password NAME
    agroferia [--db …] --user NAME users password

A new password (``add``, ``reset-password``, ``password``) is typed twice on the terminal
or read from ``AGROFERIA_NEW_PASSWORD``; never an argument.  On a database without
accounts (a new file included) the first ``add`` needs no ``--user`` and must create an
administrator.  ``reset-password`` obliges the person to choose a new password at the next
sign-in, which ``password`` does from a terminal.  Every change goes through
``core.accounts`` and is audited (without any password).
"""

from __future__ import annotations

import argparse

from agroferia.i18n import _, lazy

# the values of ``core.models.Role`` (a test keeps them equal), written out so that the
# command line's help does not load the data model
ROLES = ("admin", "organizer", "treasurer", "viewer")


def add_parser(sub) -> None:
    users = sub.add_parser(
        "users",
        help=_("las cuentas: listar, agregar, desactivar, restablecer una contraseña "
               "(administración)"),
    )  # fmt: skip
    actions = users.add_subparsers(dest="action", metavar=_("acción"), required=True)
    actions.add_parser("list", help=_("las cuentas, con su rol y su último inicio de sesión"))
    one = actions.add_parser(
        "add", help=_("agrega una cuenta (la contraseña se pide dos veces en la terminal)")
    )
    one.add_argument("name", metavar=_("NOMBRE"), help=_("nombre de usuario (una palabra)"))
    one.add_argument("--role", required=True, choices=ROLES, help=_("su rol"))
    one.add_argument("--display-name", metavar=_("TEXTO"),
                     help=_("nombre que se muestra (por defecto, el de usuario)"))  # fmt: skip
    one = actions.add_parser("deactivate", help=_("la cuenta ya no puede iniciar sesión"))
    one.add_argument("name", metavar=_("NOMBRE"))
    one = actions.add_parser(
        "reset-password",
        help=_("nueva contraseña para una cuenta; deberá cambiarla al iniciar sesión"),
    )
    one.add_argument("name", metavar=_("NOMBRE"))
    actions.add_parser("password", help=_("cambia la contraseña de la cuenta de --user"))


def run(args: argparse.Namespace) -> int:
    from agroferia.cli import _open

    db = _open(args, create=args.action == "add")
    try:
        return ACTIONS[args.action](db, args)
    finally:
        db.close()


def _list(db, args: argparse.Namespace) -> int:
    from agroferia.core import accounts

    with db.Session() as s:
        if accounts.has_accounts(s):
            accounts.require(s, args.actor, accounts.Right.ADMIN)
        rows = [
            (
                u.username,
                u.display_name,
                str(accounts.ROLE_LABELS.get(u.role, u.role)),
                _("sí") if u.active else _("no"),
                _when(u.last_sign_in),
            )
            for u in accounts.users(s)
        ]
    if not rows:
        print(_("No hay cuentas."))
        return 0
    header = (_("Usuario"), _("Nombre"), _("Rol"), _("Activa"), _("Último inicio de sesión"))
    widths = [max(len(r[i]) for r in (header, *rows)) for i in range(len(header))]
    for row in (header, *rows):
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
    return 0


def _when(utc) -> str:
    from agroferia.reports.common import local_time

    return local_time(utc).strftime("%d/%m/%Y %H:%M") if utc is not None else "—"


def _add(db, args: argparse.Namespace) -> int:
    from agroferia.cli_auth import read_new_password
    from agroferia.core import accounts

    with db.Session() as s:  # refused before asking for a password
        if accounts.has_accounts(s):
            accounts.require(s, args.actor, accounts.Right.ADMIN)
    password, repeated = read_new_password()
    with db.Session.begin() as s:
        user = accounts.create_user(s, args.actor or "", args.name, args.display_name or args.name,
                                    args.role, password, repeated=repeated)  # fmt: skip
        username, role = user.username, str(accounts.ROLE_LABELS[user.role])
    print(_("Cuenta {name} creada ({role}).", name=username, role=role))
    return 0


def _deactivate(db, args: argparse.Namespace) -> int:
    from agroferia.core import accounts

    with db.Session.begin() as s:
        user = accounts.find(s, args.name)
        accounts.update_user(s, args.actor or "", user.id, active=False)
        username = user.username
    print(_("Cuenta {name} desactivada: ya no puede iniciar sesión.", name=username))
    return 0


def _reset(db, args: argparse.Namespace) -> int:
    from agroferia.cli_auth import read_new_password
    from agroferia.core import accounts

    with db.Session() as s:  # refused before asking for a password
        accounts.require(s, args.actor or "", accounts.Right.ADMIN)
        accounts.find(s, args.name)
    password, repeated = read_new_password()
    if repeated is not None and repeated != password:
        from agroferia.core.errors import ValidationError

        raise ValidationError.single("repeated", accounts.REPEATED,
                                     lazy("no coincide con la contraseña"))  # fmt: skip
    with db.Session.begin() as s:
        user = accounts.reset_password(s, args.actor, accounts.find(s, args.name).id, password)
        username = user.username
    print(_("Nueva contraseña para {name}; deberá cambiarla al iniciar sesión.", name=username))
    return 0


def _password(db, args: argparse.Namespace) -> int:
    from agroferia.cli_auth import read_new_password
    from agroferia.core import accounts
    from agroferia.core.errors import OperationError

    current = getattr(args, "current_password", None)  # given to sign in
    if current is None:
        raise OperationError(lazy("Indique con --user NOMBRE la cuenta cuya contraseña cambia "
                                  "(en una base de datos que ya tiene cuentas)."))  # fmt: skip
    new, repeated = read_new_password()
    with db.Session.begin() as s:
        accounts.change_password(s, args.actor, current, new, repeated)
    print(_("Contraseña cambiada."))
    return 0


ACTIONS = {
    "list": _list,
    "add": _add,
    "deactivate": _deactivate,
    "reset-password": _reset,
    "password": _password,
}
