"""The vendor roster as the registry table shows it: every vendor in two queries, with what
the table filters on (rubros, sex, youth today, status, region, consent) and the SGP badge.

An anonymized vendor's birth date is only what the statistics of their past fair days
need (``core.privacy.birth``): the roster shows no age for them."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from agroferia.core import settings
from agroferia.core.age import age_on
from agroferia.core.collation import name_key
from agroferia.core.models import (
    Category,
    Fair,
    Membership,
    Vendor,
    VendorStatus,
    vendor_category,
)
from agroferia.core.network.memberships import stalls_text
from agroferia.core.people import Named
from agroferia.core.privacy import consent as consent_rules
from agroferia.core.ubigeo import fold

SGP_WARNING_DAYS = 30

# SGP certification states, for the badge
SGP_NONE, SGP_VALID, SGP_EXPIRING, SGP_EXPIRED = "none", "valid", "expiring", "expired"


def stall_key(stall: str | None) -> tuple:
    """A-2 before A-10: letters compared as text, numbers as numbers; no stall last."""
    if not stall:
        return (1, ())
    parts = re.split(r"(\d+)", stall.casefold())
    return (0, tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts if p))


def sgp_state(certified: bool, expires_on: dt.date | None, today: dt.date) -> str:
    """Expired, expiring within 30 days, valid, or none. A certificate without an expiry
    date counts as valid."""
    if not certified:
        return SGP_NONE
    if expires_on is None:
        return SGP_VALID
    if expires_on < today:
        return SGP_EXPIRED
    if (expires_on - today).days <= SGP_WARNING_DAYS:
        return SGP_EXPIRING
    return SGP_VALID


@dataclass(frozen=True, slots=True)
class RosterRow(Named):
    id: int
    code: str
    given_names: str
    surnames: str
    doc_type: str
    doc_number: str
    sex: str
    birth_date: dt.date | None
    age: int | None  # today
    young: bool  # today, with the configured youth range
    phone: str | None
    region: str | None
    province: str | None
    district: str | None
    association: str | None
    main_category_id: int
    main_category: str
    category_ids: frozenset[int]  # the main one and the others
    stall: str | None
    status: str
    sgp: str  # one of SGP_*
    sgp_expires_on: dt.date | None
    fair: str | None
    search_key: str  # upper case without accents: names, document, association, code
    consent: str = consent_rules.NOT_RECORDED  # a Consent value
    anonymized: bool = False
    # the fairs the vendor belongs to -> (the stall, the status) there; ``stall`` and ``fair``
    # name them all
    places: Mapping[int, tuple[str | None, str]] = field(default_factory=dict, hash=False)

    def at_fair(self, fair_id: int) -> RosterRow:
        """The row as one fair's registry shows it: the stall and the status there (the
        vendor's own status when it is not active)."""
        stall, status = self.places[fair_id]
        return replace(self, stall=stall, status=status if self.status == ACTIVE else self.status)

    @property
    def without_consent(self) -> bool:
        """Holds personal data without the person's consent recorded as given."""
        return consent_rules.missing(self.consent, self.anonymized)


def roster(session: Session, today: dt.date | None = None) -> list[RosterRow]:
    """Every vendor, whatever its status, by surname."""
    today = today or dt.date.today()
    low, high = settings.youth_range(session)
    others: dict[int, set[int]] = {}
    for vendor_id, category_id in session.execute(
        select(vendor_category.c.vendor_id, vendor_category.c.category_id)
    ):
        others.setdefault(vendor_id, set()).add(category_id)
    stmt = select(Vendor.__table__, Category.name.label("category_name")).join(
        Category, Category.id == Vendor.main_category_id
    )
    places: dict[int, list[tuple[int, str, str | None, str]]] = {}
    for vendor_id, *place in session.execute(
        select(Membership.vendor_id, Membership.fair_id, Fair.name, Membership.stall,
               Membership.status)
        .join(Fair, Fair.id == Membership.fair_id)
        .order_by(Membership.id)
    ):  # fmt: skip
        places.setdefault(vendor_id, []).append(tuple(place))
    rows = []
    for r in session.execute(stmt).mappings():
        anonymized = r["anonymized_at"] is not None
        born = None if anonymized else r["birth_date"]
        age = age_on(born, today) if born else None
        rows.append(
            RosterRow(
                id=r["id"],
                code=r["code"],
                given_names=r["given_names"],
                surnames=r["surnames"],
                doc_type=r["doc_type"],
                doc_number=r["doc_number"],
                sex=r["sex"],
                birth_date=born,
                age=age,
                young=age is not None and low <= age <= high,
                phone=r["phone"],
                region=r["region"],
                province=r["province"],
                district=r["district"],
                association=r["association"],
                main_category_id=r["main_category_id"],
                main_category=r["category_name"],
                category_ids=frozenset({r["main_category_id"], *others.get(r["id"], ())}),
                stall=stalls_text((p[1], p[2]) for p in places.get(r["id"], ())),
                status=r["status"],
                sgp=sgp_state(r["sgp_certified"], r["sgp_expires_on"], today),
                sgp_expires_on=r["sgp_expires_on"],
                fair="; ".join(p[1] for p in places.get(r["id"], ())) or None,
                search_key=r["search_key"],
                consent=r["consent"],
                anonymized=anonymized,
                places={f: (stall, state) for f, _n, stall, state in places.get(r["id"], ())},
            )
        )
    rows.sort(key=lambda r: name_key(r.surnames, r.given_names, r.id))
    return rows


ACTIVE = VendorStatus.ACTIVE.value
YOUNG, NOT_YOUNG, AGE_UNKNOWN = "young", "not_young", "unknown"
# the consent filter: recorded as given, or not (refused or never asked; anonymized excluded)
CONSENT_GIVEN, CONSENT_MISSING = "given", "missing"


@dataclass(frozen=True)
class RosterFilter:
    """What the registry shows. Every criterion left as None lets every vendor through."""

    text: str = ""  # words searched in names, document number, association and code
    category_id: int | None = None  # main or other rubro
    sex: str | None = None
    age: str | None = None  # YOUNG, NOT_YOUNG or AGE_UNKNOWN
    status: str | None = None
    region: str | None = None  # "" for vendors whose region is not recorded
    consent: str | None = None  # CONSENT_GIVEN or CONSENT_MISSING
    fair_id: int | None = None  # the fair's members, each with the stall there

    def apply(self, rows: list[RosterRow]) -> list[RosterRow]:
        words = fold(self.text).split()
        category, sex, status, region = self.category_id, self.sex, self.status, self.region
        age, consent, fair = self.age, self.consent, self.fair_id
        found = []
        for row in rows:
            if fair is not None:
                if fair not in row.places:
                    continue
                row = row.at_fair(fair)
            if status is not None and row.status != status:
                continue
            if sex is not None and row.sex != sex:
                continue
            if region is not None and (row.region or "") != region:
                continue
            if category is not None and category not in row.category_ids:
                continue
            if age is not None and _age_group(row) != age:
                continue
            if consent is not None and row.without_consent != (consent == CONSENT_MISSING):
                continue
            if consent == CONSENT_GIVEN and row.anonymized:
                continue
            key = row.search_key
            if words and not all(word in key for word in words):
                continue
            found.append(row)
        return found


def _age_group(row: RosterRow) -> str:
    if row.age is None:
        return AGE_UNKNOWN
    return YOUNG if row.young else NOT_YOUNG


@dataclass(frozen=True)
class Counts:
    vendors: int
    women: int
    youth: int
    without_consent: int = 0


def counts(rows: list[RosterRow]) -> Counts:
    return Counts(
        vendors=len(rows),
        women=sum(1 for r in rows if r.sex == "F"),
        youth=sum(1 for r in rows if r.young),
        without_consent=sum(1 for r in rows if r.without_consent),
    )
