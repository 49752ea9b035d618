"""A connection to a PostgreSQL server that failed, told in plain words: the server cannot
be reached (it refuses, its name is unknown, it does not answer in time), it refused the
password or asked for one that was not given, or it has no such database or user.

``failure`` reads the driver's error (libpq's words, in English or in Spanish when the
server speaks Spanish); ``make_engine`` raises what it returns in place of the driver's
error, so that no one sees a traceback or SQLite's advice for a server."""

from __future__ import annotations

import getpass
import os
import re

from sqlalchemy import URL

from agroferia.core.errors import DatabaseError
from agroferia.core.network.urls import server
from agroferia.i18n import Text, lazy

UNREACHABLE, WRONG_PASSWORD, NO_PASSWORD, UNKNOWN_DATABASE, UNKNOWN_USER = (
    "unreachable", "wrong_password", "no_password", "unknown_database", "unknown_user",
)  # fmt: skip

_QUOTED = r"[\"«“]([^\"»”]*)[\"»”]"
# the first that matches wins: a wrong password before "connection failed", say
_PATTERNS = (
    (WRONG_PASSWORD, re.compile(r"password authentication failed|autentificación password "
                                r"falló|autenticación password falló", re.I)),
    (NO_PASSWORD, re.compile(r"no password supplied|no se proporcionó una contraseña", re.I)),
    (UNKNOWN_DATABASE, re.compile(rf"database {_QUOTED} does not exist|no existe la base de "
                                  rf"datos {_QUOTED}", re.I)),
    (UNKNOWN_USER, re.compile(rf"role {_QUOTED} does not exist|no existe el rol {_QUOTED}",
                              re.I)),
    (UNREACHABLE, re.compile(
        r"connection refused|conexión rehusada|could not translate host name|failed to "
        r"resolve host|name or service not known|nodename nor servname|no such host|"
        r"timeout expired|timed out|no route to host|network is unreachable|could not "
        r"connect to server|server closed the connection unexpectedly|is the server running",
        re.I)),
)  # fmt: skip


class ConnectionFailedError(DatabaseError):
    """The server could not be connected to; ``kind`` says why."""

    def __init__(self, kind: str, message: Text) -> None:
        super().__init__(message)
        self.kind = kind


def kind_of(error: BaseException) -> tuple[str, str | None] | None:
    """Why a connection failed (one of the kinds above) and the name the server quoted
    (the unknown database or user), or None when ``error`` says something else."""
    text = str(error)
    for kind, pattern in _PATTERNS:
        found = pattern.search(text)
        if found:
            named = next((group for group in found.groups() if group is not None), None)
            return kind, named
    return None


def failure(error: BaseException, url: URL) -> ConnectionFailedError | None:
    """The plain message for a connection to ``url`` that failed with the driver's
    ``error``; None when ``error`` is not a failure to connect."""
    import psycopg

    if not isinstance(error, psycopg.OperationalError) or getattr(error, "sqlstate", None):
        return None
    found = kind_of(error)
    if found is None:
        return None
    kind, named = found
    where = server(url)
    user = url.username or _default_user()
    message = {
        UNREACHABLE: lazy(
            "No se pudo conectar con el servidor de base de datos {server}: no responde, "
            "rechaza la conexión o no se encuentra ese nombre. Revise la dirección y el "
            "puerto, que el servidor esté encendido y que esta computadora esté conectada "
            "a la red.",
            server=where,
        ),
        WRONG_PASSWORD: lazy(
            "El servidor {server} no aceptó la contraseña del usuario «{user}». Revise la "
            "contraseña (en la dirección, en la variable PGPASSWORD o en el archivo "
            "~/.pgpass).",
            server=where,
            user=user,
        ),
        NO_PASSWORD: lazy(
            "El servidor {server} pide una contraseña para el usuario «{user}» y no se dio "
            "ninguna. Póngala en la variable PGPASSWORD o en el archivo ~/.pgpass (o en la "
            "dirección).",
            server=where,
            user=user,
        ),
        UNKNOWN_DATABASE: lazy(
            "El servidor {server} no tiene una base de datos llamada «{database}». Revise el "
            "nombre, o pida a quien administra el servidor que la cree.",
            server=where,
            database=named or url.database or "",
        ),
        UNKNOWN_USER: lazy(
            "El servidor {server} no conoce al usuario «{user}». Revise el nombre de usuario "
            "de la dirección.",
            server=where,
            user=named or user,
        ),
    }[kind]
    return ConnectionFailedError(kind, message)


def _default_user() -> str:
    """The user libpq connects as when the URL names none: ``PGUSER``, else this
    computer's user."""
    try:
        return os.environ.get("PGUSER") or getpass.getuser()
    except (KeyError, OSError):  # a user without a name (a container)
        return "?"
