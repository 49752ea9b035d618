"""A backup taken while another process keeps committing: it finishes, copies one moment
of the database, and never starts over."""

from __future__ import annotations

import importlib
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from agroferia.core import backup
from tests.backups import data_folder, unpacked

# backups of SQLite files
pytestmark = pytest.mark.sqlite_only

assert data_folder  # the user data folder of each test (autouse)
take_module = importlib.import_module(
    "agroferia.core.backup.take"
)  # the package names a function so

WRITER = textwrap.dedent("""
    import sqlite3, sys
    conn = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=5)
    conn.execute("PRAGMA journal_mode=WAL")
    n = 0
    while True:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT OR REPLACE INTO setting (key, value) VALUES ('latido', ?)", (n,))
        conn.execute("COMMIT")
        n += 1
        if n == 50:
            print("ready", flush=True)
""")


class StartedOverError(Exception):
    pass


@pytest.fixture
def demo_path(demo_db) -> Path:
    path = Path(demo_db.location)
    demo_db.close()
    return path


def test_a_backup_while_another_process_commits_copies_one_moment(demo_path, tmp_path, monkeypatch):
    monkeypatch.setattr(take_module, "PAGES", 8)  # many steps, as a large database takes
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(demo_path)],
                              stdout=subprocess.PIPE, text=True)  # fmt: skip
    steps = []

    def progress(stage: str, done: int, total: int) -> None:
        if stage == "copy":
            steps.append(done)
            time.sleep(0.01)  # a slow disk: the writer commits between two steps
            if len(steps) > 4 * (total // 8 + 1):
                raise StartedOverError(len(steps))

    try:
        assert writer.stdout.readline().strip() == "ready"
        info = backup.take(demo_path, tmp_path / "copias", progress=progress)
    finally:
        writer.kill()
        writer.wait()
    assert steps == sorted(steps)  # never back to the first page
    copy = unpacked(info.path, tmp_path)
    conn = sqlite3.connect(copy)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert int(conn.execute("SELECT value FROM setting WHERE key='latido'").fetchone()[0]) >= 49
    finally:
        conn.close()
