"""Who stands behind the agrobiodiversity figures (``core.products.figures``) that tell
something about persons: the vendors present offering a native product, by sex × age group;
the vendors present of each region of origin who list products (a region's products are what
they offer); and, when sales name their product, the vendors behind each product's sales.

The vendors present, their sex, age group and region come from ``Contributors`` (the same
definitions as ``core.stats``); what they offer, from the registry.  Nothing here is ever
published: ``reports.published`` reads it to withhold or fold.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from agroferia.core.disclosure.contributors import Contributors
from agroferia.core.models import FairDay, Product, Sale, vendor_product
from agroferia.core.stats import AGE_GROUPS, SEXES


@dataclass
class ProductContributors:
    # vendors present offering at least one native product: sex -> age group -> ids
    native_by_sex_youth: dict[str, dict[str, set[int]]] = field(
        default_factory=lambda: {s: {g: set() for g in AGE_GROUPS} for s in SEXES}
    )
    # vendors present who list at least one product, by region of origin (or not stated)
    listing_by_region: defaultdict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    offered: dict[int, set[int]] = field(default_factory=dict)  # vendor -> product ids
    native: set[int] = field(default_factory=set)  # the native products' ids
    # product name -> the vendors whose sales of the period name it
    sold_by: defaultdict[str, set[int]] = field(default_factory=lambda: defaultdict(set))

    @property
    def native_vendors(self) -> set[int]:
        return set().union(*(ids for row in self.native_by_sex_youth.values()
                             for ids in row.values()))  # fmt: skip

    def products_of(self, regions: list[str]) -> tuple[int, int]:
        """Distinct products (and native ones) offered by the vendors of ``regions``."""
        ids: set[int] = set()
        for region in regions:
            for vendor_id in self.listing_by_region.get(region, ()):
                ids |= self.offered[vendor_id]
        return len(ids), len(ids & self.native)


def compute(
    session: Session,
    who: Contributors,
    start: dt.date,
    end: dt.date,
    fair_id: int | None = None,
) -> ProductContributors:
    found = ProductContributors()
    found.native = set(session.scalars(select(Product.id).where(Product.native)))
    vp = vendor_product
    for vendor_id, product_id in session.execute(select(vp.c.vendor_id, vp.c.product_id)):
        if vendor_id in who.present:
            found.offered.setdefault(vendor_id, set()).add(product_id)
    cell = {
        vendor_id: (sex, group)
        for sex, row in who.present_by_sex_youth.items()
        for group, ids in row.items()
        for vendor_id in ids
    }
    region_of = {v: region for region, ids in who.present_by_region.items() for v in ids}
    for vendor_id, listed in found.offered.items():
        found.listing_by_region[region_of[vendor_id]].add(vendor_id)
        if listed & found.native:
            sex, group = cell[vendor_id]
            found.native_by_sex_youth[sex][group].add(vendor_id)
    where = [FairDay.date >= start, FairDay.date <= end, Sale.product_id.is_not(None)]
    if fair_id is not None:
        where.append(FairDay.fair_id == fair_id)
    for name, vendor_id in session.execute(
        select(Product.name, Sale.vendor_id)
        .join(Product, Product.id == Sale.product_id)
        .join(FairDay, FairDay.id == Sale.fair_day_id)
        .where(*where)
        .distinct()
    ):
        found.sold_by[name].add(vendor_id)
    return found
