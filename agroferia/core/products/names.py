"""Product names of a whole file resolved at once: the catalogue read in one query, each
name then found in memory (case, accents and spacing aside, merged products followed).  An
import names the same few products over many rows; it never asks the database per row."""

from __future__ import annotations

import difflib

from sqlalchemy import select
from sqlalchemy.orm import Session

from agroferia.core.models import Product
from agroferia.core.products.catalogue import key


class Names:
    """The catalogue's names: ``find(name)`` gives (id, name) of the product a name is (the
    one it was merged into, for a merged one) or None; ``rubro[id]`` a product's rubro (its
    category's id); ``closest(name)`` a few catalogue names that look like it, to offer when
    a name is unknown."""

    def __init__(self, session: Session) -> None:
        rows = session.execute(
            select(Product.id, Product.name, Product.merged_into_id, Product.category_id)
        ).all()
        self.rubro: dict[int, int] = {row[0]: row[3] for row in rows}
        by_id = {pid: (name, into) for pid, name, into, _rubro in rows}
        self.by_key: dict[str, tuple[int, str]] = {}
        for pid, name, _into, _rubro in rows:
            target, seen = pid, {pid}
            while by_id[target][1] is not None and by_id[target][1] not in seen:
                target = by_id[target][1]
                seen.add(target)
            self.by_key.setdefault(key(name), (target, by_id[target][0]))
        self.current = {key(name): name for _pid, name, into, _rubro in rows if into is None}

    def find(self, name: str) -> tuple[int, str] | None:
        return self.by_key.get(key(name))

    def closest(self, name: str, count: int = 3) -> list[str]:
        found = difflib.get_close_matches(key(name), list(self.current), n=count, cutoff=0.6)
        return [self.current[k] for k in found]
