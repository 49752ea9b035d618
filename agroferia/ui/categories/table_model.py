"""The rubros table: a thin model over ``category_stats.CategoryRow`` that sorts its own
list and can leave out the deactivated rubros."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from agroferia.core.category_stats import CategoryRow
from agroferia.core.ubigeo import fold
from agroferia.i18n import N_, _, translate
from agroferia.ui.widgets import align_right_center

Index = QModelIndex | QPersistentModelIndex
INACTIVE_BRUSH = QBrush(QColor("#80868b"))


def _status(row: CategoryRow) -> str:
    return _("Activo") if row.active else _("Desactivado")


# (title, tooltip of the title, text shown, sort key)
COLUMNS: list[tuple[str, str, Callable[[CategoryRow], str], Callable[[CategoryRow], Any]]] = [
    (N_("Rubro"), "", lambda r: r.name, lambda r: fold(r.name)),
    (N_("Descripción"), "", lambda r: r.description or "",
     lambda r: (not r.description, fold(r.description or ""))),
    (N_("Expositores activos"), N_("Expositores activos cuyo rubro principal es este"),
     lambda r: str(r.main_vendors), lambda r: r.main_vendors),
    (N_("También lo venden"), N_("Expositores activos que lo venden además de su rubro principal"),
     lambda r: str(r.other_vendors), lambda r: r.other_vendors),
    (N_("Estado"), "", _status, lambda r: not r.active),
]  # fmt: skip
NAME_COLUMN, DESCRIPTION_COLUMN, MAIN_COLUMN, OTHER_COLUMN, STATUS_COLUMN = range(5)
NUMBER_COLUMNS = (MAIN_COLUMN, OTHER_COLUMN)


class CategoryTableModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._all: list[CategoryRow] = []
        self._rows: list[CategoryRow] = []
        self._show_inactive = True
        self._sort: tuple[int, Qt.SortOrder] = (NAME_COLUMN, Qt.SortOrder.AscendingOrder)

    # what the page sets ----------------------------------------------------------------
    def set_rows(self, rows: list[CategoryRow]) -> None:
        self._all = list(rows)
        self._refilter()

    def set_show_inactive(self, show: bool) -> None:
        self._show_inactive = show
        self._refilter()

    def category_at(self, row: int) -> CategoryRow:
        return self._rows[row]

    def row_of(self, category_id: int) -> int | None:
        return next((i for i, r in enumerate(self._rows) if r.id == category_id), None)

    def visible(self) -> list[CategoryRow]:
        return list(self._rows)

    def all_rows(self) -> list[CategoryRow]:
        return list(self._all)

    def _refilter(self) -> None:
        self.beginResetModel()
        self._rows = [r for r in self._all if self._show_inactive or r.active]
        self._sort_rows()
        self.endResetModel()

    def _sort_rows(self) -> None:
        column, order = self._sort
        # by name first, so that equal counts or states keep alphabetical order
        self._rows.sort(key=COLUMNS[NAME_COLUMN][3])
        self._rows.sort(key=COLUMNS[column][3], reverse=order == Qt.SortOrder.DescendingOrder)

    # Qt's side -----------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:  # noqa: N802
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return translate(COLUMNS[section][0])
        if role == Qt.ItemDataRole.ToolTipRole and COLUMNS[section][1]:
            return translate(COLUMNS[section][1])
        if role == Qt.ItemDataRole.TextAlignmentRole and section in NUMBER_COLUMNS:
            return align_right_center()
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[column][2](row)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in NUMBER_COLUMNS:
            return align_right_center()
        if role == Qt.ItemDataRole.ForegroundRole and not row.active:
            return INACTIVE_BRUSH
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == DESCRIPTION_COLUMN and row.description:
                return row.description
            if not row.active:
                return _("Desactivado: no se puede elegir para nuevos expositores ni ventas.")
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorts its own rows (one reset; the page keeps the selected rubro selected)."""
        self.beginResetModel()
        self._sort = (column, order)
        self._sort_rows()
        self.endResetModel()
