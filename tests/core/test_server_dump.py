"""The copy of a server's database taken with ``pg_dump``: its password never on the
program's command line (which every user of the computer may read with ``ps``)."""

from __future__ import annotations

import os
import shlex
import sys
from urllib.parse import quote

import pytest

from agroferia.core.network import server
from tests import pgserver


@pytest.fixture
def recording_pg_dump(tmp_path, monkeypatch):
    """``pg_dump`` on PATH writes down its arguments and the password of its environment,
    then runs the real program."""
    real = server.pg_dump()
    if real is None:
        pytest.skip("pg_dump is not installed")
    programs = tmp_path / "programas"
    programs.mkdir()
    record = tmp_path / "argumentos.txt"
    script = programs / "pg_dump"
    script.write_text(
        "#!/bin/sh\n"
        f'echo "$*" > {shlex.quote(str(record))}\n'
        f'echo "PGPASSWORD=$PGPASSWORD" >> {shlex.quote(str(record))}\n'
        f'exec {shlex.quote(str(real))} "$@"\n'
    )
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{programs}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.delenv("PGPASSWORD", raising=False)
    return record


@pytest.mark.parametrize("where", ["user part", "parameter"])
def test_pg_dump_is_given_the_password_in_its_environment_only(pg_server, recording_pg_dump, where):
    host = f"127.0.0.1:{pg_server.port}"
    user = pgserver.PASSWORD_ROLE
    password = quote(pgserver.PASSWORD)
    location = (
        f"postgresql://{user}:{password}@{host}/postgres"
        if where == "user part"
        else f"postgresql://{user}@{host}/postgres?password={password}&sslmode=disable"
    )
    copy = server.dump(location, "prueba")
    assert copy.is_file() and copy.stat().st_size > 0
    arguments, environment = recording_pg_dump.read_text().splitlines()
    assert pgserver.PASSWORD not in arguments and password not in arguments
    assert "sslmode=disable" in arguments or where == "user part"
    assert environment == f"PGPASSWORD={pgserver.PASSWORD}"


def test_pg_dump_is_given_the_password_kept_in_the_system_keyring(
    pg_server, recording_pg_dump, monkeypatch, tmp_path
):
    from tests.core.test_server_urls import Keyring

    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "ninguno"))
    name = f"{pgserver.PASSWORD_ROLE}@127.0.0.1:{pg_server.port}"
    monkeypatch.setitem(sys.modules, "keyring", Keyring({("agroferia", name): pgserver.PASSWORD}))
    location = pg_server.url("postgres", user=pgserver.PASSWORD_ROLE)
    copy = server.dump(location, "prueba")  # as the program, which opened it, reads it
    assert copy.is_file() and copy.stat().st_size > 0
    arguments, environment = recording_pg_dump.read_text().splitlines()
    assert pgserver.PASSWORD not in arguments
    assert environment == f"PGPASSWORD={pgserver.PASSWORD}"
