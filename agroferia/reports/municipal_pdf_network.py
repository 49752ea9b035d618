"""The municipal report's page *Red de ferias*, with every fair of a network of several:
the fairs of the period side by side (``core.network.comparison``) and the network's
total, in which a producer present at several fairs is counted once; published as the
municipal workbook publishes it (``reports.published``): a withheld figure is «—»."""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable, KeepTogether, PageBreak

from agroferia.core.money import format_money
from agroferia.core.network.comparison import Row
from agroferia.core.stats import YOUTH
from agroferia.i18n import _
from agroferia.reports import common
from agroferia.reports.municipal_pdf_breakdowns import WITHHELD, Layout, withheld_note
from agroferia.reports.network_text import definitions_text, no_attendance_text, several_text
from agroferia.reports.pdf_layout import count, money, para
from agroferia.reports.published import ALL, Published, S, V

MEASURES = ("women", "youth", "sales")


def _cells(row: Row, shown: dict[str, bool]) -> list[Any]:
    average = WITHHELD
    if row.average is None:  # nobody came: no average («—» is a withheld figure)
        average = no_attendance_text()
    elif shown["sales"]:
        average = format_money(row.average)
    return [
        count(row.fair_days),
        count(row.present),
        common.percent(row.women_share) if shown["women"] else WITHHELD,
        common.percent(row.youth_share) if shown["youth"] else WITHHELD,
        money(row.sales) if shown["sales"] else WITHHELD,
        average,
    ]


def network(p: Published, layout: Layout) -> list[Flowable]:
    """A page of its own: the table of the fairs, the total and why it counts fewer."""
    c = p.network
    if c is None or c.empty:
        return []
    st = layout.st
    low, high = c.youth_range
    rows = [
        [para(r.fair or "", st["cell"]),
         *_cells(r, {m: p.fair_shown(r.fair_id, m) for m in MEASURES})]
        for r in c.rows
    ]  # fmt: skip
    network_shown = {
        "women": p.shown((V, "F", ALL)),
        "youth": p.shown((V, ALL, YOUTH)),
        "sales": p.shown((S, ALL, ALL)),
    }
    total = [para(_("Red (cada productor una vez)"), st["cell_bold"]),
             *_cells(c.total, network_shown)]  # fmt: skip
    table = layout.table(
        [_("Feria"), _("Jornadas"), _("Expositores presentes"), _("% de mujeres"),
         _("% de jóvenes ({low}–{high} años)", low=low, high=high), _("Ventas"),
         _("Promedio por expositor y jornada")],
        rows,
        total,
        [0.20, 0.11, 0.14, 0.10, 0.13, 0.16, 0.16],
        blocks=((0, len(rows) - 1),) if len(rows) <= 20 else (),
    )  # fmt: skip
    notes = [
        layout.note(several_text(c.in_several_fairs)),
        layout.note(definitions_text()),
    ]
    if p.any_withheld("fair") or not all(network_shown.values()):
        notes.append(withheld_note(layout))
    return [
        PageBreak(),
        layout.h2(_("Red de ferias")),
        layout.note(_("Las ferias de la red, lado a lado, en el periodo.")),
        KeepTogether([table, *notes]),
    ]
