"""``agroferia person``: a person's rights from the command line (Ley 29733).

    agroferia [--db …] person export --document DNI --out FILE.pdf|FILE.json [--lang es|en]
    agroferia [--db …] person anonymize --document DNI [--yes]
    agroferia [--db …] person compact

``export`` gives everything the app holds about the person; ``anonymize`` removes them from
a withdrawn vendor's record, asking first on a terminal (``--yes`` for scripts).  Both are
written to the audit trail, without any personal value.  ``anonymize`` then rewrites the
file so that no old copy of the removed values is left in it; while another program keeps
the file open that cannot be finished, and ``compact`` finishes it later (it is harmless to
run it again).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from agroferia import i18n
from agroferia.core.ubigeo import fold
from agroferia.i18n import _, lazy

YES = {"S", "SI", "Y", "YES"}


def add_parser(sub) -> None:
    person = sub.add_parser(
        "person", help=_("los derechos de una persona: entregarle sus datos o anonimizarlos")
    )
    actions = person.add_subparsers(dest="action", metavar=_("acción"), required=True)
    one = actions.add_parser(
        "export", help=_("todo lo que se guarda de una persona, en PDF o JSON")
    )
    one.add_argument("--document", required=True, metavar="DNI", help=_("su número de documento"))
    one.add_argument("--out", required=True, type=Path, metavar=_("ARCHIVO.pdf|ARCHIVO.json"))
    one.add_argument("--lang", choices=i18n.LANGUAGES, help=_("idioma: es (español) o en"))
    one = actions.add_parser(
        "anonymize", help=_("borra los datos personales de un expositor retirado, a su pedido")
    )
    one.add_argument("--document", required=True, metavar="DNI", help=_("su número de documento"))
    one.add_argument(
        "--yes", action="store_true", help=_("no pregunta antes (para usarlo en un script)")
    )
    actions.add_parser(
        "compact",
        help=_("termina de borrar del archivo las copias antiguas de datos anonimizados (si "
               "otro programa lo tenía abierto al anonimizar)"),
    )  # fmt: skip


def run(args: argparse.Namespace) -> int:
    from agroferia.cli import UsageError, _check_out, _open

    if args.action == "export":
        if args.out.suffix.lower() not in (".pdf", ".json"):
            raise UsageError(_("el archivo de salida debe terminar en .pdf o .json"))
        _check_out(args.out, args.out.suffix.lower())
    db = _open(args, create=False)
    try:
        _may_handle_personal_data(db, args.actor)
        if args.action == "compact":
            return _compact(db, args)
        return _export(db, args) if args.action == "export" else _anonymize(db, args)
    finally:
        db.close()


def _may_handle_personal_data(db, actor: str) -> None:
    """Refused before anything is asked or written (the services check it again)."""
    from agroferia.core import accounts

    with db.Session() as s:
        accounts.require(s, actor, accounts.Right.PERSONAL_DATA)


def _export(db, args: argparse.Namespace) -> int:
    from agroferia.core import privacy
    from agroferia.reports.person import export_person

    with db.Session() as s:
        vendor = privacy.find(s, args.document)
        vendor_id, code = vendor.id, vendor.code
    export_person(db.Session, args.actor, vendor_id, args.out, lang=args.lang)
    print(_("Datos de {code} guardados en {path}", code=code, path=args.out))
    return 0


def _anonymize(db, args: argparse.Namespace) -> int:
    from agroferia.core import privacy
    from agroferia.core.errors import OperationError

    with db.Session() as s:
        vendor = privacy.find(s, args.document)
        vendor_id, code, name = vendor.id, vendor.code, vendor.full_name
    if not args.yes:
        if not sys.stdin.isatty():
            raise OperationError(
                lazy("Anonimizar no se deshace: confírmelo en una terminal, o agregue --yes.")
            )
        answer = input(
            _("¿Anonimizar a {name} ({code})? Sus datos personales se borran y no se "
              "pueden recuperar. Escriba «sí» para continuar: ", name=name, code=code)
        )  # fmt: skip
        if fold(answer).strip(" .") not in YES:
            print(_("No se anonimizó a nadie."))
            return 1
    with db.Session.begin() as s:
        done = privacy.anonymize(s, args.actor, vendor_id)
    print(_("{code} anonimizado. Se conservan su sexo, región y rubro principal; fecha de "
            "nacimiento conservada: {kept}.", code=done.code,
            kept=_kept(done.birth_date.precision)))  # fmt: skip
    return _compact(db, args)


def _compact(db, args: argparse.Namespace) -> int:
    """Rewrites the file without old copies of removed values; 1 when another program keeps
    them in it (saying how to finish)."""
    from agroferia.cli import EXIT_FAILED
    from agroferia.core import privacy

    try:
        privacy.compact(db.engine)
    except privacy.StillOpenError as exc:
        print(f"agroferia: {_('error')}: {exc} " + _("Ciérrelo y termine con: {command} "
              "(repetirlo no hace daño).", command=_finish_command(args)),
              file=sys.stderr)  # fmt: skip
        _older_copies(db.location)
        return EXIT_FAILED
    if args.action == "compact":
        print(_("Archivo reescrito: no quedan en él copias antiguas de los datos borrados."))
    _older_copies(db.location)
    return 0


def _finish_command(args: argparse.Namespace) -> str:
    """``agroferia [--db …] [--user …] person compact``, as this command was run (written
    like ``privacy.finish_command``, which names no account)."""
    import os
    import shlex
    import subprocess

    from agroferia.core import privacy
    from agroferia.core.network.urls import without_password

    if not args.user:
        return privacy.finish_command(args.db)
    words = ["agroferia", *(["--db", without_password(args.db)] if args.db else []), "--user",
             args.user, "person", "compact"]  # fmt: skip
    return subprocess.list2cmdline(words) if os.name == "nt" else shlex.join(words)


def _older_copies(location: str) -> None:
    from agroferia.core import privacy

    copies = privacy.older_copies(location)
    if copies:
        print(_("Estas copias anteriores de la base de datos aún tienen sus datos; bórrelas si "
                "ya no las necesita:"))  # fmt: skip
        for copy in copies:
            print(f"  {copy}")


def _kept(precision: str) -> str:
    from agroferia.reports.person_text import PRECISION

    return PRECISION[precision].render()
