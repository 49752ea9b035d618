"""The audit trail: who changed what, when, with the values before and after."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from agroferia.core.models import AuditLog, Base, User, utcnow
from agroferia.core.plain_text import stored

SYSTEM = "system"  # the actor for imports, the demo and migrations
_ACCOUNTS = "agroferia.audit.accounts"  # session.info: (transaction, {actor: id or None})


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def snapshot(obj: Base) -> dict[str, Any]:
    """The row's column values, JSON-ready."""
    mapper = inspect(obj).mapper
    return {col.key: _plain(getattr(obj, col.key)) for col in mapper.column_attrs}


def changes(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only what changed between two snapshots, in the order ``record`` keeps it."""
    changed = {k for k in after if before.get(k) != after.get(k)} | (set(before) - set(after))
    return {k: before.get(k) for k in sorted(changed)}, {k: after.get(k) for k in sorted(changed)}


def snapshot_row(entity: type[Base], row: Any) -> dict[str, Any]:
    """``snapshot`` of a row read with Core (a mapping holding the entity's columns)."""
    return {col.key: _plain(row[col.key]) for col in inspect(entity).column_attrs}


def record(
    session: Session,
    actor: str,
    action: str,
    entity: str,
    entity_id: int | None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str | None = None,
) -> AuditLog:
    if before is not None and after is not None:
        before, after = changes(before, after)
    entry = AuditLog(
        actor=actor,
        user_id=_account_id(session, actor),
        action=action,
        entity=entity,
        entity_id=entity_id,
        before=json.dumps(before, ensure_ascii=False) if before is not None else None,
        after=json.dumps(after, ensure_ascii=False) if after is not None else None,
        reason=(stored(reason) or None) if reason is not None else None,  # typed by a person
    )
    session.add(entry)
    return entry


def _account_id(session: Session, actor: str) -> int | None:
    """The id of the account named ``actor``, if there is one: looked up once per
    transaction (a day's sheet records an entry per cell), again after ``forget_accounts``."""
    known = per_transaction(session, _ACCOUNTS)
    if actor not in known:
        known[actor] = session.scalar(select(User.id).where(User.username == actor.strip().lower()))
    return known[actor]


def per_transaction(session: Session, name: str) -> dict:
    """A memo kept in ``session.info`` under ``name`` for the current transaction only
    (emptied when another begins)."""
    transaction = session.get_transaction()
    key, memo = session.info.get(name, (None, {}))
    if key is not transaction or transaction is None:
        memo = {}
        session.info[name] = (transaction, memo)
    return memo


def forget_accounts(session: Session) -> None:
    """Accounts changed in this transaction: look them up again."""
    session.info.pop(_ACCOUNTS, None)


def history(session: Session, entity: str, entity_id: int) -> list[AuditLog]:
    stmt = (
        select(AuditLog)
        .where(AuditLog.entity == entity, AuditLog.entity_id == entity_id)
        .order_by(AuditLog.at, AuditLog.id)
    )
    return list(session.scalars(stmt))


def display_names(session: Session) -> Callable[[int | None, str], str]:
    """``who(user_id, actor)``: the display name of the account behind an entry (by its
    ``user_id``), else the actor recorded.  Only the id says who acted: an entry written
    before accounts (by an operating system's user name, ``system``, a name given on the
    command line) keeps its own text, even if an account later took the same username."""
    by_id = {
        row.id: row.display_name for row in session.execute(select(User.id, User.display_name))
    }

    def who(user_id: int | None, actor: str) -> str:
        if user_id is not None and user_id in by_id:
            return by_id[user_id]
        return actor

    return who


def record_many(
    session: Session,
    actor: str,
    entries: Iterable[tuple[str, str, int | None, str | None, str | None, str | None]],
    batch: int = 10_000,
) -> int:
    """Writes many entries at once, as ``record`` would one by one (an import's sales: one
    entry each), with plain inserts in batches: fast enough for a million.  Each entry is
    ``(action, entity, entity_id, before, after, reason)``, with ``before`` and ``after``
    already written as JSON (``dumps``) and ``reason`` already in its ``stored`` form.
    The count."""
    user_id = _account_id(session, actor)
    at = stored_time(session, utcnow())
    sql = (
        "INSERT INTO audit_log (at, actor, user_id, action, entity, entity_id, before, after, "
        "reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
    )
    connection = session.connection()
    if connection.dialect.paramstyle != "qmark":  # psycopg's placeholders
        sql = sql.replace("?", "%s")
    rows: list[tuple] = []
    count = 0
    for action, entity, entity_id, before, after, reason in entries:
        rows.append((at, actor, user_id, action, entity, entity_id, before, after, reason))
        if len(rows) == batch:
            connection.exec_driver_sql(sql, rows)
            count += len(rows)
            rows = []
    if rows:
        connection.exec_driver_sql(sql, rows)
        count += len(rows)
    return count


def dumps(data: dict[str, Any] | None) -> str | None:
    """A snapshot as ``record`` stores it."""
    return json.dumps(data, ensure_ascii=False) if data is not None else None


def stored_time(session: Session, moment: dt.datetime) -> Any:
    """``moment`` as the database stores a ``DateTime`` column (for plain inserts)."""
    dialect = session.get_bind().dialect
    process = AuditLog.__table__.c.at.type.dialect_impl(dialect).bind_processor(dialect)
    return process(moment) if process else moment


def account_id(session: Session, actor: str) -> int | None:
    """The id of the account named ``actor`` (the ``user_id`` of its entries), if any."""
    return _account_id(session, actor)
