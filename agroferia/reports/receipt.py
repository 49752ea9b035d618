"""A fee receipt (*recibo de cuota*) on an A6 page: the organization (logo, municipality,
name), «Recibo de cuota N° 000123», the fair, the date received, the vendor's name and
code, the fair days it pays with their amounts, the total in figures and in words, the
payment method, who received it and a signature line.

Printed again later it says «COPIA» across the page and under its title; a voided one says
«ANULADO», with when, by whom and why. Nothing about other vendors, no document number.
The same receipt, ``copy`` and ``now`` give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A6
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm, mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, HRFlowable, PageTemplate, Spacer
from sqlalchemy.orm import Session

from agroferia import i18n
from agroferia.core import labels
from agroferia.core.fees import receipts
from agroferia.core.fees.receipts import ReceiptDoc
from agroferia.i18n import _
from agroferia.reports import common
from agroferia.reports.amount_words import amount_in_words
from agroferia.reports.pdf_charts import DARK_GREEN, FONT, FONT_BOLD, GREEN, TEXT, register_fonts
from agroferia.reports.pdf_layout import (
    PdfResult,
    creation_date,
    grid,
    logo_image,
    money,
    para,
    save,
)

__all__ = ["render_receipt", "write_receipt"]

MARGIN = 8 * mm
LOGO = 1.3 * cm
VOID_RED = colors.HexColor("#b3261e")
MUTED = colors.HexColor("#5f6368")


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=FONT, fontSize=7.5, leading=9.5, textColor=TEXT)

    def style(name: str, **kw) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **kw)

    return {
        "body": base,
        "municipality": style("municipality", fontName=FONT_BOLD, fontSize=8.5, leading=10.5),
        "organization": style("organization", fontSize=7, leading=9, textColor=MUTED),
        "title": style(
            "title",
            fontName=FONT_BOLD,
            fontSize=11.5,
            leading=14,
            textColor=DARK_GREEN,
            spaceBefore=2,
        ),
        "mark": style("mark", fontName=FONT_BOLD, fontSize=9, leading=11, textColor=VOID_RED),
        "void": style("void", textColor=VOID_RED),
        "right": style("right", alignment=TA_RIGHT),
        "bold_right": style(
            "bold_right", fontName=FONT_BOLD, alignment=TA_RIGHT, fontSize=9, leading=11
        ),
        "bold": style("bold", fontName=FONT_BOLD, fontSize=9, leading=11),
        "words": style("words", fontSize=6.8, leading=8.5),
        "sign": style("sign", alignment=TA_CENTER, fontSize=7),
        "small": style("small", fontSize=6, leading=7.5, textColor=MUTED),
    }


def _method(receipt: ReceiptDoc) -> str:
    if receipt.method is None:
        return _("en la jornada (no se anotó el medio)")
    return labels.PAYMENT_METHOD[receipt.method].render()


def _story(receipt: ReceiptDoc, head: common.Header, copy: bool, width: float) -> list:
    st = _styles()
    lines = []
    if head.municipality:
        lines.append(para(head.municipality, st["municipality"]))
    if head.organization:
        lines.append(para(head.organization, st["organization"]))
    fair = receipt.fair if not head.fair_place else f"{receipt.fair} — {head.fair_place}"
    lines.append(para(fair, st["organization"]))
    padding = [("VALIGN", (0, 0), (-1, -1), "MIDDLE")] + [
        (side, (0, 0), (-1, -1), 0)
        for side in ("LEFTPADDING", "RIGHTPADDING", "TOPPADDING", "BOTTOMPADDING")
    ]
    logo = logo_image(head)
    if logo is not None:
        scale = LOGO / max(logo.drawWidth, logo.drawHeight)
        logo.drawWidth, logo.drawHeight = logo.drawWidth * scale, logo.drawHeight * scale
        story = [grid([[logo, lines]], [LOGO + 3 * mm, width - LOGO - 3 * mm], padding)]
    else:
        story = [grid([[lines]], [width], padding)]
    title = _("Recibo de cuota N° {number}", number=receipt.number_text)
    story += [
        HRFlowable(width="100%", thickness=1, color=GREEN, spaceBefore=3, spaceAfter=2),
        para(title, st["title"]),
    ]
    if receipt.voided:
        story.append(para(_("ANULADO"), st["mark"]))
    elif copy:
        story.append(para(_("COPIA"), st["mark"]))
    fields = [
        (_("Fecha"), common.date_text(receipt.received_on)),
        (_("Expositor"), receipt.vendor_name),
        (_("Código"), receipt.vendor_code),
    ]
    story.append(
        grid(
            [[para(label + ":", st["body"]), para(value, st["bold"])] for label, value in fields],
            [1.7 * cm, width - 1.7 * cm],
            [*padding[1:], ("BOTTOMPADDING", (0, 0), (-1, -1), 1)],
        )
    )
    story.append(Spacer(1, 4))
    rows = [[para(_("Jornada pagada"), st["bold"]), para(_("Monto"), st["bold_right"])]]
    for day in receipt.days:
        when = common.date_text(day.date)
        if day.later:
            when = _("{date} (deuda anterior)", date=when)
        rows.append([para(when, st["body"]), para(money(day.cents), st["right"])])
    rows.append([para(_("Total"), st["bold"]), para(money(receipt.cents), st["bold_right"])])
    story.append(
        grid(
            rows,
            [width - 2.4 * cm, 2.4 * cm],
            [
                ("LINEBELOW", (0, 0), (-1, 0), 0.6, GREEN),
                ("LINEABOVE", (0, -1), (-1, -1), 0.6, GREEN),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ],
        )
    )
    words = amount_in_words(receipt.cents, i18n.get_language())
    story += [
        Spacer(1, 2),
        para(_("Son: {words}", words=words), st["words"]),
        Spacer(1, 3),
        para(_("Medio de pago: {method}", method=_method(receipt)), st["body"]),
        para(_("Recibido por: {name}", name=receipt.issued_by), st["body"]),
    ]
    if receipt.voided:
        voided = _(
            "Anulado el {date} por {who}. Motivo: {reason}",
            date=common.local_time(receipt.voided_at).strftime("%d/%m/%Y %H:%M"),
            who=receipt.voided_by or "",
            reason=receipt.void_reason or "",
        )
        story += [Spacer(1, 3), para(voided, st["void"])]
    story += [
        Spacer(1, 0.9 * cm),
        HRFlowable(width="60%", thickness=0.5, color=TEXT, spaceAfter=1),
        para(_("Firma y sello"), st["sign"]),
    ]
    return story


def _stamp(text: str, colour: colors.Color) -> Callable[[Canvas, object], None]:
    """Writes ``text`` large and pale across the page."""

    def draw(canvas: Canvas, _doc) -> None:
        canvas.saveState()
        canvas.setFillColor(colour)
        canvas.setFillAlpha(0.16)
        canvas.setFont(FONT_BOLD, 40)
        canvas.translate(A6[0] / 2, A6[1] / 2)
        canvas.rotate(35)
        canvas.drawCentredString(0, -14, text)
        canvas.restoreState()

    return draw


def render_receipt(
    receipt: ReceiptDoc, head: common.Header, *, copy: bool = False, now: dt.datetime
) -> bytes:
    """The PDF's bytes: one A6 page (see the module)."""
    register_fonts()
    buffer = io.BytesIO()
    title = _("Recibo de cuota N° {number}", number=receipt.number_text)
    template = BaseDocTemplate(
        buffer, pagesize=A6, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
        bottomMargin=MARGIN, title=title, author=head.organization or "", subject=receipt.fair,
        creator="Agroferia", initialFontName=FONT, lang=i18n.get_language(), invariant=1,
    )  # fmt: skip
    width = A6[0] - 2 * MARGIN
    frame = Frame(MARGIN, MARGIN, width, A6[1] - 2 * MARGIN, id="body", leftPadding=0,
                  rightPadding=0, topPadding=0, bottomPadding=0)  # fmt: skip
    mark = None
    if receipt.voided:
        mark = _stamp(_("ANULADO"), VOID_RED)
    elif copy:
        mark = _stamp(_("COPIA"), MUTED)
    printed = _("Emitido el {date}", date=common.local_time(receipt.issued_at).strftime(
        "%d/%m/%Y %H:%M"))  # fmt: skip
    if copy or receipt.voided:
        printed += " · " + _("impreso el {date}", date=now.strftime("%d/%m/%Y %H:%M"))

    def page(canvas: Canvas, doc) -> None:
        creation_date(canvas, now)
        if mark is not None:
            mark(canvas, doc)
        canvas.saveState()
        canvas.setFont(FONT, 5.5)
        canvas.setFillColor(MUTED)
        canvas.drawString(MARGIN, MARGIN / 2, printed)
        canvas.restoreState()

    template.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=page)])
    story = _story(receipt, head, copy, width)
    template.build(story)
    return buffer.getvalue()


def write_receipt(
    session: Session,
    receipt_id: int,
    path: Path,
    *,
    copy: bool = False,
    lang: str | None = None,
    now: dt.datetime | None = None,
) -> PdfResult:
    """Writes a receipt's PDF to ``path`` (atomically); ``copy`` for a reprint."""
    now = now or dt.datetime.now()
    with i18n.language(lang):
        receipt = receipts.document(session, receipt_id)
        head = common.header(session, receipt.received_on, receipt.received_on,
                             receipt.fair_id, now=now)  # fmt: skip
        data = render_receipt(receipt, head, copy=copy, now=now)
    return save(Path(path), data, 1)
