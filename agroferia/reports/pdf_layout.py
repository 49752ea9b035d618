"""What the app's PDFs share: paragraph styles, tables, key-figure grids, the first page's
header (logo, municipality, organization), the footer (``Página X de Y``), and writing the
file whole and reproducibly.

The municipal report (``reports.municipal_pdf``), the fair day's summary
(``reports.day_pdf``) and a person's data (``reports.person``) are laid out with these.
Text is drawn with the embedded TrueType fonts of ``pdf_charts.register_fonts``, never the
standard Helvetica.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    HRFlowable,
    Image,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from agroferia import i18n
from agroferia.core.files import replacing
from agroferia.core.money import format_money
from agroferia.i18n import _
from agroferia.reports import common
from agroferia.reports.pdf_charts import (
    DARK_GREEN,
    FONT,
    FONT_BOLD,
    FONT_ITALIC,
    GREEN,
    LIGHT_GREY,
    MUTED,
    PALE_GREEN,
    TEXT,
)

MARGIN = 2 * cm
LOGO_SIZE = 2.2 * cm
# the least height (points) of the part of a row that stays on a page when the row is split
SPLIT_IN_ROW = 24


@dataclass(frozen=True)
class PdfResult:
    path: Path
    pages: int


def save(path: Path, data: bytes, pages: int) -> PdfResult:
    """Writes a rendered PDF to ``path`` atomically: a temporary file beside it is renamed
    over ``path`` once complete, and removed if anything fails."""
    with replacing(path) as temp:
        temp.write_bytes(data)
    return PdfResult(path=path, pages=pages)


def creation_date(canvas: Canvas, when: dt.datetime) -> None:
    """The file's creation date is ``when`` (the generation time its pages print), not the
    clock's: with reportlab's ``invariant=1`` (no random identifier), the same data and
    ``when`` give the same bytes."""
    stamp = when.strftime("D:%Y%m%d%H%M%S")
    canvas.setDateFormatter(lambda *_time: stamp)


# ----------------------------------------------------------------------------- helpers


def money(cents: int) -> str:
    return format_money(cents, cents=True)


def count(n: int) -> str:
    return f"{n:,}"


def styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle(
        "base", fontName=FONT, bulletFontName=FONT, fontSize=9, leading=12, textColor=TEXT
    )

    def style(name: str, **kw: Any) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **kw)

    return {
        "body": base,
        "municipality": style("municipality", fontName=FONT_BOLD, fontSize=12.5, leading=15),
        "organization": style("organization", fontSize=9.5, leading=12, textColor=MUTED),
        "title": style(
            "title",
            fontName=FONT_BOLD,
            fontSize=17,
            leading=21,
            textColor=DARK_GREEN,
            spaceBefore=4,
        ),
        "fair": style("fair", fontName=FONT_BOLD, fontSize=10.5, leading=13),
        "period": style("period", fontSize=9.5, leading=12),
        "h2": style(
            "h2",
            fontName=FONT_BOLD,
            fontSize=12,
            leading=15,
            textColor=DARK_GREEN,
            spaceBefore=12,
            spaceAfter=5,
            keepWithNext=1,
        ),
        "note": style("note", fontName=FONT_ITALIC, fontSize=7.5, leading=9.5, textColor=MUTED),
        "bullet": style(
            "bullet", fontSize=8, leading=10.5, leftIndent=10, bulletIndent=0, spaceAfter=2
        ),
        "cell": style("cell", fontSize=8, leading=10),
        "cell_bold": style("cell_bold", fontName=FONT_BOLD, fontSize=8, leading=10),
        "head": style(
            "head", fontName=FONT_BOLD, fontSize=7.5, leading=9.5, textColor=colors.white
        ),
        "head_right": style(
            "head_right",
            fontName=FONT_BOLD,
            fontSize=7.5,
            leading=9.5,
            textColor=colors.white,
            alignment=TA_RIGHT,
        ),
        "kpi_label": style(
            "kpi_label", fontSize=7.5, leading=9.5, textColor=MUTED, alignment=TA_CENTER
        ),
        "kpi_note": style(
            "kpi_note",
            fontName=FONT_ITALIC,
            fontSize=6.5,
            leading=8,
            textColor=MUTED,
            alignment=TA_CENTER,
        ),
        "empty": style(
            "empty",
            fontName=FONT_BOLD,
            fontSize=12,
            leading=16,
            textColor=DARK_GREEN,
            alignment=TA_CENTER,
        ),
        "empty_note": style("empty_note", fontSize=9.5, leading=13, alignment=TA_CENTER),
        "sign": style("sign", fontSize=9, leading=12, alignment=TA_CENTER),
        "sign_field": style("sign_field", fontSize=8.5, leading=16),
    }


def escape(text: str) -> str:
    """``text`` for a Paragraph's markup: ``&``, ``<`` and ``>`` as entities (what
    ``xml.sax.saxutils.escape`` does, without the import of urllib it brings)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def para(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text), style)


def grid(data: list[list[Any]], widths: list[float], style: list[tuple], **kw: Any) -> Table:
    """A table whose every cell uses the embedded font (reportlab's default is Helvetica,
    selected even for cells that only hold paragraphs)."""
    table = Table(data, colWidths=widths, **kw)
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), *style]))
    return table


# ------------------------------------------------------------------------ page furniture


@dataclass(frozen=True)
class Document:
    """What a PDF says about itself and where its body goes on an A4 page."""

    title: str
    author: str
    subject: str
    top: float  # the body's margins (left and right are ``MARGIN``)
    bottom: float


def build(
    doc: Document,
    story: list[Flowable],
    footer: Callable[[Canvas, int, int], None],
    **page: Any,
) -> tuple[bytes, int]:
    """The PDF's bytes and its number of pages: one frame of body on every page, the
    footer drawn knowing the total; ``page`` goes to the page template (``onPage``,
    ``onPageEnd``).  Reproducible: no clock or random identifier (the footer sets the
    creation date)."""
    buffer = io.BytesIO()
    template = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=doc.top,
        bottomMargin=doc.bottom,
        title=doc.title,
        author=doc.author,
        subject=doc.subject,
        creator="Agroferia",
        initialFontName=FONT,
        lang=i18n.get_language(),
        invariant=1,
    )
    frame = Frame(MARGIN, doc.bottom, A4[0] - 2 * MARGIN, A4[1] - doc.top - doc.bottom,
                  id="body", leftPadding=0, rightPadding=0, topPadding=0,
                  bottomPadding=0)  # fmt: skip
    template.addPageTemplates([PageTemplate(id="page", frames=[frame], **page)])
    pages: list[int] = []
    template.build(story, canvasmaker=canvas_maker(footer, pages))
    return buffer.getvalue(), pages[0]


def canvas_maker(footer: Callable[[Canvas, int, int], None], pages: list[int]) -> type[Canvas]:
    """A canvas that keeps each page until the end, so that every footer knows the total
    (``Página X de Y``): the usual two-pass "numbered canvas" recipe."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs["initialFontName"] = FONT  # never the standard, non-embedded Helvetica
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 (reportlab's name)
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                footer(self, self._pageNumber, total)
                Canvas.showPage(self)
            pages.append(total)
            Canvas.save(self)

    return NumberedCanvas


def kpi_grid(
    cells: list[tuple[str, str, str | Sequence[str]]],
    width: float,
    st: dict[str, ParagraphStyle],
    columns: int = 4,
    padding: float = 7,
) -> Table:
    """Key figures on a pale green grid, ``columns`` to a row: (value, label, note) each;
    the note may be several lines."""
    col = width / columns
    rows, row = [], []
    for value, label, note in cells:
        row.append(kpi_cell(value, label, note, col - 8, st))
        if len(row) == columns:
            rows.append(row)
            row = []
    if row:
        rows.append(row + [""] * (columns - len(row)))
    return grid(
        rows,
        [col] * columns,
        [
            ("BACKGROUND", (0, 0), (-1, -1), PALE_GREEN),
            ("INNERGRID", (0, 0), (-1, -1), 2, colors.white),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), padding),
            ("BOTTOMPADDING", (0, 0), (-1, -1), padding),
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ],
    )


def kpi_cell(
    value: str,
    label: str,
    note: str | Sequence[str],
    width: float,
    st: dict[str, ParagraphStyle],
) -> list[Flowable]:
    """A key figure: the value large (smaller when it would not fit ``width``), its label
    and an optional note (or lines of notes) below."""
    size = 15.0
    while size > 9 and pdfmetrics.stringWidth(value, FONT_BOLD, size) > width:
        size -= 0.5
    value_style = ParagraphStyle(
        "kpi_value",
        fontName=FONT_BOLD,
        fontSize=size,
        leading=18,
        textColor=DARK_GREEN,
        alignment=TA_CENTER,
    )
    cell: list[Flowable] = [para(value, value_style), para(label, st["kpi_label"])]
    for line in [note] if isinstance(note, str) else note:
        if line:
            cell.append(para(line, st["kpi_note"]))
    return cell


def data_table(
    headers: list[str],
    rows: list[list[Any]],
    total: list[Any] | None,
    widths: list[float],
    st: dict[str, ParagraphStyle],
    *,
    bold_rows: tuple[int, ...] = (),
    left: int = 1,
    blocks: tuple[tuple[int, int], ...] = (),
    padding: float = 3,
    split_in_row: bool = False,
) -> Table:
    """A data table: the header row repeats on every page it spans; the first ``left``
    columns are text, the others right-aligned figures; a page break never falls
    inside a block of ``rows`` (first, last) nor before the totals row.  With
    ``split_in_row``, a row taller than what is left of the page goes on on the next one
    (its paragraphs split between lines), so that no text is too long to print."""
    head = [
        para(text, st["head"] if i < left else st["head_right"]) for i, text in enumerate(headers)
    ]
    data = [head, *rows] + ([total] if total else [])
    style: list[tuple] = [
        ("FONTSIZE", (0, 0), (-1, -1), 8),
        ("TEXTCOLOR", (0, 1), (-1, -1), TEXT),
        ("BACKGROUND", (0, 0), (-1, 0), GREEN),
        ("ALIGN", (left, 1), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LINEBELOW", (0, 1), (-1, -1), 0.3, LIGHT_GREY),
        ("TOPPADDING", (0, 0), (-1, -1), padding),
        ("BOTTOMPADDING", (0, 0), (-1, -1), padding),
    ]
    if split_in_row:  # what says which row it is goes on its first part
        style.append(("VALIGN", (0, 1), (-1, -1), "TOP"))
    for i in range(1, len(rows) + 1, 2):
        style.append(("BACKGROUND", (0, i), (-1, i), colors.HexColor("#F7FBF7")))
    for i in bold_rows:
        style.append(("FONTNAME", (0, i + 1), (-1, i + 1), FONT_BOLD))
    for first, last in blocks:
        style.append(("NOSPLIT", (0, first + 1), (-1, last + 1)))
    if total:
        style += [
            ("NOSPLIT", (0, -2), (-1, -1)),
            ("FONTNAME", (0, -1), (-1, -1), FONT_BOLD),
            ("LINEABOVE", (0, -1), (-1, -1), 0.8, GREEN),
            ("BACKGROUND", (0, -1), (-1, -1), PALE_GREEN),
        ]
    return grid(data, widths, style, repeatRows=1, splitInRow=SPLIT_IN_ROW if split_in_row else 0)


def fit_text(text: str, font: str, size: float, width: float) -> str:
    """``text``, cut short with "…" when wider than ``width``."""
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def draw_footer(
    canvas: Canvas, generated_at: dt.datetime, page: int, total: int, note: str | None = None
) -> None:
    """The footer of every page: generation date, what the document holds (``note``; only
    aggregate figures unless said otherwise), ``Página X de Y``."""
    canvas.saveState()
    y = 1.2 * cm
    canvas.setStrokeColor(LIGHT_GREY)
    canvas.setLineWidth(0.5)
    canvas.line(MARGIN, y + 9, A4[0] - MARGIN, y + 9)
    canvas.setFont(FONT, 7.5)
    canvas.setFillColor(MUTED)
    generated = generated_at.strftime("%d/%m/%Y %H:%M")
    canvas.drawString(MARGIN, y, _("Generado el {date}", date=generated))
    canvas.drawRightString(A4[0] - MARGIN, y, _("Página {page} de {pages}", page=page, pages=total))
    canvas.drawCentredString(A4[0] / 2, y, note or _("Agroferia · solo cifras agregadas"))
    canvas.restoreState()


def logo_image(head: common.Header) -> Image | None:
    """The configured logo, scaled into a square; None when missing or unreadable."""
    if head.logo is None:
        return None
    try:
        width, height = ImageReader(str(head.logo)).getSize()
    except Exception:  # an unreadable image is left out, as a missing one is
        return None
    if not width or not height:
        return None
    scale = LOGO_SIZE / max(width, height)
    return Image(str(head.logo), width=width * scale, height=height * scale)


def header_block(
    head: common.Header,
    title: str,
    details: list[Flowable],
    st: dict[str, ParagraphStyle],
    width: float,
) -> list[Flowable]:
    """The first page's header: the logo beside the municipality, the organization, the
    ``title``, the fair (and its district), then ``details``; a green rule below."""
    lines: list[Flowable] = []
    if head.municipality:
        lines.append(para(head.municipality, st["municipality"]))
    if head.organization:
        lines.append(para(head.organization, st["organization"]))
    lines.append(para(title, st["title"]))
    fair = head.fair_label if not head.fair_place else f"{head.fair_label} — {head.fair_place}"
    lines.append(para(fair, st["fair"]))
    lines += details
    logo = logo_image(head)
    padding = [
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ]
    if logo is None:
        block = grid([[lines]], [width], padding)
    else:
        side = LOGO_SIZE + 0.5 * cm
        block = grid([[logo, lines]], [side, width - side], padding)
    return [
        block,
        Spacer(1, 6),
        HRFlowable(width="100%", thickness=1.5, color=GREEN, spaceAfter=4),
    ]
