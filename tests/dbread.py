"""Reading and writing a test's database behind the app's back, as another program would: an
SQLite file with ``sqlite3``, a database of the test server with ``psycopg``. Statements use
``?`` placeholders on both."""

from __future__ import annotations

import contextlib
import hashlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from agroferia.config import is_url


def on_server(location: Path | str) -> bool:
    return is_url(str(location))


@contextlib.contextmanager
def _connection(location: Path | str) -> Iterator[Any]:
    if on_server(location):
        import psycopg

        url = str(location).replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(url) as conn:
            yield conn
        return
    conn = sqlite3.connect(location)
    try:
        with conn:
            yield conn
    finally:
        conn.close()


def _statement(location: Path | str, sql: str) -> str:
    return sql.replace("%", "%%").replace("?", "%s") if on_server(location) else sql


def query(location: Path | str, sql: str, *params: object) -> list[tuple]:
    with _connection(location) as conn:
        return [tuple(row) for row in conn.execute(_statement(location, sql), params).fetchall()]


def scalar(location: Path | str, sql: str, *params: object) -> Any:
    return query(location, sql, *params)[0][0]


def count(location: Path | str, table: str) -> int:
    return scalar(location, f"SELECT count(*) FROM {table}")


def execute(location: Path | str, sql: str, *params: object) -> None:
    """One statement, committed."""
    with _connection(location) as conn:
        conn.execute(_statement(location, sql), params)


def tables(location: Path | str) -> list[str]:
    if on_server(location):
        sql = "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
    else:
        sql = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY 1"
    return [name for (name,) in query(location, sql)]


def dump(location: Path | str) -> list[str]:
    """Everything in the database: equal dumps, nothing written. An SQLite file as its SQL
    (``iterdump``, with the schema); a server's database as its tables' rows, in order."""
    if not on_server(location):
        conn = sqlite3.connect(location)
        try:
            return list(conn.iterdump())
        finally:
            conn.close()
    lines = []
    for table in tables(location):
        lines += [f"{table} {row!r}" for row in query(location, f"SELECT * FROM {table}")]
    return sorted(lines)


def fingerprint(location: Path | str) -> str:
    """A file's sha256 (its WAL checkpointed into it first), or a hash of a server's dump."""
    if on_server(location):
        return hashlib.sha256("\n".join(dump(location)).encode()).hexdigest()
    db = Path(location)
    conn = sqlite3.connect(db)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    wal = db.with_name(db.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    return hashlib.sha256(db.read_bytes()).hexdigest()
