"""Automatic backups: rotation by day, week and month (fixed dates), the copies before a
restore, the second folder, and the newest good backup of one database."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from agroferia.core import backup, settings
from agroferia.core.backup import manifest as mf
from agroferia.core.backup.manifest import BackupInfo, Contents
from agroferia.core.errors import ValidationError
from tests.backups import data_folder, files

# backups of SQLite files
pytestmark = pytest.mark.sqlite_only

assert data_folder  # the user data folder of each test (autouse)
UTC = dt.UTC


def at(day: str, hour: int = 20, reason: str = mf.CLOSE) -> BackupInfo:
    moment = dt.datetime.fromisoformat(day).replace(hour=hour, tzinfo=UTC)
    return BackupInfo(path=Path(f"{day}-{hour:02d}-{reason}.agroferia"), created_at=moment,
                      created_local=moment, app_version="0.1.0", schema_revision="0006",
                      contents=Contents(), sha256="0" * 64, database_size=1, reason=reason)  # fmt: skip


def days(first: dt.date, n: int) -> list[str]:
    return [(first + dt.timedelta(days=i)).isoformat() for i in range(n)]


def test_rotation_keeps_7_days_4_weeks_12_months():
    infos = []
    for day in days(dt.date(2026, 1, 1), 40):  # Thursday 1 January to Monday 9 February
        infos += [at(day, 9, mf.DAILY), at(day, 20, mf.CLOSE)]
    kept = backup.keep(infos)
    expected = [at(day) for day in days(dt.date(2026, 2, 3), 7)]  # the newest of each day
    expected += [at("2026-02-01"), at("2026-01-25")]  # ISO weeks 5 and 4 (6 and 7: above)
    expected += [at("2026-01-31")]  # January (February's is the 9th)
    assert kept == {i.path for i in expected}


def test_the_only_backup_of_a_kept_slot_stays():
    infos = [at("2025-03-10"), at("2025-11-02", 8), at("2026-01-05"), at("2026-01-05", 21)]
    kept = backup.keep(infos)
    assert kept == {at("2025-03-10").path, at("2025-11-02", 8).path, at("2026-01-05", 21).path}
    many = [at(f"{year}-{month:02d}-01") for year in (2024, 2025) for month in range(1, 13)]
    kept = backup.keep(many)
    assert kept == {i.path for i in many[-12:]}  # 12 months: 2025's first of each month


def test_copies_before_a_restore_are_kept_apart():
    before = [at(day, 12, mf.BEFORE_RESTORE) for day in days(dt.date(2026, 3, 1), 6)]
    before.append(at("2026-03-07", 12, mf.BEFORE_DEMO))
    closes = [at(day) for day in days(dt.date(2026, 3, 1), 3)]
    kept = backup.keep(before + closes)
    # the last 5 before a restore (of 6), and the one before a demo, kept by its own count
    assert kept == {i.path for i in before[1:]} | {i.path for i in closes}


@pytest.fixture
def two_databases(demo_db, tmp_path) -> tuple[Path, Path]:
    one = Path(demo_db.location)
    demo_db.close()
    other = tmp_path / "otra.db"
    shutil.copyfile(one, other)
    return one, other


def test_rotation_on_real_files_removes_only_its_own(two_databases, tmp_path):
    one, other = two_databases
    folder = tmp_path / "copias"
    foreign = backup.automatic(other, folder=folder, second=None,
                               now=dt.datetime(2026, 1, 1, 20, tzinfo=UTC)).backup  # fmt: skip
    manual = backup.take(one, folder, now=dt.datetime(2026, 1, 2, 10, tzinfo=UTC))
    (folder / "notas.txt").write_text("mías")
    (folder / "vieja.agroferia").write_bytes(b"no es una copia")
    made = []
    for day in days(dt.date(2026, 1, 1), 12):
        moment = dt.datetime.fromisoformat(day).replace(hour=20, tzinfo=UTC)
        result = backup.automatic(one, folder=folder, second=None, now=moment)
        made.append(result.backup.path.name)
    present = set(files(folder))
    assert {"notas.txt", "vieja.agroferia", foreign.path.name, manual.path.name} <= present
    ours = sorted(present & set(made))
    # the last 7 days (6 to 12 January); week 1 ends on Sunday the 4th; the month is the 12th
    assert ours == sorted([made[3], *made[5:]])
    removed = set(made) - present
    assert len(removed) == 12 - 8


def test_the_second_folder(demo_db, tmp_path):
    path = Path(demo_db.location)
    usb = tmp_path / "usb"
    with demo_db.Session.begin() as s:
        settings.update(s, "ana", {settings.SECOND_FOLDER_KEY: str(usb)})
    demo_db.close()
    result = backup.automatic(path, folder=tmp_path / "copias")
    assert result.copy is None and result.backup.path.is_file()  # the main one is made
    assert "memoria USB" in str(result.warning) and str(usb) in str(result.warning)
    usb.mkdir()
    result = backup.automatic(path, folder=tmp_path / "copias")
    assert result.warning is None and result.copy == usb / result.backup.path.name
    assert result.copy.read_bytes() == result.backup.path.read_bytes()
    assert backup.second_folder(path) == usb


def test_the_second_folder_setting_is_checked(session):
    with pytest.raises(ValidationError) as refused:
        settings.update(session, "ana", {settings.SECOND_FOLDER_KEY: "relativa/usb"})
    assert "ruta completa" in str(refused.value)
    settings.update(session, "ana", {settings.SECOND_FOLDER_KEY: ""})
    assert settings.backup_second_folder(session) is None


def test_last_good_is_of_this_database(two_databases, tmp_path, data_folder):
    one, other = two_databases
    early = dt.datetime(2026, 11, 20, 21, tzinfo=UTC)
    mine = backup.automatic(one, second=None, now=early).backup
    later = backup.automatic(other, second=None, now=early + dt.timedelta(days=2)).backup
    assert mine.path.parent == later.path.parent == data_folder / "copias"
    assert mine.database_id != later.database_id
    assert backup.last_good(one).path == mine.path
    assert backup.last_good(other).path == later.path
    assert [i.path for i in backup.list_backups()] == [later.path, mine.path]
    assert not backup.overdue(one, now=early + dt.timedelta(days=6))
    assert backup.overdue(one, now=early + dt.timedelta(days=8))
    assert not backup.daily_due(one, now=early + dt.timedelta(hours=1))
    assert backup.daily_due(one, now=early + dt.timedelta(days=1))
    assert backup.last_good(tmp_path / "ninguna.db") is None


def test_resetting_the_demo_often_drops_no_copy_before_a_restore():
    restored = at("2026-03-01", 12, mf.BEFORE_RESTORE)
    demos = [at(day, 12, mf.BEFORE_DEMO) for day in days(dt.date(2026, 3, 2), 8)]
    kept = backup.keep([restored, *demos])
    assert kept == {restored.path} | {i.path for i in demos[-5:]}
