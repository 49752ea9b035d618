"""An import writes the attendance of its sales as a set, before the sales, batch by batch:
every sale's vendor is present on its fair day, each attendance once, with one audit entry
for each attendance the import added; the connection's page cache is set back after it."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from agroferia.core.imports import sales_write
from agroferia.core.models import Attendance, AuditLog, FairDay, Sale, Vendor
from tests.core.test_importing import (  # noqa: F401 (fixtures)
    SALES_HEADER,
    fair,
    import_sales,
    three_vendors,
    write_csv,
)

pytestmark = pytest.mark.usefixtures("three_vendors")
DNIS = ("41234567", "01234567", "42345678")


def pairs(session, stmt) -> list[tuple[int, int]]:
    return [tuple(row) for row in session.execute(stmt)]


@pytest.mark.parametrize("batch", [1, 2, 5, 10_000])
def test_every_sale_has_its_attendance_once_across_batches(session, tmp_path, monkeypatch, batch):
    monkeypatch.setattr(sales_write, "INSERT_BATCH", batch)
    lines = [SALES_HEADER]
    for day in ("08/11/2026", "15/11/2026", "22/11/2026"):
        for dni in DNIS:
            lines += [f"{dni};{day};10;;", f"{dni};{day};12,50;Yape;"]  # two sales each
    lines.append(f"{DNIS[0]};01/11/2026;3;;")  # one vendor alone on a fourth day
    report = import_sales(session, write_csv(tmp_path / "ventas.csv", lines))
    assert report.ok and report.written, report.lines()
    session.commit()
    assert session.scalar(select(func.count()).select_from(Sale)) == 19
    sold = pairs(session, select(Sale.fair_day_id, Sale.vendor_id).distinct())
    present = pairs(session, select(Attendance.fair_day_id, Attendance.vendor_id))
    assert len(present) == len(set(present)) == 10
    assert set(present) == set(sold)
    logged = [
        (json.loads(e.after)["fair_day_id"], json.loads(e.after)["vendor_id"])
        for e in session.scalars(
            select(AuditLog).where(AuditLog.entity == "attendance", AuditLog.action == "present")
        )
    ]
    assert sorted(logged) == sorted(present)


def test_attendance_already_recorded_is_kept_and_not_logged_again(session, tmp_path):
    first = write_csv(tmp_path / "a.csv", [SALES_HEADER, f"{DNIS[0]};22/11/2026;100;;"])
    assert import_sales(session, first).ok
    session.commit()
    day_id = session.scalar(select(FairDay.id))
    rosa = session.scalar(select(Vendor.id).where(Vendor.doc_number == DNIS[0]))
    (kept,) = session.scalars(select(Attendance.id)).all()
    more = write_csv(tmp_path / "b.csv", [SALES_HEADER, f"{DNIS[0]};22/11/2026;100;;",
                                          f"{DNIS[2]};22/11/2026;7;;"])  # fmt: skip
    assert import_sales(session, more, replace=True).ok
    session.commit()
    assert session.scalar(select(Attendance.id).where(Attendance.vendor_id == rosa)) == kept
    assert session.scalar(select(func.count()).select_from(Attendance)) == 2
    logged = session.scalars(
        select(AuditLog.after).where(AuditLog.entity == "attendance", AuditLog.action == "present")
    ).all()
    assert [json.loads(a)["fair_day_id"] for a in logged] == [day_id, day_id]


@pytest.mark.sqlite_only  # SQLite's page cache
def test_the_page_cache_is_set_back_after_the_import(session, tmp_path):
    connection = session.connection()
    connection.exec_driver_sql("PRAGMA cache_size=-3000")
    path = write_csv(tmp_path / "ventas.csv", [SALES_HEADER, f"{DNIS[1]};22/11/2026;100;;"])
    seen: list[int] = []
    insert = sales_write.INSERT_SALE

    original = connection.exec_driver_sql

    def watch(sql, *args, **kw):
        if sql == insert:
            seen.append(original("PRAGMA cache_size").scalar())
        return original(sql, *args, **kw)

    connection.exec_driver_sql = watch  # the session's own connection, watched
    try:
        assert import_sales(session, path).ok
    finally:
        del connection.exec_driver_sql
    assert seen == [-sales_write.IMPORT_CACHE_KIB]
    assert session.connection().exec_driver_sql("PRAGMA cache_size").scalar() == -3000
