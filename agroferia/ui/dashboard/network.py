"""The Panel's comparison of the fairs of a network: a read-only table of
``figures.comparison_rows`` (the network's total in bold) and the note that explains it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from agroferia.core.network.comparison import Comparison
from agroferia.i18n import _
from agroferia.ui.dashboard import figures
from agroferia.ui.widgets import note, subheading


class NetworkTable(QWidget):
    """The fairs side by side; ``show_comparison(None)`` empties it."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("dashboard_network")
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 4, 0, 4)
        column.addWidget(subheading(_("Las ferias de la red, lado a lado")))
        self.table = QTableWidget()
        self.table.setObjectName("dashboard_network_table")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.verticalHeader().hide()
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setWordWrap(True)
        column.addWidget(self.table)
        self.note = note("")
        self.note.setObjectName("dashboard_network_note")
        column.addWidget(self.note)
        self.comparison: Comparison | None = None

    def show_comparison(self, c: Comparison | None) -> None:
        self.comparison = c
        rows = figures.comparison_rows(c) if c is not None else []
        headers = figures.comparison_headers(c) if c is not None else []
        self.table.clear()
        self.table.setColumnCount(len(headers))
        self.table.setRowCount(len(rows))
        self.table.setHorizontalHeaderLabels(headers)
        bold = QFont(self.table.font())
        bold.setBold(True)
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        for r, texts in enumerate(rows):
            for col, text in enumerate(texts):
                item = QTableWidgetItem(text)
                if col:
                    item.setTextAlignment(right)
                if r == len(rows) - 1:  # the network's total
                    item.setFont(bold)
                self.table.setItem(r, col, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        if headers:
            header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setVisible(bool(rows))
        # every row shown, no inner scrolling: the page scrolls
        height = self.table.horizontalHeader().sizeHint().height() + 4
        height += sum(self.table.rowHeight(r) for r in range(len(rows)))
        self.table.setFixedHeight(height)
        self.note.setText(figures.comparison_note(c) if c is not None else "")

    def cell(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text() if item is not None else ""
