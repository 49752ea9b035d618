"""The statistics' summaries (sales per fair day, presence per vendor, fair and year):
current after every kind of write, equal to a full recomputation after random operations,
and the statistics read from them equal to the same figures computed from every sale and
every attendance."""

from __future__ import annotations

import contextlib
import datetime as dt
import tempfile
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, inspect, select, text

from agroferia.core import day_sheet, fairs, sales, stats, summaries, vendors
from agroferia.core import settings as app_settings
from agroferia.core.accounts import NotAllowedError
from agroferia.core.age import NON_YOUTH, YOUTH, is_young
from agroferia.core.db import open_database
from agroferia.core.errors import OperationError, ValidationError
from agroferia.core.models import (
    Attendance,
    AuditLog,
    Category,
    FairDay,
    PresenceSummary,
    Sale,
    SalesSummary,
    Vendor,
)
from agroferia.core.summaries.dated import age_group, dated_tables
from tests.accounts import add_account
from tests.conftest import copy_of, drop

OPEN_DAYS = (dt.date(2026, 11, 25), dt.date(2026, 11, 26))
TODAY = dt.date(2026, 11, 30)
WHOLE = (dt.date(2020, 1, 1), dt.date(2026, 12, 31))  # whole years: the summaries alone
PERIODS = (
    WHOLE,
    (dt.date(2026, 6, 1), dt.date(2026, 11, 25)),  # within a year: the sales summary, raw presence
    (dt.date(2025, 1, 1), dt.date(2026, 11, 25)),  # a whole year and a part of one
)
METHODS = ("cash", "yape", "plin", "card")


def reference_sales(session, start: dt.date, end: dt.date) -> dict:
    """The sales figures as computed from every sale, without the summary."""
    low, high = app_settings.youth_range(session)
    where = (FairDay.date >= start) & (FairDay.date <= end)
    days, people = dated_tables(where)
    group = age_group(days, people, low, high).label("grp")
    names = dict(session.execute(select(Category.id, Category.name)).all())
    found = {"total": 0, "by_sex": Counter(), "by_sex_youth": Counter(), "by_category": Counter(),
             "by_fair_day": Counter(), "by_payment_method": Counter(), "youth": 0}  # fmt: skip
    for sex, grp, category_id, date, method, cents in session.execute(
        select(Vendor.sex, group, Sale.category_id, days.c.date, Sale.payment_method,
               Sale.amount_cents)
        .select_from(Sale)
        .join(days, days.c.id == Sale.fair_day_id)
        .join(people, people.c.id == Sale.vendor_id)
        .join(Vendor, Vendor.id == Sale.vendor_id)
    ):  # fmt: skip
        found["total"] += cents
        found["by_sex"][sex] += cents
        found["by_sex_youth"][(sex, grp)] += cents
        found["by_category"][names[category_id]] += cents
        found["by_fair_day"][date] += cents
        found["by_payment_method"][method] += cents
        found["youth"] += cents if grp == YOUTH else 0
    return found


def reference_vendors(session, start: dt.date, end: dt.date) -> dict:
    """Who was present and young, counted in Python from every attendance."""
    low, high = app_settings.youth_range(session)
    born = dict(session.execute(select(Vendor.id, Vendor.birth_date)).all())
    days: Counter = Counter()
    young: set[int] = set()
    for vendor_id, date in session.execute(
        select(Attendance.vendor_id, FairDay.date)
        .join(FairDay, FairDay.id == Attendance.fair_day_id)
        .where(FairDay.date.between(start, end))
    ):
        days[vendor_id] += 1
        if is_young(born[vendor_id], date, (low, high)):
            young.add(vendor_id)
    return {"present": len(days), "attendances": sum(days.values()), "youth": len(young)}


def from_stats(result: stats.Stats) -> dict:
    s = result.sales
    return {
        "total": s.total,
        "by_sex": Counter({k: v for k, v in s.by_sex.items() if v}),
        "by_sex_youth": Counter(
            {(sex, g): v for sex, groups in s.by_sex_youth.items() for g, v in groups.items() if v}
        ),
        "by_category": Counter({k: v for k, v in s.by_category.items() if v}),
        "by_fair_day": Counter({k: v for k, v in s.by_fair_day.items() if v}),
        "by_payment_method": Counter({k: v for k, v in s.by_payment_method.items() if v}),
        "youth": s.youth,
    }


def assert_current(db) -> None:
    with db.Session() as s:
        assert summaries.differences(s) == (set(), set())
        for start, end in PERIODS:
            result = stats.compute(s, start, end)
            assert from_stats(result) == reference_sales(s, start, end)
            v = result.vendors
            assert {"present": v.present, "attendances": v.attendances, "youth": v.youth} == (
                reference_vendors(s, start, end)
            )


# --------------------------------------------------------------------- random operations
record = st.tuples(st.just("record"), st.integers(0, 83), st.integers(0, 1),
                   st.integers(1, 500_000), st.sampled_from(METHODS))  # fmt: skip
correct = st.tuples(st.just("correct"), st.integers(0, 10_000), st.integers(1, 90_000),
                    st.sampled_from(METHODS))  # fmt: skip
remove = st.tuples(st.just("remove"), st.integers(0, 10_000))
born = st.one_of(st.none(), st.dates(dt.date(1950, 1, 1), dt.date(2008, 12, 31)))
birth = st.tuples(st.just("birth"), st.integers(0, 83), born)
sex = st.tuples(st.just("sex"), st.integers(0, 83), st.sampled_from(("F", "M", "other")))
youth = st.tuples(st.just("youth"), st.integers(12, 20), st.integers(24, 35))
sheet = st.tuples(st.just("sheet"), st.integers(0, 1), st.integers(0, 83),
                  st.integers(0, 40_000), st.integers(0, 83), st.booleans())  # fmt: skip
attend = st.tuples(st.just("attend"), st.integers(0, 83), st.integers(0, 1), st.booleans())
move = st.tuples(st.just("move"), st.integers(0, 1),
                 st.dates(dt.date(2025, 12, 20), dt.date(2026, 1, 10)))  # fmt: skip
operation = st.one_of(record, correct, remove, birth, sex, youth, sheet, attend, move)


def _open_day_sales(s) -> list[Sale]:
    return list(
        s.scalars(select(Sale).join(FairDay).where(FairDay.date.in_(OPEN_DAYS)).order_by(Sale.id))
    )


def _apply(db, op: tuple, day_ids: list[int], vendor_ids: list[int]) -> None:
    kind, *args = op
    with db.Session.begin() as s:
        if kind == "record":
            vendor, day, cents, method = args
            sales.record_sale(s, "ana", day_ids[day], vendor_ids[vendor], f"{cents / 100:.2f}",
                              payment_method=method, today=TODAY)  # fmt: skip
        elif kind in ("correct", "remove"):
            found = _open_day_sales(s)
            if not found:
                return
            sale = found[args[0] % len(found)]
            if kind == "remove":
                sales.remove_sale(s, "ana", sale.id)
            else:
                sales.correct_sale(s, "ana", sale.id, amount=f"{args[1] / 100:.2f}",
                                   payment_method=args[2], today=TODAY)  # fmt: skip
        elif kind == "birth":
            vendors.update(s, "ana", vendor_ids[args[0]], {"birth_date": args[1]}, today=TODAY)
        elif kind == "sex":
            vendors.update(s, "ana", vendor_ids[args[0]], {"sex": args[1]}, today=TODAY)
        elif kind == "youth":
            app_settings.set_youth_range(s, "ana", *args)
        elif kind == "attend":
            vendor, day, present = args
            try:
                fairs.set_attendance(s, "ana", day_ids[day], vendor_ids[vendor], present,
                                     today=TODAY)  # fmt: skip
            except OperationError:  # sales that day: not absent
                return
        elif kind == "move":
            day, date = args
            try:
                fairs.update_fair_day(s, "ana", day_ids[day], date=date, today=TODAY)
            except ValidationError:  # the fair has a day that date
                return
        else:
            day, vendor, cents, other, present = args
            loaded = day_sheet.load(s, day_ids[day], today=TODAY)
            vendor_day = loaded.vendors[vendor % len(loaded.vendors)]
            category = vendor_day.lines[0].category_id
            if cents % 3:  # or only a presence marked
                with contextlib.suppress(
                    day_sheet.MixedMethods
                ):  # the sheet asks which method: untyped
                    loaded.set_amount(vendor_day.vendor_id, category, f"{cents / 100:.2f}")
            marked = loaded.vendors[other % len(loaded.vendors)]
            if marked is not vendor_day:  # refused (a reason returned) when it has sales
                loaded.set_present(marked.vendor_id, present)
            day_sheet.save(s, "ana", loaded)


@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
@given(operations=st.lists(operation, min_size=1, max_size=6))
def test_the_summary_equals_a_recomputation_after_random_operations(
    pytestconfig, demo_template, operations
):
    with tempfile.TemporaryDirectory() as folder:
        path = copy_of(pytestconfig, demo_template, Path(folder), "demo.db")
        db = open_database(path)
        try:
            with db.Session.begin() as s:
                fair = fairs.default_fair(s)
                day_ids = [fairs.add_fair_day(s, "ana", fair.id, date=d).id for d in OPEN_DAYS]
                vendor_ids = list(s.scalars(select(Vendor.id).order_by(Vendor.id)))
            for op in operations:
                _apply(db, op, day_ids, vendor_ids)
                with db.Session() as s:
                    assert summaries.differences(s) == (set(), set()), op
            assert_current(db)
        finally:
            db.close()
            drop(pytestconfig, path)


# ----------------------------------------------------------------------- particular paths
def test_the_demo_and_a_new_database_start_current(demo_db, db):
    with demo_db.Session() as s:
        rows = s.scalar(select(func.count()).select_from(SalesSummary))
        assert rows > 0
        total = s.scalar(select(func.sum(SalesSummary.amount_cents)))
        assert total == s.scalar(select(func.sum(Sale.amount_cents)))
        days = s.scalar(select(func.sum(PresenceSummary.days)))
        assert days == s.scalar(select(func.count()).select_from(Attendance))
    assert_current(demo_db)
    with db.Session() as s:
        assert s.scalar(select(func.count()).select_from(SalesSummary)) == 0


def test_a_vendor_changed_without_loading_the_old_values(demo_db):
    """The birth date set on a vendor whose attributes were expired: the old one is loaded
    before the change, so the vendor's sales move from one age group to the other."""
    with demo_db.Session.begin() as s:
        vendor = s.scalars(select(Vendor).where(Vendor.birth_date.is_not(None))).first()
        vendor_id = vendor.id
        s.expire(vendor)
        vendor.birth_date = dt.date(2000, 6, 1)  # young on every demo day
        vendor.sex = "other"
    assert_current(demo_db)
    with demo_db.Session() as s:
        result = stats.compute(s, *WHOLE)
        mine = s.scalar(select(func.sum(Sale.amount_cents)).where(Sale.vendor_id == vendor_id))
        assert result.sales.by_sex_youth["other"][YOUTH] == mine
        assert result.sales.by_sex_youth["other"][NON_YOUTH] == 0


def test_the_youth_range_rebuilds_the_summary(demo_db):
    with demo_db.Session() as s:
        before = stats.compute(s, *WHOLE).sales.youth
    with demo_db.Session.begin() as s:
        app_settings.set_youth_range(s, "ana", 18, 40)
    assert_current(demo_db)
    with demo_db.Session() as s:
        assert stats.compute(s, *WHOLE).sales.youth > before


def test_a_sale_written_by_hand_is_found_by_the_check_and_mended_by_a_rebuild(demo_db):
    with demo_db.engine.begin() as conn:
        conn.execute(text("UPDATE sale SET amount_cents = amount_cents + 1 WHERE id = 1"))
    with demo_db.Session() as s:
        day = fairs.get_fair_day(s, s.get(Sale, 1).fair_day_id)
        found = summaries.check(s)
    assert not found.current and found.stale_days == [day.date]
    with demo_db.Session.begin() as s:
        rows = summaries.rebuild_by(s, "ana")
    with demo_db.Session() as s:
        found = summaries.check(s)
        assert found.current and found.rows == rows
        entry = s.scalars(select(AuditLog).order_by(AuditLog.id.desc())).first()
        assert (entry.action, entry.entity, entry.after) == (
            "rebuild", "sales_summary", f'{{"rows": {rows}}}'
        )  # fmt: skip
    assert_current(demo_db)


def test_only_an_administrator_rebuilds(demo_db):
    with demo_db.Session.begin() as s:
        add_account(s, "teso", "treasurer")
    with demo_db.Session() as s, pytest.raises(NotAllowedError):
        summaries.rebuild_by(s, "teso")
    with demo_db.Session.begin() as s:
        assert summaries.rebuild_by(s, "admin") > 0


def test_the_migration_fills_the_summary_from_the_sales(demo_db):
    """Brought down to the schema before the summary and up again: filled from the sales."""
    from agroferia.core.db import downgrade, upgrade

    downgrade(demo_db.engine, "0006")
    with demo_db.engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
        assert not {"sales_summary", "presence_summary"} & tables
    upgrade(demo_db.engine, "head")
    assert_current(demo_db)


def test_the_sheet_marking_presence_alone_keeps_the_summaries(demo_db):
    """Vendors marked present without a sale, then one of them absent: saved in one batch
    each, the presence summary follows."""
    with demo_db.Session.begin() as s:
        fair = fairs.default_fair(s)
        day = fairs.add_fair_day(s, "ana", fair.id, date=OPEN_DAYS[0]).id
    with demo_db.Session.begin() as s:
        loaded = day_sheet.load(s, day, today=TODAY)
        marked = [v.vendor_id for v in loaded.vendors[:3]]
        for vendor_id in marked:
            assert loaded.set_present(vendor_id, True) is None
        day_sheet.save(s, "ana", loaded)
    assert_current(demo_db)
    with demo_db.Session.begin() as s:
        loaded = day_sheet.load(s, day, today=TODAY)
        assert loaded.set_present(marked[0], False) is None
        day_sheet.save(s, "ana", loaded)
    assert_current(demo_db)
    with demo_db.Session() as s:
        present = stats.compute(s, OPEN_DAYS[0], OPEN_DAYS[0]).vendors.present
    assert present == 2
