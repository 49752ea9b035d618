"""``agroferia summary``: the summaries the statistics read (``core.summaries``).

    agroferia [--db …] summary --check
    agroferia [--db …] [--user ADMIN] summary --rebuild

The application keeps them current with every sale and attendance it writes; ``--check``
compares them with the sales and the attendance (exit status 1 when they differ) and
``--rebuild`` recomputes them, for a database changed by hand, outside the application.
"""

from __future__ import annotations

import argparse
import sys

from agroferia.i18n import _, _n


def add_parser(sub) -> None:
    summary = sub.add_parser(
        "summary", help=_("comprueba o reconstruye los resúmenes que leen las estadísticas")
    )
    what = summary.add_mutually_exclusive_group(required=True)
    what.add_argument(
        "--check", action="store_true", help=_("los compara con las ventas y la asistencia")
    )
    what.add_argument(
        "--rebuild",
        action="store_true",
        help=_("los calcula de nuevo a partir de las ventas y la asistencia"),
    )


def run(args: argparse.Namespace) -> int:
    from agroferia.cli import _open
    from agroferia.core import summaries

    db = _open(args, create=False)
    try:
        if args.rebuild:
            with db.Session.begin() as s:
                rows = summaries.rebuild_by(s, args.actor or "")
            print(_("Resúmenes de las estadísticas reconstruidos: {n} filas.", n=f"{rows:,}"))
            return 0
        with db.Session() as s:
            found = summaries.check(s)
    finally:
        db.close()
    if found.current:
        print(
            _("Los resúmenes de las estadísticas coinciden con las ventas y la asistencia "
              "({n} filas).", n=f"{found.rows:,}")
        )  # fmt: skip
        return 0
    parts = []
    if found.stale_days:
        days = ", ".join(d.strftime("%d/%m/%Y") for d in found.stale_days[:10])
        if len(found.stale_days) > 10:
            days += ", …"
        parts.append(
            _n(len(found.stale_days), "las ventas de una jornada ({days})",
               "las ventas de {n} jornadas ({days})", days=days)
        )  # fmt: skip
    if found.stale_years:
        years = ", ".join(str(y) for y in found.stale_years)
        parts.append(
            _n(len(found.stale_years), "la asistencia del año {years}",
               "la asistencia de los años {years}", years=years)
        )  # fmt: skip
    print(
        _("Los resúmenes de las estadísticas no coinciden con {what}. "
          "Reconstrúyalos con: agroferia summary --rebuild", what=_(" ni con ").join(parts)),
        file=sys.stderr,
    )  # fmt: skip
    return 1
