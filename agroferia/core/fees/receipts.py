"""Receipts of fee payments (*recibos de cuota*), numbered per fair.

Every payment gets one: a payment recorded in Cuotas (``payments.record_payment``) one per
fair whose days it pays (almost always one: the fair of the vendor), for the whole amount
that went to that fair, however many days it covers; what a fair day's sheet adds to what a
vendor paid that day (``day_sheet.saving``, ``day.set_day_fee``) one per vendor whose paid
amount grew, for what it grew by.  A paid amount that a sheet lowers (a typing slip) leaves
the receipts as they are: the one printed wrongly is voided by hand.

Numbers are taken in the payment's own transaction, under a lock per fair held until it
commits (on SQLite writers already take turns): two payments at once never get the same
number, and a payment that is not saved leaves no gap.  A number is never reused nor
changed: a voided receipt stays, marked void with who voided it, when and why, and the next
receipt takes the next number.  Voiding is for a receipt issued wrongly; it does not undo
the payment, which is corrected apart.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from agroferia.core import accounts, audit, network
from agroferia.core import validation as v
from agroferia.core.accounts import Right
from agroferia.core.errors import NotFoundError, OperationError
from agroferia.core.models import (
    Fair,
    FairDay,
    Fee,
    Receipt,
    ReceiptLine,
    User,
    Vendor,
    utcnow,
)
from agroferia.i18n import lazy

REASON = lazy("Motivo")
NUMBER_DIGITS = 6


def number_text(number: int) -> str:
    """``000123``: a receipt's number as it is printed."""
    return f"{number:0{NUMBER_DIGITS}d}"


@dataclass(frozen=True)
class Share:
    """What a payment gave one fair day's fee: céntimos added to its *paid*, or a payment
    received later (``later_payment_id``) of a closed day."""

    fee_id: int
    cents: int
    later_payment_id: int | None = None


@dataclass(frozen=True)
class Paid:
    """One receipt to issue: a vendor's payment of some of one fair's days."""

    vendor_id: int
    received_on: dt.date
    method: str | None  # None: typed on a day's sheet, which does not say how
    shares: tuple[Share, ...]


def issue(session: Session, actor: str, fair_id: int, payments: Iterable[Paid]) -> list[int]:
    """Receipts of ``payments`` in one fair, numbered on from the fair's last number, in
    the caller's transaction (which must also hold the payments: see the module); their
    ids. A few statements however many they are (a whole day's sheet)."""
    payments = [p for p in payments if sum(s.cents for s in p.shares) > 0]
    if not payments:
        return []
    network.lock_key(session, "receipt_numbers", fair_id)
    session.flush()  # what the payments wrote goes first
    last = session.scalar(select(func.max(Receipt.number)).where(Receipt.fair_id == fair_id))
    now = utcnow()
    rows = [
        {
            "fair_id": fair_id,
            "number": n,
            "vendor_id": paid.vendor_id,
            "received_on": paid.received_on,
            "amount_cents": sum(s.cents for s in paid.shares),
            "payment_method": paid.method,
            "issued_by": actor,
            "issued_at": now,
            "voided_at": None,
            "voided_by": None,
            "void_reason": None,
        }
        for n, paid in enumerate(payments, (last or 0) + 1)
    ]
    table, lines = Receipt.__table__, ReceiptLine.__table__
    session.execute(insert(table), rows)
    id_of = dict(
        session.execute(
            select(Receipt.number, Receipt.id).where(
                Receipt.fair_id == fair_id, Receipt.number > (last or 0)
            )
        ).all()
    )
    ids = [id_of[row["number"]] for row in rows]
    session.execute(
        insert(lines),
        [
            {"receipt_id": rid, "fee_id": s.fee_id, "amount_cents": s.cents,
             "later_payment_id": s.later_payment_id}
            for rid, paid in zip(ids, payments, strict=True)
            for s in paid.shares
            if s.cents > 0
        ],
    )  # fmt: skip
    audit.record_many(
        session,
        actor,
        (
            ("create", "receipt", rid, None,
             audit.dumps(audit.snapshot_row(Receipt, {"id": rid, **row})), None)
            for rid, row in zip(ids, rows, strict=True)
        ),
    )  # fmt: skip
    return ids


def fair_of_days(session: Session, fair_day_ids: Iterable[int]) -> dict[int, int]:
    """The fair of each fair day."""
    ids = sorted(set(fair_day_ids))
    if not ids:
        return {}
    return dict(
        session.execute(select(FairDay.id, FairDay.fair_id).where(FairDay.id.in_(ids))).all()
    )


def for_day_sheet(
    session: Session, actor: str, fair_day_id: int, paid_before: dict[int, int]
) -> list[int]:
    """Receipts of what was just written as paid on a fair day's sheet: one per vendor
    whose paid amount is now more than ``paid_before`` (céntimos per vendor, as it was
    before the writing), for the difference."""
    day = session.get(FairDay, fair_day_id)
    grown = [
        Paid(vendor_id, day.date, None, (Share(fee_id, paid - paid_before.get(vendor_id, 0)),))
        for fee_id, vendor_id, paid in session.execute(
            select(Fee.id, Fee.vendor_id, Fee.paid_cents)
            .where(Fee.fair_day_id == fair_day_id)
            .order_by(Fee.id)
            .execution_options(populate_existing=True)
        )
        if paid > paid_before.get(vendor_id, 0)
    ]
    return issue(session, actor, day.fair_id, grown)


def paid_on_day(session: Session, fair_day_id: int) -> dict[int, int]:
    """What each vendor has paid on the fair day itself, in céntimos (``for_day_sheet``'s
    ``paid_before``)."""
    return {
        vendor_id: int(paid)
        for vendor_id, paid in session.execute(
            select(Fee.vendor_id, Fee.paid_cents).where(Fee.fair_day_id == fair_day_id)
        )
    }


# ---------------------------------------------------------------------------- voiding


def find(session: Session, fair_id: int, number: int) -> Receipt:
    receipt = session.scalar(
        select(Receipt).where(Receipt.fair_id == fair_id, Receipt.number == number)
    )
    if receipt is None:
        raise NotFoundError(
            lazy("No existe el recibo N° {number} de esta feria.", number=number_text(number))
        )
    return receipt


def void(session: Session, actor: str, receipt_id: int, reason: object) -> Receipt:
    """Marks a receipt void, with why (required): it stays, its number is never given
    again, and the payment it was for does not change. Organizers and treasurers."""
    accounts.require(
        session,
        actor,
        Right.SALES,
        Right.REGISTRY,
        refusal=lazy("Solo quien organiza la feria o su tesorería puede anular un recibo."),
    )
    c = v.Checker()
    why = c.check("reason", REASON, v.text, reason, required=True, max_len=300)
    c.done()
    receipt = session.get(Receipt, receipt_id)
    if receipt is None:
        raise NotFoundError(lazy("No existe el recibo {id}.", id=receipt_id))
    if receipt.voided_at is not None:
        raise OperationError(
            lazy("El recibo N° {number} ya está anulado.", number=number_text(receipt.number))
        )
    before = audit.snapshot(receipt)
    receipt.voided_at, receipt.voided_by, receipt.void_reason = utcnow(), actor, why
    session.flush()
    audit.record(
        session, actor, "void", "receipt", receipt.id, before, audit.snapshot(receipt), why
    )
    return receipt


# ---------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class ReceiptDay:
    """A fair day a receipt pays, with its céntimos."""

    date: dt.date
    cents: int
    later: bool  # a closed day's debt, paid after it


@dataclass(frozen=True)
class ReceiptDoc:
    """A receipt as it is listed and printed."""

    id: int
    fair_id: int
    number: int
    fair: str
    vendor_id: int
    vendor_name: str
    vendor_code: str
    received_on: dt.date
    cents: int
    method: str | None
    issued_by: str  # the display name of the account, else the name recorded
    issued_at: dt.datetime
    voided_at: dt.datetime | None
    voided_by: str | None
    void_reason: str | None
    days: tuple[ReceiptDay, ...]

    @property
    def voided(self) -> bool:
        return self.voided_at is not None

    @property
    def number_text(self) -> str:
        return number_text(self.number)


def _names(session: Session, usernames: set[str]) -> dict[str, str]:
    if not usernames:
        return {}
    return dict(
        session.execute(
            select(User.username, User.display_name).where(User.username.in_(usernames))
        ).all()
    )


def documents(
    session: Session, *, vendor_id: int | None = None, receipt_ids: Iterable[int] | None = None
) -> list[ReceiptDoc]:
    """A vendor's receipts (or those of ``receipt_ids``), newest first. Three queries."""
    stmt = (
        select(Receipt, Fair.name, Vendor.given_names, Vendor.surnames, Vendor.code)
        .join(Fair, Fair.id == Receipt.fair_id)
        .join(Vendor, Vendor.id == Receipt.vendor_id)
        .order_by(Receipt.issued_at.desc(), Receipt.id.desc())
    )
    if vendor_id is not None:
        stmt = stmt.where(Receipt.vendor_id == vendor_id)
    if receipt_ids is not None:
        stmt = stmt.where(Receipt.id.in_(sorted(set(receipt_ids))))
    rows = session.execute(stmt).all()
    ids = [row[0].id for row in rows]
    days: dict[int, list[ReceiptDay]] = {}
    if ids:
        for receipt_id, date, cents, later in session.execute(
            select(
                ReceiptLine.receipt_id,
                FairDay.date,
                ReceiptLine.amount_cents,
                ReceiptLine.later_payment_id,
            )
            .join(Fee, Fee.id == ReceiptLine.fee_id)
            .join(FairDay, FairDay.id == Fee.fair_day_id)
            .where(ReceiptLine.receipt_id.in_(ids))
            .order_by(FairDay.date, ReceiptLine.id)
        ):
            days.setdefault(receipt_id, []).append(ReceiptDay(date, cents, later is not None))
    names = _names(session, {who for row in rows for who in (row[0].issued_by, row[0].voided_by)
                             if who})  # fmt: skip
    return [
        ReceiptDoc(
            id=r.id,
            fair_id=r.fair_id,
            number=r.number,
            fair=fair,
            vendor_id=r.vendor_id,
            vendor_name=f"{given} {surnames}",
            vendor_code=code,
            received_on=r.received_on,
            cents=r.amount_cents,
            method=r.payment_method,
            issued_by=names.get(r.issued_by, r.issued_by),
            issued_at=r.issued_at,
            voided_at=r.voided_at,
            voided_by=names.get(r.voided_by, r.voided_by) if r.voided_by else None,
            void_reason=r.void_reason,
            days=tuple(days.get(r.id, ())),
        )
        for r, fair, given, surnames, code in rows
    ]


def document(session: Session, receipt_id: int) -> ReceiptDoc:
    found = documents(session, receipt_ids=[receipt_id])
    if not found:
        raise NotFoundError(lazy("No existe el recibo {id}.", id=receipt_id))
    return found[0]
