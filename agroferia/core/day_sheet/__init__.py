"""A fair day's sheet, as the treasurer types it: one line per vendor and rubro with the
day's sales and how they were paid, and per vendor whether they came and their stall fee.

``load`` reads the day (a handful of queries whatever the number of vendors); the
``DaySheet`` keeps what the person types next to what is saved, checks every cell as it is
typed and adds up the day's totals; ``save`` writes every change in the caller's
transaction through the services (``sales``, ``fairs``, ``fees``), so that each one is
validated and audited like any other change.

A line's money is split by payment method (cash, Yape, …), as the entries of that vendor
and rubro are: typing a new amount on a line paid one way keeps that way; on a line paid
several ways the change must be given a method (``MixedMethods``) or a new split
(``set_split``), so that no payment method is ever merged into another.
"""

from __future__ import annotations

from agroferia.core.day_sheet.loading import latest_day, load, usual_day, usual_days
from agroferia.core.day_sheet.saving import Saved, SheetConflictError, save
from agroferia.core.day_sheet.sheet import (
    AMOUNT,
    CORRECTION,
    DEFAULT_METHOD,
    DUE,
    METHOD,
    METHODS,
    PAID,
    PRESENT,
    SPLIT,
    DayInfo,
    DaySheet,
    Line,
    MixedMethods,
    Totals,
    Typed,
    Unusual,
    VendorDay,
    split_text,
)

__all__ = [
    "AMOUNT",
    "CORRECTION",
    "DEFAULT_METHOD",
    "DUE",
    "METHOD",
    "METHODS",
    "PAID",
    "PRESENT",
    "SPLIT",
    "DayInfo",
    "DaySheet",
    "Line",
    "MixedMethods",
    "Saved",
    "SheetConflictError",
    "Totals",
    "Typed",
    "Unusual",
    "VendorDay",
    "latest_day",
    "load",
    "save",
    "split_text",
    "usual_day",
    "usual_days",
]
