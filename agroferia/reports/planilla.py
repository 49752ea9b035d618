"""The paper planilla of one fair day: an A4 form the treasurer prints before the fair and
fills in by hand during it, then types into the day's sheet.

Its vendors and their rubros are those of ``core.day_sheet.load`` in the same order (by
stall, then name), one line per vendor and rubro, and its columns those of the typed sheet
(stall, vendor, rubro, present, sales, payment method, fee, paid): typing it in is going
down both in step.  A fair day that has not come yet lists the fair's active members, as
its sheet does.  The printed columns are the stall, the vendor's name and code, the rubro
and the fee due (the one recorded for the day or, when none is, the fair's usual fee, the
one the sheet offers a vendor who comes); the others are empty boxes to write in: a tick
box for presence, one box per rubro for its sales, four tick boxes for the payment method
(cash, Yape, Plin, other) and a box for the fee paid.  Every line is ``LINE_HEIGHT`` high
(room for a handwritten amount); the column headers repeat on every page, the pages after
the first carry the fair and the date at the top, and the last one ends with boxes for the
day's totals and the treasurer's signature.  ``Página N de M`` on every page.

A working paper with names, like the sheet: no document number, phone or birth date, and
only an account that works with people prints it (anyone on a database without accounts).
The same data and ``now`` give the same bytes.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm, mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, HRFlowable, KeepTogether, Spacer
from sqlalchemy.orm import Session

from agroferia import i18n
from agroferia.core import accounts, day_sheet
from agroferia.core.day_sheet import DaySheet, VendorDay
from agroferia.core.labels import PAYMENT_METHOD, VENDOR_STATUS
from agroferia.i18n import _
from agroferia.reports import common
from agroferia.reports.form_boxes import (
    BOX_COLOUR,
    LINE_COLOUR,
    NOT_ALLOWED,
    ROW_TINT,
    Box,
    Ticks,
    fitted,
)
from agroferia.reports.pdf_charts import (
    DARK_GREEN,
    FONT,
    FONT_BOLD,
    GREEN,
    MUTED,
    PALE_GREEN,
    TEXT,
    register_fonts,
)
from agroferia.reports.pdf_layout import (
    MARGIN,
    Document,
    PdfResult,
    build,
    creation_date,
    draw_footer,
    fit_text,
    grid,
    header_block,
    money,
    para,
    save,
    styles,
)

__all__ = ["LINE_HEIGHT", "PAYMENT_BOXES", "write_planilla"]

TOP_MARGIN = 1.5 * cm  # room above for the running head of the pages after the first
BOTTOM_MARGIN = 1.9 * cm  # above the footer
LINE_HEIGHT = 9.5 * mm  # a vendor's line (one per rubro): a handwritten amount fits
PRESENCE_BOX = 4.2 * mm
# the payment methods with a tick box; card and transfer go under "other"
PAYMENT_BOXES = ("cash", "yape", "plin", "other")
# the columns, in millimetres: stall, vendor, rubro, present, sales, method, fee, paid
WIDTHS = (12, 37, 25, 15, 24, 28, 13, 16)


def write_planilla(
    session: Session,
    fair_day_id: int,
    path: Path,
    *,
    lang: str | None = None,
    now: dt.datetime | None = None,
    actor: str | None = None,
) -> PdfResult:
    """Writes the planilla of fair day ``fair_day_id`` to ``path``, atomically.  An unknown
    fair day raises ``NotFoundError``; an account that does not work with people (a viewer)
    ``NotAllowedError``."""
    path = Path(path)
    accounts.require(session, actor or "", *accounts.WITH_PEOPLE, refusal=NOT_ALLOWED)
    with i18n.language(lang):
        # a day after the one it is printed on is still to come
        sheet = day_sheet.load(session, fair_day_id, today=now.date() if now else None)
        head = common.header(session, sheet.day.date, sheet.day.date, sheet.day.fair_id,
                             now=now)  # fmt: skip
        register_fonts()
        data, pages = _Planilla(sheet, head).render()
    return save(path, data, pages)


# ------------------------------------------------------------------------- the document


def _styles() -> dict[str, ParagraphStyle]:
    st = styles()

    def style(name: str, parent: str, **kw: Any) -> ParagraphStyle:
        return ParagraphStyle(name, parent=st[parent], **kw)

    st.update(
        {
            "date": style("planilla_date", "fair", fontName=FONT, fontSize=10.5),
            "state": style("planilla_state", "period", fontName=FONT_BOLD, textColor=DARK_GREEN),
            "how": style("planilla_how", "body", fontSize=8, leading=10, spaceBefore=2),
            "stall": style(
                "planilla_stall", "cell_bold", fontSize=9, leading=11, alignment=TA_CENTER
            ),
            "name": style("planilla_name", "cell_bold", fontSize=8, leading=9.5),
            "code": style("planilla_code", "cell", fontSize=6.5, leading=8, textColor=MUTED),
            "rubro": style("planilla_rubro", "cell", fontSize=7, leading=8),
            "due": style("planilla_due", "cell", fontSize=7.5, leading=9, alignment=TA_RIGHT),
            "head_centre": style("planilla_head", "head", alignment=TA_CENTER),
            "total": style("planilla_total", "cell_bold", fontSize=8.5, leading=11),
            "sign": style("planilla_sign", "sign", fontName=FONT_BOLD, fontSize=8.5, leading=11),
            "sign_field": style("planilla_sign_field", "sign_field", fontSize=8, leading=16),
        }
    )
    return st


class _Planilla:
    def __init__(self, sheet: DaySheet, head: common.Header) -> None:
        self.sheet = sheet
        self.h = head
        self.st = _styles()
        self.width = A4[0] - 2 * MARGIN
        self.widths = [w * mm for w in WIDTHS]
        assert abs(sum(self.widths) - self.width) < 1, "the columns fill the page's width"

    @property
    def title(self) -> str:
        return _("Planilla de la jornada")

    def _long_date(self) -> str:
        text = common.long_date_text(self.sheet.day.date)
        return text[:1].upper() + text[1:]

    def render(self) -> tuple[bytes, int]:
        doc = Document(
            title=f"{self.title} · {self.h.fair_label} · {common.date_text(self.sheet.day.date)}",
            author=self.h.organization or self.h.municipality or "",
            subject=self._long_date(),
            top=TOP_MARGIN,
            bottom=BOTTOM_MARGIN,
        )
        story = [*self.header(), self.table(), self.closing()]
        return build(doc, story, self._furniture)

    # -- page furniture

    def _furniture(self, canvas: Canvas, page: int, total: int) -> None:
        creation_date(canvas, self.h.generated_at)
        draw_footer(canvas, self.h.generated_at, page, total,
                    _("Agroferia · documento interno con nombres"))  # fmt: skip
        if page == 1:
            return
        # the pages after the first say which fair and day they are of
        canvas.saveState()
        y = A4[1] - 1.0 * cm
        canvas.setFont(FONT_BOLD, 8.5)
        canvas.setFillColor(DARK_GREEN)
        left = f"{self.title} · {self.h.fair_label}"
        right = self._long_date()
        room = self.width - pdfmetrics.stringWidth(right, FONT, 8.5) - 12
        canvas.drawString(MARGIN, y, fit_text(left, FONT_BOLD, 8.5, room))
        canvas.setFont(FONT, 8.5)
        canvas.setFillColor(TEXT)
        canvas.drawRightString(A4[0] - MARGIN, y, right)
        canvas.restoreState()

    # -- the first page's header

    def header(self) -> list[Flowable]:
        st, day = self.st, self.sheet.day
        if day.closed:
            when = common.local_time(day.closed_at).strftime("%d/%m/%Y %H:%M")
            state = _("Jornada ya cerrada el {when}", when=when)
        elif day.future:
            state = _("Para llenar a mano durante la jornada")
        else:
            state = _("Jornada abierta: para llenar a mano")
        usual = self.sheet.usual_fee_cents
        how = _(
            "Marque la asistencia y el medio de pago; anote las ventas de cada rubro y la "
            "cuota pagada. La hoja de la jornada lista a los expositores en este mismo orden."
        )
        if usual:
            how += " " + _(
                "Cuota: la registrada para el día o, si no hay, la habitual ({amount}).",
                amount=money(usual),
            )
        details: list[Flowable] = [
            para(self._long_date(), st["date"]),
            para(state, st["state"]),
            para(how, st["how"]),
        ]
        return header_block(self.h, self.title, details, st, self.width)

    # -- the vendors

    def table(self) -> Flowable:
        st, w = self.st, self.widths
        titles = [_("Puesto"), _("Expositor"), _("Rubro"), _("Presente"), _("Ventas (S/)"),
                  _("Medio de pago"), _("Cuota"), _("Pagado (S/)")]  # fmt: skip
        kinds = ("head_centre", "head", "head", "head_centre", "head_centre", "head_centre",
                 "head_right", "head_centre")  # fmt: skip
        headers = [
            fitted(text, st[kind], width - 4, 3 * st[kind].leading)
            for text, kind, width in zip(titles, kinds, w, strict=True)
        ]
        methods = [str(PAYMENT_METHOD[m]) for m in PAYMENT_BOXES]
        rows: list[list[Any]] = [headers]
        heights: list[float | None] = [None]
        style: list[tuple] = [
            ("BACKGROUND", (0, 0), (-1, 0), GREEN),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("ALIGN", (3, 1), (3, -1), "CENTER"),
            ("ALIGN", (5, 1), (5, -1), "CENTER"),
            ("GRID", (0, 0), (-1, -1), 0.5, LINE_COLOUR),
            ("LINEBELOW", (0, 0), (-1, 0), 1, DARK_GREEN),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ("LEFTPADDING", (0, 0), (-1, 0), 2),
            ("RIGHTPADDING", (0, 0), (-1, 0), 2),
            ("LEFTPADDING", (5, 1), (5, -1), 2),
            ("RIGHTPADDING", (5, 1), (5, -1), 2),
        ]
        start = last = 1
        for n, vendor in enumerate(self.sheet.vendors):
            count = max(len(vendor.lines), 1)
            for i in range(count):
                rubro = vendor.lines[i].category if vendor.lines else ""
                if i == 0:
                    rows.append([
                        fitted(vendor.stall or "", st["stall"], w[0] - 6, LINE_HEIGHT - 4),
                        self._name(vendor, count),
                        fitted(rubro, st["rubro"], w[2] - 6, LINE_HEIGHT - 4),
                        Box(PRESENCE_BOX),
                        "",
                        Ticks(methods, w[5] - 4),
                        fitted(self._due(vendor), st["due"], w[6] - 6, st["due"].leading),
                        "",
                    ])  # fmt: skip
                else:
                    rubro_cell = fitted(rubro, st["rubro"], w[2] - 6, LINE_HEIGHT - 4)
                    rows.append(["", "", rubro_cell, "", "", "", "", ""])
                heights.append(LINE_HEIGHT)
            end = start + count - 1
            last = start
            if count > 1:
                style += [("SPAN", (c, start), (c, end)) for c in (0, 1, 3, 5, 6, 7)]
            style.append(("NOSPLIT", (0, start), (-1, end)))
            if n % 2:
                style += [("BACKGROUND", (c, start), (c, end), ROW_TINT) for c in (0, 1, 2, 6)]
            # a thicker rule between vendors, so that a vendor's lines read as one
            style.append(("LINEABOVE", (0, start), (-1, start), 0.9, BOX_COLOUR))
            start = end + 1
        # the day's totals below the columns they add up, kept with the last vendor
        total = fitted(_("Totales del día"), st["total"], sum(w[:3]) - 6, LINE_HEIGHT - 4)
        rows.append([total, "", "", "", "", "", "", ""])
        heights.append(LINE_HEIGHT)
        style += [
            ("SPAN", (0, -1), (2, -1)),
            ("BACKGROUND", (0, -1), (2, -1), PALE_GREEN),
            ("BACKGROUND", (5, -1), (6, -1), PALE_GREEN),
            ("LINEABOVE", (0, -1), (-1, -1), 1.2, DARK_GREEN),
            ("NOSPLIT", (0, last), (-1, -1)),
        ]
        return grid(rows, self.widths, style, rowHeights=heights, repeatRows=1)

    def _name(self, vendor: VendorDay, lines: int) -> list[Flowable]:
        """The vendor's name as the sheet shows it, on one line when it fits (else two, in
        a smaller font), and their code below; ``lines``: the vendor's lines (rubros)."""
        st = self.st
        room = self.widths[1] - 6
        height = lines * LINE_HEIGHT - 4 - st["code"].leading
        name = vendor.full_name
        if pdfmetrics.stringWidth(name, FONT_BOLD, 6.75) <= room:  # one line, shrunk a bit
            name_para = fitted(name, st["name"], room, st["name"].leading)
        else:
            name_para = fitted(name, st["name"], room, height)
        code = vendor.code
        if vendor.status != "active":
            code += f" · {VENDOR_STATUS[vendor.status]}"
        return [name_para, para(code, st["code"])]

    def _due(self, vendor: VendorDay) -> str:
        due = vendor.due_cents if vendor.due_cents is not None else self.sheet.usual_fee_cents
        return money(due) if due is not None else ""

    # -- the treasurer's signature

    def closing(self) -> Flowable:
        """The treasurer's signature, below the table on its last page: a line to sign on
        and, under it, who signs, with room for their name."""
        st = self.st
        col = self.width / 2
        signature = grid(
            [["", [
                Spacer(1, 1.0 * cm),
                HRFlowable(width="100%", thickness=0.8, color=TEXT, spaceAfter=2),
                para(_("Tesorero(a): nombre y firma"), st["sign"]),
            ]]],
            [col, col],
            [
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ],
        )  # fmt: skip
        return KeepTogether([Spacer(1, 0.2 * cm), signature])
