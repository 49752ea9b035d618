"""``presence_summary``: each vendor's days present at a fair in a calendar year, and how
many of them the vendor was young, and the statements that write it: for some vendors of a
fair and year, for one vendor, or for everyone."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Select, and_, case, delete, func, select
from sqlalchemy.orm import Session

from agroferia.core import settings
from agroferia.core.age import YOUTH
from agroferia.core.models import Attendance, FairDay, PresenceSummary
from agroferia.core.network.locks import lock_summaries
from agroferia.core.summaries.dated import age_group, dated_tables, year_days
from agroferia.core.summaries.sales import chunks

TABLE = PresenceSummary.__table__
COLUMNS = ("year", "fair_id", "vendor_id", "days", "young_days")

Group = tuple[int, int]  # (fair id, year)


def _grouped(session: Session, where, days_where=None) -> Select:
    low, high = settings.youth_range(session)
    days, people = dated_tables(days_where)
    young = case((age_group(days, people, low, high) == YOUTH, 1), else_=0)
    return (
        select(days.c.year, days.c.fair_id, Attendance.vendor_id, func.count(), func.sum(young))
        .select_from(Attendance)
        .join(days, days.c.id == Attendance.fair_day_id)
        .join(people, people.c.id == Attendance.vendor_id)
        .where(where)
        .group_by(days.c.year, days.c.fair_id, Attendance.vendor_id)
    )


def groups_of_days(session: Session, fair_day_ids: Iterable[int]) -> set[Group]:
    found: set[Group] = set()
    for chunk in chunks(fair_day_ids):
        found |= {
            (fair_id, date.year)
            for fair_id, date in session.execute(
                select(FairDay.fair_id, FairDay.date).where(FairDay.id.in_(chunk))
            )
        }
    return found


def refresh(session: Session, groups: Iterable[Group], vendor_ids: Iterable[int] | None = None):
    """Recomputes the rows of these fairs and years from the attendance: of every vendor, or
    of ``vendor_ids`` only."""
    lock_summaries(session)
    for fair_id, year in sorted(set(groups)):
        days_where = and_(FairDay.fair_id == fair_id, year_days(year))
        of_group = and_(TABLE.c.fair_id == fair_id, TABLE.c.year == year)
        if vendor_ids is None:
            session.execute(delete(TABLE).where(of_group))
            rows = _grouped(session, Attendance.id.is_not(None), days_where)
            session.execute(TABLE.insert().from_select(COLUMNS, rows))
            continue
        for chunk in chunks(vendor_ids):
            session.execute(delete(TABLE).where(of_group, TABLE.c.vendor_id.in_(chunk)))
            rows = _grouped(session, Attendance.vendor_id.in_(chunk), days_where)
            session.execute(TABLE.insert().from_select(COLUMNS, rows))


def refresh_vendor(session: Session, vendor_id: int) -> None:
    """Recomputes every row of one vendor (whose birth date changed)."""
    lock_summaries(session, alone=True)
    session.execute(delete(TABLE).where(TABLE.c.vendor_id == vendor_id))
    rows = _grouped(session, Attendance.vendor_id == vendor_id)
    session.execute(TABLE.insert().from_select(COLUMNS, rows))


def rebuild(session: Session) -> None:
    lock_summaries(session, alone=True)
    session.execute(delete(TABLE))
    rows = _grouped(session, Attendance.id.is_not(None))
    session.execute(TABLE.insert().from_select(COLUMNS, rows))


def stored(session: Session) -> set[tuple]:
    return {tuple(r) for r in session.execute(select(*(TABLE.c[c] for c in COLUMNS)))}


def recomputed(session: Session) -> set[tuple]:
    return {tuple(r) for r in session.execute(_grouped(session, Attendance.id.is_not(None)))}
