"""What is left of removed data after the transaction that removed it: SQLite keeps old
pages in the file's free space and in its write-ahead log until they are reused, and every
copy of the database taken before (the ones saved before an upgrade or a demo) still holds
everything.  ``compact`` rewrites the database without the free space (``StillOpenError``
when another program that reads it keeps the old pages); ``older_copies`` names the copies,
which only the person who keeps them can delete."""

from __future__ import annotations

import os
import shlex
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy import Engine

from agroferia.core.errors import OperationError
from agroferia.i18n import lazy

# the tables anonymization writes to, rewritten on PostgreSQL
TOUCHED = ("vendor", "vendor_category", "audit_log", "fair_day")
ATTEMPTS = 3  # tries at folding the log into the file while another program reads it
WAIT_MS = 2000  # how long each try waits for the other program's reading to end


class StillOpenError(OperationError):
    """The database was rewritten, but another program keeps reading it: until it lets go,
    the file (or its write-ahead log) still holds the old pages, removed values included."""

    def __init__(self) -> None:
        super().__init__(
            lazy("El archivo de la base de datos aún guarda copias antiguas de lo que se borró: "
                 "otro programa lo tiene abierto (otra ventana de Agroferia, una copia de "
                 "seguridad…).")
        )  # fmt: skip


def compact(engine: Engine, *, attempts: int = ATTEMPTS, wait_ms: int = WAIT_MS) -> None:
    """Rewrites the database so that no removed value lingers in free space (SQLite:
    ``VACUUM``, then the log folded in and emptied; PostgreSQL: ``VACUUM FULL`` of the
    tables anonymization writes).  Outside any transaction: call it after the commit.

    On SQLite, another connection that is reading (another window, another program) keeps
    the old pages in the file: each try waits ``wait_ms`` for it, and after ``attempts``
    ``StillOpenError`` says so.  Running it again later is harmless, and finishes the work."""
    raw = engine.raw_connection()
    try:
        dbapi = raw.driver_connection
        if engine.dialect.name == "sqlite":
            _compact_sqlite(dbapi, attempts, wait_ms)
        elif engine.dialect.name == "postgresql":
            dbapi.autocommit = True
            try:
                with dbapi.cursor() as cursor:
                    cursor.execute(f"VACUUM FULL {', '.join(TOUCHED)}")
            finally:
                dbapi.autocommit = False
        else:
            raise NotImplementedError(f"no compaction for {engine.dialect.name}")
    finally:
        raw.close()


def _compact_sqlite(dbapi: sqlite3.Connection, attempts: int, wait_ms: int) -> None:
    (timeout,) = dbapi.execute("PRAGMA busy_timeout").fetchone()
    dbapi.execute(f"PRAGMA busy_timeout={int(wait_ms)}")
    try:
        vacuumed = False
        for _attempt in range(max(attempts, 1)):
            try:
                if not vacuumed:
                    dbapi.execute("VACUUM")
                    vacuumed = True
                busy, log, copied = dbapi.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            except sqlite3.OperationalError as exc:
                if exc.sqlite_errorcode & 0xFF not in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
                    raise
                continue  # another program is writing: try again
            if not busy and log == copied:  # every page of the log is in the file, emptied
                return
        raise StillOpenError()
    finally:
        dbapi.execute(f"PRAGMA busy_timeout={int(timeout)}")


def finish_command(location: str | None = None) -> str:
    """The command that finishes the rewriting ``StillOpenError`` left undone (``--db``
    naming the database when given; a server's URL without its password, which the
    person types in or gives in ``PGPASSWORD``)."""
    from agroferia.core.network.urls import without_password

    words = ["agroferia", *(["--db", without_password(location)] if location else []),
             "person", "compact"]  # fmt: skip
    return subprocess.list2cmdline(words) if os.name == "nt" else shlex.join(words)


def older_copies(location: str) -> list[Path]:
    """The copies the app saved beside a database file (``<name>.*.bak``), oldest first."""
    from agroferia.config import is_url

    if is_url(location):
        return []
    path = Path(location)
    if not path.name or not path.parent.is_dir():
        return []
    copies = [p for p in path.parent.glob(f"{path.stem}.*.bak") if p.is_file()]
    return sorted(copies, key=lambda p: (p.stat().st_mtime, p.name))
