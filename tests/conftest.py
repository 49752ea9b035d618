"""Shared fixtures: a fresh database per test, copied from a template migrated once: an
SQLite file, or with ``--backend postgresql`` a database of a throw-away PostgreSQL server
(``tests/pgserver.py``) made from a template database.

With ``--backend postgresql`` only the tests that use a database fixture run (the others do
not depend on the backend), except those marked ``sqlite_only`` (about SQLite files).

After every test, the statistics' summaries of the test's database must equal a
recomputation from its sales and attendance, whatever the test wrote and through whichever
path (``summary_current``).
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


from agroferia import i18n
from agroferia.core import demo, summaries
from agroferia.core.db import Database, current_revision, open_database
from agroferia.core.errors import AgroferiaError
from agroferia.core.schema_head import HEAD_REVISION


@pytest.fixture(autouse=True)
def _log_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """The app's log file goes to a temporary folder, not the user's."""
    monkeypatch.setenv("AGROFERIA_LOG_DIR", str(tmp_path_factory.getbasetemp() / "logs"))


@pytest.fixture(autouse=True)
def _config_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The window's preferences go to a folder of each test's own, not the user's."""
    folder = tmp_path_factory.mktemp("config")
    monkeypatch.setenv("AGROFERIA_CONFIG_DIR", str(folder))
    return folder


@pytest.fixture(autouse=True)
def app_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The app's data folder (its automatic backups) is each test's own, not the user's."""
    folder = tmp_path_factory.mktemp("data")
    monkeypatch.setenv("XDG_DATA_HOME", str(folder))
    return folder / "agroferia"


REAL_DATA = Path(__file__).resolve().parent / "data" / "real"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--backend",
        choices=("sqlite", "postgresql"),
        default="sqlite",
        help="the database the fixtures make: SQLite files or a throw-away PostgreSQL server",
    )


# the fixtures that give a test its database (directly or through another fixture)
DATABASE_FIXTURES = {"template_db", "db_path", "db", "demo_template", "demo_db", "session"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests that use qtbot create widgets: mark them ``gui`` so ``-m "not gui"`` skips them.
    On PostgreSQL, the tests without a database fixture, or about SQLite files, are left out.
    """
    for item in items:
        if "qtbot" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.gui)
    if config.getoption("backend") != "postgresql":
        return
    kept, left = [], []
    for item in items:
        uses = DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))
        if uses and item.get_closest_marker("sqlite_only") is None:
            kept.append(item)
        else:
            left.append(item)
    config.hook.pytest_deselected(items=left)
    items[:] = kept


def postgresql(config: pytest.Config) -> bool:
    return config.getoption("backend") == "postgresql"


@pytest.fixture(scope="session")
def pg_server(pytestconfig: pytest.Config):
    """The throw-away PostgreSQL server of this run (started the first time it is needed,
    whichever the backend of the other fixtures)."""
    return _server(pytestconfig)


_names = itertools.count(1)


@pytest.fixture(scope="session")
def template_db(pytestconfig: pytest.Config, tmp_path_factory: pytest.TempPathFactory):
    if postgresql(pytestconfig):
        url = _server(pytestconfig).create_database("plantilla")
        open_database(url).close()
        return url
    path = tmp_path_factory.mktemp("template") / "template.db"
    db = open_database(path)
    db.close()
    return path


def _server(config: pytest.Config):
    server = getattr(config, "_pg_server", None)
    if server is None:
        from tests import pgserver

        server = config._pg_server = pgserver.start()
        config.add_cleanup(server.stop)
    return server


def copy_of(config: pytest.Config, template, tmp_path: Path, name: str):
    """A copy of the database ``template`` (a template fixture's): on SQLite the file
    ``tmp_path / name``, on PostgreSQL a new database of the test server (its URL). For
    fixtures of a wider scope than a test's; a test uses ``copy_database``."""
    if postgresql(config):
        source = template.rsplit("/", 1)[1]
        return _server(config).create_database(f"prueba_{next(_names)}", template=source)
    path = tmp_path / name
    shutil.copyfile(template, path)
    return path


def drop(config: pytest.Config, copy) -> None:
    """Drops a copy made by ``copy_of`` (a server's database; a file goes with its folder)."""
    if postgresql(config):
        _server(config).drop_database(copy.rsplit("/", 1)[1])


def new_database(config: pytest.Config, folder: Path, name: str):
    """Where a test makes a database of its own: the file ``folder / name`` (not made yet),
    or on PostgreSQL a new empty database of the test server (its URL)."""
    if postgresql(config):
        return _server(config).create_database(f"nueva_{next(_names)}", template="template0")
    return folder / name


@pytest.fixture
def copy_database(pytestconfig: pytest.Config, tmp_path: Path):
    """``copy_database(source, name="copia.db")``: a copy of ``source`` (``template_db``,
    ``demo_template`` or another database of the test) for this test, dropped after it."""
    made = []

    def copy(source, name: str = "copia.db"):
        made.append(copy_of(pytestconfig, source, tmp_path, name))
        return made[-1]

    yield copy
    for each in made:
        drop(pytestconfig, each)


def summary_current(path: Path) -> None:
    """Fails when the statistics' summaries of the database at ``path`` differ from its
    sales and attendance (a file a test damaged, removed or left at an older schema on
    purpose is not looked at)."""
    try:
        database = open_database(path, create=False, migrate=False)
    except AgroferiaError:  # not a database this check can read
        return
    try:
        with database.Session() as s:
            if current_revision(database.engine) != HEAD_REVISION:
                return
            stale, missing = summaries.differences(s)
    finally:
        database.close()
    assert not stale and not missing, f"summaries stale: {stale} missing: {missing}"


@pytest.fixture
def db_path(pytestconfig: pytest.Config, template_db: Path, tmp_path: Path) -> Path:
    """The test's database: a file's path, or on PostgreSQL the URL of a database."""
    path = copy_of(pytestconfig, template_db, tmp_path, "agroferia.db")
    yield path
    summary_current(path)
    drop(pytestconfig, path)


@pytest.fixture
def db(db_path: Path):
    database: Database = open_database(db_path)
    yield database
    database.close()


DEMO_UNTIL = dt.date(2026, 11, 24)


@pytest.fixture(scope="session")
def demo_template(
    pytestconfig: pytest.Config, template_db: Path, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """The demo fair (seed 3 until 24/11/2026: 84 vendors, 46 women, 21 young, Sundays to
    22/11/2026), built once per run."""
    path = copy_of(pytestconfig, template_db, tmp_path_factory.mktemp("demo"), "demo.db")
    database = open_database(path)
    with database.Session.begin() as s:
        demo.build(s, seed=3, until=DEMO_UNTIL, with_accounts=False)
    database.close()
    return path


@pytest.fixture
def demo_db(pytestconfig: pytest.Config, demo_template: Path, tmp_path: Path):
    """A copy of the demo fair for one test, free to change."""
    path = copy_of(pytestconfig, demo_template, tmp_path, "demo.db")
    database: Database = open_database(path)
    yield database
    database.close()
    summary_current(path)
    drop(pytestconfig, path)


@pytest.fixture
def session(db: Database):
    """A session for arranging and asserting; commit explicitly where it matters."""
    with db.Session() as s:
        yield s


@pytest.fixture(autouse=True)
def _spanish():
    i18n.set_language("es")
    yield
    i18n.set_language("es")


@pytest.fixture
def real_data() -> Path:
    """Real public files (see tests/data/real/README.md), kept in the repository."""
    return REAL_DATA
