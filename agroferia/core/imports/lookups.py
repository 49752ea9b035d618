"""What the rows of a file are resolved against: the rubros and the fairs."""

from __future__ import annotations

import re
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from agroferia.core import fairs
from agroferia.core import validation as v
from agroferia.core.imports.report import ImportReport
from agroferia.core.models import Category
from agroferia.core.network.conflicts import WriteConflictError
from agroferia.core.network.locks import lock_key
from agroferia.core.ubigeo import fold
from agroferia.i18n import lazy


class Categories:
    """Rubros by name; a file may shorten one to words only it has (``Frutas``,
    ``verduras``), but never to words several share (``Productos``)."""

    def __init__(self, session: Session) -> None:
        rows = session.execute(select(Category.id, Category.name, Category.active))
        self.by_key = {fold(name): (cid, name, active) for cid, name, active in rows}

    def find(self, value: object) -> tuple[int, str, bool] | None:
        key = fold(str(value))
        if key in self.by_key:
            return self.by_key[key]
        words = re.findall(r"\w+", key)
        if not words:
            return None
        found = [
            c for k, c in self.by_key.items()
            if all(any(w.startswith(x) for w in re.findall(r"\w+", k)) for x in words)
        ]  # fmt: skip
        return found[0] if len(found) == 1 else None

    def ref(self, value: object) -> object:
        """The rubro's id (for the validators), or the value as it was."""
        if v.blank(value) or not isinstance(value, str):
            return value
        found = self.find(value)
        return found[0] if found else value


class Fairs:
    """Fairs by folded name, including those the file will create."""

    def __init__(self, session: Session, report: ImportReport) -> None:
        self.session = session
        self.report = report
        self.known = {fold(f.name): f for f in fairs.list_fairs(session, include_inactive=True)}
        self.new: dict[str, str] = {}  # folded -> name as written

    def key(self, value: object) -> str | None:
        """The key of a fair named in the file or the command; new ones are noted."""
        if v.blank(value):
            return None
        name = v.text(value, max_len=120)
        key = fold(name)
        if key not in self.known and key not in self.new:
            self.new[key] = name
            self.report.fairs_created.append(name)
        return key

    def key_of(self, fair_id: int | None) -> str | None:
        return next((k for k, f in self.known.items() if f.id == fair_id), None)

    def name(self, key: str) -> str:
        return self.known[key].name if key in self.known else self.new[key]

    def ids(self, actor: str) -> dict[str, int]:
        """Every fair's id by key, creating the new ones. A fair another writer created
        after the file was checked is a conflict (``retrying`` then checks the file again,
        against that fair and what it holds)."""
        if self.new:
            lock_key(self.session, "fair_name")  # as ``fairs.create_fair`` takes it
        for key, name in self.new.items():
            if fairs.find_fair(self.session, name) is not None:
                raise WriteConflictError(
                    lazy(
                        "Otra persona acaba de crear la feria «{name}»; no se importó nada. "
                        "Vuelva a cargar el archivo.",
                        name=name,
                    )
                )
            self.known[key] = fairs.create_fair(self.session, actor, name=name)
        self.new.clear()
        return {k: f.id for k, f in self.known.items()}

    def default(self, option: str | None) -> Callable[[], str | None]:
        """The fair named on the command line, noted as new only once a row uses it."""
        try:
            v.text(option, max_len=120)
        except v.Invalid as exc:
            self.report.error(None, None, exc.message)
            return lambda: None
        return lambda: self.key(option)
