"""Payments of a vendor's fees, applied to the oldest unpaid days first.

A payment received on a date pays the fees of fair days up to that date. The share that goes
to an open fair day is that day's own collection (its fee's *paid*, shown on its sheet); the
share that goes to a closed fair day never touches that day: it is a ``LaterPayment``, with
the date it was received, the payment method, who recorded it and when. It is listed on the
summary of the fair day held on the date it was received, so that date's fair day must not
be closed already (closed summaries never change; reopening it is the way).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from agroferia.core import accounts, audit, fairs, network
from agroferia.core import validation as v
from agroferia.core.accounts import Right
from agroferia.core.collation import name_key, text_key
from agroferia.core.errors import ValidationError
from agroferia.core.fees import receipts
from agroferia.core.fees.balances import DayFee, statement
from agroferia.core.models import Fair, FairDay, Fee, LaterPayment, Vendor, utcnow
from agroferia.core.money import format_money
from agroferia.core.people import Named
from agroferia.i18n import Text, lazy

PAYMENT = lazy("Pago")
METHOD = lazy("Medio de pago")
RECEIVED_ON = lazy("Fecha de pago")


@dataclass(frozen=True)
class AppliedPayment:
    """One fair day's share of a payment: added to an open day's fee, or recorded as a
    payment received later (``later``) when the day is closed."""

    fee: Fee
    cents: int
    later: LaterPayment | None = None
    receipt_id: int | None = None  # the payment's receipt in the day's fair

    @property
    def fair_day_id(self) -> int:
        return self.fee.fair_day_id


@dataclass(frozen=True)
class Terms:
    """A payment as typed, checked: céntimos, method and the date it was received."""

    cents: int
    method: str
    received_on: dt.date


def check_terms(
    amount: object,
    method: object = None,
    received_on: object = None,
    *,
    today: dt.date | None = None,
) -> Terms:
    """The amount (positive), the payment method (cash when blank) and the date received
    (today when blank; never after ``today``), or a ValidationError naming each field."""
    today = today or dt.date.today()
    c = v.Checker()
    cents = c.check("payment", PAYMENT, v.positive_cents, amount)
    clean_method = c.check("method", METHOD, v.payment_method, method)
    date = c.check("received_on", RECEIVED_ON, v.past_date, received_on, today)
    c.done()
    return Terms(cents, clean_method, date or today)


def _too_much(owed: int, received_on: dt.date, today: dt.date) -> ValidationError:
    if received_on == today:
        message = lazy("supera lo adeudado ({owed})", owed=format_money(owed, cents=True))
    else:
        message = lazy(
            "supera lo adeudado hasta el {date} ({owed})",
            date=received_on.strftime("%d/%m/%Y"),
            owed=format_money(owed, cents=True),
        )
    return ValidationError.single("payment", PAYMENT, message)


def _apply(days: Iterable[DayFee], terms: Terms, today: dt.date) -> list[tuple[DayFee, int]]:
    """The days of ``days`` the payment goes to, oldest first, with their céntimos."""
    payable = sorted(
        (d for d in days if d.outstanding_cents > 0 and d.date <= terms.received_on),
        key=lambda d: (d.date, d.fee_id),
    )
    owed = sum(d.outstanding_cents for d in payable)
    if terms.cents > owed:
        raise _too_much(owed, terms.received_on, today)
    left, plan = terms.cents, []
    for day in payable:
        if left == 0:
            break
        part = min(left, day.outstanding_cents)
        plan.append((day, part))
        left -= part
    return plan


def plan_payment(
    open_days: list[DayFee],
    amount: object,
    *,
    method: object = None,
    received_on: object = None,
    today: dt.date | None = None,
) -> list[tuple[DayFee, int]]:
    """How ``record_payment`` would apply ``amount`` to these unpaid days (a vendor's
    ``statement(..., unpaid_only=True)``): each day touched, oldest first, with the céntimos
    it gets (a closed day's share is recorded as a payment received later). Refuses what
    ``record_payment`` refuses, with the same messages, except a closed fair day on the date
    received (see ``closed_on_received``)."""
    today = today or dt.date.today()
    terms = check_terms(amount, method, received_on, today=today)
    return _apply(open_days, terms, today)


def closed_on_received(
    session: Session, plan: list[tuple[DayFee, int]], received_on: dt.date
) -> ValidationError | None:
    """The refusal of a payment whose share to a closed day would be listed on the summary
    of a fair day that is already closed (the fair day of that fair on the date received):
    a closed day's summary never changes."""
    fair_ids = {day.fair_id for day, _part in plan if day.closed}
    if not fair_ids:
        return None
    days = session.execute(
        select(FairDay.date, Fair.name)
        .join(Fair, Fair.id == FairDay.fair_id)
        .where(
            FairDay.fair_id.in_(fair_ids),
            FairDay.date == received_on,
            FairDay.closed_at.is_not(None),
        )
    ).all()
    if not days:
        return None
    closed = min(days, key=lambda day: text_key(day.name))
    message: Text = lazy(
        "la jornada del {date} ({fair}) ya está cerrada y su resumen no cambia; para "
        "registrar un pago recibido ese día, reábrala primero",
        date=closed.date.strftime("%d/%m/%Y"),
        fair=closed.name,
    )
    return ValidationError.single("received_on", RECEIVED_ON, message)


def record_payment(
    session: Session,
    actor: str,
    vendor_id: int,
    amount: object,
    *,
    fair_day_id: int | None = None,
    fair_id: int | None = None,
    method: object = None,
    received_on: object = None,
    today: dt.date | None = None,
) -> list[AppliedPayment]:
    """A payment received on ``received_on`` (today when not given; never in the future)
    by ``method`` (cash when not given), applied to one fair day's fee or else to the
    oldest unpaid fees up to that date first (of ``fair_id`` only, when given: a producer
    of several fairs pays each fair for its own days). An open day's share is added to its fee (its
    method and date received are kept in the audit trail, which the cell history shows); a
    closed day's share is recorded as a payment received later, and the closed day's fee
    does not change.

    The payment gets a numbered receipt in each fair whose days it pays (``receipts``),
    for all it gave that fair's days; each share names its receipt.

    A payment larger than what is owed is refused: nothing is recorded.
    """
    accounts.require(session, actor, Right.SALES)
    today = today or dt.date.today()
    terms = check_terms(amount, method, received_on, today=today)
    if fair_day_id is not None:
        fairs.require_not_future(fairs.get_fair_day(session, fair_day_id), today)
    # what the vendor owes, read once no other writer is changing it (another payment, a
    # sheet being saved): a payment is never counted twice nor overwritten
    network.lock_fees(session, vendor_id=vendor_id)
    days = statement(session, vendor_id, fair_id=fair_id, unpaid_only=True)
    if fair_day_id is not None:
        days = [d for d in days if d.fair_day_id == fair_day_id]
    plan = _apply(days, terms, today)
    refused = closed_on_received(session, plan, terms.received_on)
    if refused is not None:
        raise refused
    applied: list[AppliedPayment] = []
    now = utcnow()
    for day, part in plan:
        fee = session.get(Fee, day.fee_id)
        if not day.closed:
            before = audit.snapshot(fee)
            fee.paid_cents += part
            fee.paid_at = now
            session.flush()
            after = {**audit.snapshot(fee), "payment_method": terms.method,
                     "received_on": terms.received_on.isoformat()}  # fmt: skip
            audit.record(session, actor, "payment", "fee", fee.id, before, after)
            applied.append(AppliedPayment(fee, part))
            continue
        later = LaterPayment(
            fee_id=fee.id,
            amount_cents=part,
            payment_method=terms.method,
            received_on=terms.received_on,
            recorded_by=actor,
            recorded_at=now,
        )
        session.add(later)
        session.flush()
        audit.record(
            session, actor, "payment", "later_payment", later.id, after=audit.snapshot(later)
        )
        applied.append(AppliedPayment(fee, part, later))
    return _with_receipts(session, actor, vendor_id, terms, applied)


def _with_receipts(
    session: Session, actor: str, vendor_id: int, terms: Terms, applied: list[AppliedPayment]
) -> list[AppliedPayment]:
    """The shares of a payment, each with the receipt issued for its fair's shares."""
    fair_of = receipts.fair_of_days(session, (a.fair_day_id for a in applied))
    by_fair: dict[int, list[AppliedPayment]] = {}
    for share in applied:
        by_fair.setdefault(fair_of[share.fair_day_id], []).append(share)
    issued: dict[int, int] = {}
    for fair_id in sorted(by_fair):  # the fairs' locks always in the same order
        shares = tuple(
            receipts.Share(a.fee.id, a.cents, a.later.id if a.later else None)
            for a in by_fair[fair_id]
        )
        paid = receipts.Paid(vendor_id, terms.received_on, terms.method, shares)
        [issued[fair_id]] = receipts.issue(session, actor, fair_id, [paid])
    return [replace(a, receipt_id=issued[fair_of[a.fair_day_id]]) for a in applied]


@dataclass(frozen=True, slots=True)
class ReceivedPayment(Named):
    """A payment of an earlier, closed fair day's fee, as the summary of the day it was
    received lists it."""

    id: int
    vendor_id: int
    code: str
    given_names: str
    surnames: str
    fair_day: dt.date  # the day whose fee it pays
    method: str  # a PaymentMethod value
    cents: int


def payments_received(session: Session, fair_id: int, date: dt.date) -> list[ReceivedPayment]:
    """The payments of the fair's closed days' fees received on ``date``, by vendor, then
    by the day they pay."""
    rows = session.execute(
        select(
            LaterPayment.id,
            Vendor.id,
            Vendor.code,
            Vendor.given_names,
            Vendor.surnames,
            FairDay.date,
            LaterPayment.payment_method,
            LaterPayment.amount_cents,
        )
        .join(Fee, Fee.id == LaterPayment.fee_id)
        .join(FairDay, FairDay.id == Fee.fair_day_id)
        .join(Vendor, Vendor.id == Fee.vendor_id)
        .where(FairDay.fair_id == fair_id, LaterPayment.received_on == date)
    )
    found = [ReceivedPayment(*row) for row in rows]
    return sorted(
        found, key=lambda p: (name_key(p.surnames, p.given_names, p.vendor_id), p.fair_day, p.id)
    )
