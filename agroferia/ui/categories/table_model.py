"""The rubros table: a thin model over ``category_stats.CategoryRow`` that sorts its own
list and can leave out the deactivated rubros."""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from agroferia.core.category_stats import CategoryRow
from agroferia.core.ubigeo import fold
from agroferia.i18n import N_, _
from agroferia.ui.tables import Column, RowsModel

INACTIVE_BRUSH = QBrush(QColor("#80868b"))


def _status(row: CategoryRow) -> str:
    return _("Activo") if row.active else _("Desactivado")


COLUMNS: list[Column[CategoryRow]] = [
    Column(N_("Rubro"), lambda r: r.name, lambda r: fold(r.name)),
    Column(N_("Descripción"), lambda r: r.description or "",
           lambda r: (not r.description, fold(r.description or ""))),
    Column(N_("Expositores activos"), lambda r: str(r.main_vendors), lambda r: r.main_vendors,
           right=True, tip=N_("Expositores activos cuyo rubro principal es este")),
    Column(N_("También lo venden"), lambda r: str(r.other_vendors), lambda r: r.other_vendors,
           right=True, tip=N_("Expositores activos que lo venden además de su rubro principal")),
    Column(N_("Estado"), _status, lambda r: not r.active),
]  # fmt: skip
NAME_COLUMN, DESCRIPTION_COLUMN, MAIN_COLUMN, OTHER_COLUMN, STATUS_COLUMN = range(5)


class CategoryTableModel(RowsModel[CategoryRow]):
    columns: ClassVar[list[Column]] = COLUMNS
    tiebreak = NAME_COLUMN  # equal counts or states keep alphabetical order

    def __init__(self, parent=None) -> None:
        super().__init__((NAME_COLUMN, Qt.SortOrder.AscendingOrder), parent)
        self._show_inactive = True

    def set_show_inactive(self, show: bool) -> None:
        self._show_inactive = show
        self.refilter()

    def keep(self, row: CategoryRow) -> bool:
        return self._show_inactive or row.active

    def category_at(self, row: int) -> CategoryRow:
        return self.row_at(row)

    def extra(self, row: CategoryRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and not row.active:
            return INACTIVE_BRUSH
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == DESCRIPTION_COLUMN and row.description:
                return row.description
            if not row.active:
                return _("Desactivado: no se puede elegir para nuevos expositores ni ventas.")
        return None
