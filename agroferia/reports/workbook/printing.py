"""Printing a sheet: A4, one page wide, in whichever orientation takes fewer pages, the
header row of the sheet's first table repeated on every page, the document's name and page
numbers in the margins; the height of rows holding wrapped text; where charts start a page.

The page count is estimated from the rows' heights (LibreOffice and Excel lay the page out
themselves): close enough to choose an orientation and to keep a chart off a page break.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from openpyxl.worksheet.worksheet import Worksheet

from agroferia.reports.workbook.styles import BOLD_STYLES, TITLE, WRAPS

if TYPE_CHECKING:
    from agroferia.reports.workbook.sheet import Sheet

MIN_WIDTH, MAX_WIDTH = 6, 50  # of a column, in characters
LINE_HEIGHT = 15  # points per line of wrapped text
CM_PER_ROW = 0.53  # a default row, 15 points
TITLE_ROW_CM = 0.7  # a row holding a title (14 points)
# column width units a sheet may have and still print upright on A4 (about 90 % or more)
PORTRAIT_WIDTH = 105
# an A4 page between the margins set below, in column width units and in cm
PAGE = {False: (92, 25.9), True: (136, 17.2)}  # landscape? -> (width, height)
MIN_SCALE = 0.8  # a page is not shrunk further to save paper (11 points print as 9)


def scale(total_width: float, landscape: bool) -> float:
    """How much fitting ``total_width`` column units across the page shrinks it."""
    return min(1.0, PAGE[landscape][0] / max(1.0, total_width))


@dataclass(frozen=True)
class Margins:
    """What every printed page of a workbook says: ``header`` at the top (``alert`` makes it
    bold and red), ``footer`` at the bottom left, and the sheet's name with ``page_of``
    («Página {page} de {pages}», in the workbook's language) at the bottom right."""

    header: str
    footer: str
    page_of: str  # "Página {page} de {pages}"
    alert: bool = False


def _wrapped_lines(text: str, width: float, *, bold: bool = False) -> int:
    """Lines a wrapped text takes in a column ``width`` characters wide (by whole words; a
    letter is about as wide as a digit, bold ones wider; the indent takes some room)."""
    total = 0
    room = max(1, int((width - 2) / (1.1 if bold else 0.95)))
    for paragraph in str(text).splitlines() or [""]:
        lines, used = 1, 0
        for word in paragraph.split():
            if used and used + 1 + len(word) > room:
                lines, used = lines + 1, len(word)
            else:
                used += (1 if used else 0) + len(word)
        total += lines
    return total


def _margin_text(text: str) -> str:
    return text.replace("&", "&&")  # "&" starts a code in Excel's header and footer


def print_setup(
    ws: Any,
    header_row: int | None,
    total_width: float,
    margins: Margins,
    *,
    landscape: bool | None = None,
) -> None:
    """A4, one page wide (by default portrait if the columns fit across it, else
    landscape), headers and the document's name on every page."""
    if landscape is None:
        landscape = total_width > PORTRAIT_WIDTH
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages tall as needed
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.5  # inches
    ws.page_margins.top = ws.page_margins.bottom = 0.75
    ws.page_margins.header = ws.page_margins.footer = 0.3
    ws.print_options.horizontalCentered = True
    if header_row is not None:
        ws.print_title_rows = f"{header_row}:{header_row}"
    head = ws.oddHeader.center
    head.text = _margin_text(margins.header)
    if margins.alert:
        head.font = "Calibri,Bold"
        head.size = 12
        head.color = "C00000"
    ws.oddFooter.left.text = _margin_text(margins.footer)
    ws.oddFooter.left.size = 8
    pages = _margin_text(margins.page_of).format(page="&P", pages="&N")
    ws.oddFooter.right.text = f"&A · {pages}"  # &A: the sheet's name
    ws.oddFooter.right.size = 8


def row_heights(sheet: Sheet, widths: dict[int, float]) -> dict[int, float]:
    """Points for each row holding wrapped text (a paragraph spreads over every column):
    neither Excel nor LibreOffice grows such a row when a program wrote it."""
    room = sum(widths.values()) or MAX_WIDTH
    paragraphs = set(sheet.paragraphs)
    heights = {}
    for row, cells in enumerate(sheet.rows, 1):
        if row in paragraphs:
            lines = _wrapped_lines(cells[0][0], room)
        else:
            lines = max(
                (
                    _wrapped_lines(v, widths.get(c, MIN_WIDTH), bold=style in BOLD_STYLES)
                    for c, (v, style) in enumerate(cells, 1)
                    if style in WRAPS and v is not None
                ),
                default=1,
            )
        if lines > 1:
            heights[row] = LINE_HEIGHT * lines
    return heights


@dataclass(frozen=True)
class Pages:
    count: int
    chart_breaks: tuple[int, ...]  # the charts (by position) that start a new page


def paginate(sheet: Sheet, heights: dict[int, float], total_width: float, landscape: bool) -> Pages:
    """How the sheet would print, roughly: its rows' heights scaled as the page setup
    scales them, the header row repeated atop each page; a chart goes on a new page when
    the rest of the page cannot hold it."""
    page_height = PAGE[landscape][1]
    shrink = scale(total_width, landscape)

    def height(row: int) -> float:
        if row in heights:
            return heights[row] / 72 * 2.54
        cells = sheet.rows[row - 1]
        return TITLE_ROW_CM if cells and cells[0][1] == TITLE else CM_PER_ROW

    repeated = height(sheet.header_rows[0]) * shrink if sheet.header_rows else 0.0
    pages, used = 1, 0.0
    for row in range(1, len(sheet.rows) + 1):
        h = height(row) * shrink
        if used + h > page_height:
            pages, used = pages + 1, repeated
        used += h
    breaks = []
    for n, chart in enumerate(sheet.charts):
        rows = math.ceil(chart.height / CM_PER_ROW) + 1
        needed = rows * CM_PER_ROW * shrink
        if used + needed > page_height:
            breaks.append(n)
            pages, used = pages + 1, 0.0
        used += needed
    return Pages(pages, tuple(breaks))
