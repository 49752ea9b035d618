"""``sales_summary``: the one query that adds sales up by fair day, sex, age group on the
day, rubro and payment method, and the statements that write its result: for a few fair
days, for one vendor's sales, or for all of them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import Integer, Select, String, delete, func, literal, select
from sqlalchemy.orm import Session

from agroferia.core import settings
from agroferia.core.age import as_ymd
from agroferia.core.models import FairDay, Sale, SalesSummary
from agroferia.core.network.locks import lock_summaries
from agroferia.core.summaries.dated import age_group, dated_tables

TABLE = SalesSummary.__table__
KEY = ("fair_day_id", "sex", "age_group", "category_id", "payment_method")
COLUMNS = (*KEY, "sales", "amount_cents")
CHUNK = 500  # ids per IN list


def _grouped(session: Session, where, *, days_where=None, people=None, sign: int = 1) -> Select:
    """The summary's rows for the sales of ``where`` (``sign`` -1: to take them away);
    ``people`` stands in for the vendors' table (a vendor as they were before a change)."""
    low, high = settings.youth_range(session)
    days, everyone = dated_tables(days_where)
    people = everyone if people is None else people
    group = age_group(days, people, low, high)
    return (
        select(
            Sale.fair_day_id,
            people.c.sex,
            group.label("age_group"),
            Sale.category_id,
            Sale.payment_method,
            (func.count() * sign).label("sales"),
            (func.sum(Sale.amount_cents) * sign).label("amount_cents"),
        )
        .select_from(Sale)
        .join(days, days.c.id == Sale.fair_day_id)
        .join(people, people.c.id == Sale.vendor_id)
        .where(where)
        .group_by(Sale.fair_day_id, people.c.sex, group, Sale.category_id, Sale.payment_method)
    )


def chunks(ids: Iterable[int]) -> Iterable[list[int]]:
    ordered = sorted({i for i in ids if i is not None})
    for start in range(0, len(ordered), CHUNK):
        yield ordered[start : start + CHUNK]


def refresh_days(session: Session, fair_day_ids: Iterable[int]) -> None:
    """Recomputes the sales summary of these fair days from their sales."""
    lock_summaries(session)
    for chunk in chunks(fair_day_ids):
        session.execute(delete(TABLE).where(TABLE.c.fair_day_id.in_(chunk)))
        rows = _grouped(session, Sale.fair_day_id.in_(chunk), days_where=FairDay.id.in_(chunk))
        session.execute(TABLE.insert().from_select(COLUMNS, rows))


def rebuild(session: Session) -> None:
    lock_summaries(session, alone=True)
    session.execute(delete(TABLE))
    session.execute(TABLE.insert().from_select(COLUMNS, _grouped(session, Sale.id.is_not(None))))


def shift_vendor(session: Session, vendor_id: int, sex: str, birth_date: dt.date | None) -> None:
    """Moves a vendor's sales from the sex and birth date they had (``sex``,
    ``birth_date``) to those they have now: takes the old rows away and adds the new ones,
    without reading any other vendor's sales."""
    lock_summaries(session, alone=True)  # no one adds this vendor's sales meanwhile
    born = None if birth_date is None else as_ymd(birth_date)
    before = select(
        literal(vendor_id, Integer).label("id"),
        literal(sex, String).label("sex"),
        literal(born, Integer).label("ymd"),  # typed, NULL or not
    ).cte("before")
    mine = Sale.vendor_id == vendor_id
    _add(session, _grouped(session, mine, people=before, sign=-1))
    _add(session, _grouped(session, mine))
    session.execute(delete(TABLE).where(TABLE.c.sales == 0))


def _add(session: Session, rows: Select) -> None:
    """Adds ``rows`` to the summary's rows of the same key (an upsert)."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    statement = insert(TABLE).from_select(COLUMNS, rows)
    statement = statement.on_conflict_do_update(
        index_elements=list(KEY),
        set_={
            "sales": TABLE.c.sales + statement.excluded.sales,
            "amount_cents": TABLE.c.amount_cents + statement.excluded.amount_cents,
        },
    )
    session.execute(statement)


def stored(session: Session) -> set[tuple]:
    return {tuple(r) for r in session.execute(select(*(TABLE.c[c] for c in COLUMNS)))}


def recomputed(session: Session) -> set[tuple]:
    return {tuple(r) for r in session.execute(_grouped(session, Sale.id.is_not(None)))}
