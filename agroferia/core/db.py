"""Opening a database: SQLite pragmas, schema version checks and migrate-on-open.

``open_database(target)`` takes a file path or an SQLAlchemy URL.  Before anything is
written it reads the schema revision; a database from a newer version of the app is refused
and left untouched, and an older one is copied next to itself before it is upgraded.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import URL, Engine, create_engine, event
from sqlalchemy.engine import ExceptionContext
from sqlalchemy.orm import Session, SessionTransactionOrigin, sessionmaker
from sqlalchemy.pool import QueuePool

from agroferia.config import data_dir, is_url, migrations_dir
from agroferia.core import summaries
from agroferia.core.db_files import (
    FileState,
    check_copy,
    inspect_file,
    read_only_uri,
    writable_place,
)
from agroferia.core.errors import (
    DatabaseError,
    DatabaseTooNewError,
    ReadOnlyDatabaseError,
    explain,
)
from agroferia.core.files import private_file, private_folder, replacing
from agroferia.core.models import utcnow
from agroferia.core.network import connection, system_keyring, urls
from agroferia.core.schema_head import HEAD_REVISION
from agroferia.i18n import lazy

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 5000
# an execution option: the transaction writes, so it takes SQLite's write lock when it
# begins (``BEGIN IMMEDIATE``), where SQLite waits for another writer up to the busy
# timeout; a transaction that took it late, after reading, could only fail at once
WRITES = "agroferia_writes"


class _Session(Session):
    """A session whose explicit transactions write: ``with db.Session.begin()`` (or
    ``session.begin()``) begins with SQLite's write lock; one that began by itself, on a
    first query, only reads and never holds a lock that keeps others from writing."""

    def __init__(self, *args, writer: Engine | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._writer = writer

    def get_bind(self, mapper=None, **kwargs):  # type: ignore[no-untyped-def, override]
        bind = super().get_bind(mapper, **kwargs)
        transaction = self.get_transaction()
        if (
            self._writer is not None
            and bind is self.bind
            and transaction is not None
            and transaction.origin is SessionTransactionOrigin.BEGIN
        ):
            return self._writer
        return bind


summaries.keep_current(_Session)


@dataclass
class Database:
    """An open database: the engine, a session factory, and where it lives."""

    engine: Engine
    Session: sessionmaker[Session]
    location: str
    backup_path: Path | None = None  # the copy taken before the last upgrade, if any
    uncopied_upgrade: bool = False  # a server's database upgraded without a copy (no pg_dump)
    read_only: bool = False  # opened read-only (to read only, or its place cannot be written)
    writable_place: bool = True  # its file and folder can be written

    def close(self) -> None:
        """Closes every connection; a writable SQLite file is checkpointed first, so that
        the file alone (without its ``-wal``) holds everything and may be copied."""
        if not self.read_only and self.engine.dialect.name == "sqlite":
            try:
                with self.engine.connect() as conn:
                    conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            except Exception:  # closing goes on; SQLite checkpoints when it can
                log.warning("could not checkpoint %s on closing", self.location, exc_info=True)
        self.engine.dispose()

    def recording(self) -> AbstractContextManager[Session]:
        """A session whose changes are committed when the database's place can be written
        (even when it was opened to read only), and left unwritten when it cannot (signing
        in to such a database records neither a wrong password nor the time: anyone who can
        read the file could copy it anyway)."""
        if not self.read_only:
            return self.Session.begin()
        if not self.writable_place or is_url(self.location):
            return self.Session()
        return _writing_once(self.location)


@contextmanager
def _writing_once(location: str) -> Iterator[Session]:
    """One writing transaction on a database opened to read only."""
    engine = make_engine(location)
    try:
        with sessions(engine).begin() as session:
            yield session
    finally:
        engine.dispose()


def sessions(engine: Engine) -> sessionmaker[Session]:
    """The session factory of ``engine``: explicit transactions write (``WRITES``)."""
    writer = engine.execution_options(**{WRITES: True})
    return sessionmaker(engine, class_=_Session, expire_on_commit=False, writer=writer)


def alembic_config() -> Config:
    from alembic.config import Config  # alembic is loaded only when a migration is needed

    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    return cfg


def script_directory() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    """Alembic's head, read from the migration scripts (``HEAD_REVISION`` is its copy)."""
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


def _set_reading_pragmas(dbapi_conn, _record) -> None:
    """A read-only connection: none of the pragmas that write the file."""
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA query_only=ON")
    cur.close()


_read_only_uri = read_only_uri  # its former name


def _begin(conn) -> None:
    writes = conn.get_execution_options().get(WRITES, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")


def make_engine(target: str, *, read_only: bool = False) -> Engine:
    """An engine whose errors never show the values of a statement (names, documents,
    phones): what an error says may reach the log file or a report sent to support.

    For an SQLite file, a transaction run with the ``WRITES`` execution option (every
    ``Session.begin()`` of ``sessions``) begins with ``BEGIN IMMEDIATE``; ``read_only``
    opens the file with ``mode=ro`` and changes nothing in it (not even its journal mode).
    """
    if is_url(target):
        return _server_engine(target)
    if read_only:
        uri = read_only_uri(Path(target))
        engine = create_engine(
            "sqlite://",
            creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False),
            poolclass=QueuePool,
            hide_parameters=True,
        )
        event.listen(engine, "connect", _set_reading_pragmas)
        event.listen(engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN"))
        return engine
    # the path as given, never parsed as a URL (a '?' or '%20' in a folder name stays as it is)
    engine = create_engine(URL.create("sqlite", database=target), hide_parameters=True)
    event.listen(engine, "connect", _set_sqlite_pragmas)
    event.listen(engine, "begin", _begin)
    return engine


def _server_engine(target: str) -> Engine:
    """An engine for a database URL (``urls.normalize``): a PostgreSQL server through
    psycopg 3, its password from the URL, ``PGPASSWORD``, the system keyring or
    ``~/.pgpass``, whose failures to connect are raised as ``ConnectionFailedError`` (plain
    words, no password); or an SQLite URL."""
    url = urls.normalize(target)
    if url.get_backend_name() != "postgresql":
        return create_engine(url, pool_pre_ping=True, hide_parameters=True)
    urls.check_driver()
    kept = system_keyring.from_keyring(url)  # else libpq reads PGPASSWORD or ~/.pgpass itself
    if kept is not None:
        url = url.set(password=kept)
    engine = create_engine(url, pool_pre_ping=True, hide_parameters=True)
    event.listen(engine, "handle_error", _connection_failed)
    return engine


def _connection_failed(context: ExceptionContext) -> None:
    """A failure to connect (or to connect again after a dead connection was found)
    raised in plain words; any other error is left as it is."""
    if context.is_pre_ping or context.engine is None:
        return
    failed = connection.failure(context.original_exception, context.engine.url)
    if failed is not None:
        raise failed from context.original_exception


def backup_sqlite(path: Path, dest: Path) -> Path:
    """A consistent copy of a live SQLite database (the online backup API, WAL included),
    written under a temporary name and given ``dest``'s only once it has been read back
    whole (``quick_check`` and the same number of pages); when anything fails nothing is
    left at ``dest`` and the error is raised.

    The copy is 0600 whatever the database's mode (one the person made 0600 is never copied
    into a file others may read), and so is its journal while it is written."""
    private_folder(dest.parent)
    with replacing(dest) as temporary:
        src = sqlite3.connect(read_only_uri(path), uri=True)
        try:
            out = sqlite3.connect(temporary)
            try:
                src.backup(out)
            finally:
                out.close()
            pages = src.execute("PRAGMA page_count").fetchone()[0]
        finally:
            src.close()
        Path(f"{temporary}-journal").unlink(missing_ok=True)
        if not check_copy(temporary, pages):
            raise DatabaseError(lazy("La copia {path} no quedó completa al revisarla.", path=dest))
    return dest


def _check_revision(location: str, revision: str | None, has_tables: bool) -> bool:
    """True when an upgrade is needed. Raises when the database must not be touched (a
    server's URL named without its password)."""
    if revision is None:
        if has_tables:
            raise DatabaseError(
                lazy("{path} no es una base de datos de Agroferia.", path=urls.masked(location))
            )
        return True
    if revision == HEAD_REVISION:  # up to date: no need to read the migration scripts
        return False
    known = {rev.revision for rev in script_directory().walk_revisions()}
    if revision not in known:
        raise DatabaseTooNewError(urls.masked(location), revision)
    return revision != head_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Brings the database to ``revision`` in one transaction (see ``_migrate``)."""
    _migrate(engine, "upgrade", revision)


def downgrade(engine: Engine, revision: str) -> None:
    """Takes the database back to ``revision``, as ``upgrade`` does (for tests and repairs)."""
    _migrate(engine, "downgrade", revision)


def _migrate(engine: Engine, direction: str, revision: str) -> None:
    """Runs alembic's ``direction`` in one transaction.  On SQLite, a migration that alters
    a table copies it, so foreign keys are checked once at the end instead of while the copy
    replaces the table (the rows referring to it would be refused meanwhile); a reference the
    migration broke then undoes all of it (one broken before is left as it was)."""
    from alembic import command

    cfg = alembic_config()
    with engine.execution_options(**{WRITES: True}).connect() as conn:
        raw = conn.connection.dbapi_connection if conn.dialect.name == "sqlite" else None
        if raw is not None:  # outside any transaction, where SQLite takes it
            broken_before = _broken_references(raw)
            raw.execute("PRAGMA foreign_keys=OFF")
        try:
            with conn.begin():
                cfg.attributes["connection"] = conn
                getattr(command, direction)(cfg, revision)
                if raw is not None:
                    broken = _broken_references(raw) - broken_before
                    if broken:
                        tables = ", ".join(sorted({table for table, _row in broken}))
                        raise DatabaseError(
                            lazy("La actualización de la base de datos dejaría referencias "
                                 "rotas en {tables}: no se hizo ningún cambio.", tables=tables)
                        )  # fmt: skip
        finally:
            if raw is not None:
                raw.execute("PRAGMA foreign_keys=ON")


def _broken_references(raw) -> set[tuple[str, int]]:
    """(table, row) of every reference to a row that does not exist (SQLite)."""
    return {(table, row) for table, row, _parent, _key in raw.execute("PRAGMA foreign_key_check")}


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def open_database(
    target: str | Path,
    *,
    migrate: bool = True,
    create: bool = True,
    read_only: bool | None = False,
    reading: bool = False,
    quick_check: bool = True,
) -> Database:
    """Open (creating it if ``create``) and bring to the current schema.

    A file that is empty, is not a database or (with ``quick_check``) fails SQLite's
    ``quick_check`` is refused and left as it was.  ``read_only``: False when the caller
    writes (a file in a place that cannot be written is refused), True to read only, None
    to read only when the place cannot be written.  ``reading``: the caller only reads, so
    the file is opened read-only unless its schema must be upgraded first (and can be).
    A read-only database is never migrated, and nothing is written to it or beside it.
    """
    target = str(target)
    if not create and not is_url(target) and not Path(target).exists():
        raise DatabaseError(
            lazy(
                "No existe la base de datos {path}. Revise la ruta (--db o AGROFERIA_DB).",
                path=target,
            )
        )
    if is_url(target):
        return _open_url(target, migrate)
    path = Path(target)
    if path.is_dir():
        raise DatabaseError(lazy("{path} es una carpeta, no un archivo.", path=path))
    exists = path.exists()
    if exists:
        state = inspect_file(path, quick_check=quick_check)
        writable = writable_place(path)
        if not writable and read_only is False and not reading:
            raise ReadOnlyDatabaseError(target)
    else:
        state, writable = FileState(has_tables=False, revision=None), True
    needs_upgrade = _check_revision(target, state.revision, state.has_tables)
    if not exists:
        read_only = False  # a new database is written
    elif not writable or (reading and not (needs_upgrade and migrate)):
        read_only = True
    # the app's own data folder is made (or narrowed to) 0700; another one is only
    # created so, when missing
    private_folder(path.parent, tighten=path.parent.resolve() == data_dir().resolve())
    if read_only:
        if needs_upgrade:
            raise DatabaseError(
                lazy(
                    "La base de datos {path} es de una versión anterior de Agroferia y hay "
                    "que actualizarla, pero está en un lugar de solo lectura. Cópiela a una "
                    "carpeta donde pueda escribir y ábrala allí.",
                    path=target,
                )
            )
        engine = make_engine(target, read_only=True)
        return Database(engine=engine, Session=sessions(engine), location=target,
                        read_only=True, writable_place=writable)  # fmt: skip
    private_file(path)  # a new database is 0600, and SQLite gives its -wal/-shm its mode
    backup: Path | None = None
    if needs_upgrade and state.revision is not None and migrate:
        backup = _copy_before_upgrade(path, state.revision)
    engine = make_engine(target)
    try:
        if needs_upgrade and migrate:
            upgrade(engine)
    except BaseException:
        engine.dispose()
        if not exists:  # a new database that could not be made leaves no empty file behind
            for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
                leftover.unlink(missing_ok=True)
        raise
    return Database(engine=engine, Session=sessions(engine), location=target,
                    backup_path=backup)  # fmt: skip


def _copy_before_upgrade(path: Path, revision: str) -> Path:
    """The checked copy of ``path`` beside it; when it cannot be made, the upgrade stops
    with nothing written (no copy left half-made, the database as it was)."""
    stamp = utcnow().strftime("%Y%m%d-%H%M%S")
    dest = path.with_name(f"{path.stem}.{revision}.{stamp}.bak")
    try:
        backup_sqlite(path, dest)
    except (sqlite3.Error, OSError, DatabaseError) as exc:
        log.warning("could not copy %s before upgrading", path, exc_info=True)
        reason = explain(exc) or str(exc)
        raise DatabaseError(
            lazy(
                "No se pudo hacer la copia de la base de datos {path} que se guarda antes de "
                "actualizarla: {reason} No se actualizó nada; la base de datos queda como "
                "estaba.",
                path=path,
                reason=reason,
            )
        ) from exc
    log.info("copied %s to %s before upgrading from %s", path, dest, revision)
    return dest


def _open_url(target: str, migrate: bool) -> Database:
    """A server's database, upgraded under an advisory lock (``core.network.server``)."""
    from agroferia.core.network import server

    engine = make_engine(target)
    try:
        copy, uncopied = server.open_current(engine, target, migrate)
    except BaseException:
        engine.dispose()
        raise
    return Database(engine=engine, Session=sessions(engine), location=target,
                    backup_path=copy, uncopied_upgrade=uncopied)  # fmt: skip
