"""What can go wrong with a backup, each with a message of its own."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

from agroferia.core.errors import AgroferiaError, DatabaseError, OperationError
from agroferia.i18n import lazy

NO_SPACE = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
NO_PERMISSION = {errno.EACCES, errno.EPERM, errno.EROFS}


class BackupError(AgroferiaError):
    """A backup could not be made, read or restored; nothing was left half-written."""


class NotABackupError(BackupError):
    def __init__(self, path: Path) -> None:
        super().__init__(
            lazy("{name} no es una copia de seguridad de Agroferia.", name=Path(path).name)
        )


class DamagedBackupError(BackupError):
    def __init__(self, path: Path, detail: str = "") -> None:
        super().__init__(
            lazy(
                "La copia de seguridad {name} está dañada o incompleta{detail}; no se puede "
                "restaurar. Use otra copia.",
                name=Path(path).name,
                detail=f" ({detail})" if detail else "",
            )
        )


class BackupTooNewError(BackupError):
    """The backup was made by a newer version of the app (a schema this one does not know)."""

    def __init__(self, path: Path, app_version: str, revision: str, head: str) -> None:
        from agroferia import __version__

        super().__init__(
            lazy(
                "La copia de seguridad {name} fue hecha por Agroferia {version} (esquema "
                "{revision}), más reciente que esta versión ({current}, esquema {head}). "
                "Actualice la aplicación para restaurarla.",
                name=Path(path).name,
                version=app_version,
                revision=revision,
                current=__version__,
                head=head,
            )
        )
        self.revision = revision


class BackupWriteError(BackupError):
    """The backup's folder could not be written (a full disk, no permission)."""


class DiskFullError(BackupWriteError):
    def __init__(self, folder: Path) -> None:
        super().__init__(
            lazy(
                "No hay espacio en el disco de {folder} para la copia de seguridad; no se "
                "guardó nada. Libere espacio o elija otra carpeta.",
                folder=folder,
            )
        )


class NoPermissionError(BackupWriteError):
    def __init__(self, folder: Path) -> None:
        super().__init__(
            lazy(
                "No se puede escribir en {folder}: no tiene permiso o es de solo lectura; no se "
                "guardó nada. Elija otra carpeta.",
                folder=folder,
            )
        )


class SourceDamagedError(DatabaseError):
    """The database itself fails ``integrity_check``: its copy would not be a good backup."""

    def __init__(self, path: Path, detail: str) -> None:
        super().__init__(
            lazy(
                "La base de datos {path} está dañada ({detail}); no se hizo la copia de "
                "seguridad. Restaure la última copia buena.",
                path=path,
                detail=detail,
            )
        )


class ServerDatabaseError(OperationError):
    def __init__(self) -> None:
        super().__init__(
            lazy(
                "Las copias de seguridad de un servidor PostgreSQL se hacen con pg_dump en el "
                "servidor; Agroferia solo copia bases de datos SQLite."
            )
        )


class DatabaseInUseError(OperationError):
    def __init__(self, path: Path) -> None:
        super().__init__(
            lazy(
                "La base de datos {path} está abierta en otra ventana o programa; ciérrelo "
                "antes de restaurar. No se cambió nada.",
                path=path,
            )
        )


def write_error(exc: BaseException, folder: Path) -> BackupWriteError | None:
    """The message for a failed write into ``folder``, or None when it is no such failure."""
    if isinstance(exc, OSError):
        if exc.errno in NO_SPACE:
            return DiskFullError(folder)
        if exc.errno in NO_PERMISSION:
            return NoPermissionError(folder)
    if isinstance(exc, sqlite3.Error):
        name = getattr(exc, "sqlite_errorname", "")
        if name == "SQLITE_FULL":
            return DiskFullError(folder)
        if name in ("SQLITE_CANTOPEN", "SQLITE_READONLY", "SQLITE_PERM"):
            return NoPermissionError(folder)
    return None
