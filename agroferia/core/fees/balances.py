"""What vendors owe: balances per vendor, a vendor's fees day by day (the statement), and
the rows of the Cuotas panel.

What a vendor still owes for a fair day is its due, less what was paid on the day (the
fee's ``paid_cents``, the day's own collection), less the payments of that fee received
after the day was closed (``LaterPayment``): every figure here counts all three.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from agroferia.core.collation import name_key
from agroferia.core.models import Fair, FairDay, Fee, LaterPayment, Membership, Vendor
from agroferia.core.money import from_cents
from agroferia.core.network.memberships import active_at, status_at_fair
from agroferia.core.people import Named

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Balance:
    vendor_id: int
    due: Decimal
    paid: Decimal  # on the fair days themselves
    paid_later: Decimal = ZERO  # received after a fair day was closed

    @property
    def outstanding(self) -> Decimal:
        return self.due - self.paid - self.paid_later


def balance(session: Session, vendor_id: int) -> Balance:
    return balances(session, vendor_ids=[vendor_id]).get(vendor_id, Balance(vendor_id, ZERO, ZERO))


def balances(
    session: Session, *, fair_id: int | None = None, vendor_ids: list[int] | None = None
) -> dict[int, Balance]:
    """Due, paid on the day and paid later per vendor across all fair days (of one fair, if
    given)."""

    def narrowed(stmt):
        if fair_id is not None:
            stmt = stmt.join(FairDay, FairDay.id == Fee.fair_day_id).where(
                FairDay.fair_id == fair_id
            )
        if vendor_ids is not None:
            stmt = stmt.where(Fee.vendor_id.in_(vendor_ids))
        return stmt.group_by(Fee.vendor_id)

    later = dict(
        session.execute(
            narrowed(
                select(Fee.vendor_id, func.sum(LaterPayment.amount_cents)).join(
                    Fee, Fee.id == LaterPayment.fee_id
                )
            )
        ).all()
    )
    sums = session.execute(
        narrowed(select(Fee.vendor_id, func.sum(Fee.due_cents), func.sum(Fee.paid_cents)))
    )
    return {
        vid: Balance(vid, from_cents(due), from_cents(paid), from_cents(later.get(vid, 0)))
        for vid, due, paid in sums
    }


@dataclass(frozen=True)
class LaterPaid:
    """A payment of a closed fair day's fee, received on a date of its own."""

    id: int
    received_on: dt.date
    method: str  # a PaymentMethod value
    cents: int
    recorded_by: str


@dataclass(frozen=True)
class DayFee:
    """One fair day's fee of a vendor, as a statement lists it."""

    fee_id: int
    fair_day_id: int
    date: dt.date
    fair: str
    due_cents: int
    paid_cents: int  # on the day itself
    closed: bool = False  # the fair day is closed: payments to it are recorded apart
    later: tuple[LaterPaid, ...] = ()  # received after it was closed, oldest first
    fair_id: int = 0

    @property
    def paid_later_cents(self) -> int:
        return sum(p.cents for p in self.later)

    @property
    def outstanding_cents(self) -> int:
        return self.due_cents - self.paid_cents - self.paid_later_cents


def statement(
    session: Session, vendor_id: int, *, fair_id: int | None = None, unpaid_only: bool = False
) -> list[DayFee]:
    """A vendor's fees day by day, oldest first (the order payments are applied in), with
    the payments each closed day received later. Two queries."""
    stmt = (
        select(
            Fee.id,
            Fee.fair_day_id,
            FairDay.date,
            Fair.name,
            Fee.due_cents,
            Fee.paid_cents,
            FairDay.closed_at,
            FairDay.fair_id,
        )
        .join(FairDay, FairDay.id == Fee.fair_day_id)
        .join(Fair, Fair.id == FairDay.fair_id)
        .where(Fee.vendor_id == vendor_id)
        .order_by(FairDay.date, Fee.id)
    )
    if fair_id is not None:
        stmt = stmt.where(FairDay.fair_id == fair_id)
    later: dict[int, list[LaterPaid]] = {}
    for fee_id, *payment in session.execute(
        select(
            LaterPayment.fee_id,
            LaterPayment.id,
            LaterPayment.received_on,
            LaterPayment.payment_method,
            LaterPayment.amount_cents,
            LaterPayment.recorded_by,
        )
        .join(Fee, Fee.id == LaterPayment.fee_id)
        .where(Fee.vendor_id == vendor_id)
        .order_by(LaterPayment.received_on, LaterPayment.id)
    ):
        later.setdefault(fee_id, []).append(LaterPaid(*payment))
    days = [
        DayFee(
            fee_id=fee_id,
            fair_day_id=day_id,
            date=date,
            fair=fair_name,
            due_cents=due,
            paid_cents=paid,
            closed=closed_at is not None,
            later=tuple(later.get(fee_id, ())),
            fair_id=of_fair,
        )
        for fee_id, day_id, date, fair_name, due, paid, closed_at, of_fair in session.execute(stmt)
    ]
    return [d for d in days if d.outstanding_cents > 0] if unpaid_only else days


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
    paid_cents: int  # on the fair days themselves
    paid_later_cents: int  # received after a fair day was closed
    days_owed: int  # the fair's days with something still to pay

    @property
    def outstanding_cents(self) -> int:
        return self.due_cents - self.paid_cents - self.paid_later_cents


def vendor_fees(session: Session, fair_id: int) -> list[VendorFees]:
    """Every vendor with a fee on one of the fair's days, and the fair's active vendors who
    have none (owing nothing), with what they owe there (payments received later counted);
    by surname. Two queries: the fees, then the few fees paid later."""
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
            Membership.stall,
            status_at_fair(),
            Vendor.search_key,
            func.coalesce(totals.c.due, 0),
            func.coalesce(totals.c.paid, 0),
            func.coalesce(totals.c.days_owed, 0),
        )
        .outerjoin(totals, totals.c.vendor_id == Vendor.id)
        .outerjoin(
            Membership, and_(Membership.vendor_id == Vendor.id, Membership.fair_id == fair_id)
        )
        .where(or_(totals.c.vendor_id.is_not(None), active_at(fair_id)))
    )
    later = _paid_later_by_vendor(session, fair_id)
    rows = []
    for *vendor, due, paid, days_owed in session.execute(stmt):
        paid_later, settled = later.get(vendor[0], (0, 0))
        rows.append(VendorFees(*vendor, due, paid, paid_later, days_owed - settled))
    rows.sort(key=lambda r: name_key(r.surnames, r.given_names, r.id))
    return rows


def _paid_later_by_vendor(session: Session, fair_id: int) -> dict[int, tuple[int, int]]:
    """Per vendor, the payments of the fair's fees received later, and how many days they
    paid off (days the fees alone count as owed)."""
    per_fee = (
        select(LaterPayment.fee_id, func.sum(LaterPayment.amount_cents).label("cents"))
        .group_by(LaterPayment.fee_id)
        .subquery()
    )
    settled = case(
        (
            and_(
                Fee.paid_cents < Fee.due_cents,
                Fee.paid_cents + per_fee.c.cents >= Fee.due_cents,
            ),
            1,
        ),
        else_=0,
    )
    return {
        vendor_id: (int(cents), int(days))
        for vendor_id, cents, days in session.execute(
            select(Fee.vendor_id, func.sum(per_fee.c.cents), func.sum(settled))
            .select_from(per_fee)
            .join(Fee, Fee.id == per_fee.c.fee_id)
            .join(FairDay, FairDay.id == Fee.fair_day_id)
            .where(FairDay.fair_id == fair_id)
            .group_by(Fee.vendor_id)
        )
    }
