"""What the paper forms of a fair day (``reports.planilla``, ``reports.planilla_slips``)
draw besides text: boxes to tick, the payment methods' tick boxes, text shrunk to fit a
printed cell, their colours, and who may print them."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable, Paragraph

from agroferia.i18n import lazy
from agroferia.reports.pdf_charts import FONT, TEXT
from agroferia.reports.pdf_layout import escape, fit_text

TICK_BOX = 2.8 * mm
ROW_TINT = colors.HexColor("#F1F7F1")  # printed cells, on every other vendor
LINE_COLOUR = colors.HexColor("#9AA5A0")
BOX_COLOUR = colors.HexColor("#4A5550")
SMALLEST = 5.5  # the smallest font a printed cell is shrunk to

NOT_ALLOWED = lazy(
    "La planilla lleva los nombres de los expositores: la imprime una cuenta de tesorero, "
    "de organizador o de administrador."
)


class Box(Flowable):
    """An empty square to tick."""

    def __init__(self, size: float) -> None:
        super().__init__()
        self.size = size

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        c = self.canv
        c.setStrokeColor(BOX_COLOUR)
        c.setLineWidth(0.8)
        c.rect(0, 0, self.size, self.size, stroke=1, fill=0)


class Ticks(Flowable):
    """The payment methods' tick boxes, two by two, each with its name beside it."""

    def __init__(self, names: list[str], width: float) -> None:
        super().__init__()
        self.names = names
        self.width = width
        column = width / 2
        size = 6.5
        widest = max(pdfmetrics.stringWidth(n, FONT, size) for n in names)
        while size > 4.5 and TICK_BOX + 2 + widest > column:
            size -= 0.25
            widest = max(pdfmetrics.stringWidth(n, FONT, size) for n in names)
        self.font_size = size
        self.gap = 1.6 * mm
        self.height = 2 * TICK_BOX + self.gap

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        c.setLineWidth(0.7)
        c.setFont(FONT, self.font_size)
        column = self.width / 2
        for i, name in enumerate(self.names):
            x = (i % 2) * column
            y = self.height - TICK_BOX - (i // 2) * (TICK_BOX + self.gap)
            c.setStrokeColor(BOX_COLOUR)
            c.rect(x, y, TICK_BOX, TICK_BOX, stroke=1, fill=0)
            c.setFillColor(TEXT)
            text = fit_text(name, FONT, self.font_size, column - TICK_BOX - 2)
            c.drawString(x + TICK_BOX + 2, y + (TICK_BOX - self.font_size * 0.7) / 2, text)


def fitted(text: str, style: ParagraphStyle, width: float, height: float) -> Paragraph:
    """``text`` in ``style``, its font made smaller (down to ``SMALLEST``) until every word
    fits ``width`` and the whole ``height``; cut short with "…" if even that is not enough."""
    size = style.fontSize
    while True:
        fitted = ParagraphStyle(f"{style.name}_fit", parent=style, fontSize=size,
                                leading=style.leading * size / style.fontSize)  # fmt: skip
        widest = max((pdfmetrics.stringWidth(w, style.fontName, size) for w in text.split()),
                     default=0)  # fmt: skip
        paragraph = Paragraph(escape(text), fitted)
        if widest <= width and paragraph.wrap(width, height)[1] <= height:
            return paragraph
        if size <= SMALLEST:
            lines = max(int(height // fitted.leading), 1)
            return Paragraph(escape(fit_text(text, style.fontName, size, width * lines * 0.9)),
                             fitted)  # fmt: skip
        size -= 0.25
