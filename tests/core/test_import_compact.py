"""What an import keeps of each row is small, and says the same: a large file (read again
at each pass) reports its repeated rows, its errors and its sales exactly as a small one
(kept in memory), whatever the hashes of its rows; its sales and their audit entries are
written from the compact columns batch by batch."""

from __future__ import annotations

import json
from array import array

import pytest
from sqlalchemy import select

from agroferia.core import audit
from agroferia.core import validation as v
from agroferia.core.imports import compact, rows, sales_write
from agroferia.core.imports.compact import IntColumn, Memo, SaleRows, repeated_hashes
from agroferia.core.models import AuditLog, FairDay, Sale
from agroferia.core.money import MoneyError
from agroferia.i18n import lazy
from tests.core.test_importing import (  # noqa: F401 (fixtures)
    SALES_HEADER,
    errors,
    fair,
    import_sales,
    three_vendors,
    write_csv,
)

LINES = [
    SALES_HEADER,
    "41234567;22/11/2026;100;YAPE;",
    "01234567;22/11/2026;50,50;;Frutas",
    "41234567;22/11/2026;100;yape;",  # repeats row 2 (case aside)
    "42345678;15/11/2026;12;Plin;",
    "99999999;15/11/2026;12;Plin;",  # no such vendor
    "01234567;22/11/2026;50,50;;frutas",  # repeats row 3
    "42345678;15/11/2026;13;Plin;",
    "41234567;22/11/2026;100;YAPE;",  # repeats row 2 again
    "42345678;31/12/2026;12;Plin;",  # in the future
    "01234567;22/11/2026;;;",  # no amount
]


def summary(report) -> tuple:
    return (errors(report), [str(p) for p in report.skipped], report.created,
            report.total_cents, report.fair_days_created, report.rows_read)  # fmt: skip


@pytest.fixture
def streamed(monkeypatch):
    """Every table is large: read again at each pass, repeats found by their hashes."""
    import agroferia.core.sheets as sheets

    monkeypatch.setattr(sheets, "CACHED_ROWS", 3)
    monkeypatch.setattr(rows, "CACHED_ROWS", 3)


@pytest.mark.usefixtures("three_vendors")
def test_a_large_file_reports_what_a_small_one_does(session, tmp_path, monkeypatch):
    path = write_csv(tmp_path / "ventas.csv", LINES)
    kept = summary(import_sales(session, path, dry_run=True))
    assert kept[0][:2] == [
        "fila 4: repite exactamente la fila 2; si son dos registros distintos, únalos en una "
        "sola fila",
        "fila 6, columna DNI: no hay un expositor registrado con el documento 99999999",
    ]
    assert len(kept[0]) == 6
    import agroferia.core.sheets as sheets

    monkeypatch.setattr(sheets, "CACHED_ROWS", 3)
    monkeypatch.setattr(rows, "CACHED_ROWS", 3)
    assert summary(import_sales(session, path, dry_run=True)) == kept
    # rows whose keys share a hash are compared exactly: only true repeats are named
    # (or share only the low bits each row keeps)
    low_only = lambda key: (hash(key) & ~rows.SHORT) | 7  # noqa: E731
    for same in (lambda key: 7, lambda key: 0, lambda key: -(2**63), low_only):
        monkeypatch.setattr(rows, "_hash", same)
        assert summary(import_sales(session, path, dry_run=True)) == kept


@pytest.mark.usefixtures("three_vendors", "streamed")
def test_a_large_file_writes_each_sale_with_its_entry(session, tmp_path, monkeypatch):
    monkeypatch.setattr(sales_write, "INSERT_BATCH", 2)
    lines = [SALES_HEADER] + [
        f"{dni};{day}/11/2026;{10 + n},{n:02d};{method};"
        for n, (dni, day, method) in enumerate(
            (dni, day, method)
            for day in (8, 15, 22)
            for dni in ("41234567", "01234567", "42345678")
            for method in ("Yape", "")
        )
    ]
    report = import_sales(session, write_csv(tmp_path / "v.csv", lines))
    session.commit()
    assert errors(report) == [] and report.created == 18
    written = session.scalars(select(Sale).order_by(Sale.id)).all()
    imported = list(session.scalars(select(AuditLog).where(
        AuditLog.entity == "sale", AuditLog.action == "import").order_by(AuditLog.id)))  # fmt: skip
    assert [e.entity_id for e in imported] == [s.id for s in written]
    for n, (entry, sale) in enumerate(zip(imported, written, strict=True)):
        assert json.loads(entry.after) == audit.snapshot(sale)
        assert entry.reason == f"v.csv, fila {n + 2}"
        assert sale.amount_cents == (10 + n) * 100 + n
        assert sale.payment_method == ("yape" if n % 2 == 0 else "cash")
    days = {d.id: d.date.day for d in session.scalars(select(FairDay))}
    totals = [
        (days[e.entity_id], json.loads(e.after))
        for e in session.scalars(select(AuditLog).where(
            AuditLog.entity == "fair_day", AuditLog.action == "import").order_by(AuditLog.id))
    ]  # fmt: skip
    assert [(day, t["sales"]) for day, t in totals] == [(8, 6), (15, 6), (22, 6)]
    assert totals[0][1]["total"] == "S/ 75.15"  # 10,00 + 11,01 + … + 15,05


def test_an_int_column_widens_as_its_values_need():
    column = IntColumn()
    values = [0, 255, 256, 65_536, 2**32, 3]
    for value in values:
        column.append(value)
    assert list(column) == values and column.values.typecode == "Q"
    assert list(column[1:3]) == [255, 256] and len(column) == 6
    with pytest.raises(OverflowError):
        column.append(-1)


def test_sale_rows_come_back_in_batches_as_they_went_in():
    sales = SaleRows()
    for n in range(5):
        sales.add(n + 2, n % 2, 1000 + n, None if n == 3 else 7, "yape" if n else "cash", 10**n,
                  300 + n if n % 2 else None)  # fmt: skip
    batches = [list(batch) for batch in sales.batches(2)]
    assert [len(b) for b in batches] == [2, 2, 1]
    assert batches[1] == [(4, 0, 1002, 7, "yape", 100, None), (5, 1, 1003, None, "yape", 1000, 303)]
    assert sales.method_values == ["cash", "yape"] and len(sales) == 5


def test_repeated_hashes_names_those_seen_twice():
    assert repeated_hashes([5, 1, 9, 5, -3, 0, 1, -3, 5], 9) == {5, 1, -3}
    assert repeated_hashes([3, 3 + 25, 3 + 50], 9) == set()  # the same slot is no repeat
    assert repeated_hashes([], 0) == set()


def test_a_memo_answers_and_refuses_as_its_check():
    calls = []

    def check(value):
        calls.append(value)
        if value == "mal":
            raise v.Invalid(lazy("no vale"))
        if value == "raro":
            raise MoneyError(lazy("no es un número"))
        return value.upper()

    memo = Memo(check, limit=3)
    assert [memo("a"), memo("a"), memo("b")] == ["A", "A", "B"]
    depths = []
    for _ in range(3):
        with pytest.raises(v.Invalid) as found:
            memo("mal")
        assert found.value.message.render() == "no vale"
        depths.append(len(found.traceback))
    assert depths[0] == depths[1] == depths[2]  # the same error, no traceback piling up
    with pytest.raises(MoneyError):
        memo("raro")
    assert calls == ["a", "b", "mal", "raro"]  # "raro" came past the limit: not kept
    with pytest.raises(MoneyError):
        memo("raro")
    assert calls[-1] == "raro" and len(calls) == 5
    memo2 = Memo(lambda value: value)
    assert memo2(None) is None and memo2(array("b")) == array("b")  # only texts are kept
    assert memo2.found == {} and compact.MEMO_LIMIT == 10_000


@pytest.mark.usefixtures("three_vendors")
@pytest.mark.parametrize(
    "amounts",
    [
        ("1.234,50", "12", "3.500", "85,00"),  # a decimal comma: 3.500 is three thousand
        ("85.00", "1,250", "12"),  # a decimal point: 1,250 is a thousand two hundred
        ("12,50", "7", "85.00"),  # both marks: the file is refused
        ("1.250", "12"),  # nothing settles 1.250
    ],
)
def test_a_large_file_finds_its_decimal_mark_in_its_first_pass(
    session, tmp_path, monkeypatch, amounts
):
    lines = [SALES_HEADER] + [
        f"{dni};22/11/2026;{amount};;"
        for dni, amount in zip(("41234567", "01234567", "42345678") * 2, amounts, strict=False)
    ]
    path = write_csv(tmp_path / "ventas.csv", lines)
    small = import_sales(session, path, dry_run=True)
    import agroferia.core.sheets as sheets

    monkeypatch.setattr(sheets, "CACHED_ROWS", 1)
    monkeypatch.setattr(rows, "CACHED_ROWS", 1)
    large = import_sales(session, path, dry_run=True)
    assert summary(large) == summary(small)
    assert [str(n) for n in large.notes] == [str(n) for n in small.notes]
    assert any("Montos" in str(n) for n in small.notes) or not small.ok


def test_the_first_pass_hashes_each_row_as_its_cleaned_key():
    import datetime as dt
    from decimal import Decimal

    records = [
        {"date": " 22/11/2026 ", "doc_number": "41234567", "amount": "12,50", "category": ""},
        {"date": "2026-11-22", "doc_number": 1234567.0, "amount": 12.5, "category": None},
        {"date": dt.datetime(2026, 11, 22, 9, 30), "doc_number": 41234567, "amount": True},
        {"date": 46348, "doc_number": "  ", "amount": Decimal("3.10"), "category": " Frutas "},
        {"date": "31/02/2026", "code": "exp-001", "amount": float("inf"), "fair": "FERIA"},
        {"date": "", "code": "EXP-001", "amount": dt.time(9, 30), "payment_method": "\u200b"},
    ]
    for record in records:
        assert rows.key_hash(record) == hash(rows._repeat_key(rows._cleaned(record))), record
