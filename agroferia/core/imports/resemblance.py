"""Columns a file names in a way no known header matches, but whose values look like a
known field (sex words, dates, amounts, DNIs): never silently left out.  When that field is
not read from another column the file is refused, asking to rename or delete the column;
when it is, the summary says what the column looks like."""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal

from agroferia.core import validation as v
from agroferia.core.import_columns import Column
from agroferia.core.imports.report import ImportReport
from agroferia.core.money import decimal_mark
from agroferia.core.sheets import Table
from agroferia.i18n import lazy

SEX, DATE, AMOUNT, DOCUMENT = "sex", "date", "amount", "document"
SHARE = 0.8  # of the values sampled, at least this many look like the field
# the fields of each kind of file that each look-alike could be, most likely first
FIELDS = {
    "vendors": {
        SEX: ("sex",),
        DATE: ("birth_date", "registered_on", "sgp_expires_on"),
        DOCUMENT: ("doc_number",),
    },
    "sales": {DATE: ("date",), AMOUNT: ("amount",), DOCUMENT: ("doc_number",)},
}
_CURRENCY = re.compile(r"^\s*(S/\.?|PEN)\s*\d", re.IGNORECASE)


def _is_date(value: object) -> bool:
    if isinstance(value, dt.date):
        return True
    if not isinstance(value, str):
        return False
    try:
        return v.parse_date(value) is not None
    except v.Invalid:
        return False


def _is_amount(value: object) -> bool:
    """An amount beyond doubt: with its currency, or decimals (a bare 150 could be anything)."""
    if isinstance(value, float | Decimal) and not isinstance(value, bool):
        return math.isfinite(value) and value != int(value)
    return isinstance(value, str) and (
        _CURRENCY.match(value) is not None or decimal_mark(value) is not None
    )


def _is_document(value: object) -> bool:
    if isinstance(value, int) and not isinstance(value, bool):
        return 10_000_000 <= value <= 99_999_999
    return isinstance(value, str) and re.fullmatch(r"\s*\d{8}\s*", value) is not None


TESTS = ((DOCUMENT, _is_document), (DATE, _is_date), (SEX, v.is_sex_word), (AMOUNT, _is_amount))


def looks_like(values: list[object]) -> str | None:
    """SEX, DATE, AMOUNT or DOCUMENT when most of ``values`` look like one; else None."""
    if not values:
        return None
    for kind, test in TESTS:
        if sum(1 for value in values if test(value)) >= SHARE * len(values):
            return kind
    return None


def check(table: Table, report: ImportReport, columns: tuple[Column, ...]) -> None:
    """Errors for the look-alike columns whose field no other column gives; hints in the
    report for those whose field one does."""
    headers = {c.field: c.header for c in columns}
    for name, sample in zip(table.ignored, table.ignored_samples, strict=True):
        kind = looks_like(sample)
        fields = FIELDS[report.kind].get(kind, ()) if kind else ()
        if not fields:
            continue
        free = [f for f in fields if f not in table.columns]
        if free:
            report.error(
                None, None,
                lazy("La columna «{name}» parece ser {field}: cámbiele el nombre a {field} o "
                     "bórrela", name=name, field=headers[free[0]])
                if len(free) == 1 else
                lazy("La columna «{name}» parece ser {fields}: cámbiele el nombre a la que "
                     "corresponda o bórrela",
                     name=name, fields=" / ".join(str(headers[f]) for f in free)),
            )  # fmt: skip
        else:
            report.ignored_hints[name] = lazy(
                "parece {field}, que ya se lee de «{column}»",
                field=headers[fields[0]],
                column=table.columns[fields[0]],
            )
