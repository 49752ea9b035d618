"""Agrobiodiversity: the products the vendors present in a period bring.

For a period and optionally one fair (the vendors *present* as ``core.stats`` defines
them):

- *products*: distinct products offered by the vendors present (what each lists in the
  registry), together with those named by the period's sales, when some sale names one;
- *native*: of them, native Andean or Amazonian crops or varieties;
- *by rubro*: distinct products per rubro of the product; *by region*: distinct products
  offered by the vendors of each region of origin; *regions*: the regions of origin of the
  vendors present who offer at least one product (not stated aside);
- *native vendors*: vendors present who offer at least one native product, by sex and
  youth group as the vendors present are counted.

What a vendor *offers* is what they list and, when sales name products, what their sales
of the period name: a vendor who sold maca without listing it brings maca, from their
region, and is counted among those who bring a native variety.

``counted_from`` says what the figures rest on: ``offers`` when no sale of the period names
its product (what vendors offer is not what they sold), ``offers_and_sales`` otherwise.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from agroferia.core.age import NON_YOUTH, NOT_STATED, YOUTH
from agroferia.core.models import Category, FairDay, Product, Sale, Sex, vendor_product
from agroferia.core.money import plain

OFFERS = "offers"
OFFERS_AND_SALES = "offers_and_sales"
SEXES = tuple(s.value for s in Sex)
AGE_GROUPS = (YOUTH, NON_YOUTH, NOT_STATED)


@dataclass
class Count:
    products: int = 0
    native: int = 0

    def to_json(self) -> dict[str, int]:
        return {"products": self.products, "native": self.native}


@dataclass
class Sold:
    """Products named by the period's sales."""

    products: int = 0
    native: int = 0
    sales_named: int = 0  # céntimos of the sales that name a product
    by_product: dict[str, int] = field(default_factory=dict)  # céntimos, largest first


@dataclass
class Agrobiodiversity:
    counted_from: str = OFFERS
    products: int = 0
    native: int = 0
    regions: int = 0
    vendors_present: int = 0
    vendors_listing: int = 0  # vendors present who list at least one product
    by_category: dict[str, Count] = field(default_factory=dict)
    by_region: dict[str, Count] = field(default_factory=dict)
    native_vendors: int = 0
    native_vendors_by_sex_youth: dict[str, dict[str, int]] = field(
        default_factory=lambda: {sex: dict.fromkeys(AGE_GROUPS, 0) for sex in SEXES}
    )
    sold: Sold | None = None

    def to_json(self) -> dict[str, Any]:
        sold = self.sold
        return {
            "counted_from": self.counted_from,
            "products": self.products,
            "native": self.native,
            "regions": self.regions,
            "vendors_present": self.vendors_present,
            "vendors_listing_products": self.vendors_listing,
            "by_category": {k: c.to_json() for k, c in self.by_category.items()},
            "by_region": {k: c.to_json() for k, c in self.by_region.items()},
            "native_vendors": {
                "total": self.native_vendors,
                "by_sex_youth": self.native_vendors_by_sex_youth,
            },
            "sold": None
            if sold is None
            else {
                "products": sold.products,
                "native": sold.native,
                "sales_named": plain(sold.sales_named),
                "by_product": {k: plain(c) for k, c in sold.by_product.items()},
            },
        }


def _ranked(counts: dict[str, Count]) -> dict[str, Count]:
    """Most products first, then by name."""
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1].products, -kv[1].native, kv[0])))


def compute(
    session: Session, present: dict[int, tuple[str, str, str]], where: Any
) -> Agrobiodiversity:
    """The figures of the vendors ``present`` (id -> sex, age group, region or
    ``not_stated``), with ``where`` the condition on ``FairDay`` of the period and fair."""
    figures = Agrobiodiversity(vendors_present=len(present))
    catalogue = {
        pid: (native, category)
        for pid, native, category in session.execute(
            select(Product.id, Product.native, Category.name).join(
                Category, Category.id == Product.category_id
            )
        )
    }
    vp = vendor_product
    brought: dict[int, set[int]] = defaultdict(set)  # each vendor's, listed or sold
    for vendor_id, product_id in session.execute(select(vp.c.vendor_id, vp.c.product_id)):
        if vendor_id in present:
            brought[vendor_id].add(product_id)
    sold = _sold(session, where, catalogue)
    if sold is not None:
        figures.counted_from = OFFERS_AND_SALES
        figures.sold, by_vendor = sold
        for vendor_id, product_id in by_vendor:
            if vendor_id in present:  # a sale implies its vendor's presence
                brought[vendor_id].add(product_id)
    everything: set[int] = set().union(*brought.values()) if brought else set()
    figures.products = len(everything)
    figures.native = sum(1 for pid in everything if catalogue[pid][0])
    figures.by_category = _ranked(_counts(((catalogue[p][1], p) for p in everything), catalogue))
    by_region: list[tuple[str, int]] = []
    regions: set[str] = set()
    for vendor_id, listed in brought.items():
        sex, group, region = present[vendor_id]
        if not listed:
            continue
        figures.vendors_listing += 1
        if region != NOT_STATED:
            regions.add(region)
        by_region.extend((region, p) for p in listed)
        if any(catalogue[p][0] for p in listed):
            figures.native_vendors += 1
            figures.native_vendors_by_sex_youth[sex][group] += 1
    figures.regions = len(regions)
    figures.by_region = _ranked(_counts(by_region, catalogue))
    return figures


def _counts(pairs: Iterable[tuple[str, int]], catalogue: dict) -> dict[str, Count]:
    distinct: dict[str, set[int]] = defaultdict(set)
    for group, product_id in pairs:
        distinct[group].add(product_id)
    return {
        group: Count(len(ids), sum(1 for p in ids if catalogue[p][0]))
        for group, ids in distinct.items()
    }


# up to this many sales naming a product, the period's are read from the sales' product
# index; past it, from the fair days' (most of the sales name one: reading them all in
# the index's order would be slower than reading them by day)
FEW_NAMED = 50_000


def _sold(
    session: Session, where: Any, catalogue: dict
) -> tuple[Sold, set[tuple[int, int]]] | None:
    """The products the period's sales name, and which vendor sold each; None when no sale
    names one.  How many sales name one is counted first, on the sales' product index, so
    that a database whose sales name none, however many, answers at once."""
    named = session.scalar(select(func.count()).where(Sale.product_id > 0)) or 0
    if not named:
        return None
    if named <= FEW_NAMED:  # the sales naming one first (materialized: the planner would
        sales = (  # otherwise start from the fair days and read every sale of the period)
            select(Sale.vendor_id, Sale.product_id, Sale.fair_day_id, Sale.amount_cents)
            .where(Sale.product_id > 0)
            .cte("named")
            .prefix_with("MATERIALIZED")
        )
    else:
        sales = Sale.__table__
    c = sales.c
    rows = session.execute(
        select(c.vendor_id, Product.id, Product.name, func.sum(c.amount_cents))
        .join(Product, Product.id == c.product_id)
        .join(FairDay, FairDay.id == c.fair_day_id)
        .where(where)
        .group_by(c.vendor_id, Product.id, Product.name)
    ).all()
    if not rows:
        return None
    amounts: dict[tuple[int, str], int] = defaultdict(int)
    for _vendor, pid, name, cents in rows:
        amounts[pid, name] += int(cents)
    ids = {pid for pid, _name in amounts}
    sold = Sold(
        products=len(ids),
        native=sum(1 for pid in ids if catalogue[pid][0]),
        sales_named=sum(amounts.values()),
        by_product={
            name: cents
            for (_pid, name), cents in sorted(amounts.items(), key=lambda kv: (-kv[1], kv[0][1]))
        },
    )
    return sold, {(vendor, pid) for vendor, pid, _name, _cents in rows}
