"""The fairs side by side (``core.network.comparison``): figures computed by hand on two
fairs that share a producer, and the same figures as ``core.stats`` on the demo."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import select

from agroferia.core import fairs, sales, stats
from agroferia.core.models import Vendor
from agroferia.core.network.comparison import compare_fairs
from tests import network

D = dt.date


@pytest.fixture
def two_fairs(db):
    with db.Session.begin() as s:
        return network.build(s)


def figures(row):
    return (row.fair, row.fair_days, row.present, row.women, row.youth, row.attendances,
            row.sales, row.women_share, row.youth_share, row.average)  # fmt: skip


def test_each_fair_and_the_network(db, two_fairs):
    with db.Session() as s:
        c = compare_fairs(s, *network.MARCH)
    assert not c.empty
    # Spanish order: «Ángeles» before «Surco» (bytewise it would come after)
    assert [r.fair for r in c.rows] == ["Ángeles", "Surco"]
    assert [r.fair_id for r in c.rows] == [two_fairs["angeles"], two_fairs["surco"]]
    angeles, surco = c.rows
    assert figures(angeles) == (
        "Ángeles",
        1,
        4,
        3,
        2,
        4,
        8550,
        Decimal("75.0"),
        Decimal("50.0"),
        Decimal("21.38"),
    )
    assert figures(surco) == (
        "Surco",
        2,
        2,
        1,
        1,
        4,
        17000,
        Decimal("50.0"),
        Decimal("50.0"),
        Decimal("42.50"),
    )
    # Ana, at both fairs, is one producer of the network
    assert figures(c.total) == (
        None,
        3,
        5,
        3,
        2,
        8,
        25550,
        Decimal("60.0"),
        Decimal("40.0"),
        Decimal("31.94"),
    )
    assert c.total.fair_id is None
    assert c.total.present < angeles.present + surco.present
    assert c.in_several_fairs == 1
    assert c.youth_range == (15, 29)


def test_rows_are_the_statistics_of_each_fair(db, two_fairs):
    with db.Session() as s:
        c = compare_fairs(s, *network.MARCH)
        for row in c.rows:
            one = stats.compute(s, *network.MARCH, fair_id=row.fair_id)
            assert row.present == one.vendors.present
            assert row.sales == one.sales.total
            assert row.average == one.average_per_vendor_day
        assert c.total.present == stats.compute(s, *network.MARCH).vendors.present


def test_a_period_of_one_fair_leaves_the_other_out(db, two_fairs):
    with db.Session() as s:
        c = compare_fairs(s, D(2026, 4, 1), D(2026, 4, 30))
    assert [r.fair for r in c.rows] == ["Surco"]
    (surco,) = c.rows
    assert figures(surco) == (
        "Surco",
        1,
        1,
        0,
        0,
        1,
        99900,
        Decimal("0.0"),
        Decimal("0.0"),
        Decimal("999.00"),
    )
    assert figures(c.total)[1:] == figures(surco)[1:]
    assert c.in_several_fairs == 0


def test_a_day_nobody_came_has_no_average(db, two_fairs):
    with db.Session.begin() as s:
        fairs.add_fair_day(s, "t", two_fairs["angeles"], date=D(2026, 5, 3))
    with db.Session() as s:
        c = compare_fairs(s, D(2026, 5, 1), D(2026, 5, 31))
    (angeles,) = c.rows
    assert (angeles.fair_days, angeles.present, angeles.attendances) == (1, 0, 0)
    assert angeles.average is None and c.total.average is None
    assert (angeles.women_share, angeles.youth_share) == (Decimal("0.0"), Decimal("0.0"))


def test_a_period_without_fair_days_is_empty(db, two_fairs):
    with db.Session() as s:
        c = compare_fairs(s, D(2025, 1, 1), D(2025, 12, 31))
    assert c.empty and c.rows == []
    assert (c.total.fair_days, c.total.present, c.total.sales) == (0, 0, 0)
    assert c.total.average is None and c.in_several_fairs == 0


def test_start_after_end_is_refused(db):
    with db.Session() as s, pytest.raises(ValueError):
        compare_fairs(s, D(2026, 3, 2), D(2026, 3, 1))


def test_the_demo_with_a_second_fair_agrees_with_the_statistics(demo_db):
    """A second fair where some of the demo's producers also sell: every row is
    ``stats.compute`` for its fair, the total for all fairs, over a year and over
    part of one (the presence summary and the attendance itself)."""
    with demo_db.Session.begin() as s:
        fair = fairs.create_fair(s, "t", name="Surco")
        vendors_of_demo = sorted(v for (v,) in s.execute(
            select(Vendor.id).where(Vendor.birth_date.is_not(None))
        ))[:6]  # fmt: skip
        for date in (D(2026, 3, 7), D(2026, 6, 13)):
            day = fairs.add_fair_day(s, "t", fair.id, date=date).id
            for n, vendor_id in enumerate(vendors_of_demo, 1):
                sales.record_sale(s, "t", day, vendor_id, f"{n * 11}.35")
    with demo_db.Session() as s:
        for start, end in ((D(2026, 1, 1), D(2026, 12, 31)), (D(2026, 2, 15), D(2026, 6, 30))):
            c = compare_fairs(s, start, end)
            assert [r.fair for r in c.rows][1:] == ["Surco"]
            for row in c.rows:
                one = stats.compute(s, start, end, fair_id=row.fair_id)
                v = one.vendors
                assert (row.fair_days, row.present, row.women, row.youth, row.attendances) == (
                    one.fair_days,
                    v.present,
                    v.by_sex["F"],
                    v.youth,
                    v.attendances,
                )
                assert row.sales == one.sales.total
                assert row.women_share == one.share(v.by_sex["F"])
                assert row.youth_share == one.share(v.youth)
                assert row.average == one.average_per_vendor_day
            every = stats.compute(s, start, end)
            assert c.total.present == every.vendors.present
            assert c.total.women == every.vendors.by_sex["F"]
            assert c.total.youth == every.vendors.youth
            assert c.total.sales == every.sales.total == sum(r.sales for r in c.rows)
            assert c.total.average == every.average_per_vendor_day
            assert c.total.fair_days == sum(r.fair_days for r in c.rows)
            assert c.in_several_fairs == 6
            assert c.total.present == sum(r.present for r in c.rows) - 6
