"""What each role may do, checked in the services themselves.

Four rights cover every change the app makes:

- ``SALES``: the fair-day sheet (sales, attendance, fees), payments, closing a day;
- ``REGISTRY``: vendors, rubros, fairs and fair days, imports;
- ``PERSONAL_DATA``: the padrón with personal data, a person's data and their removal;
- ``ADMIN``: accounts, settings, reopening a closed day, replacing the database.

A *viewer* has none (the Panel and the municipal reports only read aggregates); a
*treasurer* has ``SALES``; an *organizer* ``REGISTRY`` and ``PERSONAL_DATA``; an *admin*
all four.  A database without any account yet is unprotected: every change is allowed
until the first administrator is created (the app says so wherever it opens one).
"""

from __future__ import annotations

import enum

from sqlalchemy import select
from sqlalchemy.orm import Session

from agroferia.core import audit
from agroferia.core.errors import OperationError
from agroferia.core.models import Role, User
from agroferia.i18n import Text, lazy

_RIGHTS = "agroferia.accounts.rights"  # session.info: (transaction, {actor: rights})


class Right(enum.StrEnum):
    SALES = "sales"
    REGISTRY = "registry"
    PERSONAL_DATA = "personal_data"
    ADMIN = "admin"


ROLE_RIGHTS: dict[str, frozenset[Right]] = {
    Role.VIEWER.value: frozenset(),
    Role.TREASURER.value: frozenset({Right.SALES}),
    Role.ORGANIZER.value: frozenset({Right.REGISTRY, Right.PERSONAL_DATA}),
    Role.ADMIN.value: frozenset(Right),
}

# the rights of accounts that work with people (their names, sales and fees)
WITH_PEOPLE = frozenset({Right.SALES, Right.REGISTRY, Right.PERSONAL_DATA})

ROLE_LABELS: dict[str, Text] = {
    Role.ADMIN.value: lazy("Administrador"),
    Role.ORGANIZER.value: lazy("Organizador"),
    Role.TREASURER.value: lazy("Tesorero"),
    Role.VIEWER.value: lazy("Consulta"),
}

# what each right is, for a refusal: "… solo una cuenta que puede <this>"
_WHAT: dict[Right, Text] = {
    Right.SALES: lazy("registrar ventas, cuotas y pagos"),
    Right.REGISTRY: lazy("cambiar expositores, rubros, ferias y jornadas, e importar"),
    Right.PERSONAL_DATA: lazy("manejar datos personales"),
    Right.ADMIN: lazy("administrar (cuentas, configuración, reabrir jornadas)"),
}
# the roles that hold each right, as the refusal names them
_WHO: dict[Right, Text] = {
    Right.SALES: lazy("una cuenta de tesorero o de administrador"),
    Right.REGISTRY: lazy("una cuenta de organizador o de administrador"),
    Right.PERSONAL_DATA: lazy("una cuenta de organizador o de administrador"),
    Right.ADMIN: lazy("una cuenta de administrador"),
}


class NotAllowedError(OperationError):
    """The acting account may not do this; nothing was written."""

    def __init__(self, message: Text, right: Right) -> None:
        super().__init__(message)
        self.right = right


def has_accounts(session: Session) -> bool:
    """Whether the database has any account (if not, it is unprotected)."""
    return session.scalar(select(User.id).limit(1)) is not None


def account(session: Session, actor: str) -> User | None:
    """The account named ``actor`` (a username), active or not."""
    return session.scalar(select(User).where(User.username == actor.strip().lower()))


def rights_of(session: Session, actor: str) -> frozenset[Right]:
    """What ``actor`` may do: everything on an unprotected database; an active account's
    role's rights; nothing for anyone else."""
    # asked many times in one transaction (a day's sheet calls a service per cell): looked
    # up once per transaction
    known = audit.per_transaction(session, _RIGHTS)
    if actor not in known:
        known[actor] = _rights(session, actor)
    return known[actor]


def _rights(session: Session, actor: str) -> frozenset[Right]:
    if not has_accounts(session):
        return frozenset(Right)
    user = account(session, actor)
    if user is None or not user.active:
        return frozenset()
    return ROLE_RIGHTS.get(user.role, frozenset())


def forget(session: Session) -> None:
    """Accounts changed in this transaction: ask again (rights, and the audit trail's
    accounts)."""
    session.info.pop(_RIGHTS, None)
    audit.forget_accounts(session)


def require(session: Session, actor: str, *rights: Right, refusal: Text | None = None) -> None:
    """Raises ``NotAllowedError`` unless ``actor`` holds one of ``rights`` (see the module);
    ``refusal`` says it in the caller's words."""
    held = rights_of(session, actor)
    if held.intersection(rights):
        return
    right = rights[0]
    if refusal is None:
        refusal = lazy("Su cuenta no puede {what}: hace falta {who}.", what=_WHAT[right],
                       who=_WHO[right])  # fmt: skip
    user = account(session, actor)
    if user is None or not user.active:
        refusal = lazy("{refusal} Inicie sesión con una cuenta.", refusal=refusal)
    raise NotAllowedError(refusal, right)
