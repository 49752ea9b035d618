"""Ventas: the sheet of a fair day, and the fee balances of the vendors."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from agroferia.i18n import _
from agroferia.ui.context import AppContext
from agroferia.ui.page import Page
from agroferia.ui.sales.day_panel import DayPanel
from agroferia.ui.sales.fees_panel import FeesPanel
from agroferia.ui.widgets import heading, tab_keys


class SalesPage(Page):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 8)
        layout.addWidget(heading(_("Ventas")))
        self.tabs = QTabWidget()
        self.day = DayPanel(ctx)
        self.fees = FeesPanel(ctx)
        self.tabs.addTab(self.day, _("Hoja de la jornada"))
        self.tabs.addTab(self.fees, _("Cuotas por expositor"))
        tab_keys(self.tabs)
        layout.addWidget(self.tabs, 1)
        self.day.fair.currentIndexChanged.connect(self._fair_shown)
        self._fair_shown()

    def _fair_shown(self, *_args) -> None:
        self.fees.set_fair(self.day.fair.currentData())

    def refresh(self) -> None:
        if not self.day.has_unsaved_changes():
            self.day.reload_fairs()

    def has_unsaved_changes(self) -> bool:
        return self.day.has_unsaved_changes()

    def save(self) -> bool:
        return self.day.save()

    def main_control(self) -> QWidget:
        return self.tabs.currentWidget().main_control()

    def new_fair_day(self) -> None:
        self.tabs.setCurrentWidget(self.day)
        self.day.new_day()

    def record_payment(self) -> None:
        self.tabs.setCurrentWidget(self.fees)
        self.fees.table.setFocus()
        self.fees.record_payment()
