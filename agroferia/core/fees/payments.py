"""Payments of a vendor's fees, applied to the oldest unpaid days first."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from agroferia.core import audit, fairs
from agroferia.core import validation as v
from agroferia.core.errors import ValidationError
from agroferia.core.fees.balances import DayFee
from agroferia.core.models import FairDay, Fee, utcnow
from agroferia.core.money import format_money
from agroferia.i18n import lazy

PAYMENT = lazy("Pago")


def record_payment(
    session: Session,
    actor: str,
    vendor_id: int,
    amount: object,
    *,
    fair_day_id: int | None = None,
    today: dt.date | None = None,
) -> list[Fee]:
    """A payment, applied to one fair day's fee or else to the oldest unpaid fees first.
    Fair days that have not come yet (after ``today``) owe nothing yet.

    A payment larger than what is owed is refused: nothing is recorded.
    """
    today = today or dt.date.today()
    c = v.Checker()
    cents = c.check("payment", PAYMENT, v.positive_cents, amount)
    c.done()
    stmt = (
        select(Fee)
        .join(FairDay)
        .where(Fee.vendor_id == vendor_id, Fee.paid_cents < Fee.due_cents, FairDay.date <= today)
    )
    if fair_day_id is not None:
        fairs.require_not_future(fairs.get_fair_day(session, fair_day_id), today)
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


def plan_payment(
    open_days: list[DayFee], amount: object, *, today: dt.date | None = None
) -> list[tuple[DayFee, int]]:
    """How ``record_payment`` would apply ``amount`` to these unpaid days (a vendor's
    ``statement(..., unpaid_only=True)``): each day touched, oldest first, with the céntimos
    it gets. Refuses what ``record_payment`` refuses, with the same messages."""
    today = today or dt.date.today()
    c = v.Checker()
    cents = c.check("payment", PAYMENT, v.positive_cents, amount)
    c.done()
    days = sorted(
        (d for d in open_days if d.outstanding_cents > 0 and d.date <= today),
        key=lambda d: (d.date, d.fee_id),
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
