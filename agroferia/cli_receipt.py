"""Fee receipts from the command line.

    agroferia [--db …] export receipt --fair FERIA --number N --out FILE.pdf [--lang es|en]
    agroferia [--db …] receipt list --fair FERIA [--document DNI]
    agroferia [--db …] receipt void --fair FERIA --number N --reason "…"

``export receipt`` prints a receipt again, marked «COPIA» (a voided one «ANULADO»);
``list`` shows a fair's receipts (or a vendor's there); ``void`` marks one void with why
(its number is never given again; the payment stays as it is).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from agroferia import i18n
from agroferia.i18n import _


def _positive(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(_("debe ser un número entero positivo"))
    return int(value)


def add_export_parser(exp_sub) -> None:
    one = exp_sub.add_parser("receipt", help=_("copia de un recibo de cuota en PDF"))
    one.add_argument("--fair", required=True, metavar=_("FERIA"), help=_("feria del recibo"))
    one.add_argument("--number", required=True, type=_positive, metavar="N",
                     help=_("número del recibo"))  # fmt: skip
    one.add_argument("--out", required=True, type=Path, metavar=_("ARCHIVO.pdf"))
    one.add_argument("--lang", choices=i18n.LANGUAGES, help=_("idioma: es (español) o en"))


def add_parser(sub) -> None:
    receipt = sub.add_parser("receipt", help=_("los recibos de cuota: listarlos o anular uno"))
    actions = receipt.add_subparsers(dest="action", metavar=_("acción"), required=True)
    one = actions.add_parser("list", help=_("los recibos de una feria, del más reciente"))
    one.add_argument("--fair", required=True, metavar=_("FERIA"))
    one.add_argument("--document", metavar="DNI", help=_("solo los de este expositor"))
    one = actions.add_parser(
        "void", help=_("anula un recibo emitido por error (el pago no cambia)")
    )
    one.add_argument("--fair", required=True, metavar=_("FERIA"))
    one.add_argument("--number", required=True, type=_positive, metavar="N")
    one.add_argument("--reason", required=True, metavar=_("MOTIVO"), help=_("por qué se anula"))


def export(args: argparse.Namespace) -> int:
    from agroferia.cli import _check_out, _open
    from agroferia.core import fairs
    from agroferia.core.fees import receipts
    from agroferia.reports.receipt import write_receipt

    _check_out(args.out, ".pdf")
    db = _open(args, create=False)
    try:
        with db.Session() as s:
            fair = fairs.fair_by_name(s, args.fair)
            receipt = receipts.find(s, fair.id, args.number)
            write_receipt(s, receipt.id, args.out, copy=True, lang=args.lang)
    finally:
        db.close()
    print(_("Guardado en {path}", path=args.out))
    return 0


def run(args: argparse.Namespace) -> int:
    from agroferia.cli import _open

    db = _open(args, create=False)
    try:
        return _void(db, args) if args.action == "void" else _list(db, args)
    finally:
        db.close()


def _list(db, args: argparse.Namespace) -> int:
    from agroferia.core import fairs, labels, privacy
    from agroferia.core.fees import receipts
    from agroferia.core.money import format_money

    with db.Session() as s:
        fair = fairs.fair_by_name(s, args.fair)
        vendor_id = privacy.find(s, args.document).id if args.document else None
        found = [r for r in receipts.documents(s, vendor_id=vendor_id) if r.fair_id == fair.id]
    if not found:
        print(_("No hay recibos."))
        return 0
    for r in found:
        method = labels.PAYMENT_METHOD[r.method].render() if r.method else "—"
        line = (f"{r.number_text}  {r.received_on:%d/%m/%Y}  {r.vendor_code}  {r.vendor_name}  "
                f"{format_money(r.cents, cents=True)}  {method}")  # fmt: skip
        if r.voided:
            line += "  " + _("ANULADO: {reason}", reason=r.void_reason or "")
        print(line)
    return 0


def _void(db, args: argparse.Namespace) -> int:
    from agroferia.core import fairs
    from agroferia.core.fees import receipts

    with db.Session.begin() as s:
        fair = fairs.fair_by_name(s, args.fair)
        receipt = receipts.find(s, fair.id, args.number)
        receipts.void(s, args.actor, receipt.id, args.reason)
        number = receipts.number_text(receipt.number)
    print(_("Recibo N° {number} anulado; su número no se vuelve a usar.", number=number))
    return 0
