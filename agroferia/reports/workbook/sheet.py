"""Building a sheet of a workbook: small sheets in memory (measured, then written, printed
as ``printing`` lays them out), native charts, valid sheet titles.

Write-only worksheets take their column widths, frozen panes and page set-up before the
first row: a summary sheet is therefore built in memory first (it is small), measured, and
then written.  Every text cell goes through ``cell_text.text_cell``: a value from the data
that looks like a formula is written as text.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break

from agroferia.core.cell_text import text_cell
from agroferia.reports.workbook.printing import (
    CM_PER_ROW,
    MAX_WIDTH,
    MIN_SCALE,
    MIN_WIDTH,
    PORTRAIT_WIDTH,
    Margins,
    paginate,
    print_setup,
    row_heights,
    scale,
)
from agroferia.reports.workbook.styles import (
    BOLD,
    BOLD_STYLES,
    CENTERED,
    HEADER,
    HEADER_CENTERED,
    HEADER_NUMBER,
    HEADERS,
    INTEGER,
    INTEGER_B,
    MONEY,
    MONEY_B,
    NUMBERS,
    PARAGRAPH,
    PERCENT,
    PERCENT_B,
    TEXT,
)

HEADER_WRAP = 12  # longer column headers wrap onto more lines instead of widening the column
CM_PER_WIDTH_UNIT = 0.19  # a column width unit (one character) on screen and paper

Cell = tuple[Any, str | None]  # a value and the name of its style


@dataclass(frozen=True)
class Chart:
    height: float  # cm
    add: Callable[[Any, str, float], None]  # (worksheet, anchor cell, width in cm)


@dataclass
class Span:
    header: int  # row of the table's headers
    first: int  # first data row
    last: int  # last data row (== header when the table is empty)

    @property
    def empty(self) -> bool:
        return self.last < self.first


@dataclass
class Sheet:
    """A small sheet built in memory, so that its columns can be measured before writing."""

    title: str
    rows: list[list[Cell]] = field(default_factory=list)
    measured: list[bool] = field(default_factory=list)
    header_rows: list[int] = field(default_factory=list)
    freeze: str | None = None
    filter: str | None = None
    charts: list[Chart] = field(default_factory=list)
    fixed_widths: dict[int, float] = field(default_factory=dict)  # column -> width
    paragraphs: list[int] = field(default_factory=list)  # rows of notes spread over the width

    def add(self, cells: Sequence[Cell] = (), *, measure: bool = False) -> int:
        self.rows.append(list(cells))
        self.measured.append(measure)
        return len(self.rows)

    def paragraph(self, text: str) -> int:
        """A note that wraps within the width of the sheet's tables (a long line would
        stretch the printed page)."""
        row = self.add([(text, PARAGRAPH)])
        self.paragraphs.append(row)
        return row

    def table(
        self,
        headers: Sequence[str],
        body: Iterable[Sequence[Cell]],
        styles: Sequence[str | None],
        *,
        total: Sequence[Cell] | None = None,
        extra: Iterable[Sequence[Cell]] = (),
        freeze_columns: int = 0,
    ) -> Span:
        """Headers, rows of (value, style) cells, and a total row (outside the filter, so
        sorting keeps it last).  The sheet's first table gets the autofilter and the frozen
        header (one per sheet).  ``styles`` says which columns hold numbers (their headers
        are right-aligned)."""
        top = self.add([(h, _header_style(s)) for h, s in zip(headers, styles, strict=True)],
                       measure=True)  # fmt: skip
        self.header_rows.append(top)
        for cells in body:
            self.add(cells, measure=True)
        span = Span(top, top + 1, len(self.rows))
        if total is not None:
            self.add(total, measure=True)
        for cells in extra:
            self.add(cells, measure=True)
        if self.filter is None:
            last_col = get_column_letter(len(headers))
            self.filter = f"A{top}:{last_col}{max(span.last, top)}"
            self.freeze = f"{get_column_letter(freeze_columns + 1)}{top + 1}"
        return span

    def widths(self) -> dict[int, float]:
        longest: dict[int, float] = {}
        for cells, measure in zip(self.rows, self.measured, strict=True):
            if not measure:
                continue
            for col, (value, style) in enumerate(cells, 1):
                n = display_len(value, style)
                if style in HEADERS:
                    n = min(n, HEADER_WRAP)
                if style in BOLD_STYLES:
                    n = n * 1.1
                longest[col] = max(longest.get(col, 0), n)
        widths = {col: min(max(n + 3, MIN_WIDTH), MAX_WIDTH) for col, n in longest.items()}
        widths.update(self.fixed_widths)
        return widths


def _header_style(style: str | None) -> str:
    if style in NUMBERS:
        return HEADER_NUMBER
    return HEADER_CENTERED if style == CENTERED else HEADER


def bold(cells: Sequence[Cell]) -> list[Cell]:
    """The cells of a total row."""
    return [(v, BOLD.get(s, s)) for v, s in cells]


def display_len(value: Any, style: str | None) -> int:
    """Roughly how many characters Excel shows for the value in that style."""
    if value is None:
        return 0
    if isinstance(value, str):
        return max(len(line) for line in value.splitlines() or [""])
    if style in (MONEY, MONEY_B):
        return len(f"S/ {value:,.2f}")
    if style in (PERCENT, PERCENT_B):
        return len(f"{value * 100:.1f}%")
    if style in (INTEGER, INTEGER_B):
        return len(f"{value:,}")
    if isinstance(value, dt.date):
        return 10
    return len(str(value))


_INVALID_TITLE = re.compile(r"[\[\]:*?/\\]")


def sheet_title(text: str, taken: Iterable[str]) -> str:
    """A valid, unique sheet title: at most 31 characters, none of ``[]:*?/\\``."""
    base = _INVALID_TITLE.sub("-", text).strip("'").strip() or "-"
    base = base[:31]
    used = {t.casefold() for t in taken}
    title, n = base, 2
    while title.casefold() in used:
        suffix = f" {n}"
        title = base[: 31 - len(suffix)] + suffix
        n += 1
    return title


def styled(ws: Any, value: Any, style: str | None) -> Any:
    if value is None and style not in HEADERS:
        return None
    return text_cell(ws, value, style)


def emit(wb: Workbook, sheet: Sheet, margins: Margins) -> str:
    """Writes ``sheet`` as a new worksheet of ``wb``; returns its title.  It prints in
    whichever orientation takes fewer pages without shrinking the text below ``MIN_SCALE``
    (when both take as many: landscape if its columns are too wide to stand upright)."""
    ws = wb.create_sheet(sheet.title)
    widths = sheet.widths()
    total_width = sum(widths.values())
    heights = row_heights(sheet, widths)
    upright, lying = (paginate(sheet, heights, total_width, flag) for flag in (False, True))
    legible = {flag: scale(total_width, flag) >= MIN_SCALE for flag in (False, True)}
    if upright.count != lying.count and legible[False] == legible[True]:
        landscape = lying.count < upright.count
    elif legible[False] != legible[True]:
        landscape = legible[True]
    else:
        landscape = total_width > PORTRAIT_WIDTH
    pages = lying if landscape else upright
    first_header = sheet.header_rows[0] if sheet.header_rows else None
    print_setup(ws, first_header, total_width, margins, landscape=landscape)
    for col, width in widths.items():
        ws.column_dimensions[get_column_letter(col)].width = width
    for row, points in heights.items():
        ws.row_dimensions[row].height = points
    columns = max(widths, default=1)
    if columns > 1:
        for row in sheet.paragraphs:
            ws.merged_cells.add(f"A{row}:{get_column_letter(columns)}{row}")
    if sheet.freeze:
        ws.freeze_panes = sheet.freeze
    for cells, table in zip(sheet.rows, sheet.measured, strict=True):
        # text of a table without a style of its own is TEXT (indented, at the top)
        ws.append([styled(ws, value, style or (TEXT if table else None)) for value, style in cells])
    if sheet.filter:
        ws.auto_filter.ref = sheet.filter
    # charts go below the tables, as wide as they are: on screen and on paper alike
    chart_width = min(25.0, max(15.0, total_width * CM_PER_WIDTH_UNIT))
    row = len(sheet.rows) + 2
    for n, chart in enumerate(sheet.charts):
        if n in pages.chart_breaks:
            ws.row_breaks.append(Break(id=row - 1))
        chart.add(ws, f"A{row}", chart_width)
        row += math.ceil(chart.height / CM_PER_ROW) + 1
    return ws.title


def bar_chart(
    *,
    title: str,
    values_col: int,
    labels_col: int,
    span: Span,
    horizontal: bool = False,
    labels_format: str | None = None,
) -> Chart:
    """A bar chart of one column of a table, to add once the sheet exists."""
    n = span.last - span.first + 1
    height = 7.5 if not horizontal else max(6.0, 2.0 + 0.7 * n)

    def add(ws: Any, anchor: str, width: float) -> None:
        chart = BarChart()
        chart.type = "bar" if horizontal else "col"
        chart.title = title
        chart.legend = None
        chart.style = 10
        data = Reference(ws, min_col=values_col, min_row=span.header, max_row=span.last)
        cats = Reference(ws, min_col=labels_col, min_row=span.first, max_row=span.last)
        chart.add_data(data, titles_from_data=True)
        chart.set_categories(cats)
        chart.y_axis.number_format = '"S/" #,##0'
        chart.y_axis.scaling.min = 0  # bars as long as the amounts, not from a cut-off
        # openpyxl >= 3.1 marks axes deleted unless told otherwise: Excel would hide them
        chart.x_axis.delete = False
        chart.y_axis.delete = False
        if labels_format:
            chart.x_axis.number_format = labels_format
        if horizontal:
            chart.x_axis.scaling.orientation = "maxMin"  # same order as the table
            chart.y_axis.crosses = "max"  # amounts below the bars, despite the reversed order
        chart.width = width
        chart.height = height
        ws.add_chart(chart, anchor)

    return Chart(height, add)


def set_properties(wb: Workbook, title: str, creator: str, lang: str, when: dt.datetime) -> None:
    props = wb.properties
    props.title = title
    props.creator = creator
    props.lastModifiedBy = creator
    props.language = lang
    if when.tzinfo is None:
        when = when.astimezone()  # a naive time is local time
    props.created = when.astimezone(dt.UTC).replace(tzinfo=None)  # stored as UTC


def discard_streams(wb: Workbook) -> None:
    """Removes the temporary files write-only sheets stream into.  After a save openpyxl has
    removed them already; after a failure it would only do so when the program ends, and
    the rows of a large listing would sit in the temporary folder until then."""
    for ws in wb.worksheets:
        writer = getattr(ws, "_writer", None)
        if writer is None or not Path(writer.out).exists():
            continue
        with contextlib.suppress(Exception):  # best effort: the stream may be half written
            rows = getattr(ws, "_rows", None)
            if rows is not None:
                rows.close()
            writer.close()
        with contextlib.suppress(Exception):
            writer.cleanup()
