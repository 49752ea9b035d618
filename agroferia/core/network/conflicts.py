"""A conflict with another writer that a lock did not prevent: tried again once, then told
in plain words.

On PostgreSQL a transaction may still fail because of another one running at the same
moment: a serialization failure, a deadlock the server broke, or a unique value another
writer took first (two new fairs of the same name). Such a failure leaves nothing written;
doing the whole transaction again, from its reads, usually succeeds.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from agroferia.core.errors import OperationError
from agroferia.i18n import Text, lazy

log = logging.getLogger(__name__)

T = TypeVar("T")

# PostgreSQL's SQLSTATE codes of a conflict with another transaction
SERIALIZATION_FAILURE = "40001"
DEADLOCK = "40P01"
UNIQUE_VIOLATION = "23505"
CONFLICTS = {SERIALIZATION_FAILURE, DEADLOCK, UNIQUE_VIOLATION}

SAVED_MEANWHILE = lazy(
    "Otra persona acaba de guardar estos mismos datos y no se guardó nada de esta "
    "operación: vuelva a cargarlos e intente de nuevo."
)


class WriteConflictError(OperationError):
    """Another writer changed the same data at the same moment; nothing was written."""

    def __init__(self, message: Text | None = None) -> None:
        super().__init__(message or SAVED_MEANWHILE)


def is_conflict(exc: BaseException) -> bool:
    """Whether ``exc`` is a failure caused by another transaction running at the same
    moment (see ``CONFLICTS``), which doing the transaction again may avoid."""
    if isinstance(exc, WriteConflictError):
        return True
    orig = getattr(exc, "orig", None)
    return getattr(orig, "sqlstate", None) in CONFLICTS


def retrying(work: Callable[[], T], message: Text | None = None) -> T:
    """``work()``, done again once when it fails because of a conflict with another writer
    (``work`` must run its own transaction, from its reads to its commit); a second conflict
    raises ``WriteConflictError`` with ``message``."""
    try:
        return work()
    except Exception as exc:
        if not is_conflict(exc):
            raise
        log.info("a conflict with another writer; trying once more (%s)", type(exc).__name__)
    try:
        return work()
    except Exception as exc:
        if not is_conflict(exc):
            raise
        if isinstance(exc, WriteConflictError) and message is None:
            raise
        raise WriteConflictError(message) from exc
