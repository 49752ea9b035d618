"""Opening databases: creation at head, pragmas, migrate-on-open with a backup, refusals."""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select

from agroferia import config
from agroferia.core.db import (
    current_revision,
    head_revision,
    make_engine,
    open_database,
    upgrade,
)
from agroferia.core.errors import DatabaseError, DatabaseTooNewError
from agroferia.core.models import Category, Vendor
from tests.expected import SEEDED_CATEGORIES


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _fingerprint(path: Path) -> tuple[str, int, int]:
    st = path.stat()
    return _sha256(path), st.st_mtime_ns, st.st_size


def _siblings(path: Path) -> set[str]:
    return {p.name for p in path.parent.iterdir()}


def _pragma(db, name: str):
    with db.engine.connect() as conn:
        return conn.exec_driver_sql(f"PRAGMA {name}").scalar()


# --- a fresh database ---------------------------------------------------------------------


def test_fresh_database_is_created_at_head(tmp_path):
    path = tmp_path / "nueva" / "agroferia.db"  # the folder does not exist yet
    db = open_database(path)
    try:
        assert path.is_file()
        assert current_revision(db.engine) == head_revision()
        assert db.backup_path is None
        assert db.location == str(path)
        with db.Session() as s:
            assert set(s.scalars(select(Category.name))) == set(SEEDED_CATEGORIES)
    finally:
        db.close()


def test_fresh_database_pragmas(tmp_path):
    db = open_database(tmp_path / "agroferia.db")
    try:
        assert _pragma(db, "foreign_keys") == 1
        assert str(_pragma(db, "journal_mode")).lower() == "wal"
        assert _pragma(db, "busy_timeout") > 0
    finally:
        db.close()


def test_foreign_keys_are_enforced(tmp_path):
    """The pragma is not only reported but in force: a fair day of no fair is refused."""
    import sqlalchemy.exc

    db = open_database(tmp_path / "agroferia.db")
    try:
        with pytest.raises(sqlalchemy.exc.IntegrityError), db.engine.begin() as conn:
            conn.exec_driver_sql("INSERT INTO fair_day (fair_id, date) VALUES (999, '2026-01-04')")
    finally:
        db.close()


def test_opening_twice_takes_no_backup(tmp_path):
    path = tmp_path / "agroferia.db"
    open_database(path).close()
    before = _siblings(path)
    db = open_database(path)
    try:
        assert db.backup_path is None
        assert current_revision(db.engine) == head_revision()
    finally:
        db.close()
    assert not {n for n in _siblings(path) - before if n.endswith(".bak")}


# --- upgrading from the previous revision --------------------------------------------------


def _database_at_0001(path: Path) -> None:
    engine = make_engine(str(path))
    try:
        upgrade(engine, "0001")
        with engine.begin() as conn:
            conn.exec_driver_sql(
                "INSERT INTO fair (id, name, district, weekday, active, created_at) "
                "VALUES (1, 'Feria de Prueba', 'Magdalena del Mar', 6, 1, "
                "'2025-03-02 14:00:00.000000')"
            )
            # the same name as one of 0002's rubros, and one the migration does not know
            conn.exec_driver_sql(
                "INSERT INTO category (id, name, description, active) "
                "VALUES (1, 'Artesanía', 'tejidos de alpaca', 1)"
            )
            conn.exec_driver_sql(
                "INSERT INTO category (id, name, description, active) "
                "VALUES (2, 'Plantas ornamentales', NULL, 1)"
            )
            conn.exec_driver_sql(
                "INSERT INTO vendor (id, code, fair_id, given_names, surnames, doc_type, "
                "doc_number, sex, birth_date, region, main_category_id, sgp_certified, status, "
                "registered_on, search_key, created_at, updated_at) VALUES (1, 'EXP-0001', 1, "
                "'Rufina', 'Quispe Mamani', 'DNI', '45678912', 'F', '1990-07-15', 'Cusco', 1, 0, "
                "'active', '2025-03-02', 'rufina quispe mamani 45678912', "
                "'2025-03-02 14:00:00.000000', '2025-03-02 14:00:00.000000')"
            )
            conn.exec_driver_sql("INSERT INTO setting (key, value) VALUES ('youth_max_age', '30')")
        assert current_revision(engine) == "0001"
    finally:
        engine.dispose()


def test_upgrade_from_0001_keeps_data_and_backs_up_first(tmp_path):
    path = tmp_path / "agroferia.db"
    _database_at_0001(path)
    before = _sha256(path)

    db = open_database(path)
    try:
        assert current_revision(db.engine) == head_revision()
        with db.Session() as s:
            vendor = s.get(Vendor, 1)
            assert vendor is not None
            assert (vendor.given_names, vendor.surnames, vendor.doc_number) == (
                "Rufina",
                "Quispe Mamani",
                "45678912",
            )
            assert vendor.birth_date.isoformat() == "1990-07-15"
            assert vendor.main_category.name == "Artesanía"
            # its fair became its one membership, with the vendor's status and date
            [member] = vendor.memberships
            assert (member.fair.name, member.stall, member.status, member.registered_on) == (
                "Feria de Prueba",
                None,
                "active",
                dt.date(2025, 3, 2),
            )
            names = set(s.scalars(select(Category.name)))
            assert names == set(SEEDED_CATEGORIES) | {"Plantas ornamentales"}
            # the existing rubro is kept as it was, not duplicated or overwritten
            artesania = s.scalars(select(Category).where(Category.name == "Artesanía")).one()
            assert (artesania.id, artesania.description) == (1, "tejidos de alpaca")
        with db.engine.connect() as conn:
            settings = dict(conn.exec_driver_sql("SELECT key, value FROM setting").all())
        assert settings["youth_max_age"] == "30"  # the user's value survives the seed
        assert settings["currency"] == "PEN"  # and the missing defaults were added
    finally:
        db.close()

    backup = db.backup_path
    assert backup is not None
    assert backup.is_file()
    assert backup.parent == path.parent
    assert backup != path
    with sqlite3.connect(backup) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [("0001",)]
        assert conn.execute("SELECT doc_number FROM vendor").fetchall() == [("45678912",)]
        assert conn.execute("SELECT count(*) FROM category").fetchone()[0] == 2
    conn.close()
    # the backup is the database as it was before the upgrade
    assert before != _sha256(path)


# --- refusals: nothing is written -----------------------------------------------------------


@pytest.fixture
def future_db(tmp_path) -> Path:
    path = tmp_path / "futura.db"
    open_database(path).close()
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    conn.close()
    for suffix in ("-wal", "-shm"):
        assert not Path(f"{path}{suffix}").exists()
    return path


def test_database_from_a_newer_version_is_refused(future_db):
    before = _fingerprint(future_db)
    with pytest.raises(DatabaseTooNewError) as info:
        open_database(future_db)
    message = str(info.value)
    assert str(future_db) in message
    assert "9999_future" in message
    assert info.value.revision == "9999_future"
    assert _fingerprint(future_db) == before
    with sqlite3.connect(f"{future_db.as_uri()}?mode=ro", uri=True) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (
            "9999_future",
        )
    conn.close()
    assert not list(future_db.parent.glob("*.bak"))


def test_database_from_a_newer_version_leaves_no_wal_file(future_db):
    before = _siblings(future_db)
    with pytest.raises(DatabaseTooNewError):
        open_database(future_db)
    assert _siblings(future_db) == before
    assert not Path(f"{future_db}-wal").exists()


def test_non_sqlite_file_is_refused_and_untouched(tmp_path):
    path = tmp_path / "notas.db"
    path.write_bytes(b"Lista de expositores\nRufina Quispe, Artesania\n" * 20)
    before = _fingerprint(path)
    names = _siblings(path)
    with pytest.raises(DatabaseError) as info:
        open_database(path)
    assert not isinstance(info.value, DatabaseTooNewError)
    message = str(info.value)
    assert str(path) in message
    assert "no es una base de datos (no es un archivo de SQLite" in message
    assert "agroferia restore" in message
    assert "Traceback" not in message
    assert _fingerprint(path) == before
    assert _siblings(path) == names


def test_unrelated_sqlite_database_is_refused(tmp_path):
    path = tmp_path / "otra.db"
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("CREATE TABLE clientes (id INTEGER PRIMARY KEY, nombre TEXT)")
        conn.execute("INSERT INTO clientes (nombre) VALUES ('Juana')")
    conn.close()
    before = _fingerprint(path)
    with pytest.raises(DatabaseError) as info:
        open_database(path)
    assert not isinstance(info.value, DatabaseTooNewError)
    assert "no es una base de datos de Agroferia" in str(info.value)
    assert str(path) in str(info.value)
    assert _fingerprint(path) == before
    conn = sqlite3.connect(path)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    conn.close()
    assert tables == {"clientes"}


def test_a_folder_is_refused(tmp_path):
    with pytest.raises(DatabaseError, match="carpeta"):
        open_database(tmp_path)


# --- where the database is ------------------------------------------------------------------


def test_resolve_db_prefers_the_command_line(monkeypatch, tmp_path):
    monkeypatch.setenv(config.DB_ENV_VAR, str(tmp_path / "entorno.db"))
    assert config.resolve_db(str(tmp_path / "linea.db")) == str(tmp_path / "linea.db")


def test_resolve_db_uses_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("AGROFERIA_DB", str(tmp_path / "entorno.db"))
    assert config.resolve_db(None) == str(tmp_path / "entorno.db")


def test_resolve_db_default(monkeypatch):
    monkeypatch.delenv("AGROFERIA_DB", raising=False)
    value = config.resolve_db(None)
    assert value.endswith("agroferia.db")
    assert Path(value).is_absolute()
    assert Path(value) == config.default_db_path()


def test_resolve_db_expands_home_and_keeps_urls(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("AGROFERIA_DB", raising=False)
    assert config.resolve_db("~/ferias/a.db") == str(tmp_path / "ferias" / "a.db")
    url = "postgresql://feria@localhost/agroferia"
    assert config.resolve_db(url) == url
    monkeypatch.setenv("AGROFERIA_DB", url)
    assert config.resolve_db(None) == url


def test_environment_variable_reaches_the_command_line(monkeypatch, tmp_path, capsys):
    from agroferia import cli

    path = tmp_path / "por-entorno.db"
    monkeypatch.setenv("AGROFERIA_DB", str(path))
    # a command that reads refuses a database that does not exist, and creates nothing
    assert cli.main(["stats", "--from", "2026-01-01", "--to", "2026-01-31"]) == 1
    assert "No existe la base de datos" in capsys.readouterr().err
    assert not path.exists()
    assert cli.main(["demo", "--until", "2026-01-31"]) == 0
    assert cli.main(["stats", "--from", "2026-01-01", "--to", "2026-01-31", "--json"]) == 0
    assert '"fair_days": 4' in capsys.readouterr().out  # the four Sundays of January 2026
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (
            head_revision(),
        )
    conn.close()
