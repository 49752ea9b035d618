"""Reportes: two tabs, «Exportar» (the summary in Excel, the municipal report in PDF, the
confidential padrón) and
«Importar» (vendors or sales from a spreadsheet, and the templates to fill in)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from agroferia.i18n import _
from agroferia.ui.context import FAIRS, SALES, AppContext
from agroferia.ui.page import Page
from agroferia.ui.reports.export_tab import ExportTab
from agroferia.ui.reports.import_tab import ImportTab
from agroferia.ui.tasks import Task
from agroferia.ui.widgets import heading, tab_keys


class ReportsPage(Page):
    def __init__(self, ctx: AppContext, *, today: dt.date | None = None) -> None:
        super().__init__(ctx)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 8)
        layout.addWidget(heading(_("Reportes")))
        self.tabs = QTabWidget()
        self.tabs.setObjectName("report_tabs")
        self.exports = ExportTab(ctx, today=today)
        self.imports = ImportTab(ctx, today=today)
        self.tabs.addTab(self.exports, _("Exportar"))
        self.tabs.addTab(self.imports, _("Importar"))
        tab_keys(self.tabs)
        layout.addWidget(self.tabs, 1)
        ctx.changed.connect(self._on_changed)

    def show_export(self) -> None:
        self.tabs.setCurrentWidget(self.exports)

    def show_import(self) -> None:
        self.tabs.setCurrentWidget(self.imports)

    def main_control(self) -> QWidget:
        return self.tabs.currentWidget()

    def refresh(self) -> None:
        self.exports.refresh()
        self.imports.reload_fairs()

    def _on_changed(self, what: str) -> None:
        if what == FAIRS:
            self.refresh()
        elif what == SALES:
            self.exports.count_days()

    # what the buttons do, without the file dialogs ------------------------------------
    def export_excel(self, path: str | Path) -> Task | None:
        return self.exports.export_excel(path)

    def export_pdf(self, path: str | Path) -> Task | None:
        return self.exports.export_pdf(path)

    def export_roster(self, path: str | Path) -> Task | None:
        return self.exports.export_roster(path)

    def check_file(self, kind: str, path: str | Path) -> Task | None:
        self.show_import()
        return self.imports.check_file(kind, path)

    def import_file(self) -> Task | None:
        return self.imports.import_file()

    def save_template(self, kind: str, path: str | Path) -> Task | None:
        return self.imports.save_template(kind, path)
