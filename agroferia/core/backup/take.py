"""Taking a backup of a live SQLite database.

SQLite's online backup API copies the database page by page into a temporary file beside
the backup (what is still in the ``-wal`` file included: never a copy of the file itself,
which would miss it); the copy is checked with ``PRAGMA integrity_check``, described in a
manifest and compressed into one ``.agroferia`` file, which appears under its name only
once it is whole (``files.replacing``).  On any failure nothing is left behind.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
import tempfile
import uuid
from pathlib import Path

from sqlalchemy import Engine

from agroferia import __version__
from agroferia.config import is_url
from agroferia.core.backup import archive
from agroferia.core.backup import manifest as mf
from agroferia.core.backup.archive import Progress, no_progress
from agroferia.core.backup.errors import (
    BackupError,
    ServerDatabaseError,
    SourceDamagedError,
    write_error,
)
from agroferia.core.backup.manifest import BackupInfo
from agroferia.core.db_files import read_only_uri
from agroferia.core.errors import DatabaseError
from agroferia.core.files import private_folder, replacing
from agroferia.i18n import lazy

PAGES = 4096  # pages copied per step of the backup API (16 MB of 4 KiB pages)
BUSY_SECONDS = 5.0
_DAMAGED = {"SQLITE_CORRUPT", "SQLITE_NOTADB"}


def database_path(source: object) -> Path:
    """The file of an SQLite database given as a path, an Engine or an open ``Database``;
    a server's database is refused (``pg_dump`` copies those)."""
    location = getattr(source, "location", source)  # core.db.Database
    if isinstance(location, Engine):
        if location.url.get_backend_name() != "sqlite" or not location.url.database:
            raise ServerDatabaseError()
        location = location.url.database
    location = str(location)
    if is_url(location):
        if not location.startswith("sqlite:///"):
            raise ServerDatabaseError()
        location = location.removeprefix("sqlite:///")
    return Path(location)


def _connect(path: Path) -> sqlite3.Connection:
    """A connection to the database, read-write when its file and folder may be written
    (it then takes SQLite's locks like any other, and removes its ``-wal`` and ``-shm``
    files when it is the last one to close), read-only otherwise."""
    if os.access(path, os.W_OK) and os.access(path.parent, os.W_OK):
        return sqlite3.connect(path, timeout=BUSY_SECONDS, isolation_level=None)
    return sqlite3.connect(read_only_uri(path), uri=True, timeout=BUSY_SECONDS,
                           isolation_level=None)  # fmt: skip


def _ensure_id(conn: sqlite3.Connection) -> str | None:
    """The database's identifier (a setting), made the first time it is asked for; None
    when it cannot be written (a read-only file, a long write of another program)."""
    try:
        found = mf.read_database_id(conn)
        if found is None:
            conn.execute(
                "INSERT OR IGNORE INTO setting (key, value) VALUES (?, ?)",
                (mf.DATABASE_ID_KEY, uuid.uuid4().hex),
            )
            found = mf.read_database_id(conn)
        return found
    except sqlite3.Error:
        return None


def _existing(path: Path) -> None:
    if not path.is_file() or path.stat().st_size == 0:
        raise DatabaseError(lazy("No existe la base de datos {path}.", path=path))


def take(
    source: object,
    dest: Path | str,
    *,
    progress: Progress | None = None,
    reason: str = mf.MANUAL,
    now: dt.datetime | None = None,
) -> BackupInfo:
    """A backup of ``source`` (a path, an Engine or a ``Database``) written into ``dest``:
    a file ending in ``.agroferia``, or a folder where it gets its own name (the fair, the
    date and the time).  ``progress(stage, done, total)`` is told how far it got.

    Raises ``DiskFullError``/``NoPermissionError`` when ``dest`` cannot be written,
    ``SourceDamagedError`` when the database fails its check; nothing is left behind."""
    path = database_path(source)
    _existing(path)
    progress = progress or no_progress
    now = now or dt.datetime.now(dt.UTC)
    dest = Path(dest)
    folder = dest.parent if dest.suffix == mf.SUFFIX else dest
    try:
        private_folder(folder)
        handle, name = tempfile.mkstemp(prefix=".agroferia-", suffix=".db.tmp", dir=folder)
    except OSError as exc:
        raise write_error(exc, folder) or exc from None
    os.close(handle)
    copy = Path(name)
    try:
        identifier = _copy(path, copy, progress)
        progress("check", 0, 1)
        problem = archive.integrity(copy)
        if problem is not None:
            raise SourceDamagedError(path, problem)
        progress("check", 1, 1)
        info = _describe(path, copy, identifier, reason, now)
        target = dest if dest.suffix == mf.SUFFIX else mf.free_name(
            folder, mf.file_name(info.contents, info.created_local, reason)
        )  # fmt: skip
        with replacing(target) as part:
            archive.write(copy, info, part, progress)
    except (OSError, sqlite3.Error) as exc:
        translated = write_error(exc, folder)
        if getattr(exc, "sqlite_errorname", "") in _DAMAGED:  # found reading it, not copying
            translated = SourceDamagedError(path, str(exc))
        if translated is None and isinstance(exc, sqlite3.Error):
            translated = BackupError(
                lazy("No se pudo hacer la copia de seguridad de {path}: {error}", path=path,
                     error=exc)
            )  # fmt: skip
        raise translated or exc from None
    finally:
        for leftover in (copy, Path(f"{copy}-journal")):
            with contextlib.suppress(OSError):
                leftover.unlink(missing_ok=True)
    return BackupInfo(**{**info.__dict__, "path": target, "size": target.stat().st_size})


def _copy(path: Path, copy: Path, progress: Progress) -> str | None:
    """The database copied into ``copy`` with the backup API; its identifier."""
    try:
        src = _connect(path)
    except sqlite3.Error as exc:
        raise DatabaseError(
            lazy("No se puede abrir la base de datos {path}: {error}", path=path, error=exc)
        ) from None
    try:
        identifier = _ensure_id(src)
        out = sqlite3.connect(copy)
        try:
            try:
                # one read transaction for every step: the copy is of one moment, and a
                # writer committing meanwhile (a window, an import) never makes it start over
                src.execute("BEGIN")
                src.execute("SELECT count(*) FROM sqlite_master").fetchone()
                src.backup(out, pages=PAGES,
                           progress=lambda _status, left, total: progress("copy", total - left,
                                                                          total))  # fmt: skip
            except sqlite3.DatabaseError as exc:
                if getattr(exc, "sqlite_errorname", "") in _DAMAGED:
                    raise SourceDamagedError(path, str(exc)) from None
                raise
            finally:
                if src.in_transaction:
                    src.execute("ROLLBACK")
            out.execute("PRAGMA journal_mode=DELETE")  # the copy is one file, no -wal
        finally:
            out.close()
    finally:
        src.close()
    return identifier


def _describe(
    path: Path, copy: Path, identifier: str | None, reason: str, now: dt.datetime
) -> BackupInfo:
    conn = sqlite3.connect(f"{copy.resolve().as_uri()}?mode=ro", uri=True)
    try:
        revision = mf.read_revision(conn)
        if revision is None:
            raise DatabaseError(lazy("{path} no es una base de datos de Agroferia.", path=path))
        local = now.astimezone()
        contents = mf.read_contents(conn, local.date())
        identifier = identifier or mf.read_database_id(conn)
    finally:
        conn.close()
    return BackupInfo(
        path=copy,
        created_at=now.astimezone(dt.UTC),
        created_local=local,
        app_version=__version__,
        schema_revision=revision,
        contents=contents,
        sha256=archive.sha256_of(copy),
        database_size=copy.stat().st_size,
        database_id=identifier,
        database_path=str(path.resolve()),
        reason=reason,
    )
