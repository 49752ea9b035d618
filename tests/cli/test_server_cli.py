"""A database on a PostgreSQL server from real ``python -m agroferia`` processes: every
PostgreSQL scheme works, the password is never printed nor logged (``demo`` shows the URL
masked), it may come from ``PGPASSWORD`` or ``~/.pgpass``, and each failure to connect is
one line in plain words."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests import pgserver

REPO = Path(__file__).resolve().parents[2]
PERIOD = ["--from", "2025-12-01", "--to", "2026-11-30"]
DATABASE = "conexion_cli"


def agroferia(args: list[str], home: Path, **env: str) -> tuple[int, str, str]:
    """The command as a person runs it, with ``home`` as the home folder (its ``.pgpass``)
    and none of the PostgreSQL variables of the tests' own environment."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("AGROFERIA_", "PG"))}
    base |= {"PYTHONPATH": str(REPO), "AGROFERIA_LOG_DIR": str(home / "logs"),
             "HOME": str(home), "XDG_DATA_HOME": str(home / "data"), **env}  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-m", "agroferia", *args], env=base, capture_output=True, text=True,
        encoding="utf-8", stdin=subprocess.DEVNULL, timeout=180, check=False,
    )  # fmt: skip
    assert "Traceback" not in done.stdout + done.stderr
    log = home / "logs" / "agroferia.log"
    assert pgserver.PASSWORD not in (log.read_text("utf-8") if log.exists() else "")
    return done.returncode, done.stdout, done.stderr


@pytest.fixture(scope="module")
def server_demo(pg_server, tmp_path_factory):
    """A database of the server owned by the role with a password, holding the demo built
    by ``demo`` through a ``postgres://`` URL with the password in it; and its output."""
    pg_server.create_database(DATABASE)
    with pg_server.admin() as conn:
        conn.execute(f"ALTER DATABASE {DATABASE} OWNER TO {pgserver.PASSWORD_ROLE}")
    url = (
        f"postgres://{pgserver.PASSWORD_ROLE}:{pgserver.PASSWORD.replace(' ', '%20')}"
        f"@127.0.0.1:{pg_server.port}/{DATABASE}"
    )
    home = tmp_path_factory.mktemp("home")
    done = agroferia(["--db", url, "demo", "--until", "2026-11-29"], home)
    yield url, done
    pg_server.drop_database(DATABASE)


def plain_url(pg_server, scheme: str = "postgresql") -> str:
    """The demo's database, without the password."""
    return f"{scheme}://{pgserver.PASSWORD_ROLE}@127.0.0.1:{pg_server.port}/{DATABASE}"


def test_demo_on_a_server_prints_the_url_with_the_password_masked(server_demo, pg_server):
    _url, (code, out, err) = server_demo
    assert code == 0, err
    where = f"postgres://con_clave:***@127.0.0.1:{pg_server.port}/{DATABASE}"
    assert out.startswith(f"Feria de demostración creada en {where}: 84 expositores")
    assert "una%20clave" not in out + err and pgserver.PASSWORD not in out + err


@pytest.mark.parametrize("scheme", ["postgres", "postgresql", "postgresql+psycopg"])
def test_every_postgresql_scheme_reads_the_demo(server_demo, tmp_path, scheme):
    url, _done = server_demo
    given = url.replace("postgres://", f"{scheme}://", 1)
    code, out, err = agroferia(["--db", given, "stats", *PERIOD, "--json"], tmp_path)
    assert code == 0, err
    assert '"vendors"' in out and "84" in out


def test_the_password_may_come_from_pgpassword(server_demo, pg_server, tmp_path):
    code, out, err = agroferia(["--db", plain_url(pg_server), "stats", *PERIOD], tmp_path,
                               PGPASSWORD=pgserver.PASSWORD)  # fmt: skip
    assert code == 0, err
    assert "Regiones de origen" in out


def test_the_password_may_come_from_the_pgpass_file(server_demo, pg_server, tmp_path):
    pgpass = tmp_path / ".pgpass"
    pgpass.write_text(f"127.0.0.1:{pg_server.port}:{DATABASE}:con_clave:{pgserver.PASSWORD}\n")
    pgpass.chmod(0o600)
    code, out, err = agroferia(["--db", plain_url(pg_server), "stats", *PERIOD], tmp_path)
    assert code == 0, err
    assert "Regiones de origen" in out


def failing(url: str, home: Path, *, lang: str = "es", **env: str) -> str:
    code, out, err = agroferia(["--db", url, "--lang", lang, "stats", *PERIOD], home, **env)
    assert code == 1 and out == ""
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("agroferia: error: "), err
    assert "mala-clave" not in err and "SQLite" not in err and "otro programa" not in err
    return lines[0].removeprefix("agroferia: error: ")


def test_no_password_given(server_demo, pg_server, tmp_path):
    message = failing(plain_url(pg_server), tmp_path)
    assert message == (
        f"El servidor 127.0.0.1:{pg_server.port} pide una contraseña para el usuario "
        "«con_clave» y no se dio ninguna. Póngala en la variable PGPASSWORD o en el archivo "
        "~/.pgpass (o en la dirección)."
    )


def test_a_wrong_password(server_demo, pg_server, tmp_path):
    url = plain_url(pg_server).replace("con_clave@", "con_clave:mala-clave@")
    message = failing(url, tmp_path)
    assert message.startswith(f"El servidor 127.0.0.1:{pg_server.port} no aceptó la contraseña")
    assert "en la variable PGPASSWORD" in failing(url, tmp_path, PGPASSWORD="mala-clave")


def test_an_unknown_database_and_user(pg_server, tmp_path):
    message = failing(f"postgresql://agroferia@127.0.0.1:{pg_server.port}/no_existe", tmp_path)
    assert "no tiene una base de datos llamada «no_existe»" in message
    message = failing(f"postgresql://nadie:mala-clave@127.0.0.1:{pg_server.port}/x", tmp_path)
    assert "no conoce al usuario «nadie»" in message


def test_an_unreachable_server_in_english(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # nobody listens on it once the probe is closed
    message = failing(f"postgres://feria:mala-clave@127.0.0.1:{port}/f", tmp_path, lang="en")
    assert message.startswith(f"Could not connect to the database server 127.0.0.1:{port}")


def test_another_scheme_is_refused(tmp_path):
    url = "mysql://feria:mala-clave@127.0.0.1/ferias"
    code, out, err = agroferia(["--db", url, "stats", *PERIOD], tmp_path)
    assert code == 1 and out == ""
    assert err == "agroferia: error: " + (
        "Agroferia no puede usar una base de datos «mysql» (mysql://feria:***@127.0.0.1/ferias):"
        " solo un archivo de SQLite o un servidor PostgreSQL (postgresql://usuario@servidor/base).\n"
    )


# the command line of an app installed without the postgresql extra: psycopg is not there
WITHOUT_DRIVER = (
    "import sys\nsys.modules['psycopg'] = None\nfrom agroferia.cli import main\nsys.exit(main())"
)


def test_without_the_driver_the_command_says_how_to_install_it(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AGROFERIA_", "PG"))}
    env |= {"PYTHONPATH": str(REPO), "AGROFERIA_LOG_DIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", WITHOUT_DRIVER, "--db", "postgresql://feria@127.0.0.1/ferias",
         "stats", *PERIOD],
        env=env, capture_output=True, text=True, encoding="utf-8", timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr == (
        "agroferia: error: Para usar una base de datos en un servidor PostgreSQL falta su "
        'controlador (psycopg), que no está instalado. Instálelo con: pip install "agroferia'
        '[postgresql]"\n'
    )
