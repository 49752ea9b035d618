"""Where things live: the database, the logs, and the data shipped with the app.

In a source checkout the migrations and resources sit at the top of the repository
(``db/``, ``resources/``); in an installed wheel they travel inside the package as
``agroferia/_db`` and ``agroferia/_resources``.  Both are found here and only here.
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_config_path, user_data_path, user_log_path

APP_NAME = "agroferia"
DB_ENV_VAR = "AGROFERIA_DB"
CONFIG_ENV_VAR = "AGROFERIA_CONFIG_DIR"
DEFAULT_DB_NAME = "agroferia.db"

_PACKAGE_DIR = Path(__file__).resolve().parent


def _shipped_dir(installed_name: str, source_name: str) -> Path:
    installed = _PACKAGE_DIR / installed_name
    if installed.is_dir():
        return installed
    source = _PACKAGE_DIR.parent / source_name
    if source.is_dir():
        return source
    raise FileNotFoundError(f"{source_name}/ not found next to {_PACKAGE_DIR}")


def migrations_dir() -> Path:
    """The Alembic script directory (``db/``)."""
    return _shipped_dir("_db", "db")


def resources_dir() -> Path:
    """Data shipped with the app (``resources/``)."""
    return _shipped_dir("_resources", "resources")


def data_dir() -> Path:
    return user_data_path(APP_NAME, appauthor=False)


def config_dir() -> Path:
    """The window's preferences (size, recent databases, language); ``$AGROFERIA_CONFIG_DIR``
    overrides it for tests and portable use."""
    override = os.environ.get(CONFIG_ENV_VAR)
    return Path(override) if override else user_config_path(APP_NAME, appauthor=False)


def log_dir() -> Path:
    return user_log_path(APP_NAME, appauthor=False)


def default_db_path() -> Path:
    return data_dir() / DEFAULT_DB_NAME


def resolve_db(cli_value: str | None = None) -> str:
    """The database to open: ``--db``, else ``$AGROFERIA_DB``, else the user data folder.

    The result is either a filesystem path or an SQLAlchemy URL (``postgresql://…``).
    """
    value = cli_value or os.environ.get(DB_ENV_VAR) or str(default_db_path())
    return value if is_url(value) else str(Path(value).expanduser())


def is_url(value: str) -> bool:
    return "://" in value
