"""What a backup says about itself: the manifest (``manifest.json`` inside the file).

A backup is a zip file named ``….agroferia`` holding ``manifest.json`` (first, stored as it
is) and ``agroferia.db`` (compressed).  The manifest says which database it is a copy of,
when it was made, with which version of the app and schema, what it holds (fairs, vendors,
fair days, sales and their total) and the SHA-256 of the database's bytes.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FORMAT = "agroferia-backup"
FORMAT_VERSION = 1
SUFFIX = ".agroferia"
MANIFEST = "manifest.json"
DATABASE = "agroferia.db"
DATABASE_ID_KEY = "database_id"  # a setting: tells backups of two databases apart

# why a backup was made: by a person, or by the app itself (``automatic``)
MANUAL = "manual"
CLOSE, DAILY = "close", "daily"
BEFORE_RESTORE, BEFORE_DEMO = "before-restore", "before-demo"
ROTATED = (CLOSE, DAILY)  # kept by day, week and month
BEFORE = (BEFORE_RESTORE, BEFORE_DEMO)  # kept apart: the last few
REASONS = (MANUAL, *ROTATED, *BEFORE)
NAME_TAGS = {BEFORE_RESTORE: "_antes-de-restaurar", BEFORE_DEMO: "_antes-de-demo"}


@dataclass(frozen=True)
class Contents:
    """What a database holds, as a backup's manifest tells it."""

    fairs: tuple[str, ...] = ()
    vendors: int = 0
    fair_days: int = 0
    last_fair_day: dt.date | None = None
    sales: int = 0
    sales_total_cents: int = 0


@dataclass(frozen=True)
class BackupInfo:
    """A backup file and its manifest."""

    path: Path
    created_at: dt.datetime  # aware, UTC
    created_local: dt.datetime  # aware, the clock of the computer that made it
    app_version: str
    schema_revision: str
    contents: Contents
    sha256: str
    database_size: int
    database_id: str | None = None
    database_path: str | None = None
    reason: str = MANUAL
    format_version: int = FORMAT_VERSION
    size: int = 0  # of the backup file
    extra: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def automatic(self) -> bool:
        return self.reason != MANUAL

    def same_database(self, database_id: str | None, path: str | None) -> bool:
        """Whether this is a backup of the database known by that id (else by its path)."""
        if database_id and self.database_id:
            return database_id == self.database_id
        return path is not None and self.database_path == path

    def to_json(self) -> dict[str, Any]:
        c = self.contents
        return {
            "format": FORMAT,
            "format_version": self.format_version,
            "app_version": self.app_version,
            "schema_revision": self.schema_revision,
            "created_at_utc": self.created_at.isoformat(),
            "created_at_local": self.created_local.isoformat(),
            "reason": self.reason,
            "database_id": self.database_id,
            "database_path": self.database_path,
            "fairs": list(c.fairs),
            "vendors": c.vendors,
            "fair_days": c.fair_days,
            "last_fair_day": c.last_fair_day.isoformat() if c.last_fair_day else None,
            "sales": c.sales,
            "sales_total_cents": c.sales_total_cents,
            "database_size": self.database_size,
            "sha256": self.sha256,
        }


def from_json(path: Path, data: Any, size: int = 0) -> BackupInfo:
    """The manifest read back; raises ValueError (or KeyError, TypeError) when malformed."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError("not a manifest")
    last = data.get("last_fair_day")
    contents = Contents(
        fairs=tuple(str(name) for name in data.get("fairs") or ()),
        vendors=int(data.get("vendors") or 0),
        fair_days=int(data.get("fair_days") or 0),
        last_fair_day=dt.date.fromisoformat(last) if last else None,
        sales=int(data.get("sales") or 0),
        sales_total_cents=int(data.get("sales_total_cents") or 0),
    )
    created = dt.datetime.fromisoformat(data["created_at_utc"])
    if created.tzinfo is None:
        created = created.replace(tzinfo=dt.UTC)
    local = dt.datetime.fromisoformat(data.get("created_at_local") or data["created_at_utc"])
    if local.tzinfo is None:
        local = local.replace(tzinfo=created.tzinfo)
    sha = str(data["sha256"])
    if not re.fullmatch(r"[0-9a-f]{64}", sha):
        raise ValueError("bad sha256")
    return BackupInfo(
        path=path,
        created_at=created,
        created_local=local,
        app_version=str(data.get("app_version") or "?"),
        schema_revision=str(data["schema_revision"]),
        contents=contents,
        sha256=sha,
        database_size=int(data.get("database_size") or 0),
        database_id=data.get("database_id") or None,
        database_path=data.get("database_path") or None,
        reason=str(data.get("reason") or MANUAL),
        format_version=int(data["format_version"]),
        size=size,
        extra=data,
    )


def manifest_bytes(info: BackupInfo) -> bytes:
    return json.dumps(info.to_json(), ensure_ascii=False, indent=2).encode("utf-8")


def read_contents(conn: sqlite3.Connection, today: dt.date) -> Contents:
    """What the database on ``conn`` holds (fair days up to ``today``)."""
    fairs = tuple(r[0] for r in conn.execute("SELECT name FROM fair ORDER BY id"))
    vendors = conn.execute("SELECT count(*) FROM vendor").fetchone()[0]
    days, last = conn.execute(
        "SELECT count(*), max(date) FROM fair_day WHERE date <= ?", (today.isoformat(),)
    ).fetchone()
    sales, total = conn.execute(
        "SELECT count(*), coalesce(sum(amount_cents), 0) FROM sale"
    ).fetchone()
    return Contents(
        fairs=fairs,
        vendors=vendors,
        fair_days=days,
        last_fair_day=dt.date.fromisoformat(last[:10]) if last else None,
        sales=sales,
        sales_total_cents=total,
    )


def read_revision(conn: sqlite3.Connection) -> str | None:
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.OperationalError:
        return None
    return row[0] if row else None


def read_database_id(conn: sqlite3.Connection) -> str | None:
    try:
        row = conn.execute("SELECT value FROM setting WHERE key = ?", (DATABASE_ID_KEY,)).fetchone()
    except sqlite3.OperationalError:
        return None
    return row[0] if row and row[0] else None


def slug(text: str, limit: int = 40) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:limit].strip("-")


def file_name(contents: Contents, local: dt.datetime, reason: str = MANUAL) -> str:
    """``magdalena-del-mar_2026-11-29_2130.agroferia``: the fair (``agroferia`` when there
    are several or none), the date and the time the backup was made."""
    fair = slug(contents.fairs[0]) if len(contents.fairs) == 1 else ""
    return f"{fair or 'agroferia'}_{local:%Y-%m-%d_%H%M}{NAME_TAGS.get(reason, '')}{SUFFIX}"


def free_name(folder: Path, name: str) -> Path:
    """``folder/name``, or ``…-2``, ``…-3`` when a file of that name exists already."""
    path = folder / name
    stem = name.removesuffix(SUFFIX)
    number = 2
    while path.exists():
        path = folder / f"{stem}-{number}{SUFFIX}"
        number += 1
    return path
