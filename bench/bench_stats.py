"""How long the statistics take on ten years of history (about a million sales rows),
against a bare baseline measured in the same run.

    python -m bench.bench_stats [--db /work/benchdata/large.db] [--repeat 7]

The database (built by ``bench.large_data`` when missing) is never written: it is copied to
a temporary folder and brought to the current schema there (which fills the sales
summary).  Interleaved in each repeat, in process:

* baseline: ``sqlite3`` and three aggregates over the raw tables of the period (the sales'
  total, the vendors present, the fees due), what any statistics must read at least;
* ``core.stats.compute`` for the period, every figure of the Panel and the reports.

Prints medians for one month, one year and the whole ten years, the ratio to the baseline,
and the targets (one year ≤ 150 ms, ten years ≤ 1 s).  Then the demo fair's build.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from agroferia.core import demo, stats
from agroferia.core.db import open_database
from bench.large_data import build

LARGE_DB = Path("/work/benchdata/large.db")
END = dt.date(2026, 11, 22)
PERIODS = {
    "one month": (END - dt.timedelta(days=30), None),
    "one year": (END - dt.timedelta(days=365), 0.150),
    "ten years": (dt.date(2016, 1, 1), 1.0),
}
BASELINE = (
    "SELECT sum(s.amount_cents) FROM sale s JOIN fair_day d ON d.id = s.fair_day_id "
    "WHERE d.date BETWEEN ? AND ?",
    "SELECT count(DISTINCT a.vendor_id) FROM attendance a JOIN fair_day d "
    "ON d.id = a.fair_day_id WHERE d.date BETWEEN ? AND ?",
    "SELECT sum(f.due_cents) FROM fee f JOIN fair_day d ON d.id = f.fair_day_id "
    "WHERE d.date BETWEEN ? AND ?",
)


def timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def baseline(con: sqlite3.Connection, start: dt.date, end: dt.date) -> None:
    for sql in BASELINE:
        con.execute(sql, (start.isoformat(), end.isoformat())).fetchall()


def prepared(source: Path | None, folder: Path) -> Path:
    path = folder / "large.db"
    if source is not None and source.exists():
        shutil.copyfile(source, path)
    else:
        started = time.perf_counter()
        info = build(path)
        print(f"built {info['sales']:,} sales in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    open_database(path).close()  # migrations (the summary filled from the sales), once
    print(f"brought to the current schema in {time.perf_counter() - started:.1f} s")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=LARGE_DB)
    parser.add_argument("--repeat", type=int, default=7)
    ns = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = prepared(ns.db, Path(tmp))
        db = open_database(path)
        con = sqlite3.connect(path)
        times: dict[str, dict[str, list[float]]] = {n: {"app": [], "bare": []} for n in PERIODS}
        with db.Session() as s:
            for start, _target in PERIODS.values():  # warm the page cache
                stats.compute(s, start, END)
                baseline(con, start, END)
            for _ in range(ns.repeat):
                for name, (start, _target) in PERIODS.items():
                    times[name]["bare"].append(timed(lambda st=start: baseline(con, st, END)))
                    times[name]["app"].append(timed(lambda st=start: stats.compute(s, st, END)))
        con.close()
        db.close()
        print(f"{'stats.compute':<14}{'median':>10}{'bare':>10}{'ratio':>8}   target")
        for name, (_start, target) in PERIODS.items():
            app = statistics.median(times[name]["app"])
            bare = statistics.median(times[name]["bare"])
            goal = "" if target is None else f"≤ {target * 1000:.0f} ms: "
            met = "" if target is None else ("met" if app <= target else "NOT met")
            print(f"{name:<14}{app * 1000:>8.1f}ms{bare * 1000:>8.1f}ms{app / bare:>7.2f}×   "
                  f"{goal}{met}")  # fmt: skip

        def demo_once() -> None:
            d = open_database(Path(tempfile.mkdtemp(dir=tmp)) / "demo.db")
            with d.Session.begin() as s:
                demo.build(s, seed=1, until=END)
            d.close()

        runs = sorted(timed(demo_once) for _ in range(max(3, ns.repeat // 2)))
        print(f"demo fair (84 vendors, 52 Sundays): median {statistics.median(runs):.2f} s")


if __name__ == "__main__":
    main()
