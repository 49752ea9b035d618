"""The history of a cell of the fair-day sheet: who changed it, when, from what to what,
read from the audit trail and described for people."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from agroferia.core import audit, labels
from agroferia.core.day_sheet import AMOUNT, CORRECTION, DUE, PAID, PRESENT
from agroferia.core.models import AuditLog, Category, Fee, Sale
from agroferia.core.money import format_money
from agroferia.i18n import lazy


@dataclass(frozen=True)
class Change:
    """One change of a cell, from the audit trail, described for people."""

    at: dt.datetime  # naive UTC, as stored
    actor: str  # the account's display name, else the actor recorded
    text: str
    reason: str | None


def _reason(stored: str | None) -> str | None:
    """The sheet's own reason, stored in Spanish, in the language of the window."""
    return lazy("corrección en la hoja de la jornada").render() if stored == CORRECTION else stored


def _money_of(data: dict, key: str) -> str:
    return format_money(int(data.get(key) or 0), cents=True)


def _method_of(data: dict) -> str:
    return labels.PAYMENT_METHOD.get(data.get("payment_method") or "", lazy("?")).render()


def _describe_sale(entry: AuditLog, names: dict[int, str]) -> str:
    before = json.loads(entry.before) if entry.before else {}
    after = json.loads(entry.after) if entry.after else {}
    if entry.action in ("create", "import"):
        return lazy("Venta anotada: {amount} en {category} ({method})",
                    amount=_money_of(after, "amount_cents"),
                    category=names.get(after.get("category_id"), "?"),
                    method=_method_of(after)).render()  # fmt: skip
    if entry.action == "delete":
        return lazy("Venta borrada: {amount} en {category}",
                    amount=_money_of(before, "amount_cents"),
                    category=names.get(before.get("category_id"), "?")).render()  # fmt: skip
    parts = []
    if "amount_cents" in after:
        parts.append(lazy("monto {old} → {new}", old=_money_of(before, "amount_cents"),
                          new=_money_of(after, "amount_cents")).render())  # fmt: skip
    if "payment_method" in after:
        parts.append(lazy("medio de pago {old} → {new}", old=_method_of(before),
                          new=_method_of(after)).render())  # fmt: skip
    if "category_id" in after:
        parts.append(lazy("rubro {old} → {new}", old=names.get(before.get("category_id"), "?"),
                          new=names.get(after.get("category_id"), "?")).render())  # fmt: skip
    return lazy("Venta corregida: {what}", what=", ".join(parts)).render()


def _describe_fee(entry: AuditLog) -> str:
    before = json.loads(entry.before) if entry.before else {}
    after = json.loads(entry.after) if entry.after else {}
    parts = []
    for key, label in (("due_cents", lazy("cuota")), ("paid_cents", lazy("pagado"))):
        if key in after and (entry.action == "create" or before.get(key) != after.get(key)):
            if entry.action == "create":
                parts.append(f"{label.render()} {_money_of(after, key)}")
            else:
                parts.append(f"{label.render()} {_money_of(before, key)} → {_money_of(after, key)}")
    if entry.action == "payment":
        text = lazy("Pago registrado: {what}", what=", ".join(parts)).render()
        if after.get("received_on"):
            received = dt.date.fromisoformat(after["received_on"]).strftime("%d/%m/%Y")
            text += " " + lazy("({method}, recibido el {date})", method=_method_of(after),
                               date=received).render()  # fmt: skip
        return text
    return lazy("Cuota: {what}", what=", ".join(parts)).render()


def _entries_about(session: Session, entity: str, ids: set[int], patterns: list[str]) -> list:
    """The audit entries of ``entity`` rows ``ids`` and of any row whose recorded values
    start with one of ``patterns`` (rows since deleted)."""
    like = [AuditLog.after.like(f"%{p}%") for p in patterns]
    like += [AuditLog.before.like(f"%{p}%") for p in patterns]
    if ids:
        like.append(AuditLog.entity_id.in_(ids))
    stmt = select(AuditLog).where(AuditLog.entity == entity, or_(*like))
    return list(session.scalars(stmt.order_by(AuditLog.at, AuditLog.id)))


def history(
    session: Session, fair_day_id: int, vendor_id: int, what: str, category_id: int | None = None
) -> list[Change]:
    """Who changed a cell of the sheet, when, from what to what: oldest first. Sales
    entries, attendance and fees are found by their ids and, for rows since deleted, by the
    values the audit trail kept of them."""
    key = f'"fair_day_id": {fair_day_id}, "vendor_id": {vendor_id}'
    who = audit.display_names(session)
    if what == PRESENT:
        found = _entries_about(session, "attendance", set(), [key + "}"])
        return [
            Change(e.at, who(e.user_id, e.actor),
                   (lazy("Marcado presente") if e.action == "present" else lazy("Marcado ausente")).render(),
                   _reason(e.reason))
            for e in found
        ]  # fmt: skip
    if what in (DUE, PAID):
        ids = set(
            session.scalars(
                select(Fee.id).where(Fee.fair_day_id == fair_day_id, Fee.vendor_id == vendor_id)
            )
        )
        found = _entries_about(session, "fee", ids, [key + ","])
        return [
            Change(e.at, who(e.user_id, e.actor), _describe_fee(e), _reason(e.reason))
            for e in found
        ]
    stmt = select(Sale.id).where(Sale.fair_day_id == fair_day_id, Sale.vendor_id == vendor_id)
    pattern = key + ", "
    if what == AMOUNT and category_id is not None:
        stmt = stmt.where(Sale.category_id == category_id)
        pattern += f'"category_id": {category_id},'
    found = _entries_about(session, "sale", set(session.scalars(stmt)), [pattern])
    names = dict(session.execute(select(Category.id, Category.name)).all())
    return [
        Change(e.at, who(e.user_id, e.actor), _describe_sale(e, names), _reason(e.reason))
        for e in found
    ]
