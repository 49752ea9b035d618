"""Reading the audit trail a page at a time, newest first, filtered by person, dates (local),
entity and action, in SQL: a page is found through the index on the entry's time (keyset
paging from the last entry shown), so that a trail of hundreds of thousands of entries
opens as fast as a short one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from agroferia.core import accounts
from agroferia.core.accounts import Right
from agroferia.core.audit_view.describe import Describer
from agroferia.core.collation import text_key
from agroferia.core.models import AuditLog, User
from agroferia.i18n import lazy

PAGE_SIZE = 200
Position = tuple[dt.datetime, int]  # an entry's place in the trail: (at, id)


@dataclass(frozen=True)
class Filters:
    """Which entries to show; every field left empty shows all."""

    user_id: int | None = None  # the entries of one account
    actor: str | None = None  # the entries of someone without an account ("system", …)
    start: dt.date | None = None  # from this local day…
    end: dt.date | None = None  # …to this one, both included
    entity: str | None = None
    action: str | None = None

    def plain(self) -> dict[str, object]:
        """For the export's own audit entry: what was asked, no values of anyone's data."""
        return {
            "user_id": self.user_id,
            "actor": self.actor,
            "from": self.start.isoformat() if self.start else None,
            "to": self.end.isoformat() if self.end else None,
            "entity": self.entity,
            "action": self.action,
        }


@dataclass(frozen=True)
class Person:
    """Someone the trail names: an account (``user_id``) or an old actor's text."""

    label: str
    user_id: int | None = None
    actor: str | None = None


@dataclass(frozen=True)
class Entry:
    id: int
    at: dt.datetime  # naive UTC, as stored
    who: str  # the account's display name, else the actor recorded
    action: str
    entity: str
    entity_id: int | None
    code: str  # the record's code (a vendor's EXP-0012), never a person's name
    summary: str  # what changed, without any vendor's personal data
    reason: str | None
    before: str | None = field(default=None, repr=False)  # JSON, as stored
    after: str | None = field(default=None, repr=False)

    @property
    def position(self) -> Position:
        return (self.at, self.id)


def require_reader(session: Session, actor: str) -> None:
    accounts.require(
        session, actor, Right.ADMIN, Right.PERSONAL_DATA,
        refusal=lazy("El registro de cambios muestra quién hizo qué: solo una cuenta de "
                     "organizador o de administrador puede verlo."),
    )  # fmt: skip


def _utc(day: dt.date) -> dt.datetime:
    """The local midnight that starts ``day``, as the naive UTC time the trail stores."""
    return dt.datetime.combine(day, dt.time()).astimezone(dt.UTC).replace(tzinfo=None)


def _conditions(filters: Filters) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if filters.user_id is not None:
        where.append(AuditLog.user_id == filters.user_id)
    if filters.actor is not None:
        where.append(and_(AuditLog.user_id.is_(None), AuditLog.actor == filters.actor))
    if filters.start is not None:
        where.append(AuditLog.at >= _utc(filters.start))
    if filters.end is not None:
        where.append(AuditLog.at < _utc(filters.end + dt.timedelta(days=1)))
    if filters.entity:
        where.append(AuditLog.entity == filters.entity)
    if filters.action:
        where.append(AuditLog.action == filters.action)
    return where


_COLUMNS = (AuditLog.id, AuditLog.at, AuditLog.actor, AuditLog.user_id, AuditLog.action,
            AuditLog.entity, AuditLog.entity_id, AuditLog.before, AuditLog.after,
            AuditLog.reason)  # fmt: skip


def _rows(session: Session, filters: Filters, after: Position | None, limit: int) -> list:
    """Plain rows (not objects the session would keep), newest first."""
    stmt = select(*_COLUMNS).where(*_conditions(filters))
    if after is not None:
        at, last = after
        stmt = stmt.where(or_(AuditLog.at < at, and_(AuditLog.at == at, AuditLog.id < last)))
    stmt = stmt.order_by(AuditLog.at.desc(), AuditLog.id.desc()).limit(limit)
    return list(session.execute(stmt))


def page(
    session: Session,
    actor: str,
    filters: Filters = Filters(),
    after: Position | None = None,
    limit: int = PAGE_SIZE,
) -> list[Entry]:
    """Up to ``limit`` entries, newest first, older than ``after`` (the last one shown)."""
    require_reader(session, actor)
    rows = _rows(session, filters, after, limit)
    return Describer(session).entries(rows)


def walk(session: Session, filters: Filters, batch: int = 1000) -> Iterator[Entry]:
    """Every entry that ``filters`` keeps, newest first, ``batch`` at a time (the caller
    has checked the right)."""
    describer = Describer(session)
    after: Position | None = None
    while True:
        rows = _rows(session, filters, after, batch)
        yield from describer.entries(rows)
        if len(rows) < batch:
            return
        after = (rows[-1].at, rows[-1].id)


def count(session: Session, actor: str, filters: Filters = Filters()) -> int:
    require_reader(session, actor)
    stmt = select(func.count()).select_from(AuditLog).where(*_conditions(filters))
    return session.scalar(stmt) or 0


def choices(session: Session, actor: str) -> tuple[list[Person], list[str], list[str]]:
    """What the filters offer: the people (accounts by name, then the actors written
    without an account), the entities and the actions found in the trail."""
    require_reader(session, actor)
    named = session.execute(select(User.id, User.display_name)).all()
    people = [
        Person(name, user_id=uid)
        for uid, name in sorted(named, key=lambda user: (text_key(user[1]), user[0]))
    ]
    others = session.scalars(select(AuditLog.actor).where(AuditLog.user_id.is_(None)).distinct())
    people += [Person(text, actor=text) for text in sorted(others, key=text_key)]
    entities = sorted(session.scalars(select(AuditLog.entity).distinct()))
    actions = sorted(session.scalars(select(AuditLog.action).distinct()))
    return people, entities, actions
