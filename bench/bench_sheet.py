"""How quickly the fair-day sheet opens, follows each keystroke and saves a whole day.

    python -m bench.bench_sheet [--repeat 5] [--large PATH]

On the demo fair (84 vendors): opening the latest fair day in the Ventas page, one amount
typed (the cell checked, the row repainted, the totals redrawn), and saving a new fair
day typed in full (every vendor and rubro, with fees) in one transaction, with the longest
time the window's event loop was kept from running meanwhile; then that longest time
again over several saves of fresh days (its median).  With
``--large`` (a database from ``bench.large_data``: 2,000 vendors, ten years, a million
sales) the same for a fair of that size.  Runs offscreen unless a display is set.

Then the save alone, repeated on fresh days (medians): ``day_sheet.save`` and its commit,
interleaved with the bare baseline, ``sqlite3`` ``executemany`` of the very rows it wrote
(attendance, sales, fees, audit entries) into another fresh day, and the ratio of the two.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path


def _median(values: list[float]) -> str:
    return f"median {statistics.median(values) * 1000:.1f} ms (max {max(values) * 1000:.1f})"


def measure(path: Path, repeat: int, label: str) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from agroferia.core import fairs
    from agroferia.core.db import open_database
    from agroferia.ui.context import FAIRS, AppContext
    from agroferia.ui.prefs import Prefs
    from agroferia.ui.sales.page import SalesPage
    from agroferia.ui.sales.sheet_model import DUE_COL, PAID_COL, SALES_COL

    app = QApplication.instance() or QApplication([])
    ctx = AppContext(open_database(path), Prefs(), actor="admin")  # the demo's administrator
    opening = []
    for _ in range(repeat):
        started = time.perf_counter()
        page = SalesPage(ctx)
        page.show()
        app.processEvents()
        opening.append(time.perf_counter() - started)
        page.deleteLater()
        app.processEvents()
    with ctx.write(FAIRS) as s:
        fair = fairs.default_fair(s) or fairs.list_fairs(s)[0]
        latest = max(d.date for d in fair.days)
        first = min(d.date for d in fair.days)
        # a day that has come (a day not yet come takes no sales): the eve of the latest
        day = fairs.ensure_fair_day(s, ctx.actor, fair.id, latest - dt.timedelta(days=1))[0]
        day_id = day.id
    page = SalesPage(ctx)
    page.show()
    page.day.choose_day(day_id)
    app.processEvents()
    model = page.day.model
    lines = len(model.rows)
    vendors = len({r.vendor.vendor_id for r in model.rows})
    typing = []
    for row in range(lines):
        started = time.perf_counter()
        model.setData(model.index(row, SALES_COL), f"{50 + row % 400},{row % 100:02d}")
        app.processEvents()
        typing.append(time.perf_counter() - started)
        if model.rows[row].first:
            model.setData(model.index(row, DUE_COL), "15")  # offered when the fair has fees
            model.setData(model.index(row, PAID_COL), "15")
    assert not page.day.sheet.errors()
    ticks: list[float] = []  # the window's event loop, every 5 ms when it is free
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start(5)
    started = time.perf_counter()
    assert page.day.save()
    app.processEvents()
    saving = time.perf_counter() - started
    timer.stop()
    moments = [started, *ticks, started + saving]
    stall = max(b - a for a, b in itertools.pairwise(moments))
    print(f"{label}: {vendors} vendors, {lines} lines")
    print(f"  opening the Ventas page on the latest day: {_median(opening)}")
    print(f"  one amount typed (checked, repainted, totals): {_median(typing)}")
    print(f"  saving the whole day ({lines} sales, {vendors} attendances and fees): "
          f"{saving * 1000:.0f} ms, the window's longest stall {stall * 1000:.0f} ms")  # fmt: skip
    page.deleteLater()
    app.processEvents()
    ctx.db.close()
    measure_blocked(path, repeat, latest)
    measure_save(path, repeat, first)


def measure_blocked(path: Path, repeat: int, latest: dt.date) -> None:
    """The longest the window's thread was kept busy while a whole day was saved (from
    Ctrl+S until the day shows again, saved): a timer every 10 ms notes when it ran; the
    biggest gap is the longest the window could not answer. On fresh days between the
    fair's last ones (a week apart), typed in full through the sheet."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from agroferia.core import fairs
    from agroferia.core.db import open_database
    from agroferia.ui.context import FAIRS, AppContext
    from agroferia.ui.prefs import Prefs
    from agroferia.ui.sales.page import SalesPage

    app = QApplication.instance() or QApplication([])
    ctx = AppContext(open_database(path), Prefs(), actor="admin")
    page = SalesPage(ctx)
    page.show()
    app.processEvents()
    blocked, whole = [], []
    for n in range(min(repeat, 5)):
        with ctx.write(FAIRS) as s:
            fair = fairs.default_fair(s) or fairs.list_fairs(s)[0]
            day_id = fairs.ensure_fair_day(s, ctx.actor, fair.id,
                                           latest - dt.timedelta(days=2 + n))[0].id  # fmt: skip
        assert page.day.choose_day(day_id)
        sheet = page.day.sheet
        for k, vendor in enumerate(sheet.vendors):
            for line in vendor.lines:
                sheet.set_amount(
                    vendor.vendor_id, line.category_id, f"{50 + k % 400},{k % 100:02d}"
                )
            sheet.set_due(vendor.vendor_id, "15")
            sheet.set_paid(vendor.vendor_id, "15")
        page.day.model.load(sheet)
        app.processEvents()
        ticks: list[float] = []
        timer = QTimer()
        timer.timeout.connect(lambda ticks=ticks: ticks.append(time.perf_counter()))
        timer.start(10)
        started = time.perf_counter()
        assert page.day.save()
        app.processEvents()
        ended = time.perf_counter()
        timer.stop()
        moments = [started, *ticks, ended]
        blocked.append(max(b - a for a, b in itertools.pairwise(moments)))
        whole.append(ended - started)
    print(f"  saving a whole day from the window ({len(sheet.vendors)} vendors), "
          f"{len(blocked)} runs: {_median(whole)}")  # fmt: skip
    print(f"    the window's thread longest blocked: {_median(blocked)}")
    page.deleteLater()
    app.processEvents()
    ctx.db.close()


def _typed_day(db, fair_id: int, date: dt.date):
    """A fresh fair day's sheet, typed in full: every line, every fee."""
    from agroferia.core import day_sheet, fairs

    with db.Session.begin() as s:
        day_id = fairs.ensure_fair_day(s, "admin", fair_id, date)[0].id
    with db.Session() as s:
        sheet = day_sheet.load(s, day_id)
    for n, vendor in enumerate(sheet.vendors):
        for line in vendor.lines:
            sheet.set_amount(vendor.vendor_id, line.category_id, f"{50 + n % 400},{n % 100:02d}")
        sheet.set_due(vendor.vendor_id, "15")
        sheet.set_paid(vendor.vendor_id, "15")
    return day_id, sheet


def _written(path: Path, day_id: int, first_entry: int) -> dict[str, list[tuple]]:
    """The rows a save wrote for the day, as plain tuples to insert again."""
    import sqlite3

    with sqlite3.connect(path) as conn:
        return {
            "attendance": conn.execute(
                "SELECT vendor_id FROM attendance WHERE fair_day_id = ?", (day_id,)
            ).fetchall(),
            "sale": conn.execute(
                "SELECT vendor_id, category_id, amount_cents, payment_method, entered_by, "
                "entered_at FROM sale WHERE fair_day_id = ?",
                (day_id,),
            ).fetchall(),
            "fee": conn.execute(
                "SELECT vendor_id, due_cents, paid_cents, paid_at FROM fee WHERE fair_day_id = ?",
                (day_id,),
            ).fetchall(),
            "audit_log": conn.execute(
                "SELECT at, actor, user_id, action, entity, entity_id, before, after, reason "
                "FROM audit_log WHERE id > ?",
                (first_entry,),
            ).fetchall(),
        }


def _bare(path: Path, day_id: int, rows: dict[str, list[tuple]]) -> float:
    """The same rows into another day with ``sqlite3.executemany``, and the commit."""
    import sqlite3

    conn = sqlite3.connect(path, isolation_level=None)
    started = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany(
        "INSERT INTO attendance (fair_day_id, vendor_id) VALUES (?, ?)",
        [(day_id, *r) for r in rows["attendance"]],
    )
    conn.executemany(
        "INSERT INTO sale (fair_day_id, vendor_id, category_id, amount_cents, payment_method, "
        "entered_by, entered_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(day_id, *r) for r in rows["sale"]],
    )
    conn.executemany(
        "INSERT INTO fee (fair_day_id, vendor_id, due_cents, paid_cents, paid_at) "
        "VALUES (?, ?, ?, ?, ?)",
        [(day_id, *r) for r in rows["fee"]],
    )
    conn.executemany(
        "INSERT INTO audit_log (at, actor, user_id, action, entity, entity_id, before, after, "
        "reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows["audit_log"],
    )
    conn.execute("COMMIT")
    elapsed = time.perf_counter() - started
    conn.close()
    return elapsed


def measure_save(path: Path, repeat: int, first: dt.date) -> None:
    from sqlalchemy import event, func, select

    from agroferia.core import day_sheet, fairs
    from agroferia.core.db import open_database
    from agroferia.core.models import AuditLog

    db = open_database(path)
    with db.Session() as s:
        fair_id = (fairs.default_fair(s) or fairs.list_fairs(s)[0]).id
    statements: list[int] = []
    event.listen(db.engine, "before_cursor_execute", lambda *_a: statements.append(1))
    ours, bare, counts = [], [], []
    for n in range(repeat):  # fresh days before the fair's first
        day_id, sheet = _typed_day(db, fair_id, first - dt.timedelta(days=1 + 2 * n))
        with db.Session() as s:
            first_entry = s.scalar(select(func.max(AuditLog.id))) or 0
        statements.clear()
        started = time.perf_counter()
        with db.Session.begin() as s:
            day_sheet.save(s, "admin", sheet)
        ours.append(time.perf_counter() - started)
        counts.append(len(statements))
        rows = _written(path, day_id, first_entry)
        with db.Session.begin() as s:
            other = fairs.ensure_fair_day(s, "admin", fair_id, first - dt.timedelta(days=2 + 2 * n))
            other_id = other[0].id
        bare.append(_bare(path, other_id, rows))
    db.close()
    print(f"  saving a whole day, {len(sheet.vendors)} vendors ({len(rows['sale'])} sales, "
          f"{len(rows['audit_log'])} audit entries, {statistics.median(counts):.0f} statements): "
          f"{_median(ours)}")  # fmt: skip
    print(f"  bare sqlite3 executemany of the same rows: {_median(bare)}")
    print(f"  ratio: {statistics.median(ours) / statistics.median(bare):.1f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--large", type=Path, help="a database built by bench.large_data")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory() as folder:
        os.environ.setdefault("AGROFERIA_CONFIG_DIR", folder)
        from agroferia.core import demo
        from agroferia.core.db import open_database

        path = Path(folder) / "demo.db"
        db = open_database(path)
        with db.Session.begin() as s:
            demo.build(s, seed=3)
        db.close()
        measure(path, args.repeat, "demo fair")
        if args.large:
            copy = Path(folder) / "large.db"
            shutil.copyfile(args.large, copy)
            measure(copy, args.repeat, f"large fair ({args.large.name})")


if __name__ == "__main__":
    main()
