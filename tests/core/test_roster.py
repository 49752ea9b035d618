"""The registry's roster: one row per vendor with youth today, rubros, SGP state; filters."""

from __future__ import annotations

import datetime as dt

import pytest

from agroferia.core import demo, roster, settings, vendors
from agroferia.core.roster import RosterFilter

TODAY = dt.date(2026, 11, 24)


def register(session, **data):
    base = {"given_names": "Rosa", "surnames": "Quispe", "doc_number": "40123456",
            "main_category": "Hortalizas y verduras"}  # fmt: skip
    return vendors.register(session, "ana", {**base, **data}, today=TODAY)


@pytest.mark.parametrize(
    ("expires", "state"),
    [
        (None, roster.SGP_VALID),
        (TODAY - dt.timedelta(days=1), roster.SGP_EXPIRED),
        (TODAY, roster.SGP_EXPIRING),
        (TODAY + dt.timedelta(days=30), roster.SGP_EXPIRING),
        (TODAY + dt.timedelta(days=31), roster.SGP_VALID),
    ],
)
def test_sgp_state_badges_expired_and_within_thirty_days(expires, state):
    assert roster.sgp_state(True, expires, TODAY) == state
    assert roster.sgp_state(False, expires, TODAY) == roster.SGP_NONE


def test_demo_roster_counts_women_and_youth_as_the_database_says(session):
    demo.build(session, seed=3, until=TODAY, with_accounts=False)
    rows = roster.roster(session, TODAY)
    assert len(rows) == 84
    low, high = settings.youth_range(session)
    for row in rows:
        vendor = vendors.get(session, row.id)
        age = None if vendor.birth_date is None else (
            TODAY.year - vendor.birth_date.year
            - ((TODAY.month, TODAY.day) < (vendor.birth_date.month, vendor.birth_date.day))
        )  # fmt: skip
        assert row.age == age
        assert row.young == (age is not None and low <= age <= high)
        assert row.category_ids == {vendor.main_category_id} | {
            c.id for c in vendor.other_categories
        }
    counts = roster.counts(rows)
    assert (counts.vendors, counts.women, counts.youth) == (84, 46, 21)


def test_youth_follows_the_configured_range_and_the_birthday(session):
    register(session, birth_date=dt.date(1996, 11, 25))  # 29 until tomorrow
    [row] = roster.roster(session, TODAY)
    assert (row.age, row.young) == (29, True)
    [row] = roster.roster(session, TODAY + dt.timedelta(days=1))
    assert (row.age, row.young) == (30, False)
    settings.set_youth_range(session, "system", 18, 35)
    [row] = roster.roster(session, TODAY + dt.timedelta(days=1))
    assert row.young


def test_filters_combine_and_search_ignores_case_and_accents(session):
    rosa = register(session, sex="F", region="Cusco", association="Asociación Ñaña",
                    other_categories=["Productos frescos"], birth_date="01/01/2000")  # fmt: skip
    luis = register(session, given_names="Luis", surnames="Núñez", doc_number="40123457",
                    sex="M", region="Puno")  # fmt: skip
    vendors.set_status(session, "ana", luis.id, "suspended")
    rows = roster.roster(session, TODAY)
    ids = lambda f: [r.id for r in f.apply(rows)]  # noqa: E731
    assert ids(RosterFilter(text="nunez")) == [luis.id]
    assert ids(RosterFilter(text="ñaña rosa")) == [rosa.id]
    assert ids(RosterFilter(text="40123457")) == [luis.id]
    assert ids(RosterFilter(text="rosa luis")) == []
    fresh = next(iter(rosa.other_categories)).id
    assert ids(RosterFilter(category_id=fresh)) == [rosa.id]  # a rubro that is not the main one
    assert ids(RosterFilter(sex="F", region="Cusco")) == [rosa.id]
    assert ids(RosterFilter(age=roster.YOUNG)) == [rosa.id]
    assert ids(RosterFilter(age=roster.AGE_UNKNOWN)) == [luis.id]
    assert ids(RosterFilter(status="suspended")) == [luis.id]
    assert ids(RosterFilter(region="")) == []
    assert len(ids(RosterFilter())) == 2
