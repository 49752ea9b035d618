"""The bare baseline of ``agroferia export pdf``: sqlite3 and reportlab alone, the same three
pages (key figures and a chart of sales per fair day, sales by rubro, participation by sex
and age group), the same embedded fonts; run as a process of its own.

    python bench/pdf_baseline.py DATABASE START END OUT.pdf
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import reportlab
from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table

SALES = """
    SELECT {key}, count(DISTINCT s.vendor_id), sum(s.amount_cents)
    FROM sale s JOIN fair_day d ON d.id = s.fair_day_id {join}
    WHERE d.date BETWEEN ? AND ? GROUP BY {key} ORDER BY {key}
"""


def main(db: str, start: str, end: str, out: str) -> None:
    folder = Path(reportlab.__file__).parent / "fonts"
    for name, file in (("Vera", "Vera.ttf"), ("VeraBd", "VeraBd.ttf")):
        pdfmetrics.registerFont(TTFont(name, str(folder / file)))
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    by_day = con.execute(SALES.format(key="d.date", join=""), (start, end)).fetchall()
    by_category = con.execute(
        SALES.format(key="c.name", join="JOIN category c ON c.id = s.category_id"), (start, end)
    ).fetchall()
    by_sex = con.execute(
        SALES.format(key="v.sex", join="JOIN vendor v ON v.id = s.vendor_id"), (start, end)
    ).fetchall()
    con.close()
    body = ParagraphStyle("body", fontName="Vera", fontSize=9)
    title = ParagraphStyle("title", fontName="VeraBd", fontSize=16, leading=20)

    def money(cents: int) -> str:
        return f"S/ {cents / 100:,.2f}"

    def table(rows: list[tuple]) -> Table:
        return Table([[str(k), f"{n:,}", money(c)] for k, n, c in rows], repeatRows=0)

    def bars(rows: list[tuple], horizontal: bool) -> Drawing:
        drawing = Drawing(17 * cm, 7 * cm)
        chart = HorizontalBarChart() if horizontal else VerticalBarChart()
        chart.x, chart.y, chart.width, chart.height = 50, 20, 15 * cm, 5.5 * cm
        chart.data = [[c / 100 for _k, _n, c in rows]]
        chart.categoryAxis.categoryNames = [str(k)[:12] for k, _n, _c in rows]
        chart.categoryAxis.labels.fontName = chart.valueAxis.labels.fontName = "Vera"
        drawing.add(chart)
        return drawing

    total = sum(c for _k, _n, c in by_day)
    story = [
        Paragraph("Informe de actividad de la feria", title),
        Paragraph(f"Periodo: del {start} al {end}", body),
        Spacer(1, 12),
        Table([[f"{len(by_day)}", "Jornadas realizadas"], [money(total), "Ventas totales"]]),
        Spacer(1, 12),
        bars(by_day, horizontal=False),
        PageBreak(),
        Paragraph("Ventas por rubro", title),
        bars(by_category, horizontal=True),
        table(by_category),
        PageBreak(),
        Paragraph("Participación", title),
        bars(by_sex, horizontal=True),
        table(by_sex),
    ]

    def footer(canvas, doc) -> None:
        canvas.setFont("Vera", 8)
        canvas.drawRightString(A4[0] - 2 * cm, 1 * cm, f"Página {doc.page} de 3")

    SimpleDocTemplate(out, pagesize=A4).build(story, onFirstPage=footer, onLaterPages=footer)


if __name__ == "__main__":
    main(*sys.argv[1:5])
