"""The periods the panel and the reports offer: this month, last month, this quarter, this
year, last year (the usual January report), or any range of dates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from agroferia.i18n import lazy

THIS_MONTH, LAST_MONTH, QUARTER, YEAR, LAST_YEAR, CUSTOM = (
    "this_month", "last_month", "quarter", "year", "last_year", "custom",
)  # fmt: skip
KINDS = (THIS_MONTH, LAST_MONTH, QUARTER, YEAR, LAST_YEAR, CUSTOM)
LABELS = {
    THIS_MONTH: lazy("Este mes"),
    LAST_MONTH: lazy("Mes pasado"),
    QUARTER: lazy("Este trimestre"),
    YEAR: lazy("Este año"),
    LAST_YEAR: lazy("Año pasado"),
    CUSTOM: lazy("Otras fechas"),
}


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date
    fair_id: int | None = None  # None: every fair


def _month_end(day: dt.date) -> dt.date:
    following = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


def date_range(kind: str, today: dt.date) -> tuple[dt.date, dt.date]:
    """First and last day of the period ``kind`` that contains (or, for last month and last
    year, precedes) ``today``. The whole month, quarter or year: fair days later in it simply
    have no figures yet."""
    if kind == THIS_MONTH:
        return today.replace(day=1), _month_end(today)
    if kind == LAST_MONTH:
        end = today.replace(day=1) - dt.timedelta(days=1)
        return end.replace(day=1), end
    if kind == QUARTER:
        first = today.replace(month=3 * ((today.month - 1) // 3) + 1, day=1)
        return first, _month_end(first.replace(month=first.month + 2))
    if kind == YEAR:
        return today.replace(month=1, day=1), today.replace(month=12, day=31)
    if kind == LAST_YEAR:
        return dt.date(today.year - 1, 1, 1), dt.date(today.year - 1, 12, 31)
    raise ValueError(f"no fixed dates for period {kind!r}")
