"""Sales slips of one fair day: one small slip per vendor, handed out at the start of the day
for the vendor to write down their own sales by rubro (the Farmers Market Metrics
practice), eight to an A4 page with dashed lines to cut along.

Each slip carries the fair, the date written out, the vendor's stall, name and code, one
box per rubro the vendor has (as the day's sheet lists them), a box for the day's total and
one for the vendor's signature.  The slips follow the order of the day's sheet (by stall,
then name), as the planilla (``reports.planilla``) does; like it, they carry names but no
document, phone or birth date, and only an account that works with people prints them.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm, mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy.orm import Session

from agroferia import i18n
from agroferia.core import accounts, day_sheet
from agroferia.core.day_sheet import VendorDay
from agroferia.i18n import _
from agroferia.reports import common
from agroferia.reports.form_boxes import BOX_COLOUR, NOT_ALLOWED, ROW_TINT
from agroferia.reports.pdf_charts import (
    DARK_GREEN,
    FONT,
    FONT_BOLD,
    LIGHT_GREY,
    MUTED,
    TEXT,
    register_fonts,
)
from agroferia.reports.pdf_layout import PdfResult, creation_date, fit_text, save

__all__ = ["SLIPS_PER_PAGE", "write_slips"]

COLUMNS, ROWS = 2, 4
SLIPS_PER_PAGE = COLUMNS * ROWS
SIDE = 1.0 * cm  # the page's margins
BOTTOM = 1.4 * cm  # above the page number
PAD = 4 * mm  # inside a slip
BOX_ROW = 10 * mm  # a rubro's box, at the most


def write_slips(
    session: Session,
    fair_day_id: int,
    path: Path,
    *,
    lang: str | None = None,
    now: dt.datetime | None = None,
    actor: str | None = None,
) -> PdfResult:
    """Writes the sales slips of fair day ``fair_day_id`` to ``path``, atomically; refused
    (``NotAllowedError``) to an account that does not work with people."""
    path = Path(path)
    accounts.require(session, actor or "", *accounts.WITH_PEOPLE, refusal=NOT_ALLOWED)
    with i18n.language(lang):
        sheet = day_sheet.load(session, fair_day_id, today=now.date() if now else None)
        head = common.header(session, sheet.day.date, sheet.day.date, sheet.day.fair_id,
                             now=now)  # fmt: skip
        register_fonts()
        data, pages = _render(sheet.vendors, head)
    return save(path, data, pages)


def _render(vendors: list[VendorDay], head: common.Header) -> tuple[bytes, int]:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1, initialFontName=FONT,
                    lang=i18n.get_language())  # fmt: skip
    date = common.long_date_text(head.start)
    date = date[:1].upper() + date[1:]
    title = _("Registro de ventas del expositor")
    canvas.setTitle(f"{title} · {head.fair_label} · {common.date_text(head.start)}")
    canvas.setAuthor(head.organization or head.municipality or "")
    canvas.setSubject(date)
    canvas.setCreator("Agroferia")
    creation_date(canvas, head.generated_at)
    pages = max(math.ceil(len(vendors) / SLIPS_PER_PAGE), 1)
    width = (A4[0] - 2 * SIDE) / COLUMNS
    height = (A4[1] - SIDE - BOTTOM) / ROWS
    for page in range(pages):
        batch = vendors[page * SLIPS_PER_PAGE : (page + 1) * SLIPS_PER_PAGE]
        _cut_lines(canvas, width, height)
        for i, vendor in enumerate(batch):
            x = SIDE + (i % COLUMNS) * width
            y = A4[1] - SIDE - (i // COLUMNS + 1) * height
            _slip(canvas, vendor, x, y, width, height, head.fair_label, date, title)
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(MUTED)
        canvas.drawRightString(
            A4[0] - SIDE, 0.8 * cm, _("Página {page} de {pages}", page=page + 1, pages=pages)
        )
        canvas.drawString(SIDE, 0.8 * cm, _("Generado el {date}",
                          date=head.generated_at.strftime("%d/%m/%Y %H:%M")))  # fmt: skip
        canvas.showPage()
    canvas.save()
    return buffer.getvalue(), pages


def _cut_lines(canvas: Canvas, width: float, height: float) -> None:
    canvas.saveState()
    canvas.setStrokeColor(LIGHT_GREY)
    canvas.setLineWidth(0.6)
    canvas.setDash(4, 3)
    top, bottom = A4[1] - SIDE, A4[1] - SIDE - ROWS * height
    for c in range(COLUMNS + 1):
        x = SIDE + c * width
        canvas.line(x, bottom, x, top)
    for r in range(ROWS + 1):
        y = top - r * height
        canvas.line(SIDE, y, SIDE + COLUMNS * width, y)
    canvas.restoreState()


def _slip(
    canvas: Canvas,
    vendor: VendorDay,
    x: float,
    y: float,
    width: float,
    height: float,
    fair: str,
    date: str,
    title: str,
) -> None:
    """One vendor's slip in the rectangle whose lower left corner is (``x``, ``y``)."""
    inner = width - 2 * PAD
    left, top = x + PAD, y + height - PAD
    c = canvas
    c.saveState()
    c.setFillColor(DARK_GREEN)
    c.setFont(FONT_BOLD, 8.5)
    c.drawString(left, top - 8, fit_text(title, FONT_BOLD, 8.5, inner))
    c.setFillColor(TEXT)
    c.setFont(FONT, 7.5)
    c.drawString(left, top - 18, fit_text(fair, FONT, 7.5, inner))
    c.drawString(left, top - 27, fit_text(date, FONT, 7.5, inner))
    # the stall, large, and the vendor beside it
    stall = vendor.stall or "—"
    c.setFont(FONT_BOLD, 15)
    c.drawString(left, top - 47, fit_text(stall, FONT_BOLD, 15, 0.3 * inner))
    name_left = left + 0.32 * inner
    size = 9.5
    while size > 7.5 and stringWidth(vendor.full_name, FONT_BOLD, size) > 0.68 * inner:
        size -= 0.25
    c.setFont(FONT_BOLD, size)
    c.drawString(name_left, top - 40, fit_text(vendor.full_name, FONT_BOLD, size, 0.68 * inner))
    c.setFont(FONT, 7)
    c.setFillColor(MUTED)
    c.drawString(name_left, top - 49, vendor.code)
    # a box per rubro, then the day's total and the vendor's signature
    names = [line.category for line in vendor.lines] or [""]
    label = 0.55 * inner
    room = top - 68 - (y + PAD) - BOX_ROW - 20
    row = min(BOX_ROW, room / len(names))
    c.setFillColor(TEXT)
    c.setFont(FONT, 7.5)
    c.drawString(left + label + 3, top - 62, _("Ventas (S/)"))
    rows = [(n, False) for n in names] + [(_("Total del día"), True)]
    current = top - 65
    for text, total in rows:
        current -= row if not total else BOX_ROW
        size = 8.5 if total else 8
        font = FONT_BOLD if total else FONT
        c.setFillColor(ROW_TINT)
        c.setStrokeColor(BOX_COLOUR)
        c.setLineWidth(0.9 if total else 0.6)
        h = row if not total else BOX_ROW
        c.rect(left, current, label, h, stroke=1, fill=1)
        c.rect(left + label, current, inner - label, h, stroke=1, fill=0)
        c.setFillColor(TEXT)
        c.setFont(font, min(size, h * 0.6))
        c.drawString(left + 3, current + (h - min(size, h * 0.6) * 0.7) / 2,
                     fit_text(text, font, min(size, h * 0.6), label - 6))  # fmt: skip
    c.setStrokeColor(TEXT)
    c.setLineWidth(0.6)
    sign = y + PAD + 8
    c.line(left + 0.45 * inner, sign, left + inner, sign)
    c.setFont(FONT, 6.5)
    c.setFillColor(MUTED)
    c.drawCentredString(left + 0.725 * inner, sign - 8, _("Firma del expositor"))
    c.restoreState()
