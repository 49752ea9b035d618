"""Typed errors raised by the services, each carrying a translatable message."""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
from dataclasses import dataclass

from agroferia.i18n import Text, lazy


class AgroferiaError(Exception):
    """Base of every error the user may see. ``str()`` renders it in the current language."""

    def __init__(self, message: Text) -> None:
        super().__init__(message.msgid)
        self.message = message

    def __str__(self) -> str:
        return self.message.render()


@dataclass(frozen=True)
class FieldError:
    field: str  # attribute name, e.g. "doc_number"
    label: Text  # the field's name as the user sees it
    message: Text

    def render(self, lang: str | None = None) -> str:
        return f"{self.label.render(lang)}: {self.message.render(lang)}"


class ValidationError(AgroferiaError):
    """One or more fields were rejected; nothing was written."""

    def __init__(self, errors: list[FieldError]) -> None:
        if not errors:
            raise ValueError("ValidationError needs at least one FieldError")
        self.errors = list(errors)
        super().__init__(errors[0].message)

    @classmethod
    def single(cls, field: str, label: Text, message: Text) -> ValidationError:
        return cls([FieldError(field, label, message)])

    def for_field(self, field: str) -> list[FieldError]:
        return [e for e in self.errors if e.field == field]

    def render(self, lang: str | None = None) -> str:
        return "; ".join(e.render(lang) for e in self.errors)

    def __str__(self) -> str:
        return self.render()


class NotFoundError(AgroferiaError):
    """A record named by the caller does not exist."""


class OperationError(AgroferiaError):
    """The operation is not allowed in the current state (a closed fair day, say)."""


class FutureDayError(OperationError):
    """A fair day that has not come yet was asked to receive sales, attendance or fees, or
    to be closed. It can still be created and planned."""

    def __init__(self, message: Text, date: dt.date) -> None:
        super().__init__(message)
        self.date = date


class DatabaseError(AgroferiaError):
    """The database cannot be opened or upgraded."""


def restore_advice(path: str | None = None) -> Text:
    """What to do with a database that cannot be used: restore the latest good backup —
    the one of this database, named, when the automatic backups hold one."""
    latest = None
    if path is not None:
        from agroferia.core import backup

        with contextlib.suppress(Exception):  # advice only: never a second failure
            latest = backup.last_good(path)
    if latest is None:
        return lazy(
            "Puede restaurar la última copia de seguridad buena con «agroferia restore "
            "ARCHIVO» o, en la aplicación, con Archivo → Restaurar…"
        )
    return lazy(
        "Su última copia de seguridad buena es del {date}: {file}. Restáurela con «agroferia "
        "restore {file}» o, en la aplicación, con Archivo → Restaurar…",
        date=f"{latest.created_local:%d/%m/%Y %H:%M}",
        file=latest.path,
    )


class DamagedDatabaseError(DatabaseError):
    """The file is empty, is not a database, or is damaged; it was refused unwritten."""

    EMPTY, NOT_DATABASE, CORRUPT = "empty", "not_database", "corrupt"

    def __init__(self, path: str, kind: str) -> None:
        what = {
            self.EMPTY: lazy("El archivo {path} está vacío (0 bytes): no es una base de datos.",
                             path=path),
            self.NOT_DATABASE: lazy("El archivo {path} no es una base de datos (no es un "
                                    "archivo de SQLite, o su comienzo está dañado).", path=path),
            self.CORRUPT: lazy("La base de datos {path} está dañada: no pasa la revisión de "
                               "SQLite (quick_check).", path=path),
        }[kind]  # fmt: skip
        super().__init__(
            lazy("{what} No se ha modificado. {advice}", what=what, advice=restore_advice(path))
        )
        self.path = path
        self.kind = kind
        self.fault = what  # which fault, without the advice (the window offers it itself)


class ReadOnlyDatabaseError(DatabaseError):
    """A command that writes was given a database in a place that cannot be written."""

    def __init__(self, path: str) -> None:
        super().__init__(
            lazy(
                "La base de datos {path} está en una carpeta o un archivo de solo lectura: se "
                "puede consultar, pero no cambiar. Cópiela a una carpeta donde pueda escribir, "
                "o pida permiso de escritura.",
                path=path,
            )
        )
        self.path = path


class DatabaseTooNewError(DatabaseError):
    """The database was written by a newer version of the app; it is left untouched."""

    def __init__(self, path: str, revision: str) -> None:
        super().__init__(
            lazy(
                "La base de datos {path} fue creada por una versión más reciente de Agroferia "
                "(esquema {revision}). Actualice la aplicación para abrirla; el archivo no se "
                "ha modificado.",
                path=path,
                revision=revision,
            )
        )
        self.path = path
        self.revision = revision


# SQLite's primary result codes (the low byte of an extended code)
_SQLITE_PERM, _SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_READONLY = 3, 5, 6, 8
_SQLITE_IOERR, _SQLITE_CORRUPT, _SQLITE_FULL, _SQLITE_CANTOPEN, _SQLITE_NOTADB = (
    10, 11, 13, 14, 26,
)  # fmt: skip
FULL, DENIED, BUSY, CORRUPT, DISK = "full", "denied", "busy", "corrupt", "disk"
_KIND_OF_CODE = {
    _SQLITE_FULL: FULL,
    _SQLITE_READONLY: DENIED,
    _SQLITE_PERM: DENIED,
    _SQLITE_CANTOPEN: DENIED,
    _SQLITE_BUSY: BUSY,
    _SQLITE_LOCKED: BUSY,
    _SQLITE_CORRUPT: CORRUPT,
    _SQLITE_NOTADB: CORRUPT,
    _SQLITE_IOERR: DISK,
}
_KIND_OF_ERRNO = {
    errno.ENOSPC: FULL,
    errno.EDQUOT: FULL,
    errno.EACCES: DENIED,
    errno.EPERM: DENIED,
    errno.EROFS: DENIED,
    errno.EIO: DISK,
}


def fault_kind(exc: BaseException) -> str | None:
    """What went wrong with the storage: FULL (no space left), DENIED (read-only or no
    permission), BUSY (another program kept the database locked past the wait), CORRUPT, DISK
    (a read or write error), or None when it was something else."""
    import sqlite3

    from sqlalchemy.exc import DBAPIError

    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    if isinstance(orig, sqlite3.Error):
        code = getattr(orig, "sqlite_errorcode", None)
        if code is not None:
            return _KIND_OF_CODE.get(code & 0xFF)
        text = str(orig).lower()  # an error raised without a code (rare)
        for words, kind in (("disk is full", FULL), ("readonly", DENIED), ("locked", BUSY),
                            ("malformed", CORRUPT), ("not a database", CORRUPT)):  # fmt: skip
            if words in text:
                return kind
        return None
    if isinstance(orig, OSError):
        return _KIND_OF_ERRNO.get(orig.errno or 0)
    return None


def _fault_message(kind: str, detail: object) -> Text:
    return {
        FULL: lazy("no se pudo escribir porque el disco está lleno; no se guardó nada de esta "
                   "operación. Libere espacio e intente de nuevo."),
        DENIED: lazy("no hay permiso para escribir en la base de datos o en su carpeta (son de "
                     "solo lectura, o son de otro usuario); no se guardó nada de esta "
                     "operación. Revise los permisos, o copie la base de datos a una carpeta "
                     "donde pueda escribir."),
        BUSY: lazy("la base de datos está ocupada: otro programa (otra ventana de Agroferia o "
                   "un comando) la está modificando y no terminó a tiempo. No se guardó nada "
                   "de esta operación; intente de nuevo en un momento."),
        CORRUPT: lazy("la base de datos está dañada; no se guardó nada de esta operación y no "
                      "conviene seguir usándola. {advice}", advice=restore_advice()),
        DISK: lazy("no se pudo leer o escribir en el disco ({detail}): puede estar lleno, "
                   "haberse retirado (una memoria USB) o estar dañado; no se guardó nada de "
                   "esta operación.", detail=detail),
    }[kind]  # fmt: skip


def explain(exc: BaseException) -> str | None:
    """The message a person should read for an expected failure (bad data, a busy database,
    a full disk, a file that cannot be written), or None for a defect, which gets the full
    report."""
    import sqlite3

    from sqlalchemy.exc import DBAPIError, OperationalError

    if isinstance(exc, AgroferiaError):
        return str(exc)
    from agroferia.core.network.conflicts import SAVED_MEANWHILE, is_conflict

    if is_conflict(exc):  # another writer on the same server, at the same moment
        return SAVED_MEANWHILE.render()
    kind = fault_kind(exc)
    if kind is not None:
        message = _fault_message(kind, getattr(exc, "orig", None) or exc)
        name = exc.filename if isinstance(exc, OSError) else None
        if name is not None and kind in (FULL, DENIED):
            return lazy("{message} ({path})", message=message, path=name).render()
        return message.render()
    if isinstance(exc, OperationalError) or (
        isinstance(exc, sqlite3.OperationalError) and not isinstance(exc, DBAPIError)
    ):
        return lazy(
            "no se pudo leer o escribir la base de datos ({detail}).",
            detail=getattr(exc, "orig", None) or exc,
        ).render()
    if isinstance(exc, OSError):
        if exc.filename is None:  # a write that failed midway (a full disk) names no file
            return lazy("no se pudo usar un archivo: {detail}", detail=exc.strerror).render()
        return lazy(
            "no se pudo usar el archivo {path}: {detail}",
            path=exc.filename,
            detail=exc.strerror,
        ).render()
    return None
