"""How the person export names what it shows: field labels, the audit trail's actions and
entities, and stored values as a person reads them (dates dd/mm/aaaa, money, words for
codes)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from agroferia.core import labels, privacy, vendors
from agroferia.core.money import to_cents
from agroferia.core.privacy.person import AuditRecord
from agroferia.i18n import Text, _, lazy
from agroferia.reports import common
from agroferia.reports.pdf_layout import money

FIELD_LABELS: dict[str, Text] = {
    "code": lazy("Código"),
    **vendors.LABELS,
    "anonymized_at": lazy("Datos anonimizados el"),
    "created_at": lazy("Registrado en la aplicación el"),
    "updated_at": lazy("Último cambio"),
    # in the audit trail's snapshots of sales, fees and payments
    "amount_cents": lazy("Monto"),
    "due_cents": lazy("Cuota"),
    "paid_cents": lazy("Pagado"),
    "payment_method": lazy("Medio de pago"),
    "received_on": lazy("Recibido el"),
    "category_id": lazy("Rubro"),
    "product_id": lazy("Producto"),
    "main_category_id": lazy("Rubro principal"),
    "fair_id": lazy("Feria"),
    "format": lazy("Formato"),
    "ubigeo": lazy("Ubigeo"),
    "birth_date_kept": lazy("Fecha de nacimiento conservada"),
    # a statement of participation and sales issued to them
    "verification": lazy("Código de verificación"),
    "from": lazy("Desde"),
    "to": lazy("Hasta"),
    "issued_on": lazy("Emitida el"),
    "days_present": lazy("Jornadas presente"),
    "sales": lazy("Ventas"),
    "fees_due": lazy("Cuotas"),
    "fees_paid": lazy("Cuotas pagadas"),
}
ACTIONS: dict[str, Text] = {
    "create": lazy("registro"),
    "import": lazy("importación"),
    "update": lazy("cambio"),
    "status": lazy("cambio de estado"),
    "delete": lazy("borrado"),
    "payment": lazy("pago"),
    "present": lazy("presente"),
    "absent": lazy("ausente"),
    "export": lazy("entrega de sus datos"),
    "statement": lazy("constancia de participación y ventas"),
    "anonymize": lazy("anonimización"),
}
ENTITIES: dict[str, Text] = {
    "vendor": lazy("Expositor"),
    "sale": lazy("Venta"),
    "fee": lazy("Cuota"),
    "attendance": lazy("Asistencia"),
    "later_payment": lazy("Pago posterior"),
}
# snapshot keys that only tie records together (shown in the JSON, not in the PDF)
LINKS = {"id", "vendor_id", "fair_day_id", "fee_id", "search_key", "entered_by", "entered_at",
         "recorded_by", "recorded_at", "paid_at", "created_at", "updated_at", "other_categories"}  # fmt: skip
# amounts recorded as text in soles (``1234.50``): a statement's totals
SOLES = {"sales", "fees_due", "fees_paid"}
PRECISION: dict[str, Text] = {
    "none": lazy("ninguna"),
    "year": lazy("solo el año"),
    "month": lazy("año y mes"),
    "day": lazy("una fecha a menos de un mes de la real"),
}


def value_text(key: str, value: Any) -> str:
    """A stored value as a person reads it."""
    if value is None or value == "" or value == []:
        return "—"
    if value == privacy.REMOVED:
        return _("(anonimizado)")
    if isinstance(value, bool):
        return _("Sí") if value else _("No")
    if key.endswith("_cents") and isinstance(value, int):
        return money(value)
    if isinstance(value, dt.datetime):
        return common.local_time(value).strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return common.date_text(value)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    words = {
        "sex": labels.SEX, "status": labels.VENDOR_STATUS, "consent": labels.CONSENT,
        "consent_how": labels.CONSENT_HOW, "payment_method": labels.PAYMENT_METHOD,
        "birth_date_kept": PRECISION,
    }.get(key, {})  # fmt: skip
    if value in words:
        return words[value].render()
    if isinstance(value, str) and key in SOLES:
        return money(to_cents(Decimal(value)))
    if isinstance(value, str) and (key.endswith(("_on", "_date")) or key in ("from", "to")):
        try:
            return common.date_text(dt.date.fromisoformat(value))
        except ValueError:
            return value
    return str(value)


def memberships_text(fairs: list, names: dict[int, str]) -> str:
    """The fairs of a vendor's snapshot: «Feria X (puesto A-12, activo, desde 01/03/2025)»."""
    parts = []
    for m in fairs:
        if not isinstance(m, dict):
            continue
        details = [
            _("puesto {stall}", stall=value_text("stall", m["stall"])) if m.get("stall") else "",
            value_text("status", m.get("status")),
            _("desde {date}", date=value_text("registered_on", m.get("registered_on"))),
        ]
        name = names.get(m.get("fair"), str(m.get("fair")))
        parts.append(f"{name} ({', '.join(d for d in details if d)})")
    return "; ".join(parts) or "—"


def label(key: str) -> str:
    text = FIELD_LABELS.get(key)
    return text.render() if text else key


def describe(entry: AuditRecord, names: dict[str, dict[int, str]]) -> str:
    """What an audit entry recorded, field by field (``Teléfono: de 987654321 a 912345678``);
    a record made whole (registered, imported) lists only the fields it filled."""
    before, after = entry.before or {}, entry.after or {}

    def shown(key: str, value: Any) -> str:
        if key == "fairs" and isinstance(value, list):
            return memberships_text(value, names.get("fair_id", {}))
        if key == "products" and isinstance(value, list):  # ids of the catalogue
            named = names.get("products", {})
            return value_text(key, [named.get(v, v) for v in value])
        if isinstance(value, list | dict):
            return value_text(key, value)
        named = names.get(key, {})
        return named.get(value, str(value)) if value in named else value_text(key, value)

    parts = []
    for key in [*after, *(k for k in before if k not in after)]:
        if key in LINKS:
            continue
        old, new = before.get(key), after.get(key)
        if key in before and key in after:
            parts.append(_("{field}: de {old} a {new}", field=label(key),
                           old=shown(key, old), new=shown(key, new)))  # fmt: skip
        elif key in after and new is None:
            continue
        else:
            value = new if key in after else old
            parts.append(f"{label(key)}: {shown(key, value)}")
    if entry.reason:
        parts.append(_("Motivo: {reason}", reason=value_text("reason", entry.reason)))
    return "; ".join(parts)
