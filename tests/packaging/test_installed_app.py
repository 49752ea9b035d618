"""The app as people install it: ``packaging/build.py`` (what ``scripts/build-package.sh``
runs once the tools are installed, as ``scripts/test.sh`` installs them) builds the
one-folder app, the portable ``.tar.gz`` and the ``.deb`` once, and every test runs the
frozen program, never the source.  What it does must match the virtual environment to the
byte; its size must stay within 10 % of the targets the build declares (150 MB unpacked,
60 MB compressed)."""

from __future__ import annotations

import configparser
import json
import os
import socket
import sqlite3
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

import agroferia

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="builds the Linux package"),
]

REPO = Path(__file__).resolve().parents[2]
MARGIN = 1.10
VERSION = agroferia.__version__
PERIOD = ["--from", "2025-01-01", "--to", "2026-12-31"]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """``dist/`` of one build made with the README's build command."""
    out = tmp_path_factory.mktemp("package")
    env = {**os.environ, "AGROFERIA_VENV": sys.prefix}
    result = subprocess.run(
        [
            "bash",
            "scripts/build-package.sh",
            "--dist",
            str(out / "dist"),
            "--work",
            str(out / "build"),
        ],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return out / "dist"


@pytest.fixture
def home(tmp_path) -> dict[str, str]:
    """The environment of a person's first start: a home of their own, nothing of the test
    session's folders (its log folder among them)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("AGROFERIA_", "XDG_")) and key != "HOME"
    }
    return {
        **env,
        "HOME": str(tmp_path / "home"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "QT_QPA_PLATFORM": "offscreen",
    }


def frozen(built: Path, *args: str, env: dict, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(built / "agroferia" / "agroferia"), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.fixture
def demo_db(built, home, tmp_path) -> Path:
    db = tmp_path / "feria.db"
    result = frozen(built, "--db", str(db), "demo", env=home)
    assert result.returncode == 0, result.stderr
    assert "admin: demo-admin" in result.stdout
    return db


def test_the_frozen_app_says_its_version(built, home):
    result = frozen(built, "--version", env=home)
    assert (result.returncode, result.stdout.strip()) == (0, f"agroferia {VERSION}")


def test_the_frozen_statistics_are_the_same_bytes_as_the_source(built, home, demo_db):
    command = ["--db", str(demo_db), "stats", *PERIOD, "--json"]
    from_bundle = frozen(built, *command, env=home)
    from_source = subprocess.run(
        [sys.executable, "-m", "agroferia", *command], env=home, capture_output=True, timeout=120
    )
    assert from_bundle.returncode == 0, from_bundle.stderr
    assert from_bundle.stdout.encode() == from_source.stdout
    figures = json.loads(from_bundle.stdout)
    assert figures["fair_days"] > 0 and figures["vendors"]["present"] > 0


def test_the_frozen_exports_open(built, home, demo_db, tmp_path):
    db = ["--db", str(demo_db)]
    for args in (
        ["export", "excel", *PERIOD, "--out", str(tmp_path / "r.xlsx")],
        ["export", "pdf", *PERIOD, "--out", str(tmp_path / "r.pdf")],
        ["export", "pdf", *PERIOD, "--out", str(tmp_path / "en.pdf"), "--lang", "en"],
    ):
        result = frozen(built, *db, *args, env=home)
        assert result.returncode == 0, result.stderr
    workbook = openpyxl.load_workbook(tmp_path / "r.xlsx", read_only=True)
    assert len(workbook.sheetnames) >= 3
    text = "".join(page.extract_text() for page in PdfReader(tmp_path / "r.pdf").pages)
    assert "S/" in text and "Mujeres" in text  # Babel's es_PE money, the Spanish catalogue
    english = "".join(page.extract_text() for page in PdfReader(tmp_path / "en.pdf").pages)
    assert "Women" in english


def test_the_frozen_day_summary_opens(built, home, demo_db, tmp_path):
    with sqlite3.connect(demo_db) as conn:
        (day,) = conn.execute("SELECT max(date) FROM fair_day").fetchone()
    out = tmp_path / "day.pdf"
    result = frozen(
        built, "--db", str(demo_db), "export", "day", "--date", day, "--out", str(out), env=home
    )
    assert result.returncode == 0, result.stderr
    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    assert "S/" in text


def test_the_frozen_window_opens_and_closes_cleanly(built, home, demo_db):
    env = {**home, "AGROFERIA_QUIT_WHEN_SHOWN": "1", "AGROFERIA_PASSWORD": "demo-admin"}
    started = time.time()
    result = frozen(built, "--db", str(demo_db), "--user", "admin", env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    marks = dict(line.split() for line in result.stdout.splitlines() if line.startswith("painted"))
    assert float(marks["painted"]) - started < 10  # the window was painted (timed in bench/)
    assert "Traceback" not in result.stderr and "Error" not in result.stderr
    backups = list((Path(home["XDG_DATA_HOME"]) / "agroferia" / "copias").glob("*.agroferia"))
    assert len(backups) == 1  # closing took the automatic backup: the window closed normally
    logged = (Path(home["XDG_STATE_HOME"]) / "agroferia" / "log" / "agroferia.log").read_text()
    # nothing went wrong, and Qt's Spanish was found in the bundle (its absence is logged)
    assert "WARNING" not in logged and "ERROR" not in logged, logged


def test_the_bundle_carries_qt_spanish_and_no_unused_parts(built):
    inside = built / "agroferia" / "_internal"
    assert (inside / "PySide6" / "Qt" / "translations" / "qtbase_es.qm").is_file()
    names = {p.name for p in inside.rglob("*")}
    for unused in ("libqgtk3.so", "libQt6WebEngineCore.so.6", "libQt6Quick.so.6", "libQt6Qml.so.6"):
        assert unused not in names
    # dead keys (´ then a gives á) and input methods need these input contexts
    contexts = inside / "PySide6" / "Qt" / "plugins" / "platforminputcontexts"
    assert {p.name for p in contexts.iterdir()} == {
        "libcomposeplatforminputcontextplugin.so",
        "libibusplatforminputcontextplugin.so",
    }
    for system in ("libstdc++.so.6", "libgcc_s.so.1", "libfontconfig.so.1", "libfreetype.so.6"):
        assert system not in names  # the system's, newer or equal (the .deb depends on them)
    locales = {p.stem for p in (inside / "babel" / "locale-data").iterdir()}
    assert locales == {"root", "es", "es_419", "es_PE", "en", "en_001", "en_GB", "en_US"}
    for font in ("Vera.ttf", "VeraBd.ttf", "VeraIt.ttf", "VeraBI.ttf"):
        assert (inside / "reportlab" / "fonts" / font).is_file()
    assert (inside / "agroferia" / "_db" / "versions").is_dir()


def test_the_frozen_app_carries_the_postgresql_driver(built, home):
    with socket.socket() as probe:  # a local port where no server listens
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"postgresql+psycopg://feria@127.0.0.1:{port}/feria"
    result = frozen(built, "--db", url, "stats", *PERIOD, env=home)
    assert result.returncode == 1
    assert "No module named" not in result.stderr
    # the driver is there: it tried the server, and its failure is told in plain words
    assert f"No se pudo conectar con el servidor de base de datos 127.0.0.1:{port}" in (
        result.stderr
    )
    assert "Traceback" not in result.stderr


def test_the_bundle_stays_within_its_size_targets(built):
    info = json.loads((built / "build-info.json").read_text())
    files = [p for p in (built / "agroferia").rglob("*") if p.is_symlink() or not p.is_dir()]
    unpacked = sum(p.lstat().st_size for p in files)
    archive = built / f"agroferia-{VERSION}-linux-x86_64.tar.gz"
    print(f"unpacked {unpacked / 1e6:.1f} MB, tar.gz {archive.stat().st_size / 1e6:.1f} MB")
    assert info["unpacked_bytes"] == unpacked
    assert (info["unpacked_target"], info["compressed_target"]) == (150e6, 60e6)
    assert unpacked <= info["unpacked_target"] * MARGIN
    assert archive.stat().st_size <= info["compressed_target"] * MARGIN


def test_the_portable_archive_runs_where_it_is_unpacked(built, home, tmp_path):
    with tarfile.open(built / f"agroferia-{VERSION}-linux-x86_64.tar.gz") as tar:
        assert {m.name.split("/")[0] for m in tar.getmembers()} == {f"agroferia-{VERSION}"}
        assert all(m.uid == 0 for m in tar.getmembers())
        tar.extractall(tmp_path, filter="tar")
    program = tmp_path / f"agroferia-{VERSION}" / "agroferia"
    result = subprocess.run([program, "--version"], env=home, capture_output=True, text=True)
    assert result.stdout.strip() == f"agroferia {VERSION}"


def test_the_debian_package_installs_a_launcher_a_menu_entry_and_nothing_of_the_users(
    built, home, tmp_path
):
    package = built / f"agroferia_{VERSION}_amd64.deb"
    info = subprocess.run(["dpkg-deb", "--info", package], capture_output=True, text=True)
    fields = dict(
        line.strip().split(": ", 1)
        for line in info.stdout.splitlines()
        if line.startswith(" ") and ": " in line
    )
    assert fields["Package"] == "agroferia" and fields["Version"] == VERSION
    assert fields["Depends"].startswith("libc6 (>= 2.")
    assert "libstdc++6" in fields["Depends"] and "libwayland-cursor0" in fields["Recommends"]
    assert "postrm" not in info.stdout and "prerm" not in info.stdout  # removal runs nothing
    listing = subprocess.run(["dpkg-deb", "--contents", package], capture_output=True, text=True)
    paths = [line.split(maxsplit=5)[5].split(" -> ")[0] for line in listing.stdout.splitlines()]
    assert all(p.startswith(("./opt/agroferia", "./usr/")) or p in ("./", "./opt/") for p in paths)
    root = tmp_path / "root"
    subprocess.run(["dpkg", "-x", package, root], check=True)
    launcher = root / "usr" / "bin" / "agroferia"
    result = subprocess.run([launcher, "--version"], env=home, capture_output=True, text=True)
    assert result.stdout.strip() == f"agroferia {VERSION}"
    db = tmp_path / "desde-el-paquete.db"
    result = subprocess.run(
        [launcher, "--db", db, "demo"], env=home, capture_output=True, text=True
    )
    assert result.returncode == 0 and db.is_file()
    entry = configparser.ConfigParser(interpolation=None)
    entry.read(root / "usr" / "share" / "applications" / "agroferia.desktop")
    assert entry["Desktop Entry"]["Exec"] == "agroferia %f"
    icons = root / "usr" / "share" / "icons" / "hicolor"
    assert (icons / "scalable" / "apps" / "agroferia.svg").is_file()
    assert (icons / "48x48" / "apps" / "agroferia.png").is_file()
    assert (root / "usr" / "share" / "mime" / "packages" / "agroferia.xml").is_file()
