"""Automatic backups: made by the app itself (when it closes, once a day, before a restore
or a demo) into the user data folder, and copied to a second folder when one is chosen.

Rotation, for the automatic backups of one database in one folder (``keep``):

- the newest backup of each of the last ``DAILY`` days that have one,
- the newest of each of the last ``WEEKLY`` ISO weeks that have one,
- the newest of each of the last ``MONTHLY`` months that have one,

by the date and time of the computer that made them; every other "close" or "daily"
backup of that database is removed.  The copies made before a restore or a demo are kept
apart: the last ``BEFORE``.  Backups made by hand, of another database, or that cannot be
read are never removed, nor is any other file.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
import sqlite3
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from agroferia.config import data_dir
from agroferia.core.backup import archive
from agroferia.core.backup import manifest as mf
from agroferia.core.backup.archive import Progress
from agroferia.core.backup.errors import BackupError
from agroferia.core.backup.manifest import BackupInfo
from agroferia.core.backup.take import database_path, take
from agroferia.core.db_files import read_only_uri
from agroferia.core.files import private_folder, replacing
from agroferia.core.settings import SECOND_FOLDER_KEY
from agroferia.i18n import Text, lazy

DAILY, WEEKLY, MONTHLY, BEFORE = 7, 4, 12, 5
STALE_DAYS = 7  # with no backup for this long, the app warns
FOLDER_NAME = "copias"
_UNSET = object()


def backups_folder() -> Path:
    """Where the automatic backups go: ``copias`` in the user data folder."""
    return data_dir() / FOLDER_NAME


@dataclass(frozen=True)
class AutomaticResult:
    backup: BackupInfo
    copy: Path | None = None  # the copy in the second folder
    warning: Text | None = None  # the second folder could not be written
    removed: list[Path] = field(default_factory=list)  # by the rotation


def _slots(infos: list[BackupInfo], key: Callable[[BackupInfo], Hashable], count: int):
    """The newest backup of each of the ``count`` newest slots (``infos``: newest first)."""
    seen: set[Hashable] = set()
    for info in infos:
        slot = key(info)
        if slot in seen:
            continue
        if len(seen) == count:
            return
        seen.add(slot)
        yield info.path


def keep(infos: Iterable[BackupInfo]) -> set[Path]:
    """Which of one database's automatic backups the rotation keeps (see the module)."""
    newest = sorted(infos, key=lambda i: i.created_at, reverse=True)
    rotated = [i for i in newest if i.reason in mf.ROTATED]
    kept = set(_slots(rotated, lambda i: i.created_local.date(), DAILY))
    kept.update(_slots(rotated, lambda i: i.created_local.isocalendar()[:2], WEEKLY))
    kept.update(_slots(rotated, lambda i: (i.created_local.year, i.created_local.month),
                       MONTHLY))  # fmt: skip
    kept.update(i.path for i in [i for i in newest if i.reason in mf.BEFORE][:BEFORE])
    return kept


def list_backups(folder: Path | str | None = None) -> list[BackupInfo]:
    """The backups in ``folder`` (the automatic backups' folder by default), newest first;
    files that are not backups, or cannot be read, are left out."""
    folder = Path(folder) if folder is not None else backups_folder()
    found = []
    with contextlib.suppress(OSError):
        for path in folder.iterdir():
            if path.name.startswith(".") or path.suffix != mf.SUFFIX or not path.is_file():
                continue
            with contextlib.suppress(BackupError, OSError):
                found.append(archive.read(path))
    return sorted(found, key=lambda i: i.created_at, reverse=True)


def rotate(folder: Path, database_id: str | None, database: str | None,
           newest: Path | None = None) -> list[Path]:  # fmt: skip
    """Removes the automatic backups of that database the rotation does not keep (never
    ``newest``, the one just made)."""
    ours = [i for i in list_backups(folder)
            if i.automatic and i.same_database(database_id, database)]  # fmt: skip
    kept = keep(ours) | {newest}
    removed = []
    for info in ours:
        if info.path not in kept:
            with contextlib.suppress(FileNotFoundError):
                info.path.unlink()
            removed.append(info.path)
    return removed


def second_folder(location: object) -> Path | None:
    """The second folder chosen in the settings of the database at ``location``."""
    path = database_path(location)
    try:
        conn = sqlite3.connect(read_only_uri(path), uri=True)
    except sqlite3.Error:
        return None
    try:
        row = conn.execute("SELECT value FROM setting WHERE key = ?",
                           (SECOND_FOLDER_KEY,)).fetchone()  # fmt: skip
    except sqlite3.Error:
        return None
    finally:
        conn.close()
    return Path(row[0]) if row and row[0] else None


def automatic(
    location: object,
    *,
    reason: str = mf.CLOSE,
    folder: Path | None = None,
    second: Path | object | None = _UNSET,
    progress: Progress | None = None,
    now: dt.datetime | None = None,
) -> AutomaticResult:
    """A backup of the database at ``location`` into the automatic backups' folder (or
    ``folder``), copied into the second folder (the setting, unless ``second`` is given),
    then the rotation in both.  A second folder that is missing (a USB stick not plugged
    in) or cannot be written gives a ``warning``, not a failure."""
    if reason not in (*mf.ROTATED, *mf.BEFORE):
        raise ValueError(f"not an automatic backup: {reason}")
    own = folder is None
    folder = folder if folder is not None else backups_folder()
    private_folder(folder, tighten=own)
    info = take(location, folder, progress=progress, reason=reason, now=now)
    removed = rotate(folder, info.database_id, info.database_path, info.path)
    extra = second_folder(location) if second is _UNSET else second
    copy, warning = None, None
    if isinstance(extra, Path) and extra.resolve() != folder.resolve():
        copy, warning = _copy_to(info.path, extra)
        if copy is not None:
            removed += rotate(extra, info.database_id, info.database_path, copy)
    return AutomaticResult(info, copy, warning, removed)


def _copy_to(path: Path, folder: Path) -> tuple[Path | None, Text | None]:
    if not folder.is_dir():
        return None, lazy(
            "No se encontró la segunda carpeta de copias {folder} (¿está conectada la memoria "
            "USB?); la copia se guardó solo en {main}.",
            folder=folder,
            main=path.parent,
        )
    target = folder / path.name
    try:
        with replacing(target) as part, path.open("rb") as src, part.open("wb") as dst:
            shutil.copyfileobj(src, dst, archive.CHUNK)
    except OSError as exc:
        return None, lazy(
            "No se pudo copiar la copia de seguridad a la segunda carpeta {folder} ({error}); "
            "se guardó solo en {main}.",
            folder=folder,
            error=exc.strerror or exc,
            main=path.parent,
        )
    return target, None


def _identity(location: object) -> tuple[str | None, str]:
    path = database_path(location)
    identifier = None
    with contextlib.suppress(sqlite3.Error):
        conn = sqlite3.connect(read_only_uri(path), uri=True)
        try:
            identifier = mf.read_database_id(conn)
        finally:
            conn.close()
    return identifier, str(path.resolve())


def last_good(location: object, folders: Iterable[Path] | None = None) -> BackupInfo | None:
    """The newest backup of the database at ``location`` in the automatic backups' folder
    (or ``folders``), for the status bar."""
    identifier, path = _identity(location)
    found = [info for folder in (folders if folders is not None else [backups_folder()])
             for info in list_backups(folder) if info.same_database(identifier, path)]  # fmt: skip
    return max(found, key=lambda i: i.created_at, default=None)


def overdue(location: object, now: dt.datetime | None = None,
            folders: Iterable[Path] | None = None) -> bool:  # fmt: skip
    """Whether the database has had no backup for ``STALE_DAYS`` days."""
    last = last_good(location, folders)
    now = now or dt.datetime.now(dt.UTC)
    return last is None or now - last.created_at > dt.timedelta(days=STALE_DAYS)


def daily_due(location: object, now: dt.datetime | None = None,
              folders: Iterable[Path] | None = None) -> bool:  # fmt: skip
    """Whether today's automatic backup is still to be made (none of today yet)."""
    last = last_good(location, folders)
    today = (now or dt.datetime.now(dt.UTC)).astimezone().date()
    return last is None or last.created_local.date() != today
