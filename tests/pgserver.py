"""A throw-away PostgreSQL cluster for the tests: made in a temporary folder, started on a
free local port as a user who is not root, stopped and deleted at the end.

The server's programs are found on ``PATH`` or in Debian's ``/usr/lib/postgresql/N/bin``
(``scripts/test.sh`` installs the ``postgresql`` package); ``AGROFERIA_TEST_POSTGRES`` names
a server already running instead (a URL of a user who may create databases).

Connections from 127.0.0.1 are trusted, except for the role ``con_clave``, whose password
(``PASSWORD``) is checked: the tests of wrong passwords use it.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

USER = "agroferia"
PASSWORD_ROLE = "con_clave"
PASSWORD = "una clave del servidor"
URL_ENV = "AGROFERIA_TEST_POSTGRES"


class NoServerError(RuntimeError):
    """PostgreSQL's programs are not installed here."""


def _programs() -> Path:
    found = shutil.which("pg_ctl")
    if found and Path(found).resolve().parent.joinpath("initdb").exists():
        return Path(found).resolve().parent
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"),
        key=lambda p: int(p.parts[-3]) if p.parts[-3].isdigit() else 0,
    )
    if not versions:
        raise NoServerError("PostgreSQL is not installed (scripts/test.sh installs it)")
    return versions[-1].parent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    """A running server: ``url(name)`` is a database's URL for the tests' user."""

    host: str
    port: int
    user: str = USER
    folder: Path | None = None  # the cluster's own folder, when this module made it
    _run_as: list[str] = field(default_factory=list)
    _bin: Path | None = None

    def url(self, database: str, *, user: str | None = None, password: str = "") -> str:
        who = user or self.user
        if password:
            who += ":" + password
        return f"postgresql+psycopg://{who}@{self.host}:{self.port}/{database}"

    def admin(self) -> psycopg.Connection:
        return psycopg.connect(
            host=self.host, port=self.port, user=self.user, dbname="postgres", autocommit=True
        )

    def create_database(self, name: str, template: str = "template1") -> str:
        with self.admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            # copying the files is the quicker for small databases (PostgreSQL 15 and newer)
            strategy = " STRATEGY FILE_COPY" if conn.info.server_version >= 150000 else ""
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"{strategy}')
        return self.url(name)

    def create_guarded_database(self, name: str) -> str:
        """A new empty database owned by the role with a password: its URL holds it."""
        with self.admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}" OWNER {PASSWORD_ROLE}')
        return self.url(name, user=PASSWORD_ROLE, password=PASSWORD)

    def drop_database(self, name: str) -> None:
        with self.admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        if self.folder is None:
            return
        subprocess.run(
            [*self._run_as, str(self._bin / "pg_ctl"), "-D", str(self.folder / "data"),
             "-m", "immediate", "-w", "stop"],
            capture_output=True, check=False,
        )  # fmt: skip
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder = None


def _as_postgres() -> tuple[list[str], int | None, int | None]:
    """The prefix that runs a program as a user who is not root (PostgreSQL refuses root)."""
    if os.geteuid() != 0:
        return [], None, None
    try:
        entry = pwd.getpwnam("postgres")  # made by Debian's package
    except KeyError:
        entry = pwd.getpwnam("nobody")
    return ["runuser", "-u", entry.pw_name, "--"], entry.pw_uid, entry.pw_gid


def start() -> Server:
    """The server named by ``AGROFERIA_TEST_POSTGRES``, or a new throw-away cluster."""
    given = os.environ.get(URL_ENV)
    if given:
        info = psycopg.conninfo.conninfo_to_dict(given.replace("postgresql+psycopg", "postgresql"))
        return Server(host=info.get("host", "127.0.0.1"), port=int(info.get("port", 5432)),
                      user=info.get("user", USER))  # fmt: skip
    programs = _programs()
    run_as, uid, gid = _as_postgres()
    folder = Path(tempfile.mkdtemp(prefix="agroferia-pg-"))
    if uid is not None:
        os.chown(folder, uid, gid)
    data, sockets, port = folder / "data", folder / "sockets", _free_port()
    subprocess.run([*run_as, "mkdir", str(sockets)], check=True)
    subprocess.run(
        [*run_as, str(programs / "initdb"), "-D", str(data), "-U", USER, "-A", "trust",
         "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"],
        check=True, capture_output=True,
    )  # fmt: skip
    hba = f"host all {PASSWORD_ROLE} 127.0.0.1/32 scram-sha-256\nhost all all 127.0.0.1/32 trust\n"
    subprocess.run([*run_as, "sh", "-c", f"printf '%s' '{hba}' > '{data}/pg_hba.conf'"], check=True)
    options = (
        f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -F -c full_page_writes=off "
        "-c synchronous_commit=off -c max_connections=300 -c shared_buffers=64MB"
    )
    started = subprocess.run(
        [*run_as, str(programs / "pg_ctl"), "-D", str(data), "-l", str(folder / "server.log"),
         "-o", options, "-w", "-t", "60", "start"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    server = Server(host="127.0.0.1", port=port, folder=folder, _run_as=run_as, _bin=programs)
    if started.returncode != 0:
        log = (folder / "server.log").read_text() if (folder / "server.log").exists() else ""
        server.stop()
        raise NoServerError(f"the test server did not start: {started.stderr}{log}")
    with server.admin() as conn:
        conn.execute(f"CREATE ROLE {PASSWORD_ROLE} LOGIN CREATEDB PASSWORD '{PASSWORD}'")
    return server
