"""What vendors owe: balances per vendor, a vendor's fees day by day (the statement), and
the rows of the Cuotas panel."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from agroferia.core.models import Fair, FairDay, Fee, Vendor, VendorStatus
from agroferia.core.money import from_cents
from agroferia.core.people import Named


@dataclass(frozen=True)
class Balance:
    vendor_id: int
    due: Decimal
    paid: Decimal

    @property
    def outstanding(self) -> Decimal:
        return self.due - self.paid


def balance(session: Session, vendor_id: int) -> Balance:
    return balances(session, vendor_ids=[vendor_id]).get(
        vendor_id, Balance(vendor_id, Decimal("0.00"), Decimal("0.00"))
    )


def balances(
    session: Session, *, fair_id: int | None = None, vendor_ids: list[int] | None = None
) -> dict[int, Balance]:
    """Due and paid per vendor across all fair days (of one fair, if given)."""
    stmt = select(Fee.vendor_id, func.sum(Fee.due_cents), func.sum(Fee.paid_cents)).group_by(
        Fee.vendor_id
    )
    if fair_id is not None:
        stmt = stmt.join(FairDay).where(FairDay.fair_id == fair_id)
    if vendor_ids is not None:
        stmt = stmt.where(Fee.vendor_id.in_(vendor_ids))
    return {
        vid: Balance(vid, from_cents(due), from_cents(paid))
        for vid, due, paid in session.execute(stmt)
    }


@dataclass(frozen=True)
class DayFee:
    """One fair day's fee of a vendor, as a statement lists it."""

    fee_id: int
    fair_day_id: int
    date: dt.date
    fair: str
    due_cents: int
    paid_cents: int

    @property
    def outstanding_cents(self) -> int:
        return self.due_cents - self.paid_cents


def statement(
    session: Session, vendor_id: int, *, fair_id: int | None = None, unpaid_only: bool = False
) -> list[DayFee]:
    """A vendor's fees day by day, oldest first (the order payments are applied in)."""
    stmt = (
        select(Fee.id, Fee.fair_day_id, FairDay.date, Fair.name, Fee.due_cents, Fee.paid_cents)
        .join(FairDay, FairDay.id == Fee.fair_day_id)
        .join(Fair, Fair.id == FairDay.fair_id)
        .where(Fee.vendor_id == vendor_id)
        .order_by(FairDay.date, Fee.id)
    )
    if fair_id is not None:
        stmt = stmt.where(FairDay.fair_id == fair_id)
    if unpaid_only:
        stmt = stmt.where(Fee.paid_cents < Fee.due_cents)
    return [DayFee(*row) for row in session.execute(stmt)]


@dataclass(frozen=True, slots=True)
class VendorFees(Named):
    """One vendor's fees in one fair, as the Cuotas panel lists them."""

    id: int  # the vendor's
    code: str
    given_names: str
    surnames: str
    doc_type: str
    doc_number: str
    stall: str | None
    status: str
    search_key: str  # as the roster's: names, document, association and code, folded
    due_cents: int
    paid_cents: int
    days_owed: int  # the fair's days with something still to pay

    @property
    def outstanding_cents(self) -> int:
        return self.due_cents - self.paid_cents


def vendor_fees(session: Session, fair_id: int) -> list[VendorFees]:
    """Every vendor with a fee on one of the fair's days, and the fair's active vendors who
    have none (owing nothing), with what they owe there; by surname. One query."""
    owed_day = case((Fee.paid_cents < Fee.due_cents, 1), else_=0)
    totals = (
        select(
            Fee.vendor_id.label("vendor_id"),
            func.sum(Fee.due_cents).label("due"),
            func.sum(Fee.paid_cents).label("paid"),
            func.sum(owed_day).label("days_owed"),
        )
        .join(FairDay, FairDay.id == Fee.fair_day_id)
        .where(FairDay.fair_id == fair_id)
        .group_by(Fee.vendor_id)
        .subquery()
    )
    stmt = (
        select(
            Vendor.id,
            Vendor.code,
            Vendor.given_names,
            Vendor.surnames,
            Vendor.doc_type,
            Vendor.doc_number,
            Vendor.stall,
            Vendor.status,
            Vendor.search_key,
            func.coalesce(totals.c.due, 0),
            func.coalesce(totals.c.paid, 0),
            func.coalesce(totals.c.days_owed, 0),
        )
        .outerjoin(totals, totals.c.vendor_id == Vendor.id)
        .where(
            or_(
                totals.c.vendor_id.is_not(None),
                and_(Vendor.fair_id == fair_id, Vendor.status == VendorStatus.ACTIVE.value),
            )
        )
        .order_by(Vendor.surnames, Vendor.given_names, Vendor.id)
    )
    return [VendorFees(*row) for row in session.execute(stmt)]
