"""Jornadas: the fairs on top, the fair days of the selected fair below."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from agroferia.i18n import _
from agroferia.ui.context import FAIRS, SETTINGS, VENDORS, AppContext
from agroferia.ui.fairs.day_panel import DayPanel
from agroferia.ui.fairs.fair_panel import FairPanel
from agroferia.ui.page import Page
from agroferia.ui.widgets import heading


class FairsPage(Page):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self._sized = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 8)
        layout.addWidget(heading(_("Jornadas")))
        self.fairs = FairPanel(ctx)
        self.days = DayPanel(ctx)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.fairs)
        splitter.addWidget(self.days)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        self.splitter = splitter
        layout.addWidget(splitter, 1)
        self.fairs.fair_selected.connect(lambda: self.days.show_fair(self.fairs.selected()))
        ctx.changed.connect(self._on_changed)
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if not self._sized:  # the fairs as tall as they need, the days the rest
            self._sized = True
            top = self.fairs.preferred_height()
            self.splitter.setSizes([top, max(self.splitter.height() - top, 200)])

    def main_control(self) -> QWidget:
        return self.fairs.table

    def refresh(self) -> None:
        self.fairs.refresh()  # and, through fair_selected, the days

    def _on_changed(self, what: str) -> None:
        if what in (FAIRS, VENDORS, SETTINGS):
            self.refresh()
