"""``agroferia export statement``: a producer's «constancia de participación y ventas», and
looking one up by its verification code.

    agroferia [--db …] export statement --document DNI --from D --to D --out FILE.pdf
                                        [--lang es|en]
    agroferia [--db …] export statement --verify CODE

Issuing one is an export of personal data: it needs an account that may take them out of
the app (administrator or organizer) and is written to the audit trail with its code.
``--verify`` says whether a statement with that code was issued here, to whom, for which
period and with which totals, and whether the figures recorded now still give that code.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from agroferia import i18n
from agroferia.i18n import _


def add_parser(exp_sub, day: str, date_type) -> None:
    one = exp_sub.add_parser(
        "statement",
        help=_("constancia de participación y ventas de un expositor, en PDF (o --verify "
               "CÓDIGO para comprobar una)"),
    )  # fmt: skip
    one.add_argument("--document", metavar="DNI", help=_("su número de documento"))
    one.add_argument("--from", dest="start", type=date_type, metavar=day)
    one.add_argument("--to", dest="end", type=date_type, metavar=day)
    one.add_argument("--out", type=Path, metavar=_("ARCHIVO.pdf"))
    one.add_argument("--lang", choices=i18n.LANGUAGES, help=_("idioma: es (español) o en"))
    one.add_argument(
        "--verify",
        metavar=_("CÓDIGO"),
        help=_("comprueba una constancia por su código de verificación"),
    )


def run(args: argparse.Namespace) -> int:
    from agroferia.cli import UsageError, _check_out, _check_period, _open

    if args.verify is not None:
        given = [o for o, v in (("--document", args.document), ("--from", args.start),
                                ("--to", args.end), ("--out", args.out)) if v is not None]  # fmt: skip
        if given:
            raise UsageError(_("--verify va solo: sin {options}", options=", ".join(given)))
    else:
        missing = [o for o, v in (("--document", args.document), ("--from", args.start),
                                  ("--to", args.end), ("--out", args.out)) if v is None]  # fmt: skip
        if missing:
            raise UsageError(_("faltan {options}", options=", ".join(missing)))
        _check_period(args)
        _check_out(args.out, ".pdf")
    db = _open(args, create=False)
    try:
        return _verify(db, args) if args.verify is not None else _issue(db, args)
    finally:
        db.close()


def _issue(db, args: argparse.Namespace) -> int:
    from agroferia.core import privacy, statements
    from agroferia.reports.statement import export_statement

    with db.Session() as s:
        statements.check_may_issue(s, args.actor)  # before the document is looked up
        vendor = privacy.find(s, args.document)
        vendor_id = vendor.id
    st = export_statement(db.Session, args.actor, vendor_id, args.start, args.end, args.out,
                          lang=args.lang)  # fmt: skip
    print(_("Constancia de {code} guardada en {path} (código de verificación {verification})",
            code=st.code, path=args.out, verification=st.verification))  # fmt: skip
    return 0


def _verify(db, args: argparse.Namespace) -> int:
    from decimal import Decimal

    from agroferia.core import statements
    from agroferia.core.money import format_money
    from agroferia.reports.common import date_text, local_time, period_text

    with db.Session() as s:
        found = statements.verify(s, args.actor, args.verify)

    def soles(value: str) -> str:
        return format_money(Decimal(value))

    who = f"{found.vendor_name} ({found.vendor_code})" if found.vendor_name else found.vendor_code
    lines = [
        _("Constancia auténtica {code}", code=found.verification),
        _("  Expositor: {who}", who=who),
        _("  Periodo: {period}", period=period_text(found.start, found.end)),
        _("  Emitida el {date} por {actor}", date=date_text(found.issued_on),
          actor=found.actor),
        _("  Registrada el {at}", at=local_time(found.at).strftime("%d/%m/%Y %H:%M")),
        _("  Jornadas presente: {n}; ventas: {sales}; cuotas: {due}; pagado: {paid}",
          n=found.days_present, sales=soles(found.sales), due=soles(found.fees_due),
          paid=soles(found.fees_paid)),
        _("  Las cifras registradas hoy son las mismas.") if found.still_matches else
        _("  Las cifras registradas cambiaron desde entonces (se corrigieron ventas, cuotas "
          "o asistencias de ese periodo)."),
    ]  # fmt: skip
    print("\n".join(lines))
    return 0
