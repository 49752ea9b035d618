"""The municipal report's section *Agrobiodiversidad*: the products the vendors present bring
(``core.products.figures``), as ``reports.published_products`` lets them be published, with
the same sentences as the workbook's sheet (``products_text``).

A headline and what the figures rest on; the products and native varieties by rubro (a
chart and a table); by region of origin (small regions in «Otras regiones»); the vendors
offering a native variety by sex × age group («—» for a withheld figure).
"""

from __future__ import annotations

from typing import Any

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing
from reportlab.platypus import Flowable, KeepTogether, Spacer

from agroferia.core import stats as core_stats
from agroferia.core.stats import AGE_GROUPS, NOT_STATED
from agroferia.i18n import _, _n
from agroferia.reports import common, products_text
from agroferia.reports.municipal_pdf_breakdowns import Layout, Shown, folded_note, withheld_note
from agroferia.reports.pdf_charts import (
    AMBER,
    FONT,
    GREEN,
    LABEL_SIZE,
    TEXT,
    _drawing,
    _style_category_axis,
    _style_value_axis,
    _text_width,
)
from agroferia.reports.pdf_layout import count, para
from agroferia.reports.published import ALL, Published
from agroferia.reports.published_products import NV


def agrobiodiversity(p: Published, layout: Layout) -> list[Flowable]:
    pp = p.products
    if pp is None:  # built without who stands behind them: nothing is published
        return []
    f = pp.figures
    title = layout.h2(_("Agrobiodiversidad"))
    intro = [
        para(products_text.headline(pp), layout.st["body"]),
        layout.note(products_text.basis(pp, p.stats.sales.total)),
        Spacer(1, 6),
    ]
    if not f.products:
        return [KeepTogether([title, *intro])]
    flow: list[Flowable] = []
    head: list[Flowable] = [title, *intro]
    if len(f.by_category) > 1:
        head += [_chart(f.by_category, layout.width), Spacer(1, 6)]
    rubros = layout.table(
        [_("Rubro"), _("Productos"), _("Variedades nativas")],
        [[para(name, layout.st["cell"]), count(c.products), count(c.native)]
         for name, c in f.by_category.items()],
        [para(_("Total"), layout.st["cell_bold"]), count(f.products), count(f.native)],
        [0.56, 0.22, 0.22],
    )  # fmt: skip
    flow.append(KeepTogether([*head, rubros]))
    flow += [Spacer(1, 10), *_regions(p, layout), Spacer(1, 10), *_native_vendors(p, layout)]
    return flow


def _chart(by_category: dict[str, Any], width: float, bar_height: float = 9) -> Drawing:
    """Products and native varieties per rubro: two bars each, largest rubro at the top."""
    names = list(by_category)
    products = [float(by_category[n].products) for n in names]
    native = [float(by_category[n].native) for n in names]
    left = max((_text_width(n) for n in names), default=0) + 10
    legend_room = 16
    height = bar_height * 2 * len(names) + 4 * len(names) + 26 + legend_room
    drawing = _drawing(width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = left, 20 + legend_room
    chart.width, chart.height = width - left - 24, height - 26 - legend_room
    # the category axis runs top down, which turns each rubro's pair over: native first
    # puts the products' bar above, as the legend and the table read
    chart.data = [native, products]
    chart.bars[0].fillColor, chart.bars[1].fillColor = AMBER, GREEN
    chart.bars[0].strokeColor = chart.bars[1].strokeColor = None
    chart.barSpacing = 0
    chart.groupSpacing = 4
    _style_value_axis(chart.valueAxis, max(products, default=0) * 1.08, whole=True)
    chart.valueAxis.labelTextFormat = "%d"
    cat = chart.categoryAxis
    cat.categoryNames = names
    cat.reverseDirection = 1
    _style_category_axis(cat, TEXT, LABEL_SIZE, vertical=True)
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = LABEL_SIZE - 0.5
    chart.barLabels.fillColor = TEXT
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 2
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y = left, 2
    legend.fontName, legend.fontSize = FONT, LABEL_SIZE
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.deltax = 8
    legend.dx = legend.dy = 8
    legend.strokeColor = None
    legend.colorNamePairs = [(GREEN, _("Productos")), (AMBER, _("Variedades nativas"))]
    legend.boxAnchor = "sw"
    drawing.add(legend)
    return drawing


def _regions(p: Published, layout: Layout) -> list[Flowable]:
    assert p.products is not None
    f, folded = p.products.figures, p.products.regions
    if not folded.shown and not folded.folded:
        return []

    def row(label: str, products: int, native: int) -> list[Any]:
        return [para(label, layout.st["cell"]), count(products), count(native)]

    rows = [row(common.region_label(k), f.by_region[k].products, f.by_region[k].native)
            for k in folded.shown]  # fmt: skip
    others = _n(len(folded.folded), "Otra región", "Otras {n} regiones")
    if folded.folded and folded.others is not None:
        rows.append(row(others, folded.others.products, folded.others.native))
    table = layout.table(
        [_("Región de origen"), _("Productos"), _("Variedades nativas")],
        rows,
        None,
        [0.56, 0.22, 0.22],
    )
    notes = [layout.note(products_text.regions_note())]
    if folded.folded:
        names = [common.region_label(k) for k in folded.folded]
        notes.append(folded_note(layout, others, names))
    return [layout.h2(_("Productos por región de origen")), table, *notes]


def _native_vendors(p: Published, layout: Layout) -> list[Flowable]:
    assert p.products is not None
    values = p.products.figures.native_vendors_by_sex_youth
    present = p.stats.vendors.by_sex_youth
    sexes = [x for x in core_stats.SEXES if x in ("F", "M") or any(present[x].values())]
    groups = [g for g in AGE_GROUPS
              if g != NOT_STATED or any(present[x][g] for x in sexes)]  # fmt: skip
    low, high = p.stats.youth_range
    names = [
        _("Jóvenes ({low}–{high} años)", low=low, high=high) if g == core_stats.YOUTH
        else common.age_group_label(g)
        for g in groups
    ]  # fmt: skip
    shown = Shown(p)

    def cells(x: str) -> list[str]:
        by_group = [shown.count((NV, x, g), values[x][g]) for g in groups]
        return [*by_group, shown.count((NV, x, ALL), sum(values[x].values()))]

    rows = [[para(common.sex_label(x), layout.st["cell"]), *cells(x)] for x in sexes]
    total = [
        para(_("Total"), layout.st["cell_bold"]),
        *(shown.count((NV, ALL, g), sum(values[x][g] for x in core_stats.SEXES))
          for g in groups),
        shown.count((NV, ALL, ALL), p.products.figures.native_vendors),
    ]  # fmt: skip
    rest = (1 - 0.22) / (len(groups) + 1)
    table = layout.table(
        [_("Sexo"), *names, _("Total")], rows, total, [0.22, *(rest for _g in groups), rest]
    )
    after: list[Flowable] = []
    if shown.withheld:
        after.append(withheld_note(layout))
    return [KeepTogether([layout.h2(products_text.native_vendors_title()), table, *after])]
