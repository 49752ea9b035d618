"""The rows of the Registro de cambios: a page of entries read when the table asks for
more (``canFetchMore``/``fetchMore``), so that a long trail opens at once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from agroferia.core.audit_view import ACTION_LABELS, ENTITY_LABELS, Entry
from agroferia.core.audit_view.describe import label
from agroferia.i18n import N_, translate
from agroferia.reports.common import local_time

Index = QModelIndex | QPersistentModelIndex
Fetch = Callable[[tuple | None], list[Entry]]  # the page after a position (None: the first)

COLUMNS = (
    N_("Fecha y hora"),
    N_("Persona"),
    N_("Acción"),
    N_("Entidad"),
    N_("Código"),
    N_("Resumen"),
    N_("Motivo"),
)
SUMMARY = 5


def _cells(entry: Entry) -> tuple[str, ...]:
    return (
        local_time(entry.at).strftime("%d/%m/%Y %H:%M:%S"),
        entry.who,
        label(ACTION_LABELS, entry.action),
        label(ENTITY_LABELS, entry.entity),
        entry.code,
        entry.summary,
        " ".join((entry.reason or "").split()),
    )


class AuditModel(QAbstractTableModel):
    def __init__(self, page_size: int) -> None:
        super().__init__()
        self.page_size = page_size
        self._fetch: Fetch | None = None
        self._rows: list[tuple[Entry, tuple[str, ...]]] = []
        self._done = True

    def restart(self, fetch: Fetch) -> None:
        """Shows the first page that ``fetch`` gives; more when the table scrolls down."""
        self.beginResetModel()
        self._fetch = fetch
        self._rows = []
        self._done = False
        self.endResetModel()
        self.fetchMore(QModelIndex())

    def entry(self, row: int) -> Entry:
        return self._rows[row][0]

    # Qt's side -----------------------------------------------------------------------
    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008, N802
        return not parent.isValid() and not self._done

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008, N802
        if parent.isValid() or self._done or self._fetch is None:
            return
        after = self._rows[-1][0].position if self._rows else None
        entries = self._fetch(after)
        self._done = len(entries) < self.page_size
        if entries:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(entries) - 1)
            self._rows += [(e, _cells(e)) for e in entries]
            self.endInsertRows()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return translate(COLUMNS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        cells = self._rows[index.row()][1]
        if role == Qt.ItemDataRole.DisplayRole:
            return cells[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() in (SUMMARY, SUMMARY + 1):
            return cells[index.column()] or None
        return None
