"""Typed errors raised by the services, each carrying a translatable message."""

from __future__ import annotations

import datetime as dt
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


def explain(exc: BaseException) -> str | None:
    """The message a person should read for an expected failure (bad data, a busy database,
    a file that cannot be written), or None for a defect, which gets the full report."""
    from sqlalchemy.exc import OperationalError

    if isinstance(exc, AgroferiaError):
        return str(exc)
    if isinstance(exc, OperationalError):
        if getattr(exc.orig, "sqlite_errorname", None) == "SQLITE_FULL":
            return lazy(
                "no se pudo escribir en la base de datos porque el disco está lleno; no se "
                "guardó nada de esta operación. Libere espacio e intente de nuevo."
            ).render()
        return lazy(
            "no se pudo leer o escribir la base de datos ({detail}). Si otro programa la está "
            "usando, ciérrelo e intente de nuevo.",
            detail=exc.orig,
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
