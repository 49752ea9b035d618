"""How fast ``agroferia import sales`` writes 200,000 sales into the 1M-sale database,
against a bare ``csv`` + ``sqlite3.executemany`` import of the same file.

    python -m bench.bench_import_large [--db /work/benchdata/large.db] [--rows 200000]
                                       [--repeat 3]

The database (built by ``bench.large_data``) is never written: it is copied once to a
temporary folder and brought to the current schema there, and every run works on a fresh
copy of that.  The sales file names the database's own vendors (by document number, one in
ten by code, some with another rubro), one sale per vendor per fair day, over as many
Sundays before the database's first fair day as the rows need; those fair days are created
by the import (and by the baseline).

Interleaved in each run, in process:

* baseline: ``bench.import_memory.baseline`` — csv, a few dict look-ups and
  ``sqlite3.executemany`` into the same ``sale`` table, with its triggers as they are;
* ``agroferia import sales FILE``, through ``cli.main``: the check, then the writing
  (sales, attendance, one audit entry per sale), in one transaction.

Prints the medians and the import's time as a multiple of the baseline's and its speed as
a fraction of the baseline's (target ≥ 0.8).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import shutil
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from bench.import_memory import HEADER, _day_lines, baseline, sellers

LARGE_DB = Path("/work/benchdata/large.db")
TARGET = 0.8


def prepare(source: Path, folder: Path) -> Path:
    """A copy of ``source`` at the current schema (the source itself is never opened)."""
    from agroferia.core.db import open_database

    base = folder / "base.db"
    shutil.copyfile(source, base)
    open_database(base).close()  # migrations, once
    return base


def write_sales(db: Path, out: Path, rows: int) -> int:
    """A sales file of ``rows`` rows for the vendors of ``db``; how many rows it has."""
    vendors, rubros, first = sellers(db, active_only=True)
    days = -(-rows // len(vendors))
    dates = [(first - dt.timedelta(weeks=w)).strftime("%d/%m/%Y") for w in range(days, 0, -1)]
    written = 0
    with out.open("w", encoding="utf-8", newline="", buffering=1 << 20) as fh:
        fh.write(";".join(HEADER) + "\r\n")
        for d, date in enumerate(dates):
            lines = _day_lines(date, d, vendors, rubros, 1)[: rows - written]
            fh.writelines(lines)
            written += len(lines)
    return written


def run_import(db: Path, file: Path) -> None:
    from agroferia import cli

    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        code = cli.main(["--db", str(db), "import", "sales", str(file)])
    if code != 0:
        raise SystemExit(f"import sales failed ({code})")


def counted(db: Path) -> tuple[int, int]:
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT count(*) FROM sale").fetchone()[0], con.execute(
            "SELECT count(*) FROM attendance"
        ).fetchone()[0]
    finally:
        con.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=LARGE_DB)
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir="/tmp") as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        base = prepare(args.db, folder)
        file = folder / "ventas.csv"
        rows = write_sales(base, file, args.rows)
        before = counted(base)
        print(f"{rows:,} rows, {file.stat().st_size / 1e6:.1f} MB; database "
              f"{before[0]:,} sales (ready in {time.perf_counter() - started:.0f} s)")  # fmt: skip
        steps = {"baseline (csv+sqlite3)": lambda db: baseline(db, file),
                 "agroferia import sales": lambda db: run_import(db, file)}  # fmt: skip
        times: dict[str, list[float]] = {name: [] for name in steps}
        for run in range(args.repeat):
            for name, step in steps.items():
                copy = folder / f"run{run}.db"
                shutil.copyfile(base, copy)
                started = time.perf_counter()
                step(copy)
                times[name].append(time.perf_counter() - started)
                after = counted(copy)
                if after[0] - before[0] != rows:
                    raise SystemExit(f"{name}: {after[0] - before[0]} sales written, not {rows}")
                copy.unlink()
                print(f"  run {run + 1}: {name:<24} {times[name][-1]:6.2f} s", flush=True)
        base_median = statistics.median(times.pop("baseline (csv+sqlite3)"))
        print(f"{'baseline (csv+sqlite3)':<24} median {base_median:6.2f} s  "
              f"{rows / base_median:9,.0f} rows/s")  # fmt: skip
        for name, values in times.items():
            median = statistics.median(values)
            speed = base_median / median
            print(f"{name:<24} median {median:6.2f} s  {rows / median:9,.0f} rows/s  "
                  f"{median / base_median:4.2f}x the baseline's time, speed {speed:4.2f} of it "
                  f"(target ≥ {TARGET}: {'ok' if speed >= TARGET else 'not yet'})")  # fmt: skip
        print(f"(medians of {args.repeat} interleaved runs)")


if __name__ == "__main__":
    main()
