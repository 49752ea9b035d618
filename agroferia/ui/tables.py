"""The row tables every page shows: read-only, one row selected at a time, Enter or a
double-click to open the selected row, and the model under them that filters and sorts its
own rows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from agroferia.core.plain_text import shown
from agroferia.i18n import translate

R = TypeVar("R")
Index = QModelIndex | QPersistentModelIndex
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def row_table(
    name: str,
    on_open: Callable[[], object] | None = None,
    *,
    model: QAbstractTableModel | None = None,
    sort: tuple[int, Qt.SortOrder] | None = None,
    stretch: tuple[int, ...] = (),
    fit: bool = True,
) -> QTableView:
    """A sortable table of rows; ``on_open`` runs on a double-click, Enter or Return.
    With ``model``: sorted by ``sort`` (column, order), columns as wide as their contents
    (``fit``; else the person sizes them) and ``stretch`` columns taking the rest."""
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
    if model is not None:
        table.setModel(model)
        if sort is not None:
            table.sortByColumn(*sort)
        header = table.horizontalHeader()
        header.setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents if fit else QHeaderView.ResizeMode.Interactive
        )
        for column in stretch:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
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


@dataclass(frozen=True)
class Column(Generic[R]):
    title: str  # marked with N_(), translated when shown
    text: Callable[[R], str]
    key: Callable[[R], Any]  # what the column sorts by
    right: bool = False  # numbers: right-aligned
    tip: str = ""  # the title's tooltip, marked with N_()


class RowsModel(QAbstractTableModel, Generic[R]):
    """Rows with an ``id`` that the model filters (``keep``) and sorts itself, with one reset
    or one layout change instead of a proxy model calling back into Python (STYLE.md)."""

    columns: ClassVar[list[Column]] = []
    tiebreak: ClassVar[int | None] = None  # the column equal keys are ordered by

    def __init__(self, sort: tuple[int, Qt.SortOrder], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._all: list[R] = []
        self._rows: list[R] = []
        self._sort = sort

    # what the page sets ----------------------------------------------------------------
    def set_rows(self, rows: list[R]) -> None:
        self._all = list(rows)
        self.refilter()

    def keep(self, row: R) -> bool:
        """Whether ``row`` is shown; subclasses filter here, then call ``refilter``."""
        return True

    def refilter(self) -> None:
        self.beginResetModel()
        self._rows = [r for r in self._all if self.keep(r)]
        self._sort_rows()
        self.endResetModel()

    def visible(self) -> list[R]:
        return list(self._rows)

    def all_rows(self) -> list[R]:
        return list(self._all)

    def row_at(self, row: int) -> R:
        return self._rows[row]

    def row_of(self, row_id: int) -> int | None:
        return next((i for i, r in enumerate(self._rows) if r.id == row_id), None)  # type: ignore[attr-defined]

    def _sort_rows(self) -> None:
        column, order = self._sort
        if self.tiebreak is not None:
            self._rows.sort(key=self.columns[self.tiebreak].key)
        self._rows.sort(key=self.columns[column].key, reverse=order == Qt.SortOrder.DescendingOrder)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorts its own rows; what was selected stays selected (persistent indexes move)."""
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        held = [(self._rows[i.row()].id, i.column()) for i in old]  # type: ignore[attr-defined]
        self._sort = (column, order)
        self._sort_rows()
        where = {r.id: n for n, r in enumerate(self._rows)}  # type: ignore[attr-defined]
        self.changePersistentIndexList(old, [self.index(where[i], c) for i, c in held])
        self.layoutChanged.emit()

    # Qt's side -----------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:  # noqa: N802
        if orientation != Qt.Orientation.Horizontal:
            return None
        column = self.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return translate(column.title)
        if role == Qt.ItemDataRole.ToolTipRole and column.tip:
            return translate(column.tip)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.right:
            return RIGHT
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:  # a name stored long ago: without hidden marks
            return shown(column.text(self._rows[index.row()]))
        if role == Qt.ItemDataRole.TextAlignmentRole and column.right:
            return RIGHT
        return self.extra(self._rows[index.row()], index.column(), role)

    def extra(self, row: R, column: int, role: int) -> Any:
        """Colours, fonts and tooltips of a subclass."""
        return None
