"""How long importing takes: 10,000 vendors, then 100,000 sales rows, from .csv and .xlsx.

    python -m bench.bench_import [--repeat 3] [--vendors 10000] [--sales 100000]

Each run imports into a fresh database (vendors first, then sales for them: one row per
vendor per fair day over as many Sundays as needed) and prints the median, min and max of
the check alone (``--dry-run``) and of the whole import, with the rows per second.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from agroferia.core import audit, fairs, importing
from agroferia.core.db import open_database

CATEGORIES = ("Productos transformados", "Frutas", "verduras", "Productos frescos", "Artesanía")
PLACES = (("JUNIN", "JAUJA", "APATA"), ("LIMA", "CANETE", ""), ("Cusco", "Urubamba", "Maras"))
METHODS = ("Efectivo", "yape", "PLIN", "tarjeta")


def vendor_rows(n: int, rng: random.Random) -> list[list[str]]:
    rows = []
    for i in range(n):
        region, province, district = rng.choice(PLACES)
        born = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(20000))
        rows.append([
            f"Nombre {i}", f"Apellido {i}", f"{10000000 + i}", rng.choice("FM"),
            born.strftime("%d/%m/%Y"), region, province, district, rng.choice(CATEGORIES),
        ])  # fmt: skip
    return rows


VENDOR_HEADER = ["Nombres", "Apellidos", "DNI", "Sexo", "Fecha de nacimiento", "Región",
                 "Provincia", "Distrito", "Rubro"]  # fmt: skip
SALES_HEADER = ["DNI", "Fecha", "Monto", "Medio de pago"]


def sales_rows(vendors: int, n: int, rng: random.Random) -> list[list[str]]:
    rows = []
    day = dt.date(2024, 1, 7)
    while len(rows) < n:
        for i in range(min(vendors, n - len(rows))):
            cents = rng.randrange(500, 80000)
            rows.append([f"{10000000 + i}", day.strftime("%d/%m/%Y"),
                         f"{cents // 100},{cents % 100:02d}", rng.choice(METHODS)])  # fmt: skip
        day += dt.timedelta(days=7)
    return rows


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        fh.write(";".join(header) + "\r\n")
        for row in rows:
            fh.write(";".join(row) + "\r\n")
    return path


def write_xlsx(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Datos")
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def line(name: str, times: list[float], rows: int) -> None:
    median = statistics.median(times)
    print(f"{name:<36} median {median:7.2f} s  min {min(times):7.2f}  max {max(times):7.2f}"
          f"  {rows / median:9,.0f} rows/s")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--vendors", type=int, default=10_000)
    parser.add_argument("--sales", type=int, default=100_000)
    args = parser.parse_args()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        people = vendor_rows(args.vendors, rng)
        sold = sales_rows(args.vendors, args.sales, rng)
        files = {
            "csv": (write_csv(folder / "v.csv", VENDOR_HEADER, people),
                    write_csv(folder / "s.csv", SALES_HEADER, sold)),
            "xlsx": (write_xlsx(folder / "v.xlsx", VENDOR_HEADER, people),
                     write_xlsx(folder / "s.xlsx", SALES_HEADER, sold)),
        }  # fmt: skip
        empty = folder / "empty.db"
        db = open_database(empty)
        with db.Session.begin() as s:
            fairs.create_fair(s, audit.SYSTEM, name="Feria de prueba")
        db.close()
        for kind, (vendor_file, sales_file) in files.items():
            times: dict[str, list[float]] = {}
            for run in range(args.repeat):
                path = folder / f"{kind}{run}.db"
                shutil.copyfile(empty, path)
                db = open_database(path)
                steps = (
                    ("vendors check", vendor_file, importing.import_vendors, True),
                    ("vendors import", vendor_file, importing.import_vendors, False),
                    ("sales check", sales_file, importing.import_sales, True),
                    ("sales import", sales_file, importing.import_sales, False),
                )
                for name, file, fn, dry_run in steps:
                    with db.Session() as s, s.begin():
                        started = time.perf_counter()
                        report = fn(s, audit.SYSTEM, file, dry_run=dry_run)
                    times.setdefault(name, []).append(time.perf_counter() - started)
                    assert report.ok and report.written != dry_run, report.lines()[:5]
                db.close()
            for name, values in times.items():
                rows = args.vendors if name.startswith("vendors") else args.sales
                line(f"{kind}: {name} ({rows:,} rows)", values, rows)


if __name__ == "__main__":
    main()
