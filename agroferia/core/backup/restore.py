"""Restoring a backup over a database (or onto a new computer).

Only an administrator of the database being replaced may restore (anyone, where it has no
accounts yet, does not exist, or cannot be read at all).  The backup is checked whole
before anything changes: its manifest and version, then its database extracted into a
temporary file beside the target, its SHA-256 and ``PRAGMA integrity_check``.  The current
database is backed up first into the automatic backups' folder (a "before restore" copy);
one too damaged to be copied is kept beside itself under another name instead.  Then the
checked file replaces it in one step, and a backup made by an older version is brought to
the current schema the usual way.

Every connection to the database must be closed first: ``restore`` closes ``session`` and
disposes of its engine, and refuses (``DatabaseInUseError``) while another window or
program holds it.  Open it again afterwards.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, create_engine
from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import Session

from agroferia.core import accounts, audit
from agroferia.core.accounts import Right
from agroferia.core.accounts.passwords import verify_password
from agroferia.core.backup import archive
from agroferia.core.backup import manifest as mf
from agroferia.core.backup.archive import Progress, no_progress
from agroferia.core.backup.automatic import automatic
from agroferia.core.backup.errors import DatabaseInUseError, ServerDatabaseError, write_error
from agroferia.core.backup.manifest import BackupInfo
from agroferia.core.backup.take import database_path
from agroferia.core.db_files import read_only_uri
from agroferia.core.errors import DatabaseError, OperationError
from agroferia.core.files import private_folder
from agroferia.i18n import Text, lazy

SIDE_FILES = ("-wal", "-shm", "-journal")
_DAMAGED = ("SQLITE_CORRUPT", "SQLITE_NOTADB")


@dataclass(frozen=True)
class RestoreResult:
    backup: BackupInfo
    target: Path
    before: BackupInfo | None = None  # the copy of the database that was replaced
    set_aside: Path | None = None  # a damaged database, kept beside under this name
    warning: Text | None = None  # the copy before could not go to the second folder


def check_may_take(session: Session, actor: str) -> None:
    """A backup holds every record, personal data included: administrators only."""
    accounts.require(session, actor, Right.ADMIN,
                     refusal=lazy("Solo una cuenta de administrador puede hacer copias de "
                                  "seguridad: contienen todos los datos, también los "
                                  "personales."))  # fmt: skip


def check_may_restore(session: Session, actor: str) -> None:
    accounts.require(session, actor, Right.ADMIN,
                     refusal=lazy("Solo una cuenta de administrador puede restaurar una copia "
                                  "de seguridad."))  # fmt: skip


def _exists(path: Path) -> bool:
    return path.is_file() and path.stat().st_size > 0


def _read_only(target: Path) -> Engine:
    uri = read_only_uri(target)  # nothing left beside it
    return create_engine("sqlite://", creator=lambda: sqlite3.connect(uri, uri=True))


def asks_for_password(target: object) -> bool:
    """Whether restoring over the database file at ``target`` (with no session on it) needs
    an administrator's username and password: it still holds accounts that can be read.
    An empty file, one that is not a database, or one whose accounts cannot be read does
    not (``check_restore_rights`` lets anyone replace it; it is kept aside, not lost)."""
    path = database_path(target)
    if not _exists(path):
        return False
    engine = _read_only(path)
    try:
        with Session(engine) as s:
            return accounts.has_accounts(s)
    except sa_exc.DatabaseError:
        return False
    finally:
        engine.dispose()


def check_restore_rights(target: object, actor: str, password: str | None) -> None:
    """The rights of ``actor`` on the database file, read without writing to it: where it
    still holds accounts, an administrator's with the right password (nobody could sign in
    to it to show who they are); a file that cannot be read as a database protects nothing
    (it is kept aside, not lost)."""
    path = database_path(target)
    if not _exists(path):
        return
    engine = _read_only(path)
    try:
        with Session(engine) as s:
            if accounts.has_accounts(s):  # who they are first, as signing in does
                user = accounts.account(s, actor)
                if user is None or not verify_password(password or "", user.password_hash):
                    raise OperationError(lazy("Usuario o contraseña incorrectos."))
            check_may_restore(s, actor)
    except sa_exc.DatabaseError:
        return
    finally:
        engine.dispose()


def _release(target: Path, *, damaged_ok: bool = False) -> None:
    """The database out of WAL mode (its ``-wal`` written back and removed), which SQLite
    allows only when no other connection has it open.  ``damaged_ok``: a file that cannot
    be read as a database is left for the caller to find out about."""
    try:
        conn = sqlite3.connect(target, timeout=1.0, isolation_level=None)
        try:
            mode = conn.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        if getattr(exc, "sqlite_errorname", "") in ("SQLITE_BUSY", "SQLITE_LOCKED"):
            raise DatabaseInUseError(target) from None
        if damaged_ok and getattr(exc, "sqlite_errorname", "") in _DAMAGED:
            return
        raise
    if str(mode).lower() != "delete":
        raise DatabaseInUseError(target)


def in_use(target: object) -> bool:
    """Whether another window or program holds the SQLite database at ``target``, found
    out as ``restore`` does before replacing it (which takes the database out of WAL mode;
    opened again, it goes back to it).  A missing file, a server's database or a file that
    cannot be read as one is not."""
    try:
        path = database_path(target)
    except ServerDatabaseError:
        return False
    if not _exists(path):
        return False
    try:
        _release(path, damaged_ok=True)
    except DatabaseInUseError:
        return True
    except sqlite3.Error:  # read-only, not a database…: for opening it to find out
        return False
    return False


def _set_aside(target: Path, now: dt.datetime) -> Path:
    """A database that cannot be copied, kept under another name with its side files."""
    aside = target.with_name(f"{target.name}.dañada-{now.astimezone():%Y%m%d-%H%M%S}")
    for side in SIDE_FILES:
        source = Path(f"{target}{side}")
        if source.exists():
            source.replace(Path(f"{aside}{side}"))
    target.replace(aside)
    return aside


def restore(
    file: Path | str,
    target: object,
    *,
    actor: str,
    session: Session | None = None,
    password: str | None = None,
    progress: Progress | None = None,
    folder: Path | None = None,
    now: dt.datetime | None = None,
) -> RestoreResult:
    """Replaces the database at ``target`` with the backup ``file`` (see the module).

    ``session``, on the current database, is where ``actor``'s rights are checked (without
    one, the file is read for them, and ``password`` must be the account's); ``folder`` is where the copy before goes (the
    automatic backups' folder by default)."""
    from agroferia.core.db import open_database

    path = database_path(target)
    if session is not None:
        check_may_restore(session, actor)
        session.close()
        session.get_bind().dispose()
    elif _exists(path):
        check_restore_rights(path, actor, password)
    info = archive.inspect(file)
    progress = progress or no_progress
    now = now or dt.datetime.now(dt.UTC)
    try:
        private_folder(path.parent)
        handle, name = tempfile.mkstemp(prefix=f".{path.name}-", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise write_error(exc, path.parent) or exc from None
    os.close(handle)
    extracted = Path(name)
    before, aside, warning = None, None, None
    try:
        archive.extract(info, extracted, progress)
        if _exists(path):
            if Path(f"{path}-wal").exists():  # open elsewhere, maybe: refused before any copy
                _release(path, damaged_ok=True)
            try:
                result = automatic(path, reason=mf.BEFORE_RESTORE, folder=folder, now=now,
                                   progress=lambda stage, done, total: progress(
                                       f"before-{stage}", done, total))  # fmt: skip
                before, warning = result.backup, result.warning
            except DatabaseError:  # damaged, or not a database of the app: kept aside
                aside = _set_aside(path, now)
            else:
                _release(path)
        for side in SIDE_FILES:  # of the old file, written back or kept aside by now
            Path(f"{path}{side}").unlink(missing_ok=True)
        progress("replace", 0, 1)
        extracted.replace(path)
    except OSError as exc:
        raise write_error(exc, path.parent) or exc from None
    finally:
        with contextlib.suppress(OSError):
            extracted.unlink(missing_ok=True)
    db = open_database(path)  # an older backup is brought to the current schema here
    try:
        with db.Session.begin() as s:
            audit.record(s, actor, "restore", "database", None, after={
                "file": info.path.name,
                "created_at": info.created_local.isoformat(timespec="seconds"),
                "app_version": info.app_version,
                "schema_revision": info.schema_revision,
                "before": before.path.name if before else None,
            })  # fmt: skip
    finally:
        db.close()
    progress("replace", 1, 1)
    return RestoreResult(info, path, before, aside, warning)
