"""The municipal workbook's sheet *Red de ferias*, with every fair of a network of
several: the fairs of the period side by side (``core.network.comparison``) and the
network's total, in which a producer present at several fairs is counted once.  Aggregates
only, published as the other sheets publish (``reports.published``): a withheld figure is
«—»."""

from __future__ import annotations

from agroferia.core import stats
from agroferia.core.money import from_cents
from agroferia.core.network.comparison import Row
from agroferia.i18n import _
from agroferia.reports.common import Header
from agroferia.reports.network_text import definitions_text, no_attendance_text, several_text
from agroferia.reports.published import ALL, Published, S, V
from agroferia.reports.workbook import sheet as sh
from agroferia.reports.workbook.municipal_breakdowns import heading, withheld_note
from agroferia.reports.workbook.styles import (
    INTEGER,
    MONEY,
    PERCENT,
    SUBTITLE,
    WITHHELD,
    WITHHELD_TEXT,
)

Cell = sh.Cell
NONE = (WITHHELD_TEXT, WITHHELD)


def _cells(row: Row, shown: dict[str, bool]) -> list[Cell]:
    """The figures of one row; ``shown``: whether its women, youth and sales are published."""

    def share(value) -> Cell:
        return (value / 100, PERCENT)

    average: Cell = NONE
    if row.average is None:  # nobody came: no average («—» is a withheld figure)
        average = (no_attendance_text(), WITHHELD)
    elif shown["sales"]:
        average = (row.average, MONEY)
    return [
        (row.fair_days, INTEGER),
        (row.present, INTEGER),
        share(row.women_share) if shown["women"] else NONE,
        share(row.youth_share) if shown["youth"] else NONE,
        (from_cents(row.sales), MONEY) if shown["sales"] else NONE,
        average,
    ]


def network(head: Header, p: Published) -> sh.Sheet:
    c = p.network
    assert c is not None, "the sheet of the network is for every fair"
    sheet = sh.Sheet(_("Red de ferias"))
    heading(sheet, head, _("Las ferias de la red, lado a lado"))
    if c.empty:  # the headers all the same: the sheet looks like the others
        sheet.add([(_("No hubo jornadas en este periodo."), SUBTITLE)])
        sheet.add()
    low, high = c.youth_range
    measures = ("women", "youth", "sales")
    body = [
        [(r.fair, None), *_cells(r, {m: p.fair_shown(r.fair_id, m) for m in measures})]
        for r in c.rows
    ]
    network_shown = {
        "women": p.shown((V, "F", ALL)),
        "youth": p.shown((V, ALL, stats.YOUTH)),
        "sales": p.shown((S, ALL, ALL)),
    }
    sheet.table(
        [_("Feria"), _("Jornadas"), _("Expositores presentes"), _("% de mujeres"),
         _("% de jóvenes ({low}–{high} años)", low=low, high=high), _("Ventas"),
         _("Promedio de ventas por expositor y jornada")],
        body,
        [None, INTEGER, INTEGER, PERCENT, PERCENT, MONEY, MONEY],
        total=None if c.empty else sh.bold([(_("Red (cada productor una vez)"), None),
                                             *_cells(c.total, network_shown)]),
    )  # fmt: skip
    if c.empty:
        return sheet
    sheet.add()
    sheet.paragraph(several_text(c.in_several_fairs))
    sheet.paragraph(definitions_text())
    if p.any_withheld("fair") or not all(network_shown.values()):
        withheld_note(sheet)
    return sheet
