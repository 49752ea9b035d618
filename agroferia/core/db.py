"""Opening a database: SQLite pragmas, schema version checks and migrate-on-open.

``open_database(target)`` takes a file path or an SQLAlchemy URL.  Before anything is
written it reads the schema revision; a database from a newer version of the app is refused
and left untouched, and an older one is copied next to itself before it is upgraded.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import URL, Engine, create_engine, event, inspect
from sqlalchemy.orm import Session, sessionmaker

from agroferia.config import data_dir, is_url, migrations_dir
from agroferia.core.errors import DatabaseError, DatabaseTooNewError
from agroferia.core.files import narrow_file, private_file, private_folder
from agroferia.core.models import utcnow
from agroferia.i18n import lazy

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 5000


@dataclass
class Database:
    """An open database: the engine, a session factory, and where it lives."""

    engine: Engine
    Session: sessionmaker[Session]
    location: str
    backup_path: Path | None = None  # the copy taken before the last upgrade, if any

    def close(self) -> None:
        self.engine.dispose()


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    return cfg


def script_directory() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    head = script_directory().get_current_head()
    assert head is not None
    return head


def _set_sqlite_pragmas(dbapi_conn, _record) -> None:
    # Let SQLAlchemy, not the driver, decide where transactions begin, so that schema
    # changes are transactional too (the driver would commit before each CREATE/ALTER).
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def make_engine(target: str) -> Engine:
    """An engine whose errors never show the values of a statement (names, documents,
    phones): what an error says may reach the log file or a report sent to support."""
    if is_url(target):
        return create_engine(target, pool_pre_ping=True, hide_parameters=True)
    # the path as given, never parsed as a URL (a '?' or '%20' in a folder name stays as it is)
    engine = create_engine(URL.create("sqlite", database=target), hide_parameters=True)
    event.listen(engine, "connect", _set_sqlite_pragmas)
    event.listen(engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN"))
    return engine


def _read_only_uri(path: Path) -> str:
    """A URI that reads without leaving anything behind.

    A read-only connection to a WAL database creates ``-wal``/``-shm`` files that it cannot
    remove; with no ``-wal`` file there is nothing uncommitted, so the file can be opened as
    immutable instead.  When another process has it open, its ``-wal`` exists already.
    """
    uri = f"{path.resolve().as_uri()}?mode=ro"
    return uri if Path(f"{path}-wal").exists() else uri + "&immutable=1"


def _sqlite_revision(path: Path) -> tuple[bool, str | None]:
    """(has any table, alembic revision or None), read without writing to the file."""
    try:
        conn = sqlite3.connect(_read_only_uri(path), uri=True)
    except sqlite3.Error as exc:
        raise DatabaseError(
            lazy("No se puede abrir la base de datos {path}: {error}", path=path, error=exc)
        ) from exc
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "alembic_version" not in tables:
            return bool(tables), None
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        return True, row[0] if row else None
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(
            lazy("{path} no es una base de datos de Agroferia: {error}", path=path, error=exc)
        ) from exc
    finally:
        conn.close()


def backup_sqlite(path: Path, dest: Path) -> Path:
    """A consistent copy of a live SQLite database (the online backup API, WAL included).

    The copy is 0600 whatever the database's mode (one the person made 0600 is never copied
    into a file others may read), and so is its journal while it is written."""
    private_folder(dest.parent)
    private_file(dest)
    narrow_file(dest)
    src = sqlite3.connect(_read_only_uri(path), uri=True)
    try:
        out = sqlite3.connect(dest)
        try:
            src.backup(out)
        finally:
            out.close()
    finally:
        src.close()
    return dest


def _check_revision(location: str, revision: str | None, has_tables: bool) -> bool:
    """True when an upgrade is needed. Raises when the database must not be touched."""
    if revision is None:
        if has_tables:
            raise DatabaseError(lazy("{path} no es una base de datos de Agroferia.", path=location))
        return True
    known = {rev.revision for rev in script_directory().walk_revisions()}
    if revision not in known:
        raise DatabaseTooNewError(location, revision)
    return revision != head_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        from alembic import command

        command.upgrade(cfg, revision)


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def open_database(target: str | Path, *, migrate: bool = True, create: bool = True) -> Database:
    """Open (creating it if ``create``) and bring to the current schema."""
    target = str(target)
    if not create and not is_url(target) and not Path(target).exists():
        raise DatabaseError(
            lazy(
                "No existe la base de datos {path}. Revise la ruta (--db o AGROFERIA_DB).",
                path=target,
            )
        )
    backup: Path | None = None
    if is_url(target):
        engine = make_engine(target)
        with engine.connect() as conn:
            tables = set(inspect(conn).get_table_names())
        revision = current_revision(engine) if "alembic_version" in tables else None
        needs_upgrade = _check_revision(target, revision, bool(tables - {"alembic_version"}))
    else:
        path = Path(target)
        if path.is_dir():
            raise DatabaseError(lazy("{path} es una carpeta, no un archivo.", path=path))
        # the app's own data folder is made (or narrowed to) 0700; another one is only
        # created so, when missing
        private_folder(path.parent, tighten=path.parent.resolve() == data_dir().resolve())
        private_file(path)  # a new database is 0600, and SQLite gives its -wal/-shm its mode
        revision, has_tables = None, False
        if path.exists() and path.stat().st_size > 0:
            has_tables, revision = _sqlite_revision(path)
        needs_upgrade = _check_revision(target, revision, has_tables)
        if needs_upgrade and revision is not None and migrate:
            stamp = utcnow().strftime("%Y%m%d-%H%M%S")
            backup = backup_sqlite(path, path.with_name(f"{path.stem}.{revision}.{stamp}.bak"))
            log.info("copied %s to %s before upgrading from %s", path, backup, revision)
        engine = make_engine(target)
    if needs_upgrade and migrate:
        upgrade(engine)
    return Database(
        engine=engine,
        Session=sessionmaker(engine, expire_on_commit=False),
        location=target,
        backup_path=backup,
    )
