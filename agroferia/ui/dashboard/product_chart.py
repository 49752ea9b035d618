"""The Panel's chart of agrobiodiversity: products per rubro, with the native varieties
among them, drawn from ``Stats.products`` (``core.products.figures``) as the other charts
are (``charts``)."""

from __future__ import annotations

import html

from PySide6.QtCharts import QBarCategoryAxis, QHorizontalBarSeries
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from agroferia.i18n import _, _n
from agroferia.reports import chart_style
from agroferia.ui.dashboard.charts import (
    GREEN,
    _bars,
    _chart,
    _names_axis,
    _show_values,
    _value_axis,
    _view,
)
from agroferia.ui.dashboard.figures import count
from agroferia.ui.widgets import MUTED_STYLE

NATIVE = QColor(chart_style.AMBER)  # the native varieties stand out of the green
ROW_HEIGHT = 36  # pixels per rubro at least: its two bars and a name on two lines


def _tip(name: str, products: int, native: int) -> str:
    return "{}: {}, {}".format(
        name,
        _n(products, "{count} producto", "{count} productos", count=count(products)),
        _n(native, "{count} variedad nativa", "{count} variedades nativas", count=count(native)),
    )


def products_view(rows: list[tuple[str, int, int]], native_vendors: str) -> QWidget:
    """Per rubro (rubro, products, native varieties), the most products at the top: a bar
    for its products and, under it, one for the native varieties among them; a legend and
    ``native_vendors`` (who offers native varieties) under the chart."""
    shown = list(reversed(rows))  # a category axis puts its first category at the bottom
    chart = _chart()
    series = QHorizontalBarSeries()
    series.setBarWidth(0.8)
    # within a rubro the first set is drawn lowest: the native varieties under the products
    series.append(
        _bars(
            _("Variedades nativas"),
            [native for _name, _p, native in shown],
            NATIVE,
            lambda i: _tip(*shown[i]),
        )
    )
    series.append(
        _bars(_("Productos"), [p for _name, p, _v in shown], GREEN, lambda i: _tip(*shown[i]))
    )
    _show_values(series)
    chart.addSeries(series)
    view = _view(chart, "chart_products")
    view.setMinimumHeight(max(240, ROW_HEIGHT * len(rows) + 70))  # + the axis below
    axis_y = QBarCategoryAxis()
    _names_axis(view, axis_y, [name for name, _p, _v in shown])
    chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(axis_y)
    # room for the figure after the longest bar
    top = max((p for _name, p, _v in rows), default=0) * 1.12
    axis_x = _value_axis(top, "%.0f", 5, whole=True)
    chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(axis_x)

    legend = QLabel(
        "&nbsp;&nbsp;&nbsp;".join(
            f'<span style="color:{colour.name()}">&#9632;</span>&nbsp;{html.escape(name)}'
            for colour, name in (
                (GREEN, _("Productos")),
                (NATIVE, _("de ellos, variedades nativas")),
            )
        )
    )
    legend.setObjectName("products_legend")
    legend.setAlignment(Qt.AlignmentFlag.AlignCenter)
    line = QLabel(native_vendors)
    line.setObjectName("products_native_vendors")
    line.setWordWrap(True)
    line.setStyleSheet(MUTED_STYLE)
    holder = QWidget()
    column = QVBoxLayout(holder)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(2)
    column.addWidget(view, 1)
    column.addWidget(legend)
    column.addWidget(line)
    return holder
