"""Helpers for the backup tests: the user data folder of each test, rewriting a backup's
manifest or database as a newer version or a damaged copy would have it."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
MANIFEST, DATABASE = "manifest.json", "agroferia.db"


@pytest.fixture
def data_folder(app_data_dir: Path) -> Path:
    """The user data folder of each test (``copias``, the automatic backups, is in it)."""
    return app_data_dir


def demo_with_accounts(folder: Path) -> Path:
    """``folder/demo.db``: the demo with its accounts (admin, organizador, tesorero,
    consulta), built by the command line as a person would."""
    path = folder / "demo.db"
    env = {**os.environ, "PYTHONPATH": str(REPO), "XDG_DATA_HOME": str(folder / "datos"),
           "AGROFERIA_LOG_DIR": str(folder / "logs")}  # fmt: skip
    done = subprocess.run([sys.executable, "-m", "agroferia", "--db", str(path), "demo",
                           "--until", "2026-11-22"], env=env, capture_output=True,
                          check=False, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    return path


def rewrite(path: Path, *, manifest: dict | None = None, database: bytes | None = None) -> None:
    """The backup ``path`` written again with these manifest fields or database bytes."""
    with zipfile.ZipFile(path) as archive:
        data = json.loads(archive.read(MANIFEST))
        db = archive.read(DATABASE)
    data.update(manifest or {})
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(MANIFEST, json.dumps(data), compress_type=zipfile.ZIP_STORED)
        archive.writestr(DATABASE, db if database is None else database)


def database_bytes(path: Path) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read(DATABASE)


def unpacked(path: Path, folder: Path) -> Path:
    """The database inside the backup ``path``, written out into ``folder``."""
    out = folder / f"{path.stem}.db"
    out.write_bytes(database_bytes(path))
    return out


def count(path: Path, table: str) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


def dump(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []
