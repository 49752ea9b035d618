"""What every page needs: the open database, who is acting, and a signal that says what
changed so that the pages showing it refresh themselves."""

from __future__ import annotations

import getpass
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from PySide6.QtCore import QObject, Signal
from sqlalchemy.orm import Session

from agroferia.core import fairs
from agroferia.core.db import Database
from agroferia.ui.prefs import Prefs

T = TypeVar("T")

# What a change touched; pages refresh on the ones they show.
VENDORS, CATEGORIES, FAIRS, SETTINGS = "vendors", "categories", "fairs", "settings"
SALES = "sales"  # sales, attendance and fees of fair days


def desktop_actor() -> str:
    """Who is acting until accounts arrive: the computer's user name."""
    try:
        return getpass.getuser() or "escritorio"
    except (KeyError, OSError):  # no user name in the environment or the password database
        return "escritorio"


class AppContext(QObject):
    changed = Signal(str)  # one of VENDORS, CATEGORIES, FAIRS, SETTINGS, SALES
    language_requested = Signal(str)  # the person chose another language in Configuración

    def __init__(self, db: Database, prefs: Prefs, actor: str | None = None) -> None:
        super().__init__()
        self.db = db
        self.prefs = prefs
        self.actor = actor or desktop_actor()

    def read(self, fn: Callable[[Session], T]) -> T:
        """``fn(session)`` in a read-only session of its own."""
        with self.db.Session() as session:
            return fn(session)

    @contextmanager
    def write(self, *touched: str) -> Iterator[Session]:
        """One transaction for one user action; on success the pages showing ``touched``
        refresh. On any error nothing is written and the error reaches the caller."""
        with self.db.Session.begin() as session:
            yield session
        for what in touched:
            self.changed.emit(what)

    def active_fair(self) -> tuple[int, str] | None:
        def find(session: Session) -> tuple[int, str] | None:
            fair = fairs.default_fair(session)
            return (fair.id, fair.name) if fair else None

        return self.read(find)
