"""What an import keeps of each row, in a few bytes: a file of millions of rows is checked
and written without holding a Python object per row (a 200 MB sales file imports within
300 MB of memory).

``IntColumn``: whole numbers in an ``array`` of the smallest type that holds them so far.
``repeated_hashes``: which hashes a sequence holds more than once, in 8 bytes per slot of
an open-addressing table.  ``Memo``: a check's results (and errors) by the text it checked,
for the columns whose values repeat (dates, rubros, payment methods)."""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable, Iterator
from typing import Generic, TypeVar

from agroferia.core import validation as v
from agroferia.core.money import MoneyError

T = TypeVar("T")
_WIDER = {"B": "H", "H": "I", "I": "Q"}  # unsigned: 1, 2, 4 and 8 bytes
MEMO_LIMIT = 10_000  # distinct values remembered by a Memo; others are checked each time


class IntColumn:
    """Whole numbers ≥ 0 in one ``array``, widened when a value does not fit."""

    __slots__ = ("values",)

    def __init__(self) -> None:
        self.values = array("B")

    def append(self, value: int) -> None:
        try:
            self.values.append(value)
        except OverflowError:
            if value < 0:
                raise
            while True:
                self.values = array(_WIDER[self.values.typecode], self.values)
                try:
                    self.values.append(value)
                    return
                except OverflowError:
                    continue

    def __len__(self) -> int:
        return len(self.values)

    def __iter__(self) -> Iterator[int]:
        return iter(self.values)

    def __getitem__(self, index: slice) -> array:
        return self.values[index]

    def extend(self, values: list[int]) -> None:
        """``append`` of each value, in one step."""
        try:
            more = array(self.values.typecode, values)
        except OverflowError:
            for value in values:
                self.append(value)
            return
        self.values += more


def repeated_hashes(hashes: Iterable[int], count: int) -> set[int]:
    """The hashes that ``hashes`` (about ``count`` of them) holds more than once; a table of
    8 bytes per slot, twice ``count`` slots, is the only memory it takes."""
    size = 2 * count + 7
    slots = array("q", [0]) * size
    repeated: set[int] = set()
    for value in hashes:
        value = value or 1  # 0 marks an empty slot (1 stands for 0: both are then watched)
        index = value % size
        while True:
            held = slots[index]
            if held == 0:
                slots[index] = value
                break
            if held == value:
                repeated.add(value)
                break
            index = index + 1 if index + 1 < size else 0
    return repeated


class Memo(Generic[T]):
    """``fn`` with its results, and the ``Invalid`` or ``MoneyError`` it raised, kept by
    the text it was given (other values are checked each time): the same text always
    gives the same answer, and a file repeats a few hundred dates and a handful of rubros
    and payment methods over millions of rows."""

    def __init__(self, fn: Callable[[object], T], limit: int = MEMO_LIMIT) -> None:
        self.fn = fn
        self.limit = limit
        self.found: dict[str, tuple[bool, object]] = {}

    def __call__(self, value: object) -> T:
        if type(value) is not str:
            return self.fn(value)
        hit = self.found.get(value)
        if hit is None:
            try:
                hit = (True, self.fn(value))
            except (v.Invalid, MoneyError) as exc:
                hit = (False, exc)
            if len(self.found) < self.limit:
                self.found[value] = hit
        ok, result = hit
        if ok:
            return result  # type: ignore[return-value]
        raise result.with_traceback(None)  # type: ignore[union-attr]


class Checked(Generic[T]):
    """A field's check, as ``validation.Checker.check`` makes it: ``fn(value)`` gives
    ``(result, None)``, or ``(None, (field, message))`` when it raises ``Invalid`` (with
    its own field, if it names one) or ``MoneyError``; kept by the text (or None) it was
    given, like ``Memo``."""

    def __init__(self, fn: Callable[[object], T], field: str, limit: int = MEMO_LIMIT) -> None:
        self.fn = fn
        self.field = field
        self.limit = limit
        self.found: dict[str | None, tuple[T | None, tuple[str, object] | None]] = {}

    def __call__(self, value: object) -> tuple[T | None, tuple[str, object] | None]:
        kept = value is None or type(value) is str
        hit = self.found.get(value) if kept else None  # type: ignore[arg-type]
        if hit is None:
            try:
                hit = (self.fn(value), None)
            except v.Invalid as exc:
                hit = (None, (exc.field or self.field, exc.message))
            except MoneyError as exc:
                hit = (None, (self.field, exc.message))
            if kept and len(self.found) < self.limit:
                self.found[value] = hit  # type: ignore[index]
        return hit


class SaleRows:
    """The sales a file will write, a column each: the row of the file, the fair day (an
    index into the caller's list of days), the vendor, the rubro (0 for none), the payment
    method (an index into ``methods``), the amount in céntimos and the product (0 for none,
    one byte a sale then); about 15 bytes a sale.
    The last few sales added wait in a short list (``PENDING`` at most) and go into the
    columns together."""

    FIELDS = ("numbers", "days", "vendors", "categories", "methods", "amounts", "products")
    PENDING = 4096

    def __init__(self) -> None:
        self.numbers, self.days, self.vendors = IntColumn(), IntColumn(), IntColumn()
        self.categories, self.methods, self.amounts = IntColumn(), IntColumn(), IntColumn()
        self.products = IntColumn()
        self.method_values: list[object] = []  # the payment methods, as the check gave them
        self._method_index: dict[object, int] = {}
        self._pending: list[tuple[int, int, int, int, int, int, int]] = []

    def add(self, number: int, day: int, vendor: int, category: int | None, method: object,
            cents: int, product: int | None = None) -> None:  # fmt: skip
        index = self._method_index.get(method)
        if index is None:
            index = self._method_index[method] = len(self.method_values)
            self.method_values.append(method)
        self._pending.append((number, day, vendor, category or 0, index, cents, product or 0))
        if len(self._pending) >= self.PENDING:
            self._flush()

    def _flush(self) -> None:
        if not self._pending:
            return
        for name, values in zip(self.FIELDS, zip(*self._pending, strict=True), strict=True):
            getattr(self, name).extend(list(values))
        self._pending = []

    def __len__(self) -> int:
        return len(self.numbers) + len(self._pending)

    def batches(
        self, size: int
    ) -> Iterator[Iterator[tuple[int, int, int, int | None, object, int, int | None]]]:
        """The sales, ``size`` at a time: (row, day, vendor, rubro or None, method, cents,
        product or None)."""
        self._flush()
        methods = self.method_values
        for start in range(0, len(self), size):
            part = [getattr(self, name)[start : start + size] for name in self.FIELDS]
            yield (
                (number, day, vendor, category or None, methods[method], cents, product or None)
                for number, day, vendor, category, method, cents, product in zip(*part, strict=True)
            )
