"""The fair days and the vendors with their dates as integers, and a vendor's age group on
a fair day, in SQL: what the statistics and their summaries compute ages with."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import case, literal, select

from agroferia.core.age import NON_YOUTH, NOT_STATED, YOUTH, age_from_ymd, ymd
from agroferia.core.models import FairDay, Vendor


def dated_tables(days_where=None) -> tuple:
    """The fair days (of ``days_where``, or all) with their fair, date, year and date as
    yyyymmdd, and every vendor with their sex and birth date as yyyymmdd.

    Materialised once per query, so that the age on each of a million rows is integer
    arithmetic, not date parsing.
    """
    as_number = ymd(FairDay.date)
    days = select(
        FairDay.id,
        FairDay.fair_id,
        FairDay.date,
        as_number.label("ymd"),
        (as_number // 10000).label("year"),
    )
    if days_where is not None:
        days = days.where(days_where)
    people = select(Vendor.id, Vendor.sex, ymd(Vendor.birth_date).label("ymd"))
    return (
        days.cte("days").prefix_with("MATERIALIZED"),
        people.cte("people").prefix_with("MATERIALIZED"),
    )


def age_group(days, people, low: int, high: int):
    """``youth``, ``non_youth`` or ``not_stated``: the vendor's age group on the fair day."""
    return case(
        (people.c.ymd.is_(None), literal(NOT_STATED)),
        (age_from_ymd(people.c.ymd, days.c.ymd).between(low, high), literal(YOUTH)),
        else_=literal(NON_YOUTH),
    )


def year_days(year: int):
    """The condition on fair days dated within ``year``."""
    return FairDay.date.between(dt.date(year, 1, 1), dt.date(year, 12, 31))
