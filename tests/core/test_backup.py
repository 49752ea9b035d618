"""Taking, reading and restoring backups on real SQLite files."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import sqlite3
import stat
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import select

from agroferia.core import backup, stats, summaries
from agroferia.core.accounts import NotAllowedError
from agroferia.core.db import head_revision, open_database, upgrade
from agroferia.core.errors import OperationError
from agroferia.core.models import AuditLog
from tests.accounts import PASSWORD, add_account
from tests.backups import count, data_folder, database_bytes, dump, files, rewrite

# backups of SQLite files
pytestmark = pytest.mark.sqlite_only

assert data_folder  # the user data folder of each test (autouse)
NAME = re.compile(r"^(?P<fair>[a-z0-9-]+)_\d{4}-\d{2}-\d{2}_\d{4}\.agroferia$")
NOW = dt.datetime(2026, 11, 29, 21, 30, tzinfo=dt.UTC)


@pytest.fixture
def demo_path(demo_db) -> Path:
    path = Path(demo_db.location)
    demo_db.close()
    return path


def _without_id(lines: list[str]) -> list[str]:
    """A dump without the database's identifier (written by its first backup)."""
    return [line for line in lines if "'database_id'" not in line]


def _add_sales_in_the_wal(path: Path, n: int) -> sqlite3.Connection:
    """``n`` committed sales that stay in the ``-wal`` file: the connection that wrote them
    is left open and never checkpoints."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA wal_autocheckpoint=0")
    conn.execute("BEGIN")
    conn.execute(
        "INSERT INTO sale (fair_day_id, vendor_id, category_id, amount_cents, payment_method, "
        "entered_by, entered_at) SELECT fair_day_id, vendor_id, category_id, 1234, "
        f"payment_method, 'wal', entered_at FROM sale ORDER BY id LIMIT {n}"
    )
    conn.execute("COMMIT")
    return conn


def rebuild_summary(path: Path) -> None:
    database = open_database(path)
    with database.Session.begin() as s:
        summaries.rebuild(s)
    database.close()


def test_a_backup_holds_the_sales_still_in_the_wal(demo_path, tmp_path):
    before = count(demo_path, "sale")
    writer = _add_sales_in_the_wal(demo_path, 84)
    try:
        assert Path(f"{demo_path}-wal").stat().st_size > 0
        by_hand = tmp_path / "a-mano.db"
        shutil.copyfile(demo_path, by_hand)  # what copying the file gives: sales missing
        assert count(by_hand, "sale") == before
        info = backup.take(demo_path, tmp_path / "copias")
    finally:
        writer.close()
    restored = tmp_path / "restaurada.db"
    restored.write_bytes(database_bytes(info.path))
    assert count(restored, "sale") == before + 84
    assert info.contents.sales == before + 84
    rebuild_summary(demo_path)  # sales written by hand, outside the application


def test_the_backup_file_its_name_mode_and_manifest(demo_path, tmp_path):
    info = backup.take(demo_path, tmp_path, now=NOW)
    assert info.path.parent == tmp_path
    assert NAME.match(info.path.name), info.path.name
    assert info.path.name == "agroferia-campesina-de-magdalena_2026-11-29_2130.agroferia"
    assert stat.S_IMODE(info.path.stat().st_mode) == 0o600
    assert files(tmp_path) == sorted([info.path.name, "demo.db"])
    with zipfile.ZipFile(info.path) as archive:
        assert archive.namelist() == ["manifest.json", "agroferia.db"]
        manifest = json.loads(archive.read("manifest.json"))
        assert archive.getinfo("agroferia.db").compress_size < info.database_size / 2
    assert manifest["format"] == "agroferia-backup" and manifest["format_version"] == 1
    assert manifest["schema_revision"] == head_revision()
    assert manifest["created_at_utc"] == "2026-11-29T21:30:00+00:00"
    assert dt.datetime.fromisoformat(manifest["created_at_local"]) == NOW
    conn = sqlite3.connect(demo_path)
    try:
        sales, total = conn.execute("SELECT count(*), sum(amount_cents) FROM sale").fetchone()
        fairs = [r[0] for r in conn.execute("SELECT name FROM fair")]
        vendors = conn.execute("SELECT count(*) FROM vendor").fetchone()[0]
        last = conn.execute("SELECT max(date) FROM fair_day WHERE date <= '2026-11-29'").fetchone()
    finally:
        conn.close()
    assert (manifest["sales"], manifest["sales_total_cents"]) == (sales, total)
    assert manifest["fairs"] == fairs and manifest["vendors"] == vendors == 84
    assert manifest["last_fair_day"] == last[0] == "2026-11-22"
    assert manifest["database_path"] == str(demo_path.resolve())
    assert re.fullmatch(r"[0-9a-f]{32}", manifest["database_id"])
    again = backup.take(demo_path, tmp_path, now=NOW)  # the same minute: another name
    assert again.path != info.path and again.database_id == info.database_id
    assert backup.inspect(again.path).contents == info.contents


def test_a_backup_of_an_open_database_or_engine(demo_db, tmp_path):
    info = backup.take(demo_db, tmp_path / "uno.agroferia")
    assert info.path == tmp_path / "uno.agroferia"
    info = backup.take(demo_db.engine, tmp_path / "dos.agroferia")
    assert backup.inspect(info.path).contents.vendors == 84


def test_a_server_database_is_refused(tmp_path):
    with pytest.raises(backup.ServerDatabaseError, match="pg_dump"):
        backup.take("postgresql://feria@localhost/agroferia", tmp_path)
    assert files(tmp_path) == []


def test_a_damaged_database_gives_no_backup(demo_path, tmp_path):
    data = bytearray(demo_path.read_bytes())
    data[4096 * 3 : 4096 * 3 + 64] = b"\xff" * 64  # a page of a table, overwritten
    demo_path.write_bytes(bytes(data))
    with pytest.raises((backup.SourceDamagedError, backup.BackupError)):
        backup.take(demo_path, tmp_path / "copias")
    assert files(tmp_path / "copias") == []


def test_refusals_name_what_is_wrong(demo_path, tmp_path):
    text = tmp_path / "notas.agroferia"
    text.write_text("no soy una copia")
    with pytest.raises(backup.NotABackupError, match="no es una copia de seguridad"):
        backup.inspect(text)
    other = tmp_path / "otro.zip"
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("hola.txt", "hola")
    with pytest.raises(backup.NotABackupError):
        backup.inspect(other)
    info = backup.take(demo_path, tmp_path / "copias")
    cut = tmp_path / "cortada.agroferia"
    cut.write_bytes(info.path.read_bytes()[: info.size // 2])
    with pytest.raises(backup.DamagedBackupError, match="dañada o incompleta"):
        backup.inspect(cut)
    newer = tmp_path / "nueva.agroferia"
    shutil.copyfile(info.path, newer)
    rewrite(newer, manifest={"schema_revision": "0099", "app_version": "9.0"})
    with pytest.raises(backup.BackupTooNewError) as refused:
        backup.inspect(newer)
    message = str(refused.value)
    assert "9.0" in message and "0099" in message and head_revision() in message
    assert backup.inspect(info.path).schema_revision == head_revision()


def test_round_trip_onto_a_new_computer(demo_path, tmp_path):
    info = backup.take(demo_path, tmp_path / "copias")
    target = tmp_path / "otra-pc" / "agroferia.db"
    result = backup.restore(info.path, target, actor="rosa", folder=tmp_path / "antes")
    assert result.before is None and result.target == target
    assert files(tmp_path / "antes") == []
    assert files(target.parent) == ["agroferia.db"]  # nothing else left beside it
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    period = (dt.date(2025, 1, 1), dt.date(2026, 11, 30))
    results = []
    for path in (demo_path, target):
        db = open_database(path, create=False)
        with db.Session() as s:
            results.append(stats.compute(s, *period).to_json())
        db.close()
    assert results[0] == results[1]
    assert dump(demo_path) == [line for line in dump(target) if "'restore'" not in line]
    db = open_database(target, create=False)
    with db.Session() as s:
        entry = s.scalars(select(AuditLog).where(AuditLog.action == "restore")).one()
    db.close()
    assert entry.actor == "rosa" and entry.entity == "database"
    after = json.loads(entry.after)
    assert after["file"] == info.path.name
    assert after["created_at"] == info.created_local.isoformat(timespec="seconds")


def test_restore_keeps_the_current_database_first(demo_path, db_path, tmp_path, data_folder):
    info = backup.take(demo_path, tmp_path / "copias")
    before = dump(db_path)
    result = backup.restore(info.path, db_path, actor="rosa")
    assert result.before is not None
    assert result.before.path.parent == data_folder / "copias"
    assert result.before.path.name.endswith("_antes-de-restaurar.agroferia")
    assert result.before.reason == backup.BEFORE_RESTORE
    kept = tmp_path / "antes.db"
    kept.write_bytes(database_bytes(result.before.path))
    assert _without_id(dump(kept)) == _without_id(before)
    assert count(db_path, "sale") == info.contents.sales
    assert not Path(f"{db_path}-wal").exists() and not Path(f"{db_path}-shm").exists()
    assert [p for p in files(db_path.parent) if p.endswith(".tmp")] == []


def test_refused_restores_write_nothing(demo_path, db_path, tmp_path, data_folder):
    info = backup.take(demo_path, tmp_path / "copias")
    damaged = tmp_path / "dañada.agroferia"
    shutil.copyfile(info.path, damaged)
    data = bytearray(database_bytes(info.path))
    data[-100] ^= 0xFF
    rewrite(damaged, database=bytes(data))  # the manifest's SHA-256 no longer matches
    assert backup.inspect(damaged).sha256 == info.sha256  # seen only when restoring
    newer = tmp_path / "nueva.agroferia"
    shutil.copyfile(info.path, newer)
    rewrite(newer, manifest={"schema_revision": "0099"})
    not_one = tmp_path / "nada.agroferia"
    not_one.write_bytes(b"PK\x03\x04" + b"\0" * 100)
    before, beside = dump(db_path), files(db_path.parent)
    for path, error in ((damaged, backup.DamagedBackupError),
                        (newer, backup.BackupTooNewError),
                        (not_one, backup.NotABackupError),
                        (tmp_path / "no-existe.agroferia", backup.BackupError)):  # fmt: skip
        with pytest.raises(error):
            backup.restore(path, db_path, actor="rosa")
        assert dump(db_path) == before
        assert files(db_path.parent) == beside
    assert files(data_folder / "copias") == []  # refused before the copy of the current one


def test_only_an_administrator_restores(demo_path, db, tmp_path):
    with db.Session.begin() as s:
        for name, role in (("mira", "viewer"), ("teso", "treasurer"), ("organiza", "organizer")):
            add_account(s, name, role)
    path = Path(db.location)
    info = backup.take(demo_path, tmp_path / "copias")
    before = dump(path)
    for actor in ("mira", "teso", "organiza", "nadie"):
        with db.Session() as s, pytest.raises(NotAllowedError, match="administrador"):
            backup.restore(info.path, path, actor=actor, session=s)
        refused = OperationError if actor == "nadie" else NotAllowedError
        with pytest.raises(refused):  # the file read for the rights, with the password
            backup.restore(info.path, path, actor=actor, password=PASSWORD)
    with pytest.raises(OperationError, match="contraseña incorrectos"):  # and the password
        backup.restore(info.path, path, actor="admin", password="no es la clave")
    assert dump(path) == before
    with db.Session() as s:
        backup.restore(info.path, path, actor="admin", session=s)
    assert count(path, "sale") == info.contents.sales


def test_who_is_asked_for_a_password_before_a_restore_over_a_file(db, tmp_path):
    path = Path(db.location)
    assert not backup.asks_for_password(path)  # no accounts: anyone may replace it
    with db.Session.begin() as s:
        add_account(s, "mira", "viewer")
    db.close()
    before = path.read_bytes()
    assert backup.asks_for_password(path)
    backup.check_restore_rights(path, "admin", PASSWORD)
    for actor, password in (("admin", "otra clave larga"), ("nadie", PASSWORD)):
        with pytest.raises(OperationError, match="Usuario o contraseña incorrectos"):
            backup.check_restore_rights(path, actor, password)
    with pytest.raises(NotAllowedError):
        backup.check_restore_rights(path, "mira", PASSWORD)
    assert path.read_bytes() == before  # read, never written
    empty, other = tmp_path / "vacia.db", tmp_path / "otra.db"
    empty.write_bytes(b"")
    other.write_bytes(b"esto no es una base de datos " * 200)
    for each in (empty, other, tmp_path / "no-existe.db"):
        assert not backup.asks_for_password(each)
        backup.check_restore_rights(each, "nadie", None)  # nothing there to protect


def test_a_database_in_use_is_not_replaced(demo_path, db, tmp_path):
    info = backup.take(demo_path, tmp_path / "copias")
    path = Path(db.location)
    with db.Session() as s:
        s.execute(select(AuditLog.id)).all()  # an open connection, as a window keeps
        before = dump(path)
        with pytest.raises(backup.DatabaseInUseError, match="ciérrelo"):
            backup.restore(info.path, path, actor="rosa")
    assert _without_id(dump(path)) == _without_id(before)  # only its identifier was added


def test_an_older_backup_is_brought_to_the_current_schema(tmp_path):
    old = tmp_path / "vieja.db"
    db = open_database(old, migrate=False)
    upgrade(db.engine, "0005")
    db.close()
    info = backup.take(old, tmp_path)
    assert info.schema_revision == "0005"
    target = tmp_path / "nueva.db"
    backup.restore(info.path, target, actor="rosa")
    conn = sqlite3.connect(target)
    try:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == (
            head_revision()
        )
    finally:
        conn.close()


def test_a_damaged_database_is_set_aside_not_lost(demo_path, tmp_path, data_folder):
    info = backup.take(demo_path, tmp_path / "copias")
    target = tmp_path / "rota.db"
    target.write_bytes(b"esto no es una base de datos " * 200)
    result = backup.restore(info.path, target, actor="rosa")
    assert result.before is None and result.set_aside is not None
    assert result.set_aside.read_bytes().startswith(b"esto no es")
    assert count(target, "sale") == info.contents.sales


def test_a_database_with_damaged_pages_is_set_aside(demo_path, tmp_path, data_folder):
    info = backup.take(demo_path, tmp_path / "copias")
    target = tmp_path / "dañada.db"
    shutil.copyfile(demo_path, target)
    with target.open("r+b") as fh:  # pages in the middle overwritten, as a bad sector does
        fh.seek(4096 * 20)
        fh.write(b"\xff" * 8192)
    damaged = target.read_bytes()
    result = backup.restore(info.path, target, actor="rosa")
    assert result.before is None and result.set_aside.read_bytes() == damaged
    assert count(target, "sale") == info.contents.sales


def test_a_damaged_database_names_its_latest_good_backup(demo_path, tmp_path, data_folder):
    from agroferia.core.db import open_database
    from agroferia.core.errors import DamagedDatabaseError

    target = tmp_path / "feria.db"
    shutil.copyfile(demo_path, target)
    older = backup.automatic(
        target, reason=backup.DAILY, now=dt.datetime(2026, 11, 20, tzinfo=dt.UTC)
    )
    latest = backup.automatic(target, reason=backup.CLOSE).backup
    assert older.backup.path != latest.path
    with target.open("r+b") as fh:
        fh.seek(4096 * 20)
        fh.write(b"\xff" * 8192)
    with pytest.raises(DamagedDatabaseError) as refused:
        open_database(target)
    assert f"agroferia restore {latest.path}" in str(refused.value)


def test_a_folder_that_cannot_be_written_leaves_nothing(demo_path, tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root writes anywhere (tests/cli/test_backup_cli.py uses a mount)")
    folder = tmp_path / "cerrada"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(backup.NoPermissionError, match="no tiene permiso"):
            backup.take(demo_path, folder)
        assert files(folder) == []
    finally:
        folder.chmod(0o700)
