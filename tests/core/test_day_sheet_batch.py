"""The sheet's save in one batch: a handful of statements whatever the number of vendors,
progress as it goes, and the same audit entries as the services write one by one."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import event, select

from agroferia.core import day_sheet, fairs, fees, sales
from agroferia.core.day_sheet.sheet import CORRECTION
from agroferia.core.models import AuditLog, Sale

DAYS = (dt.date(2026, 11, 28), dt.date(2026, 11, 29))
# what differs between the same entries written on two days
VARYING = ("id", "fair_day_id", "entered_at", "paid_at", "issued_at", "number", "received_on")


@pytest.fixture
def two_days(demo_db) -> tuple[int, int]:
    with demo_db.Session.begin() as s:
        fair = fairs.default_fair(s)
        return tuple(fairs.add_fair_day(s, "ana", fair.id, date=d).id for d in DAYS)


def entries_since(db, first_id: int) -> list[tuple]:
    """The audit entries after ``first_id``, without what differs from day to day."""
    with db.Session() as s:
        rows = s.scalars(select(AuditLog).where(AuditLog.id > first_id).order_by(AuditLog.id))
        found = []
        for row in rows:
            before, after = (json.loads(x) if x else None for x in (row.before, row.after))
            for snap in (before, after):
                for key in VARYING:
                    if snap and key in snap:
                        snap[key] = "·"
            found.append((row.actor, row.action, row.entity, before, after, row.reason))
        return found


def last_entry(db) -> int:
    with db.Session() as s:
        return s.scalar(select(AuditLog.id).order_by(AuditLog.id.desc()).limit(1)) or 0


def test_the_sheet_writes_the_entries_the_services_write(demo_db, two_days) -> None:
    sheet_day, service_day = two_days
    with demo_db.Session() as s:
        sheet = day_sheet.load(s, sheet_day)
    vendor = sheet.vendors[0]
    vid, cid = vendor.vendor_id, vendor.lines[0].category_id
    start = last_entry(demo_db)
    sheet.set_amount(vid, cid, "12,50")
    sheet.set_due(vid, "15")
    sheet.set_paid(vid, "15")
    with demo_db.Session.begin() as s:
        day_sheet.save(s, "ana", sheet)
    with demo_db.Session() as s:
        sheet = day_sheet.load(s, sheet_day)
    sheet.set_split(vid, {cid: {"cash": 1000, "yape": 500}})
    sheet.set_paid(vid, "5")
    with demo_db.Session.begin() as s:
        day_sheet.save(s, "ana", sheet)
    by_sheet = entries_since(demo_db, start)

    start = last_entry(demo_db)
    with demo_db.Session.begin() as s:
        fairs.set_attendance(s, "ana", service_day, vid, True)
        sale = sales.record_sale(s, "ana", service_day, vid, "12.50", category=cid,
                                 payment_method="cash")  # fmt: skip
        fees.set_day_fee(s, "ana", service_day, vid, "15.00", "15.00")
    with demo_db.Session.begin() as s:
        sales.correct_sale(s, "ana", sale.id, CORRECTION, amount="10.00")
        sales.record_sale(s, "ana", service_day, vid, "5.00", category=cid, payment_method="yape")
        fees.set_day_fee(s, "ana", service_day, vid, "15.00", "5.00")
    by_services = entries_since(demo_db, start)
    assert [e[1:3] for e in by_sheet] == [
        ("present", "attendance"), ("create", "sale"), ("create", "fee"), ("create", "receipt"),
        ("update", "sale"), ("create", "sale"), ("update", "fee"),
    ]  # fmt: skip
    assert by_sheet[0][4]["fair_day_id"] == "·"
    assert by_sheet == by_services


def test_a_whole_day_takes_a_handful_of_statements_and_reports_progress(demo_db, two_days) -> None:
    day_id = two_days[0]
    with demo_db.Session() as s:
        sheet = day_sheet.load(s, day_id)
    for n, vendor in enumerate(sheet.vendors):
        for line in vendor.lines:
            sheet.set_amount(vendor.vendor_id, line.category_id, f"{10 + n},50")
        sheet.set_due(vendor.vendor_id, "15")
        sheet.set_paid(vendor.vendor_id, "15")
    statements: list[str] = []
    reported: list[tuple[int, int]] = []

    def count(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    event.listen(demo_db.engine, "before_cursor_execute", count)
    try:
        with demo_db.Session.begin() as s:
            saved = day_sheet.save(s, "ana", sheet, progress=lambda *p: reported.append(p))
    finally:
        event.remove(demo_db.engine, "before_cursor_execute", count)
    assert saved.vendors == len(sheet.vendors) > 50
    assert saved.entries == sum(len(v.lines) for v in sheet.vendors)
    # one service call at a time took more than a thousand; the statistics' summaries of
    # the day and the receipts of what was paid take a fixed few more, whatever the number
    # of vendors
    assert len(statements) < 48
    assert reported[-1][0] == reported[-1][1]
    assert [done for done, _total in reported] == sorted(done for done, _total in reported)
    with demo_db.Session() as s:
        written = s.scalars(select(Sale.amount_cents).where(Sale.fair_day_id == day_id)).all()
        assert sorted(written) == sorted(
            (10 + n) * 100 + 50 for n, v in enumerate(sheet.vendors) for _line in v.lines
        )
