"""Writing the sales of a checked sales file (``sales_plan``), with the fair days they need,
their attendance and their audit entries, in the caller's transaction: plain statements of
many rows each, through the session's connection."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, delete, func, select
from sqlalchemy.orm import Session

from agroferia.core import audit, fairs, summaries
from agroferia.core.imports.compact import SaleRows
from agroferia.core.imports.lookups import Fairs
from agroferia.core.imports.report import ImportReport
from agroferia.core.models import Attendance, Sale, utcnow
from agroferia.core.money import format_money
from agroferia.core.plain_text import stored

INSERT_BATCH = 10_000
SALE_COLUMNS = ("id", "fair_day_id", "vendor_id", "category_id", "amount_cents",
                "payment_method", "entered_by", "entered_at")  # fmt: skip
INSERT_SALE = (
    f"INSERT INTO sale ({', '.join(SALE_COLUMNS)}) VALUES ({', '.join('?' * len(SALE_COLUMNS))})"
)

_vendor_of = itemgetter(2)  # of a row of INSERT_SALE
INSERT_PRESENT = "INSERT OR IGNORE INTO attendance (fair_day_id, vendor_id) VALUES (?, ?)"
IMPORT_CACHE_KIB = 32_768  # SQLite's page cache while an import writes: 32 MiB at most


@dataclass
class SalesWrite:
    """What a checked sales file writes: ``entries`` (see ``compact.SaleRows``) on
    ``days`` (fair key, date: an entry's day is an index into it), with each day's count
    and total; ``replace`` removes the sales those days already hold first."""

    report: ImportReport
    fairs: Fairs
    days: list[tuple[str, dt.date]]
    day_count: list[int]
    day_cents: list[int]
    entries: SaleRows
    replace: bool
    source: str  # the file's name

    def __call__(self, session: Session, actor: str) -> None:
        connection = session.connection()
        with _larger_cache(connection):
            # every fair day the import writes, in the order of ``days``: those it creates,
            # those that existed, those whose sales ``replace`` removed
            fair_day_ids = self._fair_days(session, actor)
            present_before = session.scalar(select(func.max(Attendance.id))) or 0
            self._sales(session, actor, fair_day_ids)
            _record_attendance(session, actor, present_before, self.source)
            summaries.refresh_days(session, fair_day_ids)  # the statistics' summaries
            for day_id, count, cents in zip(
                fair_day_ids, self.day_count, self.day_cents, strict=True
            ):
                audit.record(
                    session, actor, "import", "fair_day", day_id,
                    after={"sales": count, "total": format_money(cents, cents=True)},
                    reason=self.source,
                )  # fmt: skip
            session.flush()
        session.expire_all()
        self.report.written = True

    def _fair_days(self, session: Session, actor: str) -> list[int]:
        """The fair days' ids, creating the days (and fairs) missing; with ``replace``, the
        sales they hold are removed."""
        fair_ids = self.fairs.ids(actor)
        day_ids: list[int] = []
        for fair_key, day in self.days:
            fair_day, _created = fairs.ensure_fair_day(session, actor, fair_ids[fair_key], day)
            fairs.require_open(fair_day)
            day_ids.append(fair_day.id)
            if self.replace:
                _remove_sales(session, actor, fair_day.id, self.source)
        return day_ids

    def _sales(self, session: Session, actor: str, fair_day_ids: list[int]) -> None:
        """The sales, batch by batch, each batch's attendance first; then an audit entry
        for each (``RECORD_SALES``)."""
        connection = session.connection()
        now = utcnow()
        entered_at = audit.stored_time(session, now)
        entry = {
            "at": entered_at, "actor": actor, "user_id": audit.account_id(session, actor),
            "reason": stored(self.source),
            "tail": ", ".join(
                f"{json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}"
                for key, value in (("entered_by", actor), ("entered_at", now.isoformat()))
            ),
        }  # fmt: skip
        next_id = first_id = (session.scalar(select(func.max(Sale.id))) or 0) + 1
        for batch in self.entries.batches(INSERT_BATCH):
            rows = []
            for _number, day, vendor_id, category_id, method, cents in batch:
                rows.append((next_id, fair_day_ids[day], vendor_id, category_id, cents, method,
                             actor, entered_at))  # fmt: skip
                next_id += 1
            # the batch's attendance first, as one set, ordered as its indexes are: the
            # database's trigger then finds each sale's attendance present
            present = sorted({(row[2], row[1]) for row in rows})
            connection.exec_driver_sql(INSERT_PRESENT, [(d, v) for v, d in present])
            # the sales vendor by vendor (their ids stay in the file's order): the index
            # of sales by vendor is gone through once a batch, not once a fair day
            rows.sort(key=_vendor_of)
            connection.exec_driver_sql(INSERT_SALE, rows)
        # then their entries, once every sale is written (between the batches of sales,
        # they slow the writing of the next), in the order of their ids
        numbers = self.entries.numbers  # their rows in the file
        for start in range(0, len(numbers), INSERT_BATCH):
            part = numbers[start : start + INSERT_BATCH]
            connection.exec_driver_sql(RECORD_SALES, {**entry, "first": first_id + start,
                                                      "rows": f"[{','.join(map(str, part))}]"})  # fmt: skip


# An entry for each sale of a batch, as ``audit.record`` writes one for a sale entered by
# hand (``audit.snapshot``: the same keys, order and JSON; a payment method is one of a few
# plain words), in the order of their ids; ``:rows`` is the JSON list of their rows in the
# file, the first sale's id is ``:first``, ``:tail`` what follows the payment method.
RECORD_SALES = (
    "INSERT INTO audit_log (at, actor, user_id, action, entity, entity_id, before, after, "
    "reason) SELECT :at, :actor, :user_id, 'import', 'sale', sale.id, NULL, "
    "'{\"id\": ' || sale.id || ', \"fair_day_id\": ' || sale.fair_day_id || "
    "', \"vendor_id\": ' || sale.vendor_id || "
    "', \"category_id\": ' || coalesce(sale.category_id, 'null') || "
    "', \"amount_cents\": ' || sale.amount_cents || "
    "', \"payment_method\": \"' || sale.payment_method || '\", ' || :tail || '}', "
    ":reason || ', fila ' || file_row.value "
    "FROM json_each(:rows) AS file_row JOIN sale ON sale.id = :first + file_row.key "
    "ORDER BY sale.id"
)


@contextmanager
def _larger_cache(connection: Connection) -> Iterator[None]:
    """SQLite's page cache raised to ``IMPORT_CACHE_KIB`` while an import writes, then set
    back: the indexes of ``sale``, ``attendance`` and ``audit_log`` that the batches touch
    stay in memory instead of being read again for every batch.  A fixed bound, whatever
    the number of rows."""
    if connection.dialect.name != "sqlite":
        yield
        return
    before = connection.exec_driver_sql("PRAGMA cache_size").scalar()
    if before is None or (before < 0 and -before >= IMPORT_CACHE_KIB):
        yield
        return
    connection.exec_driver_sql(f"PRAGMA cache_size=-{IMPORT_CACHE_KIB}")
    try:
        yield
    finally:
        connection.exec_driver_sql(f"PRAGMA cache_size={int(before)}")


def _snapshot(row: dict[str, Any]) -> dict[str, Any]:
    """A sale read from the database, as ``audit.snapshot`` records it."""
    return {
        key: row[key].isoformat() if isinstance(row[key], dt.date) else row[key]
        for key in SALE_COLUMNS
    }


# an entry for each attendance added since the last id was the parameter ``before``, as
# ``audit.record`` writes one (the same JSON), in the order of their ids
RECORD_ATTENDANCE = (
    "INSERT INTO audit_log (at, actor, user_id, action, entity, entity_id, before, after, "
    "reason) SELECT :at, :actor, :user_id, 'present', 'attendance', NULL, NULL, "
    "'{\"fair_day_id\": ' || fair_day_id || ', \"vendor_id\": ' || vendor_id || '}', :reason "
    "FROM attendance WHERE id > :before ORDER BY id"
)


def _record_attendance(session: Session, actor: str, before: int, source: str) -> None:
    """An entry for each attendance the import added with its sales (written before each
    batch of sales; migration 0003's trigger would add any missing): the rows of
    ``attendance`` added since its last id was ``before``, in one statement."""
    session.connection().exec_driver_sql(RECORD_ATTENDANCE, {
        "at": audit.stored_time(session, utcnow()), "actor": actor,
        "user_id": audit.account_id(session, actor), "reason": stored(source), "before": before,
    })  # fmt: skip


def _remove_sales(session: Session, actor: str, fair_day_id: int, source: str) -> None:
    """Removes a fair day's sales, each with its audit entry, and the day's summary."""
    count, cents = session.execute(
        select(func.count(), func.coalesce(func.sum(Sale.amount_cents), 0)).where(
            Sale.fair_day_id == fair_day_id
        )
    ).one()
    if not count:
        return
    removed = session.connection().execute(
        select(Sale.__table__).where(Sale.fair_day_id == fair_day_id).order_by(Sale.id)
    )
    reason = stored(source)
    audit.record_many(session, actor, (
        ("delete", "sale", row["id"], audit.dumps(_snapshot(dict(row))), None, reason)
        for row in removed.mappings()
    ))  # fmt: skip
    session.execute(delete(Sale).where(Sale.fair_day_id == fair_day_id))
    audit.record(
        session, actor, "replace", "fair_day", fair_day_id,
        before={"sales": count, "total": format_money(int(cents), cents=True)},
        reason=source,
    )  # fmt: skip
