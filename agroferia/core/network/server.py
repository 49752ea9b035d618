"""A database's life on a PostgreSQL server: whether it is still new (empty, like a file not
made yet), its upgrade under an advisory lock (one laptop upgrades while the others wait,
then find it done), the refusal of a schema newer than this program, and the copy taken
with ``pg_dump`` before an upgrade or before the demo replaces the data.

A URL is shown and logged with its password masked; ``pg_dump`` is given the password in
its environment, never on its command line (which other users of the computer may see).
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine, func, inspect, make_url, select, text
from sqlalchemy.engine import URL

from agroferia.core.errors import DatabaseError, DatabaseTooNewError
from agroferia.core.files import private_folder, replacing
from agroferia.core.models import Fair, FairDay, Sale, User, Vendor, utcnow
from agroferia.core.network.system_keyring import from_keyring
from agroferia.core.network.urls import masked
from agroferia.core.schema_head import HEAD_REVISION
from agroferia.i18n import lazy

log = logging.getLogger(__name__)

# the session-level advisory locks of the app's whole life on a server ("Agroferi" in ASCII):
# the upgrade, and the first use of a new database (the demo made once, not twice)
UPGRADE_LOCK = 0x4167726F66657269
FIRST_USE_LOCK = UPGRADE_LOCK + 1
# where Debian installs PostgreSQL's programs, when they are not on PATH
PROGRAM_FOLDERS = ("/usr/lib/postgresql/*/bin",)
DUMP_SUFFIX = ".dump"
# what a new database may already hold: nothing of a fair, and no account
DATA_MODELS = (Fair, Vendor, FairDay, Sale, User)


class ServerTooNewError(DatabaseTooNewError):
    """The server's database was upgraded by a newer version of the app than this one."""

    def __init__(self, location: str, revision: str) -> None:
        DatabaseError.__init__(
            self,
            lazy(
                "La base de datos del servidor ({database}) es de una versión más nueva de "
                "Agroferia (esquema {revision}) que este programa: actualice este programa "
                "para usarla. No se ha modificado nada.",
                database=masked(location),
                revision=revision,
            ),
        )
        self.path = masked(location)


def _state(conn: Connection) -> tuple[set[str], str | None]:
    """The database's tables and its schema revision (None without ``alembic_version``)."""
    tables = set(inspect(conn).get_table_names())
    revision = None
    if "alembic_version" in tables:
        revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    return tables, revision


def _new(conn: Connection) -> bool:
    tables, revision = _state(conn)
    if not tables:
        return True
    if revision != HEAD_REVISION:  # an older or newer schema, or not Agroferia's
        return False
    for model in DATA_MODELS:
        if conn.execute(select(func.count()).select_from(model)).scalar():
            return False
    return True


def is_new(engine: Engine) -> bool:
    """Whether the server's database is still new, as a file not made yet: no table at all,
    or the current schema with no fair, vendor, fair day, sale or account in it."""
    with engine.connect() as conn:
        return _new(conn)


def on_server(engine: Engine) -> bool:
    """Whether ``engine`` is a PostgreSQL server's (a URL may also name an SQLite file)."""
    return engine.dialect.name == "postgresql"


@contextmanager
def _locked(engine: Engine, key: int, waiting: str) -> Iterator[Connection]:
    """A connection of its own holding the session-level advisory lock ``key`` (waiting for
    another program that holds it), released when the block ends; on SQLite, which has no
    advisory locks, a plain connection."""
    if not on_server(engine):
        with engine.connect() as conn:
            yield conn
        return
    conn = engine.connect().execution_options(isolation_level="AUTOCOMMIT")
    try:
        if not conn.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": key}).scalar():
            log.info(waiting)
            conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": key})
        try:
            yield conn
        finally:
            conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})
    except BaseException:
        conn.invalidate()  # a lock never stays behind in the pool
        raise
    finally:
        conn.close()


@contextmanager
def first_use(engine: Engine) -> Iterator[bool]:
    """Whether the database is new, held true for the block: another program asking
    meanwhile waits, then finds what this one made (a demo is built once)."""
    with _locked(engine, FIRST_USE_LOCK, "waiting for another program's first use") as conn:
        yield _new(conn)


def _needs_upgrade(location: str, conn: Connection) -> tuple[bool, str | None]:
    from agroferia.core.db import _check_revision

    tables, revision = _state(conn)
    try:
        needed = _check_revision(location, revision, bool(tables - {"alembic_version"}))
    except DatabaseTooNewError as exc:
        raise ServerTooNewError(location, revision or "") from exc
    return needed, revision


def open_current(engine: Engine, location: str, migrate: bool) -> tuple[Path | None, bool]:
    """Brings the server's database to the current schema (when ``migrate``); refuses one
    newer than this program, or not Agroferia's, untouched.  The upgrade and the check
    before it hold ``UPGRADE_LOCK``: of several programs starting at once one upgrades, and
    the others, once it is done, find nothing left to do.

    Returns where the copy taken before the upgrade is (None when nothing was upgraded or
    there was nothing to copy), and whether an older schema was upgraded without a copy
    (no ``pg_dump`` here)."""
    from agroferia.core.db import upgrade

    with engine.connect() as conn:
        needed, _revision = _needs_upgrade(location, conn)
    if not needed or not migrate:
        return None, False
    waiting = "waiting for another program upgrading the database"
    with _locked(engine, UPGRADE_LOCK, waiting) as conn:
        needed, revision = _needs_upgrade(location, conn)  # upgraded meanwhile?
        if not needed:
            return None, False
        copy, uncopied = None, False
        if revision is not None and can_dump(engine):  # data of an older schema: copied first
            copy = dump(location, f"antes-de-actualizar-{revision}")
        elif revision is not None and on_server(engine):
            uncopied = True
            log.warning("upgrading %s without a copy: pg_dump not found", masked(location))
        upgrade(engine)
        log.info("upgraded %s from %s", masked(location), revision)
        return copy, uncopied


def pg_dump() -> Path | None:
    """PostgreSQL's ``pg_dump`` program: on PATH, or Debian's newest."""
    found = shutil.which("pg_dump")
    if found:
        return Path(found)
    candidates = [p for pattern in PROGRAM_FOLDERS for p in Path("/").glob(pattern.lstrip("/"))]
    programs = [p / "pg_dump" for p in candidates if (p / "pg_dump").is_file()]

    def version(program: Path) -> int:
        number = program.parent.parent.name
        return int(number) if number.isdigit() else 0

    return max(programs, key=version) if programs else None


def can_dump(engine: Engine) -> bool:
    """Whether a copy of ``engine``'s database can be taken with ``pg_dump``."""
    return on_server(engine) and pg_dump() is not None


def dumps_folder() -> Path:
    """Where the copies of a server's database go: beside the automatic backups."""
    from agroferia.core.backup import backups_folder

    return backups_folder()


def _program_arguments(location: str) -> tuple[list[str], dict[str, str]]:
    """``pg_dump``'s connection arguments and environment: the password only in the latter
    (whether the URL gives it before the '@' or as its ``password=`` parameter, or the
    system keyring keeps it; else pg_dump reads ``PGPASSWORD`` or ``~/.pgpass`` itself)."""
    url = make_url(location)
    query = {key: value for key, value in url.query.items() if key.lower() != "password"}
    given = [value for key, value in url.query.items() if key.lower() == "password"]
    password = url.password or next((v if isinstance(v, str) else v[-1] for v in given), None)
    if password is None:  # as the program itself connects: from the keyring when kept there
        password = from_keyring(url)
    conninfo = URL.create(
        "postgresql", username=url.username, host=url.host, port=url.port,
        database=url.database, query=query,
    ).render_as_string(hide_password=False)  # fmt: skip
    env = dict(os.environ)
    if password:
        env["PGPASSWORD"] = str(password)
    return ["--dbname", conninfo], env


def dump(location: str, reason: str) -> Path:
    """A copy of the server's database made with ``pg_dump`` (custom format, for
    ``pg_restore``), 0600, among the automatic backups; when it cannot be made nothing is
    left there and ``DatabaseError`` says why."""
    program = pg_dump()
    if program is None:
        raise DatabaseError(lazy("No se encontró el programa pg_dump de PostgreSQL."))
    url = make_url(location)
    name = re.sub(r"[^A-Za-z0-9_-]", "_", url.database or "agroferia")
    folder = private_folder(dumps_folder(), tighten=True)
    dest = folder / f"{name}_{reason}_{utcnow():%Y%m%d-%H%M%S}{DUMP_SUFFIX}"
    connection, env = _program_arguments(location)
    try:
        with replacing(dest) as temporary:
            done = subprocess.run(
                [str(program), "--format=custom", "--no-password", "--file", str(temporary),
                 *connection],
                env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL, check=False,
            )  # fmt: skip
            if done.returncode != 0:
                raise _DumpError(_without_password(done.stderr.strip(), env.get("PGPASSWORD")))
    except (OSError, _DumpError) as exc:
        log.warning("pg_dump of %s failed: %s", masked(location), exc)
        raise DatabaseError(
            lazy(
                "No se pudo hacer la copia de la base de datos del servidor ({database}) con "
                "pg_dump: {reason} No se cambió nada; la base de datos queda como estaba.",
                database=masked(location),
                reason=str(exc),
            )
        ) from exc
    log.info("copied %s to %s with pg_dump", masked(location), dest)
    return dest


class _DumpError(Exception):
    """``pg_dump`` said no: why, in its words."""


def _without_password(message: str, password: str | None) -> str:
    return message.replace(password, "***") if password else message
