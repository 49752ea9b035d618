"""What a database file is, found out without writing to it: empty, not a database,
damaged, in a place that cannot be written, and its schema revision.

Every connection here is read-only (``mode=ro``, and ``immutable`` when no other process
has the file open), so that a file that is refused is left byte for byte as it was.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from agroferia.core.errors import DamagedDatabaseError, DatabaseError
from agroferia.i18n import lazy

SQLITE_HEADER = b"SQLite format 3\x00"


def read_only_uri(path: Path) -> str:
    """A URI that reads without leaving anything behind.

    A read-only connection to a WAL database creates ``-wal``/``-shm`` files that it cannot
    remove; with no ``-wal`` file there is nothing uncommitted, so the file can be opened as
    immutable instead.  When another process has it open, its ``-wal`` exists already.
    """
    uri = f"{path.resolve().as_uri()}?mode=ro"
    return uri if Path(f"{path}-wal").exists() else uri + "&immutable=1"


def writable_place(path: Path) -> bool:
    """Whether the app may write the database and the files SQLite keeps beside it (its
    ``-wal``, ``-shm`` and ``-journal`` need the folder to be writable)."""
    folder = path.parent
    if not os.access(folder, os.W_OK | os.X_OK):
        return False
    return not path.exists() or os.access(path, os.R_OK | os.W_OK)


@dataclass(frozen=True)
class FileState:
    has_tables: bool
    revision: str | None  # alembic's, None when the file has none


def _refuse(path: Path, kind: str) -> DamagedDatabaseError:
    return DamagedDatabaseError(str(path), kind)


def inspect_file(path: Path, *, quick_check: bool) -> FileState:
    """The tables and revision of an existing database file; refuses (``DamagedDatabaseError``)
    an empty file, one that is not an SQLite database, and, with ``quick_check``, one that
    fails SQLite's ``PRAGMA quick_check``.  Nothing is written."""
    with path.open("rb") as file:  # an OSError (permission denied) is explained as it is
        header = file.read(len(SQLITE_HEADER))
    if not header:
        raise _refuse(path, DamagedDatabaseError.EMPTY)
    if header != SQLITE_HEADER:
        raise _refuse(path, DamagedDatabaseError.NOT_DATABASE)
    try:
        conn = sqlite3.connect(read_only_uri(path), uri=True)
    except sqlite3.Error as exc:
        raise DatabaseError(
            lazy("No se puede abrir la base de datos {path}: {error}", path=path, error=exc)
        ) from exc
    try:
        if quick_check:
            rows = conn.execute("PRAGMA quick_check(1)").fetchall()
            if rows != [("ok",)]:
                raise _refuse(path, DamagedDatabaseError.CORRUPT)
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "alembic_version" not in tables:
            return FileState(bool(tables), None)
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        return FileState(True, row[0] if row else None)
    except sqlite3.DatabaseError as exc:
        if (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF == sqlite3.SQLITE_NOTADB:
            raise _refuse(path, DamagedDatabaseError.NOT_DATABASE) from exc
        raise _refuse(path, DamagedDatabaseError.CORRUPT) from exc
    finally:
        conn.close()


def check_copy(copy: Path, original_pages: int) -> bool:
    """Whether a copy just written is whole: it passes ``quick_check`` and has as many pages
    as the database it copies."""
    try:
        conn = sqlite3.connect(read_only_uri(copy), uri=True)
    except sqlite3.Error:
        return False
    try:
        ok = conn.execute("PRAGMA quick_check(1)").fetchall() == [("ok",)]
        return ok and conn.execute("PRAGMA page_count").fetchone()[0] == original_pages
    except sqlite3.DatabaseError:
        return False
    finally:
        conn.close()
