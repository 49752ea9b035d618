"""Every sales entry of a period, streamed into as many sheets as it needs (Excel stops at
1,048,576 rows a sheet): the part of the padrón that grows with the data."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter
from sqlalchemy.orm import Session

from agroferia.core import breakdowns, labels
from agroferia.core.cell_text import text_cell
from agroferia.core.money import from_cents
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


def write_listing(
    wb: Workbook,
    session: Session,
    head: Header,
    fair_id: int | None,
    taken: list[str],
    margins: Margins,
    progress: Callable[[int, int], None] | None,
) -> tuple[list[str], int]:
    """Every sales entry of ``head``'s period, streamed; a new sheet whenever one is full.
    Returns the sheets' titles and the number of entries."""
    total = breakdowns.count_sales(session, head.start, head.end, fair_id)
    capacity = max(1, MAX_SHEET_ROWS - HEADING_ROWS)
    headers = [_("Fecha"), _("Feria"), _("Código"), _("Expositor"), _("Sexo"), _("Rubro"),
               _("Medio de pago"), _("Monto")]  # fmt: skip
    sexes = {code: sex_label(code, plural=False) for code in labels.SEX}
    methods = {code: payment_label(code) for code in labels.PAYMENT_METHOD}
    titles: list[str] = []
    in_sheet = done = 0

    def open_sheet() -> Any:
        number = len(titles) + 1
        text = _("Ventas (detalle)") if number == 1 else _("Ventas (detalle {n})", n=number)
        ws = wb.create_sheet(sh.sheet_title(text, taken + titles))
        titles.append(ws.title)
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
        return ws

    def close_sheet(ws: Any, rows: int) -> None:
        last = HEADING_ROWS + rows
        ws.auto_filter.ref = f"A{HEADING_ROWS}:{get_column_letter(len(headers))}{last}"

    def report() -> None:
        if progress is not None:
            progress(done, total)

    report()
    ws = open_sheet()
    date_cell = amount_cell = None
    for row in breakdowns.iter_sales(session, head.start, head.end, fair_id):
        if in_sheet == capacity:
            close_sheet(ws, in_sheet)
            ws, in_sheet = open_sheet(), 0
            date_cell = amount_cell = None
        if date_cell is None:
            # two styled cells per sheet, refilled for every row: openpyxl writes a row out
            # as soon as it is appended, so the cells are free again right after
            date_cell = WriteOnlyCell(ws)
            date_cell.style = DATE
            amount_cell = WriteOnlyCell(ws)
            amount_cell.style = MONEY
        date_cell.value = row.date
        amount_cell.value = from_cents(row.amount)
        ws.append(
            (
                date_cell,
                text_cell(ws, row.fair),
                text_cell(ws, row.vendor_code),
                text_cell(ws, row.vendor_name),
                text_cell(ws, sexes.get(row.sex, row.sex)),
                text_cell(ws, row.category),
                text_cell(ws, methods.get(row.payment_method, row.payment_method)),
                amount_cell,
            )
        )
        in_sheet += 1
        done += 1
        if done % PROGRESS_EVERY == 0:
            report()
    close_sheet(ws, in_sheet)
    if done % PROGRESS_EVERY:
        report()
    return titles, done
