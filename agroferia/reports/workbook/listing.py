"""Every sales entry of a period: the part of the padrón that grows with the data.

openpyxl builds the listing's sheets with their headings only (widths, frozen panes, page
set-up, filter), and ``Listing.save`` writes the workbook and then streams the rows straight
into those sheets' XML (``rows_xml``): a row is one formatted string, about ten times as
fast as openpyxl's cell by cell (``bench/bench_exports.py`` measures both, and xlsxwriter's
constant-memory mode).  The cells are what openpyxl would have written: inline strings, dates
and amounts as numbers with the workbook's own DATE and MONEY styles, text that could be
read as a formula with the quote prefix (``core.cell_text``).

Excel holds 1,048,576 rows a sheet: a listing longer than that is split by year, one sheet
per year («Ventas 2024»), a year longer than a sheet continuing on «Ventas 2024 (2)».
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.utils import get_column_letter
from sqlalchemy.orm import Session

from agroferia.core import breakdowns, labels
from agroferia.core.cell_text import clean, looks_like_formula, text_cell
from agroferia.core.errors import OperationError
from agroferia.i18n import _
from agroferia.reports.common import Header, payment_label, sex_label
from agroferia.reports.workbook import sheet as sh
from agroferia.reports.workbook.printing import MAX_WIDTH, Margins, print_setup
from agroferia.reports.workbook.styles import (
    CONFIDENTIAL,
    DATE,
    HEADER,
    HEADER_NUMBER,
    MONEY,
    SUBTITLE,
)

# Excel's limit is 1,048,576 rows per sheet; a test lowers this to prove the split.
MAX_SHEET_ROWS = 1_048_576
PROGRESS_EVERY = 2_000  # sales rows between two progress reports
WIDTHS = (11, 30, 11, 34, 10, 28, 15, 14)
HEADING_ROWS = 4  # the confidential mark, the subtitle, a blank line, the column headers
COLUMNS = "ABCDEFGH"
_EPOCH = dt.date(1899, 12, 30)  # day 0 of a workbook's dates
_CHUNK = 1_000  # rows joined into one write
# deflate level of the listing's sheets: a year of 100,000 entries (46 MB of XML) packs into
# 4.9 MB in 0.2 s, against 4.3 MB in 0.5 s at zlib's usual level 6
LISTING_LEVEL = 3


@dataclass
class _Part:
    """One sheet of the listing: the rows of ``year`` (None: of the whole period) from the
    ``skip``-th on, ``rows`` of them."""

    year: int | None
    skip: int
    rows: int
    ws: Any = None


@dataclass(frozen=True)
class Styles:
    """The workbook's style indices (``s="…"``) of the listing's cells."""

    date: int
    money: int
    quoted: int  # text with the quote prefix


class Listing:
    """The listing's sheets, created in the workbook; their rows come at ``save``."""

    def __init__(
        self, wb: Workbook, session: Session, head: Header, fair_id: int | None,
        taken: list[str], margins: Margins,
    ) -> None:  # fmt: skip
        self.session, self.head, self.fair_id = session, head, fair_id
        self.total = breakdowns.count_sales(session, head.start, head.end, fair_id)
        self.titles: list[str] = []
        self.parts = _plan(session, head, fair_id, self.total)
        headers = [_("Fecha"), _("Feria"), _("Código"), _("Expositor"), _("Sexo"), _("Rubro"),
                   _("Medio de pago"), _("Monto")]  # fmt: skip
        for part in self.parts:
            part.ws = _heading(wb, _title(part, self.parts), taken + self.titles, head, headers,
                               margins, part.rows)  # fmt: skip
            self.titles.append(part.ws.title)
        ws = self.parts[0].ws
        date, money, quoted = WriteOnlyCell(ws), WriteOnlyCell(ws), WriteOnlyCell(ws)
        date.style, money.style, quoted.quotePrefix = DATE, MONEY, True
        # asking for the indices registers the styles: the workbook's styles part holds them
        self.styles = Styles(date.style_id, money.style_id, quoted.style_id)

    def save(self, wb: Workbook, path: Path, progress: Callable[[int, int], None] | None) -> int:
        """Writes the workbook to ``path`` with the listing's rows; returns how many."""
        folder = Path(path).parent
        fd, name = tempfile.mkstemp(prefix=".listing-", suffix=".xlsx", dir=folder)
        os.close(fd)
        plain = Path(name)
        try:
            wb.save(plain)
            members = {part.ws.path[1:]: part for part in self.parts}
            # the parts copied keep their own compression; the listing's take LISTING_LEVEL
            with (
                zipfile.ZipFile(plain) as src,
                zipfile.ZipFile(
                    path, "w", zipfile.ZIP_DEFLATED, compresslevel=LISTING_LEVEL
                ) as out,
            ):
                for info in src.infolist():
                    if info.filename not in members:
                        out.writestr(info, src.read(info.filename))
                sales = breakdowns.iter_sales(self.session, self.head.start, self.head.end,
                                              self.fair_id)  # fmt: skip
                return self._stream(src, out, members, sales, progress)
        finally:
            plain.unlink(missing_ok=True)

    def _stream(
        self, src: zipfile.ZipFile, out: zipfile.ZipFile, members: dict[str, _Part],
        sales: Iterator[breakdowns.SaleRow], progress: Callable[[int, int], None] | None,
    ) -> int:  # fmt: skip
        sexes = {code: sex_label(code, plural=False) for code in labels.SEX}
        methods = {code: payment_label(code) for code in labels.PAYMENT_METHOD}
        done = reported = 0
        cache: dict[str | None, str] = {}
        if progress is not None:
            progress(0, self.total)
        pending: breakdowns.SaleRow | None = None
        for member, part in members.items():
            xml = src.read(member).decode("utf-8")
            end = xml.index("</sheetData>")
            with out.open(member, "w", force_zip64=True) as fh:
                fh.write(xml[:end].encode("utf-8"))
                written = 0
                rows: list[breakdowns.SaleRow] = []
                source = chain([pending] if pending is not None else [], sales)
                pending = None
                for row in source:
                    if written + len(rows) == part.rows or (
                        part.year is not None and row.date.year != part.year
                    ):
                        pending = row
                        break
                    rows.append(row)
                    if len(rows) == _CHUNK:
                        fh.write(rows_xml(rows, HEADING_ROWS + written + 1, self.styles,
                                          sexes, methods, cache).encode("utf-8"))  # fmt: skip
                        written += len(rows)
                        done += len(rows)
                        rows = []
                        if progress is not None and done - reported >= PROGRESS_EVERY:
                            progress(done, self.total)
                            reported = done
                if rows:
                    fh.write(rows_xml(rows, HEADING_ROWS + written + 1, self.styles, sexes,
                                      methods, cache).encode("utf-8"))  # fmt: skip
                    written += len(rows)
                    done += len(rows)
                fh.write(xml[end:].encode("utf-8"))
            if written != part.rows:
                raise _changed()
            if pending is not None and part is self.parts[-1]:
                raise _changed()
        if pending is not None or next(sales, None) is not None:
            raise _changed()
        if progress is not None and done != reported:
            progress(done, self.total)
        return done


def _changed() -> OperationError:
    """The rows did not match the counts the sheets were laid out from: not while a session
    reads one snapshot of the database, but said rather than written wrong should it be."""
    return OperationError(
        _("Las ventas cambiaron mientras se exportaban: vuelva a exportar el padrón.")
    )


def _plan(session: Session, head: Header, fair_id: int | None, total: int) -> list[_Part]:
    capacity = max(1, MAX_SHEET_ROWS - HEADING_ROWS)
    if total <= capacity:
        return [_Part(None, 0, total)]
    parts = []
    for year in range(head.start.year, head.end.year + 1):
        first = max(head.start, dt.date(year, 1, 1))
        last = min(head.end, dt.date(year, 12, 31))
        count = breakdowns.count_sales(session, first, last, fair_id)
        for skip in range(0, count, capacity):
            parts.append(_Part(year, skip, min(capacity, count - skip)))
    return parts


def _title(part: _Part, parts: list[_Part]) -> str:
    if part.year is None:
        return _("Ventas (detalle)")
    if part.skip == 0:
        return _("Ventas {year}", year=part.year)
    n = sum(1 for p in parts if p.year == part.year and p.skip <= part.skip)
    return _("Ventas {year} ({n})", year=part.year, n=n)


def _heading(
    wb: Workbook, text: str, taken: list[str], head: Header, headers: list[str],
    margins: Margins, rows: int,
) -> Any:  # fmt: skip
    ws = wb.create_sheet(sh.sheet_title(text, taken))
    for col, width in enumerate(WIDTHS, 1):
        longest = max(width, min(MAX_WIDTH, int(len(headers[col - 1]) * 1.1) + 2))
        ws.column_dimensions[get_column_letter(col)].width = longest
    ws.freeze_panes = f"A{HEADING_ROWS + 1}"
    print_setup(ws, HEADING_ROWS, sum(WIDTHS), margins)
    subtitle = _("Detalle de ventas · {fair} · {period}", fair=head.fair_label,
                 period=head.period)  # fmt: skip
    ws.append([text_cell(ws, margins.header, CONFIDENTIAL)])
    ws.append([text_cell(ws, subtitle, SUBTITLE)])
    ws.append([])
    ws.append([text_cell(ws, h, HEADER_NUMBER if h == headers[-1] else HEADER)
               for h in headers])  # fmt: skip
    ws.auto_filter.ref = f"A{HEADING_ROWS}:{COLUMNS[-1]}{HEADING_ROWS + rows}"
    return ws


def _text(value: str | None, quoted: int, cache: dict[str | None, str]) -> str:
    """The attributes and content of a text cell after ``<c r="…"``."""
    if value is None:
        return ""
    found = cache.get(value)
    if found is None:
        text = clean(value)
        style = f' s="{quoted}"' if looks_like_formula(text) or text in ERROR_CODES else ""
        escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        space = ' xml:space="preserve"' if text != text.strip() else ""
        found = f'{style} t="inlineStr"><is><t{space}>{escaped}</t></is></c>'
        cache[value] = found
    return found


def _amount(cents: int) -> str:
    whole, part = divmod(abs(cents), 100)
    return f"{'-' if cents < 0 else ''}{whole}.{part:02d}"


def rows_xml(
    rows: list[breakdowns.SaleRow], first: int, styles: Styles,
    sexes: dict[str, str], methods: dict[str, str], cache: dict[str | None, str] | None = None,
) -> str:  # fmt: skip
    """``<row>`` elements for ``rows``, the first numbered ``first``."""
    cache = {} if cache is None else cache
    date_s, money_s, quoted = styles.date, styles.money, styles.quoted
    out = []
    for n, row in enumerate(rows, first):
        cells = [f'<row r="{n}"><c r="A{n}" s="{date_s}"><v>{(row.date - _EPOCH).days}</v></c>']
        for col, value in (("B", row.fair), ("C", row.vendor_code), ("D", row.vendor_name),
                           ("E", sexes.get(row.sex, row.sex)), ("F", row.category),
                           ("G", methods.get(row.payment_method, row.payment_method))):  # fmt: skip
            if value is not None:
                cells.append(f'<c r="{col}{n}"{_text(value, quoted, cache)}')
        cells.append(f'<c r="H{n}" s="{money_s}"><v>{_amount(row.amount)}</v></c></row>')
        out.append("".join(cells))
    return "".join(out)
