"""How long exporting a year takes: the municipal Excel summary, the municipal PDF and the
padrón with the year's per-vendor figures and sales listing.

    python -m bench.bench_exports [--db EXISTING.db] [--repeat 3] [--only documents|listing|pdf]

On the demo fair (84 vendors, about 6,500 sales a year) and on ten years of history
(``bench.large_data``: about a million sales, 100,000 of them in the year exported).
Prints the median, min and max of each, and the peak memory of the process.

``listing``: the padrón's sales listing of the year on the large database, rows per second,
written as the padrón writes it (rows streamed into the sheet's XML), cell by cell with
openpyxl's write-only sheets (how it was written before) and, when it is installed, with
xlsxwriter in constant-memory mode; same cells, interleaved runs.

``pdf``: ``python -m agroferia export pdf`` for the year as a whole process, against its
bare baseline measured in the same run (``bench/pdf_baseline.py``: sqlite3 and reportlab,
the same three pages); a copy of the database, interleaved runs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
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


# ------------------------------------------------------------------ the listing


def _listing_openpyxl(session, path: Path) -> int:
    """The listing's rows cell by cell through openpyxl's write-only sheet (the padrón's
    way before the rows were streamed): the same cells and styles."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    from agroferia.core import breakdowns, labels
    from agroferia.core.cell_text import text_cell
    from agroferia.core.money import from_cents
    from agroferia.reports.common import payment_label, sex_label
    from agroferia.reports.workbook.styles import DATE, MONEY, named_styles

    wb = Workbook(write_only=True)
    for style in named_styles():
        wb.add_named_style(style)
    ws = wb.create_sheet("Ventas (detalle)")
    sexes = {code: sex_label(code, plural=False) for code in labels.SEX}
    methods = {code: payment_label(code) for code in labels.PAYMENT_METHOD}
    date_cell, amount_cell = WriteOnlyCell(ws), WriteOnlyCell(ws)
    date_cell.style, amount_cell.style = DATE, MONEY
    n = 0
    for row in breakdowns.iter_sales(session, *YEAR):
        date_cell.value = row.date
        amount_cell.value = from_cents(row.amount)
        ws.append((date_cell, text_cell(ws, row.fair), text_cell(ws, row.vendor_code),
                   text_cell(ws, row.vendor_name), text_cell(ws, sexes.get(row.sex, row.sex)),
                   text_cell(ws, row.category),
                   text_cell(ws, methods.get(row.payment_method, row.payment_method)),
                   amount_cell))  # fmt: skip
        n += 1
    wb.save(path)
    return n


def _listing_streamed(session, path: Path) -> int:
    """The listing as the padrón writes it."""
    from openpyxl import Workbook

    from agroferia.reports.common import header
    from agroferia.reports.workbook.listing import Listing
    from agroferia.reports.workbook.printing import Margins
    from agroferia.reports.workbook.styles import named_styles

    wb = Workbook(write_only=True)
    for style in named_styles():
        wb.add_named_style(style)
    head = header(session, *YEAR, None)
    listing = Listing(wb, session, head, None, [], Margins("x", "y", "{page}/{pages}"))
    return listing.save(wb, path, None)


def _listing_xlsxwriter(session, path: Path) -> int:
    """The same cells with xlsxwriter in constant-memory mode (formats for the styles)."""
    import xlsxwriter

    from agroferia.core import breakdowns, labels
    from agroferia.reports.common import payment_label, sex_label
    from agroferia.reports.workbook.styles import DATE_FORMAT, MONEY_FORMAT

    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet("Ventas (detalle)")
    date = wb.add_format({"num_format": DATE_FORMAT, "align": "left", "valign": "top",
                          "indent": 1})  # fmt: skip
    money = wb.add_format({"num_format": MONEY_FORMAT, "align": "right", "valign": "top"})
    sexes = {code: sex_label(code, plural=False) for code in labels.SEX}
    methods = {code: payment_label(code) for code in labels.PAYMENT_METHOD}
    n = 0
    for n, row in enumerate(breakdowns.iter_sales(session, *YEAR), 1):
        ws.write_datetime(n + 3, 0, dt.datetime.combine(row.date, dt.time()), date)
        for col, value in enumerate((row.fair, row.vendor_code, row.vendor_name,
                                     sexes.get(row.sex, row.sex), row.category,
                                     methods.get(row.payment_method, row.payment_method)), 1):  # fmt: skip
            ws.write_string(n + 3, col, value)
        ws.write_number(n + 3, 7, row.amount / 100, money)
    wb.close()
    return n


def measure_listing(db_path: Path, out: Path, repeat: int) -> None:
    writers: dict[str, Callable] = {
        "streamed (now)": _listing_streamed,
        "openpyxl write-only (before)": _listing_openpyxl,
    }
    try:
        import xlsxwriter  # noqa: F401
    except ImportError:
        print("xlsxwriter is not installed: not measured")
    else:
        writers["xlsxwriter constant_memory"] = _listing_xlsxwriter
    db = open_database(db_path, create=False)
    rates: dict[str, list[float]] = {name: [] for name in writers}
    try:
        for _ in range(repeat):
            for name, writer in writers.items():
                with db.Session() as s:
                    started = time.perf_counter()
                    rows = writer(s, out.with_suffix(".listing.xlsx"))
                    rates[name].append(rows / (time.perf_counter() - started))
    finally:
        db.close()
    before = statistics.median(rates["openpyxl write-only (before)"])
    print(f"sales listing of one year ({rows:,} rows), rows per second:")
    for name, values in rates.items():
        median = statistics.median(values)
        print(f"  {name:<30} median {median:9,.0f}  min {min(values):9,.0f}  "
              f"max {max(values):9,.0f}  ({median / before:.2f}x before)")  # fmt: skip


# ------------------------------------------------------------------ the PDF as a command


def measure_pdf_command(db_path: Path, folder: Path, repeat: int) -> None:
    copy = folder / "copy.db"
    shutil.copyfile(db_path, copy)
    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(root), *filter(None, [os.environ.get("PYTHONPATH")])])}  # fmt: skip
    start, end = (d.isoformat() for d in YEAR)
    commands = {
        "agroferia export pdf": [sys.executable, "-m", "agroferia", "--db", str(copy), "export",
                                 "pdf", "--from", start, "--to", end, "--out",
                                 str(folder / "command.pdf")],
        "bare sqlite3 + reportlab": [sys.executable, str(root / "bench" / "pdf_baseline.py"),
                                     str(copy), start, end, str(folder / "bare.pdf")],
    }  # fmt: skip
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, command in commands.items():
            started = time.perf_counter()
            subprocess.run(command, env=env, check=True, capture_output=True)
            times[name].append(time.perf_counter() - started)
    bare = statistics.median(times["bare sqlite3 + reportlab"])
    print("PDF of one year on ten years of history, as a whole process:")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"  {name:<26} median {median:6.3f} s  min {min(values):6.3f}  "
              f"max {max(values):6.3f}  ({median / bare:.2f}x bare)")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="a database made by bench.large_data")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", choices=["documents", "listing", "pdf"])
    ns = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if ns.only in ("listing", "pdf"):
            large = ns.db
            if large is None:
                large = folder / "large.db"
                build(large)
            if ns.only == "listing":
                measure_listing(large, folder / "large", ns.repeat)
            else:
                measure_pdf_command(large, folder, ns.repeat)
            return
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
