"""Several people writing to one database at once (a network of fairs on one PostgreSQL
server, or two windows on one SQLite file).

A write that checks something and then writes takes a lock on what it checks first
(``locks``), so that the check and the write see the same data; a conflict that still
happens is tried again once, and otherwise told in plain words (``conflicts``).
"""

from __future__ import annotations

from agroferia.core.network.conflicts import WriteConflictError, is_conflict, retrying
from agroferia.core.network.locks import (
    lock_fair_day,
    lock_fees,
    lock_key,
    on_server,
)

__all__ = [
    "WriteConflictError",
    "is_conflict",
    "lock_fair_day",
    "lock_fees",
    "lock_key",
    "on_server",
    "retrying",
]
