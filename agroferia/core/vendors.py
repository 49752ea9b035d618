"""Vendors (expositores): register, edit, change status, search. Never deleted."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from agroferia.core import accounts, audit, catalog
from agroferia.core import validation as v
from agroferia.core.accounts import Right
from agroferia.core.collation import name_key, text_key
from agroferia.core.errors import NotFoundError, OperationError
from agroferia.core.models import Category, Vendor, VendorStatus
from agroferia.core.network import memberships
from agroferia.core.network.locks import lock_key
from agroferia.core.network.memberships import (  # noqa: F401  (the registry's own names)
    Registered,
    stall_holder,
    stall_holders,
    stall_match_key,
    stall_taken,
)
from agroferia.core.privacy import consent
from agroferia.core.products import catalogue as products
from agroferia.core.ubigeo import fold
from agroferia.i18n import Text, lazy

LABELS: dict[str, Text] = {
    "given_names": lazy("Nombres"),
    "surnames": lazy("Apellidos"),
    "doc_type": lazy("Tipo de documento"),
    "doc_number": lazy("Número de documento"),
    "sex": lazy("Sexo"),
    "birth_date": lazy("Fecha de nacimiento"),
    "phone": lazy("Teléfono"),
    "email": lazy("Correo electrónico"),
    "region": lazy("Región"),
    "province": v.PROVINCE,
    "district": v.DISTRICT,
    "association": lazy("Asociación"),
    "main_category": lazy("Rubro principal"),
    "other_categories": lazy("Otros rubros"),
    "products": lazy("Productos"),
    "sgp_certified": lazy("Certificación orgánica SGP"),
    "sgp_expires_on": lazy("Vencimiento de la certificación SGP"),
    "stall": lazy("Puesto"),
    "status": lazy("Estado"),
    "registered_on": lazy("Fecha de inscripción"),
    "notes": lazy("Notas"),
    "fair": lazy("Feria"),
    "fairs": memberships.FAIRS,
    **consent.LABELS,
}

FIELDS = tuple(LABELS)


def registered_documents(session: Session) -> dict[tuple[str, str], Registered]:
    rows = session.execute(
        select(Vendor.doc_type, Vendor.doc_number, Vendor.id, Vendor.given_names,
               Vendor.surnames, Vendor.code).where(Vendor.doc_number.is_not(None))
    )  # fmt: skip
    return {(t, n): Registered(i, f"{g} {s}", c) for t, n, i, g, s, c in rows}


def _bool(value: object) -> bool:
    if isinstance(value, bool):
        return value
    if v.blank(value):
        return False
    key = fold(str(value))
    if key in {"SI", "S", "YES", "Y", "TRUE", "1", "X"}:
        return True
    if key in {"NO", "N", "FALSE", "0"}:
        return False
    raise v.Invalid(lazy("debe ser sí o no"))


def _status(value: object) -> str:
    if v.blank(value):
        return VendorStatus.ACTIVE.value
    words = {
        "ACTIVE": "active", "ACTIVO": "active", "ACTIVA": "active",
        "SUSPENDED": "suspended", "SUSPENDIDO": "suspended", "SUSPENDIDA": "suspended",
        "WITHDRAWN": "withdrawn", "RETIRADO": "withdrawn", "RETIRADA": "withdrawn",
    }  # fmt: skip
    found = words.get(fold(str(value)))
    if found is None:
        raise v.Invalid(lazy("debe ser activo, suspendido o retirado"))
    return found


def _categories(session: Session, values: object, keep: Iterable[int] = ()) -> list[Category]:
    if v.blank(values):
        return []
    items = re.split(r"[;/|]", values) if isinstance(values, str) else list(values)  # type: ignore[arg-type]
    found: dict[int, Category] = {}
    for item in items:
        if not v.blank(item):
            category = catalog.resolve(
                session, item.strip() if isinstance(item, str) else item, keep=keep
            )
            found[category.id] = category
    return list(found.values())


def validate(
    session: Session,
    data: Mapping[str, Any],
    *,
    current: Vendor | None = None,
    today: dt.date | None = None,
    documents: Mapping[tuple[str, str], Registered] | None = None,
) -> dict[str, Any]:
    """Clean values for every field, or ValidationError listing each problem by field.

    ``current`` is the vendor being edited: its own document is no duplicate, and the
    categories it already has stay valid even if they have been deactivated since.
    ``documents`` (type, number) -> vendor saves a query per row when checking many.
    """
    exclude_id = current.id if current is not None else None
    keep = (
        {current.main_category_id, *(c.id for c in current.other_categories)} if current else set()
    )
    today = today or dt.date.today()
    c = v.Checker()
    L = LABELS  # noqa: N806
    get = data.get
    clean: dict[str, Any] = {
        "given_names": c.check(
            "given_names", L["given_names"], v.text, get("given_names"), required=True, max_len=80
        ),
        "surnames": c.check(
            "surnames", L["surnames"], v.text, get("surnames"), required=True, max_len=80
        ),
        "doc_type": c.check("doc_type", L["doc_type"], v.doc_type, get("doc_type")),
        "sex": c.check("sex", L["sex"], v.sex, get("sex")),
        "birth_date": c.check(
            "birth_date", L["birth_date"], v.birth_date, get("birth_date"), today
        ),
        "phone": c.check("phone", L["phone"], v.phone, get("phone")),
        "email": c.check("email", L["email"], v.email, get("email")),
        "association": c.check(
            "association", L["association"], v.text, get("association"), max_len=160
        ),
        "sgp_certified": c.check("sgp_certified", L["sgp_certified"], _bool, get("sgp_certified")),
        "sgp_expires_on": c.check(
            "sgp_expires_on", L["sgp_expires_on"], v.parse_date, get("sgp_expires_on")
        ),
        "status": c.check("status", L["status"], _status, get("status")),
        "registered_on": c.check(
            "registered_on", L["registered_on"], v.past_date, get("registered_on"), today
        ),
        "notes": c.check("notes", L["notes"], v.text, get("notes"), max_len=2000),
    }
    clean["registered_on"] = clean["registered_on"] or today
    clean.update(consent.check(c, get, today))
    if clean["doc_type"]:
        clean["doc_number"] = c.check(
            "doc_number", L["doc_number"], v.doc_number, clean["doc_type"], get("doc_number")
        )
        if clean["doc_number"]:
            doc = (clean["doc_type"], clean["doc_number"])
            other = documents.get(doc) if documents is not None else find_by_document(session, *doc)
            if other is not None and other.id != exclude_id:
                c.add(
                    "doc_number",
                    L["doc_number"],
                    lazy(
                        "ya está registrado para {name} ({code})",
                        name=other.full_name,
                        code=other.code,
                    ),
                )
    place = c.check("region", L["region"], v.place, get("region"), get("province"), get("district"))
    clean["region"] = place.region if place else None
    clean["province"] = place.province if place else None
    clean["district"] = place.district if place else None
    clean["ubigeo"] = place.ubigeo if place else None
    main = c.check(
        "main_category",
        L["main_category"],
        catalog.resolve,
        session,
        get("main_category"),
        keep=keep,
    )
    clean["main_category"] = main
    others = c.check(
        "other_categories",
        L["other_categories"],
        _categories,
        session,
        get("other_categories"),
        keep,
    )
    clean["other_categories"] = [cat for cat in (others or []) if main is None or cat.id != main.id]
    clean["products"] = c.check(
        "products", L["products"], products.offers, session, get("products")
    )
    clean["fairs"] = memberships.check(
        c, session, data, current=current, status=_status, today=today,
        registered_on=clean["registered_on"],
    )  # fmt: skip
    if clean["sgp_expires_on"] and not clean["sgp_certified"]:
        c.add(
            "sgp_expires_on", L["sgp_expires_on"], lazy("solo se indica si tiene certificación SGP")
        )
    c.done()
    return clean


def _apply(vendor: Vendor, clean: dict[str, Any], session: Session) -> None:
    for key, value in clean.items():
        if key == "main_category":
            vendor.main_category = value
        elif key == "other_categories":
            vendor.other_categories = value
        elif key == "products":
            if value is not None:
                products.apply_offers(session, vendor, value)
        elif key == "fairs":
            memberships.apply(vendor, value)
        else:
            setattr(vendor, key, value)
    vendor.search_key = search_key(vendor)


def search_key(vendor: Vendor) -> str:
    parts = (
        vendor.given_names,
        vendor.surnames,
        vendor.doc_number,
        vendor.association,
        vendor.code,
    )
    return fold(" ".join(p for p in parts if p))


def snapshot(vendor: Vendor) -> dict[str, Any]:
    """The vendor's values for the audit trail, categories included."""
    snap = audit.snapshot(vendor)
    snap["other_categories"] = sorted(c.id for c in vendor.other_categories)
    snap["products"] = sorted(p.id for p in vendor.products)
    snap["fairs"] = memberships.snapshot(vendor)
    return snap


# the lock of the registry's codes and documents: a writer that gives new codes, or checks
# that a document is not registered yet, holds it (see ``lock_registry``)
REGISTRY_LOCK = "vendor_registry"


def lock_registry(session: Session) -> None:
    """Waits until no other writer is registering vendors, then holds the registry's lock
    until the transaction ends: the codes taken and the documents registered are those it
    reads next."""
    lock_key(session, REGISTRY_LOCK)


def next_code(session: Session) -> str:
    """A new vendor's code, read under ``lock_registry`` (no other writer takes it then)."""
    last = session.scalar(select(func.max(Vendor.id))) or 0
    return f"EXP-{last + 1:04d}"


def build(clean: dict[str, Any], code: str, session: Session) -> Vendor:
    """A new vendor from values ``validate`` returned (not yet added to the session; the
    new products it offers are)."""
    vendor = Vendor(code=code)
    _apply(vendor, clean, session)
    return vendor


def register(
    session: Session, actor: str, data: Mapping[str, Any], *, today: dt.date | None = None
) -> Vendor:
    accounts.require(session, actor, Right.REGISTRY)
    lock_registry(session)  # before its document is checked and its code chosen
    clean = validate(session, data, today=today)
    vendor = build(clean, next_code(session), session)
    session.add(vendor)
    session.flush()
    audit.record(session, actor, "create", "vendor", vendor.id, after=snapshot(vendor))
    return vendor


def form_values(vendor: Vendor) -> dict[str, Any]:
    """The vendor as the ``data`` that ``register``/``update`` take."""
    references = {
        "main_category": vendor.main_category_id,
        "other_categories": [c.id for c in vendor.other_categories],
        "products": [p.id for p in vendor.products],
        "fairs": memberships.values(vendor),
        "fair": None,  # ``fairs`` says it all
        "stall": None,
    }
    return {k: references[k] if k in references else getattr(vendor, k) for k in FIELDS}


def update(
    session: Session,
    actor: str,
    vendor_id: int,
    changes: Mapping[str, Any],
    *,
    today: dt.date | None = None,
) -> Vendor:
    """Changes some fields; the others keep their values. All are validated together."""
    accounts.require(session, actor, Right.REGISTRY)
    vendor = editable(session, vendor_id)
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise ValueError(f"unknown vendor fields: {sorted(unknown)}")
    before = snapshot(vendor)
    lock_registry(session)  # a changed document is checked under it
    clean = validate(session, {**form_values(vendor), **changes}, current=vendor, today=today)
    _apply(vendor, clean, session)
    session.flush()
    audit.record(session, actor, "update", "vendor", vendor.id, before, snapshot(vendor))
    return vendor


def set_status(
    session: Session, actor: str, vendor_id: int, status: str, reason: str | None = None
) -> Vendor:
    accounts.require(session, actor, Right.REGISTRY)
    vendor = editable(session, vendor_id)
    c = v.Checker()
    new = c.check("status", LABELS["status"], _status, status)
    c.done()
    before = snapshot(vendor)
    vendor.status = new
    session.flush()
    audit.record(session, actor, "status", "vendor", vendor.id, before, snapshot(vendor), reason)
    return vendor


def get(session: Session, vendor_id: int) -> Vendor:
    vendor = session.get(Vendor, vendor_id)
    if vendor is None:
        raise NotFoundError(lazy("No existe el expositor {id}.", id=vendor_id))
    return vendor


def editable(session: Session, vendor_id: int) -> Vendor:
    """The vendor, unless their data were anonymized: such a record no longer changes."""
    vendor = get(session, vendor_id)
    if vendor.anonymized_at is not None:
        raise OperationError(
            lazy("Los datos de {code} fueron anonimizados a su pedido: el registro ya no se "
                 "modifica.", code=vendor.code)
        )  # fmt: skip
    return vendor


def find_by_document(session: Session, doc_type: str, doc_number: str) -> Vendor | None:
    return session.scalar(
        select(Vendor).where(Vendor.doc_type == doc_type, Vendor.doc_number == doc_number)
    )


def by_document_number(session: Session, doc_number: str) -> Vendor | None:
    """The vendor with that number, whatever its document type (numbers rarely collide)."""
    clean = v.document_key(doc_number)
    found = list(session.scalars(select(Vendor).where(Vendor.doc_number == clean).limit(2)))
    return found[0] if len(found) == 1 else None


def associations(session: Session) -> list[str]:
    """The associations vendors belong to, for suggestions while typing."""
    names = session.scalars(
        select(Vendor.association).where(Vendor.association.is_not(None)).distinct()
    )
    return sorted((n for n in names if n), key=text_key)


def search(
    session: Session,
    query: str | None = None,
    *,
    statuses: Iterable[str] | None = None,
    fair_id: int | None = None,
    limit: int | None = None,
) -> list[Vendor]:
    """By name, document number or association (any word order, case-insensitive)."""
    stmt = select(Vendor).options(
        selectinload(Vendor.main_category), selectinload(Vendor.other_categories)
    )
    for word in fold(query or "").split():
        stmt = stmt.where(Vendor.search_key.contains(word, autoescape=True))
    if statuses is not None:
        stmt = stmt.where(Vendor.status.in_(list(statuses)))
    if fair_id is not None:
        stmt = stmt.where(memberships.member_of(fair_id))
    found = sorted(
        session.scalars(stmt), key=lambda one: name_key(one.surnames, one.given_names, one.id)
    )
    return found if limit is None else found[:limit]
