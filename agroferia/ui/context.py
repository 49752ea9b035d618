"""What every page needs: the open database, the signed-in account and what it may do, and
a signal that says what changed so that the pages showing it refresh themselves."""

from __future__ import annotations

import getpass
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TypeVar

from PySide6.QtCore import QObject, Signal
from sqlalchemy.orm import Session

from agroferia.core import accounts, fairs
from agroferia.core.accounts import Right
from agroferia.core.db import Database
from agroferia.core.models import User
from agroferia.ui.prefs import Prefs

T = TypeVar("T")

# What a change touched; pages refresh on the ones they show.
VENDORS, CATEGORIES, FAIRS, SETTINGS = "vendors", "categories", "fairs", "settings"
SALES = "sales"  # sales, attendance and fees of fair days


@dataclass(frozen=True)
class Account:
    """The signed-in account, as the window shows it (never its password)."""

    id: int
    username: str
    display_name: str
    role: str

    @classmethod
    def of(cls, user: User) -> Account:
        return cls(user.id, user.username, user.display_name, user.role)

    @property
    def role_label(self) -> str:
        return accounts.ROLE_LABELS[self.role].render()


def desktop_actor() -> str:
    """Who is acting on a database without accounts: the computer's user name."""
    try:
        return getpass.getuser() or "escritorio"
    except (KeyError, OSError):  # no user name in the environment or the password database
        return "escritorio"


class AppContext(QObject):
    changed = Signal(str)  # one of VENDORS, CATEGORIES, FAIRS, SETTINGS, SALES
    language_requested = Signal(str)  # the person chose another language in Configuración
    user_changed = Signal()  # another account signed in

    def __init__(
        self, db: Database, prefs: Prefs, actor: str | None = None, user: Account | None = None
    ) -> None:
        super().__init__()
        self.db = db
        self.read_only = db.read_only  # nothing can be written: no right to change anything
        self.prefs = prefs
        self._actor = actor
        self.user: Account | None = None
        self.rights: frozenset[Right] = frozenset()
        self.set_user(user)

    @property
    def actor(self) -> str:
        """Who the services record: the account's username; on a database without accounts,
        the name given or the computer's user."""
        if self.user is not None:
            return self.user.username
        return self._actor or desktop_actor()

    @actor.setter
    def actor(self, name: str) -> None:
        """Who acts on a database without accounts (an account acts as itself)."""
        self._actor = name

    def set_user(self, user: Account | None) -> None:
        """Another account signed in: what it may do is read again."""
        self.user = user
        self.rights = self.read(lambda s: accounts.rights_of(s, self.actor))
        self.user_changed.emit()

    def may(self, *rights: Right) -> bool:
        """Whether the account may use one of ``rights`` (never on a read-only database)."""
        return not self.read_only and self.sees(*rights)

    def sees(self, *rights: Right) -> bool:
        """Whether the account holds one of ``rights``, to see what they work with (a
        read-only database shows it too)."""
        return bool(self.rights.intersection(rights))

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
