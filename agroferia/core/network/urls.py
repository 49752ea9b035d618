"""Database URLs: the schemes accepted for a PostgreSQL server, and a URL as it may be shown.

``postgres://``, ``postgresql://`` and ``postgresql+psycopg://`` all name a PostgreSQL
server reached with psycopg 3 (``normalize``); an SQLite URL (``sqlite:///file.db``) is
kept as it is, and any other scheme is refused.  A URL is shown and logged only
``masked``: ``postgresql://feria:***@servidor/ferias``.

The password need not be in the URL: without one, psycopg (libpq) reads it from the
``PGPASSWORD`` variable or the ``~/.pgpass`` file (``%APPDATA%\\postgresql\\pgpass.conf``
on Windows), as every PostgreSQL program does, or from the system keyring
(``system_keyring``).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from agroferia.core.errors import DatabaseError
from agroferia.i18n import lazy

if TYPE_CHECKING:  # SQLAlchemy loads only when a database is opened, not to show a URL
    from sqlalchemy import URL

DRIVER = "postgresql+psycopg"
POSTGRESQL_SCHEMES = ("postgres", "postgresql", DRIVER)
# seconds a connection waits for a server that does not answer (libpq waits for ever)
CONNECT_TIMEOUT = 10
MASK = "***"
INSTALL_DRIVER = 'pip install "agroferia[postgresql]"'

# a password given as a parameter: ``?password=…`` (libpq's own name for it)
_PASSWORD_PARAMETER = re.compile(r"([?&]password=)[^&#]*", re.IGNORECASE)


def masked(location: object) -> str:
    """``location`` as it may be shown or logged: a URL with its password replaced by
    ``***`` (whether in the user part or as a ``password=`` parameter); a file's path as
    it is.  Works on any text, even a URL that cannot be parsed."""
    text = str(location)
    start = text.find("://")
    if start < 0:
        return text
    start += 3
    rest = text[start:]
    # a user, then a password up to an '@', as the URL is read (the password may hold a '?'
    # or a '#'); the user part then ends at the last '@' before the parameters (a password
    # may hold an '@' too)
    found = _USER_PASSWORD.match(rest)
    if found:
        first = found.end() - 1
        head = re.split(r"[?#]", rest[first:], maxsplit=1)[0]
        at = first + head.rfind("@")
        text = f"{text[:start]}{found.group(1)}:{MASK}{rest[at:]}"
    return _PASSWORD_PARAMETER.sub(rf"\g<1>{MASK}", text)


_USER_PASSWORD = re.compile(r"([^:/@?#]*):[^@]*@")


def without_password(location: str) -> str:
    """``location`` with no password at all (neither before the '@' nor as a ``password=``
    parameter): a URL to give in a command, which then takes the password from
    ``PGPASSWORD`` or ``~/.pgpass`` (``masked``'s ``***`` would be taken for it)."""
    if "://" not in location:  # a file's path
        return location
    text = masked(location).replace(f":{MASK}@", "@", 1)
    text = re.sub(rf"(?<=[?&])password={re.escape(MASK)}(&|(?=#)|$)", "", text, flags=re.I)
    return re.sub(r"[?&](?=#|$)", "", text)


# a URL with a password, anywhere in a text (a log line): what ``hide_passwords`` masks, up
# to the last '@' of the URL (a password may hold one; more masked is no harm)
_URL_PASSWORD = re.compile(r"(\b[A-Za-z][\w+.-]*://[^\s:/@]*:)\S*@")


def hide_passwords(text: str) -> str:
    """``text`` with the password of every URL in it masked (``scheme://user:***@``), and
    every ``password=`` parameter: for a text made elsewhere, a log line, say."""
    return _PASSWORD_PARAMETER.sub(rf"\g<1>{MASK}", _URL_PASSWORD.sub(rf"\g<1>{MASK}@", text))


class UnsupportedURLError(DatabaseError):
    """A URL that names neither a PostgreSQL server nor an SQLite file."""


class MissingDriverError(DatabaseError):
    """The PostgreSQL driver (psycopg) is not installed."""

    def __init__(self) -> None:
        super().__init__(
            lazy(
                "Para usar una base de datos en un servidor PostgreSQL falta su controlador "
                "(psycopg), que no está instalado. Instálelo con: {command}",
                command=INSTALL_DRIVER,
            )
        )


def is_postgresql(location: str) -> bool:
    scheme = location.split("://", 1)[0].lower()
    return scheme in POSTGRESQL_SCHEMES


def normalize(location: str) -> URL:
    """The SQLAlchemy URL to connect to ``location``: a PostgreSQL URL of any accepted
    scheme goes through psycopg 3 and waits at most ``CONNECT_TIMEOUT`` seconds for the
    server (unless it says ``connect_timeout=``); an SQLite URL is kept.  Raises
    ``UnsupportedURLError`` for any other scheme or a URL that cannot be read."""
    from sqlalchemy import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        url = make_url(location)
    except (ArgumentError, ValueError) as exc:
        raise UnsupportedURLError(
            lazy(
                "«{url}» no es una dirección de base de datos válida. Use la ruta de un "
                "archivo, o una dirección como postgresql://usuario@servidor/base.",
                url=masked(location),
            )
        ) from exc
    scheme = url.drivername.lower()
    if scheme == "sqlite" or scheme.startswith("sqlite+"):
        return url
    if scheme not in POSTGRESQL_SCHEMES:
        raise UnsupportedURLError(
            lazy(
                "Agroferia no puede usar una base de datos «{scheme}» ({url}): solo un archivo "
                "de SQLite o un servidor PostgreSQL (postgresql://usuario@servidor/base).",
                scheme=url.drivername,
                url=masked(location),
            )
        )
    url = url.set(drivername=DRIVER)
    if "connect_timeout" not in url.query:
        url = url.update_query_dict({"connect_timeout": str(CONNECT_TIMEOUT)})
    return url


def check_driver() -> None:
    """Raises ``MissingDriverError`` when psycopg cannot be loaded."""
    try:
        import psycopg  # noqa: F401
    except ImportError as exc:  # not installed, or without the library it wraps (libpq)
        raise MissingDriverError() from exc


def server(url: URL) -> str:
    """Where the server is, as a person reads it: ``host:port`` (no user, no password; of
    a password holding an '@', the URL is read with the rest of it in the host, which is
    shown from its last '@' on)."""
    host = (url.host or "localhost").rpartition("@")[2]
    return f"{host}:{url.port}" if url.port else host
