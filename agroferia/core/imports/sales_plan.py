"""Checking a sales file and writing its sales, with the fair days they need."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from agroferia.core import catalog, settings
from agroferia.core import validation as v
from agroferia.core.import_columns import SALES_COLUMNS
from agroferia.core.imports import rows as r
from agroferia.core.imports.amounts import AmountConvention
from agroferia.core.imports.compact import MEMO_LIMIT, Checked, Memo, SaleRows
from agroferia.core.imports.lookups import Categories, Fairs
from agroferia.core.imports.report import ImportPlan, ImportReport, nothing
from agroferia.core.imports.sales_write import SalesWrite
from agroferia.core.models import FairDay, Membership, Sale, Vendor, VendorStatus
from agroferia.core.money import format_money
from agroferia.core.products.names import Names
from agroferia.core.ubigeo import fold
from agroferia.i18n import lazy, lazy_n

INSERT_BATCH = 10_000


@dataclass(frozen=True)
class _Seller:
    id: int
    name: str
    status: str
    main_category_id: int
    fair_ids: tuple[int, ...]  # the fairs where it is active, else all it belongs to


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
            Vendor.doc_number,
            Vendor.code,
        )
    )
    # the fairs a sale of the vendor may be of, when the file does not say: those where it
    # is active, else any it belongs to
    fairs_of: dict[int, list[int]] = {}
    active_at: dict[int, list[int]] = {}
    for vid, fair_id, state in session.execute(
        select(Membership.vendor_id, Membership.fair_id, Membership.status).order_by(
            Membership.fair_id
        )
    ):
        fairs_of.setdefault(vid, []).append(fair_id)
        if state == VendorStatus.ACTIVE.value:
            active_at.setdefault(vid, []).append(fair_id)
    for vid, given, surnames, status, category, doc, code in rows:
        seller = _Seller(vid, f"{given} {surnames}", status, category,
                         tuple(active_at.get(vid) or fairs_of.get(vid, ())))  # fmt: skip
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
    # the decimal mark, from the amounts seen in the pass that counts the rows
    amounts = AmountConvention(None, None, later=True)
    table, report = r.start(path, "sales", SALES_COLUMNS, watcher=amounts)
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
    # what is kept of each sale: a few bytes in columns (see ``compact``)
    entries = SaleRows()
    day_index: dict[tuple[str, dt.date], int] = {}
    days: list[tuple[str, dt.date]] = []
    day_first: list[int] = []  # the first row of each fair day
    day_count: list[int] = []
    day_cents: list[int] = []
    # each check's outcome by the text it checked: a file repeats a few hundred dates, a
    # handful of rubros, payment methods and fairs, and each vendor's way of being named
    past_date = Checked(partial(_past_date, today=today), "date")
    category_of = Checked(lambda value: catalog.resolve(session, categories.ref(value)).id,
                          "category")  # fmt: skip
    payment_method = Checked(v.payment_method, "payment_method")
    cents = Checked(amounts.cents, "amount")
    blank = Memo(v.blank)
    fair_named = Checked(lambda value: known_fairs.key(value) or default_fair(), "fair")
    seller_of = _SellerOf(by_doc, by_code, col)
    # the products named, when the file has the column: the catalogue read once
    names = Names(session) if "product" in table.columns else None
    product_of = Checked(_ProductOf(names), "product") if names is not None else None
    product_rubro: dict[int, tuple] = {}  # a named product's rubro, checked as a file's
    fair_of: dict[int | None, str | None] = {}  # a vendor's fair's key, by its id

    for number, data in r.rows(table, report, SALES_COLUMNS):
        errors_before = report.error_count
        seller, problems = seller_of(data.get("code"), data.get("doc_number"))
        for column, message in problems:
            report.error(number, column, message)
        day, problem = past_date(data.get("date"))
        if problem is not None:
            report.error(number, col("date"), problem[1])
        amount = data.get("amount")
        if amount is r.NOT_AMOUNT:
            report.error(number, col("amount"),
                         lazy("la celda tiene una fecha, una hora o VERDADERO/FALSO, no un monto; "
                              "dé a la columna formato de número"))  # fmt: skip
            amount = None
        elif amount is r.NOT_FINITE:
            report.error(number, col("amount"),
                         lazy("la celda tiene un número demasiado grande para ser un monto"))  # fmt: skip
            amount = None
        elif amounts.conflict:  # the file as a whole is refused: its amounts are not read
            amount = None
        else:
            amount, problem = cents(amount)
            if problem is not None:
                report.error(number, col(problem[0]), problem[1])
        method, problem = payment_method(data.get("payment_method"))
        if problem is not None:
            report.error(number, col(problem[0]), problem[1])
        product_id = None
        if product_of is not None and not blank(product := data.get("product")):
            product_id, problem = product_of(product)
            if problem is not None:
                report.error(number, col("product"), problem[1])
        category_id = seller.main_category_id if seller is not None else None
        if product_id is not None:  # a product's sale is of the product's rubro, unless said
            rubro = names.rubro[product_id]  # type: ignore[union-attr]
            if rubro not in product_rubro:  # checked once per rubro (ids are not memoized)
                product_rubro[rubro] = category_of(rubro)
            category_id, problem = product_rubro[rubro]
            if problem is not None:  # a deactivated rubro takes no new sales
                report.error(number, col("product"), problem[1])
        category = data.get("category")
        if category is not None and not blank(category):
            category_id, problem = category_of(category)
            if problem is not None:
                report.error(number, col(problem[0]), problem[1])
        fair_key, problem = fair_named(data.get("fair"))
        if problem is not None:
            report.error(number, col("fair"), problem[1])
        if fair_key is None and seller is not None and len(seller.fair_ids) > 1:
            report.error(number, col("fair"),
                         lazy("{name} vende en varias ferias ({fairs}): añada la columna Feria o "
                              "indique la feria al importar", name=seller.name,
                              fairs=", ".join(known_fairs.name(known_fairs.key_of(f))
                                              for f in seller.fair_ids)))  # fmt: skip
        elif fair_key is None and seller is not None:
            own = seller.fair_ids[0] if seller.fair_ids else None
            if own not in fair_of:
                fair_of[own] = known_fairs.key_of(own)
            fair_key = fair_of[own] or fallback_fair
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
        entries.add(number, index, seller.id, category_id, method, amount, product_id)
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

    write = SalesWrite(report, known_fairs, days, day_count, day_cents, entries,
                       replace=replace, source=Path(path).name)  # fmt: skip
    return ImportPlan(report, write)


class _ProductOf:
    """The id of the catalogue's product a sale names (case and accents aside, a merged
    one giving the product it was merged into), or ``Invalid`` offering the closest names."""

    def __init__(self, names: Names) -> None:
        self.names = names

    def __call__(self, value: object) -> int:
        name = str(value).strip()
        found = self.names.find(name)
        if found is not None:
            return found[0]
        closest = self.names.closest(name)
        if closest:
            raise v.Invalid(lazy_n(len(closest),
                                   "«{name}» no está en el catálogo de productos; ¿quiso decir "
                                   "{names}?", "«{name}» no está en el catálogo de productos; "
                                   "¿quiso decir alguno de estos: {names}?",
                                   name=name, names=", ".join(closest)))  # fmt: skip
        raise v.Invalid(lazy("«{name}» no está en el catálogo de productos; añádalo primero "
                             "(agroferia products add) o deje la celda vacía", name=name))  # fmt: skip


class _Problems:
    """The problems ``_seller`` reports, kept to be reported again in each row."""

    def __init__(self) -> None:
        self.found: list[tuple[str | None, object]] = []

    def error(self, _row: int | None, column: str | None, message: object) -> None:
        self.found.append((column, message))


class _SellerOf:
    """``_seller`` of a row's code and document number, with its problems, kept by the
    texts the row gives (a file names each vendor the same way over many rows)."""

    def __init__(self, by_doc, by_code, col) -> None:
        self.by_doc, self.by_code, self.col = by_doc, by_code, col
        self.found: dict[tuple[str | None, str | None], tuple] = {}

    def __call__(self, code: object, doc: object) -> tuple[_Seller | None, tuple]:
        texts = (code is None or type(code) is str) and (doc is None or type(doc) is str)
        hit = self.found.get((code, doc)) if texts else None  # type: ignore[arg-type]
        if hit is None:
            problems = _Problems()
            data = {"code": code, "doc_number": doc}
            seller = _seller(problems, None, data, self.by_doc, self.by_code, self.col)
            hit = (seller, tuple(problems.found))
            if texts and len(self.found) < MEMO_LIMIT:
                self.found[(code, doc)] = hit  # type: ignore[index]
        return hit


def _seller(report: ImportReport | _Problems, number, data, by_doc, by_code, col) -> _Seller | None:
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
