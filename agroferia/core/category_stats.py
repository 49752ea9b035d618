"""What the Rubros page shows about each category (how many active vendors sell in it, as
their main rubro or as another one) and the check of a name and description as the
person types, which writes nothing."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from agroferia.core import catalog
from agroferia.core.models import Vendor, VendorStatus, vendor_category


@dataclass(frozen=True, slots=True)
class CategoryRow:
    id: int
    name: str
    description: str | None
    active: bool
    main_vendors: int  # active vendors whose main rubro it is
    other_vendors: int  # active vendors who also sell in it


def other_vendor_counts(session: Session) -> dict[int, int]:
    """Active vendors per category id among their other (not main) rubros."""
    stmt = (
        select(vendor_category.c.category_id, func.count())
        .join(Vendor, Vendor.id == vendor_category.c.vendor_id)
        .where(Vendor.status == VendorStatus.ACTIVE.value)
        .where(Vendor.main_category_id != vendor_category.c.category_id)
        .group_by(vendor_category.c.category_id)
    )
    return {category_id: count for category_id, count in session.execute(stmt)}


def category_rows(session: Session) -> list[CategoryRow]:
    """Every category, active or not, by name, with its vendor counts (three queries)."""
    main = catalog.vendor_counts(session)
    others = other_vendor_counts(session)
    return [
        CategoryRow(
            id=c.id,
            name=c.name,
            description=c.description,
            active=c.active,
            main_vendors=main.get(c.id, 0),
            other_vendors=others.get(c.id, 0),
        )
        for c in catalog.list_categories(session, include_inactive=True)
    ]
