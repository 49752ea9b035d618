"""The two tables of the Jornadas page: the fairs, and the days of the selected fair.  Each
model sorts its own list (one reset) instead of going through a proxy model (STYLE.md)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont
from sqlalchemy.orm import Session

from agroferia.core import fairs, labels
from agroferia.core.fairs import DaySummary
from agroferia.core.money import format_money
from agroferia.i18n import N_, _, translate
from agroferia.ui.widgets import align_right_center, date_text

Index = QModelIndex | QPersistentModelIndex
R = TypeVar("R")
MUTED_BRUSH = QBrush(QColor("#80868b"))


@dataclass(frozen=True)
class FairRow:
    id: int
    name: str
    district: str | None
    municipality: str | None
    weekday: int | None
    active: bool
    in_use: bool  # the active fair: the one new records belong to


def load_fairs(session: Session) -> list[FairRow]:
    """Every fair, deactivated ones too, and which one is the active fair."""
    chosen = fairs.default_fair(session)
    return [
        FairRow(f.id, f.name, f.district, f.municipality, f.weekday, f.active,
                chosen is not None and chosen.id == f.id)
        for f in fairs.list_fairs(session, include_inactive=True)
    ]  # fmt: skip


def weekday_name(weekday: int | None) -> str:
    return labels.WEEKDAYS[weekday].render() if weekday is not None else ""


def fair_state(row: FairRow) -> str:
    if not row.active:
        return _("Desactivada")
    return _("En uso (feria activa)") if row.in_use else _("Activa")


def day_date(row: DaySummary) -> str:
    return f"{date_text(row.date)} · {weekday_name(row.date.weekday())}"


def _count(value: int | None) -> str:
    return "" if value is None else f"{value:,}"


Column = tuple[str, Callable[[Any], str], Callable[[Any], Any], bool]  # title, text, key, right

FAIR_COLUMNS: list[Column] = [
    (N_("Nombre"), lambda r: r.name, lambda r: r.name.casefold(), False),
    (N_("Distrito"), lambda r: r.district or "", lambda r: (r.district or "~").casefold(), False),
    (N_("Municipalidad"), lambda r: r.municipality or "",
     lambda r: (r.municipality or "~").casefold(), False),
    (N_("Día habitual"), lambda r: weekday_name(r.weekday),
     lambda r: 7 if r.weekday is None else r.weekday, False),
    (N_("Estado"), fair_state, lambda r: (not r.in_use, not r.active), False),
]  # fmt: skip

DAY_COLUMNS: list[Column] = [
    (N_("Fecha"), day_date, lambda r: r.date, False),
    (N_("Expositores presentes"), lambda r: _count(r.present), lambda r: r.present, True),
    (N_("Ventas"), lambda r: format_money(r.sales_cents, cents=True), lambda r: r.sales_cents,
     True),
    (N_("Visitantes (estimado)"), lambda r: _count(r.visitors),
     lambda r: -1 if r.visitors is None else r.visitors, True),
    (N_("Notas"), lambda r: r.notes or "", lambda r: (r.notes or "~").casefold(), False),
    (N_("Estado"), lambda r: _("Cerrada") if r.closed else _("Abierta"), lambda r: r.closed,
     False),
]  # fmt: skip
DATE_COLUMN, NOTES_COLUMN = 0, 4


class RowsModel(QAbstractTableModel, Generic[R]):
    """Rows with an ``id``, shown by ``columns``; the texts are worked out once per load."""

    columns: ClassVar[list[Column]] = []

    def __init__(self, sort: tuple[int, Qt.SortOrder], parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[R] = []
        self._texts: list[list[str]] = []
        self._sort = sort

    def set_rows(self, rows: list[R]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._sort_rows()
        self.endResetModel()

    def rows(self) -> list[R]:
        return list(self._rows)

    def row_at(self, row: int) -> R:
        return self._rows[row]

    def row_of(self, row_id: int) -> int | None:
        return next((i for i, r in enumerate(self._rows) if r.id == row_id), None)  # type: ignore[attr-defined]

    def _sort_rows(self) -> None:
        column, order = self._sort
        key = self.columns[column][2]
        self._rows.sort(key=key, reverse=order == Qt.SortOrder.DescendingOrder)
        self._texts = [[c[1](r) for c in self.columns] for r in self._rows]

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

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal:
            if role == Qt.ItemDataRole.DisplayRole:
                return translate(self.columns[section][0])
            if role == Qt.ItemDataRole.TextAlignmentRole and self.columns[section][3]:
                return align_right_center()
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._texts[index.row()][index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and self.columns[index.column()][3]:
            return align_right_center()
        return self.extra(self._rows[index.row()], index.column(), role)

    def extra(self, row: R, column: int, role: int) -> Any:
        """Colours, fonts and tooltips of a subclass."""
        return None


class FairTableModel(RowsModel[FairRow]):
    columns: ClassVar[list[Column]] = FAIR_COLUMNS

    def __init__(self, parent: Any = None) -> None:
        super().__init__((0, Qt.SortOrder.AscendingOrder), parent)

    def extra(self, row: FairRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and not row.active:
            return MUTED_BRUSH
        if role == Qt.ItemDataRole.FontRole and row.in_use:
            font = QFont()
            font.setBold(True)
            return font
        return None


class DayTableModel(RowsModel[DaySummary]):
    columns: ClassVar[list[Column]] = DAY_COLUMNS

    def __init__(self, parent: Any = None) -> None:
        super().__init__((DATE_COLUMN, Qt.SortOrder.DescendingOrder), parent)

    def extra(self, row: DaySummary, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and row.closed:
            return MUTED_BRUSH
        if role == Qt.ItemDataRole.ToolTipRole:
            if row.closed:
                return _("Jornada cerrada: sus datos ya no se pueden modificar.")
            if column == NOTES_COLUMN and row.notes:
                return row.notes
        return None

    def total_sales(self) -> int:
        return sum(r.sales_cents for r in self._rows)
