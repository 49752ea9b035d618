"""User accounts with roles; passwords stored as scrypt hashes."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os

from sqlalchemy import select
from sqlalchemy.orm import Session

from agroferia.core import audit
from agroferia.core import validation as v
from agroferia.core.errors import OperationError
from agroferia.core.models import Role, User
from agroferia.i18n import Text, lazy

USERNAME = lazy("Usuario")
DISPLAY_NAME = lazy("Nombre")
ROLE = lazy("Rol")
PASSWORD = lazy("Contraseña")

_N, _R, _P = 2**14, 8, 1

# the roles that may take a person's data out of the app (the padrón, a person's own data)
# or remove them (anonymization): Ley 29733
MAY_HANDLE_PERSONAL_DATA = frozenset({Role.ADMIN.value, Role.ORGANIZER.value})


def hash_password(password: str) -> str:
    salt = os.urandom(16)
    key = hashlib.scrypt(password.encode(), salt=salt, n=_N, r=_R, p=_P)
    return (
        f"scrypt${_N}${_R}${_P}${base64.b64encode(salt).decode()}${base64.b64encode(key).decode()}"
    )


def verify_password(password: str, stored: str | None) -> bool:
    if not stored or not stored.startswith("scrypt$"):
        return False
    try:
        _, n, r, p, salt, key = stored.split("$")
        candidate = hashlib.scrypt(
            password.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p)
        )
        return hmac.compare_digest(candidate, base64.b64decode(key))
    except (ValueError, binascii.Error):  # a damaged hash never matches
        return False


def _role(value: object) -> str:
    if value not in {r.value for r in Role}:
        raise v.Invalid(lazy("debe ser admin, organizer, treasurer o viewer"))
    return str(value)


def _password(value: object) -> str:
    if v.blank(value) or len(str(value)) < 8:
        raise v.Invalid(lazy("debe tener al menos 8 caracteres"))
    return str(value)


def create_user(
    session: Session, actor: str, username: str, display_name: str, role: str, password: str
) -> User:
    c = v.Checker()
    name = c.check("username", USERNAME, v.text, username, required=True, max_len=60)
    shown = c.check("display_name", DISPLAY_NAME, v.text, display_name, required=True, max_len=120)
    clean_role = c.check("role", ROLE, _role, role)
    secret = c.check("password", PASSWORD, _password, password)
    if name and session.scalar(select(User.id).where(User.username == name.lower())):
        c.add("username", USERNAME, lazy("ya existe"))
    c.done()
    user = User(
        username=name.lower(),
        display_name=shown,
        role=clean_role,
        password_hash=hash_password(secret),
        active=True,
    )
    session.add(user)
    session.flush()
    snap = audit.snapshot(user)
    snap.pop("password_hash")
    audit.record(session, actor, "create", "user", user.id, after=snap)
    return user


def authenticate(session: Session, username: str, password: str) -> User | None:
    user = session.scalar(select(User).where(User.username == username.strip().lower()))
    if user is None or not user.active or not verify_password(password, user.password_hash):
        return None
    return user


def check_may_handle_personal_data(session: Session, actor: str, refusal: Text) -> None:
    """Refuses (``OperationError`` saying ``refusal``) an account that may not take personal
    data out of the app or remove them: one whose role is neither admin nor organizer, or
    that is no longer active.  Who is not an account (the computer's user, until accounts
    arrive; the command line) may."""
    user = session.scalar(select(User).where(User.username == actor.strip().lower()))
    if user is None:
        return
    if not user.active or user.role not in MAY_HANDLE_PERSONAL_DATA:
        raise OperationError(refusal)
