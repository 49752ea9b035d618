"""The sheet in memory: what is saved, what is typed over it, every cell checked as it is
typed, and the day's totals with the statistics' definitions."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from agroferia.core import sales
from agroferia.core import validation as v
from agroferia.core.errors import OperationError
from agroferia.core.labels import PAYMENT_METHOD
from agroferia.core.models import PaymentMethod
from agroferia.core.money import MoneyError, format_money
from agroferia.core.people import Named
from agroferia.core.roster import stall_key
from agroferia.core.settings import DEFAULT_UNUSUAL_SALE_CENTS
from agroferia.i18n import lazy

AMOUNT, PRESENT, METHOD, DUE, PAID = "amount", "present", "method", "due", "paid"
SPLIT = "split"  # a line's money by payment method, as typed
CORRECTION = "corrección en la hoja de la jornada"  # the audit trail's reason
METHODS = tuple(m.value for m in PaymentMethod)
DEFAULT_METHOD = PaymentMethod.CASH.value  # a sale typed where nothing says otherwise
UNUSUAL_FACTOR = 10  # a day this many times the vendor's usual day asks to be confirmed

Split = dict[str, int]  # payment method -> céntimos (only the methods used)


@dataclass(frozen=True)
class DayInfo:
    id: int
    fair_id: int
    fair: str
    date: dt.date
    closed_at: dt.datetime | None
    closed_by: str | None
    visitors: int | None
    today: dt.date  # the date the sheet was loaded on: a day after it has not come yet

    @property
    def closed(self) -> bool:
        return self.closed_at is not None

    @property
    def future(self) -> bool:
        return self.date > self.today

    @property
    def locked(self) -> bool:
        """Nothing can be typed in: closed, or not come yet."""
        return self.closed or self.future


@dataclass(frozen=True)
class Line:
    """A rubro of a vendor on the sheet, with what is recorded for it that day."""

    category_id: int
    category: str
    saved_cents: int
    entries: int
    saved_split: tuple[tuple[str, int], ...] = ()  # (method, céntimos), in METHODS order

    @cached_property
    def saved(self) -> Split:
        """``saved_split`` as a mapping (read only: callers copy it to change it)."""
        return dict(self.saved_split)


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
    paid_later_cents: int = 0  # paid for this day's fee after the day was closed

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
    paid_later_cents: int = 0  # paid for the day's fees after it was closed
    errors: int = 0
    by_method: tuple[tuple[str, int], ...] = ()  # (method, céntimos), in METHODS order

    @property
    def outstanding_cents(self) -> int:
        return self.due_cents - self.paid_cents - self.paid_later_cents


@dataclass(frozen=True)
class Unusual:
    """A vendor's day far above their usual one: confirmed before it is saved."""

    vendor_id: int
    cents: int  # the day as typed
    usual_cents: int | None  # the median of their last days with sales; None: no history
    limit_cents: int  # above this the day is unusual

    def message(self) -> str:
        amount = format_money(self.cents, cents=True)
        if self.usual_cents:
            return lazy(
                "{amount} es más de {factor} veces lo que vende en un día habitual ({usual})",
                amount=amount,
                factor=UNUSUAL_FACTOR,
                usual=format_money(self.usual_cents, cents=True),
            ).render()
        return lazy(
            "{amount} supera {limit}, el monto que se confirma para quien aún no tiene ventas "
            "anotadas",
            amount=amount,
            limit=format_money(self.limit_cents, cents=True),
        ).render()


class MixedMethods(Exception):  # noqa: N818 (a question to ask, not a failure)
    """A new amount typed on a line paid several ways: which method does the change belong
    to? ``split`` is the line as it is, ``cents`` the amount typed."""

    def __init__(self, vendor_id: int, category_id: int, split: Split, cents: int) -> None:
        super().__init__("mixed payment methods")
        self.vendor_id = vendor_id
        self.category_id = category_id
        self.split = split
        self.cents = cents

    @property
    def change(self) -> int:
        return self.cents - sum(self.split.values())

    def methods(self) -> list[str]:
        """The methods that can take the change (a decrease only where there is enough)."""
        return [m for m in METHODS if self.split.get(m, 0) + self.change >= 0]


def sale_cents(text: str) -> int:
    """A sales cell (or a part of its split): blank or zero is no sale."""
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


def plain(cents: int) -> str:
    """``1234.50``: an amount as the services take it."""
    return f"{cents // 100}.{cents % 100:02d}"


def ordered(split: Split) -> tuple[tuple[str, int], ...]:
    return tuple((m, split[m]) for m in METHODS if split.get(m))


def split_text(split: Split) -> str:
    """``Efectivo S/ 488.90 · Yape S/ 110.20``."""
    return " · ".join(
        f"{PAYMENT_METHOD[m].render()} {format_money(c, cents=True)}" for m, c in ordered(split)
    )


@dataclass
class DaySheet:
    day: DayInfo
    vendors: list[VendorDay]
    usual_fee_cents: int | None = None  # offered as the fee of a vendor who comes
    ceiling_cents: int = DEFAULT_UNUSUAL_SALE_CENTS  # unusual for a vendor with no history
    edits: dict[tuple, object] = field(default_factory=dict)
    # vendors' usual days (median of their last days with sales), read when first needed
    usual_loader: Callable[[list[int]], dict[int, int | None]] | None = None

    def __post_init__(self) -> None:
        self._by_id = {vendor.vendor_id: vendor for vendor in self.vendors}
        self._suggested: set[int] = set()  # vendors whose fee was offered, not typed
        self._usual: dict[int, int | None] = {}

    def vendor(self, vendor_id: int) -> VendorDay:
        return self._by_id[vendor_id]

    def _line(self, vendor_id: int, category_id: int) -> Line:
        return next(ln for ln in self.vendor(vendor_id).lines if ln.category_id == category_id)

    # current values (typed or saved) --------------------------------------------------
    def typed(self, vendor_id: int, what: str, category_id: int | None = None) -> Typed | None:
        value = self.edits.get((vendor_id, what, category_id))
        return value if isinstance(value, Typed) else None

    def saved_split(self, vendor_id: int, category_id: int) -> Split:
        return dict(self._line(vendor_id, category_id).saved)

    def _line_base(self, vendor_id: int, line: Line) -> Split:
        """The line's money by method, without a wrong cell: as split or typed, else as
        saved (all of it in the vendor's one method when that was changed). Read only."""
        edited = self.edits.get((vendor_id, SPLIT, line.category_id))
        if edited is not None:
            return edited  # type: ignore[return-value]
        method = self.edits.get((vendor_id, METHOD, None))
        if method and line.saved_cents:
            return {str(method): line.saved_cents}
        return line.saved

    def _line_split(self, vendor_id: int, line: Line) -> Split:
        typed = self.edits.get((vendor_id, AMOUNT, line.category_id))
        if isinstance(typed, Typed) and typed.error:
            return {}
        return self._line_base(vendor_id, line)

    def _base(self, vendor_id: int, category_id: int) -> Split:
        return dict(self._line_base(vendor_id, self._line(vendor_id, category_id)))

    def split(self, vendor_id: int, category_id: int) -> Split:
        """The line's money by payment method as it stands (a wrong cell counts nothing)."""
        return dict(self._line_split(vendor_id, self._line(vendor_id, category_id)))

    def amount(self, vendor_id: int, category_id: int) -> int:
        return sum(self._line_split(vendor_id, self._line(vendor_id, category_id)).values())

    def vendor_sales(self, vendor_id: int) -> int:
        return sum(
            sum(self._line_split(vendor_id, line).values()) for line in self.vendor(vendor_id).lines
        )

    def vendor_split(self, vendor_id: int) -> Split:
        """The vendor's money by method, a wrong cell counting what it had: the methods a
        vendor was paid by do not change while a cell is being corrected."""
        total: dict[str, int] = {}
        for line in self.vendor(vendor_id).lines:
            for method, cents in self._line_base(vendor_id, line).items():
                total[method] = total.get(method, 0) + cents
        return total

    def present(self, vendor_id: int) -> bool:
        return bool(self.edits.get((vendor_id, PRESENT, None), self.vendor(vendor_id).present))

    def method(self, vendor_id: int) -> str | None:
        """The vendor's one payment method; None when they were paid several ways (shown
        as "Varios"), or when nothing is sold and nothing was chosen."""
        used = self.vendor_split(vendor_id)
        if not used:
            edited = self.edits.get((vendor_id, METHOD, None))
            return str(edited) if edited else None
        return next(iter(used)) if len(used) == 1 else None

    def mixed(self, vendor_id: int) -> bool:
        return len(self.vendor_split(vendor_id)) > 1

    def new_method(self, vendor_id: int) -> str:
        """The method of a sale typed on a line with none: the one chosen for the vendor,
        else the one method of their other lines, else cash."""
        edited = self.edits.get((vendor_id, METHOD, None))
        if edited:
            return str(edited)
        used = {
            m for ln in self.vendor(vendor_id).lines for m in self._base(vendor_id, ln.category_id)
        }
        return used.pop() if len(used) == 1 else DEFAULT_METHOD

    def due(self, vendor_id: int) -> int | None:
        typed = self.typed(vendor_id, DUE)
        return (typed.cents or 0) if typed is not None else self.vendor(vendor_id).due_cents

    def paid(self, vendor_id: int) -> int:
        typed = self.typed(vendor_id, PAID)
        return (typed.cents or 0) if typed is not None else self.vendor(vendor_id).paid_cents

    def payable(self, vendor_id: int) -> int:
        """What can be paid on the sheet: the fee due less what was paid after closing."""
        return max((self.due(vendor_id) or 0) - self.vendor(vendor_id).paid_later_cents, 0)

    def error(self, vendor_id: int, what: str, category_id: int | None = None) -> str | None:
        """Why the cell is wrong, or None."""
        typed = self.typed(vendor_id, what, category_id)
        if typed is not None and typed.error:
            return typed.error
        if what == PAID and self.paid(vendor_id) > self.payable(vendor_id):
            due = format_money(self.due(vendor_id) or 0, cents=True)
            later = self.vendor(vendor_id).paid_later_cents
            if later:
                return lazy(
                    "supera lo que falta de la cuota ({due}, de la que ya pagó {later} después)",
                    due=due,
                    later=format_money(later, cents=True),
                ).render()
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
        if not self.edits:  # nothing typed: every cell is as saved (a day just read)
            return False
        return any(self.changed(vendor) for vendor in self.vendors)

    def changed(self, vendor: VendorDay) -> bool:
        """Whether anything typed for the vendor differs from what is saved (a wrong cell
        counts as a change: it is something typed and not yet saved)."""
        vid = vendor.vendor_id
        due = self.due(vid)
        return (
            self.present(vid) != vendor.present
            or any(self.split(vid, ln.category_id) != dict(ln.saved_split) for ln in vendor.lines)
            or (due or 0) != (vendor.due_cents or 0)
            or self.paid(vid) != vendor.paid_cents
            or any(
                (t := self.typed(vid, w, c)) is not None and t.error for w, c in self._cells(vendor)
            )
        )

    # typing ---------------------------------------------------------------------------
    def set_amount(
        self, vendor_id: int, category_id: int, text: str, method: str | None = None
    ) -> Typed:
        """Checks and keeps a sales amount; a sale means the vendor came, and a vendor who
        comes is offered the usual fee. On a line paid several ways, a new amount needs
        ``method``, the one the change belongs to, or ``MixedMethods`` is raised."""
        self.require_open()
        typed = _typed(text, sale_cents)
        key = (vendor_id, AMOUNT, category_id)
        if typed.error:
            self.edits[key] = typed
            return typed
        cents = typed.cents or 0
        base = self._base(vendor_id, category_id)
        if not cents:
            new: Split = {}
        elif len(base) <= 1:
            new = {next(iter(base), None) or self.new_method(vendor_id): cents}
        elif cents == sum(base.values()):
            new = base
        elif method is None:
            raise MixedMethods(vendor_id, category_id, base, cents)
        else:
            new = dict(base)
            new[method] = new.get(method, 0) + cents - sum(base.values())
            if new[method] < 0:
                raise OperationError(
                    lazy(
                        "Por {method} solo hay {amount}: elija otro medio o reparta el monto.",
                        method=PAYMENT_METHOD[method].render(),
                        amount=format_money(base.get(method, 0), cents=True),
                    )
                )
        self.edits[key] = typed
        self.edits[(vendor_id, SPLIT, category_id)] = {m: c for m, c in new.items() if c}
        if cents:
            self._arrived(vendor_id)
        return typed

    def wrong_amounts(self, vendor_id: int) -> bool:
        return any(
            self.error(vendor_id, AMOUNT, line.category_id) for line in self.vendor(vendor_id).lines
        )

    def set_split(self, vendor_id: int, splits: dict[int, Split]) -> None:
        """The vendor's money by rubro and payment method, as the split dialog gives it
        (every line of the vendor; a line left out keeps what it has). Refused while one of
        the vendor's sales cells is wrong: what was typed there would be lost unseen."""
        self.require_open()
        if self.wrong_amounts(vendor_id):
            raise OperationError(
                lazy(
                    "Corrija primero la celda de ventas en rojo de {name}.",
                    name=self.vendor(vendor_id).full_name,
                )
            )
        for line in self.vendor(vendor_id).lines:
            new = splits.get(line.category_id, self._base(vendor_id, line.category_id))
            if any(m not in METHODS or c < 0 for m, c in new.items()):
                raise ValueError(f"not a split: {new!r}")
            self.edits.pop((vendor_id, AMOUNT, line.category_id), None)
            self.edits[(vendor_id, SPLIT, line.category_id)] = {m: c for m, c in new.items() if c}
        self.edits.pop((vendor_id, METHOD, None), None)
        if self.vendor_sales(vendor_id):
            self._arrived(vendor_id)

    def set_present(self, vendor_id: int, present: bool) -> str | None:
        """Marks the vendor present or absent; refused (with the reason) for an absent
        vendor with sales on the sheet."""
        self.require_open()
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
        """All of the vendor's sales of the day in one payment method (their split, if
        they had one, goes: the person chose this)."""
        self.require_open()
        method = PaymentMethod(method).value
        self.edits[(vendor_id, METHOD, None)] = method
        for line in self.vendor(vendor_id).lines:
            edited = self.edits.get((vendor_id, SPLIT, line.category_id))
            if edited:
                self.edits[(vendor_id, SPLIT, line.category_id)] = {
                    method: sum(edited.values())  # type: ignore[union-attr]
                }

    def set_due(self, vendor_id: int, text: str) -> Typed:
        self.require_open()
        self._suggested.discard(vendor_id)
        self.edits[(vendor_id, DUE, None)] = typed = _typed(text, _fee_amount)
        return typed

    def set_paid(self, vendor_id: int, text: str) -> Typed:
        self.require_open()
        self.edits[(vendor_id, PAID, None)] = typed = _typed(text, _fee_amount)
        return typed

    def pay_in_full(self, vendor_id: int) -> Typed:
        """Paid: the whole fee due (what is left of it after later payments)."""
        return self.set_paid(vendor_id, plain(self.payable(vendor_id)))

    def _arrived(self, vendor_id: int) -> None:
        self.edits[(vendor_id, PRESENT, None)] = True
        if self.due(vendor_id) is None and self.usual_fee_cents:
            self.edits[(vendor_id, DUE, None)] = Typed(plain(self.usual_fee_cents),
                                                       self.usual_fee_cents)  # fmt: skip
            self._suggested.add(vendor_id)

    def require_open(self) -> None:
        date = self.day.date.strftime("%d/%m/%Y")
        if self.day.closed:
            raise OperationError(
                lazy("La jornada del {date} está cerrada; reábrala para hacer cambios.", date=date)
            )
        if self.day.future:
            raise OperationError(
                lazy(
                    "La jornada del {date} todavía no llega: no puede tener ventas, asistencia "
                    "ni cuotas.",
                    date=date,
                )
            )

    def discard(self) -> None:
        self.edits.clear()
        self._suggested.clear()

    def carry_edits(self, older: DaySheet, drop: set[int]) -> None:
        """What was typed in ``older`` (the same day, loaded before), except for the vendors
        in ``drop``, typed again over this fresher sheet."""
        for key, value in older.edits.items():
            vid = key[0]
            if vid not in drop and vid in self._by_id:
                self.edits[key] = value
        self._suggested = {vid for vid in older._suggested if vid not in drop}

    # unusual amounts ------------------------------------------------------------------
    def usual(self, vendor_id: int) -> int | None:
        """The vendor's usual day (the median of their last days with sales), or None."""
        if vendor_id not in self._usual:
            self._load_usual([vendor_id])
        return self._usual[vendor_id]

    def _load_usual(self, vendor_ids: list[int]) -> None:
        wanted = [vid for vid in vendor_ids if vid not in self._usual]
        if not wanted:
            return
        loaded = self.usual_loader(wanted) if self.usual_loader is not None else {}
        for vid in wanted:
            self._usual[vid] = loaded.get(vid)

    def typed_sales(self, vendor_id: int) -> bool:
        return any(
            (vendor_id, SPLIT, ln.category_id) in self.edits for ln in self.vendor(vendor_id).lines
        )

    def unusual(self, vendor_id: int) -> Unusual | None:
        """The vendor's day as typed, when it is far above their usual day (never for what
        was only loaded: that was confirmed when it was saved)."""
        if not self.typed_sales(vendor_id):
            return None
        cents = self.vendor_sales(vendor_id)
        usual = self.usual(vendor_id)
        limit = UNUSUAL_FACTOR * usual if usual else self.ceiling_cents
        if cents > limit and cents != sum(ln.saved_cents for ln in self.vendor(vendor_id).lines):
            return Unusual(vendor_id, cents, usual, limit)
        return None

    def unusual_days(self) -> list[Unusual]:
        typed = [v.vendor_id for v in self.vendors if self.typed_sales(v.vendor_id)]
        self._load_usual(typed)  # one query for all of them
        return [u for vid in typed if (u := self.unusual(vid))]

    # the day's figures ----------------------------------------------------------------
    def totals(self) -> Totals:
        """The day as typed so far (wrong cells count as nothing and are counted apart):
        the same definitions as ``core.stats`` for a one-day period."""
        count: Counter[str] = Counter()
        methods: dict[str, int] = dict.fromkeys(METHODS, 0)
        for vendor in self.vendors:
            vid = vendor.vendor_id
            cents = 0
            for line in vendor.lines:
                for method, part in self._line_split(vid, line).items():
                    methods[method] += part
                    cents += part
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
            count["paid_later_cents"] += vendor.paid_later_cents
        return Totals(**count, errors=len(self.errors()), by_method=ordered(methods))
