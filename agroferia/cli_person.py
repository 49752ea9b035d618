"""``agroferia person``: a person's rights from the command line (Ley 29733).

    agroferia [--db …] person export --document DNI --out FILE.pdf|FILE.json [--lang es|en]

``export`` gives everything the app holds about the person; it is written to the audit
trail, without any personal value.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from agroferia import i18n
from agroferia.i18n import _


def add_parser(sub) -> None:
    person = sub.add_parser("person", help=_("los derechos de una persona: entregarle sus datos"))
    actions = person.add_subparsers(dest="action", metavar=_("acción"), required=True)
    one = actions.add_parser(
        "export", help=_("todo lo que se guarda de una persona, en PDF o JSON")
    )
    one.add_argument("--document", required=True, metavar="DNI", help=_("su número de documento"))
    one.add_argument("--out", required=True, type=Path, metavar=_("ARCHIVO.pdf|ARCHIVO.json"))
    one.add_argument("--lang", choices=i18n.LANGUAGES, help=_("idioma: es (español) o en"))


def run(args: argparse.Namespace) -> int:
    from agroferia.cli import UsageError, _check_out, _open

    if args.action == "export":
        if args.out.suffix.lower() not in (".pdf", ".json"):
            raise UsageError(_("el archivo de salida debe terminar en .pdf o .json"))
        _check_out(args.out, args.out.suffix.lower())
    db = _open(args, create=False)
    try:
        return _export(db, args)
    finally:
        db.close()


def _export(db, args: argparse.Namespace) -> int:
    from agroferia.core import privacy
    from agroferia.reports.person import export_person

    with db.Session() as s:
        vendor = privacy.find(s, args.document)
        vendor_id, code = vendor.id, vendor.code
    export_person(db.Session, _actor(), vendor_id, args.out, lang=args.lang)
    print(_("Datos de {code} guardados en {path}", code=code, path=args.out))
    return 0


def _actor() -> str:
    """Who runs the command, until accounts arrive: the computer's user name."""
    import getpass

    try:
        return getpass.getuser() or "consola"
    except (KeyError, OSError):
        return "consola"
