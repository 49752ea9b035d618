"""Fonts and charts of the municipal PDF (reportlab.graphics), apart from its layout.

Every string is drawn with the embedded Bitstream Vera family shipped with reportlab, never
with the standard (not embedded) Helvetica, so that ñ, á and ¿ render in any PDF reader.
Charts receive figures already computed by ``core.stats``; they only scale and label them.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path

import reportlab
from reportlab import rl_config

# the check of every attribute set on a chart is reportlab's help while writing one; off, a
# report is drawn in about a tenth less time (set before reportlab.graphics is loaded)
rl_config.shapeChecking = 0

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart  # noqa: E402
from reportlab.graphics.charts.legends import Legend  # noqa: E402
from reportlab.graphics.shapes import Drawing, String  # noqa: E402
from reportlab.lib import colors  # noqa: E402
from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.pdfbase.ttfonts import TTFont  # noqa: E402

from agroferia.reports import chart_style as style  # noqa: E402
from agroferia.reports.chart_style import day_labels  # noqa: E402

FONT = "AgroferiaSans"
FONT_BOLD = "AgroferiaSans-Bold"
FONT_ITALIC = "AgroferiaSans-Italic"
FONT_BOLD_ITALIC = "AgroferiaSans-BoldItalic"

GREEN = colors.HexColor(style.GREEN)
DARK_GREEN = colors.HexColor(style.DARK_GREEN)
PALE_GREEN = colors.HexColor(style.PALE_GREEN)
AMBER = colors.HexColor(style.AMBER)
GREY = colors.HexColor(style.GREY)
LIGHT_GREY = colors.HexColor(style.LIGHT_GREY)
TEXT = colors.HexColor(style.TEXT)
MUTED = colors.HexColor(style.MUTED)
SLATE = colors.HexColor(style.SLATE)

# one colour per age group, the same in every chart and in the legend
AGE_COLOURS = {group: colors.HexColor(hex) for group, hex in style.AGE_COLOURS.items()}

LABEL_SIZE = 7


def register_fonts() -> str:
    """Registers the Vera family once; returns the family name used by paragraph styles."""
    if FONT in pdfmetrics.getRegisteredFontNames():
        return FONT
    folder = Path(reportlab.__file__).parent / "fonts"
    for name, file in (
        (FONT, "Vera.ttf"),
        (FONT_BOLD, "VeraBd.ttf"),
        (FONT_ITALIC, "VeraIt.ttf"),
        (FONT_BOLD_ITALIC, "VeraBI.ttf"),
    ):
        pdfmetrics.registerFont(TTFont(name, str(folder / file)))
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD_ITALIC
    )
    return FONT


def _drawing(width: float, height: float) -> Drawing:
    drawing = Drawing(width, height)
    drawing.initialFontName = FONT
    drawing.initialFontSize = LABEL_SIZE
    return drawing


def _text_width(text: str, size: float = LABEL_SIZE, font: str = FONT) -> float:
    return pdfmetrics.stringWidth(text, font, size)


def _soles_axis(value: float) -> str:
    return f"S/ {value:,.0f}"


def _nice_step(top: float, steps: int = 5, *, whole: bool = False) -> float:
    """A round axis step (1, 2, 2.5 or 5 times a power of ten) giving about ``steps`` ticks;
    ``whole``: at least 1 (an axis of counts has no fractional ticks)."""
    if top <= 0:
        return 1
    raw = top / steps
    if whole and raw <= 1:
        return 1
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * power:
            return factor * power
    return 10 * power  # pragma: no cover - the loop always returns


def _style_category_axis(axis, color, size: float, *, vertical: bool = False) -> None:
    """Names under the bars (or left of them, ``vertical``), without tick marks."""
    axis.labels.fontName = FONT
    axis.labels.fontSize = size
    axis.labels.fillColor = color
    axis.strokeColor = GREY
    if vertical:
        axis.labels.boxAnchor = "e"
        axis.labels.dx = -4
        axis.tickLeft = 0
    else:
        axis.labels.boxAnchor = "n"
        axis.labels.dy = -3
        axis.tickDown = 0


def _style_value_axis(
    axis, top: float, fmt: Callable[[float], str] | None = None, *, whole: bool = False
) -> None:
    step = _nice_step(top, whole=whole)
    axis.valueMin = 0
    axis.valueMax = step * math.ceil(top / step) if top > 0 else 1
    axis.valueStep = step
    axis.labels.fontName = FONT
    axis.labels.fontSize = LABEL_SIZE
    axis.labels.fillColor = MUTED
    axis.strokeColor = GREY
    axis.visibleGrid = True
    axis.gridStrokeColor = LIGHT_GREY
    axis.gridStrokeWidth = 0.4
    if fmt is not None:
        axis.labelTextFormat = fmt


def sales_by_day_chart(by_day: dict[dt.date, int], width: float, height: float) -> Drawing:
    """One bar per fair day (in soles), the value axis in S/, readable with 500+ days."""
    days = sorted(by_day)
    values = [by_day[d] / 100 for d in days]
    drawing = _drawing(width, height)
    top = max(values, default=0)
    left = _text_width(_soles_axis(_nice_step(top) * math.ceil(top / _nice_step(top)))) + 10
    chart = VerticalBarChart()
    chart.x, chart.y = left, 22
    chart.width, chart.height = width - left - 6, height - 30
    chart.data = [values]
    chart.bars[0].fillColor = GREEN
    chart.barSpacing = 0
    chart.barWidth = 10
    if len(days) <= 150:
        chart.bars[0].strokeColor = None
        # bars at most 28 points wide: two fair days are two bars, not two walls
        per_day = chart.width / max(1, len(days))
        chart.groupSpacing = max(2.0, 10 * (per_day / 28 - 1))
    else:  # bars thinner than a point: a seamless area, not a comb of hairline gaps
        chart.bars[0].strokeColor = GREEN
        chart.bars[0].strokeWidth = 0.25
        chart.groupSpacing = 0
    _style_value_axis(chart.valueAxis, top, _soles_axis)
    cat = chart.categoryAxis
    cat.categoryNames = day_labels(days)
    _style_category_axis(cat, MUTED, LABEL_SIZE)
    drawing.add(chart)
    return drawing


def category_chart(
    by_category: dict[str, int], labels: dict[str, str], width: float, bar_height: float = 16
) -> Drawing:
    """Horizontal bars, largest first at the top, each labelled with its share of sales."""
    names = list(by_category)
    values = [by_category[n] / 100 for n in names]
    top = max(values, default=0)
    left = max((_text_width(n) for n in names), default=0) + 10
    label_room = max((_text_width(labels[n]) for n in names), default=0) + 8
    height = bar_height * len(names) + 30
    drawing = _drawing(width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = left, 20
    chart.width, chart.height = width - left - label_room, height - 26
    chart.data = [values]
    chart.bars[0].fillColor = GREEN
    chart.bars[0].strokeColor = None
    chart.barSpacing = 0
    chart.groupSpacing = 4
    _style_value_axis(chart.valueAxis, top, _soles_axis)
    cat = chart.categoryAxis
    cat.categoryNames = names
    cat.reverseDirection = 1  # the first (largest) category at the top
    _style_category_axis(cat, TEXT, LABEL_SIZE, vertical=True)
    chart.barLabelFormat = "values"
    chart.barLabelArray = [[labels[n] for n in names]]
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = LABEL_SIZE
    chart.barLabels.fillColor = TEXT
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing.add(chart)
    return drawing


def _grouped_bars(
    x: float,
    y: float,
    width: float,
    height: float,
    groups: Sequence[str],
    sexes: Sequence[str],
    values: dict[str, list[float]],
    labels: dict[str, list[str]],
    fmt: Callable[[float], str],
    title: str,
    whole: bool,
) -> tuple[VerticalBarChart, String]:
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = x, y, width, height
    chart.data = [values[g] for g in groups]
    for i, group in enumerate(groups):
        chart.bars[i].fillColor = AGE_COLOURS[group]
        chart.bars[i].strokeColor = None
    chart.barWidth = 10
    chart.barSpacing = 1
    # bars at most 24 points wide, whatever the number of sexes shown
    per_sex = width / max(1, len(sexes))
    chart.groupSpacing = max(10.0, (per_sex / 24) * 10 - 10 * len(groups) - len(groups) + 1)
    top = max((v for g in groups for v in values[g]), default=0)
    # room for the labels above the bars
    _style_value_axis(chart.valueAxis, top * 1.12, fmt, whole=whole)
    cat = chart.categoryAxis
    cat.categoryNames = list(sexes)
    _style_category_axis(cat, TEXT, LABEL_SIZE + 0.5)
    chart.barLabelFormat = "values"
    chart.barLabelArray = [labels[g] for g in groups]
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = LABEL_SIZE - 0.5
    chart.barLabels.fillColor = TEXT
    chart.barLabels.boxAnchor = "s"
    chart.barLabels.dy = 2
    heading = String(
        x + width / 2, y + height + 8, title, fontName=FONT_BOLD, fontSize=8, fillColor=TEXT
    )
    heading.textAnchor = "middle"
    return chart, heading


def participation_chart(
    sexes: Sequence[str],
    sex_names: Sequence[str],
    groups: Sequence[str],
    group_names: dict[str, str],
    present: dict[str, dict[str, int]],
    sales_share: dict[str, dict[str, Decimal]],
    titles: tuple[str, str],
    width: float,
    height: float = 190,
) -> Drawing:
    """Two grouped bar charts side by side: vendors present, and share of sales (%), for
    each sex, one bar per age group; one legend below both."""
    drawing = _drawing(width, height)
    counts = {g: [float(present[s][g]) for s in sexes] for g in groups}
    # zero bars stay unlabelled: a row of "0" under empty groups is noise
    count_labels = {g: [str(present[s][g] or "") for s in sexes] for g in groups}
    shares = {g: [float(sales_share[s][g]) for s in sexes] for g in groups}
    share_labels = {
        g: [f"{sales_share[s][g]}" if sales_share[s][g] else "" for s in sexes] for g in groups
    }
    half = width / 2
    bottom, top_room = 42, 22
    chart_h = height - bottom - top_room
    left_pad = _text_width("0000") + 8
    for i, (values, labels, fmt, title, whole) in enumerate(
        (
            (counts, count_labels, lambda v: f"{v:,.0f}", titles[0], True),
            (shares, share_labels, lambda v: f"{v:,.0f} %", titles[1], False),
        )
    ):
        x = i * half + left_pad + (6 if i else 0)
        chart, heading = _grouped_bars(
            x,
            bottom,
            half - left_pad - 14,
            chart_h,
            groups,
            sex_names,
            values,
            labels,
            fmt,
            title,
            whole,
        )
        drawing.add(chart)
        drawing.add(heading)
    legend = Legend()
    legend.fontName = FONT
    legend.fontSize = LABEL_SIZE + 0.5
    legend.alignment = "right"
    legend.boxAnchor = "s"
    legend.x = width / 2 - sum(_text_width(group_names[g], 7.5) + 28 for g in groups) / 2
    legend.y = 2
    legend.columnMaximum = 1
    legend.deltax = 8
    legend.dx = 8
    legend.dy = 8
    legend.strokeColor = None
    legend.colorNamePairs = [(AGE_COLOURS[g], group_names[g]) for g in groups]
    legend.boxAnchor = "sw"
    drawing.add(legend)
    return drawing


def _wrapped(text: str, width: float, size: float) -> str:
    """``text`` on two lines (at the space nearest its middle) when wider than ``width``."""
    if _text_width(text, size) <= width or " " not in text:
        return text
    spaces = [i for i, c in enumerate(text) if c == " "]
    cut = min(spaces, key=lambda i: abs(i - len(text) / 2))
    return text[:cut] + "\n" + text[cut + 1 :]


def totals_chart(
    bars: Sequence[tuple[str, str | None]],
    present: Sequence[int],
    sales_share: Sequence[Decimal],
    titles: tuple[str, str],
    width: float,
    height: float = 170,
) -> Drawing:
    """Two bar charts side by side, vendors present and share of sales (%), one bar for
    each ``(name, age group)``: an age group in its colour, a sex (group ``None``) in slate,
    a gap between the sexes and the age groups.  Each bar is named below it, so no legend
    is needed."""
    drawing = _drawing(width, height)
    # a gap (no bar) where the sexes end and the age groups begin
    gaps = [i for i in range(1, len(bars)) if (bars[i - 1][1] is None) != (bars[i][1] is None)]
    for i in reversed(gaps):
        bars = [*bars[:i], ("", "gap"), *bars[i:]]
        present = [*present[:i], None, *present[i:]]  # type: ignore[list-item]
        sales_share = [*sales_share[:i], None, *sales_share[i:]]  # type: ignore[list-item]
    colours = [SLATE if group is None else AGE_COLOURS.get(group, GREY) for _name, group in bars]
    half = width / 2
    bottom, top_room = 30, 22
    left_pad = _text_width("0000") + 8
    size = LABEL_SIZE  # names side by side, a little smaller than in the grouped chart
    for i, (values, labels, fmt, title, whole) in enumerate(
        (
            ([None if n is None else float(n) for n in present],
             [str(n or "") for n in present], lambda v: f"{v:,.0f}", titles[0], True),
            ([None if s is None else float(s) for s in sales_share],
             [f"{s}" if s else "" for s in sales_share], lambda v: f"{v:,.0f} %", titles[1],
             False),
        )
    ):  # fmt: skip
        x = i * half + left_pad + (6 if i else 0)
        chart_w = half - left_pad - 14
        chart = VerticalBarChart()
        chart.x, chart.y = x, bottom
        chart.width, chart.height = chart_w, height - bottom - top_room
        chart.data = [values]
        chart.barSpacing = 0
        chart.barWidth = 10
        # bars at most 24 points wide, however few
        per_bar = chart_w / max(1, len(bars))
        chart.groupSpacing = max(4.0, 10 * (per_bar / 24 - 1))
        chart.bars[0].strokeColor = None
        for j, colour in enumerate(colours):
            chart.bars[(0, j)].fillColor = colour
        top = max((v for v in values if v is not None), default=0)
        _style_value_axis(chart.valueAxis, top * 1.12, fmt, whole=whole)
        cat = chart.categoryAxis
        cat.categoryNames = [_wrapped(name, per_bar - 2, size) for name, _group in bars]
        _style_category_axis(cat, TEXT, size)
        cat.labels.leading = size + 1
        chart.barLabelFormat = "values"
        chart.barLabelArray = [labels]
        chart.barLabels.fontName = FONT
        chart.barLabels.fontSize = LABEL_SIZE - 0.5
        chart.barLabels.fillColor = TEXT
        chart.barLabels.boxAnchor = "s"
        chart.barLabels.dy = 2
        heading = String(
            x + chart_w / 2, bottom + chart.height + 8, title, fontName=FONT_BOLD, fontSize=8,
            fillColor=TEXT,
        )  # fmt: skip
        heading.textAnchor = "middle"
        drawing.add(chart)
        drawing.add(heading)
    return drawing
