"""The row tables every page shows: read-only, one row selected at a time, Enter or a
double-click to open the selected row."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt
from PySide6.QtWidgets import QAbstractItemView, QTableView


def row_table(name: str, on_open: Callable[[], object] | None = None) -> QTableView:
    """A sortable table of rows; ``on_open`` runs on a double-click, Enter or Return."""
    table = QTableView()
    table.setObjectName(name)
    table.setSortingEnabled(True)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    if on_open is not None:
        table.doubleClicked.connect(lambda _index: on_open())
        table.installEventFilter(_EnterOpens(table, on_open))
    return table


class _EnterOpens(QObject):
    """Enter or Return on the table opens the selected row."""

    def __init__(self, table: QTableView, on_open: Callable[[], object]) -> None:
        super().__init__(table)
        self.on_open = on_open

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.KeyPress and event.key() in (
            Qt.Key.Key_Return,
            Qt.Key.Key_Enter,
        ):
            self.on_open()
            return True
        return super().eventFilter(watched, event)


def selected_row(table: QTableView) -> int | None:
    rows = table.selectionModel().selectedRows()
    return rows[0].row() if rows else None


def select_row(table: QTableView, row: int | None) -> bool:
    """Selects and shows ``row`` (None clears the selection); False when there is none."""
    if row is None:
        table.clearSelection()
        return False
    index = table.model().index(row, 0)
    table.selectionModel().setCurrentIndex(
        index,
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    table.scrollTo(index)
    return True
