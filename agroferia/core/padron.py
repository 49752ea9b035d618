"""The padrón: the organization's own register of its vendors, with their personal data.

Exporting it is exporting personal data (Ley 29733): the service checks who asks (an
account whose role is neither admin nor organizer is refused) and writes each export to the
audit log: who, when, how many people, which fair and period; never anyone's data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from agroferia.core import accounts, audit
from agroferia.core.accounts import Right
from agroferia.core.age import age_on
from agroferia.core.collation import name_key, text_key
from agroferia.core.models import AuditLog, Membership, Vendor
from agroferia.core.network import memberships
from agroferia.i18n import lazy

ENTITY = "padron"  # the audit log's entity for exports of the padrón
EXPORT = "export"


@dataclass(frozen=True)
class PadronRow:
    code: str
    surnames: str
    given_names: str
    doc_type: str
    doc_number: str
    sex: str
    birth_date: dt.date | None
    age: int | None  # today
    phone: str | None
    email: str | None
    region: str | None
    province: str | None
    district: str | None
    association: str | None
    main_category: str
    other_categories: tuple[str, ...]
    products: tuple[str, ...]  # what they offer, in dictionary order
    stall: str | None
    status: str
    fair: str | None
    sgp_certified: bool
    sgp_expires_on: dt.date | None
    registered_on: dt.date
    notes: str | None
    consent: str  # given / refused / not_recorded (Ley 29733)
    consent_how: str | None
    consent_on: dt.date | None


def rows(
    session: Session, fair_id: int | None = None, today: dt.date | None = None
) -> list[PadronRow]:
    """Every vendor (of the fair, if given), whatever its status, by surname."""
    today = today or dt.date.today()
    stmt = select(Vendor).options(
        selectinload(Vendor.main_category),
        selectinload(Vendor.other_categories),
        selectinload(Vendor.products),
        selectinload(Vendor.memberships).selectinload(Membership.fair),
    )
    if fair_id is not None:
        stmt = stmt.where(memberships.member_of(fair_id))
    vendors = sorted(session.scalars(stmt), key=lambda v: name_key(v.surnames, v.given_names, v.id))
    return [
        PadronRow(
            code=v.code,
            surnames=v.surnames,
            given_names=v.given_names,
            doc_type=v.doc_type,
            doc_number=v.doc_number,
            sex=v.sex,
            birth_date=v.birth_date,
            age=age_on(v.birth_date, today) if v.birth_date else None,
            phone=v.phone,
            email=v.email,
            region=v.region,
            province=v.province,
            district=v.district,
            association=v.association,
            main_category=v.main_category.name,
            other_categories=tuple(sorted((c.name for c in v.other_categories), key=text_key)),
            products=tuple(sorted((p.name for p in v.products), key=text_key)),
            stall=memberships.stall_at(v, fair_id),
            status=memberships.status_at(v, fair_id),
            fair=memberships.fair_names(v),
            sgp_certified=bool(v.sgp_certified),
            sgp_expires_on=v.sgp_expires_on,
            registered_on=memberships.registered_at(v, fair_id),
            notes=v.notes,
            consent=v.consent,
            consent_how=v.consent_how,
            consent_on=v.consent_on,
        )
        for v in vendors
    ]


def count(session: Session, fair_id: int | None = None) -> int:
    """How many people ``rows`` would give."""
    stmt = select(func.count()).select_from(Vendor)
    if fair_id is not None:
        stmt = stmt.where(memberships.member_of(fair_id))
    return session.scalar(stmt) or 0


def check_may_export(session: Session, actor: str) -> None:
    """Refuses (``NotAllowedError``) an account that may not take personal data out of
    the app."""
    accounts.require(
        session,
        actor,
        accounts.Right.PERSONAL_DATA,
        refusal=lazy(
            "El padrón tiene datos personales: solo una cuenta de administrador o de "
            "organizador puede exportarlo."
        ),
    )


def record_export(
    session: Session,
    actor: str,
    *,
    people: int,
    fair_id: int | None,
    fair: str | None,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> AuditLog:
    """The audit entry of one export: who (``actor``), when (the entry's time), how many
    people, which fair and period."""
    accounts.require(session, actor, Right.PERSONAL_DATA)
    return audit.record(
        session,
        actor,
        EXPORT,
        ENTITY,
        fair_id,
        after={
            "people": people,
            "fair": fair,
            "from": start.isoformat() if start else None,
            "to": end.isoformat() if end else None,
        },
    )


def exports(session: Session) -> list[AuditLog]:
    """The padrón's exports, oldest first."""
    return list(
        session.scalars(
            select(AuditLog)
            .where(AuditLog.entity == ENTITY, AuditLog.action == EXPORT)
            .order_by(AuditLog.at, AuditLog.id)
        )
    )
