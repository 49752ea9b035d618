"""How long the statistics take on ten years of history (about a million sales rows).

    python -m bench.bench_stats [--db EXISTING.db] [--repeat 7]

Prints the median and spread of ``core.stats.compute`` for one month, one year and the whole
ten years, and of building the demo fair.  Medians, because this machine is noisy.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path

from agroferia.core import demo, stats
from agroferia.core.db import open_database
from bench.large_data import build


def timed(fn, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return times


def report(name: str, times: list[float]) -> None:
    ms = sorted(t * 1000 for t in times)
    print(
        f"{name:<34} median {statistics.median(ms):8.1f} ms   min {ms[0]:8.1f}   max {ms[-1]:8.1f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="a database made by bench.large_data")
    parser.add_argument("--repeat", type=int, default=7)
    ns = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = ns.db
        if path is None:
            path = Path(tmp) / "large.db"
            started = time.perf_counter()
            info = build(path)
            print(f"built {info['sales']:,} sales in {time.perf_counter() - started:.1f} s "
                  f"({info['sales'] / info['insert_seconds']:,.0f} rows/s inserting sales)")  # fmt: skip
        db = open_database(path)
        end = dt.date(2026, 11, 22)
        periods = {
            "stats, one month": end - dt.timedelta(days=30),
            "stats, one year": end - dt.timedelta(days=365),
            "stats, ten years": dt.date(2016, 1, 1),
        }
        with db.Session() as s:
            for name, start in periods.items():
                report(name, timed(lambda start=start: stats.compute(s, start, end), ns.repeat))
        db.close()

        def demo_once() -> None:
            d = open_database(Path(tempfile.mkdtemp(dir=tmp)) / "demo.db")
            with d.Session.begin() as s:
                demo.build(s, seed=1, until=end)
            d.close()

        report("demo fair (84 vendors, 52 Sundays)", timed(demo_once, max(3, ns.repeat // 2)))


if __name__ == "__main__":
    main()
