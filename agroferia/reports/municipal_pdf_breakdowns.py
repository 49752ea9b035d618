"""The municipal report's breakdowns: sales by rubro, participation by sex and age group, and
regions of origin; and what every section of the report shares: the text of a published
figure («—» when it is withheld) and the notes that explain «—» and «Otros».

The report publishes what the municipal workbook publishes (``reports.published``): a
figure resting on one or two vendors, and any other that would give it back by subtraction,
is «—»; rubros and regions with fewer than three vendors are added up in one «Otros» row.
A chart never draws a withheld figure: it shows what the tables publish, or is left out.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table

from agroferia.core import stats as core_stats
from agroferia.core.disclosure import THRESHOLD
from agroferia.core.stats import AGE_GROUPS, NON_YOUTH, NOT_STATED, YOUTH
from agroferia.i18n import _, _n
from agroferia.reports import common
from agroferia.reports.pdf_charts import category_chart, participation_chart, totals_chart
from agroferia.reports.pdf_layout import count, data_table, money, para
from agroferia.reports.published import ALL, Published, S, V

WITHHELD = "—"  # a figure withheld so that no person's data can be read from it


class Shown:
    """The text of the published figures: the value, or «—» when it is withheld.
    ``withheld`` tells whether any «—» was given (its note is then due)."""

    def __init__(self, published: Published) -> None:
        self.p = published
        self.withheld = False

    def _ok(self, key: Hashable) -> bool:
        if self.p.shown(key):
            return True
        self.withheld = True
        return False

    def count(self, key: Hashable, n: int) -> str:
        return count(n) if self._ok(key) else WITHHELD

    def money(self, key: Hashable, cents: int) -> str:
        return money(cents) if self._ok(key) else WITHHELD

    def share(self, key: Hashable, part: int, whole: int) -> str:
        """``part`` of ``whole`` in per cent, shown with ``part`` (``key``)."""
        return common.percent(core_stats.percentage(part, whole)) if self._ok(key) else WITHHELD


@dataclass(frozen=True)
class Layout:
    """The report's styles and text width, for the sections built here."""

    st: dict[str, ParagraphStyle]
    width: float

    def h2(self, text: str) -> Paragraph:
        return para(text, self.st["h2"])

    def note(self, text: str) -> Paragraph:
        return para(text, self.st["note"])

    def table(
        self,
        headers: list[str],
        rows: list[list[Any]],
        total: list[Any] | None,
        widths: list[float],
        **kw: Any,
    ) -> Table:
        """``data_table`` with column widths given as fractions of the text width."""
        return data_table(headers, rows, total, [w * self.width for w in widths], self.st, **kw)


def withheld_note(layout: Layout) -> Paragraph:
    return layout.note(
        _("«—»: cifra reservada. La sostienen menos de {n} expositores, o permitiría "
          "calcular restando otra que lo está; así ningún dato de una persona se puede leer "
          "en este informe (Ley 29733).", n=THRESHOLD)
    )  # fmt: skip


def folded_note(layout: Layout, label: str, names: list[str]) -> Paragraph:
    return layout.note(
        _("«{label}»: {names}; se suman para que ninguna cifra descanse en menos de {n} "
          "expositores.", label=label, names=", ".join(names), n=THRESHOLD)
    )  # fmt: skip


# ------------------------------------------------------------------------------ rubros


def by_category(p: Published, layout: Layout) -> list[Flowable]:
    """The chart and the table by rubro: small rubros in «Otros»; sales withheld («—», no
    chart) when the total is."""
    s, v = p.stats.sales, p.stats.vendors
    folded = p.categories
    if not folded.shown and not folded.folded:
        return []
    total = (S, ALL, ALL)
    money_shown = p.shown(total)
    others = _n(len(folded.folded), "Otro rubro", "Otros {n} rubros")
    lines = [(n, v.by_category.get(n, 0), s.by_category.get(n, 0)) for n in folded.shown]
    if folded.folded:
        lines.append((others, folded.others(v.by_category), folded.others(s.by_category)))
    shown = Shown(p)

    def sales(cents: int) -> tuple[str, str]:
        """The amount and its share of the total: a zero is no one's."""
        if not cents:
            return money(0), common.percent(core_stats.percentage(0, s.total))
        return shown.money(total, cents), shown.share(total, cents, s.total)

    title = layout.h2(_("Ventas por rubro"))
    flow: list[Flowable] = [title]
    drawn = {name: cents for name, _present, cents in lines if cents} if money_shown else {}
    if len(drawn) > 1:  # one bar would only say 100 %
        shares = {n: common.percent(core_stats.percentage(c, s.total)) for n, c in drawn.items()}
        flow = [KeepTogether([title, category_chart(drawn, shares, layout.width)]), Spacer(1, 10)]
    rows = [
        [para(name, layout.st["cell"]), count(present), *sales(cents)]
        for name, present, cents in lines
    ]
    total_row = [
        para(_("Total"), layout.st["cell_bold"]),
        count(v.present),
        shown.money(total, s.total),
        shown.share(total, s.total, s.total),
    ]
    table = layout.table(
        [_("Rubro"), _("Expositores presentes (rubro principal)"), _("Ventas"),
         _("% de las ventas")],
        rows,
        total_row,
        [0.36, 0.26, 0.22, 0.16],
        # a handful of rows: the table moves whole to the next page rather than split
        blocks=((0, len(rows) - 1),) if len(rows) <= 20 else (),
    )  # fmt: skip
    notes = [
        layout.note(
            _("Los expositores se cuentan en su rubro principal; las ventas, en el rubro de "
              "cada venta.")
        )
    ]  # fmt: skip
    if folded.folded:
        notes.append(folded_note(layout, others, folded.folded))
    if shown.withheld:
        notes.append(withheld_note(layout))
    return [*flow, KeepTogether([table, *notes])]


# ----------------------------------------------------------------------- participation


def participation(p: Published, layout: Layout) -> list[Flowable]:
    """Vendors present and sales by sex × age group: the chart and the table."""
    s = p.stats
    v, sa = s.vendors, s.sales
    if not v.present:
        return []
    sexes = [x for x in core_stats.SEXES if x in ("F", "M") or v.by_sex[x] or sa.by_sex[x]]
    groups = [
        g
        for g in AGE_GROUPS
        if g != NOT_STATED or any(v.by_sex_youth[x][g] or sa.by_sex_youth[x][g] for x in sexes)
    ]
    group_names = {g: common.age_group_label(g) for g in AGE_GROUPS}
    shown = Shown(p)

    def row(sex: str, group: str, key: tuple[str, str], present: int, cents: int) -> list[Any]:
        return [
            sex,
            group,
            shown.count((V, *key), present),
            shown.share((V, *key), present, v.present),
            shown.money((S, *key), cents),
            shown.share((S, *key), cents, sa.total),
        ]

    rows: list[list[Any]] = []
    bold: list[int] = []
    blocks: list[tuple[int, int]] = []
    for x in sexes:
        bold.append(len(rows))
        rows.append(row(common.sex_label(x), "", (x, ALL), v.by_sex[x], sa.by_sex[x]))
        for g in groups:
            if v.by_sex_youth[x][g] or sa.by_sex_youth[x][g]:
                rows.append(
                    row("", group_names[g], (x, g), v.by_sex_youth[x][g], sa.by_sex_youth[x][g])
                )
        blocks.append((bold[-1], len(rows) - 1))
    by_group_present, by_group_sales = _by_group(p)
    blocks.append((len(rows), len(rows) + len(groups) - 1))
    for i, g in enumerate(groups):
        rows.append(
            row(_("Por grupo de edad") if i == 0 else "", group_names[g], (ALL, g),
                by_group_present[g], by_group_sales[g])
        )  # fmt: skip
    total = row(_("Total"), "", (ALL, ALL), v.present, sa.total)
    table = layout.table(
        [_("Sexo"), _("Grupo de edad"), _("Expositores presentes"), _("% de los presentes"),
         _("Ventas"), _("% de las ventas")],
        rows,
        total,
        [0.17, 0.19, 0.15, 0.13, 0.22, 0.14],
        bold_rows=tuple(bold),
        left=2,
        blocks=tuple(blocks),
    )  # fmt: skip
    low, high = s.youth_range
    notes = [_("Jóvenes: de {low} a {high} años cumplidos.", low=low, high=high)]
    # the table holds them too: a withheld one is «—» there, and left out here
    if p.shown((V, "F", YOUTH)):
        notes.append(_("Mujeres jóvenes presentes: {n}.", n=v.youth_women))
    if v.age_not_stated and p.shown((V, ALL, NOT_STATED)):
        notes.append(
            _n(
                v.age_not_stated,
                "Sin fecha de nacimiento registrada: 1 expositor.",
                "Sin fecha de nacimiento registrada: {n} expositores.",
            )
        )
    after = [layout.note(" ".join(notes))]
    if shown.withheld:
        after.append(withheld_note(layout))
    title = layout.h2(_("Participación por sexo y edad"))
    chart = _participation_chart(p, sexes, groups, group_names, layout)
    return [KeepTogether([title, *chart, Spacer(1, 6)]), table, *after]


def _by_group(p: Published) -> tuple[dict[str, int], dict[str, int]]:
    """Vendors present and sales by age group, whatever their sex."""
    v, sa = p.stats.vendors, p.stats.sales
    present = {g: sum(v.by_sex_youth[x][g] for x in core_stats.SEXES) for g in AGE_GROUPS}
    return present, {YOUTH: sa.youth, NON_YOUTH: sa.non_youth, NOT_STATED: sa.age_not_stated}


def _participation_chart(
    p: Published,
    sexes: list[str],
    groups: list[str],
    group_names: dict[str, str],
    layout: Layout,
) -> list[Flowable]:
    """Vendors present and share of sales, by sex × age group; when a cell of that grid is
    withheld, by sex and by age group apart (its totals, which the table publishes); when
    those are withheld too, nothing."""
    s = p.stats
    v, sa = s.vendors, s.sales
    titles = (_("Expositores presentes"), _("% de las ventas"))
    cells = [(k, x, g) for k in (V, S) for x in sexes for g in groups]
    if all(p.shown(c) for c in cells):
        sales_share = {
            x: {g: core_stats.percentage(sa.by_sex_youth[x][g], sa.total) for g in AGE_GROUPS}
            for x in core_stats.SEXES
        }
        chart = participation_chart(
            sexes,
            [common.sex_label(x) for x in sexes],
            groups,
            group_names,
            v.by_sex_youth,
            sales_share,
            titles,
            layout.width,
        )
        return [chart]
    bars: list[tuple[str, str | None, int, int]] = []  # label, age group, present, sales
    if all(p.shown((k, x, ALL)) for k in (V, S) for x in sexes):
        bars += [(common.sex_label(x), None, v.by_sex[x], sa.by_sex[x]) for x in sexes]
    if all(p.shown((k, ALL, g)) for k in (V, S) for g in groups):
        present, cents = _by_group(p)
        bars += [(group_names[g], g, present[g], cents[g]) for g in groups]
    if not bars:
        return []
    chart = totals_chart(
        [(label, group) for label, group, _present, _cents in bars],
        [present for _label, _group, present, _cents in bars],
        [core_stats.percentage(cents, sa.total) for _label, _group, _present, cents in bars],
        titles,
        layout.width,
    )
    return [
        chart,
        layout.note(
            _("El gráfico muestra los totales por sexo y por grupo de edad, por separado: "
              "algunas cifras de su cruce están reservadas («—» en la tabla).")
        ),
    ]  # fmt: skip


# ----------------------------------------------------------------------------- regions


def regions(p: Published, layout: Layout) -> list[Flowable]:
    """Vendors present by region of origin: small regions in «Otros»."""
    s = p.stats
    if not s.regions:
        return []
    folded = p.regions

    def row(label: str, n: int, style: str = "cell") -> list[Any]:
        return [para(label, layout.st[style]), count(n), common.percent(s.share(n))]

    rows = [row(common.region_label(k), s.regions[k]) for k in folded.shown]
    others = _n(len(folded.folded), "Otra región", "Otras {n} regiones")
    if folded.folded:
        rows.append(row(others, folded.others(s.regions)))
    table = layout.table(
        [_("Región de origen"), _("Expositores presentes"), _("% de los presentes")],
        rows,
        row(_("Total"), s.vendors.present, "cell_bold"),
        [0.5, 0.25, 0.25],
    )
    flow: list[Flowable] = [layout.h2(_("Expositores presentes por región de origen")), table]
    if folded.folded:
        flow.append(folded_note(layout, others, [common.region_label(k) for k in folded.folded]))
    return flow
