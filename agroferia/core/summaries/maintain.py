"""Keeping both summaries current: what a writer calls with what it wrote."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from agroferia.core.models import FairDay, PresenceSummary, SalesSummary
from agroferia.core.summaries import presence, sales

Row = tuple  # ("sales" | "presence", *the row's columns)


def refresh_days(session: Session, fair_day_ids: Iterable[int]) -> None:
    """Recomputes both summaries for these fair days (in the caller's transaction): their
    sales, and the attendance of their fairs' years.  Any day, any number of times: the
    result only depends on the sales and the attendance."""
    day_ids = set(fair_day_ids)
    sales.refresh_days(session, day_ids)
    presence.refresh(session, presence.groups_of_days(session, day_ids))


def refresh_attendance(session: Session, pairs: Iterable[tuple[int, int]]) -> None:
    """Recomputes the presence of these (vendor id, fair day id) pairs' vendors in their
    fairs' years."""
    vendors_of = defaultdict(set)
    for vendor_id, day_id in pairs:
        vendors_of[day_id].add(vendor_id)
    by_group = defaultdict(set)
    for day_id, fair_id, date in session.execute(
        select(FairDay.id, FairDay.fair_id, FairDay.date).where(FairDay.id.in_(list(vendors_of)))
    ):
        by_group[(fair_id, date.year)] |= vendors_of[day_id]
    for group, vendor_ids in by_group.items():
        presence.refresh(session, [group], vendor_ids)


def vendor_changed(
    session: Session, vendor_id: int, sex: str, birth_date: dt.date | None, *, born_again: bool
) -> None:
    """A vendor's sex or birth date changed (``sex``, ``birth_date``: as they were)."""
    sales.shift_vendor(session, vendor_id, sex, birth_date)
    if born_again:
        presence.refresh_vendor(session, vendor_id)


def rebuild(session: Session) -> int:
    """Recomputes both summaries from the sales and the attendance; how many rows."""
    sales.rebuild(session)
    presence.rebuild(session)
    return sum(
        session.scalar(select(func.count()).select_from(t)) or 0
        for t in (SalesSummary, PresenceSummary)
    )


def stored(session: Session) -> set[Row]:
    return {("sales", *r) for r in sales.stored(session)} | {
        ("presence", *r) for r in presence.stored(session)
    }


def recomputed(session: Session) -> set[Row]:
    return {("sales", *r) for r in sales.recomputed(session)} | {
        ("presence", *r) for r in presence.recomputed(session)
    }


def differences(session: Session) -> tuple[set[Row], set[Row]]:
    """Rows stored but not recomputed, and recomputed but not stored: both empty when the
    summaries are current."""
    have, want = stored(session), recomputed(session)
    return have - want, want - have
