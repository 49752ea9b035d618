"""``--user`` and ``agroferia users``: the command line acts as an account, each role doing
only what it may, on real database files (the demo's accounts: admin, organizador,
tesorero and consulta, each with the password demo- and its name)."""

from __future__ import annotations

import base64
import contextlib
import io
import os
import pty
import select
import subprocess
import sys
from pathlib import Path

import pytest

from agroferia import cli
from agroferia.core import settings
from agroferia.core.db import open_database
from tests import dbread
from tests.conftest import new_database

REPO = Path(__file__).resolve().parents[2]
UNTIL = "2026-11-22"
PERIOD = ["--from", "2026-01-01", "--to", "2026-06-30"]
NEEDS_USER = "Esta base de datos tiene cuentas: indique con --user NOMBRE"
UNPROTECTED = "Aviso: esta base de datos no tiene cuentas"
WRONG = "Usuario o contraseña incorrectos."
VENDORS = (
    "Nombres;Apellidos;DNI;Sexo;Rubro",
    "Rosa;Quispe;41234567;F;Gastronomía",
    "Juan;Paz;01234567;M;Artesanía",
)


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(argv)
    return code, out.getvalue(), err.getvalue()


dump = dbread.dump
query = dbread.query


def user_id(path: Path, username: str) -> int:
    ((found,),) = query(path, "SELECT id FROM user_account WHERE username = ?", username)
    return found


@pytest.fixture(scope="module")
def demo_template(pytestconfig, tmp_path_factory) -> Path:
    """The demo as the command line builds it: with its four accounts."""
    path = new_database(pytestconfig, tmp_path_factory.mktemp("demo"), "demo.db")
    code, out, err = run(["--db", str(path), "demo", "--until", UNTIL])
    assert code == 0, err
    # a new database: no warning (only the progress), the accounts are listed instead
    assert [line for line in err.splitlines() if "feria de demostración…" not in line] == []
    for name in ("admin", "organizador", "tesorero", "consulta"):
        assert f"  {name}: demo-{name}" in out
    return path


@pytest.fixture
def demo(demo_template, copy_database) -> Path:
    return copy_database(demo_template, "demo.db")


@pytest.fixture
def document(demo) -> str:
    return query(demo, "SELECT doc_number FROM vendor ORDER BY id LIMIT 1")[0][0]


def as_user(monkeypatch, name: str, password: str | None = None) -> list[str]:
    monkeypatch.setenv("AGROFERIA_PASSWORD", password or f"demo-{name}")
    return ["--user", name]


def vendors_file(tmp_path: Path) -> Path:
    path = tmp_path / "expositores.csv"
    path.write_text("\n".join(VENDORS) + "\n", encoding="utf-8")
    return path


def writing_commands(tmp_path: Path, document: str) -> list[list[str]]:
    return [
        ["import", "vendors", str(vendors_file(tmp_path)), "--fair", "Feria Nueva"],
        ["import", "vendors", str(vendors_file(tmp_path)), "--dry-run"],
        ["export", "roster", "--out", str(tmp_path / "padron.xlsx")],
        ["person", "export", "--document", document, "--out", str(tmp_path / "p.json")],
        ["person", "anonymize", "--document", document, "--yes"],
        ["person", "compact"],
        ["demo", "--until", UNTIL, "--replace"],
        ["users", "list"],
        ["users", "add", "pepe", "--role", "viewer"],
        ["users", "deactivate", "consulta"],
        ["users", "reset-password", "consulta"],
    ]


# --- without --user -------------------------------------------------------------------------


def test_without_user_every_writing_command_is_refused(demo, document, tmp_path, monkeypatch):
    monkeypatch.setenv("AGROFERIA_NEW_PASSWORD", "una clave nueva y larga")
    before = dump(demo)
    for argv in writing_commands(tmp_path, document):
        code, out, err = run(["--db", str(demo), *argv])
        assert code == 1, argv
        assert err.startswith(f"agroferia: error: {NEEDS_USER}"), (argv, err)
        assert "Traceback" not in out + err
        assert dump(demo) == before, argv
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "demo.db") == ["expositores.csv"]


def test_the_refusal_in_english(demo, tmp_path):
    code, _, err = run(["--db", str(demo), "--lang", "en", "export", "roster", "--out",
                        str(tmp_path / "r.xlsx")])  # fmt: skip
    assert code == 1
    assert "This database has accounts: say with --user NAME who runs the command" in err


def test_reading_aggregates_needs_no_account_unless_the_settings_ask(demo, tmp_path, monkeypatch):
    reading = [
        ["stats", *PERIOD, "--json"],
        ["export", "pdf", *PERIOD, "--out", str(tmp_path / "r.pdf")],
        ["export", "excel", *PERIOD, "--out", str(tmp_path / "r.xlsx")],
        ["export", "day", "--date", UNTIL, "--out", str(tmp_path / "j.pdf")],
        ["template", "vendors", "--out", str(tmp_path / "t.xlsx")],
    ]
    for argv in reading:
        code, _, err = run(["--db", str(demo), *argv])
        assert code == 0, err
        assert err == ""  # no warning: the database has accounts
    db = open_database(demo)
    with db.Session.begin() as s:
        settings.update(s, "admin", {settings.SIGN_IN_TO_READ_KEY: True})
    db.close()
    for argv in reading:
        code, _, err = run(["--db", str(demo), *argv])
        assert code == 1 and NEEDS_USER in err, argv
    for argv in reading:  # the viewer reads
        code, _, err = run(["--db", str(demo), *as_user(monkeypatch, "consulta"), *argv])
        assert code == 0, err


# --- signing in ---------------------------------------------------------------------------


def test_a_wrong_password_is_counted_and_five_make_the_account_wait(demo, tmp_path, monkeypatch):
    argv = ["--db", str(demo), *as_user(monkeypatch, "tesorero", "no es la clave"), "export",
            "pdf", *PERIOD, "--out", str(tmp_path / "r.pdf")]  # fmt: skip
    for tries in range(1, 5):
        code, out, err = run(argv)
        assert code == 1
        assert err.strip() == f"agroferia: error: {WRONG}"
        assert "no es la clave" not in out + err
        assert (
            query(demo, "SELECT failed_logins FROM user_account WHERE username = 'tesorero'")[0][0]
            == tries
        )  # kept from one command to the next
    code, _, err = run(argv)
    assert code == 1
    assert f"{WRONG} Demasiados intentos seguidos: espere 30 segundos" in err
    monkeypatch.setenv("AGROFERIA_PASSWORD", "demo-tesorero")  # even the right one waits
    code, _, err = run(argv)
    assert code == 1 and "espere" in err
    assert not (tmp_path / "r.pdf").exists()
    code, _, err = run(["--db", str(demo), "--lang", "en", *argv[2:]])
    assert code == 1 and "Wrong username or password. Too many tries in a row: wait" in err


def test_an_unknown_or_deactivated_account_cannot_sign_in(demo, monkeypatch, tmp_path):
    out = ["--out", str(tmp_path / "r.xlsx")]
    code, _, err = run(["--db", str(demo), *as_user(monkeypatch, "nadie", "demo-admin"),
                        "export", "roster", *out])  # fmt: skip
    assert code == 1 and WRONG in err
    code, _, err = run(["--db", str(demo), *as_user(monkeypatch, "admin"), "users",
                        "deactivate", "organizador"])  # fmt: skip
    assert code == 0, err
    code, _, err = run(["--db", str(demo), *as_user(monkeypatch, "organizador"), "export",
                        "roster", *out])  # fmt: skip
    assert code == 1 and WRONG in err
    assert not (tmp_path / "r.xlsx").exists()


def test_without_a_terminal_or_the_variable_the_password_is_missing(demo, tmp_path, monkeypatch):
    monkeypatch.delenv("AGROFERIA_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO("demo-admin\n"))  # not a terminal: unread
    before = dump(demo)
    code, _, err = run(["--db", str(demo), "--user", "admin", "export", "roster", "--out",
                        str(tmp_path / "r.xlsx")])  # fmt: skip
    assert code == 1
    assert err.strip() == (
        "agroferia: error: Falta la contraseña de admin: póngala en la variable "
        "AGROFERIA_PASSWORD o ejecute el comando en una terminal."
    )
    assert dump(demo) == before


def test_a_password_is_never_an_argument(demo):
    code, _, err = run(["--db", str(demo), "--user", "admin", "--password", "demo-admin",
                        "users", "list"])  # fmt: skip
    assert code == 2 and "Use «agroferia --help»" in err
    assert query(demo, "SELECT last_sign_in FROM user_account WHERE username = 'admin'") == [
        (None,)
    ]


# --- roles --------------------------------------------------------------------------------


def test_a_viewer_changes_nothing_and_sees_no_personal_data(demo, document, tmp_path, monkeypatch):
    user = as_user(monkeypatch, "consulta")
    before = dump(demo)
    refused = {
        "import": (["import", "vendors", str(vendors_file(tmp_path))],
                   "Su cuenta no puede cambiar expositores, rubros, ferias y jornadas"),
        "roster": (["export", "roster", "--out", str(tmp_path / "padron.xlsx")],
                   "El padrón tiene datos personales"),
        "person": (["person", "export", "--document", document, "--out",
                    str(tmp_path / "p.pdf")], "Su cuenta no puede manejar datos personales"),
        "users": (["users", "list"], "hace falta una cuenta de administrador"),
        "demo": (["demo", "--until", UNTIL, "--replace"], "hace falta una cuenta de administrador"),
    }  # fmt: skip
    for argv, message in refused.values():
        code, _out, err = run(["--db", str(demo), *user, *argv])
        assert code == 1, argv
        assert err.startswith("agroferia: error: ") and message in err, (argv, err)
        assert len(err.strip().splitlines()) == 1  # one translated line, no traceback
    # the sign-ins are recorded; nothing else is
    after = [line for line in dump(demo) if "user_account" not in line]
    assert after == [line for line in before if "user_account" not in line]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "demo.db") == ["expositores.csv"]
    code, _, err = run(["--db", str(demo), "--lang", "en", *user, "export", "roster", "--out",
                        str(tmp_path / "padron.xlsx")])  # fmt: skip
    assert code == 1 and "personal data" in err


def test_a_treasurer_exports_the_municipal_reports_but_does_not_import(demo, tmp_path,
                                                                      monkeypatch):  # fmt: skip
    user = as_user(monkeypatch, "tesorero")
    for argv in (
        ["export", "pdf", *PERIOD, "--out", str(tmp_path / "r.pdf")],
        ["export", "excel", *PERIOD, "--out", str(tmp_path / "r.xlsx")],
        ["export", "day", "--date", UNTIL, "--out", str(tmp_path / "j.pdf")],
        ["stats", *PERIOD],
    ):
        code, _, err = run(["--db", str(demo), *user, *argv])
        assert code == 0, err
    vendors = query(demo, "SELECT count(*) FROM vendor")
    code, _, err = run(["--db", str(demo), *user, "import", "vendors",
                        str(vendors_file(tmp_path))])  # fmt: skip
    assert code == 1 and "hace falta una cuenta de organizador o de administrador" in err
    code, _, err = run(["--db", str(demo), *user, "export", "roster", "--out",
                        str(tmp_path / "padron.xlsx")])  # fmt: skip
    assert code == 1 and not (tmp_path / "padron.xlsx").exists()
    assert query(demo, "SELECT count(*) FROM vendor") == vendors


def test_an_organizer_imports_and_the_audit_trail_names_the_account(demo, document, tmp_path,
                                                                    monkeypatch):  # fmt: skip
    user = as_user(monkeypatch, "organizador")
    last = query(demo, "SELECT max(id) FROM audit_log")[0][0]
    code, _out, err = run(["--db", str(demo), *user, "import", "vendors",
                           str(vendors_file(tmp_path)), "--fair", "Feria Nueva"])  # fmt: skip
    assert code == 0, err
    code, _, err = run(["--db", str(demo), *user, "export", "roster", "--out",
                        str(tmp_path / "padron.xlsx")])  # fmt: skip
    assert code == 0, err
    code, _, err = run(["--db", str(demo), *user, "person", "export", "--document", document,
                        "--out", str(tmp_path / "p.json")])  # fmt: skip
    assert code == 0, err
    entries = query(demo, "SELECT actor, user_id, entity FROM audit_log WHERE id > ?", last)
    assert {"vendor", "fair", "padron"} <= {entity for _a, _u, entity in entries}
    assert {(actor, uid) for actor, uid, _e in entries} == {
        ("organizador", user_id(demo, "organizador"))
    }
    assert err == "" or "datos personales" in err  # no warning about an unprotected file


def test_demo_replace_needs_an_administrator_and_keeps_the_accounts(
    demo, monkeypatch, app_data_dir
):
    before = dump(demo)
    code, _, err = run(["--db", str(demo), *as_user(monkeypatch, "organizador"), "demo",
                        "--until", UNTIL, "--replace", "--seed", "5"])  # fmt: skip
    assert code == 1 and "hace falta una cuenta de administrador" in err
    assert not (app_data_dir / "copias").exists()  # refused before the copy
    assert [x for x in dump(demo) if "user_account" not in x] == [
        x for x in before if "user_account" not in x
    ]
    accounts_before = query(
        demo, "SELECT id, username, role, password_hash FROM user_account ORDER BY id"
    )
    code, out, err = run(["--db", str(demo), *as_user(monkeypatch, "admin"), "demo",
                          "--until", UNTIL, "--replace", "--seed", "5"])  # fmt: skip
    assert code == 0, err
    assert "demo-tesorero" not in out  # the accounts were there: nothing new to show
    assert len(list((app_data_dir / "copias").iterdir())) == 1
    accounts_after = query(
        demo, "SELECT id, username, role, password_hash FROM user_account ORDER BY id"
    )
    assert accounts_after == accounts_before
    entry = query(demo, "SELECT actor, user_id FROM audit_log WHERE entity = 'demo'")
    assert entry == [("admin", user_id(demo, "admin"))]


# --- a database without accounts ------------------------------------------------------------


def test_an_unprotected_database_runs_everything_and_says_so(db_path, tmp_path):
    code, _out, err = run(["--db", str(db_path), "import", "vendors",
                           str(vendors_file(tmp_path)), "--fair", "Feria Nueva",
                           "--dry-run"])  # fmt: skip
    assert code == 0, err
    assert err.strip() == (f"{UNPROTECTED} y cualquiera puede cambiarla hasta que cree la "
                           "primera cuenta de administrador con: agroferia users add NOMBRE "
                           "--role admin")  # fmt: skip
    code, _, err = run(["--db", str(db_path), "--user", "Pepe", "import", "vendors",
                        str(vendors_file(tmp_path)), "--fair", "Feria Nueva"])  # fmt: skip
    assert code == 0, err
    assert UNPROTECTED in err  # and no password asked: there is no account to check
    code, _, err = run(["--db", str(db_path), "--lang", "en", "stats", *PERIOD])
    assert code == 0
    assert err.startswith("Warning: this database has no accounts")
    assert "agroferia users add NAME --role admin" in err
    # the name given is recorded as text, as before accounts
    assert query(db_path, "SELECT DISTINCT actor, user_id FROM audit_log") == [("pepe", None)]


# --- agroferia users ----------------------------------------------------------------------


def test_users_from_the_first_administrator_on_a_new_file(tmp_path, monkeypatch):
    db = str(tmp_path / "nueva.db")
    monkeypatch.setenv("AGROFERIA_NEW_PASSWORD", "la clave de ana paz")
    code, _, err = run(["--db", db, "users", "add", "ana", "--role", "viewer"])
    assert code == 1 and "la primera cuenta debe ser de administrador" in err
    assert query(db, "SELECT count(*) FROM user_account") == [(0,)]
    code, out, err = run(["--db", db, "users", "add", "Ana", "--role", "admin",
                          "--display-name", "Ana Paz"])  # fmt: skip
    assert code == 0, err
    assert err == ""  # creating the first administrator: no warning
    assert out.strip() == "Cuenta ana creada (Administrador)."
    ana = as_user(monkeypatch, "ana", "la clave de ana paz")
    monkeypatch.setenv("AGROFERIA_NEW_PASSWORD", "la clave de beto")
    code, _, err = run(["--db", db, "users", "add", "beto", "--role", "treasurer"])
    assert code == 1 and NEEDS_USER in err
    code, out, err = run(["--db", db, *ana, "users", "add", "beto", "--role", "treasurer"])
    assert code == 0, err
    code, out, err = run(["--db", db, *ana, "users", "list"])
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].split() == ["Usuario", "Nombre", "Rol", "Activa", "Último", "inicio", "de",
                                "sesión"]  # fmt: skip
    assert lines[1].split()[:5] == ["ana", "Ana", "Paz", "Administrador", "sí"]
    assert lines[2].split() == ["beto", "beto", "Tesorero", "sí", "—"]
    assert "scrypt" not in out and "$" not in out

    # a new password from the administrator: beto must change it before anything else
    monkeypatch.setenv("AGROFERIA_NEW_PASSWORD", "otra clave para beto")
    code, out, err = run(["--db", db, *ana, "users", "reset-password", "beto"])
    assert code == 0, err
    beto = as_user(monkeypatch, "beto", "otra clave para beto")
    code, _, err = run(["--db", db, *beto, "stats", *PERIOD])
    assert code == 1
    assert "cámbiela antes de seguir" in err and "agroferia --user beto users password" in err
    monkeypatch.setenv("AGROFERIA_NEW_PASSWORD", "la clave propia de beto")
    code, out, err = run(["--db", db, *beto, "users", "password"])
    assert code == 0, err
    beto = as_user(monkeypatch, "beto", "la clave propia de beto")
    code, _, err = run(["--db", db, *beto, "stats", *PERIOD])
    assert code == 0, err
    code, _, err = run(["--db", db, *beto, "users", "list"])
    assert code == 1 and "hace falta una cuenta de administrador" in err

    ana = as_user(monkeypatch, "ana", "la clave de ana paz")
    code, out, err = run(["--db", db, *ana, "users", "deactivate", "beto"])
    assert code == 0, err
    code, _, err = run(["--db", db, *ana, "users", "deactivate", "ana"])
    assert code == 1 and "es la única cuenta de administrador activa" in err
    assert query(db, "SELECT username, active FROM user_account ORDER BY id") == [
        ("ana", 1),
        ("beto", 0),
    ]
    # every change audited, by ana's account (beto's own password by beto's), no secret
    entries = query(db, "SELECT actor, user_id, action, before, after FROM audit_log "
                        "WHERE entity = 'user' ORDER BY id")  # fmt: skip
    assert [(a, u, act) for a, u, act, _b, _a in entries] == [
        ("ana", 1, "create"),
        ("ana", 1, "create"),
        ("ana", 1, "reset_password"),
        ("beto", 2, "change_password"),
        ("ana", 1, "update"),
    ]
    assert not any("clave" in str(entry) or "scrypt" in str(entry) for entry in entries)


def test_users_add_refuses_a_short_or_repeated_password(tmp_path, monkeypatch):
    db = str(tmp_path / "nueva.db")
    monkeypatch.setenv("AGROFERIA_NEW_PASSWORD", "corta")
    code, out, err = run(["--db", db, "users", "add", "ana", "--role", "admin"])
    assert code == 1 and "Contraseña" in err and "corta" not in out + err
    assert query(db, "SELECT count(*) FROM user_account") == [(0,)]


# --- no secret anywhere -------------------------------------------------------------------

SECRET = "sal-y-pimienta-2026"  # the password of the account these commands run as


def module(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "agroferia", *args], env=env, cwd=cwd,
                          capture_output=True, text=True, encoding="utf-8", timeout=120,
                          stdin=subprocess.DEVNULL, check=False)  # fmt: skip


def secrets_of(path: Path) -> set[str]:
    """Every stored hash, and its salt and key as base64 and as hexadecimal."""
    found = set()
    for (stored,) in query(path, "SELECT password_hash FROM user_account"):
        found.add(stored)
        for part in stored.split("$")[4:]:
            found |= {part, base64.b64decode(part).hex()}
    return found


def test_no_password_hash_or_salt_in_the_output_or_the_log(demo, tmp_path):
    logs = tmp_path / "registro"
    env = {k: v for k, v in os.environ.items() if not k.startswith("AGROFERIA_")}
    env |= {"PYTHONPATH": str(REPO), "AGROFERIA_LOG_DIR": str(logs)}
    admin = env | {"AGROFERIA_PASSWORD": "demo-admin", "AGROFERIA_NEW_PASSWORD": SECRET}
    done = module(["--db", str(demo), "--user", "admin", "users", "add", "rocio", "--role",
                   "organizer"], admin, tmp_path)  # fmt: skip
    assert done.returncode == 0, done.stderr
    rocio = env | {"AGROFERIA_PASSWORD": SECRET}
    folder = tmp_path / "carpeta.xlsx"  # a folder where the padrón should go: it fails
    folder.mkdir()
    runs = [
        module(["--db", str(demo), "--user", "rocio", *argv], rocio, tmp_path)
        for argv in (
            ["export", "roster", "--out", str(folder)],
            ["users", "list"],
            ["import", "vendors", str(vendors_file(tmp_path))],
            ["stats", *PERIOD, "--json"],
        )
    ]
    runs.append(module(["--db", str(demo), "--user", "rocio", "users", "list"],
                       env | {"AGROFERIA_PASSWORD": SECRET + "x"}, tmp_path))  # fmt: skip
    codes = [done.returncode for done in runs]
    assert codes == [1, 1, 0, 0, 1], [done.stderr for done in runs]
    assert "no se pudo usar el archivo" in runs[0].stderr
    log_text = "".join(p.read_text(encoding="utf-8") for p in logs.iterdir())
    assert "command failed" in log_text  # the failed export is logged, with its traceback
    secrets = {SECRET, "demo-admin", *secrets_of(demo)}
    for text in [log_text, *(d.stdout + d.stderr for d in runs)]:
        assert "scrypt" not in text
        for secret in secrets:
            assert secret not in text


# --- on a terminal ------------------------------------------------------------------------


def at_a_terminal(argv: list[str], answers: dict[bytes, str]) -> tuple[int, str]:
    """Runs the command on a pseudo-terminal of its own (its controlling terminal, which
    ``getpass`` reads), typing each answer after the prompt that asks for it."""
    import fcntl
    import termios

    main, child = pty.openpty()
    env = {k: v for k, v in os.environ.items() if not k.startswith("AGROFERIA_PASSWORD")}
    env = {k: v for k, v in env.items() if k != "AGROFERIA_NEW_PASSWORD"}

    def take_the_terminal() -> None:
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)

    process = subprocess.Popen([sys.executable, "-m", "agroferia", *argv], stdin=child,
                               stdout=child, stderr=child, cwd=REPO,
                               env=env | {"PYTHONPATH": str(REPO)}, start_new_session=True,
                               preexec_fn=take_the_terminal)  # fmt: skip
    os.close(child)
    seen, pending = b"", list(answers.items())
    try:
        while True:
            ready, _w, _x = select.select([main], [], [], 30)
            if not ready:
                break
            try:
                chunk = os.read(main, 4096)
            except OSError:  # the command ended and closed the terminal
                break
            if not chunk:
                break
            seen += chunk
            while pending and seen.endswith(pending[0][0]):
                os.write(main, pending.pop(0)[1].encode() + b"\n")
        return process.wait(timeout=30), seen.decode("utf-8", "replace")
    finally:
        os.close(main)


def test_passwords_are_typed_on_the_terminal_without_echo(tmp_path):
    db = str(tmp_path / "nueva.db")
    code, out = at_a_terminal(["--db", db, "users", "add", "ana", "--role", "admin"], {
        b"Nueva contrase\xc3\xb1a: ": SECRET,
        b"Repita la nueva contrase\xc3\xb1a: ": SECRET,
    })  # fmt: skip
    assert code == 0, out
    assert "Cuenta ana creada (Administrador)." in out
    assert SECRET not in out
    code, out = at_a_terminal(["--db", db, "users", "add", "beto", "--role", "viewer"], {})
    assert code == 1 and NEEDS_USER in out
    code, out = at_a_terminal(["--db", db, "--user", "ana", "users", "list"], {
        b"Contrase\xc3\xb1a de ana: ": SECRET,
    })  # fmt: skip
    assert code == 0, out
    assert "Administrador" in out and SECRET not in out
    code, out = at_a_terminal(["--db", db, "--user", "ana", "users", "add", "beto", "--role",
                               "viewer"], {
        b"Contrase\xc3\xb1a de ana: ": SECRET,
        b"Nueva contrase\xc3\xb1a: ": "la clave de beto",
        b"Repita la nueva contrase\xc3\xb1a: ": "otra cosa distinta",
    })  # fmt: skip
    assert code == 1 and "no coincide con la contraseña" in out
    assert query(db, "SELECT username FROM user_account") == [("ana",)]
