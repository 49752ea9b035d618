"""Opening databases in awkward places, failing migrations, and the sale→attendance trigger."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3

import pytest
from sqlalchemy import text

from agroferia.core import db as dbmod
from agroferia.core import fairs, stats, summaries, vendors
from agroferia.core.db import make_engine, open_database, upgrade


def test_a_path_with_url_characters_is_opened_as_written(tmp_path):
    folder = tmp_path / "feria?2 %20"
    path = folder / "datos.db"
    database = open_database(path)
    database.close()
    assert path.is_file()
    assert sorted(p.name for p in folder.iterdir()) == ["datos.db"]
    assert not (tmp_path / "feria").exists()


@pytest.mark.sqlite_only  # an SQLite file left as it was
def test_a_failing_migration_changes_nothing(tmp_path, monkeypatch, db_path):
    scripts = tmp_path / "migrations"
    shutil.copytree(dbmod.migrations_dir(), scripts)
    head = dbmod.head_revision()
    (scripts / "versions" / "9000_broken.py").write_text(
        f'''
import sqlalchemy as sa
from alembic import op

revision = "9000"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table("half", sa.Column("id", sa.Integer, primary_key=True))
    op.execute("UPDATE setting SET value = 'changed' WHERE key = 'language'")
    raise RuntimeError("this migration fails half-way")
''',
        encoding="utf-8",
    )
    monkeypatch.setattr(dbmod, "migrations_dir", lambda: scripts)
    monkeypatch.setattr(dbmod, "HEAD_REVISION", "9000")
    with pytest.raises(RuntimeError, match="half-way"):
        open_database(db_path)
    with sqlite3.connect(db_path) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        language = conn.execute("SELECT value FROM setting WHERE key='language'").fetchone()
        version = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    conn.close()
    assert "half" not in tables
    assert language == ("es",)
    assert version == (head,)


def _vendor_and_day(session):
    fair = fairs.create_fair(session, "t", name="Feria")
    vendor = vendors.register(
        session,
        "t",
        {"given_names": "Ana", "surnames": "Quispe", "doc_number": "12345678",
         "main_category": "Gastronomía", "registered_on": dt.date(2026, 6, 1)},
    )  # fmt: skip
    day = fairs.add_fair_day(session, "t", fair.id, date=dt.date(2026, 3, 1))
    return fair, vendor, day


def test_a_sale_written_by_hand_still_counts_as_attendance(db):
    """Attendance at once (the database's trigger); the sales figures once the summary is
    rebuilt, which its check asks for."""
    with db.Session.begin() as s:
        _, vendor, day = _vendor_and_day(s)
        category = vendor.main_category_id
    with db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO sale (fair_day_id, vendor_id, category_id, amount_cents,"
                " payment_method, entered_by, entered_at)"
                " VALUES (:d, :v, :c, 1250, 'cash', 'sql', '2026-03-01 12:00:00')"
            ),
            {"d": day.id, "v": vendor.id, "c": category},
        )
    with db.Session() as s:
        result = stats.compute(s, dt.date(2026, 3, 1), dt.date(2026, 3, 31))
        assert not summaries.check(s).current
    assert result.vendors.present == 1
    with db.Session.begin() as s:
        summaries.rebuild_by(s, "ana")
    with db.Session() as s:
        result = stats.compute(s, dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    assert result.sales.total == 1250
    # registered in June, present in March: counted as registered all the same
    assert result.vendors.registered >= result.vendors.present == 1


def test_upgrade_backfills_attendance_of_older_sales(tmp_path):
    path = tmp_path / "old.db"
    engine = make_engine(str(path))
    upgrade(engine, "0002")
    with engine.begin() as conn:
        conn.execute(
            text("INSERT INTO fair (id, name, active, created_at) VALUES (1, 'F', 1, '2026-01-01')")
        )
        conn.execute(text("INSERT INTO fair_day (id, fair_id, date) VALUES (1, 1, '2026-03-01')"))
        conn.execute(
            text(
                "INSERT INTO vendor (id, code, given_names, surnames, doc_type, doc_number, sex,"
                " main_category_id, sgp_certified, status, registered_on, search_key, created_at,"
                " updated_at) VALUES (1, 'EXP-0001', 'Ana', 'Quispe', 'DNI', '12345678', 'F',"
                " 1, 0, 'active', '2026-01-01', 'ANA', '2026-01-01', '2026-01-01')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO sale (fair_day_id, vendor_id, category_id, amount_cents,"
                " payment_method, entered_by, entered_at)"
                " VALUES (1, 1, 1, 500, 'cash', 'old', '2026-03-01')"
            )
        )
    engine.dispose()
    database = open_database(path)
    with database.engine.connect() as conn:
        assert conn.scalar(text("SELECT count(*) FROM attendance")) == 1
    database.close()


@pytest.mark.sqlite_only  # another program holding an SQLite file's lock
def test_a_locked_database_gives_a_message_not_a_traceback(db_path, capsys):
    from agroferia import cli

    blocker = sqlite3.connect(db_path, timeout=0)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        dbmod.BUSY_TIMEOUT_MS, saved = 200, dbmod.BUSY_TIMEOUT_MS
        code = cli.main(["--db", str(db_path), "demo", "--until", "2026-11-24"])
    finally:
        dbmod.BUSY_TIMEOUT_MS = saved
        blocker.rollback()
        blocker.close()
    err = capsys.readouterr().err
    assert code == 1
    assert "la base de datos está ocupada" in err
    assert "Traceback" not in err
