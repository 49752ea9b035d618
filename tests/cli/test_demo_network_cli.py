"""``agroferia demo --network``: the demo with the network's other fairs, made, left alone
with ``--if-new``, and replaced without ``--discard-real-data``."""

from __future__ import annotations

import pytest

from tests.cli.test_demo_replace_cli import query, run
from tests.cli.test_server_lifecycle_cli import database, dumps, env, scalar
from tests.cli.test_server_lifecycle_cli import run as run_program
from tests.conftest import DEMO_UNTIL

__all__ = ["database", "env"]  # the server's fixtures

NETWORK = ["demo", "--seed", "3", "--until", DEMO_UNTIL.isoformat(), "--network"]


@pytest.mark.sqlite_only  # the copy of a file taken before a replacement
def test_the_network_demo_is_made_told_and_replaced(tmp_path, app_data_dir) -> None:
    path = tmp_path / "red.db"
    code, out, err = run(["--db", str(path), *NETWORK])
    assert code == 0, err
    assert "Feria de demostración creada" in out and "84 expositores, 52 jornadas" in out
    assert "Y en la misma red, Feria de La Punta: 30 expositores (10 de ellos" in out
    assert "Agroferia de Jesús María: 32 expositores (11 de ellos" in out
    assert "admin: demo-admin" in out
    assert "100 %" in err and "Traceback" not in out + err
    assert query(path, "SELECT count(*) FROM fair") == [(3,)]
    assert query(path, "SELECT count(*) FROM vendor") == [(125,)]

    before = path.read_bytes()
    code, out, err = run(["--db", str(path), *NETWORK, "--if-new"])
    assert (code, out) == (0, "")
    assert path.read_bytes() == before

    env = {"AGROFERIA_PASSWORD": "demo-admin"}
    with pytest.MonkeyPatch.context() as patch:
        for key, value in env.items():
            patch.setenv(key, value)
        code, out, err = run(["--db", str(path), "--user", "admin", "demo", "--seed", "4",
                              "--until", DEMO_UNTIL.isoformat(), "--replace"])  # fmt: skip
    assert code == 0, err
    assert "datos reales" not in err
    assert "Copia de los datos anteriores" in out
    assert query(path, "SELECT name FROM fair") == [("Agroferia Campesina de Magdalena",)]
    assert len(list((app_data_dir / "copias").iterdir())) == 1


@pytest.mark.sqlite_only
def test_in_english(tmp_path) -> None:
    code, out, err = run(["--db", str(tmp_path / "red.db"), "--lang", "en", *NETWORK])
    assert code == 0, err
    assert "And in the same network, Feria de La Punta: 30 vendors (10 of them" in out


def test_on_a_server_if_new_and_replaced_with_a_copy(database, env) -> None:
    """On an empty server database ``--if-new`` builds the network; the plain demo then
    replaces it without ``--discard-real-data``, after a pg_dump copy."""
    until = DEMO_UNTIL.isoformat()
    built = run_program(["--db", database, "demo", "--network", "--if-new", "--until", until],
                        env)  # fmt: skip
    assert built.returncode == 0, built.stderr
    assert "Feria de La Punta: 30 expositores" in built.stdout
    assert scalar(database, "SELECT count(*) FROM fair") == 3
    assert scalar(database, "SELECT count(*) FROM membership") == 125 + 21
    admin = env | {"AGROFERIA_PASSWORD": "demo-admin"}
    done = run_program(["--db", database, "--user", "admin", "demo", "--replace", "--until",
                        until], admin)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert len(dumps(env)) == 1
    assert scalar(database, "SELECT count(*) FROM fair") == 1
    assert scalar(database, "SELECT count(*) FROM vendor") == 84
