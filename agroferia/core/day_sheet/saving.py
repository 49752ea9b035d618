"""Writing a sheet: every change of the day, in the caller's transaction, through the
audited services; nothing at all when any cell is wrong, or when what the sheet changes
was changed meanwhile by someone else (a payment recorded in Cuotas, another window)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from agroferia.core import accounts, fairs, fees, sales
from agroferia.core.accounts import Right
from agroferia.core.day_sheet.sheet import CORRECTION, DaySheet, Split, VendorDay, plain
from agroferia.core.errors import OperationError
from agroferia.core.models import Fee, Sale
from agroferia.i18n import lazy_n

NAMES_SHOWN = 5


class SheetConflictError(OperationError):
    """What the sheet would change was changed in the database since it was loaded: the
    sheet's values would overwrite it. ``vendor_ids``: whose."""

    def __init__(self, vendor_ids: list[int], names: list[str]) -> None:
        shown = ", ".join(names[:NAMES_SHOWN]) + ("…" if len(names) > NAMES_SHOWN else "")
        super().__init__(
            lazy_n(
                len(names),
                "Mientras se escribía la hoja, se cambió lo guardado de {names} (un pago "
                "registrado, otra ventana). No se guardó nada.",
                "Mientras se escribía la hoja, se cambió lo guardado de {n} expositores "
                "({names}: un pago registrado, otra ventana). No se guardó nada.",
                names=shown,
            )
        )
        self.vendor_ids = vendor_ids


@dataclass(frozen=True)
class Saved:
    vendors: int = 0  # vendors with a change
    entries: int = 0  # sales entries written, corrected or removed


def save(session: Session, actor: str, sheet: DaySheet) -> Saved:
    """Writes what was typed, in the caller's transaction; nothing at all when any cell
    is wrong. Compared with the database as it is now, not as it was loaded."""
    accounts.require(session, actor, Right.SALES)
    wrong = sheet.errors()
    if wrong:
        raise OperationError(
            lazy_n(
                len(wrong),
                "Hay 1 celda con errores; corríjala antes de guardar.",
                "Hay {n} celdas con errores; corríjalas antes de guardar.",
            )
        )
    day = fairs.get_fair_day(session, sheet.day.id)
    fairs.require_open(day)
    sheet.require_open()  # a day that has not come yet takes nothing
    stale = conflicts(session, sheet)
    if stale:
        raise SheetConflictError(stale, [sheet.vendor(vid).full_name for vid in stale])
    vendors_changed = entries = 0
    for vendor in sheet.vendors:
        if not sheet.changed(vendor):
            continue
        vendors_changed += 1
        entries += _save_vendor(session, actor, sheet, vendor)
    return Saved(vendors_changed, entries)


def conflicts(session: Session, sheet: DaySheet) -> list[int]:
    """The vendors whose sales or fee the sheet changes and whose saved ones are no longer
    those it loaded (two queries for the whole day)."""
    day_id = sheet.day.id
    sold: dict[tuple[int, int], dict[str, int]] = {}
    for vid, cid, method, cents in session.execute(
        select(Sale.vendor_id, Sale.category_id, Sale.payment_method, func.sum(Sale.amount_cents))
        .where(Sale.fair_day_id == day_id)
        .group_by(Sale.vendor_id, Sale.category_id, Sale.payment_method)
    ):
        sold.setdefault((vid, cid), {})[method] = int(cents)
    fee_of = {
        vid: (due, paid)
        for vid, due, paid in session.execute(
            select(Fee.vendor_id, Fee.due_cents, Fee.paid_cents).where(Fee.fair_day_id == day_id)
        )
    }
    stale = []
    for vendor in sheet.vendors:
        if not sheet.changed(vendor):
            continue
        vid = vendor.vendor_id
        lines = any(
            sheet.split(vid, ln.category_id) != ln.saved
            and sold.get((vid, ln.category_id), {}) != ln.saved
            for ln in vendor.lines
        )
        loaded = (vendor.due_cents, vendor.paid_cents)
        fee_changed = ((sheet.due(vid) or 0), sheet.paid(vid)) != (
            vendor.due_cents or 0, vendor.paid_cents
        )  # fmt: skip
        if lines or (fee_changed and fee_of.get(vid, (None, 0)) != loaded):
            stale.append(vid)
    return stale


def _save_vendor(session: Session, actor: str, sheet: DaySheet, vendor: VendorDay) -> int:
    vid, day_id = vendor.vendor_id, sheet.day.id
    current = list(
        session.scalars(
            select(Sale).where(Sale.fair_day_id == day_id, Sale.vendor_id == vid).order_by(Sale.id)
        )
    )
    written = 0
    if sheet.present(vid):
        fairs.set_attendance(session, actor, day_id, vid, True)
    for line in vendor.lines:
        entries = [s for s in current if s.category_id == line.category_id]
        written += _save_line(session, actor, sheet, vid, line.category_id, entries)
    if not sheet.present(vid):
        fairs.set_attendance(session, actor, day_id, vid, False)
    due, paid = sheet.due(vid), sheet.paid(vid)
    if (due or 0, paid) != (vendor.due_cents or 0, vendor.paid_cents):
        fees.set_day_fee(session, actor, day_id, vid, plain(due or 0), plain(paid))
    return written


def _save_line(
    session: Session, actor: str, sheet: DaySheet, vid: int, cid: int, entries: list[Sale]
) -> int:
    """Makes the line's entries add up to its split, method by method: an entry corrected
    where one is enough, else the method's entries replaced by one. Nothing of one method
    is ever moved into another unless the person chose that method for all of it."""
    target: Split = sheet.split(vid, cid)
    now: Split = {}
    for entry in entries:
        now[entry.payment_method] = now.get(entry.payment_method, 0) + entry.amount_cents
    if target == now:
        return 0
    written = 0
    if len(target) == 1 and len(entries) == 1:  # one entry, one method: corrected in place
        ((method, cents),) = target.items()
        sales.correct_sale(session, actor, entries[0].id, CORRECTION, amount=plain(cents),
                           payment_method=method)  # fmt: skip
        return 1
    if len(target) == 1 and sum(target.values()) == sum(now.values()):
        (method,) = target  # the same money, now all in one method: the entries keep theirs
        for entry in entries:
            if entry.payment_method != method:
                sales.correct_sale(session, actor, entry.id, CORRECTION, payment_method=method)
                written += 1
        return written
    day_id = sheet.day.id
    for method in sorted(set(target) | set(now)):
        want = target.get(method, 0)
        of_method = [e for e in entries if e.payment_method == method]
        if sum(e.amount_cents for e in of_method) == want:
            continue
        if len(of_method) == 1 and want:
            sales.correct_sale(session, actor, of_method[0].id, CORRECTION, amount=plain(want))
            written += 1
            continue
        for entry in of_method:
            sales.remove_sale(session, actor, entry.id, CORRECTION)
            written += 1
        if want:
            sales.record_sale(session, actor, day_id, vid, plain(want), category=cid,
                              payment_method=method)  # fmt: skip
            written += 1
    return written
