"""``agroferia backup`` and ``agroferia restore``: backups from the command line.

    agroferia [--db …] [--user NAME] backup [--out FILE.agroferia|FOLDER]
    agroferia backup --list
    agroferia [--db …] [--user NAME] restore FILE [--yes]

A backup holds every record, personal data included: on a database with accounts only an
administrator makes one or restores one.  Without ``--out`` it goes to the automatic
backups' folder (where ``--list`` looks), kept there until removed by hand.  ``restore``
shows what the backup holds and asks before replacing the database (on a terminal; without
one it needs ``--yes`` and never waits for an answer); the current database is backed up
first.  Restoring onto a path where there is no database yet (a new computer) needs no
account.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from agroferia.i18n import _, lazy

YES = {"S", "SI", "Y", "YES"}


def add_parser(sub) -> None:
    one = sub.add_parser(
        "backup", help=_("copia de seguridad de la base de datos, o la lista de las automáticas")
    )
    one.add_argument(
        "--out",
        type=Path,
        metavar=_("ARCHIVO|CARPETA"),
        help=_("un archivo .agroferia o una carpeta (por defecto, la carpeta de las copias "
               "automáticas)"),
    )  # fmt: skip
    one.add_argument(
        "--list",
        action="store_true",
        help=_("muestra las copias automáticas, con sus fechas y lo que contienen"),
    )
    one = sub.add_parser("restore", help=_("reemplaza la base de datos por una copia de seguridad"))
    one.add_argument("file", type=Path, metavar=_("ARCHIVO"))
    one.add_argument(
        "--yes", action="store_true", help=_("no pregunta antes (para usarlo en un script)")
    )


def _destination(out: Path | None) -> Path:
    from agroferia.cli import UsageError
    from agroferia.core import backup

    if out is None:
        return backup.backups_folder()
    out = out.expanduser()
    if out.suffix.lower() == backup.SUFFIX:
        if not out.parent.is_dir():
            raise UsageError(_("no existe la carpeta {path}", path=out.parent))
        if out.exists():  # another backup, or anything else: never written over
            raise UsageError(_("{path} ya existe: elija otro nombre, o una carpeta para que "
                               "la copia lleve su propio nombre", path=out))  # fmt: skip
        return out.with_suffix(backup.SUFFIX)
    if out.is_dir():
        return out
    raise UsageError(
        _("--out debe ser una carpeta que exista o un archivo que termine en {suffix}",
          suffix=backup.SUFFIX)
    )  # fmt: skip


def _server(target: str) -> None:
    from agroferia.config import is_url
    from agroferia.core import backup

    if is_url(target):
        raise backup.ServerDatabaseError()


def cmd_backup(args: argparse.Namespace) -> int:
    from agroferia.cli import _open
    from agroferia.config import resolve_db
    from agroferia.core import backup
    from agroferia.core.backup import describe

    if args.list:
        if args.out is not None:
            from agroferia.cli import UsageError

            raise UsageError(_("--list no lleva --out"))
        return _list()
    dest = _destination(args.out)
    _server(resolve_db(args.db))
    db = _open(args, create=False, read_only=None)  # one on a read-only place is backed up too
    try:
        with db.Session() as s:
            backup.check_may_take(s, args.actor)
    finally:
        db.close()
    started = time.perf_counter()
    info = backup.take(db.location, dest)
    seconds = time.perf_counter() - started
    print(_("Copia de seguridad guardada en {path} ({size}, {seconds} s):", path=info.path,
            size=describe.size(info.size), seconds=f"{seconds:.1f}"))  # fmt: skip
    print("\n".join(describe.lines(info)))
    return 0


def _list() -> int:
    from agroferia.core import backup
    from agroferia.core.backup import describe

    folder = backup.backups_folder()
    infos = backup.list_backups(folder)
    if not infos:
        print(_("No hay copias de seguridad en {folder}.", folder=folder))
        return 0
    print(_("Copias de seguridad en {folder}:", folder=folder))
    print("\n".join(describe.table(infos)))
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from agroferia import cli_auth
    from agroferia.cli import _open
    from agroferia.config import resolve_db
    from agroferia.core import backup
    from agroferia.core.backup import describe
    from agroferia.core.errors import DatabaseError, DatabaseTooNewError

    info = backup.inspect(args.file)  # a file that cannot be restored: refused first
    target = resolve_db(args.db)
    _server(target)
    print(_("Copia de seguridad {name}:", name=info.path.name))
    print("\n".join(describe.lines(info)))
    path = Path(target)
    db, actor = None, (args.user or "").strip().lower() or cli_auth.computer_user()
    if path.is_file() and path.stat().st_size > 0:
        try:
            db = _open(args, create=False)
        except DatabaseTooNewError:
            raise
        except DatabaseError:  # damaged: restored over, and kept aside
            print(_("La base de datos actual {path} está dañada o no es de Agroferia: se guardará "
                    "aparte, sin cambios, y la copia ocupará su lugar.", path=path),
                  file=sys.stderr)  # fmt: skip
        else:
            actor = args.actor
    try:
        if db is not None:
            with db.Session() as s:
                backup.check_may_restore(s, actor)
        if not _confirmed(args, path):
            print(_("No se restauró nada."))
            return 1
        if db is not None:
            with db.Session() as s:
                result = backup.restore(info.path, path, actor=actor, session=s)
        else:  # no database to sign in to: a damaged one's accounts, if readable, are asked
            password = None
            if args.user and path.is_file():
                password = cli_auth.read_password(
                    cli_auth.PASSWORD_VAR, _("Contraseña de {name}: ", name=actor), name=actor
                )
            result = backup.restore(info.path, path, actor=actor, password=password)
    finally:
        if db is not None:
            db.close()
    print(_("Copia restaurada en {path}.", path=result.target))
    if result.before is not None:
        print(_("La base de datos anterior se guardó en {path}", path=result.before.path))
    if result.set_aside is not None:
        print(_("La base de datos dañada se guardó aparte como {path}", path=result.set_aside))
    if result.warning is not None:
        print(_("Aviso: {warning}", warning=result.warning), file=sys.stderr)
    return 0


def _confirmed(args: argparse.Namespace, path: Path) -> bool:
    from agroferia.core.errors import OperationError
    from agroferia.core.ubigeo import fold

    if args.yes:
        return True
    if not sys.stdin.isatty():
        raise OperationError(
            lazy("Restaurar reemplaza la base de datos: confírmelo en una terminal, o agregue "
                 "--yes. No se cambió nada.")
        )  # fmt: skip
    exists = path.is_file() and path.stat().st_size > 0
    question = (
        _("¿Reemplazar {path} por esta copia? Antes se guarda una copia de la actual. Escriba "
          "«sí» para continuar: ", path=path)
        if exists
        else _("¿Restaurar esta copia en {path}? Escriba «sí» para continuar: ", path=path)
    )  # fmt: skip
    try:
        answer = input(question)
    except EOFError:
        return False
    return fold(answer).strip(" .") in YES
