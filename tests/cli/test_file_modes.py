"""Files for their owner only: the folders the app makes are 0700 and the files it writes
(database, -wal/-shm, copies, log and rotations, exports, preferences) 0600, measured with
``os.stat`` on the files the real commands make, started with the usual umask 022."""

from __future__ import annotations

import contextlib
import io
import logging
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from agroferia import cli, logs
from agroferia.core import fairs, files
from agroferia.core.db import make_engine, open_database, upgrade

# the modes of SQLite files and their copies
pytestmark = [
    pytest.mark.sqlite_only,
    pytest.mark.skipif(os.name != "posix", reason="POSIX file modes"),
]

REPO = Path(__file__).resolve().parents[2]
PERIOD = ["--from", "2025-01-01", "--to", "2026-12-31"]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def usual_umask():
    """Each test starts as a person's shell does (022: files 0644, folders 0755); what
    ``cli.main`` changes is put back afterwards."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(argv)
    return code, out.getvalue(), err.getvalue()


def home_env(home: Path) -> dict[str, str]:
    """An environment whose user folders are all under ``home`` (none made yet), with no
    override: the app uses its default folders."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AGROFERIA_", "XDG_"))}
    return env | {
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_STATE_HOME": str(home / ".local" / "state"),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "PYTHONPATH": str(REPO),
    }


def module(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    """``python -m agroferia ARGS`` from a shell whose umask is 022."""
    return subprocess.run(
        ["sh", "-c", 'umask 022 && exec "$0" -m agroferia "$@"', sys.executable, *args],
        env=env, cwd=cwd, capture_output=True, text=True, encoding="utf-8", timeout=180,
        stdin=subprocess.DEVNULL, check=False,
    )  # fmt: skip


def where(env: dict[str, str], cwd: Path) -> tuple[Path, Path]:
    """The default data folder and log file of that environment, as the app finds them."""
    done = subprocess.run(
        [sys.executable, "-c", "from agroferia import config, logs\n"
         "print(config.data_dir()); print(logs.log_file())"],
        env=env, cwd=cwd, capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    data, log = done.stdout.splitlines()
    return Path(data), Path(log)


def test_a_first_run_makes_everything_owner_only(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    env = home_env(home)
    data, log = where(env, tmp_path)
    done = module(["demo", "--seed", "3", "--until", "2026-01-10"], env, tmp_path)
    assert done.returncode == 0, done.stderr
    db = data / "agroferia.db"
    assert mode(db) == 0o600
    for folder in (data, log.parent):  # and each folder the app had to make for them
        assert mode(folder) == 0o700
        while folder.parent != home:
            folder = folder.parent
            assert mode(folder) == 0o700, folder
    assert mode(log) == 0o600

    out = tmp_path / "salida"  # a folder of the person's: left as it is
    out.mkdir()
    for args in (
        ["export", "excel", *PERIOD, "--out", str(out / "resumen.xlsx")],
        ["export", "pdf", *PERIOD, "--out", str(out / "reporte.pdf")],
        ["export", "day", "--date", "2026-01-04", "--out", str(out / "jornada.pdf")],
        ["template", "vendors", "--out", str(out / "plantilla.xlsx")],
        ["--user", "admin", "demo", "--seed", "4", "--until", "2026-01-10", "--replace"],
    ):
        done = module(args, env | {"AGROFERIA_PASSWORD": "demo-admin"}, tmp_path)
        assert done.returncode == 0, done.stderr
    made = sorted(p.name for p in out.iterdir())
    assert made == ["jornada.pdf", "plantilla.xlsx", "reporte.pdf", "resumen.xlsx"]
    assert {p.name: mode(p) for p in out.iterdir()} == dict.fromkeys(made, 0o600)
    assert mode(out) == 0o755
    copies = list((data / "copias").glob("*_antes-de-demo.agroferia"))
    assert len(copies) == 1 and mode(copies[0]) == 0o600
    assert mode(data / "copias") == 0o700
    assert sorted(p.name for p in data.iterdir()) == ["agroferia.db", "copias"]


def test_folders_an_older_version_left_open_are_closed(tmp_path):
    """An installation made before: the data folder and the log folder 0755, the log and
    a rotation 0644 (with whatever they held). Their folders become 0700, the log 0600; the
    database keeps the mode it has, inside its closed folder."""
    home = tmp_path / "home"
    home.mkdir()
    env = home_env(home)
    data, log = where(env, tmp_path)
    for folder in (data, log.parent):
        folder.mkdir(parents=True)
        folder.chmod(0o755)
    done = module(["demo", "--seed", "3", "--until", "2026-01-10"], env, tmp_path)
    assert done.returncode == 0, done.stderr
    old_log = Path(f"{log}.2")
    for path in (data / "agroferia.db", log, old_log):
        path.touch()
        path.chmod(0o644)
        path.parent.chmod(0o755)
    done = module(["stats", *PERIOD], env, tmp_path)
    assert done.returncode == 0, done.stderr
    assert (mode(data), mode(log.parent), mode(log), mode(old_log)) == (0o700, 0o700, 0o600, 0o600)
    assert mode(data / "agroferia.db") == 0o644


def test_a_new_database_and_its_companions(tmp_path):
    """Opened through the app's own path with the umask 022 (no ``cli.main`` before): the
    folders made for it 0700, the database and its -wal and -shm, while open, 0600; the
    person's folder that was there already keeps its mode."""
    theirs = tmp_path / "ferias"
    theirs.mkdir(mode=0o755)
    path = theirs / "nueva" / "2026" / "feria.db"
    db = open_database(path)
    try:
        with db.Session.begin() as s:
            fairs.create_fair(s, "ana", name="Feria Sur")
        companions = [Path(f"{path}-wal"), Path(f"{path}-shm")]
        assert all(p.exists() for p in companions)
        assert [mode(p) for p in (path, *companions)] == [0o600] * 3
        assert (mode(path.parent), mode(path.parent.parent), mode(theirs)) == (
            0o700,
            0o700,
            0o755,
        )
    finally:
        db.close()


def _old_database(path: Path, file_mode: int) -> Path:
    path.parent.mkdir()
    engine = make_engine(str(path))
    upgrade(engine, "0001")
    engine.dispose()
    path.chmod(file_mode)
    return path


@pytest.mark.parametrize("file_mode", [0o600, 0o640, 0o644], ids=oct)
def test_a_copy_before_an_upgrade_is_never_readable_by_others(tmp_path, file_mode):
    """The person's database keeps its own mode; the copy taken before upgrading it is 0600,
    through the command line and through the services alike."""
    by_command = _old_database(tmp_path / "por-comando" / "feria.db", file_mode)
    code, _out, err = run(["--db", str(by_command), "stats", *PERIOD])
    assert code == 0, err
    os.umask(0o022)  # as before the command: the services alone
    by_service = _old_database(tmp_path / "por-servicio" / "feria.db", file_mode)
    db = open_database(by_service)
    db.close()
    for path, copy in ((by_command, None), (by_service, db.backup_path)):
        copies = list(path.parent.glob("feria.0001.*.bak"))
        assert len(copies) == 1 and copy in (None, copies[0])
        assert mode(copies[0]) == 0o600
        assert mode(path) == file_mode


def test_the_command_narrows_the_umask(tmp_path):
    code, _out, err = run(["--db", str(tmp_path / "a.db"), "demo", "--until", "2026-01-10"])
    assert code == 0, err
    current = os.umask(0o022)
    assert current == 0o077
    assert mode(tmp_path / "a.db") == 0o600


def test_the_log_and_its_rotations(tmp_path, monkeypatch):
    folder = tmp_path / "registros" / "agroferia"
    monkeypatch.setenv("AGROFERIA_LOG_DIR", str(folder))
    folder.mkdir(parents=True)
    old = folder / "agroferia.log.3"
    old.write_text("antes\n")
    old.chmod(0o644)
    assert logs.setup() == folder / "agroferia.log"
    log = logging.getLogger("agroferia.prueba")
    for n in range(2_500):  # past 1 MB: the log rotates twice
        log.info("línea %d %s", n, "x" * 800)
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["agroferia.log", "agroferia.log.1", "agroferia.log.2", "agroferia.log.3"]
    assert {p.name: mode(p) for p in folder.iterdir()} == dict.fromkeys(names, 0o600)
    assert mode(folder) == 0o755  # a folder given by AGROFERIA_LOG_DIR that exists: its own


def test_the_preferences(tmp_path, monkeypatch, qapp):
    from agroferia.ui.prefs import Prefs

    folder = tmp_path / "config" / "agroferia"
    monkeypatch.setenv("AGROFERIA_CONFIG_DIR", str(folder))
    prefs = Prefs()
    prefs.set_language("en")
    prefs.add_recent(str(tmp_path / "feria.db"))
    prefs.sync()
    assert Prefs().language() == "en"
    assert (mode(folder.parent), mode(folder), mode(folder / "agroferia.ini")) == (
        0o700,
        0o700,
        0o600,
    )
    # the default folder of an older version is closed
    monkeypatch.delenv("AGROFERIA_CONFIG_DIR")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    default = tmp_path / "xdg" / "agroferia"
    default.mkdir(parents=True, mode=0o755)
    shutil.copy(folder / "agroferia.ini", default / "agroferia.ini")
    (default / "agroferia.ini").chmod(0o644)
    assert Prefs().language() == "en"
    assert mode(default) == 0o700


def test_nothing_is_changed_where_modes_do_not_apply(tmp_path, monkeypatch):
    """On Windows (no POSIX modes) the same calls change no permission."""
    monkeypatch.setattr(files, "POSIX", False)
    folder = tmp_path / "abierta"
    folder.mkdir(mode=0o755)
    log = folder / "agroferia.log"
    log.touch(mode=0o644)
    files.private_umask()
    assert os.umask(0o022) == 0o022
    files.private_folder(folder, tighten=True)
    files.narrow_file(log)
    assert (mode(folder), mode(log)) == (0o755, 0o644)


def test_a_database_file_made_elsewhere_keeps_working(tmp_path):
    """A database given by the person with its own mode is opened and written as it is."""
    path = tmp_path / "compartida.db"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 1")  # an SQLite database, without tables
    conn.close()
    path.chmod(0o640)
    db = open_database(path)
    try:
        with db.Session.begin() as s:
            fairs.create_fair(s, "ana", name="Feria Norte")
    finally:
        db.close()
    assert mode(path) == 0o640
