"""Configuración page."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout

from agroferia.i18n import _
from agroferia.ui.context import AppContext
from agroferia.ui.page import Page
from agroferia.ui.widgets import heading


class SettingsPage(Page):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(_("Configuración")))
        layout.addStretch(1)
