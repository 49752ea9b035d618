"""Importing vendors and sales from spreadsheets: every row is checked first, and only a
file without errors is written, in the caller's one transaction (all or nothing).

Two steps, so that a window can show the check before the user confirms::

    plan = prepare_vendors(session, "expositores.xlsx")   # reads and validates, writes nothing
    if plan.report.ok:
        apply(session, actor, plan)                        # writes everything

``import_vendors`` / ``import_sales`` do both (``dry_run`` stops after the check).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from agroferia.core import audit, catalog, fairs, sales, settings, vendors
from agroferia.core import validation as v
from agroferia.core.errors import ValidationError
from agroferia.core.import_columns import (
    EXAMPLE_MARKS,
    SALES_COLUMNS,
    VENDOR_COLUMNS,
    Column,
    aliases,
)
from agroferia.core.models import Category, Fair, FairDay, Sale, Vendor, VendorStatus, utcnow
from agroferia.core.money import format_money
from agroferia.core.sheets import Table, excel_date, header_key, read_table
from agroferia.core.ubigeo import fold
from agroferia.i18n import Text, _, lazy

INSERT_BATCH = 10_000
# example values no real row shares by chance (a region or "Sí" may well be true)
PERSONAL = {"given_names", "surnames", "doc_number", "birth_date", "association", "phone", "stall"}
_NOT_AMOUNT = object()  # a date, time or TRUE/FALSE cell where an amount should be
DATE_FIELDS = {"birth_date", "sgp_expires_on", "registered_on", "date"}


@dataclass(frozen=True)
class Problem:
    """An error of one row (and column), or of the whole file when ``row`` is None."""

    row: int | None
    column: str | None
    message: Text

    def render(self, lang: str | None = None) -> str:
        text = self.message.render(lang)
        if self.row is None:
            return text
        if self.column:
            where = lazy("fila {row}, columna {column}", row=self.row, column=self.column)
        else:
            where = lazy("fila {row}", row=self.row)
        return f"{where.render(lang)}: {text}"

    def __str__(self) -> str:
        return self.render()


@dataclass
class ImportReport:
    kind: str  # "vendors" or "sales"
    source: str
    rows_read: int = 0
    created: int = 0  # vendors or sales entries (to be) written
    total_cents: int = 0  # sales: the money (to be) written
    fairs_created: list[str] = field(default_factory=list)
    fair_days_created: list[str] = field(default_factory=list)  # "fair: dd/mm/yyyy"
    fair_days_replaced: list[str] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)  # rows left out, with the reason
    errors: list[Problem] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    written: bool = False
    sheet: str | None = None  # the workbook sheet read

    @property
    def ok(self) -> bool:
        return not self.errors

    def error(self, row: int | None, column: str | None, message: Text) -> None:
        self.errors.append(Problem(row, column, message))

    def lines(self) -> list[str]:
        """The summary a person reads at the end, in the current language."""
        name = Path(self.source).name
        lines = [_("Archivo: {name}", name=name)]
        if self.sheet:
            lines.append(_("Hoja: {name}", name=self.sheet))
        lines.append(_("Filas leídas: {n}", n=self.rows_read))
        if self.ignored_columns:
            lines.append(
                _("Columnas no reconocidas (no se importan): {names}",
                  names=", ".join(self.ignored_columns))
            )  # fmt: skip
        if self.errors:
            lines.append(
                _("Errores: {n}. No se importó nada: corríjalos y vuelva a importar el archivo.",
                  n=len(self.errors))
            )  # fmt: skip
            lines.extend(f"  {p}" for p in self.errors)
            return lines
        verb = self.written
        if self.kind == "vendors":
            lines.append(
                _("Expositores registrados: {n}", n=self.created)
                if verb
                else _("Expositores por registrar: {n}", n=self.created)
            )
        else:
            money = format_money(self.total_cents, cents=True)
            lines.append(
                _("Ventas registradas: {n} ({total})", n=self.created, total=money)
                if verb
                else _("Ventas por registrar: {n} ({total})", n=self.created, total=money)
            )
        if self.fairs_created:
            lines.append(
                (_("Ferias creadas: {names}") if verb else _("Ferias por crear: {names}")).format(
                    names=", ".join(self.fairs_created)
                )
            )
        if self.fair_days_created:
            lines.append(
                (_("Jornadas creadas: {n}") if verb else _("Jornadas por crear: {n}")).format(
                    n=len(self.fair_days_created)
                )
                + f" ({', '.join(self.fair_days_created)})"
            )
        if self.fair_days_replaced:
            days = ", ".join(self.fair_days_replaced)
            lines.append(
                _("Ventas anteriores reemplazadas (borradas): {days}", days=days)
                if verb
                else _("Ventas anteriores que se reemplazarán (se borran): {days}", days=days)
            )
        lines.append(_("Filas omitidas: {n}", n=len(self.skipped)))
        lines.extend(f"  {p}" for p in self.skipped)
        if not verb:
            lines.append(_("Solo se revisó el archivo: no se escribió nada."))
        return lines


@dataclass
class ImportPlan:
    report: ImportReport
    apply: Callable[[Session, str], None]


def _column(table: Table, fld: str, columns: tuple[Column, ...]) -> str:
    name = table.column_name(fld)
    if name:
        return name
    return next(str(c.header) for c in columns if c.field == fld)


def _start(path: Path | str, kind: str, columns: tuple[Column, ...]) -> tuple[Table, ImportReport]:
    table = read_table(path, aliases(columns))
    report = ImportReport(kind, str(path), rows_read=len(table.rows))
    report.ignored_columns = list(table.ignored)
    report.sheet = table.sheet
    for _field, first, second in table.conflicts:
        report.error(
            None, None,
            lazy("Las columnas «{first}» y «{second}» dicen lo mismo: deje solo una.",
                 first=first, second=second),
        )  # fmt: skip
    if table.other_sheets:
        report.error(
            None, None,
            lazy("El archivo tiene datos en varias hojas ({sheets}): deje los datos en una sola "
                 "hoja, o importe cada hoja como un archivo aparte.",
                 sheets=", ".join([table.sheet or "", *table.other_sheets])),
        )  # fmt: skip
    for number, column in table.overflow.items():
        report.error(
            number, None,
            lazy("hay valores a la derecha de la última columna con encabezado (columna "
                 "{column}); si un monto o un nombre lleva comas o punto y coma, enciérrelo "
                 "entre comillas", column=_letter(column)),
        )  # fmt: skip
    for column in columns:
        if column.required and column.field not in table.columns:
            report.error(
                None,
                None,
                lazy("Falta la columna «{name}» (obligatoria).", name=str(column.header)),
            )
    return table, report


def _letter(column: int) -> str:
    """1 -> A, 27 -> AA: the column as a spreadsheet names it."""
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _is_example(record: dict[str, object]) -> bool:
    return any(
        isinstance(value, str)
        and value.lstrip().startswith("(")
        and header_key(value.split(")")[0] + ")") in EXAMPLE_MARKS
        for value in record.values()
    )


def _cell(fld: str, value: object) -> object:
    """A spreadsheet value as the validators take it."""
    if isinstance(value, str):
        value = value.strip()
        if fld in DATE_FIELDS:
            return excel_date(value) or value
        return value or None
    if fld == "amount":
        if isinstance(value, bool | dt.date | dt.time | dt.timedelta):
            return _NOT_AMOUNT
        if isinstance(value, float) and abs(value * 100 - round(value * 100)) < 1e-6:
            return round(Decimal(repr(value)), 2)  # 12.299999999999999 from =3*4.1 is 12.30
        return value
    if isinstance(value, dt.datetime):
        return value.date()
    if fld in DATE_FIELDS and (day := excel_date(value)) is not None:
        return day
    if isinstance(value, float) and value.is_integer() and fld in {"doc_number", "phone", "stall"}:
        value = int(value)
    if fld == "doc_number" and isinstance(value, int) and not isinstance(value, bool):
        # a number cell loses a DNI's leading zeros: 01234567 is shown as 1234567
        return str(value).zfill(8)
    if isinstance(value, int) and not isinstance(value, bool) and fld != "amount":
        return str(value)
    return value


class _Categories:
    """Rubros by name; a file may shorten one to words only it has (``Frutas``,
    ``verduras``), but never to words several share (``Productos``)."""

    def __init__(self, session: Session) -> None:
        rows = session.execute(select(Category.id, Category.name, Category.active))
        self.by_key = {fold(name): (cid, name, active) for cid, name, active in rows}

    def find(self, value: object) -> tuple[int, str, bool] | None:
        key = fold(str(value))
        if key in self.by_key:
            return self.by_key[key]
        words = re.findall(r"\w+", key)
        if not words:
            return None
        found = [
            c for k, c in self.by_key.items()
            if all(any(w.startswith(x) for w in re.findall(r"\w+", k)) for x in words)
        ]  # fmt: skip
        return found[0] if len(found) == 1 else None

    def ref(self, value: object) -> object:
        """The rubro's id (for the validators), or the value as it was."""
        if v.blank(value) or not isinstance(value, str):
            return value
        found = self.find(value)
        return found[0] if found else value


def _repeat_key(record: dict[str, object]) -> tuple:
    return tuple(
        (k, val.casefold() if isinstance(val, str) else val)
        for k, val in sorted(record.items())
        if val is not None and val != ""
    )


def _rows(table: Table, report: ImportReport, columns: tuple[Column, ...]):
    """The rows to check, with their values cleaned; examples and repeats are reported."""
    seen: dict[tuple, int] = {}
    examples = {c.field: str(c.example) for c in columns if c.example and c.field in PERSONAL}
    for number, record in table.rows:
        if number in table.overflow:
            continue
        if _is_example(record):
            report.skipped.append(Problem(number, None, lazy("fila de ejemplo de la plantilla")))
            continue
        kept = [f for f, e in examples.items() if str(record.get(f) or "").strip() == e]
        if len(kept) >= 2:
            report.error(
                number, None,
                lazy("conserva valores de la fila de ejemplo de la plantilla ({columns}); "
                     "bórrelos o escriba los verdaderos",
                     columns=", ".join(table.column_name(f) or f for f in kept)),
            )  # fmt: skip
            continue
        data = {k: _cell(k, val) for k, val in record.items()}
        key = _repeat_key(data)
        if key in seen:
            report.error(
                number,
                None,
                lazy(
                    "repite exactamente la fila {other}; si son dos registros distintos, "
                    "únalos en una sola fila",
                    other=seen[key],
                ),
            )
            continue
        seen[key] = number
        yield number, data


class _Fairs:
    """Fairs by folded name, including those the file will create."""

    def __init__(self, session: Session, report: ImportReport) -> None:
        self.session = session
        self.report = report
        self.known = {fold(f.name): f for f in fairs.list_fairs(session, include_inactive=True)}
        self.new: dict[str, str] = {}  # folded -> name as written

    def key(self, value: object) -> str | None:
        """The key of a fair named in the file or the command; new ones are noted."""
        if v.blank(value):
            return None
        name = v.text(value, max_len=120)
        key = fold(name)
        if key not in self.known and key not in self.new:
            self.new[key] = name
            self.report.fairs_created.append(name)
        return key

    def key_of(self, fair_id: int | None) -> str | None:
        return next((k for k, f in self.known.items() if f.id == fair_id), None)

    def name(self, key: str) -> str:
        return self.known[key].name if key in self.known else self.new[key]

    def ids(self, actor: str) -> dict[str, int]:
        """Every fair's id by key, creating the new ones."""
        for key, name in self.new.items():
            self.known[key] = fairs.create_fair(self.session, actor, name=name)
        self.new.clear()
        return {k: f.id for k, f in self.known.items()}

    def default(self, option: str | None) -> Callable[[], str | None]:
        """The fair named on the command line, noted as new only once a row uses it."""
        try:
            v.text(option, max_len=120)
        except v.Invalid as exc:
            self.report.error(None, None, exc.message)
            return lambda: None
        return lambda: self.key(option)


# ---------------------------------------------------------------- vendors


def prepare_vendors(
    session: Session, path: Path | str, *, fair: str | None = None, today: dt.date | None = None
) -> ImportPlan:
    table, report = _start(path, "vendors", VENDOR_COLUMNS)
    known_fairs = _Fairs(session, report)
    default_fair = known_fairs.default(fair)
    valid: list[tuple[int, dict[str, Any], str | None]] = []
    documents: dict[tuple[str, str], int] = {}
    if not report.ok:
        return ImportPlan(report, lambda s, a: None)
    categories = _Categories(session)
    registered = vendors.registered_documents(session)
    for number, data in _rows(table, report, VENDOR_COLUMNS):
        fair_name = data.pop("fair", None)
        data["main_category"] = categories.ref(data.get("main_category"))
        if isinstance(data.get("other_categories"), str):
            parts = re.split(r"[;/|]", data["other_categories"])
            data["other_categories"] = [categories.ref(p.strip()) for p in parts if p.strip()]
        try:
            clean = vendors.validate(session, data, today=today, documents=registered)
        except ValidationError as exc:
            for err in exc.errors:
                report.error(number, _column(table, err.field, VENDOR_COLUMNS), err.message)
            continue
        doc = (clean["doc_type"], clean.get("doc_number"))
        if doc[1] and doc in documents:
            report.error(
                number,
                _column(table, "doc_number", VENDOR_COLUMNS),
                lazy("el documento {doc} ya aparece en la fila {other}",
                     doc=doc[1], other=documents[doc]),
            )  # fmt: skip
            continue
        documents[doc] = number
        try:
            fair_key = known_fairs.key(fair_name) or default_fair()
        except v.Invalid as exc:
            report.error(number, _column(table, "fair", VENDOR_COLUMNS), exc.message)
            continue
        valid.append((number, clean, fair_key))
    report.created = len(valid)
    source = Path(path).name

    def write(session: Session, actor: str) -> None:
        fair_ids = known_fairs.ids(actor)
        last = session.scalar(select(func.max(Vendor.id))) or 0
        made = []
        for offset, (_number, clean, fair_key) in enumerate(valid, start=1):
            if fair_key is not None:
                clean["fair"] = session.get(Fair, fair_ids[fair_key])
            made.append(vendors.build(clean, f"EXP-{last + offset:04d}"))
        session.add_all(made)
        session.flush()
        for (number, _clean, _fair), vendor in zip(valid, made, strict=True):
            reason = f"{source}, fila {number}"
            audit.record(
                session, actor, "import", "vendor", vendor.id, after=vendors.snapshot(vendor),
                reason=reason,
            )  # fmt: skip
        report.written = True

    return ImportPlan(report, write)


def import_vendors(
    session: Session,
    actor: str,
    path: Path | str,
    *,
    fair: str | None = None,
    dry_run: bool = False,
    today: dt.date | None = None,
) -> ImportReport:
    return import_file(session, actor, "vendors", path, fair=fair, dry_run=dry_run, today=today)


# ---------------------------------------------------------------- sales


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
    table, report = _start(path, "sales", SALES_COLUMNS)
    if "doc_number" not in table.columns and "code" not in table.columns:
        report.error(
            None,
            None,
            lazy("Falta la columna «{doc}» (o «{code}») que dice de qué expositor es cada venta.",
                 doc=str(SALES_COLUMNS[0].header), code=str(SALES_COLUMNS[1].header)),
        )  # fmt: skip
    if not report.ok:
        return ImportPlan(report, lambda s, a: None)
    today = today or dt.date.today()
    known_fairs = _Fairs(session, report)
    default_fair = known_fairs.default(fair)
    by_doc, by_code = _sellers(session)
    categories = _Categories(session)
    setting = settings.get(session, "default_fair_id")
    only = list(known_fairs.known.values())
    fallback_fair = known_fairs.key_of(int(setting)) if setting and setting.isdigit() else None
    if fallback_fair is None and len(only) == 1:
        fallback_fair = fold(only[0].name)
    col = lambda name: _column(table, name, SALES_COLUMNS)  # noqa: E731
    entries: list[tuple[int, str, dt.date, dict[str, Any]]] = []

    for number, data in _rows(table, report, SALES_COLUMNS):
        errors_before = len(report.errors)
        seller = _seller(report, number, data, by_doc, by_code, col)
        try:
            day = v.past_date(data.get("date"), today)
            if day is None:
                raise v.Invalid(lazy("es obligatorio"))
        except v.Invalid as exc:
            report.error(number, col("date"), exc.message)
            day = None
        checker = v.Checker()
        if data.get("amount") is _NOT_AMOUNT:
            checker.add("amount", sales.AMOUNT,
                        lazy("la celda tiene una fecha, una hora o VERDADERO/FALSO, no un monto; "
                             "dé a la columna formato de número"))  # fmt: skip
            amount = None
        else:
            amount = checker.check("amount", sales.AMOUNT, sales.check_amount, data.get("amount"))
        method = checker.check(
            "payment_method", sales.PAYMENT, v.payment_method, data.get("payment_method")
        )
        category_id = seller.main_category_id if seller is not None else None
        if not v.blank(data.get("category")):
            found = checker.check(
                "category", sales.CATEGORY, catalog.resolve, session,
                categories.ref(data["category"]),
            )  # fmt: skip
            category_id = found.id if found else None
        for err in checker.errors:
            report.error(number, col(err.field), err.message)
        try:
            fair_key = known_fairs.key(data.get("fair")) or default_fair()
        except v.Invalid as exc:
            report.error(number, col("fair"), exc.message)
            fair_key = None
        if fair_key is None and seller is not None:
            fair_key = known_fairs.key_of(seller.fair_id) or fallback_fair
            if fair_key is None:
                report.error(number, col("fair"),
                             lazy("no se sabe de qué feria es: añada la columna Feria o indique "
                                  "la feria al importar"))  # fmt: skip
        if len(report.errors) > errors_before or seller is None or day is None or not fair_key:
            continue
        entry = {
            "vendor_id": seller.id,
            "amount_cents": amount,
            "payment_method": method,
            "category_id": category_id,
        }
        entries.append((number, fair_key, day, entry))

    # the fair days: existing ones must be open, and without sales unless replacing
    days: dict[tuple[str, dt.date], list[int]] = {}
    for number, fair_key, day, _entry in entries:
        days.setdefault((fair_key, day), []).append(number)
    existing = _existing_days(session, {(known_fairs.known[k].id, d) for k, d in days
                                        if k in known_fairs.known})  # fmt: skip
    for (fair_key, day), numbers in days.items():
        label = _day_label(known_fairs.name(fair_key), day)
        found_day = existing.get((known_fairs.known[fair_key].id, day)) if (
            fair_key in known_fairs.known) else None  # fmt: skip
        if found_day is None:
            report.fair_days_created.append(label)
            continue
        closed, count, cents = found_day
        if closed:
            report.error(numbers[0], col("date"),
                         lazy("la jornada {day} está cerrada; reábrala antes de importar",
                              day=label))  # fmt: skip
        elif count and not replace:
            report.error(numbers[0], col("date"),
                         lazy("la jornada {day} ya tiene ventas registradas ({n}, {total}); para no contarlas "
                              "dos veces no se importa. Use --replace para reemplazarlas",
                              day=label, n=count, total=format_money(cents, cents=True)))  # fmt: skip
        elif count:
            report.fair_days_replaced.append(
                f"{label} ({count}, {format_money(cents, cents=True)})"
            )
    report.created = len(entries)
    report.total_cents = sum(e["amount_cents"] for *_, e in entries)
    source = Path(path).name

    def write(session: Session, actor: str) -> None:
        fair_ids = known_fairs.ids(actor)
        day_ids: dict[tuple[str, dt.date], int] = {}
        for fair_key, day in days:
            fair_day, _created = fairs.ensure_fair_day(session, actor, fair_ids[fair_key], day)
            fairs.require_open(fair_day)
            day_ids[(fair_key, day)] = fair_day.id
            if replace:
                _remove_sales(session, actor, fair_day.id, source)
        now = utcnow()
        rows = []
        per_day: dict[int, list[int]] = {}
        for _number, fair_key, day, entry in entries:
            day_id = day_ids[(fair_key, day)]
            rows.append({**entry, "fair_day_id": day_id, "entered_by": actor, "entered_at": now})
            per_day.setdefault(day_id, []).append(entry["amount_cents"])
        for start in range(0, len(rows), INSERT_BATCH):
            session.connection().execute(insert(Sale.__table__), rows[start : start + INSERT_BATCH])
        for day_id, amounts in per_day.items():
            audit.record(
                session, actor, "import", "fair_day", day_id,
                after={"sales": len(amounts), "total": format_money(sum(amounts), cents=True)},
                reason=source,
            )  # fmt: skip
        session.expire_all()
        report.written = True

    return ImportPlan(report, write)


def _seller(report, number, data, by_doc, by_code, col) -> _Seller | None:
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


def _remove_sales(session: Session, actor: str, fair_day_id: int, source: str) -> None:
    count, cents = session.execute(
        select(func.count(), func.coalesce(func.sum(Sale.amount_cents), 0)).where(
            Sale.fair_day_id == fair_day_id
        )
    ).one()
    if not count:
        return
    session.execute(delete(Sale).where(Sale.fair_day_id == fair_day_id))
    audit.record(
        session, actor, "replace", "fair_day", fair_day_id,
        before={"sales": count, "total": format_money(int(cents), cents=True)},
        reason=source,
    )  # fmt: skip


def import_sales(
    session: Session,
    actor: str,
    path: Path | str,
    *,
    fair: str | None = None,
    replace: bool = False,
    dry_run: bool = False,
    today: dt.date | None = None,
) -> ImportReport:
    return import_file(
        session, actor, "sales", path, fair=fair, replace=replace, dry_run=dry_run, today=today
    )


def import_file(
    session: Session,
    actor: str,
    kind: str,
    path: Path | str,
    *,
    fair: str | None = None,
    replace: bool = False,
    dry_run: bool = False,
    today: dt.date | None = None,
) -> ImportReport:
    """``import_vendors`` or ``import_sales`` (``kind`` "vendors" or "sales"), as the
    command line and the window both offer them; ``replace`` concerns sales only."""
    if kind == "vendors":
        plan = prepare_vendors(session, path, fair=fair, today=today)
    elif kind == "sales":
        plan = prepare_sales(session, path, fair=fair, replace=replace, today=today)
    else:
        raise ValueError(f"unknown import kind {kind!r}")
    if plan.report.ok and not dry_run:
        plan.apply(session, actor)
    return plan.report
