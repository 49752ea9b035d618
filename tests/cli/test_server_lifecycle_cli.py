"""A database's life on a PostgreSQL server, with the command line run as real processes: the
demo on an empty database (once, even asked twice at once), two programs upgrading an old
schema at once (one upgrade, one copy), a schema newer than the program (refused), and the
``pg_dump`` copies taken before an upgrade and before the demo is replaced."""

from __future__ import annotations

import itertools
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import make_url

from agroferia.core.db import make_engine, open_database, upgrade
from agroferia.core.network import server
from agroferia.core.schema_head import HEAD_REVISION
from tests import pgserver

REPO = Path(__file__).resolve().parents[2]
UNTIL = "2026-01-31"
STATS = ["stats", "--from", "2026-01-01", "--to", UNTIL, "--json"]
_names = itertools.count(1)
NEW_FAIR = ("INSERT INTO fair (name, district, weekday, active, created_at) "
            "VALUES ('Feria de Surco', 'Surco', 6, true, now())")  # fmt: skip


@pytest.fixture
def env(tmp_path) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("AGROFERIA_", "PG"))}
    return clean | {"PYTHONPATH": str(REPO), "XDG_DATA_HOME": str(tmp_path / "datos"),
                    "AGROFERIA_LOG_DIR": str(tmp_path / "logs")}  # fmt: skip


@pytest.fixture
def database(pg_server):
    """A new empty database of the test server, owned by the role with a password, and its
    URL with that password in it."""
    name = f"ciclo_{next(_names)}"
    yield pg_server.create_guarded_database(name)
    pg_server.drop_database(name)


def start(args: list[str], env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "agroferia", *args], env=env, cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            stdin=subprocess.DEVNULL)  # fmt: skip


def finish(process: subprocess.Popen) -> subprocess.CompletedProcess:
    out, err = process.communicate(timeout=180)
    done = subprocess.CompletedProcess(process.args, process.returncode, out, err)
    assert "Traceback" not in out + err, err
    assert pgserver.PASSWORD not in out + err  # the password is never shown
    return done


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return finish(start(args, env))


def connect(url: str) -> psycopg.Connection:
    """A connection of the tests' own to the database at ``url`` (its password has spaces)."""
    parts = make_url(url)
    return psycopg.connect(host=parts.host, port=parts.port, user=parts.username,
                           password=parts.password, dbname=parts.database)  # fmt: skip


def scalar(url: str, sql: str):
    with connect(url) as conn:
        return conn.execute(sql).fetchone()[0]


def old_schema(url: str, revision: str = "0006") -> None:
    """The database at an older revision of the schema, with a fair in it."""
    engine = make_engine(url)
    try:
        upgrade(engine, revision)
    finally:
        engine.dispose()
    with connect(url) as conn:
        conn.execute(NEW_FAIR)


def dumps(env: dict[str, str]) -> list[Path]:
    folder = Path(env["XDG_DATA_HOME"]) / "agroferia" / "copias"
    return sorted(folder.glob(f"*{server.DUMP_SUFFIX}")) if folder.exists() else []


def logged(env: dict[str, str]) -> str:
    return "".join(p.read_text() for p in Path(env["AGROFERIA_LOG_DIR"]).rglob("*") if p.is_file())


def readable_by_pg_restore(path: Path) -> str:
    program = server.pg_dump().with_name("pg_restore")
    listed = subprocess.run([str(program), "--list", str(path)], capture_output=True, text=True,
                            check=False)  # fmt: skip
    assert listed.returncode == 0, listed.stderr
    return listed.stdout


# -------------------------------------------------------------------- new databases


def test_an_empty_server_database_is_new_until_it_holds_a_fair_or_an_account(database):
    engine = make_engine(database)
    try:
        assert server.is_new(engine)  # no table at all
        open_database(database).close()
        assert server.is_new(engine)  # the current schema, nothing in it
        with connect(database) as conn:
            conn.execute(NEW_FAIR)
        assert not server.is_new(engine)
    finally:
        engine.dispose()


def test_an_old_schema_without_data_is_not_new(database):
    engine = make_engine(database)
    try:
        upgrade(engine, "0005")
        assert not server.is_new(engine)  # opening it upgrades it first
    finally:
        engine.dispose()


def test_demo_if_new_builds_the_demo_on_an_empty_server_database_once(database, env):
    first = run(["--db", database, "demo", "--if-new", "--until", UNTIL], env)
    assert first.returncode == 0, first.stderr
    assert "Feria de demostración creada" in first.stdout
    vendors = scalar(database, "SELECT count(*) FROM vendor")
    sales = scalar(database, "SELECT count(*) FROM sale")
    assert vendors == 84 and sales > 0
    again = run(["--db", database, "demo", "--if-new", "--until", UNTIL], env)
    assert (again.returncode, again.stdout) == (0, "")
    assert scalar(database, "SELECT count(*) FROM sale") == sales


def test_two_demo_if_new_at_once_build_one_demo(database, env):
    args = ["--db", database, "demo", "--if-new", "--until", UNTIL]
    both = [finish(p) for p in [start(args, env), start(args, env)]]
    assert [d.returncode for d in both] == [0, 0], [d.stderr for d in both]
    assert sum("Feria de demostración creada" in d.stdout for d in both) == 1
    assert scalar(database, "SELECT count(*) FROM fair") == 1
    assert scalar(database, "SELECT count(*) FROM vendor") == 84


# -------------------------------------------------------------------- upgrades


def test_two_programs_opening_an_old_schema_at_once_upgrade_it_once(database, env):
    old_schema(database)
    with connect(database) as held:  # both find it old, and wait for the lock together
        held.autocommit = True
        held.execute("SELECT pg_advisory_lock(%s)", (server.UPGRADE_LOCK,))
        programs = [start(["--db", database, *STATS], env) for _ in range(2)]
        waiting = "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
        deadline = time.monotonic() + 60
        while held.execute(waiting).fetchone()[0] < 2:
            assert time.monotonic() < deadline and all(p.poll() is None for p in programs)
            time.sleep(0.05)
        held.execute("SELECT pg_advisory_unlock(%s)", (server.UPGRADE_LOCK,))
    both = [finish(p) for p in programs]
    assert [d.returncode for d in both] == [0, 0], [d.stderr for d in both]
    assert scalar(database, "SELECT version_num FROM alembic_version") == HEAD_REVISION
    assert scalar(database, "SELECT count(*) FROM alembic_version") == 1
    told = [d for d in both if "Se guardó una copia antes de actualizar" in d.stderr]
    assert len(told) == 1  # one upgrade, one copy
    assert len(dumps(env)) == 1
    assert both[0].stdout == both[1].stdout


def test_the_copy_before_an_upgrade_is_private_and_pg_restore_reads_it(database, env):
    old_schema(database)
    done = run(["--db", database, *STATS], env)
    assert done.returncode == 0, done.stderr
    [copy] = dumps(env)
    assert f"Se guardó una copia antes de actualizar: {copy}" in done.stderr
    assert "antes-de-actualizar-0006" in copy.name
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert "TABLE public fair" in readable_by_pg_restore(copy)
    assert "with pg_dump" in logged(env) and pgserver.PASSWORD not in logged(env)
    assert scalar(database, "SELECT version_num FROM alembic_version") == HEAD_REVISION


def test_a_current_schema_is_opened_without_a_copy(database, env):
    open_database(database).close()
    done = run(["--db", database, *STATS], env)
    assert done.returncode == 0, done.stderr
    assert "copia" not in done.stderr and dumps(env) == []


def test_without_pg_dump_the_upgrade_says_it_kept_no_copy(database, monkeypatch, tmp_path):
    from tests.cli.test_cli import _quiet_main

    old_schema(database)
    monkeypatch.setenv("PATH", str(tmp_path / "sin-programas"))
    monkeypatch.setattr(server, "PROGRAM_FOLDERS", ())
    assert server.pg_dump() is None
    code, _out, err = _quiet_main(["--db", database, *STATS])
    assert code == 0, err
    assert "se actualizó sin copia previa" in err
    assert "Se guardó una copia" not in err
    assert scalar(database, "SELECT version_num FROM alembic_version") == HEAD_REVISION


def test_a_schema_newer_than_the_program_is_refused_untouched(database, env):
    open_database(database).close()
    with connect(database) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0099_futuro'")
    for args in (STATS, ["demo", "--if-new"], ["demo"]):
        done = run(["--db", database, *args], env)
        if args == ["demo", "--if-new"]:  # not new: nothing to do
            assert (done.returncode, done.stdout) == (0, "")
            continue
        assert done.returncode == 1
        assert "La base de datos del servidor" in done.stderr
        assert "es de una versión más nueva de Agroferia" in done.stderr
        assert "actualice este programa" in done.stderr
        assert f"{pgserver.PASSWORD_ROLE}:***@" in done.stderr
    assert scalar(database, "SELECT version_num FROM alembic_version") == "0099_futuro"
    assert dumps(env) == []


def test_the_refusal_is_in_english_too(database, env):
    open_database(database).close()
    with connect(database) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0099_futuro'")
    done = run(["--lang", "en", "--db", database, *STATS], env)
    assert done.returncode == 1
    assert "newer version of Agroferia" in done.stderr
    assert "update this program" in done.stderr


# -------------------------------------------------------------------- demo --replace


def test_replacing_the_demo_on_a_server_keeps_a_pg_dump_copy_first(database, env):
    built = run(["--db", database, "demo", "--until", UNTIL], env)
    assert built.returncode == 0, built.stderr
    admin = env | {"AGROFERIA_PASSWORD": "demo-admin"}
    done = run(["--db", database, "--user", "admin", "demo", "--replace", "--until", UNTIL],
               admin)  # fmt: skip
    assert done.returncode == 0, done.stderr
    [copy] = dumps(env)
    assert f"Copia de los datos anteriores: {copy}" in done.stdout
    assert "antes-de-demo" in copy.name
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert "TABLE DATA public sale" in readable_by_pg_restore(copy)
    assert scalar(database, "SELECT count(*) FROM vendor") == 84


def test_without_pg_dump_a_server_demo_is_replaced_only_with_the_flag(
    database, env, monkeypatch, tmp_path
):
    from tests.cli.test_cli import _quiet_main

    built = run(["--db", database, "demo", "--until", UNTIL], env)
    assert built.returncode == 0, built.stderr
    monkeypatch.setenv("PATH", str(tmp_path / "sin-programas"))
    monkeypatch.setattr(server, "PROGRAM_FOLDERS", ())
    monkeypatch.setenv("AGROFERIA_PASSWORD", "demo-admin")
    replace = ["--db", database, "--user", "admin", "demo", "--replace", "--until", UNTIL]
    code, _out, err = _quiet_main(replace)
    assert code == 1
    assert "no encontró el programa pg_dump" in err and "--discard-real-data" in err
    code, _out, err = _quiet_main([*replace, "--discard-real-data"])
    assert code == 0, err
    assert "sin copia" in err
    assert pgserver.PASSWORD not in err


def test_a_copy_that_fails_stops_the_upgrade(database, env, tmp_path):
    old_schema(database)
    programs = tmp_path / "programas"
    programs.mkdir()
    failing = programs / "pg_dump"
    failing.write_text('#!/bin/sh\necho "pg_dump: error: sin espacio ($PGPASSWORD)" >&2\nexit 1\n')
    failing.chmod(0o755)
    done = run(["--db", database, *STATS], env | {"PATH": f"{programs}:{env['PATH']}"})
    assert done.returncode == 1
    assert "No se pudo hacer la copia de la base de datos del servidor" in done.stderr
    assert "sin espacio (***)" in done.stderr
    assert "pg_dump of" in logged(env) and pgserver.PASSWORD not in logged(env)
    assert scalar(database, "SELECT version_num FROM alembic_version") == "0006"
    assert dumps(env) == []


def test_demo_if_new_on_an_sqlite_url_builds_it_once(tmp_path):
    from tests.cli.test_cli import _quiet_main

    url = f"sqlite:///{tmp_path / 'feria.db'}"
    code, out, err = _quiet_main(["--db", url, "demo", "--if-new", "--until", UNTIL])
    assert code == 0, err
    assert "Feria de demostración creada" in out
    assert _quiet_main(["--db", url, "demo", "--if-new", "--until", UNTIL])[:2] == (0, "")
