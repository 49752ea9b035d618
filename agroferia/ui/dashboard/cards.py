"""The panel's cards: a framed box each, a big figure over its caption."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from agroferia.ui.dashboard.figures import Card
from agroferia.ui.widgets import MUTED_STYLE

# first row: who came and what they brought; second row: money (wider, for amounts like
# S/ 1,234,567.80)
ROWS = (
    ("fair_days", "present", "women", "youth", "products"),
    ("sales", "average", "fees_outstanding"),
)
COLUMNS = 60  # a common multiple of the cards per row


class CardBox(QFrame):
    def __init__(self, key: str) -> None:
        super().__init__()
        self.setObjectName("dashboard_card")
        self.setStyleSheet(
            "QFrame#dashboard_card { background: palette(base); border: 1px solid #d0d7d1;"
            " border-radius: 6px; }"
        )
        self.value = QLabel()
        self.value.setObjectName(f"card_{key}")
        font = QFont(self.value.font())
        font.setPointSizeF(font.pointSizeF() * 1.9)
        font.setBold(True)
        self.value.setFont(font)
        self.value.setStyleSheet("color: #1b5e20;")
        self.value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        caption_font = QFont(self.caption.font())
        caption_font.setBold(True)
        self.caption.setFont(caption_font)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setStyleSheet(MUTED_STYLE)
        column = QVBoxLayout(self)
        column.setContentsMargins(14, 10, 14, 10)
        column.setSpacing(2)
        column.addWidget(self.value)
        column.addWidget(self.caption)
        column.addWidget(self.detail)
        column.addStretch(1)

    def show_card(self, card: Card) -> None:
        self.value.setText(card.value)
        self.caption.setText(card.caption)
        self.detail.setText(card.detail)
        self.detail.setVisible(bool(card.detail))
        self.setToolTip(card.tip)


class CardGrid(QWidget):
    """Eight cards in two rows; ``show_cards`` fills them from ``figures.cards``."""

    def __init__(self) -> None:
        super().__init__()
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(10)
        self.boxes: dict[str, CardBox] = {}
        for row, keys in enumerate(ROWS):
            span = COLUMNS // len(keys)
            for i, key in enumerate(keys):
                box = CardBox(key)
                self.boxes[key] = box
                grid.addWidget(box, row, i * span, 1, span)
        for col in range(COLUMNS):
            grid.setColumnStretch(col, 1)

    def show_cards(self, cards: list[Card]) -> None:
        for card in cards:
            self.boxes[card.key].show_card(card)

    def value(self, key: str) -> str:
        return self.boxes[key].value.text()
