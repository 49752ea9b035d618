"""What the main window expects of a page."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from agroferia.ui.context import AppContext
from agroferia.ui.widgets import heading, note


class Page(QWidget):
    """A page of the main window. ``refresh`` reloads it from the database; pages connect
    to ``ctx.changed`` for the kinds of data they show."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx

    def refresh(self) -> None:
        """Reload what the page shows."""

    def has_unsaved_changes(self) -> bool:
        return False

    def save(self) -> bool:
        """Saves pending changes; False when they could not be saved (the page says why)."""
        return True


class ComingPage(Page):
    """A page a later version fills: it says so plainly and shows nothing invented."""

    def __init__(self, ctx: AppContext, title: str, what: str, meanwhile: str) -> None:
        super().__init__(ctx)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.addWidget(heading(title))
        layout.addWidget(note(what))
        layout.addWidget(note(meanwhile))
        layout.addStretch(1)
