"""The table model over a ``core.day_sheet.DaySheet``: one row per vendor and rubro. The
vendor's own cells (stall, name, present, payment method, fee) are on their first row;
every cell the person can type in is checked at once and marked when wrong, and a day far
above the vendor's usual one is marked too.  What needs a question (which payment method a
change of a mixed line belongs to, one method for a vendor paid several ways, a split) is
signalled for the panel to ask, after the editor has closed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from agroferia.core import labels
from agroferia.core.collation import text_key
from agroferia.core.day_sheet import (
    AMOUNT,
    DUE,
    METHOD,
    METHODS,
    PAID,
    PRESENT,
    DaySheet,
    MixedMethods,
    VendorDay,
    split_text,
)
from agroferia.core.errors import AgroferiaError
from agroferia.core.money import format_money
from agroferia.i18n import N_, _, translate
from agroferia.ui.tables import RIGHT

Index = QModelIndex | QPersistentModelIndex

STALL, NAME, CATEGORY, PRESENT_COL, SALES_COL, METHOD_COL, DUE_COL, PAID_COL = range(8)
TITLES = (N_("Puesto"), N_("Expositor"), N_("Rubro"), N_("Presente"), N_("Ventas"),
          N_("Medio de pago"), N_("Cuota"), N_("Pagado"))  # fmt: skip
INPUT_COLUMNS = (PRESENT_COL, SALES_COL, METHOD_COL, DUE_COL, PAID_COL)
VENDOR_COLUMNS = (STALL, NAME, PRESENT_COL, METHOD_COL, DUE_COL, PAID_COL)  # first row only
FIELD = {SALES_COL: AMOUNT, DUE_COL: DUE, PAID_COL: PAID}  # the money cells
EDITED = {**FIELD, PRESENT_COL: PRESENT, METHOD_COL: METHOD}  # what each input cell edits
SPLIT_CHOICE = "split"  # the payment method list's last entry: several methods
WIDEST_AMOUNT = "S/ 99,999.99"  # money columns are at least this wide

WRONG = QBrush(QColor("#f9d6d5"))
UNUSUAL = QBrush(QColor("#ffb26b"))
TYPED = QBrush(QColor("#fff4c2"))
NOT_HERE = QBrush(QColor("#f1f3f4"))
MUTED = QBrush(QColor("#80868b"))


@dataclass(frozen=True)
class SheetRow:
    vendor: VendorDay
    line: int  # which of the vendor's rubros

    @property
    def first(self) -> bool:
        return self.line == 0

    @property
    def category_id(self) -> int:
        return self.vendor.lines[self.line].category_id


def _money(cents: int | None) -> str:
    return format_money(cents, cents=True) if cents else ""


def _edit_text(cents: int | None) -> str:
    return f"{cents // 100}.{cents % 100:02d}" if cents else ""


def method_label(method: str | None) -> str:
    if method == SPLIT_CHOICE:
        return _("Varios (repartir…)")
    return labels.PAYMENT_METHOD[method].render() if method else _("Varios")


class SheetModel(QAbstractTableModel):
    typed = Signal()  # a cell changed: totals and messages follow
    refused = Signal(str)  # a change that could not be made, and why
    method_asked = Signal(object, str)  # MixedMethods, the text typed: which method?
    one_method_asked = Signal(int, str)  # vendor id, method: all of a mixed day in one?
    split_asked = Signal(int, int)  # vendor id, rubro id of the row: open the split

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.sheet: DaySheet | None = None
        self.rows: list[SheetRow] = []
        self._first_row: dict[int, int] = {}  # vendor id -> their first row
        self.order = (STALL, Qt.SortOrder.AscendingOrder)
        self.writable = True  # False: the account may not register sales (read only)

    # loading and order ------------------------------------------------------------------
    def load(self, sheet: DaySheet | None) -> None:
        self.beginResetModel()
        self.sheet = sheet
        self._lay_out()
        self.endResetModel()
        self.typed.emit()

    def _lay_out(self) -> None:
        vendors = list(self.sheet.vendors) if self.sheet else []
        column, order = self.order
        keys = {
            NAME: lambda v: v.sort_name,
            SALES_COL: lambda v: self.sheet.vendor_sales(v.vendor_id),
            PRESENT_COL: lambda v: self.sheet.present(v.vendor_id),
            CATEGORY: lambda v: text_key(v.lines[0].category),
        }
        key = keys.get(column, lambda v: (v.stall_key, v.sort_name))
        vendors.sort(key=key, reverse=order == Qt.SortOrder.DescendingOrder)
        self.rows = [SheetRow(v, n) for v in vendors for n in range(len(v.lines))]
        self._first_row = {}  # vendor id -> their first row
        for number, row in enumerate(self.rows):
            self._first_row.setdefault(row.vendor.vendor_id, number)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        self.order = (column, order)
        self._lay_out()
        self.layoutChanged.emit()

    def row_of(self, vendor_id: int, category_id: int | None = None) -> int | None:
        first = self._first_row.get(vendor_id)
        if first is None or category_id is None:
            return first
        lines = [line.category_id for line in self.rows[first].vendor.lines]
        return first + lines.index(category_id) if category_id in lines else None

    # the model --------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(TITLES)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:  # noqa: N802
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return translate(TITLES[section])
        if role == Qt.ItemDataRole.TextAlignmentRole and section in (SALES_COL, DUE_COL, PAID_COL):
            return RIGHT
        return None

    def applies(self, index: Index) -> bool:
        """Whether the cell means something on this row (vendor cells: first row only)."""
        return self.rows[index.row()].first or index.column() not in VENDOR_COLUMNS

    def is_input(self, index: Index) -> bool:
        """A cell the person types in (or ticks) on an open day."""
        return (
            self.sheet is not None
            and self.writable
            and not self.sheet.day.locked
            and index.column() in INPUT_COLUMNS
            and self.applies(index)
        )

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid() or not self.applies(index):
            return Qt.ItemFlag.NoItemFlags  # Tab and Enter pass over it
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.is_input(index):
            if index.column() == PRESENT_COL:
                flags |= Qt.ItemFlag.ItemIsUserCheckable
            else:
                flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def error(self, index: Index) -> str | None:
        row = self.rows[index.row()]
        what = FIELD.get(index.column())
        if self.sheet is None or what is None or not self.applies(index):
            return None
        category = row.category_id if what == AMOUNT else None
        return self.sheet.error(row.vendor.vendor_id, what, category)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.sheet is None:
            return None
        row, column = self.rows[index.row()], index.column()
        vid, sheet = row.vendor.vendor_id, self.sheet
        applies = self.applies(index)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if not applies:
                return ""
            edit = role == Qt.ItemDataRole.EditRole
            what = FIELD.get(column)
            typed = (
                sheet.typed(vid, what, row.category_id if what == AMOUNT else None)
                if what
                else None
            )
            if typed is not None and (typed.error or edit):
                return typed.text
            if column == STALL:
                return row.vendor.stall or ""
            if column == NAME:
                return row.vendor.full_name
            if column == CATEGORY:
                return row.vendor.lines[row.line].category
            if column == SALES_COL:
                cents = sheet.amount(vid, row.category_id)
                return _edit_text(cents) if edit else _money(cents)
            if column == METHOD_COL:
                if edit:
                    return sheet.method(vid) or (SPLIT_CHOICE if sheet.mixed(vid) else "")
                return method_label(sheet.method(vid)) if sheet.vendor_sales(vid) else ""
            if column == DUE_COL:
                due = sheet.due(vid)
                return _edit_text(due) if edit else _money(due)
            if column == PAID_COL:
                return _edit_text(sheet.paid(vid)) if edit else _money(sheet.paid(vid))
            return None
        if role == Qt.ItemDataRole.CheckStateRole and column == PRESENT_COL and applies:
            return Qt.CheckState.Checked if sheet.present(vid) else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (SALES_COL, DUE_COL, PAID_COL):
            return RIGHT
        if role == Qt.ItemDataRole.BackgroundRole:
            if not applies:
                return NOT_HERE
            if self.error(index):
                return WRONG
            if column == SALES_COL and sheet.unusual(vid) is not None:
                return UNUSUAL
            if self._typed_here(row, column):
                return TYPED
            return None
        if role == Qt.ItemDataRole.ForegroundRole and column in (STALL, NAME, CATEGORY):
            return None if sheet.present(vid) else MUTED
        if role == Qt.ItemDataRole.FontRole and column == NAME and row.first:
            font = QFont()
            font.setBold(sheet.present(vid))
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.error(index) or self._tip(row, column)
        return None

    def _tip(self, row: SheetRow, column: int) -> str | None:
        vid = row.vendor.vendor_id
        if column == NAME:
            return self._who(row.vendor)
        if column == CATEGORY:  # the column may be narrower than a long rubro
            return row.vendor.lines[row.line].category
        if column == METHOD_COL and self.sheet.vendor_sales(vid):
            return split_text(self.sheet.vendor_split(vid))
        if column == SALES_COL:
            unusual = self.sheet.unusual(vid)
            if unusual is not None:
                return _("{message}. Se pedirá confirmarlo al guardar.",
                         message=unusual.message())  # fmt: skip
            split = self.sheet.split(vid, row.category_id)
            return split_text(split) if len(split) > 1 else None
        return None

    def _typed_here(self, row: SheetRow, column: int) -> bool:
        what = EDITED.get(column)
        category = row.category_id if what == AMOUNT else None
        vid = row.vendor.vendor_id
        if what == METHOD:
            return (vid, METHOD, None) in self.sheet.edits or (
                self.sheet.typed_sales(vid) and self.sheet.method(vid) != row.vendor.method
            )
        if what == AMOUNT:  # changed, not merely typed again
            return self.sheet.split(vid, category) != self.sheet.saved_split(vid, category)
        return what is not None and (vid, what, category) in self.sheet.edits

    def _who(self, vendor: VendorDay) -> str:
        sex = labels.SEX[vendor.sex].render()
        young = _(" · joven") if vendor.young else ""
        return f"{vendor.code} · {sex}{young}"

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid() or not self.is_input(index) or self.sheet is None:
            return False
        row, column = self.rows[index.row()], index.column()
        vid = row.vendor.vendor_id
        try:
            if column == PRESENT_COL and role == Qt.ItemDataRole.CheckStateRole:
                checked = Qt.CheckState(value) == Qt.CheckState.Checked
                refused = self.sheet.set_present(vid, checked)
                if refused:
                    self.refused.emit(refused)
                    return False
            elif role != Qt.ItemDataRole.EditRole:
                return False
            elif column == SALES_COL:
                if str(value) == self.data(index, Qt.ItemDataRole.EditRole):
                    return True  # unchanged: nothing to mark
                try:
                    self.sheet.set_amount(vid, row.category_id, str(value))
                except MixedMethods as question:
                    self.method_asked.emit(question, str(value))
                    return False
            elif column == METHOD_COL:
                if value == SPLIT_CHOICE:
                    self.split_asked.emit(vid, row.category_id)
                    return False
                if value not in METHODS or value == self.sheet.method(vid):
                    return False
                if self.sheet.mixed(vid):
                    self.one_method_asked.emit(vid, str(value))
                    return False
                self.sheet.set_method(vid, str(value))
            elif column in (DUE_COL, PAID_COL):
                if str(value) == self.data(index, Qt.ItemDataRole.EditRole):
                    return True
                setter = self.sheet.set_due if column == DUE_COL else self.sheet.set_paid
                setter(vid, str(value))
        except AgroferiaError as refused:
            self.refused.emit(str(refused))
            return False
        self.vendor_changed(vid)
        return True

    def pay_in_full(self, index: Index) -> bool:
        """Pagado: the whole fee due (Space)."""
        if not index.isValid() or not self.is_input(index) or index.column() != PAID_COL:
            return False
        vid = self.rows[index.row()].vendor.vendor_id
        self.sheet.pay_in_full(vid)
        self.vendor_changed(vid)
        return True

    def vendor_changed(self, vendor_id: int) -> None:
        """Every row of the vendor repaints: one cell can tick present and offer the fee."""
        first = self._first_row.get(vendor_id)
        if first is not None:
            last = first + len(self.rows[first].vendor.lines) - 1
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(TITLES) - 1))
        self.typed.emit()

    def discard(self) -> None:
        if self.sheet is not None:
            self.sheet.discard()
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, len(TITLES) - 1))
            self.typed.emit()
