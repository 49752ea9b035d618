"""Removing a person on request: their vendor record keeps what the figures need, in the least
identifying form, and nothing in the database says any longer who they were.

What stays on the vendor row: the code, the fairs, the registration date, the status
(withdrawn), the consent answer, the sex, the region (departamento) and the main rubro,
exactly as the statistics read them, and a birth date coarsened as ``privacy.birth``
explains.  Everything else goes: names (a neutral name takes their place), document, phone,
e-mail, province, district, association, stalls, notes, other rubros, SGP certification and
the consent's date and form.

The audit trail keeps that the anonymization happened (who, when, which vendor id) but no
longer who the person was: in the vendor's own entries every personal value is replaced by
``REMOVED`` (and so is their free-text reason), and wherever else the trail or a note names
them (their full name in any case or accents, document number, phone or e-mail), those
words are replaced too, as ``privacy.mentions`` finds them: their name is left where it is
part of another registered vendor's longer name, or where another vendor bears the same
one, since it may be theirs.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from agroferia.core import accounts, audit, vendors
from agroferia.core.errors import OperationError
from agroferia.core.models import AuditLog, DocType, FairDay, Vendor, VendorStatus, utcnow
from agroferia.core.privacy import birth
from agroferia.core.privacy.consent import NOT_RECORDED
from agroferia.core.privacy.mentions import Mentions
from agroferia.i18n import lazy

ANONYMOUS = "Persona anonimizada"  # the neutral given name; the code is the surname
REMOVED = "[anonimizado]"  # what replaces a personal value in the audit trail and notes
REFUSED_ROLE = lazy(
    "Anonimizar borra datos personales: solo una cuenta de administrador o de organizador "
    "puede hacerlo."
)
# the vendor columns an anonymized record keeps as they were (everything else is personal)
KEPT = frozenset(
    {"id", "code", "fair_id", "sex", "region", "main_category_id", "status", "registered_on",
     "consent", "created_at", "updated_at", "anonymized_at"}
)  # fmt: skip


@dataclass(frozen=True)
class Anonymized:
    vendor_id: int
    code: str
    birth_date: birth.KeptBirthDate
    audit_entries: int  # entries of the trail whose personal values were replaced
    notes: int  # notes of fair days or other vendors that named the person


def anonymize(
    session: Session, actor: str, vendor_id: int, *, now: dt.datetime | None = None
) -> Anonymized:
    """Anonymizes a withdrawn vendor, in the caller's transaction, which is rolled back on
    any error (OperationError for any other vendor: an active or suspended one, or one
    already anonymized; and for an account that may not remove personal data, as for the
    padrón's export)."""
    now = now or utcnow()
    # who may, before anything is written
    accounts.require(session, actor, accounts.Right.PERSONAL_DATA, refusal=REFUSED_ROLE)
    # check and mark in one statement: the write lock is taken before the vendor is read
    marked = session.execute(
        update(Vendor)
        .where(
            Vendor.id == vendor_id,
            Vendor.status == VendorStatus.WITHDRAWN.value,
            Vendor.anonymized_at.is_(None),
        )
        .values(anonymized_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    vendor = vendors.get(session, vendor_id)  # NotFoundError for an unknown id
    session.refresh(vendor)
    if not marked:
        if vendor.anonymized_at is not None:
            raise OperationError(
                lazy("Los datos de {code} ya fueron anonimizados.", code=vendor.code)
            )
        raise OperationError(
            lazy("Solo se anonimiza a un expositor retirado: retire primero a {name} ({code}) "
                 "en Expositores (Retirar…) y luego anonimice sus datos.",
                 name=vendor.full_name, code=vendor.code)
        )  # fmt: skip
    identity = _mentions(session, vendor)
    kept = birth.keep(vendor.birth_date, birth.record_days(session, vendor_id))
    entries = _scrub_own_entries(session, vendor_id)
    entries += _scrub_texts(session, identity)
    notes = _scrub_notes(session, identity, vendor_id)
    _strip(vendor, kept)
    session.flush()
    audit.record(
        session, actor, "anonymize", "vendor", vendor_id,
        after={"birth_date_kept": kept.precision},
    )  # fmt: skip
    session.flush()
    return Anonymized(vendor_id, vendor.code, kept, entries, notes)


def _strip(vendor: Vendor, kept: birth.KeptBirthDate) -> None:
    vendor.given_names = ANONYMOUS
    vendor.surnames = vendor.code
    # the document cannot be left empty: the code stands in, which no document can equal
    # (a DNI or RUC is digits only, a CE letters and digits without a hyphen)
    vendor.doc_type, vendor.doc_number = DocType.DNI.value, vendor.code
    vendor.birth_date = kept.value
    for field in ("phone", "email", "province", "district", "ubigeo", "association", "notes",
                  "sgp_expires_on", "consent_on", "consent_how"):  # fmt: skip
        setattr(vendor, field, None)
    for membership in vendor.memberships:  # the fairs stay, for their figures; not the stalls
        membership.stall = None
    vendor.sgp_certified = False
    vendor.other_categories = []
    if vendor.consent is None:
        vendor.consent = NOT_RECORDED
    vendor.search_key = vendors.search_key(vendor)


# ------------------------------------------------------------------------- the audit trail


def _personal(key: str) -> bool:
    # the stall was the vendor's own column before it became each fair's (``membership``)
    return key in {"other_categories", "stall"} or (key in Vendor.__table__.c and key not in KEPT)


def _scrub_snapshot(data: dict[str, Any]) -> dict[str, Any]:
    clean = {k: REMOVED if _personal(k) and v is not None else v for k, v in data.items()}
    if isinstance(clean.get("fairs"), list):  # the fairs stay; the stalls there go
        clean["fairs"] = [
            {**m, "stall": REMOVED} if isinstance(m, dict) and m.get("stall") else m
            for m in clean["fairs"]
        ]
    return clean


def _scrub_own_entries(session: Session, vendor_id: int) -> int:
    """The vendor's own entries: their snapshots keep which fields changed and when, with
    every personal value replaced; a reason typed about them goes too."""
    changed = 0
    for entry in audit.history(session, "vendor", vendor_id):
        before, after = _loads(entry.before), _loads(entry.after)
        new_before = _scrub_snapshot(before) if before is not None else None
        new_after = _scrub_snapshot(after) if after is not None else None
        reason = REMOVED if entry.reason else entry.reason
        if (new_before, new_after, reason) != (before, after, entry.reason):
            entry.before, entry.after = _dumps(new_before), _dumps(new_after)
            entry.reason = reason
            changed += 1
    return changed


def _mentions(session: Session, vendor: Vendor) -> Mentions:
    """How the person is named elsewhere, knowing every other registered vendor's name."""
    others = session.execute(
        select(Vendor.given_names, Vendor.surnames).where(
            Vendor.id != vendor.id, Vendor.anonymized_at.is_(None)
        )
    )
    return Mentions.of(vendor.given_names, vendor.surnames, (vendor.doc_number, vendor.phone),
                       vendor.email, others)  # fmt: skip


def _scrub_texts(session: Session, identity: Mentions) -> int:
    """Any other entry of the trail that names the person: the words go, the rest stays."""
    changed = 0
    columns = (AuditLog.before, AuditLog.after, AuditLog.reason)
    for entry in session.scalars(select(AuditLog).where(identity.candidates(columns))):
        before = _deep_scrub(_loads(entry.before), identity)
        after = _deep_scrub(_loads(entry.after), identity)
        reason = identity.scrub(entry.reason, REMOVED) if entry.reason else entry.reason
        new = (_dumps(before), _dumps(after), reason)
        if new != (entry.before, entry.after, entry.reason):
            entry.before, entry.after, entry.reason = new
            changed += 1
    return changed


def _scrub_notes(session: Session, identity: Mentions, vendor_id: int) -> int:
    """Notes of fair days and of other vendors that name the person."""
    changed = 0
    for model in (FairDay, Vendor):
        stmt = select(model).where(identity.candidates([model.notes]))
        for row in session.scalars(stmt):
            if model is Vendor and row.id == vendor_id:
                continue  # their own notes go altogether
            scrubbed = identity.scrub(row.notes, REMOVED)
            if scrubbed != row.notes:
                row.notes = scrubbed
                changed += 1
    return changed


def _deep_scrub(value: Any, identity: Mentions) -> Any:
    if isinstance(value, str):
        return identity.scrub(value, REMOVED)
    if isinstance(value, dict):
        # another vendor's search key is made of their own name and document, never this
        # person's: left as it is (it may fold a longer name that holds theirs)
        return {k: v if k == "search_key" else _deep_scrub(v, identity)
                for k, v in value.items()}  # fmt: skip
    if isinstance(value, list):
        return [_deep_scrub(v, identity) for v in value]
    return value


def _loads(text: str | None) -> Any:
    return json.loads(text) if text is not None else None


def _dumps(value: Any) -> str | None:
    return json.dumps(value, ensure_ascii=False) if value is not None else None
