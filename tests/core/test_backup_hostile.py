"""Backup files made to break the restore: members encrypted or compressed in an unknown way,
a manifest that would fill the memory or lies about the schema, a database member larger
than its manifest says; and a restore refused while the database is in use, which makes no
copy of it (so the rotation of the copies before a restore loses none)."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import struct
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import select

from agroferia.core import backup
from agroferia.core.backup.automatic import BEFORE
from agroferia.core.db import open_database
from agroferia.core.models import AuditLog
from tests.backups import DATABASE, MANIFEST, data_folder, database_bytes, dump, files

# backups of SQLite files
pytestmark = pytest.mark.sqlite_only

assert data_folder  # the user data folder of each test (autouse)


@pytest.fixture
def demo_path(demo_db) -> Path:
    path = Path(demo_db.location)
    demo_db.close()
    return path


@pytest.fixture
def made(demo_path, tmp_path) -> backup.BackupInfo:
    return backup.take(demo_path, tmp_path / "hechas")


def _parts(info: backup.BackupInfo) -> tuple[dict, bytes]:
    with zipfile.ZipFile(info.path) as archive:
        return json.loads(archive.read(MANIFEST)), archive.read(DATABASE)


def _flag(path: Path, member: int, *, method: int | None = None, encrypted: bool = False):
    """The ``member``-th entry of the zip marked encrypted, or compressed with ``method``, in
    its local header and in the central directory, as another program could write it."""
    data = bytearray(path.read_bytes())
    local = [i for i in range(len(data) - 4) if data[i : i + 4] == b"PK\x03\x04"][member]
    central = [i for i in range(len(data) - 4) if data[i : i + 4] == b"PK\x01\x02"][member]
    for flags, kind in ((local + 6, local + 8), (central + 8, central + 10)):
        if encrypted:
            data[flags : flags + 2] = struct.pack("<H", 1)
        if method is not None:
            data[kind : kind + 2] = struct.pack("<H", method)
    path.write_bytes(bytes(data))


def _write(path: Path, manifest: dict | bytes, database: bytes) -> Path:
    raw = manifest if isinstance(manifest, bytes) else json.dumps(manifest).encode()
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(MANIFEST, raw, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr(DATABASE, database, compress_type=zipfile.ZIP_DEFLATED)
    return path


@pytest.mark.parametrize(
    ("member", "change"),
    [
        (0, {"encrypted": True}),
        (0, {"method": 99}),
        (1, {"encrypted": True}),
        (1, {"method": 99}),
    ],
    ids=["manifest-encrypted", "manifest-unknown-method", "db-encrypted", "db-unknown-method"],
)
def test_members_zipfile_cannot_read_are_a_damaged_backup(made, db_path, tmp_path, member, change):
    odd = tmp_path / "rara.agroferia"
    _write(odd, *_parts(made))
    _flag(odd, member, **change)
    before, beside = dump(db_path), files(db_path.parent)
    with pytest.raises(backup.DamagedBackupError, match=r"rara\.agroferia está dañada"):
        backup.restore(odd, db_path, actor="rosa")
    assert dump(db_path) == before and files(db_path.parent) == beside


def test_backup_list_and_rotation_go_past_a_file_zipfile_cannot_read(made, demo_path, data_folder):
    folder = data_folder / "copias"
    folder.mkdir(parents=True)
    odd = _write(folder / "rara.agroferia", *_parts(made))
    _flag(odd, 0, encrypted=True)
    assert backup.list_backups(folder) == []
    result = backup.automatic(demo_path, second=None)  # its rotation reads the folder too
    assert [i.path for i in backup.list_backups(folder)] == [result.backup.path]
    assert odd.exists()


def test_a_huge_manifest_is_not_read_into_memory(made, tmp_path):
    manifest, database = _parts(made)
    text = json.dumps(manifest).encode()
    huge = tmp_path / "enorme.agroferia"
    with zipfile.ZipFile(huge, "w") as archive:  # valid JSON: 64 MB of spaces inside it
        entry = zipfile.ZipInfo(MANIFEST)
        entry.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(entry, "w") as out:
            out.write(text[:-1])
            for _ in range(64):
                out.write(b" " * (1 << 20))
            out.write(b"}")
        archive.writestr(DATABASE, database, compress_type=zipfile.ZIP_DEFLATED)
    assert huge.stat().st_size < 2_000_000
    with pytest.raises(backup.DamagedBackupError, match=r"manifest\.json"):
        backup.inspect(huge)
    deep = _write(tmp_path / "honda.agroferia", b"[" * 200_000 + b"]" * 200_000, database)
    with pytest.raises(backup.DamagedBackupError):
        backup.inspect(deep)


def _other_revision(database: bytes, folder: Path, revision: str | None) -> bytes:
    path = folder / "cambiada.db"
    path.write_bytes(database)
    conn = sqlite3.connect(path)
    if revision is None:
        conn.execute("DROP TABLE alembic_version")
    else:
        conn.execute("UPDATE alembic_version SET version_num = ?", (revision,))
    conn.commit()
    conn.close()
    return path.read_bytes()


@pytest.mark.parametrize("revision", ["9999", "0005", None], ids=["newer", "older", "none"])
def test_a_manifest_lying_about_the_schema_is_refused_before_anything_changes(
    made, db_path, tmp_path, data_folder, revision
):
    manifest, database = _parts(made)
    changed = _other_revision(database, tmp_path, revision)
    manifest |= {"sha256": hashlib.sha256(changed).hexdigest(), "database_size": len(changed)}
    lying = _write(tmp_path / "mentirosa.agroferia", manifest, changed)
    assert backup.inspect(lying).schema_revision == made.schema_revision  # it says so
    before, beside = dump(db_path), files(db_path.parent)
    with pytest.raises(backup.DamagedBackupError, match="schema"):
        backup.restore(lying, db_path, actor="rosa")
    assert dump(db_path) == before and files(db_path.parent) == beside
    assert files(data_folder / "copias") == []
    open_database(db_path).close()  # still the database it was


def test_a_database_member_larger_than_it_says_stops_at_its_size(made, tmp_path):
    manifest, database = _parts(made)
    bigger = _write(tmp_path / "grande.agroferia", manifest, database + b"\0" * (8 << 20))
    extracted: list[int] = []
    with pytest.raises(backup.DamagedBackupError, match="SHA-256"):
        backup.restore(bigger, tmp_path / "nueva" / "feria.db", actor="rosa",
                       progress=lambda stage, done, _total: extracted.append(done)
                       if stage == "extract" else None)  # fmt: skip
    assert max(extracted) <= made.database_size
    assert files(tmp_path / "nueva") == []


def test_a_restore_refused_while_in_use_makes_no_copy(made, db, data_folder):
    path = Path(db.location)
    for _attempt in range(BEFORE + 1):
        with db.Session() as s:
            s.execute(select(AuditLog.id)).all()  # an open connection, as a window keeps
            with pytest.raises(backup.DatabaseInUseError):
                backup.restore(made.path, path, actor="rosa")
    assert files(data_folder / "copias") == []
    assert database_bytes(made.path)  # the backup itself is untouched
