"""The order of ``collation`` in SQL, for queries too big to sort in Python.

``ranked(names, column)`` orders rows by a few names (fairs, rubros) in the order of
``collation.text_key``; ``bytewise(column)`` compares a column by its characters' code
points on every database (codes, which need no dictionary order but the same order
everywhere).
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import case, literal
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import String

from agroferia.core.collation import text_key


def ranked(names: Mapping[int, str], column) -> ColumnElement:
    """An SQL expression giving each id in ``column`` its place among ``names`` (id →
    name) in the order of ``text_key``; ids not in ``names`` come last."""
    order = sorted(names, key=lambda ident: (text_key(names[ident]), ident))
    if not order:
        return literal(0)
    return case({ident: place for place, ident in enumerate(order)}, value=column, else_=len(order))


class bytewise(FunctionElement):  # noqa: N801 (used like a function in a query)
    """``column`` ordered by code points: SQLite's own order of text, and PostgreSQL's
    "C" collation (UTF-8's bytes are in the order of the code points)."""

    type = String()
    inherit_cache = True


@compiles(bytewise)
def _bytewise(element, compiler, **kw) -> str:
    return compiler.process(element.clauses, **kw)


@compiles(bytewise, "postgresql")
def _bytewise_postgresql(element, compiler, **kw) -> str:
    return f'({compiler.process(element.clauses, **kw)}) COLLATE "C"'
