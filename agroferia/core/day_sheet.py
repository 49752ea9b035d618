"""A fair day's sheet, as the treasurer types it: one line per vendor and rubro with the
day's sales, and per vendor whether they came, how they were paid and their stall fee.

``load`` reads the day (a handful of queries whatever the number of vendors); the
``DaySheet`` keeps what the person types next to what is saved, checks every cell as it is
typed and adds up the day's totals; ``save`` writes every change in the caller's
transaction through the services (``sales``, ``fairs``, ``fees``), so that each one is
validated and audited like any other change.  A cell is the sum of the sales entries of that
vendor and rubro: when its amount changes, a single entry is corrected; several entries
(from an import, say) are replaced by one with the new amount.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from agroferia.core import fairs, fees, sales, settings
from agroferia.core import validation as v
from agroferia.core.age import is_young
from agroferia.core.errors import OperationError
from agroferia.core.models import (
    Attendance,
    Category,
    Fair,
    FairDay,
    Fee,
    PaymentMethod,
    Sale,
    Vendor,
    VendorStatus,
    vendor_category,
)
from agroferia.core.money import MoneyError, format_money
from agroferia.core.people import Named
from agroferia.core.roster import stall_key
from agroferia.i18n import lazy

AMOUNT, PRESENT, METHOD, DUE, PAID = "amount", "present", "method", "due", "paid"
CORRECTION = "corrección en la hoja de la jornada"  # the audit trail's reason


@dataclass(frozen=True)
class DayInfo:
    id: int
    fair_id: int
    fair: str
    date: dt.date
    closed_at: dt.datetime | None
    closed_by: str | None
    visitors: int | None

    @property
    def closed(self) -> bool:
        return self.closed_at is not None


@dataclass(frozen=True)
class Line:
    """A rubro of a vendor on the sheet, with what is recorded for it that day."""

    category_id: int
    category: str
    saved_cents: int
    entries: int


@dataclass(frozen=True)
class VendorDay(Named):
    vendor_id: int
    code: str
    given_names: str
    surnames: str
    sex: str
    young: bool  # on the fair day, with the configured youth range
    stall: str | None
    status: str
    lines: tuple[Line, ...]
    present: bool
    method: str | None  # the payment method of every entry; None when mixed or none
    due_cents: int | None  # None: no fee recorded
    paid_cents: int

    @property
    def stall_key(self) -> tuple:
        return stall_key(self.stall)


@dataclass(frozen=True)
class Typed:
    """What was typed in a money cell: the amount in céntimos, or the reason it is wrong."""

    text: str
    cents: int | None
    error: str | None = None


@dataclass(frozen=True)
class Totals:
    present: int = 0
    women: int = 0
    youth: int = 0
    sales_cents: int = 0
    women_cents: int = 0
    youth_cents: int = 0
    due_cents: int = 0
    paid_cents: int = 0
    errors: int = 0

    @property
    def outstanding_cents(self) -> int:
        return self.due_cents - self.paid_cents


def _amount(text: str) -> int:
    """A sales cell: blank or zero is no sale."""
    if v.blank(text) or text.strip() in ("0", "0.00", "0,00"):
        return 0
    return sales.check_amount(text)


def _fee_amount(text: str) -> int:
    return 0 if v.blank(text) else v.non_negative_cents(text)


def _typed(text: str, check) -> Typed:
    try:
        return Typed(text, check(text))
    except (v.Invalid, MoneyError) as bad:
        return Typed(text, None, bad.message.render())


@dataclass
class DaySheet:
    day: DayInfo
    vendors: list[VendorDay]
    usual_fee_cents: int | None = None  # offered as the fee of a vendor who comes
    edits: dict[tuple, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._by_id = {vendor.vendor_id: vendor for vendor in self.vendors}
        self._suggested: set[int] = set()  # vendors whose fee was offered, not typed

    def vendor(self, vendor_id: int) -> VendorDay:
        return self._by_id[vendor_id]

    # current values (typed or saved) --------------------------------------------------
    def typed(self, vendor_id: int, what: str, category_id: int | None = None) -> Typed | None:
        value = self.edits.get((vendor_id, what, category_id))
        return value if isinstance(value, Typed) else None

    def amount(self, vendor_id: int, category_id: int) -> int:
        typed = self.typed(vendor_id, AMOUNT, category_id)
        if typed is not None:
            return typed.cents or 0
        line = next(ln for ln in self.vendor(vendor_id).lines if ln.category_id == category_id)
        return line.saved_cents

    def vendor_sales(self, vendor_id: int) -> int:
        return sum(self.amount(vendor_id, ln.category_id) for ln in self.vendor(vendor_id).lines)

    def present(self, vendor_id: int) -> bool:
        return bool(self.edits.get((vendor_id, PRESENT, None), self.vendor(vendor_id).present))

    def method(self, vendor_id: int) -> str | None:
        edited = self.edits.get((vendor_id, METHOD, None))
        return str(edited) if edited else self.vendor(vendor_id).method

    def due(self, vendor_id: int) -> int | None:
        typed = self.typed(vendor_id, DUE)
        return (typed.cents or 0) if typed is not None else self.vendor(vendor_id).due_cents

    def paid(self, vendor_id: int) -> int:
        typed = self.typed(vendor_id, PAID)
        return (typed.cents or 0) if typed is not None else self.vendor(vendor_id).paid_cents

    def error(self, vendor_id: int, what: str, category_id: int | None = None) -> str | None:
        """Why the cell is wrong, or None."""
        typed = self.typed(vendor_id, what, category_id)
        if typed is not None and typed.error:
            return typed.error
        if what == PAID and self.paid(vendor_id) > (self.due(vendor_id) or 0):
            due = format_money(self.due(vendor_id) or 0, cents=True)
            return lazy("supera la cuota ({due})", due=due).render()
        return None

    def _cells(self, vendor: VendorDay):
        for line in vendor.lines:
            yield AMOUNT, line.category_id
        yield DUE, None
        yield PAID, None

    def errors(self) -> list[tuple[int, str, int | None, str]]:
        """(vendor id, field, rubro id, message) of every wrong cell, in sheet order."""
        found = []
        for vendor in self.vendors:
            for what, category_id in self._cells(vendor):
                message = self.error(vendor.vendor_id, what, category_id)
                if message:
                    found.append((vendor.vendor_id, what, category_id, message))
        return found

    def is_dirty(self) -> bool:
        return any(self._changed(vendor) for vendor in self.vendors)

    def _changed(self, vendor: VendorDay) -> bool:
        """Whether anything typed for the vendor differs from what is saved (a wrong cell
        counts as a change: it is something typed and not yet saved)."""
        vid = vendor.vendor_id
        due = self.due(vid)
        return (
            self.present(vid) != vendor.present
            or any(self.amount(vid, ln.category_id) != ln.saved_cents for ln in vendor.lines)
            or (self.method(vid) != vendor.method and (vid, METHOD, None) in self.edits)
            or (due or 0) != (vendor.due_cents or 0)
            or self.paid(vid) != vendor.paid_cents
            or any(
                (t := self.typed(vid, w, c)) is not None and t.error for w, c in self._cells(vendor)
            )
        )

    # typing ---------------------------------------------------------------------------
    def set_amount(self, vendor_id: int, category_id: int, text: str) -> Typed:
        """Checks and keeps a sales amount; a sale means the vendor came, and a vendor who
        comes is offered the usual fee."""
        self._require_open()
        typed = _typed(text, _amount)
        self.edits[(vendor_id, AMOUNT, category_id)] = typed
        if typed.cents:
            self._arrived(vendor_id)
        return typed

    def set_present(self, vendor_id: int, present: bool) -> str | None:
        """Marks the vendor present or absent; refused (with the reason) for an absent
        vendor with sales on the sheet."""
        self._require_open()
        if not present and self.vendor_sales(vendor_id):
            return lazy(
                "{name} tiene ventas en esta jornada; bórrelas antes de marcarlo ausente.",
                name=self.vendor(vendor_id).full_name,
            ).render()
        self.edits[(vendor_id, PRESENT, None)] = present
        if present:
            self._arrived(vendor_id)
        elif vendor_id in self._suggested:  # the fee offered when they came goes too
            self._suggested.discard(vendor_id)
            del self.edits[(vendor_id, DUE, None)]
        return None

    def set_method(self, vendor_id: int, method: str) -> None:
        self._require_open()
        self.edits[(vendor_id, METHOD, None)] = PaymentMethod(method).value

    def set_due(self, vendor_id: int, text: str) -> Typed:
        self._require_open()
        self._suggested.discard(vendor_id)
        self.edits[(vendor_id, DUE, None)] = typed = _typed(text, _fee_amount)
        return typed

    def set_paid(self, vendor_id: int, text: str) -> Typed:
        self._require_open()
        self.edits[(vendor_id, PAID, None)] = typed = _typed(text, _fee_amount)
        return typed

    def _arrived(self, vendor_id: int) -> None:
        self.edits[(vendor_id, PRESENT, None)] = True
        if self.due(vendor_id) is None and self.usual_fee_cents:
            self.edits[(vendor_id, DUE, None)] = Typed(_plain(self.usual_fee_cents),
                                                       self.usual_fee_cents)  # fmt: skip
            self._suggested.add(vendor_id)

    def _require_open(self) -> None:
        if self.day.closed:
            raise OperationError(
                lazy(
                    "La jornada del {date} está cerrada; reábrala para hacer cambios.",
                    date=self.day.date.strftime("%d/%m/%Y"),
                )
            )

    def discard(self) -> None:
        self.edits.clear()
        self._suggested.clear()

    # the day's figures ----------------------------------------------------------------
    def totals(self) -> Totals:
        """The day as typed so far (wrong cells count as nothing and are counted apart):
        the same definitions as ``core.stats`` for a one-day period."""
        count: Counter[str] = Counter()
        for vendor in self.vendors:
            vid = vendor.vendor_id
            cents = self.vendor_sales(vid)
            woman, young = vendor.sex == "F", vendor.young
            count["sales_cents"] += cents
            count["women_cents"] += cents if woman else 0
            count["youth_cents"] += cents if young else 0
            if self.present(vid):
                count["present"] += 1
                count["women"] += woman
                count["youth"] += young
            count["due_cents"] += self.due(vid) or 0
            count["paid_cents"] += self.paid(vid)
        return Totals(**count, errors=len(self.errors()))


def _plain(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


# ------------------------------------------------------------------------------ loading


def latest_day(session: Session, fair_id: int) -> int | None:
    """The fair's most recent fair day, the one the sheet opens on."""
    return session.scalar(
        select(FairDay.id).where(FairDay.fair_id == fair_id).order_by(FairDay.date.desc()).limit(1)
    )


def _usual_fee(session: Session, fair_id: int, date: dt.date) -> int | None:
    """The fee most vendors owed on the fair's latest fair day with fees, up to ``date``."""
    last = session.scalar(
        select(FairDay.id)
        .join(Fee, Fee.fair_day_id == FairDay.id)
        .where(FairDay.fair_id == fair_id, FairDay.date <= date, Fee.due_cents > 0)
        .order_by(FairDay.date.desc())
        .limit(1)
    )
    if last is None:
        return None
    return session.scalar(
        select(Fee.due_cents)
        .where(Fee.fair_day_id == last, Fee.due_cents > 0)
        .group_by(Fee.due_cents)
        .order_by(func.count().desc(), Fee.due_cents)
        .limit(1)
    )


def load(session: Session, fair_day_id: int) -> DaySheet:
    """The sheet of a fair day: the fair's active vendors (and vendors of no fair in
    particular), plus anyone with something recorded that day whatever their status."""
    day = fairs.get_fair_day(session, fair_day_id)
    fair = session.get(Fair, day.fair_id)
    info = DayInfo(day.id, day.fair_id, fair.name, day.date, day.closed_at, day.closed_by,
                   day.visitors)  # fmt: skip
    youth = settings.youth_range(session)
    of_day = [Sale.fair_day_id == day.id]
    sold = {
        (vid, cid): (int(cents), n)
        for vid, cid, cents, n in session.execute(
            select(Sale.vendor_id, Sale.category_id, func.sum(Sale.amount_cents), func.count())
            .where(*of_day)
            .group_by(Sale.vendor_id, Sale.category_id)
        )
    }
    methods: dict[int, set[str]] = {}
    for vid, method in session.execute(
        select(Sale.vendor_id, Sale.payment_method).where(*of_day).distinct()
    ):
        methods.setdefault(vid, set()).add(method)
    present = set(
        session.scalars(select(Attendance.vendor_id).where(Attendance.fair_day_id == day.id))
    )
    fee_of = {
        vid: (due, paid)
        for vid, due, paid in session.execute(
            select(Fee.vendor_id, Fee.due_cents, Fee.paid_cents).where(Fee.fair_day_id == day.id)
        )
    }
    recorded = {vid for vid, _cid in sold} | present | set(fee_of)
    listed = session.scalars(
        select(Vendor).where(
            or_(
                (Vendor.status == VendorStatus.ACTIVE.value)
                & or_(Vendor.fair_id == day.fair_id, Vendor.fair_id.is_(None)),
                Vendor.id.in_(recorded),
            )
        )
    ).all()
    names = dict(session.execute(select(Category.id, Category.name)).all())
    others: dict[int, list[int]] = {}
    for vid, cid in session.execute(
        select(vendor_category.c.vendor_id, vendor_category.c.category_id)
    ):
        others.setdefault(vid, []).append(cid)
    rows = []
    for vendor in listed:
        vid = vendor.id
        ids = [vendor.main_category_id]
        ids += sorted((c for c in others.get(vid, ()) if c not in ids), key=lambda c: names[c])
        ids += sorted((c for (i, c) in sold if i == vid and c not in ids), key=lambda c: names[c])
        lines = tuple(Line(c, names[c], *sold.get((vid, c), (0, 0))) for c in ids)
        used = methods.get(vid, set())
        due, paid = fee_of.get(vid, (None, 0))
        rows.append(
            VendorDay(
                vendor_id=vid, code=vendor.code, given_names=vendor.given_names,
                surnames=vendor.surnames, sex=vendor.sex,
                young=is_young(vendor.birth_date, day.date, youth), stall=vendor.stall,
                status=vendor.status, lines=lines, present=vid in present,
                method=next(iter(used)) if len(used) == 1 else None, due_cents=due,
                paid_cents=paid,
            )
        )  # fmt: skip
    rows.sort(key=lambda r: (r.stall_key, r.sort_name))
    return DaySheet(info, rows, _usual_fee(session, day.fair_id, day.date))


# ------------------------------------------------------------------------------- saving


@dataclass(frozen=True)
class Saved:
    vendors: int = 0  # vendors with a change
    entries: int = 0  # sales entries written, corrected or removed


def save(session: Session, actor: str, sheet: DaySheet) -> Saved:
    """Writes what was typed, in the caller's transaction; nothing at all when any cell
    is wrong. Compared with the database as it is now, not as it was loaded."""
    wrong = sheet.errors()
    if wrong:
        raise OperationError(
            lazy("Hay {n} celdas con errores; corríjalas antes de guardar.", n=len(wrong))
        )
    day = fairs.get_fair_day(session, sheet.day.id)
    fairs.require_open(day)
    vendors_changed = entries = 0
    for vendor in sheet.vendors:
        if not sheet._changed(vendor):
            continue
        vendors_changed += 1
        entries += _save_vendor(session, actor, sheet, vendor)
    return Saved(vendors_changed, entries)


def _save_vendor(session: Session, actor: str, sheet: DaySheet, vendor: VendorDay) -> int:
    vid, day_id = vendor.vendor_id, sheet.day.id
    current = list(
        session.scalars(
            select(Sale).where(Sale.fair_day_id == day_id, Sale.vendor_id == vid).order_by(Sale.id)
        )
    )
    method_edit = sheet.edits.get((vid, METHOD, None))
    written = 0
    if sheet.present(vid):
        fairs.set_attendance(session, actor, day_id, vid, True)
    for line in vendor.lines:
        target = sheet.amount(vid, line.category_id)
        entries = [s for s in current if s.category_id == line.category_id]
        if sum(s.amount_cents for s in entries) == target:
            continue
        method = method_edit or sheet.method(vid) or _main_method(entries or current)
        if len(entries) == 1 and target:
            sales.correct_sale(session, actor, entries[0].id, CORRECTION,
                               amount=_plain(target), payment_method=method)  # fmt: skip
            written += 1
            continue
        for entry in entries:
            sales.remove_sale(session, actor, entry.id, CORRECTION)
            current.remove(entry)
            written += 1
        if target:
            sales.record_sale(session, actor, day_id, vid, _plain(target),
                              category=line.category_id, payment_method=method)  # fmt: skip
            written += 1
    if method_edit:
        for entry in session.scalars(
            select(Sale).where(
                Sale.fair_day_id == day_id,
                Sale.vendor_id == vid,
                Sale.payment_method != method_edit,
            )
        ):
            sales.correct_sale(session, actor, entry.id, CORRECTION, payment_method=method_edit)
            written += 1
    if not sheet.present(vid):
        fairs.set_attendance(session, actor, day_id, vid, False)
    due, paid = sheet.due(vid), sheet.paid(vid)
    if (due or 0, paid) != (vendor.due_cents or 0, vendor.paid_cents):
        fees.set_day_fee(session, actor, day_id, vid, _plain(due or 0), _plain(paid))
    return written


def _main_method(entries: list[Sale]) -> str:
    """The method most of the money came through (cash when there is none)."""
    by_method: Counter[str] = Counter()
    for entry in entries:
        by_method[entry.payment_method] += entry.amount_cents
    return by_method.most_common(1)[0][0] if by_method else PaymentMethod.CASH.value
