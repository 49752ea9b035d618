"""Writing a sheet: every change of the day, in the caller's transaction, through the
audited services; nothing at all when any cell is wrong, or when what the sheet changes
was changed meanwhile by someone else (a payment recorded in Cuotas, another window)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from agroferia.core import accounts, fairs, network
from agroferia.core.accounts import Right
from agroferia.core.day_sheet.batch import Batch, Progress
from agroferia.core.day_sheet.sheet import DaySheet
from agroferia.core.errors import OperationError
from agroferia.core.fees import receipts
from agroferia.core.models import Fee, Sale
from agroferia.i18n import lazy_n

NAMES_SHOWN = 5
STEP = 100  # vendors between two reports of progress


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


def save(session: Session, actor: str, sheet: DaySheet, progress: Progress | None = None) -> Saved:
    """Writes what was typed, in the caller's transaction; nothing at all when any cell
    is wrong. Compared with the database as it is now, not as it was loaded. The changes
    are worked out vendor by vendor as the services would make them (the same checks, the
    same audit entries), then written in one batch (``batch``). ``progress(done, total)``:
    how far it got."""
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
    # another writer (a second laptop, a payment) waits until this one has committed, and
    # this one compares with what the last one saved (``conflicts``)
    day = fairs.locked_day(session, sheet.day.id)
    network.lock_fees(session, fair_day_ids=[day.id])
    fairs.require_open(day)
    sheet.require_open()  # a day that has not come yet takes nothing
    stale = conflicts(session, sheet)
    if stale:
        raise SheetConflictError(stale, [sheet.vendor(vid).full_name for vid in stale])
    changed = [vendor for vendor in sheet.vendors if sheet.changed(vendor)]
    paid_before = receipts.paid_on_day(session, day.id)
    batch = Batch(session, actor, sheet, day)
    batch.load_vendors([vendor.vendor_id for vendor in changed])
    entries = 0
    for done, vendor in enumerate(changed, 1):
        entries += batch.vendor(vendor)
        if progress is not None and done % STEP == 0:
            progress(done, len(changed) + 1)
    batch.write()
    receipts.for_day_sheet(session, actor, day.id, paid_before)  # what was paid now
    if progress is not None:
        progress(len(changed) + 1, len(changed) + 1)
    return Saved(len(changed), entries)


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
