"""A fair day's fee of a vendor: what is due and what was paid that day, as the day's sheet
sets them. Only an open fair day's fees change; a closed day's debt paid afterwards is a
``LaterPayment`` (see ``fees.payments``), which a reopened day's fee must leave room for."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from agroferia.core import accounts, audit, fairs, vendors
from agroferia.core import validation as v
from agroferia.core.accounts import Right
from agroferia.core.errors import ValidationError
from agroferia.core.fees import receipts
from agroferia.core.models import Fee, LaterPayment, utcnow
from agroferia.core.money import format_money
from agroferia.i18n import lazy

DUE = lazy("Cuota")
PAID = lazy("Pagado")


def _fee(session: Session, fair_day_id: int, vendor_id: int) -> Fee | None:
    return session.scalar(
        select(Fee).where(Fee.fair_day_id == fair_day_id, Fee.vendor_id == vendor_id)
    )


def paid_later(session: Session, fair_day_id: int) -> dict[int, int]:
    """The payments of the fair day's fees received after it was closed, in céntimos per
    vendor (vendors without any are left out). On that day's sheet, *Pagado* can be at most
    the fee due less this."""
    return {
        vendor_id: int(cents)
        for vendor_id, cents in session.execute(
            select(Fee.vendor_id, func.sum(LaterPayment.amount_cents))
            .join(Fee, Fee.id == LaterPayment.fee_id)
            .where(Fee.fair_day_id == fair_day_id)
            .group_by(Fee.vendor_id)
        )
    }


def _paid_later(session: Session, fee: Fee | None) -> int:
    if fee is None or fee.id is None:
        return 0
    return int(
        session.scalar(
            select(func.coalesce(func.sum(LaterPayment.amount_cents), 0)).where(
                LaterPayment.fee_id == fee.id
            )
        )
    )


def _money(cents: int) -> str:
    return format_money(cents, cents=True)


def set_due(
    session: Session,
    actor: str,
    fair_day_id: int,
    vendor_id: int,
    amount: object,
    *,
    today: dt.date | None = None,
) -> Fee:
    """Sets the fee a vendor owes for an open fair day that has come (creating it if
    needed)."""
    accounts.require(session, actor, Right.SALES)
    day = fairs.get_fair_day(session, fair_day_id)
    fairs.require_open(day)
    fairs.require_not_future(day, today)
    vendors.get(session, vendor_id)
    c = v.Checker()
    due = c.check("due", DUE, v.non_negative_cents, amount)
    c.done()
    fee = _fee(session, fair_day_id, vendor_id)
    later = _paid_later(session, fee)
    if fee is not None and due < fee.paid_cents + later:
        if later:
            message = lazy(
                "no puede ser menor que lo ya pagado ({paid}, de ello {later} después del cierre)",
                paid=_money(fee.paid_cents + later),
                later=_money(later),
            )
        else:
            message = lazy(
                "no puede ser menor que lo ya pagado ({paid})", paid=_money(fee.paid_cents)
            )
        raise ValidationError.single("due", DUE, message)
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


def check_day_fee(due: object, paid: object, later: int) -> tuple[int, int]:
    """What is due and paid in céntimos, as ``set_day_fee`` takes them (blank is zero),
    or ``ValidationError``; ``later``: what was paid for the fee after the day was closed."""
    c = v.Checker()
    due_cents = c.check("due", DUE, _cents_or_zero, due)
    paid_cents = c.check("paid", PAID, _cents_or_zero, paid)
    if due_cents is not None and later > due_cents:
        c.add(
            "due",
            DUE,
            lazy(
                "no puede ser menor que lo ya pagado después del cierre de la jornada ({later})",
                later=_money(later),
            ),
        )
    elif due_cents is not None and paid_cents is not None and paid_cents > due_cents - later:
        if later:
            message = lazy(
                "supera lo que falta de la cuota ({left}): {later} se pagó después del cierre "
                "de la jornada",
                left=_money(due_cents - later),
                later=_money(later),
            )
        else:
            message = lazy("supera la cuota ({due})", due=_money(due_cents))
        c.add("paid", PAID, message)
    c.done()
    return due_cents, paid_cents  # type: ignore[return-value]  # done() raised otherwise


def set_day_fee(
    session: Session,
    actor: str,
    fair_day_id: int,
    vendor_id: int,
    due: object,
    paid: object,
    *,
    today: dt.date | None = None,
) -> Fee | None:
    """Sets what a vendor owes and has paid for one fair day, as the day's sheet shows them
    (blank is zero). Paying more than is due is refused; with nothing due, nothing paid and
    no fee recorded yet, nothing is written and None is returned. A fair day that has not
    come yet only has its fee cleared (nothing due, nothing paid).

    On a reopened day whose fee was partly paid after it was closed (``paid_later``), what
    is paid on the day can be at most the fee less those payments, and the fee cannot go
    below them."""
    accounts.require(session, actor, Right.SALES)
    day = fairs.get_fair_day(session, fair_day_id)
    fairs.require_open(day)
    vendors.get(session, vendor_id)
    fee = _fee(session, fair_day_id, vendor_id)
    due_cents, paid_cents = check_day_fee(due, paid, _paid_later(session, fee))
    if due_cents or paid_cents:
        fairs.require_not_future(day, today)
    if fee is None and due_cents == 0 and paid_cents == 0:
        return None
    if fee is not None and (fee.due_cents, fee.paid_cents) == (due_cents, paid_cents):
        return fee
    before = audit.snapshot(fee) if fee is not None else None
    if fee is None:
        fee = Fee(fair_day_id=fair_day_id, vendor_id=vendor_id, due_cents=0, paid_cents=0)
        session.add(fee)
    grown = paid_cents - fee.paid_cents
    if paid_cents != fee.paid_cents:
        fee.paid_at = utcnow() if paid_cents else None
    fee.due_cents, fee.paid_cents = due_cents, paid_cents
    session.flush()
    audit.record(
        session, actor, "update" if before else "create", "fee", fee.id, before, audit.snapshot(fee)
    )
    if grown > 0:  # what was paid now gets its receipt, as a sheet's does
        paid_now = receipts.Paid(vendor_id, day.date, None, (receipts.Share(fee.id, grown),))
        receipts.issue(session, actor, day.fair_id, [paid_now])
    return fee
