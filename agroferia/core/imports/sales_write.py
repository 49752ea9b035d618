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

from sqlalchemy import Connection, delete, func, select, text
from sqlalchemy.orm import Session

from agroferia.core import audit, fairs, network, summaries
from agroferia.core.imports.compact import SaleRows
from agroferia.core.imports.lookups import Fairs
from agroferia.core.imports.report import ImportReport
from agroferia.core.models import Attendance, FairDay, Sale, utcnow
from agroferia.core.money import format_money
from agroferia.core.plain_text import stored
from agroferia.i18n import lazy

INSERT_BATCH = 10_000
SALE_COLUMNS = ("id", "fair_day_id", "vendor_id", "category_id", "amount_cents",
                "payment_method", "product_id", "entered_by", "entered_at")  # fmt: skip
INSERT_SALE = (
    f"INSERT INTO sale ({', '.join(SALE_COLUMNS)}) VALUES ({', '.join('?' * len(SALE_COLUMNS))})"
)

_vendor_of = itemgetter(2)  # of a row of INSERT_SALE
INSERT_PRESENT = "INSERT OR IGNORE INTO attendance (fair_day_id, vendor_id) VALUES (?, ?)"
# the same statements on a PostgreSQL server (psycopg's placeholders)
INSERT_SALE_PG = INSERT_SALE.replace("?", "%s")
INSERT_PRESENT_PG = (
    "INSERT INTO attendance (fair_day_id, vendor_id) VALUES (%s, %s) ON CONFLICT DO NOTHING"
)
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
            _record_attendance(session, actor, present_before, self.source, fair_day_ids)
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
        sales they hold are removed.

        Each day is locked, then checked again as it is now: another writer may have
        imported into it, or closed it, since the file was checked (``_check_again``)."""
        fair_ids = self.fairs.ids(actor)
        found: dict[tuple[str, dt.date], FairDay] = {}
        # in one order whatever the file's, so that two imports never wait for each other
        for fair_key, day in sorted(self.days, key=lambda d: (fair_ids[d[0]], d[1])):
            fair_day, _created = fairs.ensure_fair_day(session, actor, fair_ids[fair_key], day)
            found[(fair_key, day)] = fairs.locked_day(session, fair_day.id)
        day_ids: list[int] = []
        replaced: list[str] = []  # as they are now, not as when the file was checked
        for key in self.days:
            fair_day = found[key]
            fairs.require_open(fair_day)
            if self.replace:
                count, cents = _remove_sales(session, actor, fair_day.id, self.source)
                if count:
                    replaced.append(f"{self.fairs.name(key[0])} {key[1]:%d/%m/%Y} "
                                    f"({count}, {format_money(cents, cents=True)})")  # fmt: skip
            else:
                _check_again(session, fair_day, self.fairs.name(key[0]))
            day_ids.append(fair_day.id)
        if self.replace:
            self.report.fair_days_replaced = replaced
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
        server = network.on_server(session)
        # the sales' ids: on SQLite, which writes alone, those after the last; on a server,
        # where others may be adding sales meanwhile, taken from its sequence
        ids = _sale_ids(session, len(self.entries)) if server else None
        next_id = first_id = (session.scalar(select(func.max(Sale.id))) or 0) + 1
        for batch in self.entries.batches(INSERT_BATCH):
            rows = []
            for _number, day, vendor_id, category_id, method, cents, product_id in batch:
                sale_id = ids[next_id - first_id] if ids is not None else next_id
                rows.append((sale_id, fair_day_ids[day], vendor_id, category_id, cents, method,
                             product_id, actor, entered_at))  # fmt: skip
                next_id += 1
            # the batch's attendance first, as one set, ordered as its indexes are: the
            # database's trigger then finds each sale's attendance present
            present = sorted({(row[2], row[1]) for row in rows})
            connection.exec_driver_sql(INSERT_PRESENT_PG if server else INSERT_PRESENT,
                                       [(d, v) for v, d in present])  # fmt: skip
            # the sales vendor by vendor (their ids stay in the file's order): the index
            # of sales by vendor is gone through once a batch, not once a fair day
            rows.sort(key=_vendor_of)
            connection.exec_driver_sql(INSERT_SALE_PG if server else INSERT_SALE, rows)
        # then their entries, once every sale is written (between the batches of sales,
        # they slow the writing of the next), in the order of their ids
        numbers = self.entries.numbers  # their rows in the file
        for start in range(0, len(numbers), INSERT_BATCH):
            part = numbers[start : start + INSERT_BATCH]
            if ids is not None:
                connection.exec_driver_sql(RECORD_SALES_PG, {
                    **entry, "ids": ids[start : start + INSERT_BATCH], "rows": list(part),
                })  # fmt: skip
                continue
            connection.exec_driver_sql(RECORD_SALES, {**entry, "first": first_id + start,
                                                      "rows": f"[{','.join(map(str, part))}]"})  # fmt: skip


# An entry for each sale of a batch, as ``audit.record`` writes one for a sale entered by
# hand (``audit.snapshot``: the same keys, order and JSON; a payment method is one of a few
# plain words), in the order of their ids; ``:rows`` is the JSON list of their rows in the
# file, the first sale's id is ``:first``, ``:tail`` what follows the product.
RECORD_SALES = (
    "INSERT INTO audit_log (at, actor, user_id, action, entity, entity_id, before, after, "
    "reason) SELECT :at, :actor, :user_id, 'import', 'sale', sale.id, NULL, "
    "'{\"id\": ' || sale.id || ', \"fair_day_id\": ' || sale.fair_day_id || "
    "', \"vendor_id\": ' || sale.vendor_id || "
    "', \"category_id\": ' || coalesce(sale.category_id, 'null') || "
    "', \"amount_cents\": ' || sale.amount_cents || "
    '\', "payment_method": "\' || sale.payment_method || '
    "'\", \"product_id\": ' || coalesce(sale.product_id, 'null') || ', ' || :tail || '}', "
    ":reason || ', fila ' || file_row.value "
    "FROM json_each(:rows) AS file_row JOIN sale ON sale.id = :first + file_row.key "
    "ORDER BY sale.id"
)

# the same on a PostgreSQL server, where the sales' ids are given (``:ids``, in the order
# of ``:rows``) rather than following each other
RECORD_SALES_PG = (
    "INSERT INTO audit_log (at, actor, user_id, action, entity, entity_id, before, after, "
    "reason) SELECT %(at)s, %(actor)s, %(user_id)s, 'import', 'sale', sale.id, NULL, "
    "'{\"id\": ' || sale.id || ', \"fair_day_id\": ' || sale.fair_day_id || "
    "', \"vendor_id\": ' || sale.vendor_id || "
    "', \"category_id\": ' || coalesce(sale.category_id::text, 'null') || "
    "', \"amount_cents\": ' || sale.amount_cents || "
    '\', "payment_method": "\' || sale.payment_method || '
    "'\", \"product_id\": ' || coalesce(sale.product_id::text, 'null') || ', ' || %(tail)s "
    "|| '}', "
    "%(reason)s || ', fila ' || file_row.number "
    "FROM unnest(%(ids)s::integer[], %(rows)s::integer[]) AS file_row(id, number) "
    "JOIN sale ON sale.id = file_row.id ORDER BY sale.id"
)


def _sale_ids(session: Session, count: int) -> list[int]:
    """``count`` new ids of sales from the server's sequence, in increasing order (another
    writer may take some in between: they need not follow each other)."""
    if not count:
        return []
    return list(session.scalars(text(
        "SELECT nextval(pg_get_serial_sequence('sale', 'id')) FROM generate_series(1, :n)"
    ), {"n": count}))  # fmt: skip


def _check_again(session: Session, fair_day: FairDay, fair: str) -> None:
    """Refuses the import when the (locked) fair day has sales now: another writer imported
    or saved some after the file was checked, and importing would count them twice."""
    if session.scalar(select(func.count()).where(Sale.fair_day_id == fair_day.id)):
        raise network.WriteConflictError(
            lazy(
                "Otra persona acaba de guardar ventas en la jornada {day}; para no contarlas "
                "dos veces no se importó nada. Vuelva a cargar la jornada y revise.",
                day=f"{fair} {fair_day.date:%d/%m/%Y}",
            )
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


# the same on a PostgreSQL server, of the import's (locked) fair days only: others may be
# recording the attendance of other days meanwhile
RECORD_ATTENDANCE_PG = (
    RECORD_ATTENDANCE.replace(":at", "%(at)s").replace(":actor", "%(actor)s")
    .replace(":user_id", "%(user_id)s").replace(":reason", "%(reason)s")
    .replace("WHERE id > :before", "WHERE id > %(before)s AND fair_day_id = ANY(%(days)s)")
)  # fmt: skip


def _record_attendance(
    session: Session, actor: str, before: int, source: str, fair_day_ids: list[int]
) -> None:
    """An entry for each attendance the import added with its sales (written before each
    batch of sales; migration 0003's trigger would add any missing): the rows of
    ``attendance`` added since its last id was ``before``, in one statement."""
    server = network.on_server(session)
    session.connection().exec_driver_sql(RECORD_ATTENDANCE_PG if server else RECORD_ATTENDANCE, {
        "at": audit.stored_time(session, utcnow()), "actor": actor,
        "user_id": audit.account_id(session, actor), "reason": stored(source), "before": before,
        "days": sorted(set(fair_day_ids)),
    })  # fmt: skip


def _remove_sales(session: Session, actor: str, fair_day_id: int, source: str) -> tuple[int, int]:
    """Removes a fair day's sales, each with its audit entry, and the day's summary: how
    many there were, and their total."""
    count, cents = session.execute(
        select(func.count(), func.coalesce(func.sum(Sale.amount_cents), 0)).where(
            Sale.fair_day_id == fair_day_id
        )
    ).one()
    if not count:
        return 0, 0
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
    return int(count), int(cents)
