"""Checking a vendor file (padrón) and writing its vendors."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from agroferia.core import audit, fairs, settings, vendors
from agroferia.core import validation as v
from agroferia.core.errors import ValidationError
from agroferia.core.import_columns import VENDOR_COLUMNS
from agroferia.core.imports import rows as r
from agroferia.core.imports import vendor_join
from agroferia.core.imports.lookups import Categories, Fairs
from agroferia.core.imports.report import ImportPlan, ImportReport, nothing
from agroferia.core.imports.sexes import SexLetters
from agroferia.core.models import Fair, Vendor
from agroferia.core.network.conflicts import WriteConflictError
from agroferia.core.network.memberships import ACTIVE, Wanted
from agroferia.core.privacy import consent
from agroferia.core.products.catalogue import key as product_key
from agroferia.core.products.names import Names
from agroferia.i18n import Text, lazy, lazy_n


def _fair_for_the_rest(
    session: Session, known: Fairs, option: str | None
) -> tuple[Callable[[], str | None], Text | None]:
    """The fair of the rows that do not name theirs (a function giving its key, so that a
    fair named when importing is created only once a row uses it), and why: the one named
    when importing, else the active fair (Configuración), else the only fair.  The key is
    None and the reason None when none of these settles it."""
    if option:
        return known.default(option), lazy("indicada al importar")
    chosen = fairs.default_fair(session)  # the active one, else the only active one
    if chosen is not None:
        key = known.key_of(chosen.id)
        if settings.get(session, "default_fair_id") == str(chosen.id):
            return (lambda: key), lazy("la feria activa")
        return (lambda: key), lazy("la única feria activa")
    if len(known.known) == 1:
        (key,) = known.known
        return (lambda: key), lazy("la única feria")
    return (lambda: None), None


def _fair_note(
    report: ImportReport,
    known: Fairs,
    key: str | None,
    why: Text | None,
    rows: int,
    has_column: bool,
) -> None:
    """The summary's line on the fair of the rows without one (or the file's error)."""
    if key is not None:
        report.notes.append(
            lazy("Feria: {name} ({why})", name=known.name(key), why=why)
            if not has_column
            else lazy_n(rows, "Feria de {n} fila sin feria: {name} ({why})",
                        "Feria de {n} filas sin feria: {name} ({why})",
                        name=known.name(key), why=why)
        )  # fmt: skip
    elif why is not None:
        return  # the fair named when importing is not a name: already reported
    elif known.known:
        report.error(
            None, None,
            lazy_n(rows,
                   "{n} expositor no dice de qué feria es, y hay varias ferias sin una feria "
                   "activa: añada la columna Feria, indique la feria al importar (--fair) o "
                   "elija la feria activa en Configuración.",
                   "{n} expositores no dicen de qué feria son, y hay varias ferias sin una "
                   "feria activa: añada la columna Feria, indique la feria al importar (--fair) "
                   "o elija la feria activa en Configuración.")
        )  # fmt: skip
    else:
        report.notes.append(lazy("Feria: ninguna (no hay ferias registradas)"))


def _stall_warnings(
    session: Session,
    report: ImportReport,
    valid: list[tuple[int, dict[str, Any], str | None]],
    known: Fairs,
    column: str,
) -> None:
    """A warning for each stall already given to an active vendor of the same fair, in the
    database or in an earlier row of the file."""
    holders = vendors.stall_holders(session)
    in_file: dict[tuple[str, str], int] = {}
    for number, clean, fair_key in valid:
        stall = clean.get("stall")
        if not stall or fair_key is None:
            continue
        key = vendors.stall_match_key(stall)
        fair = known.known.get(fair_key)
        holder = holders.get((fair.id, key)) if fair is not None else None
        if holder is not None:
            report.warn(number, column, vendors.stall_taken(stall, holder))
        elif (fair_key, key) in in_file:
            report.warn(
                number, column,
                lazy("el puesto {stall} también se da en la fila {row}",
                     stall=stall, row=in_file[(fair_key, key)]),
            )  # fmt: skip
        in_file.setdefault((fair_key, key), number)


def prepare_vendors(
    session: Session,
    path: Path | str,
    *,
    fair: str | None = None,
    sex_m: str | None = None,
    today: dt.date | None = None,
) -> ImportPlan:
    """``sex_m``: what the letter M means in the sex column, the code F or M, when the
    person importing says so (the file settles it by itself when it also writes H or F)."""
    table, report = r.start(path, "vendors", VENDOR_COLUMNS)
    known_fairs = Fairs(session, report)
    default_fair, why = _fair_for_the_rest(session, known_fairs, fair)
    defaulted = 0  # rows that take that fair
    valid: list[tuple[int, dict[str, Any], str | None]] = []
    joins: list[vendor_join.Join] = []  # rows of vendors already registered, joining a fair
    documents: dict[tuple[str, str], int] = {}
    if not report.ok:
        return ImportPlan(report, nothing)
    categories = Categories(session)
    known_products = Names(session) if "products" in table.columns else None
    registered = vendors.registered_documents(session)
    letters = SexLetters(table, report, r.column(table, "sex", VENDOR_COLUMNS), sex_m)
    for number, data in r.rows(table, report, VENDOR_COLUMNS):
        fair_name = data.pop("fair", None)
        stall = data.pop("stall", None)  # the stall at that fair, once the fair is known
        data["sex"], usable = letters.read(number, data.get("sex"))
        try:
            data["consent"], data["consent_how"] = consent.read_cell(data.get("consent"))
        except v.Invalid as exc:
            report.error(number, r.column(table, "consent", VENDOR_COLUMNS), exc.message)
            data["consent"] = data["consent_on"] = None
            usable = False
        data["main_category"] = categories.ref(data.get("main_category"))
        if isinstance(data.get("other_categories"), str):
            parts = re.split(r"[;/|]", data["other_categories"])
            data["other_categories"] = [categories.ref(p.strip()) for p in parts if p.strip()]
        if known_products is not None and isinstance(data.get("products"), str):
            data["products"] = _products(known_products, data["products"])
        try:
            clean, other = vendor_join.validate(session, data, today=today, documents=registered)
            clean["stall"] = v.text(stall, max_len=20)
        except ValidationError as exc:
            for err in exc.errors:
                report.error(number, r.column(table, err.field, VENDOR_COLUMNS), err.message)
            continue
        except v.Invalid as exc:
            report.error(number, r.column(table, "stall", VENDOR_COLUMNS), exc.message)
            continue
        if not usable:
            continue
        doc = (clean["doc_type"], clean.get("doc_number"))
        if doc[1] and doc in documents:
            report.error(
                number,
                r.column(table, "doc_number", VENDOR_COLUMNS),
                lazy("el documento {doc} ya aparece en la fila {other}",
                     doc=doc[1], other=documents[doc]),
            )  # fmt: skip
            continue
        documents[doc] = number
        try:
            fair_key = known_fairs.key(fair_name)
        except v.Invalid as exc:
            report.error(number, r.column(table, "fair", VENDOR_COLUMNS), exc.message)
            continue
        if fair_key is None:
            fair_key = default_fair()
            defaulted += 1
        if other is not None:  # registered: joins the row's fair, or the row is refused
            join, message = vendor_join.check(
                session, number, clean, data, other, fair_key, known_fairs
            )
            doc_column = r.column(table, "doc_number", VENDOR_COLUMNS)
            if join is None:
                report.error(number, doc_column, message)
            else:
                report.warn(number, doc_column, message)
                joins.append(join)
            continue
        if fair_key is None and clean["stall"]:
            report.warn(number, r.column(table, "stall", VENDOR_COLUMNS),
                        lazy("el puesto {stall} no se guarda: no hay una feria a la que "
                             "pertenezca", stall=clean["stall"]))  # fmt: skip
        valid.append((number, clean, fair_key))
    stalls = valid + [(j.row, {"stall": j.stall}, j.fair_key) for j in joins]
    stalls.sort(key=lambda row: row[0])
    _stall_warnings(session, report, stalls, known_fairs, r.column(table, "stall", VENDOR_COLUMNS))
    if defaulted:
        _fair_note(report, known_fairs, default_fair(), why, defaulted, "fair" in table.columns)
    report.created = len(valid)
    report.joined = len(joins)
    added = _new_products([clean for _n, clean, _f in valid])
    if added and report.ok:
        report.notes.append(_NewProducts(report, added))
    if valid and report.ok:
        answers = [(clean["consent"], clean["consent_how"]) for _n, clean, _f in valid]
        report.notes.append(consent.summary(answers, "consent" in table.columns))
    source = Path(path).name

    def write(session: Session, actor: str) -> None:
        vendors.lock_registry(session)  # the codes and documents, as they are now
        _registered_meanwhile(session, [clean for _n, clean, _f in valid])
        fair_ids = known_fairs.ids(actor)
        vendor_join.write(session, actor, joins, fair_ids, source)
        last = session.scalar(select(func.max(Vendor.id))) or 0
        made = []
        for offset, (_number, clean, fair_key) in enumerate(valid, start=1):
            stall = clean.pop("stall")
            if fair_key is not None:
                fair = session.get(Fair, fair_ids[fair_key])
                clean["fairs"] = [Wanted(fair, stall, ACTIVE, clean["registered_on"])]
            made.append(vendors.build(clean, f"EXP-{last + offset:04d}", session))
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


def _products(known: Names, text: str) -> list[int | str] | None:
    """A cell of products separated by ``;``: the catalogue's ids of those it has (found in
    memory, not asked of the database row by row), the new names as written."""
    found: list[int | str] = []
    for part in text.replace("\n", ";").split(";"):
        if part.strip():
            product = known.find(part)
            found.append(product[0] if product is not None else part.strip())
    return found or None


def _new_products(rows: list[dict[str, Any]]) -> list[str]:
    """The names the rows add to the catalogue, each once (case and accents aside), as the
    first row writes it."""
    added: dict[str, str] = {}
    for clean in rows:
        for offer in clean.get("products") or ():
            if offer.product_id is None:
                added.setdefault(product_key(offer.name), offer.name)
    return list(added.values())


class _NewProducts(Text):
    """The summary's line on the products the file adds to the catalogue: «will be added»
    until the file is written, «were added» after."""

    __slots__ = ()

    def __init__(self, report: ImportReport, names: list[str]) -> None:
        super().__init__("", report=report, names=tuple(names))

    def render(self, lang: str | None = None) -> str:
        names = self.params["names"]
        said = dict(names=", ".join(names))
        if self.params["report"].written:
            return lazy_n(len(names), "Se añadió {n} producto nuevo al catálogo, por revisar: "
                          "{names}", "Se añadieron {n} productos nuevos al catálogo, por "
                          "revisar: {names}", **said).render(lang)  # fmt: skip
        return lazy_n(len(names), "Se añadirá {n} producto nuevo al catálogo, por revisar: "
                      "{names}", "Se añadirán {n} productos nuevos al catálogo, por revisar: "
                      "{names}", **said).render(lang)  # fmt: skip


def _registered_meanwhile(session: Session, rows: list[dict[str, Any]]) -> None:
    """Refuses the file when another writer registered one of its documents after it was
    checked (two people importing the same padrón at once): nothing is written."""
    wanted = {(clean["doc_type"], clean["doc_number"]) for clean in rows if clean.get("doc_number")}
    if not wanted:
        return
    numbers = {number for _type, number in wanted}
    taken = [
        f"{doc_type} {number}"
        for doc_type, number in session.execute(
            select(Vendor.doc_type, Vendor.doc_number).where(Vendor.doc_number.in_(numbers))
        )
        if (doc_type, number) in wanted
    ]
    if taken:
        raise WriteConflictError(
            lazy_n(
                len(taken),
                "Otra persona acaba de registrar al expositor con el documento {docs}; no se "
                "importó nada. Vuelva a cargar el archivo.",
                "Otra persona acaba de registrar {n} expositores de este archivo ({docs}); "
                "no se importó nada. Vuelva a cargar el archivo.",
                docs=", ".join(sorted(taken)[:5]),
            )
        )
