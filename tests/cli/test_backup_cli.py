"""``agroferia backup`` and ``agroferia restore`` as real processes: the round trip to
another computer, the table of automatic backups, confirmation, who may, and folders that
cannot be written (a tiny or read-only tmpfs in a user namespace, when there is one)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.backups import demo_with_accounts, dump, files, rewrite
from tests.cli.test_accounts_cli import at_a_terminal

# backups of SQLite files
pytestmark = pytest.mark.sqlite_only

REPO = Path(__file__).resolve().parents[2]
PERIOD = ["--from", "2025-01-01", "--to", "2026-11-30"]


@pytest.fixture
def env(tmp_path) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("AGROFERIA_")}
    return clean | {"PYTHONPATH": str(REPO), "XDG_DATA_HOME": str(tmp_path / "datos"),
                    "AGROFERIA_LOG_DIR": str(tmp_path / "logs")}  # fmt: skip


def run(args: list[str], env: dict[str, str], **extra) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "agroferia", *args], env=env | extra,
                          cwd=REPO, capture_output=True, text=True, stdin=subprocess.DEVNULL,
                          timeout=120, check=False)  # fmt: skip
    assert "Traceback" not in done.stdout + done.stderr, done.stderr
    return done


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory) -> Path:
    return demo_with_accounts(tmp_path_factory.mktemp("demo"))


@pytest.fixture
def demo(demo_template, tmp_path) -> Path:
    path = tmp_path / "feria" / "agroferia.db"
    path.parent.mkdir()
    shutil.copyfile(demo_template, path)
    return path


ADMIN = {"AGROFERIA_PASSWORD": "demo-admin"}


def test_round_trip_to_another_computer(demo, tmp_path, env):
    out = tmp_path / "usb"
    out.mkdir()
    done = run(["--db", str(demo), "--user", "admin", "backup", "--out", str(out)], env, **ADMIN)
    assert done.returncode == 0, done.stderr
    (made,) = out.iterdir()
    assert made.name.startswith("agroferia-campesina-de-magdalena_")
    assert str(made) in done.stdout and " s):" in done.stdout
    assert "Expositores: 84" in done.stdout and "Ventas: " in done.stdout
    target = tmp_path / "nueva-pc" / "agroferia.db"
    done = run(["--db", str(target), "restore", str(made)], env)
    assert done.returncode == 1 and "--yes" in done.stderr  # no terminal: never waits
    assert not target.exists()
    done = run(["--db", str(target), "restore", str(made), "--yes"], env)
    assert done.returncode == 0, done.stderr
    assert "Ferias: Agroferia Campesina de Magdalena" in done.stdout
    assert "S/ " in done.stdout and f"Copia restaurada en {target}." in done.stdout
    stats = [run(["--db", str(path), "--user", "admin", "stats", *PERIOD, "--json"], env,
                 **ADMIN) for path in (demo, target)]  # fmt: skip
    assert stats[0].returncode == stats[1].returncode == 0
    assert json.loads(stats[0].stdout) == json.loads(stats[1].stdout)


def test_backup_list_shows_the_automatic_folder(demo, tmp_path, env):
    done = run(["backup", "--list"], env)
    assert done.returncode == 0 and "No hay copias de seguridad" in done.stdout
    for _ in range(2):
        assert run(["--db", str(demo), "--user", "admin", "backup"], env, **ADMIN).returncode == 0
    done = run(["backup", "--list"], env)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert str(tmp_path / "datos" / "agroferia" / "copias") in lines[0]
    assert lines[1].split()[:4] == ["Fecha", "Tipo", "Ferias", "Expos."]
    assert len(lines) == 4 and all("manual" in line and "S/ " in line for line in lines[2:])


def test_only_an_administrator_backs_up_or_restores(demo, tmp_path, env):
    before = dump(demo)
    done = run(["--db", str(demo), "backup", "--out", str(tmp_path)], env)
    assert done.returncode == 1 and "--user" in done.stderr
    for name in ("consulta", "tesorero", "organizador"):
        done = run(["--db", str(demo), "--user", name, "backup", "--out", str(tmp_path)], env,
                   AGROFERIA_PASSWORD=f"demo-{name}")  # fmt: skip
        assert done.returncode == 1 and "administrador" in done.stderr
    assert not list(tmp_path.glob("*.agroferia"))
    made = run(["--db", str(demo), "--user", "admin", "backup", "--out",
                str(tmp_path / "copia.agroferia")], env, **ADMIN)  # fmt: skip
    assert made.returncode == 0, made.stderr
    for name in ("consulta", "tesorero"):
        done = run(["--db", str(demo), "--user", name, "restore", str(tmp_path / "copia.agroferia"),
                    "--yes"], env, AGROFERIA_PASSWORD=f"demo-{name}")  # fmt: skip
        assert done.returncode == 1 and "administrador" in done.stderr
    assert dump(demo)[-40:] == before[-40:] and files(demo.parent) == ["agroferia.db"]
    assert files(tmp_path / "datos" / "agroferia" / "copias") == []


def test_refused_backups_write_nothing(demo, tmp_path, env):
    made = run(["--db", str(demo), "--user", "admin", "backup", "--out",
                str(tmp_path / "buena.agroferia")], env, **ADMIN)  # fmt: skip
    assert made.returncode == 0, made.stderr
    (tmp_path / "texto.agroferia").write_text("hola")
    cut = tmp_path / "cortada.agroferia"
    cut.write_bytes((tmp_path / "buena.agroferia").read_bytes()[:5000])
    newer = tmp_path / "nueva.agroferia"
    shutil.copyfile(tmp_path / "buena.agroferia", newer)
    rewrite(newer, manifest={"schema_revision": "0099", "app_version": "9.1"})
    before = dump(demo)
    for path, message in (("texto", "no es una copia de seguridad de Agroferia"),
                          ("cortada", "está dañada o incompleta"),
                          ("nueva", "Agroferia 9.1 (esquema 0099)")):  # fmt: skip
        done = run(["--db", str(demo), "--user", "admin", "restore",
                    str(tmp_path / f"{path}.agroferia"), "--yes"], env, **ADMIN)  # fmt: skip
        assert done.returncode == 1 and message in done.stderr
        assert dump(demo) == before
    assert files(demo.parent) == ["agroferia.db"]
    done = run(["--db", "postgresql://feria@localhost/agroferia", "backup", "--out",
                str(tmp_path)], env)  # fmt: skip
    assert done.returncode == 1 and "pg_dump" in done.stderr


def test_restore_asks_on_a_terminal(demo, tmp_path, env):
    made = run(["--db", str(demo), "--user", "admin", "backup", "--out",
                str(tmp_path / "copia.agroferia")], env, **ADMIN)  # fmt: skip
    assert made.returncode == 0
    target = tmp_path / "otra.db"
    os.environ["XDG_DATA_HOME"] = env["XDG_DATA_HOME"]  # at_a_terminal passes os.environ
    try:
        code, out = at_a_terminal(["--db", str(target), "restore", str(tmp_path / "copia.agroferia")],
                                  {b"para continuar: ": "no"})  # fmt: skip
        assert code == 1 and "No se restauró nada." in out and not target.exists()
        code, out = at_a_terminal(["--db", str(target), "restore", str(tmp_path / "copia.agroferia")],
                                  {b"para continuar: ": "sí"})  # fmt: skip
    finally:
        del os.environ["XDG_DATA_HOME"]
    assert code == 0, out
    assert "Copia restaurada" in out and target.is_file()


def _namespace_works() -> bool:
    if shutil.which("unshare") is None:
        return False
    done = subprocess.run(["unshare", "--user", "--map-root-user", "--mount", "true"],
                          capture_output=True, check=False)  # fmt: skip
    return done.returncode == 0


@pytest.mark.skipif(not _namespace_works(), reason="no user namespaces to mount a tmpfs in")
@pytest.mark.parametrize(("options", "message"), [
    ("size=64k", "No hay espacio en el disco"),
    ("size=4m,ro", "no tiene permiso o es de solo lectura"),
])  # fmt: skip
def test_a_full_or_read_only_folder_leaves_nothing(demo, tmp_path, env, options, message):
    folder = tmp_path / "memoria"
    folder.mkdir()
    script = (f'mount -t tmpfs -o {options} tmpfs "$1" && shift && "$@"; code=$?; '
              'echo "LEFT:$(ls -A "$MEMORIA" | tr "\\n" " ")"; exit $code')  # fmt: skip
    done = subprocess.run(
        ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", script, "sh",
         str(folder), sys.executable, "-m", "agroferia", "--db", str(demo), "--user", "admin", "backup", "--out",
         str(folder)],
        env=env | ADMIN | {"MEMORIA": str(folder)}, cwd=REPO, capture_output=True, text=True,
        stdin=subprocess.DEVNULL, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 1, done.stdout + done.stderr
    assert message in done.stderr and "Traceback" not in done.stderr
    assert done.stdout.strip().endswith("LEFT:"), done.stdout  # nothing half-written


def test_a_damaged_database_is_restored_by_its_administrator_only(demo, tmp_path, env):
    done = run(["--db", str(demo), "--user", "admin", "backup"], env, **ADMIN)
    assert done.returncode == 0, done.stderr
    (made,) = (tmp_path / "datos" / "agroferia" / "copias").iterdir()
    with demo.open("r+b") as fh:  # pages near the end damaged; the accounts still readable
        fh.seek(demo.stat().st_size - 4096 * 30)
        fh.write(b"\xff" * 8192)
    damaged = demo.read_bytes()
    done = run(["--db", str(demo), "stats", *PERIOD], env)
    assert done.returncode == 1 and "dañada" in done.stderr
    done = run(["--db", str(demo), "--user", "admin", "import", "sales", os.devnull], env, **ADMIN)
    assert done.returncode == 1 and f"agroferia restore {made}" in done.stderr
    for user, password in (("admin", "otra-clave-cualquiera"), ("tesorero", "demo-tesorero")):
        done = run(["--db", str(demo), "--user", user, "restore", str(made), "--yes"], env,
                   AGROFERIA_PASSWORD=password)  # fmt: skip
        assert done.returncode == 1
        assert demo.read_bytes() == damaged
    done = run(["--db", str(demo), "--user", "admin", "restore", str(made), "--yes"], env, **ADMIN)
    assert done.returncode == 0, done.stderr
    (aside,) = demo.parent.glob("agroferia.db.dañada-*")
    assert aside.read_bytes() == damaged
    assert run(["--db", str(demo), "stats", *PERIOD], env).returncode == 0


def test_a_backup_never_writes_over_an_existing_file(demo, tmp_path, env):
    taken = tmp_path / "copia.agroferia"
    taken.write_bytes(b"la copia de la semana pasada")
    done = run(["--db", str(demo), "--user", "admin", "backup", "--out", str(taken)], env,
               **ADMIN)  # fmt: skip
    assert done.returncode == 2 and "ya existe" in done.stderr
    assert taken.read_bytes() == b"la copia de la semana pasada"
