"""Backups: taking one of a live database (``take``), reading what one holds
(``inspect``), restoring one (``restore``), and the automatic backups with their rotation
(``automatic``, ``list_backups``, ``last_good``)."""

from agroferia.core.backup.archive import Progress, inspect
from agroferia.core.backup.automatic import (
    AutomaticResult,
    automatic,
    backups_folder,
    daily_due,
    keep,
    last_good,
    list_backups,
    overdue,
    rotate,
    second_folder,
)
from agroferia.core.backup.errors import (
    BackupError,
    BackupTooNewError,
    BackupWriteError,
    DamagedBackupError,
    DatabaseInUseError,
    DiskFullError,
    NoPermissionError,
    NotABackupError,
    ServerDatabaseError,
    SourceDamagedError,
)
from agroferia.core.backup.manifest import (
    BEFORE_DEMO,
    BEFORE_RESTORE,
    CLOSE,
    DAILY,
    MANUAL,
    SUFFIX,
    BackupInfo,
    Contents,
)
from agroferia.core.backup.restore import (
    RestoreResult,
    asks_for_password,
    check_may_restore,
    check_may_take,
    check_restore_rights,
    restore,
)
from agroferia.core.backup.take import take

__all__ = [
    "BEFORE_DEMO",
    "BEFORE_RESTORE",
    "CLOSE",
    "DAILY",
    "MANUAL",
    "SUFFIX",
    "AutomaticResult",
    "BackupError",
    "BackupInfo",
    "BackupTooNewError",
    "BackupWriteError",
    "Contents",
    "DamagedBackupError",
    "DatabaseInUseError",
    "DiskFullError",
    "NoPermissionError",
    "NotABackupError",
    "Progress",
    "RestoreResult",
    "ServerDatabaseError",
    "SourceDamagedError",
    "asks_for_password",
    "automatic",
    "backups_folder",
    "check_may_restore",
    "check_may_take",
    "check_restore_rights",
    "daily_due",
    "inspect",
    "keep",
    "last_good",
    "list_backups",
    "overdue",
    "restore",
    "rotate",
    "second_folder",
    "take",
]
