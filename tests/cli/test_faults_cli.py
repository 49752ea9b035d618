"""Faults met by real ``python -m agroferia`` processes: two writers at once, a read-only
folder or file, a damaged or empty file, a copy before an upgrade that cannot be written.
Every refusal is one line without a traceback, and leaves the database as it was."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from agroferia.core.db import make_engine, upgrade
from tests.core.test_db_faults import corrupt

# faults of SQLite files
pytestmark = pytest.mark.sqlite_only

REPO = Path(__file__).resolve().parents[2]
PERIOD = ["--from", "2025-11-01", "--to", "2026-11-30"]


def _can_drop_root() -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(["unshare", "--user", "true"], capture_output=True, check=False)
    return probe.returncode == 0


# as root, permissions are not enforced: the command runs in a user namespace of its own,
# where it is nobody and the file modes hold
AS_PLAIN_USER = ["unshare", "--user"] if os.geteuid() == 0 and _can_drop_root() else []
needs_permissions = pytest.mark.skipif(
    os.name != "posix" or (os.geteuid() == 0 and not AS_PLAIN_USER),
    reason="file modes are not enforced for this user",
)


def agroferia(args: list[str], log_dir: Path, *, plain: bool = False, **popen) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AGROFERIA_")}
    env |= {"PYTHONPATH": str(REPO), "AGROFERIA_LOG_DIR": str(log_dir)}
    command = [*(AS_PLAIN_USER if plain else []), sys.executable, "-m", "agroferia", *args]
    return subprocess.Popen(command, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, encoding="utf-8", **popen)  # fmt: skip


def run(args: list[str], log_dir: Path, *, plain: bool = False) -> tuple[int, str, str]:
    process = agroferia(args, log_dir, plain=plain)
    out, err = process.communicate(timeout=120)
    assert "Traceback" not in out + err
    return process.returncode, out, err


def state(path: Path) -> tuple[str, set[str]]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), {p.name for p in path.parent.iterdir()}


def sales_file(path: Path, db: Path, date: str) -> Path:
    conn = sqlite3.connect(db)
    documents = [r[0] for r in conn.execute("SELECT doc_number FROM vendor LIMIT 3")]
    conn.close()
    lines = ["DNI,Fecha,Monto", *(f"{doc},{date},{12 + i}.50" for i, doc in enumerate(documents))]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def sales(db: Path) -> int:
    conn = sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT count(*) FROM sale").fetchone()[0]
    finally:
        conn.close()


@pytest.fixture
def demo(demo_template: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "datos"
    folder.mkdir()
    path = folder / "feria.db"
    shutil.copyfile(demo_template, path)
    return path


@pytest.fixture
def log_dir(tmp_path: Path) -> Path:
    return tmp_path / "logs"


# --- two writers at once --------------------------------------------------------------------

HOLDER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
conn.execute("UPDATE setting SET value = value")
print("writing", flush=True)
time.sleep(1.5)
conn.execute("COMMIT")
"""


def test_two_imports_and_another_writer_at_once_all_succeed(demo, tmp_path, log_dir):
    """Another program holds the write lock for 1.5 s while two imports of different files
    start together: each waits its turn (within the busy timeout) and all succeed."""
    first = sales_file(tmp_path / "a.csv", demo, "29/11/2026")
    second = sales_file(tmp_path / "b.csv", demo, "23/11/2025")
    before = sales(demo)
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(demo)], stdout=subprocess.PIPE,
                              text=True)  # fmt: skip
    assert holder.stdout is not None and holder.stdout.readline().strip() == "writing"
    imports = [
        agroferia(["--db", str(demo), "import", "sales", str(file)], log_dir)
        for file in (first, second)
    ]
    results = [(p.wait(timeout=120), *p.communicate()) for p in imports]
    assert holder.wait(timeout=30) == 0
    for code, _out, err in results:
        assert code == 0, err
        assert "Traceback" not in err
    assert sales(demo) == before + 6


# --- a read-only folder or file -------------------------------------------------------------


@needs_permissions
@pytest.mark.parametrize("what", ["folder", "file"])
def test_a_read_only_database_reads_but_is_never_written(demo, tmp_path, log_dir, what):
    out = tmp_path / "salida"
    out.mkdir()
    out.chmod(0o777)
    target = demo.parent if what == "folder" else demo
    target.chmod(0o555 if what == "folder" else 0o444)
    try:
        before = state(demo)
        code, stdout, err = run(["--db", str(demo), "stats", *PERIOD, "--json"], log_dir,
                                plain=True)  # fmt: skip
        assert code == 0, err
        assert '"fair_days"' in stdout
        code, _out, err = run(["--db", str(demo), "export", "excel", *PERIOD, "--out",
                               str(out / "resumen.xlsx")], log_dir, plain=True)  # fmt: skip
        assert code == 0, err
        assert (out / "resumen.xlsx").stat().st_size > 0
        file = sales_file(out / "ventas.csv", demo, "29/11/2026")
        code, _out, err = run(["--db", str(demo), "import", "sales", str(file)], log_dir,
                              plain=True)  # fmt: skip
        assert code == 1
        assert "está en una carpeta o un archivo de solo lectura" in err
        code, _out, err = run(["--lang", "en", "--db", str(demo), "import", "sales", str(file)],
                              log_dir, plain=True)  # fmt: skip
        assert code == 1 and "is in a read-only folder or file" in err
        assert state(demo) == before
    finally:
        target.chmod(0o755 if what == "folder" else 0o644)


# --- a damaged or empty file ---------------------------------------------------------------


def test_a_damaged_database_gets_its_message_and_is_never_written(demo, tmp_path, log_dir):
    """Damage in what the reading commands read (they skip the full check) is found as
    they read it; a command that writes checks the whole file first."""
    corrupt(demo, table="sales_summary")
    before = state(demo)
    for args in (["stats", *PERIOD], ["export", "pdf", *PERIOD, "--out", str(tmp_path / "r.pdf")]):
        code, _out, err = run(["--db", str(demo), *args], log_dir)
        assert code == 1
        assert "agroferia: error: la base de datos está dañada" in err
        assert "agroferia restore ARCHIVO" in err
    file = sales_file(tmp_path / "ventas.csv", demo, "29/11/2026")
    code, _out, err = run(["--db", str(demo), "import", "sales", str(file)], log_dir)
    assert code == 1
    assert "está dañada: no pasa la revisión de SQLite (quick_check). No se ha modificado." in err
    assert state(demo) == before
    assert not (tmp_path / "r.pdf").exists()


def test_an_empty_file_is_refused_by_every_command(tmp_path, log_dir):
    path = tmp_path / "vacia.db"
    path.touch()
    for args in (["stats", *PERIOD], ["demo", "--until", "2026-01-31"]):
        code, _out, err = run(["--db", str(path), *args], log_dir)
        assert code == 1
        assert "está vacío (0 bytes): no es una base de datos. No se ha modificado." in err
    assert path.stat().st_size == 0 and {p.name for p in tmp_path.iterdir()} >= {"vacia.db"}
    assert not list(tmp_path.glob("vacia.db-*"))


# --- the copy before an upgrade -------------------------------------------------------------


def _old_database(path: Path, padding: int) -> None:
    """A database at the first schema, ``padding`` bytes larger than an empty one."""
    engine = make_engine(str(path))
    upgrade(engine, "0001")
    engine.dispose()
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("CREATE TABLE notas (texto BLOB)")
        conn.execute("INSERT INTO notas VALUES (zeroblob(?))", (padding,))
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


@pytest.mark.skipif(os.name != "posix", reason="RLIMIT_FSIZE is POSIX")
def test_a_copy_that_cannot_be_written_stops_the_upgrade(tmp_path, log_dir):
    """Room for 64 KiB only (RLIMIT_FSIZE, as on a nearly full disk): the copy fails, no
    ``.bak`` (nor half of one) is left, and the database is not upgraded."""
    path = tmp_path / "datos" / "antigua.db"
    path.parent.mkdir()
    _old_database(path, 256 * 1024)
    before = state(path)
    script = (
        "import resource, runpy, signal, sys\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        "hard = resource.getrlimit(resource.RLIMIT_FSIZE)[1]\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, hard))\n"
        "sys.argv = ['agroferia', *sys.argv[1:]]\n"
        "runpy.run_module('agroferia', run_name='__main__')\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO), "AGROFERIA_LOG_DIR": str(log_dir)}
    done = subprocess.run(
        [sys.executable, "-c", script, "--db", str(path), "demo", "--until", "2026-01-31"],
        capture_output=True, text=True, encoding="utf-8", env=env, timeout=120,
        stdin=subprocess.DEVNULL, check=False,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert "No se pudo hacer la copia de la base de datos" in done.stderr
    assert "No se actualizó nada; la base de datos queda como estaba." in done.stderr
    assert state(path) == before  # no .bak, no temporary copy, the database as it was
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
    conn.close()
