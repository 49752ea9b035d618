"""Expositores page."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout

from agroferia.i18n import _
from agroferia.ui.context import AppContext
from agroferia.ui.page import Page
from agroferia.ui.widgets import heading


class VendorsPage(Page):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(_("Expositores")))
        layout.addStretch(1)

    def new_vendor(self) -> None:
        pass

    def focus_search(self) -> None:
        pass
