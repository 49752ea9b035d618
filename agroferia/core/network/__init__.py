"""Databases on a PostgreSQL server shared by several laptops (a network of fairs), and
several people writing to one database at once (or two windows on one SQLite file).

A write that checks something and then writes takes a lock on what it checks first
(``locks``), so that the check and the write see the same data; a conflict that still
happens is tried again once, and otherwise told in plain words (``conflicts``). A server's
URL is read and shown without its password (``urls``), a failed connection explained
(``connection``), and a server's database made current once however many programs start
at once (``server``). The fairs of the network are compared side by side for a period,
each producer counted once in the network's total (``comparison``).

The names of ``locks``, ``conflicts`` and ``comparison`` are given here when first asked
for: ``urls``, which opening any database needs, loads neither the data model nor the
locks.
"""

from __future__ import annotations

import importlib
from typing import Any

_WHERE = {
    "Comparison": "comparison",
    "compare_fairs": "comparison",
    "WriteConflictError": "conflicts",
    "is_conflict": "conflicts",
    "retrying": "conflicts",
    "lock_fair_day": "locks",
    "lock_fees": "locks",
    "lock_key": "locks",
    "on_server": "locks",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
