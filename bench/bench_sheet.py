"""How quickly the fair-day sheet opens, follows each keystroke and saves a whole day.

    python -m bench.bench_sheet [--repeat 5] [--large PATH]

On the demo fair (84 vendors): opening the latest fair day in the Ventas page, one amount
typed (the cell checked, the row repainted, the totals redrawn), and saving a new fair
day typed in full (every vendor and rubro, with fees) in one transaction.  With
``--large`` (a database from ``bench.large_data``: 2,000 vendors, ten years, a million
sales) the same for a fair of that size.  Runs offscreen unless a display is set.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path


def _median(values: list[float]) -> str:
    return f"median {statistics.median(values) * 1000:.1f} ms (max {max(values) * 1000:.1f})"


def measure(path: Path, repeat: int, label: str) -> None:
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
    started = time.perf_counter()
    assert page.day.save()
    app.processEvents()
    saving = time.perf_counter() - started
    print(f"{label}: {vendors} vendors, {lines} lines")
    print(f"  opening the Ventas page on the latest day: {_median(opening)}")
    print(f"  one amount typed (checked, repainted, totals): {_median(typing)}")
    print(f"  saving the whole day ({lines} sales, {vendors} attendances and fees): "
          f"{saving * 1000:.0f} ms")  # fmt: skip
    page.deleteLater()
    app.processEvents()
    ctx.db.close()


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
