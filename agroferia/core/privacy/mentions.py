"""Where free text (notes, the audit trail) names a person: their full name in its usual
orders, whatever the case or accents it was typed with (``ALEJANDRO MAMANI CARDENAS`` is
Alejandro Mamani Cárdenas), as whole words only; their document number, phone and e-mail.

Their name is left alone where it is part of another registered vendor's longer name
(removing Rosa Mamani leaves Rosa Mamani Quispe as she is), and altogether when another
vendor bears the very same name, since it may be theirs."""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import false, or_

_MARKS = "[\u0300-\u036f]*"  # combining accents typed after a letter


def bare(text: str) -> str:
    """Lower case, without accents (ñ is n), single spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())


@cache
def _letters() -> dict[str, str]:
    """Each ASCII letter with every Latin letter that is it with accents (both cases)."""
    found: dict[str, set[str]] = {}
    for cp in itertools.chain(range(0xC0, 0x250), range(0x1E00, 0x1F00)):
        char = chr(cp)
        base = unicodedata.normalize("NFD", char)[0]
        if base.isascii() and base.isalpha():
            found.setdefault(base.lower(), set()).add(char)
    return {b: "".join(sorted(v)) for b, v in found.items()}


def _spelled(name: str) -> str:
    """A pattern for ``name`` in any case, with or without its accents, as whole words."""
    letters = _letters()
    out = []
    for char in bare(name):
        if char == " ":
            out.append(r"\s+")
        elif char.isascii() and char.isalpha():
            out.append(f"[{char}{char.upper()}{letters.get(char, '')}]{_MARKS}")
        else:
            out.append(re.escape(char))
    return r"(?<!\w)" + "".join(out) + r"(?!\w)"


def _loose(name: str) -> str:
    """A LIKE pattern that every spelling of ``name`` matches (its longest word, each letter
    that may carry an accent or be typed without one left open), for the database to find
    candidates; ``_spelled`` decides."""
    word = max(bare(name).split(), key=len)
    return "%" + "".join(c if c in "bdfghjklmpqrstvwxz0123456789" else "_" for c in word) + "%"


def orders(given_names: str, surnames: str) -> list[str]:
    """A full name in its usual orders."""
    return [f"{given_names} {surnames}", f"{surnames} {given_names}",
            f"{surnames}, {given_names}"]  # fmt: skip


@dataclass(frozen=True)
class Mentions:
    """The words that name one person elsewhere, and how to find and replace them."""

    pattern: re.Pattern[str]
    shield: re.Pattern[str] | None  # longer names of others, inside which theirs stays
    likes: tuple[str, ...]  # LIKE patterns of the candidates (names)
    literals: tuple[str, ...]  # exact words of the candidates (document, phone, e-mail)

    @classmethod
    def of(cls, given_names: str, surnames: str, numbers: Sequence[str], email: str | None,
           others: Iterable[tuple[str, str]]) -> Mentions:  # fmt: skip
        """``others``: the names (given names, surnames) of every other registered vendor."""
        names = orders(given_names, surnames)
        own = {bare(n) for n in names}
        longer: list[str] = []
        for other in others:
            theirs = orders(*other)
            if bare(theirs[0]) == bare(names[0]):  # a namesake: the name may be theirs
                names = []
                longer = []
                break
            longer += [n for n in theirs if any(_within(o, bare(n)) for o in own)]
        parts = [f"(?P<name>{'|'.join(_spelled(n) for n in names)})"] if names else []
        words = [n for n in numbers if n]
        parts += [rf"(?<![0-9A-Za-z]){re.escape(n)}(?![0-9A-Za-z])" for n in words]
        if email:
            parts.append(re.escape(email))
            words.append(email)
        shield = re.compile("|".join(map(_spelled, longer)), re.IGNORECASE) if longer else None
        return cls(re.compile("|".join(parts) or r"(?!)", re.IGNORECASE), shield,
                   tuple(dict.fromkeys(_loose(n) for n in names)), tuple(words))  # fmt: skip

    def scrub(self, text: str, replacement: str) -> str:
        shielded = [m.span() for m in self.shield.finditer(text)] if self.shield else []

        def replace(match: re.Match[str]) -> str:
            start, end = match.span()
            if match.lastgroup == "name" and any(a <= start and end <= b for a, b in shielded):
                return match.group(0)  # part of another vendor's longer name
            return replacement

        return self.pattern.sub(replace, text)

    def candidates(self, columns: Iterable[Any]):
        """A condition on text columns that every row naming the person meets."""
        columns = list(columns)
        conditions = [
            *(c.ilike(p) for c in columns for p in self.likes),
            *(c.ilike(f"%{_like_escape(w)}%", escape="\\") for c in columns
              for w in self.literals),
        ]  # fmt: skip
        return or_(*conditions) if conditions else false()


def _within(name: str, longer: str) -> bool:
    """Whether ``name`` is ``longer`` or a run of its whole words."""
    return name != longer and f" {name} " in f" {longer} "


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", r"\%").replace("_", r"\_")
