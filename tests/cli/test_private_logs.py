"""The log holds no personal data: each failing write is provoked for real (a database
locked by another connection, a full disk, a constraint the database enforces) through the
command line, and the log file is then searched for every name, document number, phone,
e-mail and birth date of the vendors involved."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import logging
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy.exc import IntegrityError

from agroferia import cli, logs
from agroferia.core import vendors
from agroferia.core.audit import SYSTEM
from agroferia.core.db import make_engine, open_database
from agroferia.core.errors import ValidationError
from agroferia.core.ubigeo import fold
from agroferia.i18n import lazy
from tests import dbread

REPO = Path(__file__).resolve().parents[2]
GIVEN = ["Zenobia", "Teodolinda", "Filomena", "Eduviges", "Casimira", "Anacleta", "Segismunda"]
SURNAMES = ["Quisocala", "Ccahuana", "Huarachi", "Ticona", "Mamanchura", "Yupanqui", "Condori"]
HEADER = "Nombres;Apellidos;DNI;Sexo;Fecha de nacimiento;Teléfono;Correo electrónico;Rubro"


SYLLABLES = ["qui", "hua", "cca", "tu", "yu", "pa", "chi", "ru", "llo", "ma", "ña", "ti"]


def _word(n: int) -> str:
    """A made-up word of its own for each number (three or four syllables)."""
    parts = []
    for _ in range(3 if n < 12**3 else 4):
        n, rest = divmod(n, 12)
        parts.append(SYLLABLES[rest])
    return "".join(parts)


def people(count: int, first: int = 0) -> list[dict[str, str]]:
    """Vendors with every personal field, each value found nowhere else."""
    found = []
    for i in range(first, first + count):
        born = dt.date(1950, 1, 1) + dt.timedelta(days=(23 * i + 13) % 20_000)
        found.append(
            {
                "given": f"{GIVEN[i % 7]} {_word(i).capitalize()}",
                "surnames": f"{SURNAMES[i % 7]} {_word(i + 5000).capitalize()}",
                "document": f"{47_300_000 + 7919 * i:08d}",
                "phone": f"9{61_000_000 + 10_477 * i:08d}",
                "email": f"{GIVEN[i % 7].lower()}.{i}@correo-{SURNAMES[i % 7].lower()}.pe",
                "born": born.strftime("%d/%m/%Y"),
                "born_iso": born.isoformat(),
            }
        )
    return found


def vendors_file(path: Path, persons: list[dict[str, str]]) -> Path:
    lines = [HEADER] + [
        f"{p['given']};{p['surnames']};{p['document']};F;{p['born']};{p['phone']};"
        f"{p['email']};Gastronomía"
        for p in persons
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def leaks(text: str, persons: list[dict[str, str]]) -> list[str]:
    """Every personal value found in ``text`` (also upper case or without accents, as the
    search key stores names), and each word of a name."""
    folded = fold(text)
    found = []
    for person in persons:
        words = [*person["given"].split(), *person["surnames"].split()]
        values = [person["given"], person["surnames"], *words, person["document"]]
        values += [person["phone"], person["email"], person["born"], person["born_iso"]]
        found += [value for value in values if fold(value) in folded]
    return found


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(argv)
    return code, out.getvalue(), err.getvalue()


def log_text(folder: Path) -> str:
    for handler in logging.getLogger("agroferia").handlers:
        handler.flush()
    return "".join(p.read_text(encoding="utf-8") for p in sorted(folder.glob("agroferia.log*")))


@pytest.fixture
def log_dir(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "logs"
    monkeypatch.setenv("AGROFERIA_LOG_DIR", str(folder))
    return folder


@pytest.fixture
def registered(db_path, tmp_path) -> list[dict[str, str]]:
    """Vendors already in the database (their data is what a failing write may touch)."""
    persons = people(40)
    file = vendors_file(tmp_path / "registrados.csv", persons)
    code, _out, err = run(["--db", str(db_path), "import", "vendors", str(file), "--fair", "Sur"])
    assert code == 0, err
    return persons


@pytest.mark.sqlite_only  # another program holding an SQLite file's lock
def test_a_locked_database_logs_no_parameter(db_path, tmp_path, log_dir, monkeypatch, registered):
    monkeypatch.setattr("agroferia.core.db.BUSY_TIMEOUT_MS", 100)
    newcomers = people(30, first=40)
    file = vendors_file(tmp_path / "nuevos.csv", newcomers)
    other = sqlite3.connect(db_path, isolation_level=None)
    try:
        other.execute("BEGIN EXCLUSIVE")  # another program writing
        code, _out, err = run(["--db", str(db_path), "import", "vendors", str(file)])
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert code == 1 and "la base de datos está ocupada" in err and "intente de nuevo" in err
    log = log_text(log_dir)
    # the import waits for the lock where its transaction begins, before writing anything
    assert "SQLITE_BUSY: database is locked" in log and "[SQL: BEGIN IMMEDIATE]" in log
    assert leaks(log, registered + newcomers) == []
    assert "[parameters:" not in log


def _limited(limit: int, args: list[str], log_dir: Path) -> subprocess.CompletedProcess:
    """``python -m agroferia ARGS`` with files limited to ``limit`` bytes (RLIMIT_FSIZE),
    as on a disk with that much room left: a write past it fails (EFBIG) instead of killing
    the process (SIGXFSZ is ignored)."""
    script = (
        "import resource, runpy, signal, sys\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        "hard = resource.getrlimit(resource.RLIMIT_FSIZE)[1]\n"
        f"resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, hard))\n"
        "sys.argv = ['agroferia', *sys.argv[1:]]\n"
        "runpy.run_module('agroferia', run_name='__main__')\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO), "AGROFERIA_LOG_DIR": str(log_dir)}
    return subprocess.run(
        [sys.executable, "-c", script, *args],
        capture_output=True, text=True, encoding="utf-8", env=env, timeout=120,
        stdin=subprocess.DEVNULL, check=False,
    )  # fmt: skip


@pytest.mark.sqlite_only  # the file grows past a limit
@pytest.mark.skipif(os.name != "posix", reason="RLIMIT_FSIZE is POSIX")
def test_a_full_disk_logs_no_personal_data(db_path, tmp_path, log_dir, registered):
    # more than SQLite's page cache holds: it spills to the -wal file mid-transaction, so an
    # INSERT, with its names and documents as parameters, is what fails
    newcomers = people(2000, first=40)
    file = vendors_file(tmp_path / "nuevos.csv", newcomers)
    done = _limited(64 * 1024, ["--db", str(db_path), "import", "vendors", str(file)], log_dir)
    assert done.returncode == 1, done.stderr
    assert "no se pudo leer o escribir en el disco (disk I/O error): puede estar lleno" in (
        done.stderr
    )
    log = log_text(log_dir)
    assert "OperationalError: SQLITE_IOERR_WRITE: disk I/O error\n[SQL: INSERT INTO" in log
    assert leaks(log + done.stderr, registered + newcomers) == []

    # an export that does not fit (the database's 32 KiB -shm file does)
    code, _out, err = run(["--db", str(db_path), "import", "vendors", str(file)])
    assert code == 0, err
    out = tmp_path / "reporte.pdf"
    args = ["--db", str(db_path), "export", "pdf", "--from", "2020-01-01", "--to", "2030-12-31"]
    done = _limited(36 * 1024, [*args, "--out", str(out)], log_dir)
    assert done.returncode == 1, done.stderr
    assert f"no se pudo usar el archivo {out}" in done.stderr and "File too large" in done.stderr
    assert not out.exists() and list(tmp_path.glob(".reporte-*")) == []
    log = log_text(log_dir)
    assert "OSError: [EFBIG] File too large" in log and str(out) not in log
    assert leaks(log + done.stderr, registered + newcomers) == []


def _user_namespaces() -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(
        ["unshare", "--user", "--map-root-user", "--mount", "true"],
        capture_output=True, timeout=30, check=False,
    )  # fmt: skip
    return probe.returncode == 0


@pytest.mark.sqlite_only  # the file's own file system is full
@pytest.mark.skipif(not _user_namespaces(), reason="no unprivileged user and mount namespaces")
def test_a_really_full_file_system_logs_no_personal_data(db_path, tmp_path, log_dir, registered):
    """The same on a small tmpfs mounted in a user namespace: SQLite reports SQLITE_FULL."""
    newcomers = people(2000, first=40)
    file = vendors_file(tmp_path / "nuevos.csv", newcomers)
    small = tmp_path / "pequeño"
    small.mkdir()
    size_kib = db_path.stat().st_size // 1024 + 96  # the database, its -shm and a little more
    script = (
        f'mount -t tmpfs -o size={size_kib}k tmpfs "$1" && cp "$2" "$1/agroferia.db" && '
        f'"$3" -m agroferia --db "$1/agroferia.db" import vendors "$4"'
    )
    env = {**os.environ, "PYTHONPATH": str(REPO), "AGROFERIA_LOG_DIR": str(log_dir)}
    done = subprocess.run(
        ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", script, "sh",
         str(small), str(db_path), sys.executable, str(file)],
        capture_output=True, text=True, encoding="utf-8", env=env, timeout=120,
        stdin=subprocess.DEVNULL, check=False,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert "el disco está lleno; no se guardó nada de esta operación" in done.stderr
    log = log_text(log_dir)
    assert "SQLITE_FULL: database or disk is full\n[SQL: INSERT INTO" in log
    assert leaks(log + done.stderr, registered + newcomers) == []


# what the database says of a vendor's code already taken: SQLite, a PostgreSQL server
UNIQUE_CODE = {
    False: "SQLITE_CONSTRAINT_UNIQUE: UNIQUE constraint failed: vendor.code",
    True: "UniqueViolation: SQLSTATE 23505 constraint_name=uq_vendor_code table_name=vendor",
}


REFUSED = {
    False: "error inesperado; los detalles están en",
    True: "Otra persona acaba de guardar estos mismos datos y no se guardó nada",
}


def _number_as_an_older_version(db_path: Path) -> None:
    """A database whose codes were given by another program: the next free number is taken."""
    last = dbread.scalar(db_path, "SELECT max(id) FROM vendor")
    dbread.execute(db_path, "UPDATE vendor SET code = ? WHERE id = 1", f"EXP-{last + 1:04d}")


def test_a_constraint_violation_shows_no_parameter(db_path, tmp_path, log_dir, registered):
    """The database refuses a vendor whose code is taken (UNIQUE vendor.code): the
    terminal gets one line, and the log's traceback carries no value of the statement."""
    _number_as_an_older_version(db_path)
    newcomers = people(3, first=40)
    file = vendors_file(tmp_path / "nuevos.csv", newcomers)
    env = {**os.environ, "PYTHONPATH": str(REPO), "AGROFERIA_LOG_DIR": str(log_dir)}
    done = subprocess.run(
        [sys.executable, "-m", "agroferia", "--db", str(db_path), "import", "vendors", str(file)],
        capture_output=True, text=True, encoding="utf-8", env=env, timeout=120,
        stdin=subprocess.DEVNULL, check=False,
    )  # fmt: skip
    assert done.returncode != 0
    assert "Traceback" not in done.stderr  # one line on the terminal, the details in the log
    # a file's refusal is unexpected; on a server, a value taken is what a concurrent writer
    # causes, so it is told as a conflict (tried once more)
    on_server = dbread.on_server(db_path)
    assert REFUSED[on_server] in done.stderr
    logged = "a conflict with another writer" if on_server else UNIQUE_CODE[on_server]
    assert logged in log_text(log_dir)
    assert leaks(done.stderr + log_text(log_dir), registered + newcomers) == []


def form(person: dict[str, str]) -> dict[str, str]:
    return {
        "given_names": person["given"],
        "surnames": person["surnames"],
        "doc_number": person["document"],
        "phone": person["phone"],
        "email": person["email"],
        "birth_date": person["born"],
        "main_category": "Gastronomía",
    }


def test_the_services_errors_reach_the_log_without_values(db_path, log_dir, registered):
    """What the services raise, logged as the app logs a failure: a ValidationError that
    names the vendor holding a document, and the database's own IntegrityError."""
    logs.setup()
    log = logging.getLogger("agroferia.cli")
    newcomer = people(1, first=40)[0]
    db = open_database(db_path)
    try:
        twin = form(newcomer) | {"doc_number": registered[0]["document"]}
        with pytest.raises(ValidationError) as refused, db.Session.begin() as s:
            vendors.register(s, SYSTEM, twin)
        assert registered[0]["given"] in str(refused.value)  # what the person reads
        log.error("refused", exc_info=refused.value)
        _number_as_an_older_version(db_path)
        with pytest.raises(IntegrityError) as failed, db.Session.begin() as s:
            vendors.register(s, SYSTEM, form(newcomer))
        log.error("failed", exc_info=failed.value)
    finally:
        db.close()
    text = log_text(log_dir)
    assert "ValidationError: doc_number: ya está registrado para {name} ({code})" in text
    assert f"IntegrityError: {UNIQUE_CODE[dbread.on_server(db_path)]}" in text.replace(
        "IntegrityError: psycopg.errors.", "IntegrityError: "
    )
    assert leaks(text, [*registered, newcomer]) == []


def test_describe_keeps_only_what_holds_no_value():
    name, document = "Zenobia Quisocala", "47300000"
    try:
        try:
            {}[name]
        except KeyError as exc:
            raise ValueError(f"{name} {document}") from exc
    except ValueError as exc:
        text = logs.private_traceback(exc)
    assert "KeyError\n" in text and text.rstrip().endswith("ValueError")
    assert "direct cause" in text and "test_private_logs.py" in text
    assert name not in text and document not in text
    message = lazy("ya está registrado para {name} ({code})", name=name, code="EXP-0001")
    assert logs.describe(ValidationError.single("doc_number", lazy("DNI"), message)) == (
        "agroferia.core.errors.ValidationError: doc_number: ya está registrado para {name} ({code})"
    )
    assert logs.describe(OSError(28, "No space left on device", f"/home/{name}.xlsx")) == (
        "OSError: [ENOSPC] No space left on device"
    )


def test_every_engine_hides_parameters(tmp_path):
    """Both branches of ``make_engine``: a file path, and a URL (as a PostgreSQL one)."""
    for target in (str(tmp_path / "a.db"), f"sqlite:///{tmp_path / 'b.db'}"):
        engine = make_engine(target)
        try:
            assert engine.hide_parameters is True
        finally:
            engine.dispose()
