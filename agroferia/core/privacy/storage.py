"""What is left of removed data after the transaction that removed it: SQLite keeps old
pages in the file's free space and in its write-ahead log until they are reused, and every
copy of the database taken before (the ones saved before an upgrade or a demo) still holds
everything.  ``compact`` rewrites the database without the free space; ``older_copies``
names the copies, which only the person who keeps them can delete."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

# the tables anonymization writes to, rewritten on PostgreSQL
TOUCHED = ("vendor", "vendor_category", "audit_log", "fair_day")


def compact(engine: Engine) -> None:
    """Rewrites the database so that no removed value lingers in free space (SQLite:
    ``VACUUM``, then the log folded in and emptied; PostgreSQL: ``VACUUM FULL`` of the
    tables anonymization writes).  Outside any transaction: call it after the commit."""
    raw = engine.raw_connection()
    try:
        dbapi = raw.driver_connection
        if engine.dialect.name == "sqlite":
            dbapi.execute("VACUUM")
            dbapi.execute("PRAGMA wal_checkpoint(TRUNCATE)")
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
