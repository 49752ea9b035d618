"""A padrón's row for a producer already registered: in a network of fairs, the organizer
of one fair imports its padrón, and some of its producers already sell at another fair.

Such a row is no new vendor: when the registered vendor has the row's names, and is not yet
a member of the row's fair, the vendor joins that fair (a membership with the row's stall,
active, since the row's registration date) and nothing else of the registry changes. The
row's other values are compared with the registry's, and those that differ are named.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from agroferia.core import audit, vendors
from agroferia.core import validation as v
from agroferia.core.errors import ValidationError
from agroferia.core.imports.lookups import Fairs
from agroferia.core.models import Fair, Membership, Vendor
from agroferia.core.network.conflicts import WriteConflictError
from agroferia.core.network.memberships import ACTIVE, Registered
from agroferia.core.ubigeo import fold
from agroferia.i18n import Text, lazy, lazy_n

# the fields compared when the row gives them (the status always: a padrón lists the fair's
# active producers); the names and the document are the same by then.  The products a row
# gives are compared too, and never written: joining a fair changes none of the registry
COMPARED = (
    "sex", "birth_date", "phone", "email", "region", "province", "district", "association",
    "main_category", "other_categories", "sgp_certified", "sgp_expires_on", "consent",
    "notes", "status", "products",
)  # fmt: skip


@dataclass(frozen=True)
class Join:
    """A registered vendor who joins the row's fair."""

    row: int
    vendor_id: int
    full_name: str
    code: str
    given_names: str
    surnames: str
    doc: tuple[str, str]
    fair_key: str
    stall: str | None
    registered_on: dt.date


class Listed(Text):
    """Texts shown joined by commas, each in the language of the moment it is shown, with
    a small first letter (they go inside a sentence)."""

    __slots__ = ()

    def __init__(self, parts: tuple[Text, ...]) -> None:
        super().__init__("", parts=parts)

    def render(self, lang: str | None = None) -> str:
        shown = [part.render(lang) for part in self.params["parts"]]
        return ", ".join(text[:1].lower() + text[1:] for text in shown)


def validate(
    session: Session,
    data: Mapping[str, Any],
    *,
    today: dt.date | None,
    documents: Mapping[tuple[str, str], Registered],
) -> tuple[dict[str, Any], Registered | None]:
    """The row's clean values, and the vendor registered with its document when that is the
    row's only problem (else ``vendors.validate``'s ``ValidationError``, as it was)."""
    try:
        return vendors.validate(session, data, today=today, documents=documents), None
    except ValidationError as exc:
        if not all(err.field == "doc_number" for err in exc.errors):
            raise
        try:
            clean = vendors.validate(session, data, today=today, documents={})
        except ValidationError:
            raise exc from None
        other = documents.get((clean["doc_type"], clean.get("doc_number")))
        if other is None:
            raise exc from None
        return clean, other


def same_person(vendor: Vendor, clean: Mapping[str, Any]) -> bool:
    """The registered vendor's given names and surnames are the row's (without case,
    accents or extra spaces)."""
    registered = (fold(vendor.given_names), fold(vendor.surnames))
    return registered == (fold(clean["given_names"]), fold(clean["surnames"]))


def _value(vendor: Vendor, field: str) -> object:
    if field == "main_category":
        return vendor.main_category_id
    if field == "other_categories":
        return {c.id for c in vendor.other_categories}
    if field == "products":
        return {p.id for p in vendor.products}
    return getattr(vendor, field)


def _clean_value(clean: Mapping[str, Any], field: str) -> object:
    value = clean.get(field)
    if field == "main_category":
        return value.id if value is not None else None
    if field == "other_categories":
        return {c.id for c in value or ()}
    if field == "products":  # a new name is never one the vendor offers
        return {o.product_id if o.product_id is not None else o.name for o in value or ()}
    return value


def _same(one: object, other: object) -> bool:
    if isinstance(one, str) and isinstance(other, str):
        return fold(one) == fold(other)
    return one == other


def differing(vendor: Vendor, clean: Mapping[str, Any], data: Mapping[str, Any]) -> list[str]:
    """The fields the row gives with another value than the registry's."""
    return [
        field
        for field in COMPARED
        if (field == "status" or not v.blank(data.get(field)))
        and not _same(_clean_value(clean, field), _value(vendor, field))
    ]


def check(
    session: Session,
    number: int,
    clean: dict[str, Any],
    data: Mapping[str, Any],
    other: Registered,
    fair_key: str | None,
    known: Fairs,
) -> tuple[Join | None, Text]:
    """The join a row for a registered vendor asks for and the warning saying so, or None
    and the error refusing the row."""
    vendor = session.get(Vendor, other.id)
    registered = lazy(
        "ya está registrado para {name} ({code})", name=other.full_name, code=other.code
    )
    if vendor is None or vendor.anonymized_at is not None or fair_key is None:
        return None, registered
    if not same_person(vendor, clean):
        return None, lazy(
            "ya está registrado para {name} ({code}), y esta fila dice {row}: si es la misma "
            "persona, escriba sus nombres y apellidos como en el registro",
            name=other.full_name, code=other.code,
            row=f"{clean['given_names']} {clean['surnames']}",
        )  # fmt: skip
    fair = known.known.get(fair_key)
    if fair is not None and vendor.membership(fair.id) is not None:
        return None, lazy(
            "ya está registrado para {name} ({code}) e inscrito en {fair}",
            name=other.full_name, code=other.code, fair=fair.name,
        )  # fmt: skip
    doc = (clean["doc_type"], clean["doc_number"])
    join = Join(
        number, vendor.id, other.full_name, other.code, vendor.given_names, vendor.surnames,
        doc, fair_key, clean.get("stall"), clean["registered_on"],
    )  # fmt: skip
    return join, _joining(join, known.name(fair_key), differing(vendor, clean, data))


def _joining(join: Join, fair: str, fields: list[str]) -> Text:
    said = dict(doc_type=join.doc[0], doc=join.doc[1], name=join.full_name, code=join.code,
                fair=fair)  # fmt: skip
    if not fields:
        return lazy(
            "{doc_type} {doc} ya está registrado ({name}, {code}): se inscribe también en "
            "{fair}; sus datos no cambian",
            **said,
        )
    return lazy_n(
        len(fields),
        "{doc_type} {doc} ya está registrado ({name}, {code}): se inscribe también en "
        "{fair}; sus datos registrados se mantienen: {fields} difiere",
        "{doc_type} {doc} ya está registrado ({name}, {code}): se inscribe también en "
        "{fair}; sus datos registrados se mantienen: {fields} difieren",
        fields=Listed(tuple(vendors.LABELS[field] for field in fields)),
        **said,
    )


def write(
    session: Session,
    actor: str,
    joins: list[Join],
    fair_ids: Mapping[str, int],
    source: str,
) -> None:
    """Adds each membership, under the registry's lock the caller holds: a vendor whose
    document, names or fairs another writer changed after the file was checked refuses the
    whole file (nothing is written)."""
    if not joins:
        return
    found = {
        vendor.id: vendor
        for vendor in session.scalars(
            select(Vendor)
            .where(Vendor.id.in_([join.vendor_id for join in joins]))
            .options(selectinload(Vendor.memberships), selectinload(Vendor.other_categories))
            .execution_options(populate_existing=True)  # as they are now
        )
    }
    changed = [
        f"{join.full_name} ({join.code})"
        for join in joins
        if (vendor := found.get(join.vendor_id)) is None
        or vendor.anonymized_at is not None
        or (vendor.doc_type, vendor.doc_number) != join.doc
        or (vendor.given_names, vendor.surnames) != (join.given_names, join.surnames)
        or vendor.membership(fair_ids[join.fair_key]) is not None
    ]
    if changed:
        raise WriteConflictError(
            lazy_n(
                len(changed),
                "Otra persona acaba de cambiar el registro de {names}; no se importó nada. "
                "Vuelva a cargar el archivo.",
                "Otra persona acaba de cambiar el registro de {n} expositores de este archivo "
                "({names}); no se importó nada. Vuelva a cargar el archivo.",
                names=", ".join(changed[:5]),
            )
        )
    for join in joins:
        vendor = found[join.vendor_id]
        before = vendors.snapshot(vendor)
        fair = session.get(Fair, fair_ids[join.fair_key])
        vendor.memberships.append(
            Membership(
                fair=fair,
                fair_id=fair.id,
                stall=join.stall,
                status=ACTIVE,
                registered_on=join.registered_on,
            )
        )
        audit.record(
            session, actor, "update", "vendor", vendor.id, before, vendors.snapshot(vendor),
            reason=f"{source}, fila {join.row}",
        )  # fmt: skip
    session.flush()
