"""How long exporting a year takes: the municipal Excel summary, the municipal PDF and the
padrón with the year's per-vendor figures and sales listing.

    python -m bench.bench_exports [--db EXISTING.db] [--repeat 3]

On the demo fair (84 vendors, about 6,500 sales a year) and on ten years of history
(``bench.large_data``: about a million sales, 100,000 of them in the year exported).
Prints the median, min and max of each, and the peak memory of the process.
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import statistics
import tempfile
import time
from pathlib import Path

from agroferia.core import demo
from agroferia.core.db import open_database
from agroferia.reports.excel import write_workbook
from agroferia.reports.pdf import write_pdf
from agroferia.reports.workbook.padron import write_roster
from bench.large_data import build

END = dt.date(2026, 11, 22)
YEAR = (END - dt.timedelta(days=364), END)


def _roster(session, start: dt.date, end: dt.date, path: Path) -> None:
    write_roster(session, "admin", path, start=start, end=end)


def measure(name: str, db_path: Path, out: Path, repeat: int) -> None:
    db = open_database(db_path, create=False)
    try:
        for label, writer, suffix in (
            ("Excel", write_workbook, ".xlsx"),
            ("PDF", write_pdf, ".pdf"),
            ("Padrón", _roster, ".padron.xlsx"),
        ):
            times = []
            for _ in range(repeat):
                with db.Session() as s:
                    started = time.perf_counter()
                    writer(s, *YEAR, out.with_suffix(suffix))
                    times.append(time.perf_counter() - started)
            size = out.with_suffix(suffix).stat().st_size / 1e6
            print(f"{name}: {label:<6} median {statistics.median(times):7.2f} s  "
                  f"min {min(times):7.2f}  max {max(times):7.2f}  ({size:.1f} MB)")  # fmt: skip
    finally:
        db.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="a database made by bench.large_data")
    parser.add_argument("--repeat", type=int, default=3)
    ns = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        small = folder / "demo.db"
        db = open_database(small)
        with db.Session.begin() as s:
            demo.build(s, seed=2026, until=END)
        db.close()
        measure("demo fair, one year", small, folder / "demo", ns.repeat)
        large = ns.db
        if large is None:
            large = folder / "large.db"
            build(large)
        measure("ten-year history, one year", large, folder / "large", ns.repeat)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of the process: {peak:.0f} MB")


if __name__ == "__main__":
    main()
