"""Database URLs: the PostgreSQL schemes accepted, the password masked wherever a URL is
shown, a missing driver or an unknown scheme refused in plain words, and each failure to
connect to a real server told apart."""

from __future__ import annotations

import logging
import socket
import subprocess
import sys
import time
import types
from pathlib import Path

import psycopg
import pytest

from agroferia import logs
from agroferia.core.db import make_engine, open_database
from agroferia.core.errors import DatabaseError, explain
from agroferia.core.network import connection, urls
from tests import pgserver

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("postgresql://feria:secreto@host/db", "postgresql://feria:***@host/db"),
        ("postgres://feria:se:cr@to/x@host:5433/db?sslmode=require",
         "postgres://feria:***@host:5433/db?sslmode=require"),
        ("postgresql+psycopg://feria:s%40c@10.0.0.2/ferias",
         "postgresql+psycopg://feria:***@10.0.0.2/ferias"),
        ("postgresql://host/db?user=feria&password=secreto&sslmode=require",
         "postgresql://host/db?user=feria&password=***&sslmode=require"),
        ("postgresql://feria@host/db", "postgresql://feria@host/db"),
        # a password with a '?' or a '#' (the URL is read so: its password is "se?cre#to")
        ("postgresql://feria:se?cre#to@host/db", "postgresql://feria:***@host/db"),
        ("postgresql://feria:x#y@host:5433/db?sslmode=require",
         "postgresql://feria:***@host:5433/db?sslmode=require"),
        ("/home/ana/agroferia.db", "/home/ana/agroferia.db"),
        ("C:\\Users\\ana\\a:b@c.db", "C:\\Users\\ana\\a:b@c.db"),
    ],
)  # fmt: skip
def test_a_url_is_shown_without_its_password(given, shown):
    assert urls.masked(given) == shown


@pytest.mark.parametrize("scheme", ["postgres", "postgresql", "postgresql+psycopg"])
def test_every_postgresql_scheme_goes_through_psycopg_with_a_connect_timeout(scheme):
    url = urls.normalize(f"{scheme}://feria:secreto@servidor:5433/ferias")
    assert url.drivername == "postgresql+psycopg"
    assert (url.username, url.password, url.host, url.port, url.database) == (
        "feria", "secreto", "servidor", 5433, "ferias",
    )  # fmt: skip
    assert url.query["connect_timeout"] == str(urls.CONNECT_TIMEOUT) == "10"


def test_a_connect_timeout_given_in_the_url_is_kept():
    url = urls.normalize("postgresql://servidor/ferias?connect_timeout=3")
    assert url.query["connect_timeout"] == "3"


def test_an_sqlite_url_is_kept_as_it_is(tmp_path):
    url = urls.normalize(f"sqlite:///{tmp_path / 'a.db'}")
    assert url.drivername == "sqlite" and url.database == str(tmp_path / "a.db")
    assert "connect_timeout" not in url.query


@pytest.mark.parametrize(
    "given", ["mysql://feria:secreto@host/db", "oracle+cx_oracle://feria:secreto@host/db",
              "postgresql+psycopg2://feria:secreto@host/db"],
)  # fmt: skip
def test_another_scheme_is_refused_in_plain_words_without_the_password(given):
    with pytest.raises(urls.UnsupportedURLError) as refused:
        make_engine(given)
    message = explain(refused.value)
    assert "solo un archivo de SQLite o un servidor PostgreSQL" in message
    assert "secreto" not in message and "feria:***@host/db" in message


def test_a_url_that_cannot_be_read_is_refused():
    with pytest.raises(urls.UnsupportedURLError) as refused:
        open_database("post gres://x:secreto@")
    assert "no es una dirección de base de datos válida" in str(refused.value)
    assert "secreto" not in str(refused.value)


BLOCKED_DRIVER = (
    "import sys; sys.modules['psycopg'] = None\n"
    "from agroferia.core.db import open_database\n"
    "from agroferia.core.errors import explain\n"
    "try:\n"
    "    open_database(sys.argv[1])\n"
    "except Exception as exc:\n"
    "    print(type(exc).__name__, explain(exc))\n"
)


def test_without_the_driver_the_message_says_how_to_install_it():
    done = subprocess.run(
        [sys.executable, "-c", BLOCKED_DRIVER, "postgres://feria:secreto@127.0.0.1:9/ferias"],
        capture_output=True, text=True, encoding="utf-8", check=False, timeout=60,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("MissingDriverError Para usar una base de datos en un servidor")
    assert 'pip install "agroferia[postgresql]"' in done.stdout


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ('connection to server at "h", port 5432 failed: Connection refused', connection.UNREACHABLE),
        ("failed to resolve host 'x': [Errno -2] Name or service not known", connection.UNREACHABLE),
        ("connection to server at \"h\", port 5432 failed: timeout expired", connection.UNREACHABLE),
        ('FATAL:  password authentication failed for user "feria"', connection.WRONG_PASSWORD),
        ("FATAL:  la autentificación password falló para el usuario «feria»",
         connection.WRONG_PASSWORD),
        ("fe_sendauth: no password supplied", connection.NO_PASSWORD),
        ('FATAL:  database "ferias" does not exist', connection.UNKNOWN_DATABASE),
        ("FATAL:  no existe la base de datos «ferias»", connection.UNKNOWN_DATABASE),
        ('FATAL:  role "ana" does not exist', connection.UNKNOWN_USER),
        ('relation "vendor" does not exist', None),
    ],
)  # fmt: skip
def test_the_kinds_of_failure_are_read_from_the_driver_s_words(text, kind):
    found = connection.kind_of(Exception(text))
    assert (found[0] if found else None) == kind


# the real server: each failure to connect gets its own message, without the password


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def failure_of(url: str) -> DatabaseError:
    with pytest.raises(connection.ConnectionFailedError) as failed:
        open_database(url)
    message = explain(failed.value)
    assert message is not None and "mala-clave" not in message and "SQLite" not in message
    return failed.value


def test_a_server_nobody_listens_on_is_unreachable():
    failed = failure_of(f"postgres://feria:mala-clave@127.0.0.1:{_free_port()}/ferias")
    assert failed.kind == connection.UNREACHABLE
    assert str(failed).startswith("No se pudo conectar con el servidor de base de datos 127.0.0.1:")


def test_a_password_holding_an_at_sign_is_not_shown_as_the_server_s_name():
    # read as the password "mala" and the host "cl@ve@127.0.0.1": libpq cannot find it
    failed = failure_of(f"postgresql://feria:mala@cl@ve@127.0.0.1:{_free_port()}/ferias")
    assert failed.kind == connection.UNREACHABLE
    assert "cl@ve" not in str(failed) and "ve@" not in str(failed)
    assert str(failed).startswith("No se pudo conectar con el servidor de base de datos 127.0.0.1:")


def test_an_unknown_host_is_unreachable():
    failed = failure_of("postgresql://feria:mala-clave@servidor-que-no-existe.invalid/ferias")
    assert failed.kind == connection.UNREACHABLE
    assert "servidor-que-no-existe.invalid" in str(failed)


def test_a_server_that_never_answers_is_given_up_after_the_timeout():
    with socket.socket() as silent:  # accepts the connection, never says a word
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        port = silent.getsockname()[1]
        start = time.monotonic()
        failed = failure_of(f"postgresql://feria:mala-clave@127.0.0.1:{port}/f?connect_timeout=1")
        assert time.monotonic() - start < 8
    assert failed.kind == connection.UNREACHABLE


def test_a_wrong_password(pg_server):
    url = pg_server.url("postgres", user=pgserver.PASSWORD_ROLE, password="mala-clave")
    failed = failure_of(url)
    assert failed.kind == connection.WRONG_PASSWORD
    assert str(failed) == (
        f"El servidor 127.0.0.1:{pg_server.port} no aceptó la contraseña del usuario "
        "«con_clave». Revise la contraseña (en la dirección, en la variable PGPASSWORD o en "
        "el archivo ~/.pgpass)."
    )


def test_no_password_given(pg_server, monkeypatch, tmp_path):
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "ninguno"))
    failed = failure_of(pg_server.url("postgres", user=pgserver.PASSWORD_ROLE))
    assert failed.kind == connection.NO_PASSWORD
    assert "pide una contraseña para el usuario «con_clave»" in str(failed)


def test_an_unknown_database(pg_server):
    failed = failure_of(pg_server.url("no_existe"))
    assert failed.kind == connection.UNKNOWN_DATABASE
    assert "no tiene una base de datos llamada «no_existe»" in str(failed)


def test_an_unknown_user(pg_server):
    failed = failure_of(pg_server.url("postgres", user="nadie"))
    assert failed.kind == connection.UNKNOWN_USER
    assert "no conoce al usuario «nadie»" in str(failed)


def test_the_password_may_come_from_pgpassword(pg_server, monkeypatch):
    monkeypatch.setenv("PGPASSWORD", pgserver.PASSWORD)
    assert current_user(pg_server.url("postgres", user=pgserver.PASSWORD_ROLE)) == "con_clave"


def test_the_password_may_come_from_a_pgpass_file(pg_server, monkeypatch, tmp_path):
    monkeypatch.delenv("PGPASSWORD", raising=False)
    pgpass = tmp_path / ".pgpass"
    pgpass.write_text(f"127.0.0.1:{pg_server.port}:*:con_clave:{pgserver.PASSWORD}\n")
    pgpass.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    assert current_user(pg_server.url("postgres", user=pgserver.PASSWORD_ROLE)) == "con_clave"


def test_the_log_masks_the_password_of_any_url_in_a_line():
    record = logging.LogRecord(
        "agroferia", logging.INFO, __file__, 1,
        "opened %s, then %s", ("postgresql://feria:se/cr:eto@host/db?sslmode=require",
                               "postgres://host/db?password=secreto&x=1"), None,
    )  # fmt: skip
    line = logs.PrivateFormatter("%(message)s").format(record)
    assert line == (
        "opened postgresql://feria:***@host/db?sslmode=require, "
        "then postgres://host/db?password=***&x=1"
    )
    assert urls.hide_passwords("postgres://feria:p@s/s@host/db y más") == (
        "postgres://feria:***@host/db y más"
    )
    assert urls.hide_passwords("C:\\datos\\a:b@c.db y /home/ana/x.db") == (
        "C:\\datos\\a:b@c.db y /home/ana/x.db"
    )


def test_the_command_that_finishes_an_anonymization_names_a_server_without_its_password():
    from agroferia.core import privacy

    command = privacy.finish_command("postgresql://feria:secreto@host/ferias")
    assert "secreto" not in command
    # the command can be run as it is: no "***" that would be taken for the password
    assert "postgresql://feria@host/ferias" in command and command.endswith("person compact")
    # as the command line repeats it, with the account that ran it
    from argparse import Namespace

    from agroferia.cli_person import _finish_command

    again = _finish_command(Namespace(db="postgresql://feria:secreto@host/ferias", user="ana"))
    assert again == "agroferia --db postgresql://feria@host/ferias --user ana person compact"
    command = privacy.finish_command("postgres://host/ferias?password=secreto&sslmode=require")
    assert "secreto" not in command and "password" not in command
    assert "postgres://host/ferias?sslmode=require" in command


def test_a_server_database_of_another_program_is_named_without_the_password(pg_server):
    pg_server.create_database("de_otro_programa")
    try:
        with psycopg.connect(pg_server.url("de_otro_programa").replace("+psycopg", ""),
                             autocommit=True) as conn:  # fmt: skip
            conn.execute("CREATE TABLE clientes (id integer)")
        # the test server trusts this user: the password given is not even checked
        url = pg_server.url("de_otro_programa", password="mala-clave")
        with pytest.raises(DatabaseError) as refused:
            open_database(url)
        assert str(refused.value) == (
            f"postgresql+psycopg://agroferia:***@127.0.0.1:{pg_server.port}/de_otro_programa "
            "no es una base de datos de Agroferia."
        )
    finally:
        pg_server.drop_database("de_otro_programa")


class Keyring(types.ModuleType):
    """The ``keyring`` package's one function the app calls, over a dict: the system's
    keyring service is not installed here."""

    def __init__(self, entries: dict[tuple[str, str], str], fails: bool = False) -> None:
        super().__init__("keyring")
        self.entries, self.fails, self.asked = entries, fails, []

    def get_password(self, service: str, name: str) -> str | None:
        self.asked.append((service, name))
        if self.fails:
            raise RuntimeError("no keyring service")
        return self.entries.get((service, name))


def current_user(url: str) -> str:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return conn.exec_driver_sql("SELECT current_user").scalar()
    finally:
        engine.dispose()


def test_the_password_may_come_from_the_system_keyring(pg_server, monkeypatch, tmp_path):
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "ninguno"))
    name = f"con_clave@127.0.0.1:{pg_server.port}"
    keyring = Keyring({("agroferia", name): pgserver.PASSWORD})
    monkeypatch.setitem(sys.modules, "keyring", keyring)
    assert current_user(pg_server.url("postgres", user=pgserver.PASSWORD_ROLE)) == "con_clave"
    assert keyring.asked == [("agroferia", name)]
    # a password in the URL or in PGPASSWORD is used as given: the keyring is not asked
    url = pg_server.url("postgres", user=pgserver.PASSWORD_ROLE, password=pgserver.PASSWORD)
    assert current_user(url) == "con_clave"
    monkeypatch.setenv("PGPASSWORD", pgserver.PASSWORD)
    assert current_user(pg_server.url("postgres", user=pgserver.PASSWORD_ROLE)) == "con_clave"
    assert len(keyring.asked) == 1


def test_a_keyring_that_cannot_be_read_is_passed_over(pg_server, monkeypatch, tmp_path):
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "ninguno"))
    monkeypatch.setitem(sys.modules, "keyring", Keyring({}, fails=True))
    failed = failure_of(pg_server.url("postgres", user=pgserver.PASSWORD_ROLE))
    assert failed.kind == connection.NO_PASSWORD
    monkeypatch.setitem(sys.modules, "keyring", Keyring({}))
    assert failure_of(pg_server.url("postgres", user="con_clave")).kind == connection.NO_PASSWORD
