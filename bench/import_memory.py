"""How much memory importing a 200 MB sales CSV takes: the peak RSS of the whole
``agroferia import sales`` process, its time and rows per second.

    python -m bench.import_memory [--mb 200] [--repeat 1] [--days 520]

In a temporary folder: the demo database (``agroferia demo``, without its accounts), and a
sales file of about ``--mb`` MB for its vendors over ``--days`` Sundays before the demo's
first fair day (about ten years), written as a stream.  Each measurement runs in its own
process, read with ``os.wait4`` from a small process that starts it (the peak RSS of that
process alone: see ``start``), on a fresh copy of the database:

* baseline: a bare script reading the same file with the ``csv`` module and inserting the
  same sales with ``sqlite3.executemany`` into the same schema (fair days made first),
  without checking or auditing anything;
* ``import sales --dry-run``: the check alone;
* ``import sales``: the check and the writing (sales, one audit entry per sale).

Medians when ``--repeat`` > 1.  Target: peak RSS ≤ 300 MB for the whole import.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_MB = 300
HEADER = ("Fecha", "DNI", "Código", "Rubro", "Monto", "Medio de pago")
METHODS = ("Efectivo", "Yape", "Plin", "Tarjeta", "efectivo", "Transferencia")


def make_demo(path: Path) -> None:
    from agroferia.core import demo
    from agroferia.core.db import open_database

    db = open_database(path)
    try:
        with db.Session.begin() as s:
            demo.build(s, with_accounts=False)
    finally:
        db.close()


def sellers(db: Path, *, active_only: bool = False) -> tuple[list[tuple], list[str], dt.date]:
    """The vendors of ``db`` (document, code, main rubro), its active rubros and its first
    fair day: what a sales file for it is written from."""
    con = sqlite3.connect(db)
    try:
        vendors = con.execute(
            "SELECT v.doc_number, v.code, c.name FROM vendor v "
            "JOIN category c ON c.id = v.main_category_id "
            + ("WHERE v.status = 'active' " if active_only else "")
            + "ORDER BY v.id"
        ).fetchall()
        rubros = [name for (name,) in con.execute("SELECT name FROM category WHERE active")]
        (first,) = con.execute("SELECT min(date) FROM fair_day").fetchone()
    finally:
        con.close()
    return vendors, rubros, dt.date.fromisoformat(first)


def write_sales(db: Path, out: Path, megabytes: float, days: int) -> int:
    """A sales file of about ``megabytes`` MB; the number of its rows.  Every row differs
    from the others (its amount differs from the vendor's other sales of the day)."""
    vendors, rubros, first = sellers(db)
    dates = [(first - dt.timedelta(weeks=w)).strftime("%d/%m/%Y") for w in range(days, 0, -1)]
    per_vendor_day = 1
    for _ in range(2):  # the lines' mean length, from the first day's
        first_day = _day_lines(dates[0], 0, vendors, rubros, per_vendor_day)
        size = sum(len(text.encode()) for text in first_day) / len(first_day)
        per_vendor_day = max(1, round(megabytes * 1e6 / (size * len(vendors) * days)))
    rows = 0
    with out.open("w", encoding="utf-8", newline="", buffering=1 << 20) as fh:
        fh.write(";".join(HEADER) + "\r\n")
        for d, date in enumerate(dates):
            lines = _day_lines(date, d, vendors, rubros, per_vendor_day)
            fh.writelines(lines)
            rows += len(lines)
    return rows


def _day_lines(date: str, d: int, vendors: list, rubros: list[str], per_vendor: int) -> list[str]:
    lines = []
    for v, (doc, code, main) in enumerate(vendors):
        base = 500 + (v * 7919 + d * 104_729) % 40_000
        for k in range(per_vendor):
            cents = base + 37 * k
            seq = d + v + k
            ident = f";{code}" if seq % 10 == 0 else f"{doc};"
            rubro = main if seq % 4 else rubros[seq % len(rubros)]
            method = METHODS[seq % len(METHODS)]
            lines.append(f"{date};{ident};{rubro};{cents // 100},{cents % 100:02d};{method}\r\n")
    return lines


def baseline(db: Path, file: Path) -> None:
    """The bare import: csv, a few dict look-ups and sqlite3's executemany."""
    con = sqlite3.connect(db)
    by_doc = {doc: (vid, cat) for vid, doc, cat in con.execute(
        "SELECT id, doc_number, main_category_id FROM vendor")}  # fmt: skip
    by_code = {code: (vid, cat) for vid, code, cat in con.execute(
        "SELECT id, code, main_category_id FROM vendor")}  # fmt: skip
    rubros = {name: cid for cid, name in con.execute("SELECT id, name FROM category")}
    methods = {"EFECTIVO": "cash", "YAPE": "yape", "PLIN": "plin", "TARJETA": "card",
               "TRANSFERENCIA": "transfer"}  # fmt: skip
    (fair,) = con.execute("SELECT id FROM fair").fetchone()
    days: dict[str, int] = {}
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat(sep=" ")
    con.execute("BEGIN IMMEDIATE")

    def day_id(text: str) -> int:
        if text not in days:
            d, m, y = text.split("/")
            days[text] = con.execute(
                "INSERT INTO fair_day (fair_id, date, visitors) VALUES (?, ?, 0)",
                (fair, f"{y}-{m}-{d}"),
            ).lastrowid
        return days[text]

    def sales():
        with file.open(encoding="utf-8", newline="") as fh:
            reader = csv.reader(fh, delimiter=";")
            next(reader)
            for date, doc, code, rubro, amount, method in reader:
                vid, cat = by_code[code] if code else by_doc[doc]
                whole, _, part = amount.partition(",")
                yield (day_id(date), vid, rubros.get(rubro, cat),
                       int(whole) * 100 + int(part or 0), methods[method.upper()], "bench", now)  # fmt: skip

    con.executemany(
        "INSERT INTO sale (fair_day_id, vendor_id, category_id, amount_cents, payment_method, "
        "entered_by, entered_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        sales(),
    )
    con.commit()
    con.close()


# Runs a command and writes its peak RSS (kB) to a file.  Linux counts, in the peak of a
# process, the peak of the process it was started from (the memory it had when it called
# exec): a command started straight from a large process (pytest, this benchmark after
# building the demo) would show that process's peak.  Started from this small one, it
# shows its own.
_WRAPPER = """
import os, subprocess, sys
process = subprocess.Popen(sys.argv[2:])
_pid, status, usage = os.wait4(process.pid, 0)
with open(sys.argv[1], "w") as out:
    out.write(str(usage.ru_maxrss))
sys.exit(os.waitstatus_to_exitcode(status))
"""


def start(args: list[str], env: dict[str, str], log: Path, peak: Path) -> subprocess.Popen:
    """Starts a command, its output to ``log``; its peak RSS goes to ``peak`` (see
    ``peak_mb``)."""
    with log.open("w") as out:
        return subprocess.Popen(
            [sys.executable, "-c", _WRAPPER, str(peak), *args],
            env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        )  # fmt: skip


def peak_mb(peak: Path) -> float:
    """The peak RSS, in MB, of a command ``start`` ran, once it has ended."""
    return int(peak.read_text()) / 1024


def measure(args: list[str], env: dict[str, str], log: Path) -> tuple[float, float, int]:
    """Runs a process; its seconds, its peak RSS in MB and its exit code."""
    started = time.perf_counter()
    peak = log.with_suffix(".peak")
    code = start(args, env, log, peak).wait()
    return time.perf_counter() - started, peak_mb(peak), code


def line(name: str, runs: list[tuple[float, float]], rows: int, base: tuple[float, float],
         target: float | None) -> str:  # fmt: skip
    seconds = statistics.median(s for s, _ in runs)
    rss = statistics.median(m for _, m in runs)
    text = (f"{name:<22} peak RSS {rss:7.0f} MB  {seconds:7.1f} s  {rows / seconds:9,.0f} rows/s"
            f"  ratio to baseline: RSS {rss / base[1]:4.1f}x, time {seconds / base[0]:5.1f}x")  # fmt: skip
    if target is not None:
        text += f"  target RSS ≤ {target:.0f} MB: {'ok' if rss <= target else 'OVER'}"
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=200, help="size of the sales file")
    parser.add_argument("--days", type=int, default=520, help="fair days in the file")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument(
        "--folder", type=Path, help="work there and keep the database and file (reused if present)"
    )
    parser.add_argument("--baseline", nargs=2, type=Path, metavar=("DB", "FILE"),
                        help=argparse.SUPPRESS)  # fmt: skip
    ns = parser.parse_args()
    if ns.baseline:
        baseline(*ns.baseline)
        return
    root = Path(__file__).resolve().parent.parent
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(root),
               os.environ.get("PYTHONPATH")])))  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        folder = ns.folder or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        demo_db = folder / "demo.db"
        file = folder / "ventas.csv"
        started = time.perf_counter()
        if not (ns.folder and demo_db.exists() and file.exists()):
            demo_db.unlink(missing_ok=True)
            make_demo(demo_db)
            write_sales(demo_db, file, ns.mb, ns.days)
        with file.open("rb") as fh:
            rows = sum(1 for _ in fh) - 1
        print(f"sales file: {file.stat().st_size / 1e6:.0f} MB, {rows:,} rows, {ns.days} fair "
              f"days, 84 vendors (written in {time.perf_counter() - started:.0f} s)")  # fmt: skip
        results: dict[str, list[tuple[float, float]]] = {}
        steps = {
            "baseline (csv+sqlite3)": [sys.executable, "-m", "bench.import_memory",
                                       "--baseline", "{db}", str(file)],
            "import --dry-run": [sys.executable, "-m", "agroferia", "--db", "{db}", "import",
                                 "sales", str(file), "--dry-run"],
            "import": [sys.executable, "-m", "agroferia", "--db", "{db}", "import", "sales",
                       str(file)],
        }  # fmt: skip
        for run in range(ns.repeat):
            for name, command in steps.items():
                copy = folder / f"run{run}.db"
                shutil.copyfile(demo_db, copy)
                args = [part.replace("{db}", str(copy)) for part in command]
                log = folder / "out.txt"
                seconds, rss, code = measure(args, env, log)
                if code != 0:
                    sys.exit(f"{name} failed ({code}):\n{log.read_text()[-3000:]}")
                results.setdefault(name, []).append((seconds, rss))
                copy.unlink()
        base = results.pop("baseline (csv+sqlite3)")
        base_median = (statistics.median(s for s, _ in base),
                       statistics.median(m for _, m in base))  # fmt: skip
        print(f"{'baseline (csv+sqlite3)':<22} peak RSS {base_median[1]:7.0f} MB  "
              f"{base_median[0]:7.1f} s  {rows / base_median[0]:9,.0f} rows/s")  # fmt: skip
        for name, runs in results.items():
            print(line(name, runs, rows, base_median, TARGET_MB if name == "import" else None))
        print(f"(peak RSS of each whole process; median of {ns.repeat} run(s))")


if __name__ == "__main__":
    main()
