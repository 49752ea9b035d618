"""The backup file itself: writing it, reading its manifest, and extracting its database
with every check (the SHA-256 of the bytes, then ``PRAGMA integrity_check``)."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import struct
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

from agroferia.core.backup import manifest as mf
from agroferia.core.backup.errors import (
    BackupError,
    BackupTooNewError,
    DamagedBackupError,
    NotABackupError,
)
from agroferia.core.backup.manifest import BackupInfo
from agroferia.core.db_files import read_only_uri
from agroferia.i18n import lazy

# progress(stage, done, total): a stage of the work ("copy", "check", "compress",
# "extract", "before", "replace"…) and how far it got
Progress = Callable[[str, int, int], None]
CHUNK = 1 << 20
LEVEL = 1  # zlib's fastest: a third of the size, written and read in about a second a 100 MB
CHECK_CACHE_KIB = 256 * 1024  # integrity_check reads the whole file: twice as fast so
MANIFEST_LIMIT = 1 << 20  # a manifest is a few hundred bytes; more is not read
_LOCAL_HEADER = struct.Struct("<4sHHHHHIIIHH")
# what zipfile raises for a file that is not a good zip: cut short, damaged, or a member
# encrypted (RuntimeError) or compressed in a way it does not know (NotImplementedError)
_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, ValueError, struct.error, RuntimeError,
               NotImplementedError)  # fmt: skip


def no_progress(_stage: str, _done: int, _total: int) -> None:
    pass


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def integrity(path: Path) -> str | None:
    """None when ``path`` passes ``PRAGMA integrity_check``, else what it says (first line).
    Read-only: nothing is written beside the file."""
    try:
        conn = sqlite3.connect(read_only_uri(path), uri=True)
    except sqlite3.Error as exc:
        return str(exc)
    try:
        conn.execute(f"PRAGMA cache_size=-{CHECK_CACHE_KIB}")
        rows = conn.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    finally:
        conn.close()
    if rows == [("ok",)]:
        return None
    return "; ".join(str(r[0]) for r in rows[:3])


def write(database: Path, info: BackupInfo, out: Path, progress: Progress = no_progress) -> None:
    """The backup file ``out``: ``info``'s manifest, then the database compressed."""
    total = database.stat().st_size
    with zipfile.ZipFile(out, "w") as archive:
        archive.comment = mf.FORMAT.encode()
        archive.writestr(mf.MANIFEST, mf.manifest_bytes(info), compress_type=zipfile.ZIP_STORED)
        entry = zipfile.ZipInfo(mf.DATABASE, date_time=info.created_local.timetuple()[:6])
        entry.compress_type = zipfile.ZIP_DEFLATED
        entry._compresslevel = LEVEL  # type: ignore[attr-defined]  # per entry, Python 3.11
        entry.external_attr = 0o600 << 16
        with database.open("rb") as src, archive.open(entry, "w", force_zip64=total > 2**31) as dst:
            done = 0
            while block := src.read(CHUNK):
                dst.write(block)
                done += len(block)
                progress("compress", done, total)


def _missing(path: Path) -> BackupError:
    return BackupError(lazy("No se encuentra el archivo {path}.", path=path))


def _starts_as_backup(path: Path) -> bool:
    """Whether the file starts as a backup does (its manifest first), even if its end is
    missing: a copy cut short says "damaged", not "not a backup"."""
    with path.open("rb") as fh:
        head = fh.read(_LOCAL_HEADER.size + len(mf.MANIFEST))
    if len(head) < _LOCAL_HEADER.size:
        return False
    fields = _LOCAL_HEADER.unpack_from(head)
    name = head[_LOCAL_HEADER.size : _LOCAL_HEADER.size + fields[9]]
    return fields[0] == b"PK\x03\x04" and name == mf.MANIFEST.encode()


def inspect(path: Path | str) -> BackupInfo:
    """The manifest of the backup ``path``, read without extracting the database.

    Raises ``NotABackupError``, ``DamagedBackupError`` (a file cut short, a manifest that
    cannot be read) or ``BackupTooNewError`` (made by a newer version of the app)."""
    info = read(path)
    check_version(info)
    return info


def read(path: Path | str) -> BackupInfo:
    """The manifest, whichever version of the app made the backup (``inspect`` checks it
    can be restored)."""
    path = Path(path)
    if not path.is_file():
        raise _missing(path)
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if mf.MANIFEST not in names or mf.DATABASE not in names:
                raise NotABackupError(path)
            with archive.open(mf.MANIFEST) as fh:
                raw = fh.read(MANIFEST_LIMIT + 1)
    except _ZIP_ERRORS:
        if _starts_as_backup(path):
            raise DamagedBackupError(path) from None
        raise NotABackupError(path) from None
    if len(raw) > MANIFEST_LIMIT:
        raise DamagedBackupError(path, mf.MANIFEST)
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise DamagedBackupError(path) from None
    if not isinstance(data, dict) or data.get("format") != mf.FORMAT:
        raise NotABackupError(path)
    try:
        info = mf.from_json(path, data, path.stat().st_size)
    except (KeyError, TypeError, ValueError):
        raise DamagedBackupError(path) from None
    return info


def check_version(info: BackupInfo) -> None:
    """Raises ``BackupTooNewError`` for a backup whose schema (or file format) this version
    of the app does not know."""
    from agroferia.core.db import head_revision, script_directory

    known = {rev.revision for rev in script_directory().walk_revisions()}
    if info.format_version > mf.FORMAT_VERSION or info.schema_revision not in known:
        raise BackupTooNewError(info.path, info.app_version, info.schema_revision,
                                head_revision())  # fmt: skip


def extract(info: BackupInfo, out: Path, progress: Progress = no_progress) -> None:
    """The backup's database written into ``out`` (an existing, empty file) and checked:
    its SHA-256 must be the manifest's and it must pass ``integrity_check``; otherwise
    ``DamagedBackupError`` (the caller removes ``out``)."""
    digest = hashlib.sha256()
    done = 0
    try:
        with (
            zipfile.ZipFile(info.path) as archive,
            archive.open(mf.DATABASE) as src,
            out.open("wb") as dst,
        ):
            while block := src.read(CHUNK):
                done += len(block)
                if done > info.database_size:  # never more on the disk than it says
                    raise DamagedBackupError(info.path, "SHA-256")
                digest.update(block)
                dst.write(block)
                progress("extract", done, info.database_size)
    except _ZIP_ERRORS as exc:
        raise DamagedBackupError(info.path, str(exc)) from None
    if digest.hexdigest() != info.sha256 or done != info.database_size:
        raise DamagedBackupError(info.path, "SHA-256")
    progress("check", 0, 1)
    problem = integrity(out)
    if problem is not None:
        raise DamagedBackupError(info.path, f"integrity_check: {problem}")
    revision = _revision(out)
    if revision != info.schema_revision:  # the manifest's was checked; the database must match
        raise DamagedBackupError(info.path, f"schema {revision} ≠ {info.schema_revision}")
    progress("check", 1, 1)


def _revision(path: Path) -> str | None:
    conn = sqlite3.connect(read_only_uri(path), uri=True)
    try:
        return mf.read_revision(conn)
    except sqlite3.Error:
        return None
    finally:
        conn.close()
