"""Crash safety: a real ``agroferia import sales`` and a day-sheet save killed with SIGKILL
at random moments (seeded), each time on a fresh copy of the demo.

After every kill the file must pass ``PRAGMA integrity_check``; every fair day the operation
writes must be wholly written or wholly absent (the import: each fair day of the file with
all its sales or none; the sheet: the day's sales, attendance and fees all as before or all
as typed); nothing else may have changed; and the audit entries the operation writes must
exist exactly when its data do (the same entries a run left to finish writes)."""

from __future__ import annotations

import collections
import datetime as dt
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import DEMO_UNTIL

# processes killed while they write an SQLite file
pytestmark = [
    pytest.mark.sqlite_only,
    pytest.mark.slow,
    pytest.mark.skipif(os.name != "posix", reason="SIGKILL"),
]

REPO = Path(__file__).resolve().parents[2]
KILLS = 30
SEED = 20261130
# five Sundays before the demo's first (30/11/2025): fair days the import creates
IMPORT_DAYS = [dt.date(2025, 11, 23) - dt.timedelta(weeks=w) for w in range(5)]
ROWS_PER_VENDOR_AND_DAY = 25  # 84 vendors × 5 days × 25: 10,500 rows, 1–2 s to import
SHEET_DAY = dt.date(2026, 11, 22)  # the demo's last Sunday
METHODS = ("Efectivo", "Yape", "Plin", "Tarjeta")

SHEET_SCRIPT = """
import datetime as dt
import sys

from agroferia.core import day_sheet
from agroferia.core.db import open_database

path, day_id, today = sys.argv[1], int(sys.argv[2]), dt.date.fromisoformat(sys.argv[3])
db = open_database(path, create=False)
with db.Session() as s:
    sheet = day_sheet.load(s, day_id, today=today)
for vendor in sheet.vendors:  # every vendor's every rubro gets a new amount
    for line in vendor.lines:
        cents = line.saved_cents + 1000 + 10 * vendor.vendor_id
        sheet.set_amount(vendor.vendor_id, line.category_id, f"{cents / 100:.2f}", "cash")
print("saving", flush=True)
with db.Session.begin() as s:
    day_sheet.save(s, "cajera", sheet)
db.close()
print("saved", flush=True)
"""


# --- helpers ------------------------------------------------------------------------------


def env() -> dict[str, str]:
    return os.environ | {"PYTHONPATH": str(REPO), "AGROFERIA_PASSWORD": ""}


def restore(pristine: Path, work: Path) -> None:
    """The starting database, as a copy of the template (its journals gone)."""
    for extra in ("-wal", "-shm", "-journal"):
        Path(f"{work}{extra}").unlink(missing_ok=True)
    shutil.copyfile(pristine, work)


def rows(path: Path, sql: str, *params) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def integrity(path: Path) -> None:
    assert rows(path, "PRAGMA integrity_check") == [("ok",)]


def audit_since(path: Path, last_id: int) -> list[tuple]:
    """The entries written after ``last_id``: who, what, which record (not when)."""
    return rows(
        path,
        "SELECT actor, action, entity, entity_id FROM audit_log WHERE id > ? ORDER BY id",
        last_id,
    )


def last_audit_id(path: Path) -> int:
    return rows(path, "SELECT coalesce(max(id), 0) FROM audit_log")[0][0]


def kill_after(proc: subprocess.Popen, delay: float, path: Path) -> str:
    """Kills ``proc`` after ``delay`` seconds; says whether it left a write-ahead log
    beside ``path`` (killed while writing it, or before it was checkpointed)."""
    time.sleep(delay)
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=60)
    wal = Path(f"{path}-wal")
    return ", log left" if wal.exists() and wal.stat().st_size else ""


@pytest.fixture(scope="module")
def pristine(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("crash") / "pristine.db"
    shutil.copyfile(demo_template, path)
    return path


# --- a killed import ----------------------------------------------------------------------


def sales_file(pristine: Path, folder: Path) -> tuple[Path, dict[str, tuple[int, int]]]:
    """A sales file for every demo vendor on each of ``IMPORT_DAYS``, and what each of
    those days holds once it is imported: (entries, céntimos) by ISO date."""
    codes = [code for (code,) in rows(pristine, "SELECT code FROM vendor ORDER BY id")]
    rng = random.Random(SEED)
    lines = ["Código,Fecha,Monto,Medio de pago"]
    expected: dict[str, tuple[int, int]] = {}
    for day in IMPORT_DAYS:
        count = cents = 0
        for code in codes:
            for i in range(ROWS_PER_VENDOR_AND_DAY):
                amount = (10 + i) * 100 + rng.randint(0, 99)  # no two rows alike
                lines.append(f"{code},{day:%d/%m/%Y},{amount / 100:.2f},{rng.choice(METHODS)}")
                count, cents = count + 1, cents + amount
        expected[day.isoformat()] = (count, cents)
    path = folder / "ventas.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path, expected


def import_days(path: Path) -> dict[str, tuple[int, int, int]]:
    """The file's fair days that exist: (id, entries, céntimos) by ISO date."""
    marks = ",".join("?" for _ in IMPORT_DAYS)
    found = rows(
        path,
        "SELECT d.date, d.id, count(s.id), coalesce(sum(s.amount_cents), 0) FROM fair_day d "
        f"LEFT JOIN sale s ON s.fair_day_id = d.id WHERE d.date IN ({marks}) GROUP BY d.id",
        *[d.isoformat() for d in IMPORT_DAYS],
    )
    return {date: (day_id, count, cents) for date, day_id, count, cents in found}


def other_sales(path: Path) -> tuple:
    marks = ",".join("?" for _ in IMPORT_DAYS)
    return rows(
        path,
        "SELECT count(*), sum(s.amount_cents) FROM sale s JOIN fair_day d "
        f"ON d.id = s.fair_day_id WHERE d.date NOT IN ({marks})",
        *[d.isoformat() for d in IMPORT_DAYS],
    )[0]


def check_import(path: Path, expected: dict, base: dict, finished: list[tuple]) -> str:
    """Checks a database left by an import, and says whether it holds the file or not."""
    integrity(path)
    days = import_days(path)
    for date, (_day_id, count, cents) in days.items():  # a day exists only with all its sales
        assert (count, cents) == expected[date], f"fair day {date} half written"
    assert other_sales(path) == base["other_sales"]
    entries = audit_since(path, base["audit"])
    day_ids = {day_id for day_id, _n, _c in days.values()}
    sale_ids = {
        sid
        for (sid,) in rows(
            path,
            f"SELECT id FROM sale WHERE fair_day_id IN ({','.join(map(str, day_ids)) or 'NULL'})",
        )
    }
    # the entries exist exactly when the sales do, and name only what exists
    assert bool(entries) == bool(days)
    for _actor, _action, entity, entity_id in entries:
        if entity == "fair_day":
            assert entity_id in day_ids
        elif entity == "sale":
            assert entity_id in sale_ids
    per_sale = {entity_id for _a, _b, entity, entity_id in entries if entity == "sale"}
    assert not per_sale or per_sale == sale_ids
    if days:
        assert entries == finished
    return "written" if days else "absent"


def test_a_killed_import_leaves_each_fair_day_whole_or_absent(pristine, tmp_path):
    source, expected = sales_file(pristine, tmp_path)
    base = {"audit": last_audit_id(pristine), "other_sales": other_sales(pristine)}
    assert not import_days(pristine)
    work = tmp_path / "feria.db"

    def start() -> subprocess.Popen:
        command = [sys.executable, "-m", "agroferia", "--db", str(work), "import", "sales",
                   str(source)]  # fmt: skip
        return subprocess.Popen(command, env=env(), stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip

    # a run left to finish: how long it takes, and what it writes
    restore(pristine, work)
    began = time.monotonic()
    proc = start()
    _out, err = proc.communicate(timeout=120)
    duration = time.monotonic() - began
    assert proc.returncode == 0, err.decode()
    finished = audit_since(work, base["audit"])
    assert check_import(work, expected, base, finished) == "written"

    rng = random.Random(SEED)
    outcomes: collections.Counter[str] = collections.Counter()
    for _ in range(KILLS):
        restore(pristine, work)
        left = kill_after(start(), rng.uniform(0, duration), work)
        outcomes[check_import(work, expected, base, finished) + left] += 1
    assert sum(outcomes.values()) == KILLS
    print(f"import killed {KILLS} times in {duration:.2f} s: {dict(outcomes)}")


# --- a killed day-sheet save --------------------------------------------------------------


def day_state(path: Path, day_id: int) -> tuple:
    """What a sheet save writes on its day: the sales (as amounts by vendor, rubro and
    method), who came, and the fees."""
    return (
        rows(path, "SELECT vendor_id, category_id, payment_method, amount_cents FROM sale "
             "WHERE fair_day_id = ? ORDER BY 1, 2, 3, 4", day_id),
        rows(path, "SELECT vendor_id FROM attendance WHERE fair_day_id = ? ORDER BY 1", day_id),
        rows(path, "SELECT vendor_id, due_cents, paid_cents FROM fee WHERE fair_day_id = ? "
             "ORDER BY 1", day_id),
    )  # fmt: skip


def elsewhere(path: Path, day_id: int) -> tuple:
    return rows(
        path,
        "SELECT (SELECT count(*) || ':' || sum(amount_cents) FROM sale WHERE fair_day_id != ?),"
        " (SELECT count(*) FROM fee WHERE fair_day_id != ?), (SELECT count(*) FROM vendor)",
        day_id,
        day_id,
    )[0]


def test_a_killed_day_sheet_save_leaves_the_day_as_it_was_or_as_typed(pristine, tmp_path):
    script = tmp_path / "hoja.py"
    script.write_text(SHEET_SCRIPT, encoding="utf-8")
    ((day_id,),) = rows(pristine, "SELECT id FROM fair_day WHERE date = ?", SHEET_DAY.isoformat())
    base_audit = last_audit_id(pristine)
    before, others = day_state(pristine, day_id), elsewhere(pristine, day_id)
    work = tmp_path / "feria.db"

    def start() -> subprocess.Popen:
        command = [sys.executable, str(script), str(work), str(day_id), DEMO_UNTIL.isoformat()]
        return subprocess.Popen(command, env=env(), stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip

    # a save left to finish: how long the writing takes, and what it leaves
    restore(pristine, work)
    proc = start()
    assert proc.stdout.readline() == b"saving\n"
    began = time.monotonic()
    out, err = proc.communicate(timeout=120)
    saving = time.monotonic() - began
    assert proc.returncode == 0 and out == b"saved\n", err.decode()
    integrity(work)
    typed, finished = day_state(work, day_id), audit_since(work, base_audit)
    assert typed != before and finished
    assert {entity for _a, _b, entity, _id in finished} >= {"sale"}

    rng = random.Random(SEED)
    outcomes: collections.Counter[str] = collections.Counter()
    for _ in range(KILLS):
        restore(pristine, work)
        proc = start()
        assert proc.stdout.readline() == b"saving\n"  # loaded and typed: now the save
        left = kill_after(proc, rng.uniform(0, saving * 1.2), work)
        integrity(work)
        state = day_state(work, day_id)
        assert state in (before, typed), "the day's sheet half saved"
        assert elsewhere(work, day_id) == others
        entries = audit_since(work, base_audit)
        assert entries == (finished if state == typed else [])
        outcomes[("saved" if state == typed else "as before") + left] += 1
    assert sum(outcomes.values()) == KILLS
    print(f"sheet save killed {KILLS} times in {saving:.2f} s: {dict(outcomes)}")
