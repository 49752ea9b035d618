"""The municipal report (``agroferia export pdf``, the Reportes page's PDF): aggregates only,
see ``reports.municipal_pdf``.  The layout pieces every PDF of the app shares are in
``reports.pdf_layout``; they stay importable from here."""

from agroferia.reports.municipal_pdf import write_pdf
from agroferia.reports.pdf_layout import (
    MARGIN,
    PdfResult,
    canvas_maker,
    count,
    data_table,
    draw_footer,
    fit_text,
    grid,
    header_block,
    kpi_cell,
    kpi_grid,
    logo_image,
    money,
    para,
    styles,
)

__all__ = [
    "MARGIN",
    "PdfResult",
    "canvas_maker",
    "count",
    "data_table",
    "draw_footer",
    "fit_text",
    "grid",
    "header_block",
    "kpi_cell",
    "kpi_grid",
    "logo_image",
    "money",
    "para",
    "styles",
    "write_pdf",
]
