"""``agroferia demo --replace``: a copy first, the audit trail kept, real data refused
without ``--discard-real-data``."""

from __future__ import annotations

import contextlib
import io
import re
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import func, select

from agroferia import cli
from agroferia.core import sales
from agroferia.core.db import open_database
from agroferia.core.models import FairDay, Vendor
from tests.backups import unpacked
from tests.conftest import DEMO_UNTIL

# the copy of an SQLite file taken first (a server's: tests/cli/test_server_lifecycle_cli.py)
pytestmark = pytest.mark.sqlite_only

UNTIL = DEMO_UNTIL.isoformat()
REPLACE = ["demo", "--seed", "5", "--until", UNTIL, "--replace"]


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(argv)
    return code, out.getvalue(), err.getvalue()


def query(path: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def files(path: Path) -> dict[str, bytes]:
    """The database and any journal beside it, byte for byte."""
    return {p.name: p.read_bytes() for p in path.parent.glob(path.name + "*")}


@pytest.fixture
def demo(demo_template, copy_database) -> Path:
    return copy_database(demo_template, "feria.db")


def type_a_sale(path: Path) -> None:
    db = open_database(path)
    try:
        with db.Session.begin() as s:
            vendor = s.scalar(select(func.min(Vendor.id)))
            day = s.scalar(select(func.max(FairDay.id)))
            sales.record_sale(s, "rosa", day, vendor, "37.40", today=DEMO_UNTIL)
    finally:
        db.close()


def test_replace_keeps_the_trail_and_a_private_copy_of_the_old_data(demo, app_data_dir):
    old_trail = query(demo, "SELECT * FROM audit_log ORDER BY id")
    old_vendors = query(demo, "SELECT doc_number FROM vendor ORDER BY id")
    code, out, err = run(["--db", str(demo), *REPLACE])
    assert code == 0, err
    assert "Traceback" not in out + err
    trail = query(demo, "SELECT * FROM audit_log ORDER BY id")
    assert trail[: len(old_trail)] == old_trail and len(trail) > len(old_trail)
    assert query(demo, "SELECT actor, action FROM audit_log WHERE entity = 'demo'") == [
        ("system", "replace")
    ]
    assert query(demo, "SELECT doc_number FROM vendor ORDER BY id") != old_vendors

    (backup_file,) = (app_data_dir / "copias").iterdir()
    assert re.fullmatch(r"\w[\w-]*_\d{4}-\d\d-\d\d_\d{4}_antes-de-demo\.agroferia",
                        backup_file.name)  # fmt: skip
    assert backup_file.stat().st_mode & 0o777 == 0o600
    assert f"Copia de los datos anteriores: {backup_file}" in out
    copy = unpacked(backup_file, demo.parent)
    assert query(copy, "PRAGMA integrity_check") == [("ok",)]
    assert query(copy, "SELECT doc_number FROM vendor ORDER BY id") == old_vendors
    assert query(copy, "SELECT * FROM audit_log ORDER BY id") == old_trail
    assert (
        str(backup_file) in query(demo, "SELECT before FROM audit_log WHERE entity = 'demo'")[0][0]
    )


def test_a_database_with_real_sales_is_refused_without_the_flag(demo, app_data_dir):
    type_a_sale(demo)
    before = files(demo)
    code, out, err = run(["--db", str(demo), *REPLACE])
    assert code == 1
    assert "datos reales" in err and "--discard-real-data" in err
    assert "Traceback" not in out + err
    assert files(demo) == before  # not a byte written
    assert not (app_data_dir / "copias").exists()  # nor a copy made

    code, out, err = run(["--db", str(demo), *REPLACE, "--discard-real-data"])
    assert code == 0, err
    (backup_file,) = (app_data_dir / "copias").iterdir()
    copy = unpacked(backup_file, demo.parent)
    typed = "SELECT amount_cents, entered_by FROM sale WHERE entered_by = 'rosa'"
    assert query(copy, typed) == [(3740, "rosa")]  # the typed sale is in the copy
    assert query(demo, typed) == []
    # its history stays readable in the database
    assert query(demo, "SELECT actor FROM audit_log WHERE entity = 'sale'") == [("rosa",)]


def test_the_flag_goes_with_replace(demo):
    before = files(demo)
    code, _out, err = run(["--db", str(demo), "demo", "--discard-real-data"])
    assert code == 2 and "--replace" in err
    assert files(demo) == before


def test_a_database_given_by_url_is_replaced_only_with_the_flag(demo, app_data_dir):
    url = f"sqlite:///{demo}"
    before = files(demo)
    code, out, err = run(["--db", url, *REPLACE])
    assert code == 1
    assert "URL" in err and "--discard-real-data" in err
    assert "Traceback" not in out + err
    assert files(demo) == before

    code, out, err = run(["--db", url, *REPLACE, "--discard-real-data"])
    assert code == 0, err
    assert "sin copia" in err
    assert not (app_data_dir / "copias").exists()
    assert query(demo, "SELECT count(*) FROM audit_log WHERE entity = 'demo'") == [(1,)]


def test_english(demo):
    type_a_sale(demo)
    code, _out, err = run(["--db", str(demo), "--lang", "en", *REPLACE])
    assert code == 1
    assert "real data" in err and "--discard-real-data" in err
