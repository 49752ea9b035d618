"""The municipal summary's sheets by breakdown: *Por rubro*, *Participación* (sex × age
group, payment methods) and *Regiones*; and what every sheet of it shares: the cells of
the published figures («—» for a withheld one) and the notes that explain them."""

from __future__ import annotations

from collections.abc import Hashable

from agroferia.core import stats
from agroferia.core.disclosure import THRESHOLD
from agroferia.core.money import from_cents
from agroferia.i18n import _, _n
from agroferia.reports.common import (
    Header,
    age_group_label,
    payment_label,
    region_label,
    sex_label,
)
from agroferia.reports.published import ALL, Folded, Published, S, V
from agroferia.reports.workbook import sheet as sh
from agroferia.reports.workbook.styles import (
    INTEGER,
    MONEY,
    PERCENT,
    SUBTITLE,
    TITLE,
    WITHHELD,
    WITHHELD_TEXT,
)

Cell = sh.Cell


class Cells:
    """Cells for the published figures: the value, or «—» when it is withheld."""

    def __init__(self, published: Published) -> None:
        self.p = published

    def count(self, key: Hashable, value: int) -> Cell:
        return (value, INTEGER) if self.p.shown(key) else (WITHHELD_TEXT, WITHHELD)

    def money(self, key: Hashable, cents: int) -> Cell:
        return (from_cents(cents), MONEY) if self.p.shown(key) else (WITHHELD_TEXT, WITHHELD)

    def share(self, key: Hashable, part: int, whole: int) -> Cell:
        """``part`` of ``whole`` as a percentage, shown with ``part``."""
        if not self.p.shown(key):
            return (WITHHELD_TEXT, WITHHELD)
        return (stats.percentage(part, whole) / 100, PERCENT)


def heading(sheet: sh.Sheet, head: Header, title: str) -> None:
    sheet.add([(title, TITLE)])
    sheet.add([(f"{head.fair_label} · {head.period}", SUBTITLE)])
    sheet.add()


def withheld_note(sheet: sh.Sheet) -> None:
    sheet.add()
    sheet.paragraph(
        _("«—»: cifra reservada. La sostienen menos de {n} expositores, o permitiría "
          "calcular restando otra que lo está; así ningún dato de una persona se puede leer "
          "en este libro (Ley 29733).", n=THRESHOLD)
    )  # fmt: skip


def folded_note(sheet: sh.Sheet, label: str, names: list[str]) -> None:
    sheet.add()
    sheet.paragraph(
        _("«{label}»: {names}; se suman para que ninguna cifra descanse en menos de {n} "
          "expositores.", label=label, names=", ".join(names), n=THRESHOLD)
    )  # fmt: skip


# ------------------------------------------------------------------ Por rubro


def by_category(head: Header, p: Published) -> sh.Sheet:
    s, c = p.stats, Cells(p)
    sheet = sh.Sheet(_("Por rubro"))
    heading(sheet, head, _("Expositores y ventas por rubro"))
    v, sales = s.vendors, s.sales
    total = (S, ALL, ALL)
    folded = p.categories

    def row(label: str, present: int, cents: int) -> list[Cell]:
        money_shown = p.shown(total) or not cents
        return [
            (label, None),
            (present, INTEGER),
            (stats.percentage(present, v.present) / 100, PERCENT),
            (from_cents(cents), MONEY) if money_shown else (WITHHELD_TEXT, WITHHELD),
            (stats.percentage(cents, sales.total) / 100, PERCENT)
            if money_shown
            else (WITHHELD_TEXT, WITHHELD),
        ]

    body = [row(n, v.by_category.get(n, 0), sales.by_category.get(n, 0)) for n in folded.shown]
    others = _n(len(folded.folded), "Otro rubro", "Otros {n} rubros")
    if folded.folded:
        body.append(row(others, folded.others(v.by_category), folded.others(sales.by_category)))
    span = sheet.table(
        [_("Rubro"), _("Expositores presentes (rubro principal)"), _("% de presentes"),
         _("Ventas"), _("% de las ventas")],
        body,
        [None, INTEGER, PERCENT, MONEY, PERCENT],
        total=sh.bold([(_("Total"), None), (v.present, INTEGER),
                       (stats.percentage(v.present, v.present) / 100, PERCENT),
                       c.money(total, sales.total), c.share(total, sales.total, sales.total)]),
    )  # fmt: skip
    if folded.folded:
        folded_note(sheet, others, folded.folded)
    if not p.shown(total):
        withheld_note(sheet)
    elif sales.total and not span.empty:
        sheet.charts.append(
            sh.bar_chart(
                title=_("Ventas por rubro"), values_col=4, labels_col=1, span=span, horizontal=True
            )
        )
    return sheet


# ------------------------------------------------------------------ Participación


def group_names(youth_range: tuple[int, int]) -> list[str]:
    """The age groups' column titles, the youth one with its range."""
    low, high = youth_range
    return [
        _("Jóvenes ({low}–{high} años)", low=low, high=high) if g == stats.YOUTH
        else age_group_label(g)
        for g in stats.AGE_GROUPS
    ]  # fmt: skip


def _grid(
    sheet: sh.Sheet,
    p: Published,
    kind: str,
    values: dict[str, dict[str, int]],
    share_header: str,
    whole: int,
) -> None:
    """One table by sex × age group (vendors or sales), its totals and its shares."""
    c = Cells(p)
    groups = stats.AGE_GROUPS
    names = group_names(p.stats.youth_range)
    figure = c.count if kind == V else c.money
    style = INTEGER if kind == V else MONEY
    by_sex = {x: sum(values[x].values()) for x in stats.SEXES}
    by_group = {g: sum(values[x][g] for x in stats.SEXES) for g in groups}
    sheet.table(
        [_("Sexo"), *names, _("Total"), share_header],
        [
            [(sex_label(x), None), *(figure((kind, x, g), values[x][g]) for g in groups),
             figure((kind, x, ALL), by_sex[x]), c.share((kind, x, ALL), by_sex[x], whole)]
            for x in stats.SEXES
        ],
        [None, style, style, style, style, PERCENT],
        total=sh.bold([(_("Total"), None), *(figure((kind, ALL, g), by_group[g]) for g in groups),
                       figure((kind, ALL, ALL), whole),
                       c.share((kind, ALL, ALL), whole, whole)]),
        extra=[sh.bold([(share_header, None),
                        *(c.share((kind, ALL, g), by_group[g], whole) for g in groups),
                        c.share((kind, ALL, ALL), whole, whole)])],
    )  # fmt: skip


def participation(head: Header, p: Published) -> sh.Sheet:
    s = p.stats
    sheet = sh.Sheet(_("Participación"))
    heading(sheet, head, _("Participación por sexo y edad"))
    sheet.add([(_("Expositores presentes por sexo y edad"), SUBTITLE)])
    _grid(sheet, p, V, s.vendors.by_sex_youth, _("% de presentes"), s.vendors.present)
    sheet.add()
    sheet.add([(_("Ventas por sexo y edad"), SUBTITLE)])
    _grid(sheet, p, S, s.sales.by_sex_youth, _("% de las ventas"), s.sales.total)
    sheet.add()

    sheet.add([(_("Ventas por medio de pago"), SUBTITLE)])
    c, methods, folded = Cells(p), s.sales.by_payment_method, p.methods
    total = (S, ALL, ALL)

    def row(label: str, cents: int) -> list[Cell]:
        if not (p.shown(total) or not cents):
            return [(label, None), (WITHHELD_TEXT, WITHHELD), (WITHHELD_TEXT, WITHHELD)]
        return [(label, None), (from_cents(cents), MONEY),
                (stats.percentage(cents, s.sales.total) / 100, PERCENT)]  # fmt: skip

    body = [row(payment_label(m), methods[m]) for m in folded.shown]
    if folded.folded:
        names = ", ".join(payment_label(m) for m in folded.folded)
        body.append(row(_("Otros: {names}", names=names), folded.others(methods)))
    sheet.table(
        [_("Medio de pago"), _("Ventas"), _("% de las ventas")],
        body,
        [None, MONEY, PERCENT],
        total=sh.bold([(_("Total"), None), c.money(total, s.sales.total),
                       c.share(total, s.sales.total, s.sales.total)]),
    )  # fmt: skip
    if p.any_withheld(V) or p.any_withheld(S) or folded.folded:
        withheld_note(sheet)
    return sheet


# ------------------------------------------------------------------ Regiones


def regions(head: Header, p: Published) -> sh.Sheet:
    s = p.stats
    sheet = sh.Sheet(_("Regiones"))
    heading(sheet, head, _("Regiones de origen de los expositores presentes"))
    folded: Folded = p.regions

    def row(label: str, n: int) -> list[Cell]:
        return [
            (label, None),
            (n, INTEGER),
            (stats.percentage(n, s.vendors.present) / 100, PERCENT),
        ]

    body = [row(region_label(k), s.regions[k]) for k in folded.shown]
    others = _n(len(folded.folded), "Otra región", "Otras {n} regiones")
    if folded.folded:
        body.append(row(others, folded.others(s.regions)))
    sheet.table(
        [_("Región"), _("Expositores presentes"), _("% de presentes")],
        body,
        [None, INTEGER, PERCENT],
        total=sh.bold(row(_("Total"), s.vendors.present)),
    )
    if folded.folded:
        folded_note(sheet, others, [region_label(k) for k in folded.folded])
    return sheet
