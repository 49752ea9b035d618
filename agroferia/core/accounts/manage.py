"""Accounts: the first administrator, adding, changing a role, deactivating (never deleting:
the audit trail refers to them), resetting and changing passwords, and signing in.

Every change is made by an administrator's account (``Right.ADMIN``), except the first
administrator of a database without accounts and a person changing their own password,
and is audited without any password, hash or salt.  Five wrong passwords in a row make
the account wait before the next try, longer after each further failure."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from agroferia.core import audit
from agroferia.core import validation as v
from agroferia.core.accounts.passwords import checked, hash_password, verify_password
from agroferia.core.accounts.rights import Right, account, forget, has_accounts, require
from agroferia.core.collation import text_key
from agroferia.core.errors import NotFoundError, OperationError
from agroferia.core.models import Role, User, utcnow
from agroferia.i18n import Text, lazy, lazy_n

USERNAME = lazy("Usuario")
DISPLAY_NAME = lazy("Nombre")
ROLE = lazy("Rol")
PASSWORD = lazy("Contraseña")
REPEATED = lazy("Repita la contraseña")

FREE_TRIES = 5  # wrong passwords in a row before the account has to wait
FIRST_WAIT = dt.timedelta(seconds=30)  # doubled after each further failure…
LONGEST_WAIT = dt.timedelta(minutes=15)  # …up to this

# names the audit trail already uses for who is not an account
RESERVED = frozenset({audit.SYSTEM, "escritorio"})
_SAFE_FIELDS = ("username", "display_name", "role", "active", "must_change_password")


def _role(value: object) -> str:
    if value not in {r.value for r in Role}:
        raise v.Invalid(lazy("debe ser admin, organizer, treasurer o viewer"))
    return str(value)


def _username(value: object) -> str:
    text = v.text(value, required=True, max_len=60)
    if not text or any(c.isspace() for c in text) or not text.isprintable():
        raise v.Invalid(lazy("una sola palabra, sin espacios"))
    if text.lower() in RESERVED:
        raise v.Invalid(lazy("«{name}» lo usa la aplicación en el historial; elija otro",
                             name=text.lower()))  # fmt: skip
    return text.lower()


def _snapshot(user: User) -> dict:
    return {k: getattr(user, k) for k in _SAFE_FIELDS}


def create_user(
    session: Session,
    actor: str,
    username: str,
    display_name: str,
    role: str,
    password: str,
    *,
    repeated: str | None = None,
) -> User:
    """A new account.  On a database without accounts the first one needs no acting
    account and must be an administrator; after that only an administrator adds one."""
    first = not has_accounts(session)
    if not first:
        require(session, actor, Right.ADMIN)
    c = v.Checker()
    name = c.check("username", USERNAME, _username, username)
    shown = c.check("display_name", DISPLAY_NAME, v.text, display_name, required=True,
                    max_len=120)  # fmt: skip
    clean_role = c.check("role", ROLE, _role, role)
    if first and clean_role and clean_role != Role.ADMIN.value:
        c.add("role", ROLE, lazy("la primera cuenta debe ser de administrador"))
    secret = c.check("password", PASSWORD, checked, password)
    if repeated is not None and secret and repeated != secret:
        c.add("repeated", REPEATED, lazy("no coincide con la contraseña"))
    if name and account(session, name) is not None:
        c.add("username", USERNAME, lazy("ya existe"))
    c.done()
    user = User(username=name, display_name=shown, role=clean_role,
                password_hash=hash_password(secret), active=True)  # fmt: skip
    session.add(user)
    session.flush()
    forget(session)
    audit.record(session, name if first else actor, "create", "user", user.id,
                 after=_snapshot(user))  # fmt: skip
    return user


def users(session: Session) -> list[User]:
    """Every account, active first, by name."""
    return sorted(
        session.scalars(select(User)),
        key=lambda user: (not user.active, text_key(user.display_name), user.id),
    )


def get(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFoundError(lazy("No existe la cuenta {id}.", id=user_id))
    return user


def find(session: Session, username: str) -> User:
    user = account(session, username)
    if user is None:
        raise NotFoundError(lazy("No existe la cuenta «{name}».", name=username))
    return user


def _admins_left(session: Session, without: int) -> int:
    return session.scalar(
        select(func.count())
        .select_from(User)
        .where(User.role == Role.ADMIN.value, User.active.is_(True), User.id != without)
    )


def update_user(session: Session, actor: str, user_id: int, *, display_name: str | None = None,
                role: str | None = None, active: bool | None = None) -> User:  # fmt: skip
    """Changes an account's name, role or whether it may sign in (administrators only).
    The last active administrator stays one."""
    require(session, actor, Right.ADMIN)
    user = get(session, user_id)
    before = _snapshot(user)
    c = v.Checker()
    if display_name is not None:
        user.display_name = c.check("display_name", DISPLAY_NAME, v.text, display_name,
                                    required=True, max_len=120)  # fmt: skip
    if role is not None:
        new_role = c.check("role", ROLE, _role, role)
        if new_role:
            user.role = new_role
    if active is not None:
        user.active = bool(active)
    c.done()
    demoted = user.role != Role.ADMIN.value or not user.active
    was_admin = before["role"] == Role.ADMIN.value and before["active"]
    if was_admin and demoted and not _admins_left(session, user.id):
        user.role, user.active = before["role"], before["active"]
        raise OperationError(lazy("{name} es la única cuenta de administrador activa: "
                                  "cree otra antes.", name=user.display_name))  # fmt: skip
    after = _snapshot(user)
    if after != before:
        forget(session)
        audit.record(session, actor, "update", "user", user.id, before, after)
    return user


def reset_password(session: Session, actor: str, user_id: int, password: str) -> User:
    """A new password set by an administrator; the person must change it at next sign-in."""
    require(session, actor, Right.ADMIN)
    user = get(session, user_id)
    c = v.Checker()
    secret = c.check("password", PASSWORD, checked, password)
    c.done()
    user.password_hash = hash_password(secret)
    user.must_change_password = True
    user.failed_logins, user.wait_until = 0, None
    audit.record(session, actor, "reset_password", "user", user.id)
    return user


def change_password(session: Session, actor: str, current: str, new: str,
                    repeated: str | None = None, *, now: dt.datetime | None = None) -> User:  # fmt: skip
    """A person changes their own password, giving the current one.  A wrong current
    password counts as a wrong sign-in (kept even though the change is refused), and while
    the account must wait the change is refused, as signing in is."""
    now = now or utcnow()
    user = account(session, actor)
    if user is None or not user.active:
        raise OperationError(lazy("Inicie sesión para cambiar su contraseña."))
    if user.wait_until is not None and user.wait_until > now:
        raise OperationError(too_many(user.wait_until - now))
    c = v.Checker()
    if not verify_password(current, user.password_hash):
        wait = _count_failure(session, user.id, now)
        if wait is not None:
            raise OperationError(too_many(wait))
        c.add("current", PASSWORD, lazy("la contraseña actual no es correcta"))
    secret = c.check("password", PASSWORD, checked, new)
    if repeated is not None and secret and repeated != secret:
        c.add("repeated", REPEATED, lazy("no coincide con la contraseña"))
    if secret and secret == current:
        c.add("password", PASSWORD, lazy("debe ser distinta de la actual"))
    c.done()
    user.password_hash = hash_password(secret)
    user.must_change_password = False
    user.failed_logins, user.wait_until = 0, None
    audit.record(session, actor, "change_password", "user", user.id)
    return user


def _count_failure(session: Session, user_id: int, now: dt.datetime) -> dt.timedelta | None:
    """Counts a wrong password in a transaction of its own; the wait it brings, if any.

    A caller's transaction that began with SQLite's write lock (``BEGIN IMMEDIATE``, see
    ``db.WRITES``), which the count needs, is rolled back first on its connection: it is
    refused anyway, and rolling back again when the refusal reaches it changes nothing."""
    from agroferia.core.db import WRITES

    connection = session.connection()
    raw = connection.connection.dbapi_connection
    if connection.get_execution_options().get(WRITES) and raw is not None:
        raw.rollback()
    with Session(bind=session.get_bind()) as own, own.begin():
        wait = _failed(own.get(User, user_id) or session.get(User, user_id), now)
    session.expire(session.get(User, user_id))  # read again as committed (if it was)
    return wait


def _failed(user: User, now: dt.datetime) -> dt.timedelta | None:
    """One more wrong password in a row; the wait it brings, if any."""
    user.failed_logins = (user.failed_logins or 0) + 1
    wait = _wait_after(user.failed_logins)
    user.wait_until = now + wait if wait else None
    return wait


def wait_text(wait: dt.timedelta) -> Text:
    """How long to wait, rounded up: "30 segundos", "2 minutos"."""
    seconds = math.ceil(wait.total_seconds())
    if seconds < 120:
        return lazy_n(seconds, "1 segundo", "{n} segundos")
    return lazy_n(math.ceil(seconds / 60), "1 minuto", "{n} minutos")


def too_many(wait: dt.timedelta) -> Text:
    return lazy("Demasiadas contraseñas equivocadas seguidas: espere {time} antes de volver "
                "a intentarlo.", time=wait_text(wait))  # fmt: skip


@dataclass(frozen=True)
class SignIn:
    """The outcome of a try: the account when it succeeded; otherwise how long to wait
    before the next try (``None``: it may try again at once)."""

    user: User | None
    wait: dt.timedelta | None = None


def _wait_after(failures: int) -> dt.timedelta | None:
    if failures < FREE_TRIES:
        return None
    return min(FIRST_WAIT * 2 ** (failures - FREE_TRIES), LONGEST_WAIT)


def authenticate(session: Session, username: str, password: str,
                 *, now: dt.datetime | None = None) -> SignIn:  # fmt: skip
    """Checks a sign-in, counting wrong passwords in a row (the caller commits).  While the
    account must wait, even the right password is refused."""
    now = now or utcnow()
    user = account(session, username or "")
    if user is None or not user.active:
        return SignIn(None)
    if user.wait_until is not None and user.wait_until > now:
        return SignIn(None, user.wait_until - now)
    if not verify_password(password, user.password_hash):
        return SignIn(None, _failed(user, now))
    user.failed_logins, user.wait_until = 0, None
    user.last_sign_in = now
    return SignIn(user)
