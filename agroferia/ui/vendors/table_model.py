"""The registry table: a model that filters and sorts its own list of roster rows (a proxy
model calling back into Python for every comparison is far slower; see STYLE.md)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from agroferia.core import labels
from agroferia.core.roster import (
    SGP_EXPIRED,
    SGP_EXPIRING,
    SGP_NONE,
    RosterFilter,
    RosterRow,
)
from agroferia.i18n import N_, _, translate
from agroferia.ui.widgets import date_text

Index = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2

EXPIRED_BRUSH = QBrush(QColor("#f9d6d5"))
EXPIRING_BRUSH = QBrush(QColor("#fdefc3"))
INACTIVE_BRUSH = QBrush(QColor("#80868b"))


def _sgp_text(row: RosterRow) -> str:
    if row.sgp == SGP_NONE:
        return ""
    if row.sgp_expires_on is None:
        return _("Sí")
    if row.sgp == SGP_EXPIRED:
        return _("Vencida {date}", date=date_text(row.sgp_expires_on))
    return _("Vence {date}", date=date_text(row.sgp_expires_on))


def _name(row: RosterRow) -> str:
    return f"{row.surnames}, {row.given_names}"


def _age(row: RosterRow) -> str:
    if row.age is None:
        return ""
    return _("{age} (joven)", age=row.age) if row.young else str(row.age)


# (title, text shown, sort key)
COLUMNS: list[tuple[str, Callable[[RosterRow], str], Callable[[RosterRow], Any]]] = [
    (N_("Código"), lambda r: r.code, lambda r: r.code),
    (N_("Apellidos y nombres"), _name, lambda r: r.sort_name),
    (N_("Documento"), lambda r: f"{r.doc_type} {r.doc_number}", lambda r: r.doc_number),
    (N_("Sexo"), lambda r: labels.SEX[r.sex].render(), lambda r: r.sex),
    (N_("Edad"), _age, lambda r: -1 if r.age is None else r.age),
    (N_("Región"), lambda r: r.region or "", lambda r: (r.region or "~").casefold()),
    (N_("Rubro principal"), lambda r: r.main_category, lambda r: r.main_category.casefold()),
    (N_("Asociación"), lambda r: r.association or "", lambda r: (r.association or "~").casefold()),
    (N_("Puesto"), lambda r: r.stall or "", lambda r: _stall_key(r.stall)),
    (N_("SGP"), _sgp_text, lambda r: (r.sgp == SGP_NONE, r.sgp_expires_on or dt.date.max)),
    (N_("Estado"), lambda r: labels.VENDOR_STATUS[r.status].render(), lambda r: r.status),
]
NAME_COLUMN, SGP_COLUMN, STATUS_COLUMN = 1, 9, 10


def _stall_key(stall: str | None) -> tuple:
    """A-2 before A-10: letters compared as text, numbers as numbers; no stall last."""
    if not stall:
        return (1, ())
    parts = re.split(r"(\d+)", stall.casefold())
    return (0, tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts if p))


class VendorTableModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._all: list[RosterRow] = []
        self._rows: list[RosterRow] = []
        self._filter = RosterFilter()
        self._sort: tuple[int, Qt.SortOrder] = (NAME_COLUMN, Qt.SortOrder.AscendingOrder)

    # what the page sets ----------------------------------------------------------------
    def set_rows(self, rows: list[RosterRow]) -> None:
        self._all = list(rows)
        self._refilter()

    def set_filter(self, roster_filter: RosterFilter) -> None:
        self._filter = roster_filter
        self._refilter()

    @property
    def filter(self) -> RosterFilter:
        return self._filter

    def visible(self) -> list[RosterRow]:
        return list(self._rows)

    def all_rows(self) -> list[RosterRow]:
        return list(self._all)

    def row_of(self, vendor_id: int) -> int | None:
        return next((i for i, r in enumerate(self._rows) if r.id == vendor_id), None)

    def vendor_at(self, row: int) -> RosterRow:
        return self._rows[row]

    def _refilter(self) -> None:
        self.beginResetModel()
        self._rows = self._filter.apply(self._all)
        self._sort_rows()
        self.endResetModel()

    def _sort_rows(self) -> None:
        column, order = self._sort
        key = COLUMNS[column][2]
        self._rows.sort(key=key, reverse=order == Qt.SortOrder.DescendingOrder)

    # Qt's side -----------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return translate(COLUMNS[section][0])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[column][1](row)
        if role == SORT_ROLE:
            return COLUMNS[column][2](row)
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.BackgroundRole and column == SGP_COLUMN:
            return {SGP_EXPIRED: EXPIRED_BRUSH, SGP_EXPIRING: EXPIRING_BRUSH}.get(row.sgp)
        if role == Qt.ItemDataRole.ForegroundRole and row.status != "active":
            return INACTIVE_BRUSH
        if (
            role == Qt.ItemDataRole.ToolTipRole
            and column == SGP_COLUMN
            and row.sgp
            in (
                SGP_EXPIRED,
                SGP_EXPIRING,
            )
        ):
            return (
                _("La certificación SGP está vencida.")
                if row.sgp == SGP_EXPIRED
                else _("La certificación SGP vence en menos de 30 días.")
            )
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorts its own rows (one reset; the page keeps the selected vendor selected)."""
        self.beginResetModel()
        self._sort = (column, order)
        self._sort_rows()
        self.endResetModel()
