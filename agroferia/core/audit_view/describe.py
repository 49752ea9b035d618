"""An audit entry described for people: who (the account's display name, else the actor
recorded before accounts existed), the record's code, and a short summary of what changed.

Nothing here ever shows a vendor's personal data: a vendor's record is named by its code
(EXP-0012), and the personal fields of its snapshots (everything but
``privacy.anonymize.KEPT``: names, document, birth date, phone, e-mail, places, notes…) are
named as changed, never with their values; ``scrubbed`` drops them from a snapshot."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from agroferia.core import audit
from agroferia.core.models import Category, Fair, FairDay, Fee, LaterPayment, User, Vendor
from agroferia.core.money import format_money
from agroferia.core.privacy.anonymize import KEPT
from agroferia.i18n import Text, lazy

ACTION_LABELS: dict[str, Text] = {
    "create": lazy("alta"),
    "update": lazy("cambio"),
    "delete": lazy("borrado"),
    "import": lazy("importación"),
    "replace": lazy("reemplazo"),
    "status": lazy("cambio de estado"),
    "export": lazy("exportación"),
    "statement": lazy("constancia de ventas"),
    "anonymize": lazy("anonimización"),
    "close": lazy("cierre"),
    "reopen": lazy("reapertura"),
    "present": lazy("presente"),
    "absent": lazy("ausente"),
    "payment": lazy("pago"),
    "void": lazy("anulación"),
    "merge": lazy("unión"),
    "demo": lazy("datos de demostración"),
    "rebuild": lazy("reconstrucción"),
    "reset_password": lazy("contraseña restablecida"),
    "change_password": lazy("contraseña cambiada"),
}
ENTITY_LABELS: dict[str, Text] = {
    "vendor": lazy("expositor"),
    "sale": lazy("venta"),
    "fee": lazy("cuota"),
    "later_payment": lazy("pago posterior"),
    "receipt": lazy("recibo"),
    "attendance": lazy("asistencia"),
    "fair": lazy("feria"),
    "fair_day": lazy("jornada"),
    "category": lazy("rubro"),
    "product": lazy("producto"),
    "setting": lazy("configuración"),
    "user": lazy("cuenta"),
    "padron": lazy("padrón"),
    "audit_log": lazy("registro de cambios"),
    "demo": lazy("demostración"),
    "sales_summary": lazy("resúmenes de las estadísticas"),
}
_VENDOR_COLUMNS = frozenset(Vendor.__table__.c.keys()) | {"other_categories", "products"}
# typed text that may name anyone, whatever the record: named as changed, never shown
_FREE_TEXT = frozenset({"notes", "void_reason"})
_SHORT = 40  # characters of a value shown in a summary
_LONG = 160  # characters of a whole summary


def label(labels: dict[str, Text], key: str) -> str:
    text = labels.get(key)
    return text.render() if text is not None else key


# a vendor's personal values outside its columns: the stall of older entries (a column then)
# and the stall at each fair, in ``fairs``
_VENDOR_OTHERS = frozenset({"stall", "fairs"})


def personal(entity: str, key: str) -> bool:
    """Whether ``key`` of an ``entity`` snapshot holds a vendor's personal data."""
    return entity == "vendor" and (
        (key in _VENDOR_COLUMNS and key not in KEPT) or key in _VENDOR_OTHERS
    )


def scrubbed(entity: str, data: dict[str, Any] | None) -> dict[str, Any] | None:
    """The snapshot without a vendor's personal fields nor free text."""
    if data is None:
        return None
    return {k: v for k, v in data.items() if not personal(entity, k) and k not in _FREE_TEXT}


def _loads(text: str | None) -> dict[str, Any] | None:
    if not text:
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def _value(key: str, value: Any) -> str:
    if value is None:
        return "—"
    if key.endswith("_cents") and isinstance(value, int):
        return format_money(value, cents=True)
    if isinstance(value, bool):
        return lazy("sí").render() if value else lazy("no").render()
    text = " ".join(str(value).split())
    return text if len(text) <= _SHORT else text[: _SHORT - 1] + "…"


def summary(entity: str, before: dict | None, after: dict | None) -> str:
    """What changed, in one short line: ``field: old → new`` for a change, the values of a
    new or deleted record, and only the names of personal or free-text fields."""
    parts: list[str] = []
    hidden: list[str] = []
    if before is not None and after is not None:
        for key in sorted(set(before) | set(after)):
            if personal(entity, key) or key in _FREE_TEXT:
                hidden.append(key)
            else:
                old, new = _value(key, before.get(key)), _value(key, after.get(key))
                parts.append(f"{key}: {old} → {new}")
    else:
        data = after if after is not None else before or {}
        for key, value in data.items():
            if personal(entity, key) or key in _FREE_TEXT:
                hidden.append(key)
            elif key not in ("id", "created_at", "updated_at"):
                parts.append(f"{key}: {_value(key, value)}")
    if hidden:  # first, so that a long line never cuts it off
        parts.insert(0, lazy("cambió: {fields}", fields=", ".join(hidden)).render()
                     if before is not None and after is not None
                     else lazy("con datos personales").render())  # fmt: skip
    text = "; ".join(parts)
    return text if len(text) <= _LONG else text[: _LONG - 1] + "…"


class Describer:
    """Describes the entries of one page, looking up the names and codes it needs once."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.who = audit.display_names(session)

    def entries(self, rows: Iterable[Any]) -> list:
        from agroferia.core.audit_view.query import Entry

        rows = list(rows)
        snapshots = [(_loads(r.before), _loads(r.after)) for r in rows]
        codes = self._codes(rows, snapshots)
        return [
            Entry(
                id=r.id, at=r.at, who=self.who(r.user_id, r.actor), action=r.action,
                entity=r.entity, entity_id=r.entity_id, code=codes[i],
                summary=summary(r.entity, *snapshots[i]), reason=r.reason,
                before=r.before, after=r.after,
            )
            for i, r in enumerate(rows)
        ]  # fmt: skip

    # codes -----------------------------------------------------------------------------
    def _codes(self, rows: list, snapshots: list) -> list[str]:
        def vendor_of(i: int) -> int | None:
            for data in snapshots[i]:
                if data and isinstance(data.get("vendor_id"), int):
                    return data["vendor_id"]
            return None

        ids: dict[str, set[int]] = {}
        for r in rows:
            if r.entity_id is not None:
                ids.setdefault(r.entity, set()).add(r.entity_id)
        fee_vendor = self._map(select(Fee.id, Fee.vendor_id), Fee.id, ids.get("fee"))
        later_vendor = self._map(
            select(LaterPayment.id, Fee.vendor_id).join(Fee, Fee.id == LaterPayment.fee_id),
            LaterPayment.id, ids.get("later_payment"),
        )  # fmt: skip
        owners: list[int | None] = []
        for i, r in enumerate(rows):
            owner = vendor_of(i)
            if r.entity == "vendor":
                owner = r.entity_id
            elif r.entity == "fee":
                owner = fee_vendor.get(r.entity_id, owner)
            elif r.entity == "later_payment":
                owner = later_vendor.get(r.entity_id, owner)
            owners.append(owner)
        vendor_codes = self._map(select(Vendor.id, Vendor.code), Vendor.id,
                                 {o for o in owners if o is not None})  # fmt: skip
        fairs = self._map(select(Fair.id, Fair.name), Fair.id,
                          ids.get("fair", set()) | ids.get("padron", set()))  # fmt: skip
        days = self._map(select(FairDay.id, FairDay.date), FairDay.id, ids.get("fair_day"))
        categories = self._map(select(Category.id, Category.name), Category.id,
                               ids.get("category"))  # fmt: skip
        users = self._map(select(User.id, User.username), User.id, ids.get("user"))
        codes = []
        for r, owner in zip(rows, owners, strict=True):
            if owner is not None and owner in vendor_codes:
                code = vendor_codes[owner]
            elif r.entity in ("fair", "padron"):
                code = fairs.get(r.entity_id, "")
            elif r.entity == "fair_day" and r.entity_id in days:
                code = days[r.entity_id].strftime("%d/%m/%Y")
            elif r.entity == "category":
                code = categories.get(r.entity_id, "")
            elif r.entity == "user":
                code = users.get(r.entity_id, "")
            else:
                code = ""
            if not code and r.entity_id is not None:
                code = f"#{r.entity_id}"
            codes.append(code)
        return codes

    def _map(self, stmt: Any, key: Any, wanted: set[int] | None) -> dict[int, Any]:
        if not wanted:
            return {}
        return dict(self.session.execute(stmt.where(key.in_(wanted))).all())
