"""The order names are listed in, the same on every database.

A database sorts text by its collation: SQLite by the bytes ("Álvarez" after "Zapata",
"de la Cruz" after every capital letter), a PostgreSQL server by whatever its locale says.
Lists of people, fairs and rubros are therefore sorted here, in Python, in the order of a
Spanish dictionary:

- case and accents do not count at first (Á, À, Ä sort with A; Ö with O), but Ñ is a
  letter of its own after N ("Núñez" before "Nuñovero", both before "Ñahui", "Ñahui"
  before "Ortiz");
- names equal that way are ordered by their exact text, and rows with equal names by their
  id, so that the order is total and never depends on how the rows were read.

``text_key(value)`` is the key of one text (``blank_last`` for one that may be missing);
``name_key(surnames, given_names, id)`` the key
of a person (surnames first); ``ranked(names, column)`` an SQL expression that orders rows
by a few names (fairs, rubros) in this order, for queries too big to sort in Python;
``bytewise(column)`` a column compared by its characters' code points on every database
(codes, which need no dictionary order but the same order everywhere).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from functools import lru_cache

from sqlalchemy import case, literal
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import String

_TILDE = "\u0303"  # the combining tilde of a decomposed ñ
# Ñ sorts after every N, before O: an N followed by the last code point does just that.
_ENYE = "n\U0010ffff"


@lru_cache(maxsize=65536)
def _primary(text: str) -> str:
    out: list[str] = []
    for char in unicodedata.normalize("NFKD", text):
        if unicodedata.combining(char):
            if char == _TILDE and out and out[-1] == "n":
                out[-1] = _ENYE
            continue
        out.append(char.casefold())
    return " ".join("".join(out).split())


def text_key(value: str | None) -> tuple[str, str]:
    """The key a text sorts by: Spanish dictionary order, then the exact text."""
    text = value or ""
    return _primary(text), text


def blank_last(value: str | None) -> tuple:
    """The key of a text that may be missing: the missing ones last."""
    return not value, text_key(value)


def name_key(surnames: str | None, given_names: str | None, ident: int = 0) -> tuple:
    """The key a person sorts by: surnames, then given names, then the id."""
    last, first = text_key(surnames), text_key(given_names)
    return last[0], first[0], last[1], first[1], ident


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
