"""Whose an entry of the audit trail is: the entries about one vendor's record, sales
(deleted ones too), attendance, fees and the later payments of those fees.

An entry belongs to the vendor its own snapshot names (``"vendor_id": 12``): a new or
deleted sale, a new fee, an attendance.  A change keeps only the fields it changed, so the
correction of a sale, the change or payment of a fee and a later payment name no vendor:

- fees and later payments are never deleted, so their ids are never reused: a change of a
  fee is its vendor's, a later payment belongs to the vendor of the fee it pays;
- a sale's id is reused (SQLite gives a new row the highest id plus one, so deleting the
  last sale frees its id for the next one, anyone's): a correction belongs to the vendor of
  the sale that held that id at that moment.  That sale is one a snapshot shows whole (the
  entry that created it, the one that deleted it, or the sale as it is now) when nothing
  that deletes sales came in between; an import that replaces a day's sales deletes them
  without an entry each, so after one the sale is known only if it was entered before the
  correction.  A correction whose sale cannot be known so is nobody's: it is never guessed.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from agroferia.core.models import AuditLog, Fee, LaterPayment, Sale

Position = tuple[dt.datetime, int]  # an entry's place in the trail: (at, id)


def entries_of(session: Session, vendor_id: int) -> list[AuditLog]:
    """The entries about the vendor, in the order they were written."""
    # a snapshot names the vendor as ``"vendor_id": 12,`` or ``"vendor_id": 12}``
    marks = (f'%"vendor_id": {vendor_id},%', f'%"vendor_id": {vendor_id}}}%')
    named = or_(*(col.like(m) for col in (AuditLog.before, AuditLog.after) for m in marks))

    def of(entity: str):
        return AuditLog.entity == entity

    # the ids of sales that are theirs now, or were when an entry showed them whole
    sale_ids = (
        select(Sale.id)
        .where(Sale.vendor_id == vendor_id)
        .union(select(AuditLog.entity_id).where(of("sale"), named))
    )
    fees = select(Fee.id).where(Fee.vendor_id == vendor_id)
    fee_ids = set(session.scalars(fees))
    later = select(LaterPayment.id).join(Fee).where(Fee.vendor_id == vendor_id)
    candidates = list(
        session.scalars(
            select(AuditLog)
            .where(
                or_(
                    and_(of("vendor"), AuditLog.entity_id == vendor_id),
                    and_(of("sale"), AuditLog.entity_id.in_(sale_ids)),
                    and_(of("fee"), AuditLog.entity_id.in_(fees)),
                    and_(of("later_payment"), AuditLog.entity_id.in_(later)),
                    and_(of("attendance"), named),
                )
            )
            .order_by(AuditLog.at, AuditLog.id)
        )
    )  # fmt: skip
    sales = _Sales(session, [e for e in candidates if e.entity == "sale"])
    return [e for e in candidates if _belongs(e, vendor_id, fee_ids, sales)]


def _belongs(entry: AuditLog, vendor_id: int, fee_ids: set[int], sales: _Sales) -> bool:
    before, after = _loads(entry.before), _loads(entry.after)
    if entry.entity == "vendor":
        return True  # found by its id: vendors are never deleted
    named = [s["vendor_id"] for s in (before, after) if s and "vendor_id" in s]
    if named:
        return all(n == vendor_id for n in named)
    if entry.entity == "sale":
        return sales.owner(entry) == vendor_id
    if entry.entity == "fee":
        return entry.entity_id in fee_ids
    if entry.entity == "later_payment":
        paid = [s["fee_id"] for s in (before, after) if s and "fee_id" in s]
        return all(f in fee_ids for f in paid)  # found by its id, never reused
    return False


@dataclass(frozen=True)
class _Held:
    """A sale as a snapshot shows it whole, and where in the trail it was created or
    deleted, when an entry says so."""

    vendor_id: int
    fair_day_id: int
    entered_at: dt.datetime


class _Sales:
    """Who held a sale id when each correction of it was written."""

    def __init__(self, session: Session, entries: list[AuditLog]) -> None:
        self.by_id: dict[int | None, list[AuditLog]] = defaultdict(list)
        for entry in entries:
            self.by_id[entry.entity_id].append(entry)
        ids = [i for i in self.by_id if i is not None]
        self.now: dict[int, _Held] = {}
        for start in range(0, len(ids), 500):
            rows = session.execute(
                select(Sale.id, Sale.vendor_id, Sale.fair_day_id, Sale.entered_at).where(
                    Sale.id.in_(ids[start : start + 500])
                )
            )
            self.now.update({i: _Held(v, d, at) for i, v, d, at in rows})
        # imports that replaced a day's sales: each deleted them without an entry of its own
        self.replaced: list[tuple[Position, int | None]] = [
            ((at, i), day)
            for at, i, day in session.execute(
                select(AuditLog.at, AuditLog.id, AuditLog.entity_id)
                .where(AuditLog.entity == "fair_day", AuditLog.action == "replace")
                .order_by(AuditLog.at, AuditLog.id)
            )
        ]

    def owner(self, entry: AuditLog) -> int | None:
        """The vendor of the sale that held the entry's id when it was written, if known."""
        here = _position(entry)
        mine = self.by_id[entry.entity_id]
        earlier = [e for e in mine if _position(e) < here and e.action in ("create", "delete")]
        later = [e for e in mine if _position(e) > here and e.action in ("create", "delete")]
        found: set[int] = set()
        if earlier and earlier[-1].action == "create":  # the sale created before it
            held = _held(earlier[-1].after)
            if held and not self._replaced(_position(earlier[-1]), here, held.fair_day_id):
                found.add(held.vendor_id)
        if later and later[0].action == "delete":  # the sale deleted after it
            held = _held(later[0].before)
            if held and self._there(held, entry, here, _position(later[0])):
                found.add(held.vendor_id)
        if not later and entry.entity_id in self.now:  # the sale as it is now
            held = self.now[entry.entity_id]
            if self._there(held, entry, here, None):
                found.add(held.vendor_id)
        return found.pop() if len(found) == 1 else None

    def _there(self, held: _Held, entry: AuditLog, here: Position, until: Position | None) -> bool:
        """Whether the sale seen at ``until`` (deleted there, or now) is the one the entry
        at ``here`` was about: nothing deleted sales in between, or it was entered before."""
        return held.entered_at <= entry.at or not self._replaced(here, until, None)

    def _replaced(self, start: Position, end: Position | None, day: int | None) -> bool:
        """Whether an import replaced the sales of that day (of any day: None) between."""
        return any(
            start < at and (end is None or at < end) and (day is None or day == replaced)
            for at, replaced in self.replaced
        )


def _position(entry: AuditLog) -> Position:
    return entry.at, entry.id


def _held(text: str | None) -> _Held | None:
    snap = _loads(text)
    try:
        return _Held(
            snap["vendor_id"], snap["fair_day_id"], dt.datetime.fromisoformat(snap["entered_at"])
        )
    except (KeyError, TypeError, ValueError):
        return None


def _loads(text: str | None) -> Any:
    return json.loads(text) if text else None
