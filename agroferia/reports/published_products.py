"""Which agrobiodiversity figures (``core.products.figures``) a municipal document may
publish.

Counts of products (products, native, by rubro) are about no person: published as they are.
What is about persons is published as every municipal figure about people is
(``reports.published``):

- ``("nv", sex, group)``: the vendors present who offer at least one native product, by
  sex × age group, with ``ALL`` for the totals (``("nv", ALL, ALL)``: every one of them).
  Each cell is part of the vendors present of its cell (``("v", sex, group)``): the others
  there, who offer none, are an unpublished remainder, protected like one, so that no cell
  tells what one or two people do not offer either;
- the products by region of origin: a region's products are what its vendors offer, so a
  region whose vendors listing products are one or two is added into «Otras regiones»
  (``fold``), whose products are those the vendors of all of them offer, counted once;
- with sales naming their product, the amounts by product: a product sold by one or two
  vendors is added into «Otros productos», and none is shown unless the sales that name a
  product rest on at least three vendors.
"""

from __future__ import annotations

from dataclasses import dataclass

from agroferia.core import stats
from agroferia.core.disclosure import THRESHOLD, Figure, Suppressor, fold
from agroferia.core.disclosure.products import ProductContributors
from agroferia.core.disclosure.suppression import CELL, HEADLINE
from agroferia.core.products.figures import Agrobiodiversity, Count

NV = "nv"
ALL = "*"  # as ``reports.published.ALL``
TOP_SOLD = 10  # products shown by name in the table of sales by product


@dataclass(frozen=True)
class FoldedProducts:
    shown: list[str]  # the rows shown, in the table's order
    folded: list[str]  # the rows added into the others row
    others: Count | None  # what the others row shows (none: it would rest on too few)


@dataclass(frozen=True)
class PublishedProducts:
    figures: Agrobiodiversity
    regions: FoldedProducts  # products by region of origin
    sold: FoldedProducts | None  # sales by product (céntimos in ``Count.products``), or none
    sold_shown: bool  # whether the sales that name a product may be told (their share)


def native_lines(solver: Suppressor, figures: Agrobiodiversity, who: ProductContributors,
                 v_cell: dict[tuple[str, str], Figure]) -> None:  # fmt: skip
    """The native vendors' table, bound to the vendors present of each cell (``v_cell``)."""
    values, people = figures.native_vendors_by_sex_youth, who.native_by_sex_youth
    for x in stats.SEXES:
        for g in stats.AGE_GROUPS:
            f = Figure(values[x][g], frozenset(people[x][g]), CELL)
            solver.add((NV, x, g), f)
            present = v_cell[x, g]
            rest = Figure(present.value - f.value, present.who - f.who, published=False)
            solver.add(("nv_not", x, g), rest)
            solver.line(("v", x, g), [(NV, x, g), ("nv_not", x, g)])
    for x in stats.SEXES:
        parts = [(NV, x, g) for g in stats.AGE_GROUPS]
        solver.add((NV, x, ALL), _sum(solver, parts, CELL))
        solver.line((NV, x, ALL), parts)
    for g in stats.AGE_GROUPS:
        parts = [(NV, x, g) for x in stats.SEXES]
        solver.add((NV, ALL, g), _sum(solver, parts, CELL))
        solver.line((NV, ALL, g), parts)
    # a breakdown of those present (those offering no native product are the rest): it may
    # be withheld, unlike the count of everyone present
    solver.add((NV, ALL, ALL), _sum(solver, [(NV, x, ALL) for x in stats.SEXES], HEADLINE))
    solver.line((NV, ALL, ALL), [(NV, x, ALL) for x in stats.SEXES])
    solver.line((NV, ALL, ALL), [(NV, ALL, g) for g in stats.AGE_GROUPS])


def _sum(solver: Suppressor, keys: list, rank: int) -> Figure:
    value, who = 0, frozenset[int]()
    for k in keys:
        value += solver.figures[k].value
        who |= solver.figures[k].who
    return Figure(value, who, rank)


def fold_products(
    figures: Agrobiodiversity, who: ProductContributors, sales_shown: bool,
    threshold: int = THRESHOLD,
) -> PublishedProducts:  # fmt: skip
    """The products by region and the sales by product, their small rows folded."""
    rows = [
        (region, [Figure(c.products, frozenset(who.listing_by_region.get(region, ())))])
        for region, c in figures.by_region.items()
    ]
    shown, folded = fold(rows, threshold=threshold)
    behind = frozenset().union(*(who.listing_by_region.get(k, set()) for k in folded))
    others = None if Figure(0, behind).fails(threshold) else Count(*who.products_of(folded))
    regions = FoldedProducts([str(k) for k in shown], [str(k) for k in folded], others)
    sold, sold_shown = None, False
    if figures.sold is not None:
        named = frozenset().union(*who.sold_by.values())
        sold_shown = sales_shown and not Figure(0, named).fails(threshold)
        if sold_shown:
            by_product = figures.sold.by_product
            rows = [(n, [Figure(c, frozenset(who.sold_by[n]))]) for n, c in by_product.items()]
            shown, folded = fold(rows, threshold=threshold)
            top = [str(n) for n in shown[:TOP_SOLD]]
            rest = [str(n) for n in by_product if n not in top]
            cents = sum(by_product[n] for n in rest)
            sold = FoldedProducts(top, rest, Count(cents, 0))
    return PublishedProducts(figures, regions, sold, sold_shown)
