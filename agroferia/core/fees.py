"""Stall fees (cuotas): what each vendor owes per fair day, payments, and balances."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from agroferia.core import audit, fairs, vendors
from agroferia.core import validation as v
from agroferia.core.errors import ValidationError
from agroferia.core.models import Fair, FairDay, Fee, Vendor, VendorStatus, utcnow
from agroferia.core.money import format_money, from_cents
from agroferia.core.people import Named
from agroferia.i18n import lazy

DUE = lazy("Cuota")
PAID = lazy("Pagado")
PAYMENT = lazy("Pago")


@dataclass(frozen=True)
class Balance:
    vendor_id: int
    due: Decimal
    paid: Decimal

    @property
    def outstanding(self) -> Decimal:
        return self.due - self.paid


def _fee(session: Session, fair_day_id: int, vendor_id: int) -> Fee | None:
    return session.scalar(
        select(Fee).where(Fee.fair_day_id == fair_day_id, Fee.vendor_id == vendor_id)
    )


def set_due(session: Session, actor: str, fair_day_id: int, vendor_id: int, amount: object) -> Fee:
    """Sets the fee a vendor owes for a fair day (creating it if needed)."""
    day = fairs.get_fair_day(session, fair_day_id)
    fairs.require_open(day)
    vendors.get(session, vendor_id)
    c = v.Checker()
    due = c.check("due", DUE, v.non_negative_cents, amount)
    c.done()
    fee = _fee(session, fair_day_id, vendor_id)
    if fee is not None and due < fee.paid_cents:
        raise ValidationError.single(
            "due",
            DUE,
            lazy(
                "no puede ser menor que lo ya pagado ({paid})",
                paid=format_money(fee.paid_cents, cents=True),
            ),
        )
    before = audit.snapshot(fee) if fee is not None else None
    if fee is None:
        fee = Fee(fair_day_id=fair_day_id, vendor_id=vendor_id, due_cents=due, paid_cents=0)
        session.add(fee)
    else:
        fee.due_cents = due
    session.flush()
    audit.record(
        session, actor, "update" if before else "create", "fee", fee.id, before, audit.snapshot(fee)
    )
    return fee


def _cents_or_zero(value: object) -> int:
    return 0 if v.blank(value) else v.non_negative_cents(value)


def set_day_fee(
    session: Session, actor: str, fair_day_id: int, vendor_id: int, due: object, paid: object
) -> Fee | None:
    """Sets what a vendor owes and has paid for one fair day, as the day's sheet shows them
    (blank is zero). Paying more than is due is refused; with nothing due, nothing paid and
    no fee recorded yet, nothing is written and None is returned."""
    day = fairs.get_fair_day(session, fair_day_id)
    fairs.require_open(day)
    vendors.get(session, vendor_id)
    c = v.Checker()
    due_cents = c.check("due", DUE, _cents_or_zero, due)
    paid_cents = c.check("paid", PAID, _cents_or_zero, paid)
    if due_cents is not None and paid_cents is not None and paid_cents > due_cents:
        c.add(
            "paid", PAID, lazy("supera la cuota ({due})", due=format_money(due_cents, cents=True))
        )
    c.done()
    fee = _fee(session, fair_day_id, vendor_id)
    if fee is None and due_cents == 0 and paid_cents == 0:
        return None
    if fee is not None and (fee.due_cents, fee.paid_cents) == (due_cents, paid_cents):
        return fee
    before = audit.snapshot(fee) if fee is not None else None
    if fee is None:
        fee = Fee(fair_day_id=fair_day_id, vendor_id=vendor_id, due_cents=0, paid_cents=0)
        session.add(fee)
    if paid_cents != fee.paid_cents:
        fee.paid_at = utcnow() if paid_cents else None
    fee.due_cents, fee.paid_cents = due_cents, paid_cents
    session.flush()
    audit.record(
        session, actor, "update" if before else "create", "fee", fee.id, before, audit.snapshot(fee)
    )
    return fee


def record_payment(
    session: Session, actor: str, vendor_id: int, amount: object, *, fair_day_id: int | None = None
) -> list[Fee]:
    """A payment, applied to one fair day's fee or else to the oldest unpaid fees first.

    A payment larger than what is owed is refused: nothing is recorded.
    """
    c = v.Checker()
    cents = c.check("payment", PAYMENT, v.positive_cents, amount)
    c.done()
    stmt = (
        select(Fee).join(FairDay).where(Fee.vendor_id == vendor_id, Fee.paid_cents < Fee.due_cents)
    )
    if fair_day_id is not None:
        stmt = stmt.where(Fee.fair_day_id == fair_day_id)
    open_fees = list(session.scalars(stmt.order_by(FairDay.date, Fee.id)))
    owed = sum(f.due_cents - f.paid_cents for f in open_fees)
    if cents > owed:
        raise ValidationError.single(
            "payment",
            PAYMENT,
            lazy("supera lo adeudado ({owed})", owed=format_money(owed, cents=True)),
        )
    touched: list[Fee] = []
    now = utcnow()
    for fee in open_fees:
        if cents == 0:
            break
        part = min(cents, fee.due_cents - fee.paid_cents)
        before = audit.snapshot(fee)
        fee.paid_cents += part
        fee.paid_at = now
        cents -= part
        touched.append(fee)
        session.flush()
        audit.record(session, actor, "payment", "fee", fee.id, before, audit.snapshot(fee))
    return touched


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


def plan_payment(open_days: list[DayFee], amount: object) -> list[tuple[DayFee, int]]:
    """How ``record_payment`` would apply ``amount`` to these unpaid days (a vendor's
    ``statement(..., unpaid_only=True)``): each day touched, oldest first, with the céntimos
    it gets. Refuses what ``record_payment`` refuses, with the same messages."""
    c = v.Checker()
    cents = c.check("payment", PAYMENT, v.positive_cents, amount)
    c.done()
    days = sorted(
        (d for d in open_days if d.outstanding_cents > 0), key=lambda d: (d.date, d.fee_id)
    )
    owed = sum(d.outstanding_cents for d in days)
    if cents > owed:
        raise ValidationError.single(
            "payment",
            PAYMENT,
            lazy("supera lo adeudado ({owed})", owed=format_money(owed, cents=True)),
        )
    plan: list[tuple[DayFee, int]] = []
    for day in days:
        if cents == 0:
            break
        part = min(cents, day.outstanding_cents)
        plan.append((day, part))
        cents -= part
    return plan
