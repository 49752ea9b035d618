"""Checking a sales file and writing its sales, with the fair days they need."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from operator import itemgetter
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, delete, func, select
from sqlalchemy.orm import Session

from agroferia.core import audit, catalog, fairs, sales, settings, summaries
from agroferia.core import validation as v
from agroferia.core.import_columns import SALES_COLUMNS
from agroferia.core.imports import rows as r
from agroferia.core.imports.amounts import AmountConvention
from agroferia.core.imports.compact import Memo, SaleRows
from agroferia.core.imports.lookups import Categories, Fairs
from agroferia.core.imports.report import ImportPlan, ImportReport, nothing
from agroferia.core.models import Attendance, FairDay, Sale, Vendor, VendorStatus, utcnow
from agroferia.core.money import format_money
from agroferia.core.plain_text import stored
from agroferia.core.ubigeo import fold
from agroferia.i18n import lazy

INSERT_BATCH = 10_000


@dataclass(frozen=True)
class _Seller:
    id: int
    name: str
    status: str
    main_category_id: int
    fair_id: int | None


def _sellers(session: Session) -> tuple[dict[str, list[_Seller]], dict[str, _Seller]]:
    by_doc: dict[str, list[_Seller]] = {}
    by_code: dict[str, _Seller] = {}
    rows = session.execute(
        select(
            Vendor.id,
            Vendor.given_names,
            Vendor.surnames,
            Vendor.status,
            Vendor.main_category_id,
            Vendor.fair_id,
            Vendor.doc_number,
            Vendor.code,
        )
    )
    for vid, given, surnames, status, category, fair_id, doc, code in rows:
        seller = _Seller(vid, f"{given} {surnames}", status, category, fair_id)
        if doc:
            by_doc.setdefault(doc, []).append(seller)
        by_code[code.upper()] = seller
    return by_doc, by_code


def prepare_sales(
    session: Session,
    path: Path | str,
    *,
    fair: str | None = None,
    replace: bool = False,
    today: dt.date | None = None,
) -> ImportPlan:
    table, report = r.start(path, "sales", SALES_COLUMNS)
    if "doc_number" not in table.columns and "code" not in table.columns:
        report.error(
            None,
            None,
            lazy("Falta la columna «{doc}» (o «{code}») que dice de qué expositor es cada venta.",
                 doc=str(SALES_COLUMNS[0].header), code=str(SALES_COLUMNS[1].header)),
        )  # fmt: skip
    if not report.ok:
        return ImportPlan(report, nothing)
    today = today or dt.date.today()
    known_fairs = Fairs(session, report)
    default_fair = known_fairs.default(fair)
    by_doc, by_code = _sellers(session)
    categories = Categories(session)
    setting = settings.get(session, "default_fair_id")
    only = list(known_fairs.known.values())
    fallback_fair = known_fairs.key_of(int(setting)) if setting and setting.isdigit() else None
    if fallback_fair is None and len(only) == 1:
        fallback_fair = fold(only[0].name)
    col = lambda name: r.column(table, name, SALES_COLUMNS)  # noqa: E731
    amounts = AmountConvention(table, report, later=True)  # seen in the rows' first pass
    # what is kept of each sale: a few bytes in columns (see ``compact``)
    entries = SaleRows()
    day_index: dict[tuple[str, dt.date], int] = {}
    days: list[tuple[str, dt.date]] = []
    day_first: list[int] = []  # the first row of each fair day
    day_count: list[int] = []
    day_cents: list[int] = []
    past_date = Memo(partial(_past_date, today=today))
    category_of = Memo(lambda value: catalog.resolve(session, categories.ref(value)).id)
    payment_method = Memo(v.payment_method)
    blank = Memo(v.blank)
    cents = Memo(amounts.cents)
    fair_of: dict[int | None, str | None] = {}  # a vendor's fair's key, by its id

    for number, data in r.rows(table, report, SALES_COLUMNS, watcher=amounts):
        errors_before = report.error_count
        seller = _seller(report, number, data, by_doc, by_code, col)
        try:
            day = past_date(data.get("date"))
        except v.Invalid as exc:
            report.error(number, col("date"), exc.message)
            day = None
        checker = v.Checker()
        if data.get("amount") is r.NOT_AMOUNT:
            checker.add("amount", sales.AMOUNT,
                        lazy("la celda tiene una fecha, una hora o VERDADERO/FALSO, no un monto; "
                             "dé a la columna formato de número"))  # fmt: skip
            amount = None
        elif data.get("amount") is r.NOT_FINITE:
            checker.add("amount", sales.AMOUNT,
                        lazy("la celda tiene un número demasiado grande para ser un monto"))  # fmt: skip
            amount = None
        elif amounts.conflict:  # the file as a whole is refused: its amounts are not read
            amount = None
        else:
            amount = checker.check("amount", sales.AMOUNT, cents, data.get("amount"))
        method = checker.check(
            "payment_method", sales.PAYMENT, payment_method, data.get("payment_method")
        )
        category_id = seller.main_category_id if seller is not None else None
        if not blank(data.get("category")):
            category_id = checker.check("category", sales.CATEGORY, category_of, data["category"])
        for err in checker.errors:
            report.error(number, col(err.field), err.message)
        try:
            fair_key = known_fairs.key(data.get("fair")) or default_fair()
        except v.Invalid as exc:
            report.error(number, col("fair"), exc.message)
            fair_key = None
        if fair_key is None and seller is not None:
            if seller.fair_id not in fair_of:
                fair_of[seller.fair_id] = known_fairs.key_of(seller.fair_id)
            fair_key = fair_of[seller.fair_id] or fallback_fair
            if fair_key is None:
                report.error(number, col("fair"),
                             lazy("no se sabe de qué feria es: añada la columna Feria o indique "
                                  "la feria al importar"))  # fmt: skip
        if (
            report.error_count > errors_before
            or seller is None
            or day is None
            or not fair_key
            or amount is None
        ):
            continue
        index = day_index.get((fair_key, day))
        if index is None:
            index = day_index[(fair_key, day)] = len(days)
            days.append((fair_key, day))
            day_first.append(number)
            day_count.append(0)
            day_cents.append(0)
        day_count[index] += 1
        day_cents[index] += amount
        entries.add(number, index, seller.id, category_id, method, amount)
    del day_index

    # the fair days: existing ones must be open, and without sales unless replacing
    existing = _existing_days(session, {(known_fairs.known[k].id, d) for k, d in days
                                        if k in known_fairs.known})  # fmt: skip
    for (fair_key, day), first_row in zip(days, day_first, strict=True):
        label = _day_label(known_fairs.name(fair_key), day)
        found_day = existing.get((known_fairs.known[fair_key].id, day)) if (
            fair_key in known_fairs.known) else None  # fmt: skip
        if found_day is None:
            report.fair_days_created.append(label)
            continue
        closed, count, cents = found_day
        if closed:
            report.error(first_row, col("date"),
                         lazy("la jornada {day} está cerrada; reábrala antes de importar",
                              day=label))  # fmt: skip
        elif count and not replace:
            report.error(first_row, col("date"),
                         lazy("la jornada {day} ya tiene ventas registradas ({n}, {total}); para no contarlas "
                              "dos veces no se importa. Use --replace para reemplazarlas",
                              day=label, n=count, total=format_money(cents, cents=True)))  # fmt: skip
        elif count:
            report.fair_days_replaced.append(
                f"{label} ({count}, {format_money(cents, cents=True)})"
            )
    report.created = len(entries)
    report.total_cents = sum(day_cents)
    source = Path(path).name

    def write(session: Session, actor: str) -> None:
        fair_ids = known_fairs.ids(actor)
        day_ids: list[int] = []
        for fair_key, day in days:
            fair_day, _created = fairs.ensure_fair_day(session, actor, fair_ids[fair_key], day)
            fairs.require_open(fair_day)
            day_ids.append(fair_day.id)
            if replace:
                _remove_sales(session, actor, fair_day.id, source)
        now = utcnow()
        present_before = session.scalar(select(func.max(Attendance.id))) or 0
        next_id = (session.scalar(select(func.max(Sale.id))) or 0) + 1
        connection = session.connection()
        snapshot = _Snapshots(session, actor, now)
        reason = stored(source)
        with _larger_cache(connection):
            for batch in entries.batches(INSERT_BATCH):
                rows, trail = [], []
                for number, day, vendor_id, category_id, method, cents in batch:
                    row = (next_id, day_ids[day], vendor_id, category_id, cents, method, actor,
                           snapshot.at)  # fmt: skip
                    rows.append(row)
                    trail.append(("import", "sale", next_id, None, snapshot(row),
                                  f"{reason}, fila {number}"))  # fmt: skip
                    next_id += 1
                # the batch's attendance first, as one set, ordered as its indexes are: the
                # database's trigger then finds each sale's attendance present
                present = sorted({(row[2], row[1]) for row in rows})
                connection.exec_driver_sql(INSERT_PRESENT, [(d, v) for v, d in present])
                # the sales vendor by vendor (their ids stay in the file's order): the index
                # of sales by vendor is gone through once a batch, not once a fair day
                rows.sort(key=_vendor_of)
                connection.exec_driver_sql(INSERT_SALE, rows)
                audit.record_many(session, actor, trail)
        _record_attendance(session, actor, present_before, source)
        summaries.refresh_days(session, day_ids)
        for day_id, count, cents in zip(day_ids, day_count, day_cents, strict=True):
            audit.record(
                session, actor, "import", "fair_day", day_id,
                after={"sales": count, "total": format_money(cents, cents=True)},
                reason=source,
            )  # fmt: skip
        session.expire_all()
        report.written = True

    return ImportPlan(report, write)


def _seller(report: ImportReport, number, data, by_doc, by_code, col) -> _Seller | None:
    """The vendor a sales row names, by code or document number; errors are reported."""
    seller = None
    if not v.blank(data.get("code")):
        seller = by_code.get(str(data["code"]).strip().upper())
        if seller is None:
            report.error(number, col("code"),
                         lazy("no hay un expositor con el código {code}", code=data["code"]))  # fmt: skip
    elif not v.blank(data.get("doc_number")):
        found = by_doc.get(v.document_key(data["doc_number"]), [])
        if len(found) == 1:
            seller = found[0]
        elif not found:
            report.error(number, col("doc_number"),
                         lazy("no hay un expositor registrado con el documento {doc}",
                              doc=data["doc_number"]))  # fmt: skip
        else:
            report.error(number, col("doc_number"),
                         lazy("hay varios expositores con el documento {doc}; use la columna "
                              "Código", doc=data["doc_number"]))  # fmt: skip
    else:
        report.error(number, col("doc_number"), lazy("es obligatorio"))
    if seller is not None and seller.status == VendorStatus.WITHDRAWN:
        report.error(number, col("doc_number"),
                     lazy("{name} está retirado de la feria; reactívelo antes de registrarle "
                          "ventas", name=seller.name))  # fmt: skip
    return seller


def _past_date(value: object, today: dt.date) -> dt.date:
    day = v.past_date(value, today)
    if day is None:
        raise v.Invalid(lazy("es obligatorio"))
    return day


def _day_label(fair: object, day: dt.date) -> str:
    return f"{fair} {day.strftime('%d/%m/%Y')}"


def _existing_days(
    session: Session, wanted: set[tuple[int, dt.date]]
) -> dict[tuple[int, dt.date], tuple[bool, int, int]]:
    """The fair days of the file that exist: closed, sales entries, sales total."""
    if not wanted:
        return {}
    fair_ids = {f for f, _ in wanted}
    dates = {d for _, d in wanted}
    stmt = (
        select(
            FairDay.fair_id,
            FairDay.date,
            FairDay.closed_at.is_not(None),
            func.count(Sale.id),
            func.coalesce(func.sum(Sale.amount_cents), 0),
        )
        .outerjoin(Sale, Sale.fair_day_id == FairDay.id)
        .where(FairDay.fair_id.in_(fair_ids), FairDay.date.between(min(dates), max(dates)))
        .group_by(FairDay.id)
    )
    return {
        (fid, day): (bool(closed), int(count), int(cents))
        for fid, day, closed, count, cents in session.execute(stmt)
    }


SALE_COLUMNS = ("id", "fair_day_id", "vendor_id", "category_id", "amount_cents",
                "payment_method", "entered_by", "entered_at")  # fmt: skip
INSERT_SALE = (
    f"INSERT INTO sale ({', '.join(SALE_COLUMNS)}) VALUES ({', '.join('?' * len(SALE_COLUMNS))})"
)

_vendor_of = itemgetter(2)  # of a row of INSERT_SALE
INSERT_PRESENT = "INSERT OR IGNORE INTO attendance (fair_day_id, vendor_id) VALUES (?, ?)"
IMPORT_CACHE_KIB = 32_768  # SQLite's page cache while an import writes: 32 MiB at most


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


class _Snapshots:
    """A sale's values as ``audit.snapshot`` records them for a sale entered by hand (the
    same keys, order and JSON), so that the Registro de cambios and a cell's history read an
    imported sale the same way; written without a ``json.dumps`` per sale."""

    def __init__(self, session: Session, actor: str, now: dt.datetime) -> None:
        self.at = audit.stored_time(session, now)
        self.tail = ", ".join(
            f"{json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}"
            for key, value in (("entered_by", actor), ("entered_at", now.isoformat()))
        )
        self.methods: dict[str, str] = {}

    def __call__(self, row: tuple) -> str:
        sale_id, day_id, vendor_id, category_id, cents, method = row[:6]
        if method not in self.methods:
            self.methods[method] = json.dumps(method, ensure_ascii=False)
        category = "null" if category_id is None else int(category_id)
        return (
            f'{{"id": {sale_id}, "fair_day_id": {day_id}, "vendor_id": {vendor_id}, '
            f'"category_id": {category}, "amount_cents": {cents}, '
            f'"payment_method": {self.methods[method]}, {self.tail}}}'
        )


def _snapshot(row: dict[str, Any]) -> dict[str, Any]:
    """A sale read from the database, as ``audit.snapshot`` records it."""
    return {
        key: row[key].isoformat() if isinstance(row[key], dt.date) else row[key]
        for key in SALE_COLUMNS
    }


def _record_attendance(session: Session, actor: str, before: int, source: str) -> None:
    """An entry for each attendance the import added with its sales (written before each
    batch of sales; migration 0003's trigger would add any missing): the rows of
    ``attendance`` added since its last id was ``before``."""
    added = session.execute(
        select(Attendance.fair_day_id, Attendance.vendor_id)
        .where(Attendance.id > before)
        .order_by(Attendance.id)
    )
    reason = stored(source)
    audit.record_many(session, actor, (
        ("present", "attendance", None, None,
         f'{{"fair_day_id": {day_id}, "vendor_id": {vendor_id}}}', reason)
        for day_id, vendor_id in added
    ))  # fmt: skip


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
