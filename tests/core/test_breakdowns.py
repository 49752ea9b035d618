"""Per-day and per-vendor breakdowns add up to ``core.stats`` for the same period."""

from __future__ import annotations

import datetime as dt

import pytest

from agroferia.core import breakdowns, demo, stats
from agroferia.core.age import is_young
from agroferia.core.collation import text_key
from agroferia.core.errors import NotFoundError
from agroferia.core.models import Attendance, FairDay, Vendor

START, END = dt.date(2026, 3, 1), dt.date(2026, 8, 31)


@pytest.fixture
def demo_session(session):
    demo.build(session, seed=11, until=dt.date(2026, 11, 22), with_accounts=False)
    session.commit()
    return session


def test_fair_day_rows_add_up_to_the_period(demo_session):
    s = demo_session
    result = stats.compute(s, START, END)
    rows = breakdowns.by_day(s, START, END)
    assert len(rows) == result.fair_days
    assert sum(r.sales for r in rows) == result.sales.total
    assert sum(r.present for r in rows) == result.vendors.attendances
    assert sum(r.fees_due for r in rows) == result.fees_due
    assert sum(r.fees_paid for r in rows) == result.fees_paid
    assert sum(r.visitors or 0 for r in rows) == result.visitors
    assert {r.date: r.sales for r in rows} == result.sales.by_fair_day


def test_women_and_youth_of_each_day_counted_in_python_agree(demo_session):
    s = demo_session
    for row in breakdowns.by_day(s, START, END)[:6]:
        people = (
            s.query(Vendor)
            .join(Attendance, Attendance.vendor_id == Vendor.id)
            .join(FairDay, FairDay.id == Attendance.fair_day_id)
            .filter(FairDay.date == row.date)
            .all()
        )
        assert row.present == len(people)
        assert row.women == sum(p.sex == "F" for p in people)
        assert row.youth == sum(is_young(p.birth_date, row.date) for p in people)


def test_vendor_rows_are_the_registered_vendors(demo_session):
    s = demo_session
    result = stats.compute(s, START, END)
    rows = breakdowns.by_vendor(s, START, END)
    assert len(rows) == result.vendors.registered
    assert sum(r.sales for r in rows) == result.sales.total
    assert sum(r.days_present for r in rows) == result.vendors.attendances
    present = [r for r in rows if r.days_present]
    assert len(present) == result.vendors.present
    assert sum(1 for r in present if r.young) == result.vendors.youth
    assert sum(1 for r in present if r.young is None) == result.vendors.age_not_stated
    # by surname as in a Spanish dictionary: "Chávez" before "Choque"
    assert [r.surnames for r in rows] == sorted((r.surnames for r in rows), key=text_key)
    chavez, choque = (next(i for i, r in enumerate(rows) if r.surnames.startswith(name))
                      for name in ("Chávez", "Choque"))  # fmt: skip
    assert chavez < choque


def test_sales_listing_streams_every_entry(demo_session):
    s = demo_session
    listed = list(breakdowns.iter_sales(s, START, END))
    assert len(listed) == breakdowns.count_sales(s, START, END)
    assert sum(r.amount for r in listed) == stats.compute(s, START, END).sales.total
    assert [r.date for r in listed] == sorted(r.date for r in listed)


def test_unknown_fair_is_a_clear_error(session):
    with pytest.raises(NotFoundError, match="No existe la feria 99"):
        stats.compute(session, START, END, fair_id=99)
