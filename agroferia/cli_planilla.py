"""``agroferia export planilla``: the paper planilla of one fair day, to fill in by hand.

    agroferia [--db …] [--user NAME] export planilla --date AAAA-MM-DD [--fair FERIA]
        --out FILE.pdf [--slips] [--lang es|en]

The fair day must exist (a day that has not come yet is the usual case: the planilla is
printed before the fair): the planilla is the paper side of that day's sheet, which lists
the fair's active members in the same order.  A date with no fair day is refused, saying
how to create it.  The planilla carries names, so on a database with accounts it needs
``--user`` and an account that works with people.  ``--slips`` writes instead one sales
slip per vendor, to hand out at the start of the day (``reports.planilla_slips``).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from agroferia import i18n
from agroferia.i18n import N_, _, _n


def add_parser(exp_sub, date_type, day: str) -> None:
    """``export planilla``; ``date_type`` parses a date, ``day`` names its form."""
    one = exp_sub.add_parser(
        "planilla", help=_("planilla de una jornada en PDF, para llenar a mano en la feria")
    )
    one.add_argument(
        "--date", required=True, type=date_type, metavar=day, help=_("fecha de la jornada")
    )
    one.add_argument(
        "--fair", metavar=_("FERIA"), help=_("feria de la jornada (por defecto, la predeterminada)")
    )
    one.add_argument("--out", required=True, type=Path, metavar=_("ARCHIVO.pdf"))
    one.add_argument(
        "--slips",
        action="store_true",
        help=_("en lugar de la planilla, un registro de ventas por expositor para repartir al "
               "comienzo de la jornada (8 por página)"),
    )  # fmt: skip
    one.add_argument("--lang", choices=i18n.LANGUAGES, help=_("idioma: es (español) o en"))


def run(args: argparse.Namespace) -> int:
    from agroferia.cli import _check_out, _open, fair_day_of
    from agroferia.reports.planilla import write_planilla
    from agroferia.reports.planilla_slips import write_slips

    _check_out(args.out, ".pdf")
    db = _open(args, create=False)
    try:
        with db.Session() as s:
            day = fair_day_of(
                s,
                args,
                N_("La feria «{fair}» no tiene jornada el {date}: créela primero en la página "
                   "Jornadas (o con «Nueva jornada…» en la hoja de la jornada) y vuelva a pedir "
                   "la planilla."),
            )  # fmt: skip
            write = write_slips if args.slips else write_planilla
            result = write(s, day.id, args.out, lang=args.lang, actor=args.actor)
    finally:
        db.close()
    if args.slips:
        print(
            _n(
                result.pages,
                "Registros de ventas (1 página) guardados en {path}",
                "Registros de ventas ({n} páginas) guardados en {path}",
                path=args.out,
            )
        )
    else:
        print(_n(result.pages, "Planilla de 1 página guardada en {path}",
                 "Planilla de {n} páginas guardada en {path}", path=args.out))  # fmt: skip
    return 0
