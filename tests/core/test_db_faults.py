"""Faults of the database file: empty, foreign or damaged files refused unwritten, read-only
databases, each storage fault's own message, the checked copy before an upgrade, the
checkpoint on closing, and the write lock taken where a writing transaction begins."""

from __future__ import annotations

import errno
import hashlib
import random
import shutil
import sqlite3
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from agroferia.core import fairs
from agroferia.core.db import make_engine, open_database, upgrade
from agroferia.core.errors import (
    DamagedDatabaseError,
    DatabaseError,
    explain,
    fault_kind,
)
from agroferia.core.models import Sale

# faults of SQLite files
pytestmark = pytest.mark.sqlite_only


def fingerprint(path: Path) -> tuple[str, int, set[str]]:
    """The file's bytes, its modification time and what lies beside it."""
    return (
        hashlib.sha256(path.read_bytes()).hexdigest(),
        path.stat().st_mtime_ns,
        {p.name for p in path.parent.iterdir()},
    )


def corrupt(path: Path, seed: int = 14, table: str | None = None) -> None:
    """Overwrites four pages in the middle of the file with noise, as a failing disk does;
    or, given a ``table``, every page of that table."""
    unchanged = f"{path.as_uri()}?mode=ro&immutable=1"  # nothing written, nothing left beside
    conn = sqlite3.connect(unchanged, uri=True)
    size, pages = (conn.execute(f"PRAGMA {p}").fetchone()[0] for p in ("page_size", "page_count"))
    damaged = range(pages // 2 + 1, pages // 2 + 5)  # dbstat's page numbers start at 1
    if table is not None:
        damaged = [n for (n,) in conn.execute("SELECT pageno FROM dbstat WHERE name = ?", (table,))]
    conn.close()
    noise = random.Random(seed)
    with path.open("r+b") as file:
        for page in (n - 1 for n in damaged):
            file.seek(page * size)
            file.write(bytes(noise.randrange(256) for _ in range(size)))
    conn = sqlite3.connect(unchanged, uri=True)
    try:
        assert conn.execute("PRAGMA quick_check(1)").fetchall() != [("ok",)]
    finally:
        conn.close()


@pytest.fixture
def demo_file(demo_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "feria.db"
    shutil.copyfile(demo_template, path)
    return path


# --- files refused, unwritten ---------------------------------------------------------------


def test_an_empty_file_is_refused_not_turned_into_a_database(tmp_path):
    path = tmp_path / "vacia.db"
    path.touch()
    before = fingerprint(path)
    with pytest.raises(DamagedDatabaseError) as info:
        open_database(path)
    assert info.value.kind == DamagedDatabaseError.EMPTY
    message = str(info.value)
    assert "está vacío (0 bytes)" in message and str(path) in message
    assert "agroferia restore ARCHIVO" in message and "Archivo → Restaurar…" in message
    assert fingerprint(path) == before and path.stat().st_size == 0


def test_a_path_that_does_not_exist_is_still_created(tmp_path):
    path = tmp_path / "nueva.db"
    open_database(path).close()
    assert path.stat().st_size > 0


def test_a_damaged_database_is_refused_unwritten(demo_file):
    corrupt(demo_file)
    before = fingerprint(demo_file)
    for read_only in (False, None):
        with pytest.raises(DamagedDatabaseError) as info:
            open_database(demo_file, read_only=read_only)
        assert info.value.kind == DamagedDatabaseError.CORRUPT
        assert "está dañada: no pasa la revisión de SQLite (quick_check)" in str(info.value)
        assert fingerprint(demo_file) == before


def test_reading_without_the_full_check_meets_the_damage_with_its_message(demo_file):
    """A reading command skips quick_check to open fast; the damage is reported where the
    reading meets it, and the file is not written."""
    corrupt(demo_file)
    before = fingerprint(demo_file)
    db = open_database(demo_file, create=False, reading=True, quick_check=False)
    try:
        with pytest.raises(Exception) as info, db.Session() as s:
            s.scalar(select(func.sum(Sale.amount_cents)))
    finally:
        db.close()
    assert fault_kind(info.value) == "corrupt"
    assert explain(info.value).startswith("la base de datos está dañada")
    assert fingerprint(demo_file) == before


def test_a_file_that_is_not_a_database(tmp_path):
    path = tmp_path / "ventas.db"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 2000)  # a spreadsheet given the wrong name
    before = fingerprint(path)
    with pytest.raises(DamagedDatabaseError) as info:
        open_database(path)
    assert info.value.kind == DamagedDatabaseError.NOT_DATABASE
    assert fingerprint(path) == before


# --- read-only ------------------------------------------------------------------------------


def test_a_read_only_database_reads_and_writes_nothing(demo_file):
    before = fingerprint(demo_file)
    db = open_database(demo_file, read_only=True)
    try:
        assert db.read_only
        with db.Session() as s:
            assert s.scalar(select(func.count(Sale.id))) > 0
        with pytest.raises(OperationalError) as info, db.Session.begin() as s:
            fairs.create_fair(s, "ana", name="Feria Sur")
        assert fault_kind(info.value) == "denied"
        assert explain(info.value).startswith("no hay permiso para escribir")
    finally:
        db.close()
    assert fingerprint(demo_file) == before  # not even a -wal or -shm beside it


def test_an_old_database_in_a_read_only_place_is_not_upgraded(tmp_path):
    path = tmp_path / "antigua.db"
    engine = make_engine(str(path))
    upgrade(engine, "0001")
    engine.dispose()
    before = fingerprint(path)
    with pytest.raises(DatabaseError, match="versión anterior de Agroferia") as info:
        open_database(path, read_only=True)
    assert "solo lectura" in str(info.value)
    assert fingerprint(path) == before


# --- each fault its own message -------------------------------------------------------------


def _sqlalchemy(error: sqlite3.Error) -> OperationalError:
    return OperationalError("INSERT INTO sale …", {}, error)


def test_a_full_disk_is_named():
    # SQLite's own words when the disk fills (a real one is made in tests/cli)
    full = sqlite3.OperationalError("database or disk is full")
    assert fault_kind(_sqlalchemy(full)) == "full"
    assert "el disco está lleno" in explain(_sqlalchemy(full))
    oserror = OSError(errno.ENOSPC, "No space left on device", "/media/usb/reporte.pdf")
    assert explain(oserror) == (
        "no se pudo escribir porque el disco está lleno; no se guardó nada de esta operación. "
        "Libere espacio e intente de nuevo. (/media/usb/reporte.pdf)"
    )


def test_permission_denied_is_named():
    for code in (errno.EACCES, errno.EPERM, errno.EROFS):
        assert explain(OSError(code, "denied", "/x/a.db")).startswith("no hay permiso")


def test_a_real_busy_database_is_named(demo_file, monkeypatch):
    monkeypatch.setattr("agroferia.core.db.BUSY_TIMEOUT_MS", 100)
    other = sqlite3.connect(demo_file, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    db = open_database(demo_file)
    try:
        with pytest.raises(OperationalError) as info, db.Session.begin() as s:
            fairs.create_fair(s, "ana", name="Feria Sur")
    finally:
        db.close()
        other.execute("ROLLBACK")
        other.close()
    assert fault_kind(info.value) == "busy"
    message = explain(info.value)
    assert message.startswith("la base de datos está ocupada") and "otro programa" in message
    assert "disco" not in message


def test_each_fault_has_its_own_message_in_english():
    from agroferia import i18n

    i18n.set_language("en")
    kinds = {
        "full": _sqlalchemy(sqlite3.OperationalError("database or disk is full")),
        "denied": OSError(errno.EROFS, "Read-only file system"),
        "busy": _sqlalchemy(sqlite3.OperationalError("database is locked")),
        "corrupt": _sqlalchemy(sqlite3.DatabaseError("database disk image is malformed")),
    }
    messages = {kind: explain(exc) for kind, exc in kinds.items()}
    assert {kind: fault_kind(exc) for kind, exc in kinds.items()} == {k: k for k in kinds}
    assert messages["full"].startswith("could not write because the disk is full")
    assert messages["denied"].startswith("there is no permission to write")
    assert messages["busy"].startswith("the database is busy")
    assert messages["corrupt"].startswith("the database is damaged")
    assert "agroferia restore FILE" in messages["corrupt"]


# --- the copy before an upgrade -------------------------------------------------------------


def test_the_copy_before_an_upgrade_is_checked_and_leaves_no_temporary_file(tmp_path):
    path = tmp_path / "antigua.db"
    engine = make_engine(str(path))
    upgrade(engine, "0001")
    engine.dispose()
    db = open_database(path)
    db.close()
    assert db.backup_path is not None
    names = {p.name for p in tmp_path.iterdir()}
    assert names == {"antigua.db", db.backup_path.name}  # no temporary copy, no journal
    conn = sqlite3.connect(db.backup_path)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()


# --- closing: the WAL is written into the file ---------------------------------------------


def test_closing_checkpoints_so_a_plain_copy_holds_everything(demo_file, tmp_path):
    reader = sqlite3.connect(demo_file)  # another program keeps the file open meanwhile
    reader.execute("SELECT count(*) FROM sale").fetchone()
    db = open_database(demo_file)
    with db.Session.begin() as s:
        day = s.scalars(select(Sale.fair_day_id).limit(1)).one()
        vendor, category = s.execute(select(Sale.vendor_id, Sale.category_id).limit(1)).one()
        for cents in range(100, 184):  # the 84 recent sales a hand copy once lost
            s.add(Sale(fair_day_id=day, vendor_id=vendor, category_id=category,
                       amount_cents=cents, payment_method="cash", entered_by="ana"))  # fmt: skip
    with db.Session() as s:
        expected = s.scalar(select(func.count(Sale.id)))
    db.close()
    wal = Path(f"{demo_file}-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    copy = tmp_path / "copia" / "feria.db"
    copy.parent.mkdir()
    shutil.copyfile(demo_file, copy)  # the file alone, as a person copies it
    reader.close()
    conn = sqlite3.connect(copy)
    assert conn.execute("SELECT count(*) FROM sale").fetchone()[0] == expected
    conn.close()


def test_closing_a_read_only_database_writes_nothing(demo_file):
    before = fingerprint(demo_file)
    open_database(demo_file, read_only=True).close()
    assert fingerprint(demo_file) == before


# --- the write lock -------------------------------------------------------------------------


def test_a_writer_waits_for_another_instead_of_failing(demo_file):
    """A transaction that reads and then writes while another program holds the write lock
    waits for it (BEGIN IMMEDIATE) instead of failing at its first write."""
    other = sqlite3.connect(demo_file, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    releaser = threading.Timer(0.8, lambda: other.execute("COMMIT"))
    db = open_database(demo_file)
    try:
        started = time.perf_counter()
        releaser.start()
        with db.Session.begin() as s:
            fairs.fair_by_name(s, "Agroferia Campesina de Magdalena")  # reads first
            fairs.create_fair(s, "ana", name="Feria Sur")
        waited = time.perf_counter() - started
    finally:
        releaser.join()
        db.close()
        other.close()
    assert 0.7 < waited < 5
    conn = sqlite3.connect(demo_file)
    assert conn.execute("SELECT count(*) FROM fair WHERE name = 'Feria Sur'").fetchone() == (1,)
    conn.close()


def test_a_long_reading_session_does_not_keep_writers_out(demo_file):
    """Sessions that only read (the window keeps some open) hold no write lock."""
    db = open_database(demo_file)
    try:
        with db.Session() as reading:
            reading.scalar(select(func.count(Sale.id)))  # a read transaction, still open
            other = sqlite3.connect(demo_file, timeout=0, isolation_level=None)
            other.execute("BEGIN IMMEDIATE")  # would fail at once if the reader held it
            other.execute("ROLLBACK")
            other.close()
    finally:
        db.close()
