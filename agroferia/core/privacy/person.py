"""Everything the app holds about one person, for giving it to them (their right of access):
their registry fields, fairs, each fair day with a record of theirs (present, sales by rubro
and payment method, the fee, what was paid on the day and later), and the entries of the
audit trail that mention them.  ``to_json`` is the portable form; ``reports.person`` prints
it.  Every export is written to the audit trail, without any personal value."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from agroferia.core import accounts, audit, vendors
from agroferia.core import validation as v
from agroferia.core.accounts import Right
from agroferia.core.collation import text_key
from agroferia.core.errors import NotFoundError, OperationError
from agroferia.core.fees import statement
from agroferia.core.models import (
    Attendance,
    Category,
    Fair,
    FairDay,
    Sale,
    Vendor,
    utcnow,
)
from agroferia.core.money import plain
from agroferia.core.network import memberships
from agroferia.core.privacy import trail
from agroferia.i18n import lazy

# the registry fields, in the order a person reads them
REGISTRY_FIELDS = (
    "code", "given_names", "surnames", "doc_type", "doc_number", "sex", "birth_date", "phone",
    "email", "region", "province", "district", "association", "fair", "main_category",
    "other_categories", "products", "stall", "sgp_certified", "sgp_expires_on", "registered_on", "status",
    "notes", "consent", "consent_how", "consent_on", "anonymized_at", "created_at",
    "updated_at",
)  # fmt: skip


@dataclass(frozen=True)
class SaleLine:
    category: str
    method: str  # a PaymentMethod value
    cents: int
    entries: int


@dataclass(frozen=True)
class LaterLine:
    received_on: dt.date
    method: str
    cents: int


@dataclass
class DayRecord:
    """One fair day with any record of the person."""

    date: dt.date
    fair: str
    present: bool = False
    sales: list[SaleLine] = field(default_factory=list)
    fee_due: int | None = None  # céntimos; None: no fee recorded
    fee_paid: int = 0  # on the day itself
    later: list[LaterLine] = field(default_factory=list)  # paid after the day was closed

    @property
    def sales_cents(self) -> int:
        return sum(s.cents for s in self.sales)

    @property
    def paid_later_cents(self) -> int:
        return sum(p.cents for p in self.later)

    @property
    def outstanding_cents(self) -> int:
        return (self.fee_due or 0) - self.fee_paid - self.paid_later_cents


@dataclass(frozen=True)
class AuditRecord:
    at: dt.datetime  # naive UTC
    actor: str
    action: str
    entity: str
    entity_id: int | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    reason: str | None


@dataclass
class PersonData:
    vendor_id: int
    registry: dict[str, Any]  # REGISTRY_FIELDS -> value (names for fair and rubros)
    fairs: list[str]
    days: list[DayRecord]
    audit: list[AuditRecord]
    generated_at: dt.datetime  # naive UTC

    @property
    def full_name(self) -> str:
        return f"{self.registry['given_names']} {self.registry['surnames']}"

    @property
    def days_present(self) -> int:
        return sum(1 for d in self.days if d.present)

    @property
    def sales_cents(self) -> int:
        return sum(d.sales_cents for d in self.days)

    @property
    def fees_due(self) -> int:
        return sum(d.fee_due or 0 for d in self.days)

    @property
    def fees_paid(self) -> int:
        return sum(d.fee_paid + d.paid_later_cents for d in self.days)


def find(session: Session, document: str) -> Vendor:
    """The vendor with that document number (whatever its type), or a clear refusal."""
    number = v.document_key(document)
    found = list(session.scalars(select(Vendor).where(Vendor.doc_number == number).limit(2)))
    if not found:
        raise NotFoundError(
            lazy("No hay ningún expositor con el documento {document}.", document=number)
        )
    if len(found) > 1:
        raise OperationError(
            lazy("Hay más de un expositor con el número {document} (con distinto tipo de "
                 "documento): hágalo desde la ficha del expositor.", document=number)
        )  # fmt: skip
    return found[0]


def gather(session: Session, vendor_id: int, *, now: dt.datetime | None = None) -> PersonData:
    vendor = session.scalars(
        select(Vendor)
        .where(Vendor.id == vendor_id)
        .options(
            selectinload(Vendor.other_categories),
            selectinload(Vendor.main_category),
            selectinload(Vendor.products),
        )
    ).one_or_none()
    if vendor is None:
        vendors.get(session, vendor_id)  # NotFoundError
    assert vendor is not None
    days = _days(session, vendor_id)
    fairs = sorted({*(d.fair for d in days), *(m.fair.name for m in vendor.memberships)},
                   key=text_key)  # fmt: skip
    return PersonData(
        vendor_id=vendor_id,
        registry=_registry(vendor),
        fairs=fairs,
        days=days,
        audit=mentions(session, vendor_id),
        generated_at=now or utcnow(),
    )


def _registry(vendor: Vendor) -> dict[str, Any]:
    names = {
        "fair": memberships.fair_names(vendor),
        "stall": memberships.stall_at(vendor, None),
        "main_category": vendor.main_category.name,
        "other_categories": [c.name for c in vendor.other_categories],
        "products": sorted((p.name for p in vendor.products), key=text_key),
    }
    return {k: names[k] if k in names else getattr(vendor, k) for k in REGISTRY_FIELDS}


def _days(session: Session, vendor_id: int) -> list[DayRecord]:
    by_day: dict[int, DayRecord] = {}

    def day(day_id: int, date: dt.date, fair: str) -> DayRecord:
        return by_day.setdefault(day_id, DayRecord(date, fair))

    of_day = (FairDay.id, FairDay.date, Fair.name)
    for row in session.execute(
        select(*of_day)
        .join(Attendance, Attendance.fair_day_id == FairDay.id)
        .join(Fair, Fair.id == FairDay.fair_id)
        .where(Attendance.vendor_id == vendor_id)
    ):
        day(*row).present = True
    sales: dict[int, list[SaleLine]] = defaultdict(list)
    entries = session.execute(
        select(*of_day, Category.name, Sale.payment_method, Sale.amount_cents, Sale.id)
        .join(Sale, Sale.fair_day_id == FairDay.id)
        .join(Fair, Fair.id == FairDay.fair_id)
        .join(Category, Category.id == Sale.category_id)
        .where(Sale.vendor_id == vendor_id)
    ).all()
    entries.sort(key=lambda e: (e[1], text_key(e[3]), e[4], e[6]))
    for *row, category, method, cents, _sale_id in entries:
        day(*row)
        lines = sales[row[0]]
        if lines and (lines[-1].category, lines[-1].method) == (category, method):
            last = lines.pop()
            lines.append(SaleLine(category, method, last.cents + cents, last.entries + 1))
        else:
            lines.append(SaleLine(category, method, cents, 1))
    for day_id, lines in sales.items():
        by_day[day_id].sales = lines
    for fee in statement(session, vendor_id):
        record = day(fee.fair_day_id, fee.date, fee.fair)
        record.fee_due, record.fee_paid = fee.due_cents, fee.paid_cents
        record.later = [LaterLine(p.received_on, p.method, p.cents) for p in fee.later]
    return sorted(by_day.values(), key=lambda d: (d.date, text_key(d.fair)))


def mentions(session: Session, vendor_id: int) -> list[AuditRecord]:
    """The audit entries about the vendor (``trail.entries_of`` says which): their own
    record's, and those of their sales (deleted ones too), attendance, fees and the later
    payments of those fees."""
    found = []
    for entry in trail.entries_of(session, vendor_id):
        before = json.loads(entry.before) if entry.before else None
        after = json.loads(entry.after) if entry.after else None
        found.append(AuditRecord(entry.at, entry.actor, entry.action, entry.entity,
                                 entry.entity_id, before, after, entry.reason))  # fmt: skip
    return found


def record_export(session: Session, actor: str, vendor_id: int, kind: str) -> None:
    """Writes to the audit trail that the person's data were exported (who, when, which
    vendor, in which format): no personal value."""
    accounts.require(session, actor, Right.PERSONAL_DATA)
    audit.record(session, actor, "export", "vendor", vendor_id, after={"format": kind})


# ------------------------------------------------------------------------------------- JSON


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def to_json(data: PersonData) -> dict[str, Any]:
    """The person's data as JSON: codes as stored (``F``, ``withdrawn``, ``cash``), dates
    ISO 8601, times UTC, money in soles as ``"12345.60"``."""
    return {
        "generated_at": _plain(data.generated_at),
        "vendor": {k: _plain(val) for k, val in data.registry.items()},
        "fairs": data.fairs,
        "totals": {
            "days_present": data.days_present,
            "sales": plain(data.sales_cents),
            "fees_due": plain(data.fees_due),
            "fees_paid": plain(data.fees_paid),
        },
        "days": [
            {
                "date": d.date.isoformat(),
                "fair": d.fair,
                "present": d.present,
                "sales": [
                    {
                        "category": s.category,
                        "payment_method": s.method,
                        "amount": plain(s.cents),
                        "entries": s.entries,
                    }
                    for s in d.sales
                ],
                "sales_total": plain(d.sales_cents),
                "fee": None
                if d.fee_due is None
                else {
                    "due": plain(d.fee_due),
                    "paid_on_the_day": plain(d.fee_paid),
                    "paid_later": [
                        {
                            "received_on": p.received_on.isoformat(),
                            "payment_method": p.method,
                            "amount": plain(p.cents),
                        }
                        for p in d.later
                    ],
                    "outstanding": plain(d.outstanding_cents),
                },
            }
            for d in data.days
        ],
        "audit": [
            {
                "at": _plain(e.at),
                "actor": e.actor,
                "action": e.action,
                "entity": e.entity,
                "entity_id": e.entity_id,
                "before": e.before,
                "after": e.after,
                "reason": e.reason,
            }
            for e in data.audit
        ],
    }
