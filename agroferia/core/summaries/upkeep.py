"""Keeps the summaries current with what each flush of a session writes.

After every flush (in its transaction, before anything is committed) it recomputes the
sales of the fair days whose sales were added, changed or deleted through the session and
the presence of the vendors whose attendance they imply or that was marked; moves a
vendor's figures when the vendor's sex or birth date changed; recomputes a fair day whose
date changed; and rebuilds everything when the youth range changed.  Writers that bypass
the session's objects (bulk statements) call ``refresh_days`` themselves.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session

from agroferia.core.models import Attendance, FairDay, Sale, Setting, Vendor

# what the summaries add up, of a sale, a vendor and a fair day; the settings they depend on
SALE_FIELDS = ("fair_day_id", "vendor_id", "category_id", "amount_cents", "payment_method")
VENDOR_FIELDS = ("sex", "birth_date")
DAY_FIELDS = ("date", "fair_id")
YOUTH_KEYS = frozenset({"youth_min_age", "youth_max_age"})


def keep_current(target: Any) -> None:
    """Watches the flushes of ``target`` (a Session class or a sessionmaker)."""
    if not event.contains(target, "after_flush", _after_flush):
        event.listen(target, "after_flush", _after_flush)


def _values(obj: object, field: str) -> set[Any]:
    """The attribute's value now and the one it had before this flush."""
    history = inspect(obj).attrs[field].history
    return {*history.added, *history.unchanged, *history.deleted}


def _changed(obj: object, fields: tuple[str, ...]) -> bool:
    state = inspect(obj)
    return any(state.attrs[f].history.has_changes() for f in fields)


def _before(obj: Vendor) -> dict[str, Any] | None:
    """The vendor's sex and birth date before this flush (None when not known: both are
    mapped with ``active_history``, so only an object changed without loading them)."""
    state, before = inspect(obj), {}
    for field in VENDOR_FIELDS:
        history = state.attrs[field].history
        if not history.has_changes():
            before[field] = getattr(obj, field)  # as it was, and still is
        elif history.deleted:
            before[field] = history.deleted[0]
        else:
            return None
    return before


class _Written:
    """What a flush wrote that the summaries add up."""

    def __init__(self, session: Session) -> None:
        self.days: set[int] = set()  # fair days whose sales changed
        self.whole_days: set[int] = set()  # fair days to recompute entirely (date changed)
        self.pairs: set[tuple[int, int]] = set()  # (vendor, fair day) whose attendance changed
        self.vendors: dict[int, tuple[dict[str, Any] | None, bool]] = {}
        self.youth = False
        for obj in session.new:
            self._new(obj)
        for obj in session.dirty:
            self._dirty(obj)
        for obj in session.deleted:
            self._deleted(obj)

    def _new(self, obj: object) -> None:
        if isinstance(obj, Sale | Attendance):
            self.pairs.add((obj.vendor_id, obj.fair_day_id))
            if isinstance(obj, Sale):
                self.days.add(obj.fair_day_id)
        elif isinstance(obj, Setting) and obj.key in YOUTH_KEYS:
            self.youth = True

    def _dirty(self, obj: object) -> None:
        if isinstance(obj, Sale) and _changed(obj, SALE_FIELDS):
            days = _values(obj, "fair_day_id")
            self.days |= days
            self.pairs |= {(v, d) for v in _values(obj, "vendor_id") for d in days}
        elif isinstance(obj, Vendor) and _changed(obj, VENDOR_FIELDS):
            born_again = inspect(obj).attrs.birth_date.history.has_changes()
            self.vendors[obj.id] = (_before(obj), born_again)
        elif isinstance(obj, FairDay) and _changed(obj, DAY_FIELDS):
            self.whole_days.add(obj.id)
        elif isinstance(obj, Setting) and obj.key in YOUTH_KEYS and _changed(obj, ("value",)):
            self.youth = True

    def _deleted(self, obj: object) -> None:
        if isinstance(obj, Sale):
            self.days |= _values(obj, "fair_day_id")
        elif isinstance(obj, Attendance):
            self.pairs.add((obj.vendor_id, obj.fair_day_id))
        elif isinstance(obj, Setting) and obj.key in YOUTH_KEYS:
            self.youth = True


def _after_flush(session: Session, _context: object) -> None:
    written = _Written(session)
    if not (written.days or written.whole_days or written.pairs or written.vendors
            or written.youth):  # fmt: skip
        return
    from agroferia.core.summaries import maintain, presence

    if written.youth:
        maintain.rebuild(session)
        return
    for vendor_id, (before, born_again) in written.vendors.items():
        if before is None:  # not known: the vendor's days, recomputed from their sales
            mine = select(Sale.fair_day_id).where(Sale.vendor_id == vendor_id).distinct()
            written.days |= set(session.scalars(mine))
            presence.refresh_vendor(session, vendor_id)
        else:
            maintain.vendor_changed(
                session, vendor_id, before["sex"], before["birth_date"], born_again=born_again
            )
    if written.whole_days:
        # the fairs and years the days were in, and those they are in now
        day_ids = written.whole_days
        groups = {
            (fair_id, date.year)
            for obj in session.dirty
            if isinstance(obj, FairDay) and obj.id in day_ids
            for fair_id in _values(obj, "fair_id")
            for date in _values(obj, "date")
        }
        presence.refresh(session, groups)
        written.days |= day_ids
    if written.days:
        from agroferia.core.summaries import sales

        sales.refresh_days(session, written.days)
    if written.pairs:
        maintain.refresh_attendance(session, written.pairs)
