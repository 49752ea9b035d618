"""The fairs of the network side by side for a period: each fair's fair days, vendors
present, % women, % youth, sales and average per vendor and fair day, and the network's
total, in which a producer present at several fairs is counted once.

Every figure is ``core.stats``'s: a fair's row is ``stats.compute(…, fair_id=…)``, the total
``stats.compute(…)`` for all fairs (which counts each vendor once), the shares are
``Stats.share`` and the average ``Stats.average_per_vendor_day``, as the Panel shows them.
So the total of vendors present is less than the sum of the fairs' by the producers present
at more than one (``in_several_fairs`` says how many they are).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session

from agroferia.core import stats
from agroferia.core.collation import text_key
from agroferia.core.models import Attendance, Fair, FairDay


@dataclass(frozen=True)
class Row:
    """One fair's figures for the period (``fair_id`` None: the network's total)."""

    fair_id: int | None
    fair: str | None  # the fair's name; None for the total
    fair_days: int
    present: int  # vendors present at least once
    women: int  # of them, women
    youth: int  # of them, young on at least one fair day present
    attendances: int  # vendor-days present
    sales: int  # céntimos
    women_share: Decimal  # % of those present, one decimal
    youth_share: Decimal
    average: Decimal | None  # sales per vendor-day, to the céntimo; None without any

    @classmethod
    def of(cls, figures: stats.Stats, fair_id: int | None) -> Row:
        v = figures.vendors
        return cls(
            fair_id=fair_id,
            fair=figures.fair,
            fair_days=figures.fair_days,
            present=v.present,
            women=v.by_sex["F"],
            youth=v.youth,
            attendances=v.attendances,
            sales=figures.sales.total,
            women_share=figures.share(v.by_sex["F"]),
            youth_share=figures.share(v.youth),
            average=figures.average_per_vendor_day if v.attendances else None,
        )


@dataclass(frozen=True)
class Comparison:
    start: dt.date
    end: dt.date
    youth_range: tuple[int, int]
    rows: list[Row]  # the fairs with fair days in the period, in Spanish name order
    total: Row  # the network: each producer counted once
    in_several_fairs: int  # producers present at more than one fair of the period

    @property
    def empty(self) -> bool:
        """No fair day at all in the period."""
        return not self.rows


def compare_fairs(
    session: Session, start: dt.date, end: dt.date, *, every: stats.Stats | None = None
) -> Comparison:
    """The fairs with fair days between ``start`` and ``end`` (both included), side by side.
    ``every``: the period's ``stats.compute`` for all fairs, when already computed."""
    if start > end:
        raise ValueError("start after end")
    in_period = (FairDay.date >= start, FairDay.date <= end)
    named = session.execute(
        select(Fair.id, Fair.name).where(
            Fair.id.in_(select(FairDay.fair_id).where(*in_period).distinct())
        )
    ).all()
    named.sort(key=lambda fair: (text_key(fair.name), fair.id))
    rows = [Row.of(stats.compute(session, start, end, fair_id=f), f) for f, _name in named]
    network = every if every is not None else stats.compute(session, start, end)
    if (network.start, network.end, network.fair) != (start, end, None):
        raise ValueError("the statistics of another period or fair")
    return Comparison(
        start=start,
        end=end,
        youth_range=network.youth_range,
        rows=rows,
        total=Row.of(network, None),
        in_several_fairs=_in_several_fairs(session, in_period),
    )


def _in_several_fairs(session: Session, in_period: tuple) -> int:
    several = (
        select(Attendance.vendor_id)
        .join(FairDay, FairDay.id == Attendance.fair_day_id)
        .where(*in_period)
        .group_by(Attendance.vendor_id)
        .having(func.count(distinct(FairDay.fair_id)) > 1)
    )
    return session.scalar(select(func.count()).select_from(several.subquery())) or 0
