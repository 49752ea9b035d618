"""The command line, run in-process through ``agroferia.cli.main`` (and twice as ``python -m``)."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from agroferia import __version__, cli
from tests.backups import unpacked

UNTIL = "2026-11-24"
FIRST_DAY, LAST_DAY = dt.date(2025, 11, 30), dt.date(2026, 11, 22)
PERIOD = ["--from", "2025-11-24", "--to", UNTIL]
MONEY = re.compile(r"^-?\d+\.\d{2}$")
SOLES = re.compile(r"S/ \d{1,3}(,\d{3})*\.\d{2}")

DEMO_CATEGORIES = {
    "Productos transformados": 19,
    "Frutas de costa y selva": 20,
    "Hortalizas y verduras": 14,
    "Productos frescos": 10,
    "Tubérculos, granos y menestras": 9,
    "Gastronomía": 8,
    "Panadería y tamales": 3,
    "Artesanía": 1,
}
TABLES = ("vendor", "fair", "fair_day", "attendance", "sale", "fee")


def _quiet_main(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(argv)
    return code, out.getvalue(), err.getvalue()


def _counts(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(path)
    try:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    finally:
        conn.close()


def _rows(path: Path, table: str, skip: tuple[str, ...] = ("created_at", "updated_at")) -> list:
    conn = sqlite3.connect(path)
    try:
        columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})") if r[1] not in skip]
        assert columns
        return conn.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY id").fetchall()
    finally:
        conn.close()


def _doc_numbers(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {r[0] for r in conn.execute("SELECT doc_number FROM vendor")}
    finally:
        conn.close()


def _build_demo(path: Path, seed: int = 7) -> None:
    code, _out, err = _quiet_main(
        ["--db", str(path), "demo", "--seed", str(seed), "--until", UNTIL]
    )
    assert code == 0, err


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    """The demo fair (seed 7), built once; tests that write take a copy."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    _build_demo(path)
    return path


@pytest.fixture
def demo_copy(demo_db, tmp_path) -> Path:
    path = tmp_path / "copia.db"
    shutil.copyfile(demo_db, path)
    return path


@pytest.fixture(scope="module")
def demo_stats(demo_db) -> dict:
    code, out, err = _quiet_main(["--db", str(demo_db), "stats", *PERIOD, "--json"])
    assert code == 0, err
    return json.loads(out)


# --- demo ---------------------------------------------------------------------------------


def test_demo_command(tmp_path, capsys):
    path = tmp_path / "demo.db"
    code = cli.main(["--db", str(path), "demo", "--seed", "7", "--until", UNTIL])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "84 expositores" in out
    assert "52 jornadas" in out
    assert "Traceback" not in out + err
    assert _counts(path)["vendor"] == 84


def test_demo_fair_days_are_52_sundays(demo_db):
    conn = sqlite3.connect(demo_db)
    try:
        dates = [dt.date.fromisoformat(r[0]) for r in conn.execute("SELECT date FROM fair_day")]
        fairs = conn.execute("SELECT name, weekday FROM fair").fetchall()
        vendors = conn.execute("SELECT count(*) FROM vendor").fetchone()[0]
    finally:
        conn.close()
    assert vendors == 84
    assert fairs == [("Agroferia Campesina de Magdalena", 6)]
    assert len(dates) == 52
    assert len(set(dates)) == 52
    assert all(d.weekday() == 6 for d in dates), [d for d in dates if d.weekday() != 6]
    assert (min(dates), max(dates)) == (FIRST_DAY, LAST_DAY)
    assert sorted(dates) == [FIRST_DAY + dt.timedelta(weeks=w) for w in range(52)]


# --- stats --json -------------------------------------------------------------------------


def test_stats_json_has_the_documented_keys(demo_stats):
    s = demo_stats
    assert {
        "period",
        "fair",
        "fair_days",
        "visitors",
        "vendors",
        "sales",
        "fees",
        "regions",
    } <= set(s)
    assert s["period"] == {"from": "2025-11-24", "to": UNTIL}
    assert s["fair"] is None
    assert {
        "registered",
        "active",
        "present",
        "by_sex",
        "youth",
        "youth_women",
        "age_not_stated",
        "by_category",
    } <= set(s["vendors"])
    assert set(s["vendors"]["by_sex"]) == {"F", "M", "other", "not_stated"}
    assert {
        "total",
        "by_sex",
        "youth",
        "non_youth",
        "age_not_stated",
        "by_category",
        "by_fair_day",
        "by_payment_method",
    } <= set(s["sales"])
    assert set(s["sales"]["by_sex"]) == {"F", "M", "other", "not_stated"}
    assert set(s["fees"]) == {"due", "paid", "paid_later", "outstanding"}
    assert isinstance(s["regions"], dict)


def _money_values(s: dict) -> list:
    sales, fees = s["sales"], s["fees"]
    values = [sales["total"], sales["youth"], sales["non_youth"], sales["age_not_stated"]]
    for key in ("by_sex", "by_category", "by_fair_day", "by_payment_method"):
        values += list(sales[key].values())
    values += list(fees.values())
    return values


def test_stats_json_money_is_plain_strings(demo_stats):
    values = _money_values(demo_stats)
    assert len(values) > 52 + 8
    bad = [v for v in values if not (isinstance(v, str) and MONEY.fullmatch(v))]
    assert not bad


def test_stats_json_sales_add_up(demo_stats):
    sales = demo_stats["sales"]
    total = Decimal(sales["total"])
    assert total > 0

    def add(d: dict) -> Decimal:
        return sum((Decimal(v) for v in d.values()), Decimal(0))

    assert add(sales["by_fair_day"]) == total
    assert add(sales["by_category"]) == total
    assert add(sales["by_payment_method"]) == total
    assert add(sales["by_sex"]) == total
    parts = (sales["youth"], sales["non_youth"], sales["age_not_stated"])
    assert sum((Decimal(v) for v in parts), Decimal(0)) == total
    fees = {k: Decimal(v) for k, v in demo_stats["fees"].items()}
    assert fees["due"] - fees["paid"] == fees["outstanding"]
    assert fees["due"] > 0


def test_stats_json_vendor_counts_add_up(demo_stats):
    v = demo_stats["vendors"]
    assert v["present"] == sum(v["by_sex"].values())
    assert v["present"] == sum(v["by_category"].values())
    assert v["present"] == sum(demo_stats["regions"].values())
    assert v["youth_women"] <= v["youth"] <= v["present"]


def test_stats_json_describes_the_demo_fair(demo_stats):
    s = demo_stats
    v = s["vendors"]
    assert s["fair_days"] == 52
    assert len(s["sales"]["by_fair_day"]) == 52
    assert all(dt.date.fromisoformat(d).weekday() == 6 for d in s["sales"]["by_fair_day"])
    assert v["registered"] == 84
    assert v["present"] == 84
    assert len(s["regions"]) == 19
    assert v["by_category"] == DEMO_CATEGORIES
    assert v["by_sex"]["F"] > v["present"] / 2
    assert 0.15 <= v["youth"] / v["present"] <= 0.30
    assert s["visitors"] > 0


# --- the same seed, the same fair ---------------------------------------------------------


def test_same_seed_gives_the_same_database(demo_db, tmp_path, demo_stats):
    again, other = tmp_path / "otra-vez.db", tmp_path / "otra-semilla.db"
    _build_demo(again, seed=7)
    _build_demo(other, seed=8)

    def stats_text(path: Path) -> str:
        code, out, err = _quiet_main(["--db", str(path), "stats", *PERIOD, "--json"])
        assert code == 0, err
        return out

    assert stats_text(again) == stats_text(demo_db)
    assert json.loads(stats_text(again)) == demo_stats
    assert _rows(again, "vendor") == _rows(demo_db, "vendor")
    assert _rows(again, "sale") == _rows(demo_db, "sale")

    assert stats_text(other) != stats_text(demo_db)
    vendors_7, vendors_8 = _rows(demo_db, "vendor"), _rows(other, "vendor")
    assert len(vendors_8) == len(vendors_7) == 84
    assert vendors_8 != vendors_7


# --- demo over existing data -----------------------------------------------------------------


def test_demo_refuses_a_database_with_data(demo_copy, capsys, monkeypatch, app_data_dir):
    monkeypatch.setenv("AGROFERIA_PASSWORD", "demo-admin")
    before = _counts(demo_copy)
    vendors_before = _rows(demo_copy, "vendor")
    code = cli.main(["--db", str(demo_copy), "--user", "admin", "demo", "--seed", "8", "--until",
                     UNTIL])  # fmt: skip
    out, err = capsys.readouterr()
    assert code == 1
    assert "--replace" in err
    assert "Traceback" not in out + err
    assert _counts(demo_copy) == before
    assert _rows(demo_copy, "vendor") == vendors_before
    assert not (app_data_dir / "copias").exists()


def test_demo_replace_keeps_a_copy(demo_copy, capsys, monkeypatch, app_data_dir, tmp_path):
    monkeypatch.setenv("AGROFERIA_PASSWORD", "demo-admin")
    old_docs = _doc_numbers(demo_copy)
    code = cli.main(["--db", str(demo_copy), "--user", "admin", "demo", "--seed", "8", "--until",
                     UNTIL, "--replace"])  # fmt: skip
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "Traceback" not in out + err
    copies = list((app_data_dir / "copias").iterdir())
    assert len(copies) == 1
    backup_file = copies[0]
    assert re.fullmatch(r"[\w-]+_\d{4}-\d\d-\d\d_\d{4}_antes-de-demo\.agroferia",
                        backup_file.name)  # fmt: skip
    assert backup_file.stat().st_mode & 0o777 == 0o600
    assert str(backup_file) in out
    copy = unpacked(backup_file, tmp_path)
    # the copy holds the old data, the database the new
    conn = sqlite3.connect(copy)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
    assert _doc_numbers(copy) == old_docs
    new_docs = _doc_numbers(demo_copy)
    assert len(new_docs) == 84
    assert new_docs != old_docs
    counts = _counts(demo_copy)
    assert counts["vendor"] == 84
    assert counts["fair"] == 1
    assert counts["fair_day"] == 52


def test_demo_if_new_leaves_an_existing_database_alone(demo_copy, capsys):
    before = _counts(demo_copy)
    vendors_before = _rows(demo_copy, "vendor")
    mtime = demo_copy.stat().st_mtime_ns
    code = cli.main(["--db", str(demo_copy), "demo", "--seed", "8", "--until", UNTIL, "--if-new"])
    out, err = capsys.readouterr()
    assert code == 0
    assert "Traceback" not in out + err
    assert _counts(demo_copy) == before
    assert _rows(demo_copy, "vendor") == vendors_before
    assert demo_copy.stat().st_mtime_ns == mtime


def test_demo_if_new_creates_a_new_database(tmp_path, capsys):
    path = tmp_path / "primera-vez.db"
    code = cli.main(["--db", str(path), "demo", "--seed", "7", "--until", UNTIL, "--if-new"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "84 expositores" in out
    assert _counts(path)["vendor"] == 84


# --- bad command lines ----------------------------------------------------------------------

BAD = {
    "impossible date": (
        ["stats", "--from", "2026-02-30", "--to", "2026-03-31"],
        2,
        "«2026-02-30» no es una fecha válida",
        "“2026-02-30” is not a valid date",
    ),
    "from after to": (
        ["stats", "--from", "2026-04-01", "--to", "2026-03-01"],
        2,
        "es posterior a la final",
        "is after the end date",
    ),
    "missing --to": (
        ["stats", "--from", "2026-03-01"],
        2,
        "faltan argumentos obligatorios: --to",
        "the following arguments are required: --to",
    ),
    "bad --until": (
        ["demo", "--until", "mañana"],
        2,
        "no es una fecha válida",
        "is not a valid date",
    ),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_arguments_in_spanish(case, tmp_path, capsys):
    argv, status, spanish, _english = BAD[case]
    path = tmp_path / "nada.db"
    code = cli.main(["--db", str(path), *argv])
    out, err = capsys.readouterr()
    assert code == status
    assert spanish in err
    assert "agroferia: error:" in err
    assert "Use «agroferia --help»" in err
    assert "Traceback" not in out + err
    assert not path.exists()  # a bad command line touches nothing


@pytest.mark.parametrize("case", list(BAD))
def test_bad_arguments_in_english(case, tmp_path, capsys):
    argv, status, _spanish, english = BAD[case]
    path = tmp_path / "nada.db"
    code = cli.main(["--lang", "en", "--db", str(path), *argv])
    out, err = capsys.readouterr()
    assert code == status
    assert english in err
    assert "Use “agroferia --help”" in err
    assert "no es una fecha" not in err
    assert "Traceback" not in out + err
    assert not path.exists()


def test_unknown_fair(demo_db, capsys):
    code = cli.main(["--db", str(demo_db), "stats", *PERIOD, "--fair", "Feria de Marte"])
    out, err = capsys.readouterr()
    assert code == 1
    assert "No existe una feria llamada «Feria de Marte»" in err
    assert "Traceback" not in out + err
    assert out == ""


def test_unknown_fair_in_english(demo_db, capsys):
    code = cli.main(
        ["--lang", "en", "--db", str(demo_db), "stats", *PERIOD, "--fair", "Feria de Marte"]
    )
    out, err = capsys.readouterr()
    assert code == 1
    assert "There is no fair named “Feria de Marte”" in err
    assert "Traceback" not in out + err


def test_known_fair_by_name_ignores_case_and_accents(demo_db, demo_stats, capsys):
    argv = ["--db", str(demo_db), "stats", *PERIOD, "--json"]
    code = cli.main([*argv, "--fair", "agroferia campesina de magdalena"])
    out, err = capsys.readouterr()
    assert code == 0, err
    result = json.loads(out)
    assert result["fair"] == "Agroferia Campesina de Magdalena"
    assert result["sales"]["total"] == demo_stats["sales"]["total"]


def test_unknown_language_is_a_usage_error(capsys):
    code = cli.main(["--lang", "qu", "stats", "--from", "2026-01-01", "--to", "2026-01-31"])
    out, err = capsys.readouterr()
    assert code == 2
    assert "--lang" in err
    assert "Traceback" not in out + err


def test_stats_on_a_database_from_a_newer_version(demo_copy, capsys):
    conn = sqlite3.connect(demo_copy)
    with conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    conn.close()
    before = demo_copy.read_bytes()
    code = cli.main(["--db", str(demo_copy), "stats", *PERIOD, "--json"])
    out, err = capsys.readouterr()
    assert code == 1
    assert out == ""
    assert "versión más reciente" in err
    assert str(demo_copy) in err
    assert "Traceback" not in err
    assert demo_copy.read_bytes() == before


def test_stats_on_a_file_that_is_not_a_database(tmp_path, capsys):
    path = tmp_path / "ventas.db"
    path.write_text("fecha,monto\n2026-03-01,120.50\n", encoding="utf-8")
    code = cli.main(["--db", str(path), "stats", *PERIOD])
    out, err = capsys.readouterr()
    assert code == 1
    assert "no es una base de datos (no es un archivo de SQLite" in err
    assert "Traceback" not in out + err
    assert path.read_text(encoding="utf-8") == "fecha,monto\n2026-03-01,120.50\n"


def test_stats_upgrades_an_old_database_and_says_where_the_copy_is(tmp_path, capsys):
    from agroferia.core.db import head_revision, make_engine, upgrade

    path = tmp_path / "antigua.db"
    engine = make_engine(str(path))
    upgrade(engine, "0001")
    engine.dispose()
    code = cli.main(["--db", str(path), "stats", *PERIOD, "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert json.loads(out)["fair_days"] == 0
    copies = list(tmp_path.glob("*.bak"))
    assert len(copies) == 1
    assert "Se guardó una copia antes de actualizar" in err
    assert str(copies[0]) in err
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (
            head_revision(),
        )
    finally:
        conn.close()


# --- stats as text --------------------------------------------------------------------------


def test_stats_text_summary(demo_db, demo_stats, capsys):
    code = cli.main(["--db", str(demo_db), "stats", *PERIOD])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "Jornadas realizadas: 52" in out
    assert "Expositores presentes: 84" in out
    assert len(SOLES.findall(out)) >= 5
    total = Decimal(demo_stats["sales"]["total"])
    assert f"S/ {total:,.2f}" in out
    assert "No hubo actividad" not in out
    with pytest.raises(json.JSONDecodeError):
        json.loads(out)


def test_stats_text_for_an_empty_period(demo_db, capsys):
    code = cli.main(["--db", str(demo_db), "stats", "--from", "2020-01-01", "--to", "2020-01-31"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "No hubo actividad" in out
    assert "Jornadas realizadas: 0" in out
    assert "S/ 0.00" in out


def test_stats_text_in_english(demo_db, capsys):
    code = cli.main(["--lang", "en", "--db", str(demo_db), "stats", *PERIOD])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "Fair days held: 52" in out
    assert "Jornadas realizadas" not in out


# --- the module entry point -----------------------------------------------------------------


def _run_module(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "agroferia", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )


def test_module_version(tmp_path):
    done = _run_module(["--version"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"agroferia {__version__}"
    assert "Traceback" not in done.stderr


def test_module_stats_json(demo_db, demo_stats, tmp_path):
    done = _run_module(["--db", str(demo_db), "stats", *PERIOD, "--json"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert json.loads(done.stdout) == demo_stats


def test_a_reader_that_stops_early_gets_no_error_message(demo_db, tmp_path):
    """``agroferia stats --json | head -1``: the pipe closes early; no message about a file
    named None, no traceback."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    process = subprocess.Popen(
        [sys.executable, "-m", "agroferia", "--db", str(demo_db), "stats", *PERIOD, "--json"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert process.stdout.readline().strip() == b"{"
    process.stdout.close()  # as head does once it has its line
    _out, err = process.communicate(timeout=60)
    assert err.decode() == ""  # the old code said "no se pudo usar el archivo None"
