"""What the main window expects of a page."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from agroferia.ui.context import AppContext
from agroferia.ui.widgets import focus_into


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

    def main_control(self) -> QWidget:
        """Where the keyboard goes when the page is chosen from the keyboard (Ctrl+1…7)."""
        return self

    def focus_main(self) -> None:
        focus_into(self.main_control())
