"""Panel: the key figures and charts of a period and a fair, computed by ``core.stats`` off
the GUI thread, the same figures the exports give for the same choice; with several fairs,
on request, the fairs of the network side by side for the period
(``core.network.comparison``), computed with them."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from agroferia.core import stats
from agroferia.core.network.comparison import Comparison, compare_fairs
from agroferia.core.periods import Period
from agroferia.core.stats import Stats
from agroferia.i18n import _
from agroferia.ui.context import CATEGORIES, FAIRS, SALES, SETTINGS, VENDORS, AppContext
from agroferia.ui.dashboard import figures
from agroferia.ui.dashboard.cards import CardGrid
from agroferia.ui.dashboard.network import NetworkTable
from agroferia.ui.page import Page
from agroferia.ui.period import PeriodPicker
from agroferia.ui.tasks import Task, run_task
from agroferia.ui.widgets import error_label, heading, note

REFRESH_ON = (VENDORS, FAIRS, CATEGORIES, SETTINGS, SALES)


CHART_HEIGHT = 320  # pixels: a chart cell's least height


class ChartCell(QFrame):
    """A framed chart with its title; ``put`` puts a chart (or a short note) in it."""

    def __init__(self, title: str) -> None:
        super().__init__()
        self.setObjectName("dashboard_chart")
        self.setStyleSheet(
            "QFrame#dashboard_chart { background: white; border: 1px solid #d0d7d1;"
            " border-radius: 6px; }"
        )
        self.title = QLabel(title)
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.title.setFont(font)
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(12, 10, 12, 8)
        self.column.addWidget(self.title)
        self.content: QWidget | None = None
        self.setMinimumHeight(CHART_HEIGHT)

    def put(self, content: QWidget | None, empty: str = "") -> None:
        if self.content is not None:
            self.content.setParent(None)  # out of findChild at once; freed by Qt later
            self.content.deleteLater()
        self.content = content if content is not None or not empty else note(empty)
        if self.content is not None:
            self.column.addWidget(self.content, 1)


class ChartGrid(QWidget):
    """The charts two by two (an odd last one across both columns), or one under the other
    when two side by side would be too narrow to read (a small window)."""

    NARROW, WIDE = 860, 900  # pixels: one column below NARROW, two above WIDE (no flicker)

    def __init__(self, cells: list[ChartCell]) -> None:
        super().__init__()
        self.cells = cells
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(12)
        self.columns = 0
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        self._arrange(2)

    def _arrange(self, columns: int) -> None:
        if columns == self.columns:
            return
        self.columns = columns
        for cell in self.cells:
            self.grid.removeWidget(cell)
        last = len(self.cells) - 1
        for i, cell in enumerate(self.cells):
            across = columns if i == last and i % columns == 0 else 1
            self.grid.addWidget(cell, i // columns, i % columns, 1, across)
        for col in range(2):
            self.grid.setColumnStretch(col, 1 if col < columns else 0)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        width = event.size().width()
        if width < self.NARROW:
            self._arrange(1)
        elif width > self.WIDE:
            self._arrange(2)


# the charts are built this long after the cards are set: a timer, not an event posted at
# once, so that the cards are painted first (Qt paints after its posted events)
CHARTS_AFTER_MS = 1


class PanelPage(Page):
    figures_shown = Signal()  # the figures of a period are painted (the charts come next)

    def __init__(self, ctx: AppContext, *, today: dt.date | None = None) -> None:
        super().__init__(ctx)
        self.stats: Stats | None = None  # what the page shows; None while there is nothing
        self.comparison: Comparison | None = None  # the fairs side by side, when asked for
        self._generation = 0  # a result computed for an older choice is never shown
        self._task: Task | None = None
        self._again = False  # the choice changed while computing: compute again after

        # everything scrolls, the period too: the page stays usable in a small window
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(16, 16, 16, 8)
        column.setSpacing(10)
        column.addWidget(heading(_("Panel")))
        self.picker = PeriodPicker(ctx, today=today)
        self.busy = note(_("Calculando…"))
        self.busy.setObjectName("dashboard_busy")
        self.busy.setWordWrap(False)
        self.busy.hide()
        self.compare = QCheckBox(_("Comparar ferias (red)"))
        self.compare.setObjectName("dashboard_compare")
        self.compare.setToolTip(
            _("Todas las ferias del periodo lado a lado, con cada productor contado una vez "
              "en el total de la red.")
        )  # fmt: skip
        top = QHBoxLayout()
        top.addWidget(self.picker, 1)
        top.addWidget(self.compare)
        top.addWidget(self.busy)
        column.addLayout(top)
        self.problem = error_label("dashboard_problem")
        self.problem.hide()
        column.addWidget(self.problem)
        self.cards = CardGrid()
        column.addWidget(self.cards)
        self.network = NetworkTable()
        self.network.hide()
        column.addWidget(self.network)
        # in place of the charts when there are none, taking the room they would take
        self.empty = note("")
        self.empty.setObjectName("dashboard_empty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        column.addWidget(self.empty, 1)
        self.cells = {
            "days": ChartCell(_("Ventas por jornada")),
            "categories": ChartCell(_("Ventas por rubro")),
            "participation": ChartCell(_("Participación por sexo y edad")),
            "regions": ChartCell(_("Expositores presentes por región de origen")),
            "products": ChartCell(_("Productos por rubro")),
        }
        self.charts = ChartGrid(list(self.cells.values()))
        column.addWidget(self.charts, 1)
        scroll = QScrollArea()
        scroll.setObjectName("dashboard_scroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

        self._show(None)
        self._offer_comparison()
        self.picker.changed.connect(self.refresh)
        self.compare.toggled.connect(self.refresh)
        ctx.changed.connect(self._on_changed)
        self.refresh()

    # computing --------------------------------------------------------------------------
    def main_control(self) -> QWidget:
        return self.picker

    def refresh(self) -> None:
        """Computes the figures of the chosen period and fair, and shows them when ready."""
        self._generation += 1
        period = self.picker.value()
        self.problem.setText(self.picker.problem())
        self.problem.setVisible(period is None)
        if period is None:
            self._compared(None)
            self._show(None)  # nothing from other dates stays on screen
            return
        if self._task is not None and not self._task.done:
            self._again = True  # its result is already out of date
            return
        self._start(period)

    def comparing(self) -> bool:
        """Whether the fairs are to be compared: asked for, with several fairs to compare."""
        return self.compare.isChecked() and not self.compare.isHidden()

    def _offer_comparison(self) -> None:
        """The choice to compare the fairs, when there are several (``Todas`` and two)."""
        self.compare.setVisible(self.picker.fair.count() > 2)

    def _start(self, period: Period) -> None:
        db, generation, comparing = self.ctx.db, self._generation, self.comparing()

        def work(_progress) -> tuple[Stats, Comparison | None]:
            from agroferia.ui.dashboard import charts, product_chart  # noqa: F401 (off the window)

            with db.Session() as s:
                figures = stats.compute(s, period.start, period.end, period.fair_id)
                side_by_side = None
                if comparing:  # every fair, whichever the chosen one
                    side_by_side = compare_fairs(s, period.start, period.end)
                return figures, side_by_side

        self.busy.show()
        self._task = run_task(
            self,
            _("Calculando el panel…"),
            work,
            lambda result: self._finished(generation, result),
            lambda exc: self._finished(generation, None, exc),
        )

    def _finished(
        self,
        generation: int,
        result: tuple[Stats, Comparison | None] | None,
        error: BaseException | None = None,
    ) -> None:
        if self._task is not None:
            self._task.deleteLater()
            self._task = None
        if self._again:
            self._again = False
            period = self.picker.value()
            if period is not None:
                self._start(period)
            return
        if error is not None:
            from agroferia.ui.errors import show_error

            self.busy.hide()
            show_error(self, error)
        elif generation == self._generation and result is not None:
            figures_of_period, side_by_side = result
            self._compared(side_by_side)
            self._show(figures_of_period)  # the busy note stays until the charts are there too
        else:
            self.busy.hide()

    def _on_changed(self, what: str) -> None:
        if what == FAIRS:
            self.picker.reload_fairs()
            self._offer_comparison()
        if what in REFRESH_ON:
            self.refresh()

    # showing ------------------------------------------------------------------------------
    def _compared(self, comparison: Comparison | None) -> None:
        self.comparison = comparison
        self.network.show_comparison(comparison)
        self.network.setVisible(comparison is not None)

    def _show(self, result: Stats | None) -> None:
        """The cards of ``result`` at once; its charts once the cards are painted."""
        self.stats = result
        self.cards.show_cards(figures.cards(result))
        charted = result is not None and result.fair_days > 0
        self.empty.setText(_("No hubo jornadas en este periodo.") if result is not None else "")
        self.empty.setVisible(not charted)
        self.charts.setVisible(charted)
        if not charted:
            for cell in self.cells.values():
                cell.put(None)
            self._drawn(result)
            return
        QTimer.singleShot(CHARTS_AFTER_MS, self, lambda: self._draw(result))

    def _draw(self, result: Stats) -> None:
        if result is not self.stats:  # other figures came meanwhile: theirs are drawn
            return
        self.figures_shown.emit()  # the cards were painted before this timer
        from agroferia.ui.dashboard import charts  # QtCharts and reportlab: when first needed

        no_sales = _("No hubo ventas en este periodo.")
        nobody = _("No hubo expositores presentes en este periodo.")
        self.cells["days"].put(charts.DaysView(figures.sales_by_day(result)))
        categories = figures.sales_by_category(result)
        self.cells["categories"].put(
            charts.categories_view(categories) if categories else None, no_sales
        )
        present = result.vendors.present > 0
        self.cells["participation"].put(
            charts.participation_view(figures.participation(result)) if present else None, nobody
        )
        regions = figures.regions(result)
        self.cells["regions"].put(charts.regions_view(regions) if regions else None, nobody)
        self._draw_products(result)
        self._drawn(None)

    def _draw_products(self, result: Stats) -> None:
        from agroferia.ui.dashboard.product_chart import products_view

        rows = figures.products_by_category(result)
        cell = self.cells["products"]
        # across the whole width: without a chart, its note needs no chart's height
        cell.setMinimumHeight(CHART_HEIGHT if rows else 90)
        cell.put(
            products_view(rows, figures.native_vendors(result)) if rows else None,
            figures.no_products_tip(),
        )
        if not rows:
            cell.content.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)

    def _drawn(self, result: Stats | None) -> None:
        """Everything is shown: the busy note goes (unless other figures are computed), and
        ``figures_shown`` is told of ``result`` (when not already)."""
        if self._task is None:
            self.busy.hide()
        if result is not None:
            self.figures_shown.emit()

    def card(self, key: str) -> str:
        """The text a card shows (``card_fair_days``, ``card_sales``, …: see ``figures``)."""
        return self.cards.value(key)
