"""The two tables of the Jornadas page: the fairs, and the days of the selected fair."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from sqlalchemy.orm import Session

from agroferia.core import fairs, labels
from agroferia.core.collation import blank_last, text_key
from agroferia.core.fairs import DaySummary
from agroferia.core.money import format_money
from agroferia.i18n import N_, _
from agroferia.ui.tables import Column, RowsModel
from agroferia.ui.widgets import date_text

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


FAIR_COLUMNS: list[Column] = [
    Column(N_("Nombre"), lambda r: r.name, lambda r: text_key(r.name)),
    Column(N_("Distrito"), lambda r: r.district or "", lambda r: blank_last(r.district)),
    Column(N_("Municipalidad"), lambda r: r.municipality or "",
           lambda r: blank_last(r.municipality)),
    Column(N_("Día habitual"), lambda r: weekday_name(r.weekday),
           lambda r: 7 if r.weekday is None else r.weekday),
    Column(N_("Estado"), fair_state, lambda r: (not r.in_use, not r.active)),
]  # fmt: skip

DAY_COLUMNS: list[Column] = [
    Column(N_("Fecha"), day_date, lambda r: r.date),
    Column(N_("Expositores presentes"), lambda r: _count(r.present), lambda r: r.present,
           right=True),
    Column(N_("Ventas"), lambda r: format_money(r.sales_cents, cents=True),
           lambda r: r.sales_cents, right=True),
    Column(N_("Visitantes (estimado)"), lambda r: _count(r.visitors),
           lambda r: -1 if r.visitors is None else r.visitors, right=True),
    Column(N_("Notas"), lambda r: r.notes or "", lambda r: (r.notes or "~").casefold()),
    Column(N_("Estado"), lambda r: _("Cerrada") if r.closed else _("Abierta"),
           lambda r: r.closed),
]  # fmt: skip
DATE_COLUMN, NOTES_COLUMN = 0, 4


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
