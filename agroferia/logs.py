"""Logging to one rotating file in the user's log folder (``AGROFERIA_LOG_DIR`` overrides).

The log holds no personal data.  The database engines hide SQL parameters
(``core.db.make_engine``), and an exception is written as its kind, its stack (files, lines
and code) and only what its kind is known to say without any value in it
(``describe``): an error of the app by its message's template, not the message with a
name put in; a database error by SQLite's own text and the SQL statement; a file error by
its error number.  The message of any other exception may hold anything (``KeyError``,
``ValueError`` echo the value they were given), so it is left out.
"""

from __future__ import annotations

import errno
import logging
import os
import traceback
from pathlib import Path
from types import TracebackType

from agroferia.config import log_dir
from agroferia.core.files import FILE_MODE, POSIX, narrow_file, private_folder
from agroferia.core.network.urls import hide_passwords

LOG_ENV_VAR = "AGROFERIA_LOG_DIR"
BACKUP_COUNT = 3  # agroferia.log.1 … .3
_handler: logging.Handler | None = None

_CAUSE = "\nThe above exception was the direct cause of the following exception:\n\n"
_CONTEXT = "\nDuring handling of the above exception, another exception occurred:\n\n"


def log_file() -> Path:
    folder = Path(os.environ[LOG_ENV_VAR]) if os.environ.get(LOG_ENV_VAR) else log_dir()
    return folder / "agroferia.log"


def _kind(exc: BaseException) -> str:
    cls = type(exc)
    module = cls.__module__
    return cls.__qualname__ if module == "builtins" else f"{module}.{cls.__qualname__}"


def _detail(exc: BaseException) -> str:
    """What ``exc`` says that holds no value of the data (empty when that cannot be known)."""
    import sqlite3

    from sqlalchemy.exc import StatementError

    from agroferia.core.errors import AgroferiaError, ValidationError

    if isinstance(exc, ValidationError):
        return "; ".join(f"{e.field}: {e.message.msgid}" for e in exc.errors)
    if isinstance(exc, AgroferiaError):
        return exc.message.msgid  # the template: "{name}" is not filled in
    if isinstance(exc, StatementError):
        orig = getattr(exc, "orig", None)
        parts = [describe(orig)] if orig is not None else []
        if exc.statement:
            parts.append(f"[SQL: {exc.statement}]")  # placeholders only: values are bound
        return "\n".join(parts)
    if isinstance(exc, sqlite3.Error):
        # SQLite's messages name the schema ("UNIQUE constraint failed: vendor.code"),
        # never a bound value
        name = getattr(exc, "sqlite_errorname", None)
        return f"{name}: {exc}" if name else str(exc)
    if isinstance(exc, OSError):
        code = errno.errorcode.get(exc.errno or 0)
        return f"[{code}] {exc.strerror}" if code else (exc.strerror or "")  # no file name
    sqlstate = getattr(exc, "sqlstate", None) or getattr(exc, "pgcode", None)
    if isinstance(sqlstate, str):  # PostgreSQL: its DETAIL holds the values, its codes do not
        diag = getattr(exc, "diag", None)
        names = [
            f"{what}={value}"
            for what in ("constraint_name", "table_name", "column_name")
            if isinstance(value := getattr(diag, what, None), str)
        ]
        return " ".join([f"SQLSTATE {sqlstate}", *names])
    return ""


def describe(exc: BaseException) -> str:
    """``exc`` as a log line may show it: its kind, and what it says only when that holds
    no personal data."""
    detail = _detail(exc)
    return f"{_kind(exc)}: {detail}" if detail else _kind(exc)


def private_traceback(exc: BaseException, tb: TracebackType | None = None) -> str:
    """Like ``traceback.format_exception``, chained exceptions included, with each
    exception ``describe``d instead of its message."""
    chain: list[tuple[BaseException, str]] = []  # each with the words linking it to its cause
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if current.__cause__ is not None:
            chain.append((current, _CAUSE))
            current = current.__cause__
        elif current.__context__ is not None and not current.__suppress_context__:
            chain.append((current, _CONTEXT))
            current = current.__context__
        else:
            chain.append((current, ""))
            current = None
    lines: list[str] = []
    for item, link in reversed(chain):
        if lines:
            lines.append(link)
        frames = tb if item is exc and tb is not None else item.__traceback__
        if frames is not None:
            lines.append("Traceback (most recent call last):\n")
            lines.extend(traceback.format_list(traceback.extract_tb(frames)))
        lines.append(describe(item) + "\n")
    return "".join(lines)


class PrivateFormatter(logging.Formatter):
    """Writes exceptions with ``private_traceback``: no value they carry reaches the log;
    nor does the password of a URL."""

    def format(self, record: logging.LogRecord) -> str:
        # a handler that formatted the record before leaves its own text of the exception
        # in ``exc_text``, which ``Formatter.format`` would reuse
        cached, record.exc_text = record.exc_text, None
        try:  # a database's URL is written without its password
            return hide_passwords(super().format(record))
        finally:
            record.exc_text = cached

    def formatException(self, ei) -> str:  # noqa: N802 (logging's name)
        kind, exc, tb = ei
        if exc is None:
            return kind.__name__ if kind is not None else ""
        return private_traceback(exc, tb).rstrip("\n")


def _private_file_handler(path: Path) -> logging.Handler:
    """A rotating log whose files are 0600: each new file (the first, and the one begun at
    each rotation) is made so before it is opened; rotated files keep that mode."""
    from logging.handlers import RotatingFileHandler

    class _PrivateFileHandler(RotatingFileHandler):
        def _open(self):
            if POSIX:
                os.close(os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT, FILE_MODE))
            return super()._open()

    return _PrivateFileHandler(path, maxBytes=1_000_000, backupCount=BACKUP_COUNT,
                               encoding="utf-8")  # fmt: skip


class _OpenedWhenUsed(logging.Handler):
    """The log file, opened with the first record written to it: a command that logs
    nothing neither opens it nor loads the rotating handler."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self.file: logging.Handler | None = None

    def emit(self, record: logging.LogRecord) -> None:
        if self.file is None:
            try:
                self.file = _private_file_handler(self.path)
            except OSError:
                self.file = logging.NullHandler()  # a read-only home must not stop the app
            self.file.setFormatter(self.formatter)
        self.file.handle(record)

    def flush(self) -> None:
        if self.file is not None:
            self.file.flush()

    def close(self) -> None:
        if self.file is not None:
            self.file.close()
        super().close()


def setup() -> Path | None:
    """Sends the app's log records to the file (its handler made with the first of them);
    returns its path (None if it cannot be written).

    The log folder is made 0700 (the default one is narrowed to it if an older version made
    it readable by others), and the log and its rotations are narrowed to 0600."""
    global _handler
    path = log_file()
    root = logging.getLogger("agroferia")
    if _handler is not None:
        root.removeHandler(_handler)
    try:
        private_folder(path.parent, tighten=not os.environ.get(LOG_ENV_VAR))
        for old in (path, *(Path(f"{path}.{n}") for n in range(1, BACKUP_COUNT + 1))):
            if old.exists():
                narrow_file(old)
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, FILE_MODE))  # there, and 0600
        _handler = _OpenedWhenUsed(path)
    except OSError:
        _handler = logging.NullHandler()  # a read-only home must not stop the app
        path = None
    _handler.setFormatter(PrivateFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(_handler)
    root.setLevel(logging.INFO)
    root.propagate = False  # nothing on the terminal but what the command prints itself
    return path
