"""Age in completed years, in Python and in SQL (the one dialect-specific helper).

Both use the same arithmetic: ``(yyyymmdd(on) - yyyymmdd(born)) // 10000``, which counts a
birthday as reached on the day itself and handles 29 February without special cases.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Integer
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement
from sqlalchemy.sql.functions import FunctionElement

DEFAULT_YOUTH = (15, 29)  # Peru's legal definition of youth (Ley 27802)
# a vendor's age group on a date: within the youth range, outside it, or no birth date
YOUTH, NON_YOUTH, NOT_STATED = "youth", "non_youth", "not_stated"


def as_ymd(d: dt.date) -> int:
    """A date as the integer yyyymmdd."""
    return d.year * 10000 + d.month * 100 + d.day


def age_on(born: dt.date, on: dt.date) -> int:
    return (as_ymd(on) - as_ymd(born)) // 10000


def is_young(born: dt.date | None, on: dt.date, youth: tuple[int, int] = DEFAULT_YOUTH) -> bool:
    return born is not None and youth[0] <= age_on(born, on) <= youth[1]


class ymd(FunctionElement):  # noqa: N801 (an SQL function, named like one)
    """A date column as the integer yyyymmdd."""

    type = Integer()
    inherit_cache = True


@compiles(ymd, "sqlite")
def _ymd_sqlite(element, compiler, **kw):
    (arg,) = list(element.clauses)
    return f"CAST(strftime('%Y%m%d', {compiler.process(arg, **kw)}) AS INTEGER)"


@compiles(ymd, "postgresql")
def _ymd_postgresql(element, compiler, **kw):
    (arg,) = list(element.clauses)
    return f"CAST(to_char({compiler.process(arg, **kw)}, 'YYYYMMDD') AS INTEGER)"


def age_from_ymd(born: ColumnElement[int], on: ColumnElement[int]) -> ColumnElement[int]:
    """Completed years between two yyyymmdd integer columns (NULL when either is NULL).

    The difference is never negative for a real birth date, so integer division truncates
    the same way in SQLite and PostgreSQL.
    """
    return (on - born) // 10000


def age_sql(born: ColumnElement, on: ColumnElement) -> ColumnElement[int]:
    """Completed years between two date columns."""
    return age_from_ymd(ymd(born), ymd(on))
