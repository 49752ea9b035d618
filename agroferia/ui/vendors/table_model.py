"""The registry table: roster rows, filtered by a ``RosterFilter`` and sorted by the model."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QIcon
from PySide6.QtWidgets import QApplication, QStyle

from agroferia.core import labels
from agroferia.core.collation import blank_last, name_key, text_key
from agroferia.core.roster import (
    SGP_EXPIRED,
    SGP_EXPIRING,
    SGP_NONE,
    RosterFilter,
    RosterRow,
    stall_key,
)
from agroferia.i18n import N_, _
from agroferia.ui.tables import Column, RowsModel
from agroferia.ui.widgets import date_text

EXPIRED_BRUSH = QBrush(QColor("#f9d6d5"))
EXPIRING_BRUSH = QBrush(QColor("#fdefc3"))
INACTIVE_BRUSH = QBrush(QColor("#80868b"))
NO_CONSENT_BRUSH = EXPIRING_BRUSH


def _warning_icon() -> QIcon:
    """The mark beside the name of a vendor without consent (the column is far right)."""
    return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)


def _sgp_text(row: RosterRow) -> str:
    if row.sgp == SGP_NONE:
        return ""
    if row.sgp_expires_on is None:
        return _("Sí")
    if row.sgp == SGP_EXPIRED:
        return _("Vencida {date}", date=date_text(row.sgp_expires_on))
    return _("Vence {date}", date=date_text(row.sgp_expires_on))


def _name(row: RosterRow) -> str:
    return row.full_name if row.anonymized else f"{row.surnames}, {row.given_names}"


def _consent(row: RosterRow) -> str:
    if row.anonymized:
        return _("Anonimizado")
    if row.without_consent:
        return "⚠ " + labels.CONSENT[row.consent].render()
    return _("Sí")


def _age(row: RosterRow) -> str:
    if row.age is None:
        return ""
    return _("{age} (joven)", age=row.age) if row.young else str(row.age)


COLUMNS: list[Column[RosterRow]] = [
    Column(N_("Código"), lambda r: r.code, lambda r: r.code),
    Column(N_("Apellidos y nombres"), _name,
           lambda r: name_key(r.full_name, "") if r.anonymized else r.sort_name),
    Column(N_("Documento"), lambda r: "" if r.anonymized else f"{r.doc_type} {r.doc_number}",
           lambda r: r.doc_number),
    Column(N_("Sexo"), lambda r: labels.SEX[r.sex].render(), lambda r: r.sex),
    Column(N_("Edad"), _age, lambda r: -1 if r.age is None else r.age),
    Column(N_("Región"), lambda r: r.region or "", lambda r: blank_last(r.region)),
    Column(N_("Rubro principal"), lambda r: r.main_category,
           lambda r: text_key(r.main_category)),
    Column(N_("Asociación"), lambda r: r.association or "",
           lambda r: blank_last(r.association)),
    Column(N_("Ferias"), lambda r: r.fair or "", lambda r: blank_last(r.fair)),
    Column(N_("Puesto"), lambda r: r.stall or "", lambda r: stall_key(r.stall)),
    Column(N_("SGP"), _sgp_text, lambda r: (r.sgp == SGP_NONE, r.sgp_expires_on or dt.date.max)),
    Column(N_("Estado"), lambda r: labels.VENDOR_STATUS[r.status].render(), lambda r: r.status),
    Column(N_("Consentimiento"), _consent, lambda r: (not r.without_consent, r.consent)),
]  # fmt: skip
NAME_COLUMN, FAIRS_COLUMN, STALL_COLUMN, SGP_COLUMN, STATUS_COLUMN, CONSENT_COLUMN = (
    1,
    8,
    9,
    10,
    11,
    12,
)


class VendorTableModel(RowsModel[RosterRow]):
    columns: ClassVar[list[Column]] = COLUMNS

    def __init__(self, parent=None) -> None:
        super().__init__((NAME_COLUMN, Qt.SortOrder.AscendingOrder), parent)
        self._filter = RosterFilter()

    def set_filter(self, roster_filter: RosterFilter) -> None:
        self._filter = roster_filter
        self.refilter()

    @property
    def filter(self) -> RosterFilter:
        return self._filter

    def refilter(self) -> None:
        """The filter works on the whole list at once (its search words are folded once)."""
        self.beginResetModel()
        self._rows = self._filter.apply(self._all)
        self._sort_rows()
        self.endResetModel()

    def vendor_at(self, row: int) -> RosterRow:
        """The row as shown: with a fair chosen, the stall and the status there."""
        return self.row_at(row)

    def registry_row(self, vendor_id: int) -> RosterRow | None:
        """The vendor as the whole registry has it (its own status, all its stalls)."""
        return next((r for r in self._all if r.id == vendor_id), None)

    def extra(self, row: RosterRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.BackgroundRole and column == SGP_COLUMN:
            return {SGP_EXPIRED: EXPIRED_BRUSH, SGP_EXPIRING: EXPIRING_BRUSH}.get(row.sgp)
        if role == Qt.ItemDataRole.BackgroundRole and column == CONSENT_COLUMN:
            return NO_CONSENT_BRUSH if row.without_consent else None
        if role == Qt.ItemDataRole.DecorationRole and column == NAME_COLUMN:
            return _warning_icon() if row.without_consent else None
        if role == Qt.ItemDataRole.ToolTipRole and column in (NAME_COLUMN, CONSENT_COLUMN):
            if row.without_consent:
                return _("Sus datos se guardan sin su consentimiento registrado (Ley 29733): "
                         "pídaselo y anótelo en su ficha.")  # fmt: skip
            return None
        if role == Qt.ItemDataRole.ToolTipRole and column in (FAIRS_COLUMN, STALL_COLUMN):
            return (row.fair if column == FAIRS_COLUMN else row.stall) or None  # cut when long
        if role == Qt.ItemDataRole.ForegroundRole and row.status != "active":
            return INACTIVE_BRUSH
        if role == Qt.ItemDataRole.ToolTipRole and column == SGP_COLUMN:
            if row.sgp == SGP_EXPIRED:
                return _("La certificación SGP está vencida.")
            if row.sgp == SGP_EXPIRING:
                return _("La certificación SGP vence en menos de 30 días.")
        return None
