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
``name_key(surnames, given_names, id)`` the key of a person (surnames first). Queries too
big to sort in Python order by the SQL expressions of ``collation_sql``.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

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
