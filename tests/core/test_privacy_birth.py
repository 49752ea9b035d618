"""What an anonymized vendor keeps of their birth date: the least precise date that gives the
same age on every day they have records, chosen from those dates alone."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from agroferia.core.age import age_on
from agroferia.core.privacy import birth

SUNDAYS_2026 = [dt.date(2026, 1, 4) + dt.timedelta(weeks=w) for w in range(52)]


def ages(born: dt.date, days) -> list[int]:
    return [age_on(born, d) for d in days]


def test_one_day_keeps_only_a_year() -> None:
    kept = birth.keep(dt.date(1990, 3, 15), [dt.date(2026, 1, 4)])
    assert kept == birth.KeptBirthDate(dt.date(1990, 7, 1), birth.YEAR)


def test_a_year_of_sundays_across_a_birthday_keeps_that_week() -> None:
    born = dt.date(1990, 3, 18)  # a Wednesday of 2026
    low, high = birth.same_ages_interval(born, SUNDAYS_2026)
    assert (low, high) == (dt.date(1990, 3, 16), dt.date(1990, 3, 22))  # Mon after … Sun
    kept = birth.keep(born, SUNDAYS_2026)
    assert kept == birth.KeptBirthDate(dt.date(1990, 3, 19), birth.DAY)  # the middle


def test_a_month_when_the_days_leave_room_for_one() -> None:
    # present in January and in June only: the birthday lies somewhere in between
    days = [dt.date(2026, 1, 4), dt.date(2026, 6, 7)]
    kept = birth.keep(dt.date(1985, 3, 10), days)
    assert kept.precision == birth.MONTH and kept.value.day == 1
    assert dt.date(1985, 1, 5) <= kept.value <= dt.date(1985, 6, 7)


def test_no_records_keep_nothing_and_no_birth_date_stays_none() -> None:
    assert birth.keep(dt.date(1990, 3, 15), []) == birth.KeptBirthDate(None, birth.NONE)
    assert birth.keep(None, SUNDAYS_2026) == birth.KeptBirthDate(None, birth.NONE)


def test_the_kept_date_depends_only_on_what_the_records_show() -> None:
    """Every birth date of the same week gives the same kept date: it tells nothing more."""
    week = [dt.date(1990, 3, 16) + dt.timedelta(days=n) for n in range(7)]
    assert {birth.keep(b, SUNDAYS_2026).value for b in week} == {dt.date(1990, 3, 19)}


@pytest.mark.parametrize("seed", range(5))
def test_ages_on_every_record_day_never_change(seed: int) -> None:
    """Random people and attendance, 29 February included: the kept date gives the same
    age on each of their days (hence the same youth, whatever the configured range)."""
    rng = random.Random(seed)
    days_pool = [dt.date(2023, 1, 1) + dt.timedelta(days=n) for n in range(4 * 365)]
    for _person in range(60):
        born = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(60 * 365))
        if rng.random() < 0.1:
            born = dt.date(rng.choice([1996, 2000, 2004]), 2, 29)
        days = rng.sample(days_pool, rng.randint(1, 80))
        kept = birth.keep(born, days)
        assert ages(kept.value, days) == ages(born, days)
        low, high = birth.same_ages_interval(born, days)
        assert low <= kept.value <= high
        assert ages(low - dt.timedelta(days=1), days) != ages(born, days)
        assert ages(high + dt.timedelta(days=1), days) != ages(born, days)
        if (high - low).days >= 366:
            assert kept.precision == birth.YEAR


def test_record_days_are_attendance_sales_and_fees(demo_db) -> None:
    from sqlalchemy import select

    from agroferia.core import fees
    from agroferia.core.models import Attendance, FairDay

    vendor_id = 7
    with demo_db.Session.begin() as s:
        present = set(
            s.scalars(
                select(FairDay.date)
                .join(Attendance, Attendance.fair_day_id == FairDay.id)
                .where(Attendance.vendor_id == vendor_id)
            )
        )
        absent = s.scalars(
            select(FairDay).where(FairDay.date.not_in(present)).order_by(FairDay.date)
        ).first()
        assert present and absent is not None
        assert birth.record_days(s, vendor_id) == present  # the demo's sales are on them
        fees.set_due(s, "ana", absent.id, vendor_id, "15.00")  # a fee without attendance
        assert birth.record_days(s, vendor_id) == present | {absent.date}
