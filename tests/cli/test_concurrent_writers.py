"""Two people writing the same thing at the same moment, each in a process of its own,
against one SQLite file and against one database of a real PostgreSQL server: an import of
sales (with and without ``--replace``), an import of vendors, a fair day's sheet, a payment
and a new fair day. The money is never counted twice and nothing is lost; the one that
loses, if any, is told why in plain words, without a traceback.

Both processes load everything first, then wait for the same start (``concurrent_child``).
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from agroferia.core import day_sheet, demo, fairs
from agroferia.core.db import Database, open_database
from agroferia.core.models import AuditLog, FairDay, Fee, Sale, Vendor

REPO = Path(__file__).resolve().parents[2]
UNTIL = dt.date(2026, 11, 24)  # the demo's last Sunday is 22/11/2026
OLD_DAY = dt.date(2026, 11, 22)  # a day of the demo, with sales
NEW_DAY = dt.date(2026, 11, 23)  # a day the demo does not have
SALES = 2520
BACKENDS = ("sqlite", "postgresql")
_names = itertools.count(1)


def _demo(target: str) -> None:
    database = open_database(target)
    with database.Session.begin() as s:
        demo.build(s, seed=3, until=UNTIL, with_accounts=False)
    database.close()


@pytest.fixture(scope="module")
def sqlite_demo(tmp_path_factory) -> Path:
    """The demo fair in a file, built once."""
    path = tmp_path_factory.mktemp("escritores") / "demo.db"
    _demo(str(path))
    return path


@pytest.fixture(scope="module")
def server_demo(pg_server) -> str:
    """The demo fair in a database of the server, built once: the template of the tests'."""
    _demo(pg_server.create_database("escritores_demo"))
    yield "escritores_demo"
    pg_server.drop_database("escritores_demo")


@pytest.fixture(params=BACKENDS)
def target(request, tmp_path) -> str:
    """A copy of the demo for one test: a file's path, or a database's URL."""
    if request.param == "sqlite":
        copy = tmp_path / "agroferia.db"
        copy.write_bytes(request.getfixturevalue("sqlite_demo").read_bytes())
        yield str(copy)
        return
    template = request.getfixturevalue("server_demo")
    server = request.getfixturevalue("pg_server")
    name = f"escritores_{next(_names)}"
    yield server.create_database(name, template=template)
    server.drop_database(name)


def at_once(tmp_path: Path, *commands: list[str]) -> list[subprocess.CompletedProcess]:
    """Runs ``concurrent_child`` once for each command, all released at the same moment."""
    folder = tmp_path / f"salida_{next(_names)}"
    folder.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("AGROFERIA_")}
    env |= {"PYTHONPATH": str(REPO), "XDG_DATA_HOME": str(tmp_path / "datos"),
            "AGROFERIA_LOG_DIR": str(tmp_path / "logs"), "LANG": "C.UTF-8"}  # fmt: skip
    children = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.cli.concurrent_child", str(folder), f"p{n}", *command],
            cwd=REPO,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n, command in enumerate(commands)
    ]
    limit = time.monotonic() + 60
    while not all((folder / f"p{n}.ready").exists() for n in range(len(commands))):
        assert time.monotonic() < limit and all(c.poll() is None for c in children), [
            c.communicate() for c in children if c.poll() is not None
        ]
        time.sleep(0.005)
    (folder / "go").touch()
    done = []
    for child in children:
        out, err = child.communicate(timeout=120)
        done.append(subprocess.CompletedProcess(child.args, child.returncode, out, err))
    for result in done:
        assert "Traceback" not in result.stdout + result.stderr, result.stderr
        assert "inesperado" not in result.stderr, result.stderr
        assert result.returncode in (0, 1), result.stderr
    return done


def cli(target: str, *args: str) -> list[str]:
    return ["cli", "--db", target, *args]


def service(kind: str, target: str, **data: object) -> list[str]:
    return [kind, target, json.dumps(data, default=str)]


def day_sales(target: str, day: dt.date) -> tuple[int, int, int]:
    """The fair days on that date, and their sales' count and total in céntimos."""
    database = open_database(target)
    try:
        with database.Session() as s:
            days = s.scalar(select(func.count()).where(FairDay.date == day))
            count, cents = s.execute(
                select(func.count(Sale.id), func.coalesce(func.sum(Sale.amount_cents), 0))
                .join(FairDay, FairDay.id == Sale.fair_day_id)
                .where(FairDay.date == day)
            ).one()
            return days, count, int(cents)
    finally:
        database.close()


def sales_file(target: str, path: Path, day: dt.date) -> tuple[Path, int]:
    """A sales file of ``SALES`` sales on ``day``, by the demo's active vendors, and their
    total in céntimos."""
    database = open_database(target)
    with database.Session() as s:
        codes = list(s.scalars(select(Vendor.code).where(Vendor.status == "active")))
    database.close()
    lines, total = ["Código,Fecha,Monto"], 0
    for i in range(SALES):
        cents = 1000 + 100 * (i // len(codes)) + i % len(codes)
        lines.append(f"{codes[i % len(codes)]},{day:%d/%m/%Y},{cents // 100}.{cents % 100:02d}")
        total += cents
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path, total


def refused(results: list[subprocess.CompletedProcess]) -> list[str]:
    return [r.stderr for r in results if r.returncode != 0]


def test_two_replacing_imports_of_one_day_leave_the_file_once(target, tmp_path) -> None:
    path, total = sales_file(target, tmp_path / "ventas.csv", OLD_DAY)
    command = cli(target, "import", "sales", str(path), "--replace")
    results = at_once(tmp_path, command, command)
    assert day_sales(target, OLD_DAY) == (1, SALES, total)  # not 5,040: never doubled
    assert refused(results) == []
    replaced = sorted(
        line for r in results for line in r.stdout.splitlines() if "reemplazadas" in line
    )
    assert len(replaced) == 2
    assert "(137, " in replaced[0] and f"({SALES}, " in replaced[1]  # the second, the first's


def test_two_imports_into_one_new_day_write_it_once(target, tmp_path) -> None:
    path, total = sales_file(target, tmp_path / "ventas.csv", NEW_DAY)
    command = cli(target, "import", "sales", str(path))
    results = at_once(tmp_path, command, command)
    assert day_sales(target, NEW_DAY) == (1, SALES, total)
    [loser] = refused(results)
    assert "ya tiene ventas registradas" in loser and "No se importó nada" in loser


def test_two_imports_into_a_new_fair_create_it_once(target, tmp_path) -> None:
    """The file's fair is new to both: one creates it and imports; the other, tried again
    once that one has committed, finds the fair and its day with sales."""
    path, total = sales_file(target, tmp_path / "ventas.csv", NEW_DAY)
    command = cli(target, "import", "sales", str(path), "--fair", "Feria de Surco")
    results = at_once(tmp_path, command, command)
    assert day_sales(target, NEW_DAY) == (1, SALES, total)
    [loser] = refused(results)
    assert "ya tiene ventas registradas" in loser and "No se importó nada" in loser


def vendors_file(path: Path, first: int, count: int) -> Path:
    lines = ["Nombres;Apellidos;DNI;Sexo;Rubro"]
    lines += [f"Rosa{n};Quispe;{first + n:08d};F;Gastronomía" for n in range(count)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def registry(target: str) -> tuple[int, int, int]:
    """Vendors, distinct codes, distinct documents."""
    database = open_database(target)
    try:
        with database.Session() as s:
            return s.execute(
                select(
                    func.count(),
                    func.count(Vendor.code.distinct()),
                    func.count(Vendor.doc_number.distinct()),
                )
            ).one()
    finally:
        database.close()


def test_two_vendor_imports_at_once_give_unique_codes(target, tmp_path) -> None:
    before = registry(target)
    one = vendors_file(tmp_path / "uno.csv", 70_000_000, 40)
    other = vendors_file(tmp_path / "otro.csv", 80_000_000, 40)
    results = at_once(tmp_path, cli(target, "import", "vendors", str(one)),
                      cli(target, "import", "vendors", str(other)))  # fmt: skip
    assert refused(results) == []
    assert registry(target) == tuple(n + 80 for n in before)  # every code and DNI once


def test_one_padron_imported_twice_at_once_is_registered_once(target, tmp_path) -> None:
    before = registry(target)
    path = vendors_file(tmp_path / "padron.csv", 70_000_000, 40)
    command = cli(target, "import", "vendors", str(path))
    results = at_once(tmp_path, command, command)
    assert registry(target) == tuple(n + 40 for n in before)
    [loser] = refused(results)
    assert "ya está registrado" in loser or "Otra persona acaba de registrar" in loser


def new_day(target: str) -> tuple[int, int, list[int]]:
    """A new fair day of the demo's fair, where the sheet's first three vendors are present
    already: its id, the fair's id, the sheet's vendors."""
    database = open_database(target)
    try:
        with database.Session.begin() as s:
            fair = fairs.default_fair(s)
            day = fairs.add_fair_day(s, "ana", fair.id, date=NEW_DAY)
            fair_id, day_id = fair.id, day.id
        with database.Session() as s:
            sheet = day_sheet.load(s, day_id)
        vendors = [v.vendor_id for v in sheet.vendors]
        for vendor in vendors[:3]:  # their sales then add no attendance, only sales
            sheet.set_present(vendor, True)
        with database.Session.begin() as s:
            day_sheet.save(s, "ana", sheet)
        return day_id, fair_id, vendors
    finally:
        database.close()


def test_two_sheets_saving_one_vendor_at_once_keep_one(target, tmp_path) -> None:
    day, _fair, vendors = new_day(target)
    results = at_once(
        tmp_path,
        service("sheet", target, day=day, amounts=[(vendors[0], "100")]),
        service("sheet", target, day=day, amounts=[(vendors[0], "250")]),
    )
    days, count, cents = day_sales(target, NEW_DAY)
    assert (days, count) == (1, 1) and cents in (10_000, 25_000)  # never both
    [loser] = refused(results)
    assert "se cambió lo guardado" in loser and "No se guardó nada" in loser


def test_two_sheets_saving_other_vendors_at_once_lose_nothing(target, tmp_path) -> None:
    day, _fair, vendors = new_day(target)
    results = at_once(
        tmp_path,
        service("sheet", target, day=day, amounts=[(vendors[0], "100"), (vendors[2], "7")]),
        service("sheet", target, day=day, amounts=[(vendors[1], "250")]),
    )
    assert refused(results) == []
    assert day_sales(target, NEW_DAY) == (1, 3, 35_700)


def owing(target: str, cents: int) -> tuple[int, int]:
    """A new fair day on which the first vendor of the sheet owes ``cents``: the day's id
    and the vendor's."""
    day, _fair, vendors = new_day(target)
    database = open_database(target)
    try:
        with database.Session() as s:
            sheet = day_sheet.load(s, day)
        sheet.set_due(vendors[0], f"{cents // 100}.{cents % 100:02d}")
        with database.Session.begin() as s:
            day_sheet.save(s, "ana", sheet)
    finally:
        database.close()
    return day, vendors[0]


def fee_paid(target: str, day: int, vendor: int) -> tuple[int, int]:
    """The fee's paid céntimos, and the payments the audit trail records for it."""
    database = open_database(target)
    try:
        with database.Session() as s:
            fee = s.scalar(select(Fee).where(Fee.fair_day_id == day, Fee.vendor_id == vendor))
            payments = s.scalar(
                select(func.count()).where(
                    AuditLog.entity == "fee",
                    AuditLog.entity_id == fee.id,
                    AuditLog.action == "payment",
                )
            )
            return fee.paid_cents, payments
    finally:
        database.close()


def test_two_payments_of_the_whole_debt_at_once_pay_it_once(target, tmp_path) -> None:
    day, vendor = owing(target, 1500)
    payment = service("payment", target, vendor=vendor, amount="15.00", day=day)
    results = at_once(tmp_path, payment, payment)
    assert fee_paid(target, day, vendor) == (1500, 1)
    [loser] = refused(results)
    assert "S/" in loser  # more than is owed now: refused, with the amount owed


def test_two_halves_paid_at_once_are_both_kept(target, tmp_path) -> None:
    day, vendor = owing(target, 1500)
    payment = service("payment", target, vendor=vendor, amount="7.50", day=day)
    results = at_once(tmp_path, payment, payment)
    assert refused(results) == []
    assert fee_paid(target, day, vendor) == (1500, 2)  # neither overwrote the other


def test_one_new_fair_day_created_twice_at_once_exists_once(target, tmp_path) -> None:
    database = open_database(target)
    with database.Session() as s:
        fair = fairs.default_fair(s).id
    database.close()
    command = service("fair_day", target, fair=fair, date=NEW_DAY.isoformat())
    results = at_once(tmp_path, command, command)
    assert day_sales(target, NEW_DAY) == (1, 0, 0)
    [loser] = refused(results)
    assert "ya tiene una jornada el 23/11/2026" in loser


def test_a_refused_import_leaves_a_database_open_to_others(target, tmp_path) -> None:
    """After the two processes, the database is as usable as before (no lock is left)."""
    path, total = sales_file(target, tmp_path / "ventas.csv", NEW_DAY)
    at_once(tmp_path, cli(target, "import", "sales", str(path)))
    database: Database = open_database(target)
    try:
        with database.Session.begin() as s:
            day = fairs.find_fair_day(s, fairs.default_fair(s).id, NEW_DAY)
            fairs.update_fair_day(s, "ana", day.id, visitors=120)
    finally:
        database.close()
    assert day_sales(target, NEW_DAY) == (1, SALES, total)
