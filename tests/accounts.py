"""Accounts for tests: an administrator first (a database's first account must be one), then
the account asked for."""

from __future__ import annotations

from sqlalchemy.orm import Session

from agroferia.core import accounts
from agroferia.core.models import User

ADMIN = "admin"
PASSWORD = "una clave larga"


def add_account(session: Session, username: str, role: str, display_name: str | None = None,
                password: str = PASSWORD) -> User:  # fmt: skip
    """The account ``username`` with ``role`` (after an ``admin`` account, when the database
    has none yet)."""
    if not accounts.has_accounts(session):
        accounts.create_user(session, "", ADMIN, "Administración", "admin", PASSWORD)
    if username == ADMIN:
        return accounts.find(session, ADMIN)
    return accounts.create_user(session, ADMIN, username, display_name or username.title(),
                                role, password)  # fmt: skip
