"""Locks taken by a write on what it checks, held until its transaction ends.

On PostgreSQL, two laptops may check the same thing at the same moment (a fair day without
sales, a free vendor code) and both write: a row lock (``SELECT … FOR UPDATE``) or a
transaction-level advisory lock keyed on what is checked makes the second wait until the
first has committed, and the second's check then sees what the first wrote (each statement
of a ``READ COMMITTED`` transaction reads what is committed when it starts).

On SQLite, every writing transaction begins with ``BEGIN IMMEDIATE`` (``db.WRITES``): only
one writes at a time, from its first read to its commit, so these functions do nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from agroferia.core.models import FairDay, Fee


def on_server(session: Session) -> bool:
    """Whether the session's database is a PostgreSQL server (other writers may run at
    the same moment as this transaction)."""
    return session.get_bind().dialect.name == "postgresql"


def key_of(name: str, *values: object) -> int:
    """A signed 64-bit key for ``pg_advisory_xact_lock``: the same name and values give
    the same key in every process."""
    words = "\x1f".join([name, *(str(value) for value in values)])
    digest = hashlib.blake2b(words.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def lock_key(session: Session, name: str, *values: object) -> None:
    """Waits for, then holds until the transaction ends, the lock named ``name`` and
    ``values`` (say ``"fair_day", fair_id, date`` before creating a fair day, or
    ``"vendor_code"`` before giving a new vendor its code)."""
    if on_server(session):
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key_of(name, *values)})


def lock_fair_day(session: Session, fair_day_id: int) -> FairDay | None:
    """Waits for, then holds until the transaction ends, the fair day's row, and reads it
    again as it is now (another writer may have closed it meanwhile). ``None`` when the
    fair day does not exist."""
    stmt = select(FairDay).where(FairDay.id == fair_day_id)
    if on_server(session):
        stmt = stmt.with_for_update()
    return session.scalar(stmt.execution_options(populate_existing=True))


def lock_fees(
    session: Session, *, vendor_id: int | None = None, fair_day_ids: Iterable[int] = ()
) -> None:
    """Waits for, then holds until the transaction ends, the fee rows of a vendor (a
    payment) or of fair days (a sheet), read again as they are now. Rows are locked in the
    order of their ids, so that two writers never wait for each other in a circle."""
    stmt = select(Fee)
    if vendor_id is not None:
        stmt = stmt.where(Fee.vendor_id == vendor_id)
    days = sorted(set(fair_day_ids))
    if days:
        stmt = stmt.where(Fee.fair_day_id.in_(days))
    if vendor_id is None and not days:
        return
    if on_server(session):
        stmt = stmt.order_by(Fee.id).with_for_update()
    session.scalars(stmt.execution_options(populate_existing=True)).all()


# the lock of the statistics' summaries (``core.summaries``): shared by the writers that
# recompute some fair days from their rows, taken alone by those that move a vendor's rows
SUMMARIES = "summaries"


def lock_summaries(session: Session, *, alone: bool = False) -> None:
    """Waits for, then holds until the transaction ends, the summaries' lock: shared with
    the other writers of some fair days' summaries, or ``alone`` (a vendor whose sex or
    birth date changed, a rebuild). A day's summary is then never recomputed with a
    vendor's sex or age that another writer is replacing meanwhile, nor a vendor's rows
    moved without the sales another writer is adding."""
    if on_server(session):
        function = "pg_advisory_xact_lock" if alone else "pg_advisory_xact_lock_shared"
        session.execute(text(f"SELECT {function}(:key)"), {"key": key_of(SUMMARIES)})
