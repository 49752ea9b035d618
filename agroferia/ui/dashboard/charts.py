"""The panel's charts (QtCharts), drawn from figures already computed by ``core.stats``:
they only scale and label them.  Colours are the PDF report's, so that both look alike."""

from __future__ import annotations

import datetime as dt
import html
import math
import textwrap
from collections.abc import Callable, Sequence
from decimal import Decimal

from PySide6.QtCharts import (
    QAbstractBarSeries,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QCategoryAxis,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QLocale, QMargins, Qt
from PySide6.QtGui import QColor, QCursor, QFont, QFontMetrics, QPainter, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolTip, QVBoxLayout, QWidget

from agroferia.core.money import format_money
from agroferia.i18n import _
from agroferia.reports import chart_style
from agroferia.reports.common import percent
from agroferia.ui.dashboard.figures import Participation, count

GREEN = QColor(chart_style.GREEN)  # the PDF report's palette
TEXT = QColor(chart_style.TEXT)
MUTED = QColor(chart_style.MUTED)
GRID = QColor(chart_style.LIGHT_GREY)
AGE_COLOURS = {group: QColor(c) for group, c in chart_style.AGE_COLOURS.items()}
# S/ 1,200 on the axes: Peru's grouping whatever the interface language (as format_money)
NUMBERS = QLocale(QLocale.Language.Spanish, QLocale.Country.Peru)
DAY_LABEL_WIDTH = 64  # pixels per dd/mm label on the sales-per-fair-day axis, gaps included


def _chart(title: str = "") -> QChart:
    chart = QChart()
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.setBackgroundRoundness(0)
    chart.setMargins(QMargins(4, 4, 8, 4))
    chart.layout().setContentsMargins(0, 0, 0, 0)
    chart.setLocalizeNumbers(True)
    chart.setLocale(NUMBERS)
    chart.legend().hide()
    if title:
        font = QFont(chart.titleFont())
        font.setBold(True)
        chart.setTitleFont(font)
        chart.setTitleBrush(TEXT)
        chart.setTitle(title)
    return chart


def _view(chart: QChart, name: str, view: QChartView | None = None) -> QChartView:
    view = view or QChartView(chart)
    view.setObjectName(name)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumHeight(240)
    return view


def _style_axis(axis, *, grid: bool = True) -> None:
    axis.setTruncateLabels(False)  # a name cut to "..." says nothing; the bars make room
    axis.setLabelsBrush(MUTED)
    axis.setLinePenColor(GRID)
    axis.setGridLineColor(GRID)
    axis.setGridLineVisible(grid)


def _value_axis(top: float, fmt: str, ticks: int, *, whole: bool = False) -> QValueAxis:
    """From 0 to a round value above ``top``; ``whole``: no fractional ticks (counts)."""
    axis = QValueAxis()
    axis.setRange(0, top if top > 0 else 1)
    axis.setTickCount(ticks)
    axis.applyNiceNumbers()
    axis.setMin(0)
    step = (axis.max() - axis.min()) / max(axis.tickCount() - 1, 1)
    if whole and step < 1:
        axis.setTickType(QValueAxis.TickType.TicksDynamic)
        axis.setTickAnchor(0)
        axis.setTickInterval(1)
        axis.setMax(max(1, math.ceil(top)))
    axis.setLabelFormat(fmt)
    _style_axis(axis)
    return axis


def _money_axis(top_soles: float, ticks: int) -> QValueAxis:
    return _value_axis(top_soles, "S/ %.0f" if top_soles >= 10 else "S/ %.2f", ticks)


WRAP = 26  # characters per line of a name beside its bar
AXIS_SHARE = 0.4  # QtCharts gives the axes at most this share of the chart's width


def _wrap(name: str) -> str:
    """A long name on two or more lines, right-aligned against its bar (axis labels are
    rich text), rather than cut short."""
    lines = textwrap.wrap(name, WRAP) or [" "]
    if len(lines) == 1:
        return html.escape(name)
    return '<div align="right">' + "<br>".join(html.escape(line) for line in lines) + "</div>"


def _names_axis(view: QChartView, axis: QBarCategoryAxis, names: Sequence[str]) -> None:
    """The names beside horizontal bars, and a chart wide enough for them to show whole."""
    axis.append([_wrap(n) for n in names])
    _style_axis(axis, grid=False)
    axis.setLabelsBrush(TEXT)
    metrics = QFontMetrics(axis.labelsFont())
    widest = max(
        (metrics.horizontalAdvance(line) for n in names for line in textwrap.wrap(n, WRAP)),
        default=0,
    )
    view.setMinimumWidth(int((widest + 24) / AXIS_SHARE))


def _bars(name: str, values: Sequence[float], colour: QColor, tip: Callable[[int], str]) -> QBarSet:
    bars = QBarSet(name)
    bars.append([float(v) for v in values])
    bars.setColor(colour)
    bars.setBorderColor(colour)
    bars.setLabelColor(TEXT)
    font = QFont(bars.labelFont())
    font.setPointSizeF(font.pointSizeF() * 0.9)
    bars.setLabelFont(font)
    bars.hovered.connect(
        lambda status, i: (
            QToolTip.showText(QCursor.pos(), tip(i)) if status else QToolTip.hideText()
        )
    )
    return bars


def _show_values(series: QAbstractBarSeries, fmt: str = "@value") -> None:
    series.setLabelsVisible(True)
    series.setLabelsPosition(QAbstractBarSeries.LabelsPosition.LabelsOutsideEnd)
    series.setLabelsFormat(fmt)


class DaysView(QChartView):
    """Sales per fair day: one bar per fair day of the period, dated under every n-th bar
    (``chart_style.day_labels``), as many dates as fit the width."""

    def __init__(self, by_day: list[tuple[dt.date, int]]) -> None:
        self.days = [d for d, _c in by_day]
        cents = [c for _d, c in by_day]
        chart = _chart()
        super().__init__(chart)
        _view(chart, "chart_days", self)
        series = QBarSeries()
        series.setBarWidth(0.8 if len(self.days) <= 150 else 1.0)
        series.append(
            _bars(
                _("Ventas"),
                [c / 100 for c in cents],
                GREEN,
                lambda i: f"{self.days[i]:%d/%m/%Y}: {format_money(cents[i], cents=True)}",
            )
        )
        chart.addSeries(series)
        self.axis_x = QCategoryAxis()
        self.axis_x.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
        self.axis_x.setRange(-0.5, len(self.days) - 0.5)
        _style_axis(self.axis_x, grid=False)
        chart.addAxis(self.axis_x, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(self.axis_x)
        axis_y = _money_axis(max(cents, default=0) / 100, 5)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(axis_y)
        self._most = 0
        self._label(8)

    def labels(self) -> list[str]:
        return self.axis_x.categoriesLabels()

    def _label(self, most: int) -> None:
        if most == self._most:
            return
        self._most = most
        for label in self.axis_x.categoriesLabels():
            self.axis_x.remove(label)
        for i, text in enumerate(chart_style.day_labels(self.days, most)):
            if text and text not in self.axis_x.categoriesLabels():
                self.axis_x.append(text, i)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        # the value axis takes about 80 pixels on the left
        self._label(max(2, (event.size().width() - 80) // DAY_LABEL_WIDTH))


def categories_view(rows: list[tuple[str, int, Decimal]]) -> QChartView:
    """Sales by rubro: horizontal bars, the largest at the top."""
    shown = list(reversed(rows))  # a category axis puts its first category at the bottom
    chart = _chart()
    series = QHorizontalBarSeries()
    series.setBarWidth(0.7)
    series.append(
        _bars(
            _("Ventas"),
            [c / 100 for _n, c, _p in shown],
            GREEN,
            lambda i: (
                f"{shown[i][0]}: {format_money(shown[i][1], cents=True)} ({percent(shown[i][2])})"
            ),
        )
    )
    chart.addSeries(series)
    view = _view(chart, "chart_categories")
    axis_y = QBarCategoryAxis()
    _names_axis(view, axis_y, [n for n, _c, _p in shown])
    chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(axis_y)
    axis_x = _money_axis(max((c for _n, c, _p in rows), default=0) / 100, 4)
    chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(axis_x)
    return view


def regions_view(rows: list[tuple[str, int]]) -> QChartView:
    """Vendors present by region of origin: horizontal bars, the most at the top."""
    shown = list(reversed(rows))
    chart = _chart()
    series = QHorizontalBarSeries()
    series.setBarWidth(0.7)
    series.append(
        _bars(
            _("Expositores presentes"),
            [n for _r, n in shown],
            GREEN,
            lambda i: f"{shown[i][0]}: {count(shown[i][1])}",
        )
    )
    _show_values(series)
    chart.addSeries(series)
    view = _view(chart, "chart_regions")
    axis_y = QBarCategoryAxis()
    _names_axis(view, axis_y, [r for r, _n in shown])
    chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(axis_y)
    # room for the figure after the longest bar
    axis_x = _value_axis(max((n for _r, n in rows), default=0) * 1.12, "%.0f", 5, whole=True)
    chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(axis_x)
    return view


def _grouped_view(
    p: Participation,
    values: dict[str, list],
    title: str,
    name: str,
    fmt: str,
    label_format: str,
    tip: Callable[[str, int], str],
    *,
    whole: bool,
) -> QChartView:
    chart = _chart(title)
    series = QBarSeries()
    series.setBarWidth(0.75)
    for group, group_name in zip(p.groups, p.group_names, strict=True):
        series.append(
            _bars(
                group_name,
                values[group],
                AGE_COLOURS[group],
                lambda i, g=group: tip(g, i),
            )
        )
    _show_values(series, label_format)
    chart.addSeries(series)
    axis_x = QBarCategoryAxis()
    axis_x.append(p.sex_names)
    _style_axis(axis_x, grid=False)
    axis_x.setLabelsBrush(TEXT)
    chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(axis_x)
    top = max((float(v) for g in p.groups for v in values[g]), default=0)
    axis_y = _value_axis(top * 1.15, fmt, 5, whole=whole)  # room for the figures on top
    chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(axis_y)
    view = _view(chart, name)
    view.setMinimumWidth(160)
    return view


def participation_view(p: Participation) -> QWidget:
    """Two grouped bar charts side by side (vendors present; % of sales), one bar per age
    group within each sex, and one legend under both."""
    names = dict(zip(p.groups, p.group_names, strict=True))
    present = _grouped_view(
        p,
        p.present,
        _("Expositores presentes"),
        "chart_present_by_sex",
        "%.0f",
        "@value",
        lambda g, i: f"{p.sex_names[i]}, {names[g].lower()}: {count(p.present[g][i])}",
        whole=True,
    )
    shares = _grouped_view(
        p,
        p.sales_share,
        _("% de las ventas"),
        "chart_sales_by_sex",
        "%.0f %",
        "@value %",
        lambda g, i: f"{p.sex_names[i]}, {names[g].lower()}: {percent(p.sales_share[g][i])}",
        whole=False,
    )
    legend = QLabel(
        "&nbsp;&nbsp;&nbsp;".join(
            f'<span style="color:{AGE_COLOURS[g].name()}">&#9632;</span>&nbsp;{html.escape(n)}'
            for g, n in names.items()
        )
    )
    legend.setObjectName("participation_legend")
    legend.setAlignment(Qt.AlignmentFlag.AlignCenter)
    holder = QWidget()
    column = QVBoxLayout(holder)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(2)
    row = QHBoxLayout()
    row.setSpacing(4)
    row.addWidget(present)
    row.addWidget(shares)
    column.addLayout(row, 1)
    column.addWidget(legend)
    return holder
