"""The least precise birth date that keeps every figure: what an anonymized vendor keeps of
their birth date.

Youth is computed from the birth date on each fair day (``core.age``, ``core.stats``), with
the youth range configured when the figures are asked for.  Every birth date that gives the
person the same age in completed years on each day they have records for (attendance,
sales, fees) gives the same youth status on those days, whatever the range, so every figure
of those days stays as it was.  Those birth dates form one interval (the age on a day only
falls as the birth date moves later); what is kept is a date chosen from that interval
alone, so that it says nothing more than the interval does:

- the 1 July of a year when the interval holds one (the birth year, in effect),
- else the 1st of a month (year and month),
- else a day of the interval (with weekly fairs, a birthday between two fair days the
  person attended pins it to that week);

within a level, the date nearest the middle of the interval.  The choice depends on the
interval only, never on where the real date lies in it: the kept date may happen to be the
real one, but nothing in the database can tell.  Without records no figure depends on the
birth date, and nothing is kept.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import select, union
from sqlalchemy.orm import Session

from agroferia.core.age import age_on
from agroferia.core.models import Attendance, FairDay, Fee, Sale

ONE_DAY = dt.timedelta(days=1)
# the precision of what is kept, from the least to the most precise
NONE, YEAR, MONTH, DAY = "none", "year", "month", "day"


@dataclass(frozen=True)
class KeptBirthDate:
    value: dt.date | None
    precision: str  # NONE, YEAR, MONTH or DAY


def record_days(session: Session, vendor_id: int) -> set[dt.date]:
    """The fair days on which the vendor has attendance, sales or a fee."""
    days = union(
        *(
            select(FairDay.date)
            .join(table, table.fair_day_id == FairDay.id)
            .where(table.vendor_id == vendor_id)
            for table in (Attendance, Sale, Fee)
        )
    )
    return set(session.scalars(select(days.subquery().c.date)))


def _ages(born: dt.date, days: Collection[dt.date]) -> tuple[int, ...]:
    return tuple(age_on(born, day) for day in days)


def same_ages_interval(born: dt.date, days: Collection[dt.date]) -> tuple[dt.date, dt.date]:
    """The first and last birth dates that give the ages ``born`` gives on ``days``."""
    days = sorted(days)
    ages = _ages(born, days)
    low = high = born
    while low > dt.date.min and _ages(low - ONE_DAY, days) == ages:
        low -= ONE_DAY
    while high < dt.date.max and _ages(high + ONE_DAY, days) == ages:
        high += ONE_DAY
    return low, high


def keep(born: dt.date | None, days: Collection[dt.date]) -> KeptBirthDate:
    """What to keep of ``born`` for a person with records on ``days``."""
    if born is None or not days:
        return KeptBirthDate(None, NONE)
    low, high = same_ages_interval(born, days)
    middle = low + dt.timedelta(days=(high - low).days // 2)
    every_day = [low + dt.timedelta(days=n) for n in range((high - low).days + 1)]
    for precision, fits in (
        (YEAR, lambda d: (d.month, d.day) == (7, 1)),
        (MONTH, lambda d: d.day == 1),
    ):
        candidates = [d for d in every_day if fits(d)]
        if candidates:
            return KeptBirthDate(
                min(candidates, key=lambda d: (abs((d - middle).days), d)), precision
            )
    return KeptBirthDate(middle, DAY)
