"""Replacing the demo fair: what counts as real data (which a replacement would lose), the
copy taken first, and the removal, which keeps the audit trail and the accounts."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from agroferia.core import audit
from agroferia.core.models import (
    Attendance,
    AuditLog,
    Fair,
    FairDay,
    Fee,
    LaterPayment,
    Membership,
    PresenceSummary,
    Product,
    Receipt,
    ReceiptLine,
    Sale,
    SalesSummary,
    Vendor,
    vendor_category,
    vendor_product,
)
from agroferia.i18n import lazy

REAL_DATA_REFUSAL = lazy(
    "La base de datos tiene datos reales, no solo los de la demostración; reemplazarla los "
    "borraría. Si de verdad quiere borrarlos, use --replace --discard-real-data (se guarda "
    "una copia antes)."
)


def has_data(session: Session) -> bool:
    for model in (Vendor, Fair, Sale, FairDay):
        if session.scalar(select(func.count()).select_from(model)):
            return True
    return False


# what a replaced demo deletes; a change to any of them after the demo was built is real data
DATA_ENTITIES = (
    "fair", "fair_day", "vendor", "sale", "fee", "later_payment", "receipt", "attendance"
)  # fmt: skip


def _count(session: Session, model: type) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def _fairs(session: Session) -> list[int]:
    return sorted(session.scalars(select(Fair.id)))


def _demo_fairs(fair_id: int | None, built: dict) -> list[int] | None:
    """The fairs a demo's audit entry names: its fair and a network's other fairs (None
    when the entry is not one the demo writes)."""
    others = built.get("other_fairs", [])
    if not isinstance(others, list) or not all(type(f) is int for f in [fair_id, *others]):
        return None
    return sorted([fair_id, *others])


def has_real_data(session: Session) -> bool:
    """Whether the database holds anything the demo did not make (and replacing would lose).

    The demo's own data are what its last build recorded (its ``demo`` audit entry names
    the fair, and a network's other fairs (``core.demo_network``), and counts the vendors,
    fair days and sales it wrote, and a network's memberships): any other fair, any row
    beyond those counts, any later payment or receipt, or any audit entry after the build
    that changed a fair, fair day, vendor, sale, fee or attendance (an exported record
    changes nothing) is real data.  Data without such an entry (made by hand or imported) are real."""
    if not has_data(session):
        return False
    marker = session.scalars(
        select(AuditLog)
        .where(AuditLog.action == "demo", AuditLog.entity == "fair")
        .order_by(AuditLog.id.desc())
        .limit(1)
    ).first()
    if marker is None:
        return True
    try:
        built = json.loads(marker.after or "{}")
    except ValueError:
        return True
    if not isinstance(built, dict):
        return True
    if _fairs(session) != _demo_fairs(marker.entity_id, built):
        return True
    if _count(session, LaterPayment) or _count(session, Receipt):
        return True
    counted = [(Vendor, "vendors"), (FairDay, "fair_days"), (Sale, "sales")]
    if "memberships" in built:  # a network's demo counts its producers' memberships
        counted.append((Membership, "memberships"))
    for model, key in counted:
        if _count(session, model) != built.get(key):
            return True
    changed = session.scalar(
        select(func.count())
        .select_from(AuditLog)
        .where(
            AuditLog.id > marker.id,
            AuditLog.entity.in_(DATA_ENTITIES),
            AuditLog.action != "export",
        )
    )
    return bool(changed)


def backup_before_replace(location: str | Path) -> Path:
    """A backup of the database taken before the demo replaces its data, among the
    automatic backups (kept apart from the rotation, like the copies before a restore)."""
    from agroferia.core import backup

    return backup.automatic(location, reason=backup.BEFORE_DEMO).backup.path


def clear_data(session: Session, actor: str, backup: str | None) -> None:
    """Removes vendors, fairs, fair days, sales, fees, their later payments and receipts, and
    the products that came with them (unreviewed, into which nothing was merged); the audit
    trail (which keeps the history of what is removed), the accounts, the settings and the
    reviewed catalogue stay, and the trail records the replacement with what it removed."""
    removed = {
        "fairs": sorted(session.scalars(select(Fair.name))),
        "vendors": _count(session, Vendor),
        "fair_days": _count(session, FairDay),
        "sales": _count(session, Sale),
        "sales_cents": session.scalar(select(func.coalesce(func.sum(Sale.amount_cents), 0))),
        "fees": _count(session, Fee),
        "backup": backup,  # where the caller copied them (None: no copy)
    }
    for table in (ReceiptLine, Receipt, SalesSummary, PresenceSummary, Sale, LaterPayment, Fee,
                  Attendance, FairDay):  # fmt: skip
        session.execute(delete(table))
    session.execute(delete(vendor_category))
    session.execute(delete(vendor_product))
    targets = select(Product.merged_into_id).where(Product.merged_into_id.is_not(None))
    while session.execute(  # a chain of merged names goes from its first link on
        delete(Product).where(Product.reviewed.is_(False), Product.id.not_in(targets))
    ).rowcount:
        pass
    session.execute(delete(Membership))
    session.execute(delete(Vendor))
    session.execute(delete(Fair))
    audit.record(session, actor, "replace", "demo", None, before=removed)
