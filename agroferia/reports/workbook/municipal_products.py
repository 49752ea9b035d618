"""The municipal summary's sheet *Agrobiodiversidad*: the products the vendors present bring
(``core.products.figures``), as ``reports.published_products`` lets them be published.

A headline sentence and what the figures rest on; the products and native varieties by
rubro; by region of origin (regions with fewer than three vendors listing products in
«Otras regiones»); the vendors offering a native variety by sex × age group («—» for a
withheld figure, as the other sheets); and, when sales name their product, the products
sold by amount.
"""

from __future__ import annotations

from agroferia.core import stats
from agroferia.core.disclosure import THRESHOLD
from agroferia.core.money import from_cents
from agroferia.i18n import _, _n
from agroferia.reports import products_text
from agroferia.reports.common import Header, region_label, sex_label
from agroferia.reports.published import ALL, Published
from agroferia.reports.published_products import NV
from agroferia.reports.workbook import sheet as sh
from agroferia.reports.workbook.municipal_breakdowns import (
    Cells,
    folded_note,
    group_names,
    heading,
    withheld_note,
)
from agroferia.reports.workbook.styles import INTEGER, MONEY, PERCENT, SUBTITLE

Cell = sh.Cell


def agrobiodiversity(head: Header, p: Published) -> sh.Sheet:
    sheet = sh.Sheet(_("Agrobiodiversidad"))
    heading(sheet, head, _("Agrobiodiversidad: productos y variedades nativas"))
    pp = p.products
    if pp is None:  # built without who stands behind them: nothing is published
        return sheet
    f = pp.figures
    sheet.paragraph(products_text.headline(pp))
    sheet.paragraph(products_text.basis(pp, p.stats.sales.total))
    sheet.add()

    sheet.add([(_("Productos por rubro"), SUBTITLE)])
    sheet.table(
        [_("Rubro"), _("Productos"), _("Variedades nativas")],
        [[(name, None), (c.products, INTEGER), (c.native, INTEGER)]
         for name, c in f.by_category.items()],
        [None, INTEGER, INTEGER],
        total=sh.bold([(_("Total"), None), (f.products, INTEGER), (f.native, INTEGER)]),
    )  # fmt: skip
    sheet.add()

    sheet.add([(_("Productos por región de origen"), SUBTITLE)])
    regions = pp.regions
    body = [
        [(region_label(k), None), (f.by_region[k].products, INTEGER),
         (f.by_region[k].native, INTEGER)]
        for k in regions.shown
    ]  # fmt: skip
    others = _n(len(regions.folded), "Otra región", "Otras {n} regiones")
    if regions.folded and regions.others is not None:
        body.append([(others, None), (regions.others.products, INTEGER),
                     (regions.others.native, INTEGER)])  # fmt: skip
    sheet.table([_("Región de origen"), _("Productos"), _("Variedades nativas")], body,
                [None, INTEGER, INTEGER])  # fmt: skip
    sheet.paragraph(products_text.regions_note())
    if regions.folded:
        folded_note(sheet, others, [region_label(k) for k in regions.folded])
    sheet.add()

    sheet.add([(products_text.native_vendors_title(), SUBTITLE)])
    _native_grid(sheet, p)
    if p.any_withheld(NV):
        withheld_note(sheet)

    if pp.sold is not None:
        sheet.add()
        _sold(sheet, p)
    return sheet


def _native_grid(sheet: sh.Sheet, p: Published) -> None:
    """The vendors offering a native variety by sex × age group, as *Participación*'s."""
    assert p.products is not None
    values = p.products.figures.native_vendors_by_sex_youth
    c = Cells(p)
    groups = stats.AGE_GROUPS
    names = group_names(p.stats.youth_range)
    by_sex = {x: sum(values[x].values()) for x in stats.SEXES}
    by_group = {g: sum(values[x][g] for x in stats.SEXES) for g in groups}
    total = p.products.figures.native_vendors
    sheet.table(
        [_("Sexo"), *names, _("Total")],
        [[(sex_label(x), None), *(c.count((NV, x, g), values[x][g]) for g in groups),
          c.count((NV, x, ALL), by_sex[x])] for x in stats.SEXES],
        [None, INTEGER, INTEGER, INTEGER, INTEGER],
        total=sh.bold([(_("Total"), None), *(c.count((NV, ALL, g), by_group[g]) for g in groups),
                       c.count((NV, ALL, ALL), total)]),
    )  # fmt: skip


def _sold(sheet: sh.Sheet, p: Published) -> None:
    pp = p.products
    assert pp is not None and pp.sold is not None and pp.figures.sold is not None
    by_product, named = pp.figures.sold.by_product, pp.figures.sold.sales_named
    sheet.add([(_("Productos más vendidos"), SUBTITLE)])

    def row(label: str, cents: int) -> list[Cell]:
        return [(label, None), (from_cents(cents), MONEY),
                (stats.percentage(cents, named) / 100, PERCENT)]  # fmt: skip

    body = [row(n, by_product[n]) for n in pp.sold.shown]
    others = _n(len(pp.sold.folded), "Otro producto", "Otros {n} productos")
    if pp.sold.folded:
        body.append(row(others, pp.sold.others.products if pp.sold.others else 0))
    sheet.table(
        [_("Producto"), _("Ventas"), _("% de las ventas con producto")],
        body,
        [None, MONEY, PERCENT],
        total=sh.bold(row(_("Total"), named)),
    )
    sheet.paragraph(
        _("Solo las ventas que indican su producto; los productos vendidos por menos de {n} "
          "expositores se suman en «{others}».", n=THRESHOLD, others=others)
    )  # fmt: skip
