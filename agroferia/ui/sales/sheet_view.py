"""The sheet as a keyboard-first table: type over a cell to replace it, Enter goes down the
column, Tab goes across; both skip the cells nobody types in (a vendor's name, the vendor
cells of their second rubro). Space in *Pagado* means the whole fee was paid."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QComboBox,
    QLineEdit,
    QStyledItemDelegate,
    QTableView,
    QWidget,
)

from agroferia.ui.sales.sheet_model import (
    METHOD_COL,
    METHODS,
    PAID_COL,
    SPLIT_CHOICE,
    SheetModel,
    method_label,
)


class SheetDelegate(QStyledItemDelegate):
    """A combo for the payment method; a line edit, all selected, for amounts."""

    def createEditor(self, parent: QWidget, option, index: QModelIndex) -> QWidget:  # noqa: N802
        if index.column() == METHOD_COL:
            combo = QComboBox(parent)
            for method in (*METHODS, SPLIT_CHOICE):
                combo.addItem(method_label(method), method)
            return combo
        editor = super().createEditor(parent, option, index)
        if isinstance(editor, QLineEdit):
            editor.setAlignment(Qt.AlignmentFlag.AlignRight)
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:  # noqa: N802
        if isinstance(editor, QComboBox):
            current = index.data(Qt.ItemDataRole.EditRole) or METHODS[0]
            editor.setCurrentIndex(max(editor.findData(current), 0))
            return
        super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model, index: QModelIndex) -> None:  # noqa: N802
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData())
            return
        super().setModelData(editor, model, index)


class SheetView(QTableView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sheet")
        self.setItemDelegate(SheetDelegate(self))
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSortingEnabled(True)
        self.setWordWrap(False)
        self.setTabKeyNavigation(True)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)

    def sheet_model(self) -> SheetModel:
        return self.model()  # type: ignore[return-value]

    # where the cursor goes ---------------------------------------------------------------
    def _input(self, row: int, column: int) -> bool:
        model = self.sheet_model()
        return model.is_input(model.index(row, column))

    def next_down(self, index: QModelIndex, step: int = 1) -> QModelIndex:
        """The next cell of the column someone types in (the same cell at the end)."""
        row = index.row() + step
        while 0 <= row < self.model().rowCount():
            if self._input(row, index.column()):
                return self.model().index(row, index.column())
            row += step
        return index

    def next_across(self, index: QModelIndex, step: int = 1) -> QModelIndex:
        columns = self.model().columnCount()
        position = index.row() * columns + index.column() + step
        while 0 <= position < self.model().rowCount() * columns:
            row, column = divmod(position, columns)
            if self._input(row, column):
                return self.model().index(row, column)
            position += step
        return index

    def moveCursor(self, action, modifiers) -> QModelIndex:  # noqa: N802 (Qt's name)
        current = self.currentIndex()
        if current.isValid():
            if action == QAbstractItemView.CursorAction.MoveNext:
                return self.next_across(current, 1)
            if action == QAbstractItemView.CursorAction.MovePrevious:
                return self.next_across(current, -1)
        return super().moveCursor(action, modifiers)

    def go_to(self, index: QModelIndex) -> None:
        if index.isValid():
            self.setCurrentIndex(index)
            self.scrollTo(index)

    # Enter goes down ----------------------------------------------------------------------
    def closeEditor(self, editor: QWidget, hint) -> None:  # noqa: N802 (Qt's name)
        if hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache:  # Enter in the editor
            super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
            self.go_to(self.next_down(self.currentIndex()))
            return
        super().closeEditor(editor, hint)

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        key = event.key()
        if self.state() != QAbstractItemView.State.EditingState:
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                step = -1 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else 1
                self.go_to(self.next_down(self.currentIndex(), step))
                return
            if (
                key == Qt.Key.Key_Space
                and self.currentIndex().column() == PAID_COL
                and self.sheet_model().pay_in_full(self.currentIndex())
            ):
                return
            if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.currentIndex().isValid():
                index = self.currentIndex()
                if self.sheet_model().is_input(index) and index.column() != METHOD_COL:
                    self.model().setData(index, "")
                    return
        super().keyPressEvent(event)


class EnterSelectsFirst(QObject):
    """In the vendor search box, Enter jumps to the first match (``go(text)``)."""

    def __init__(self, parent: QObject, go) -> None:
        super().__init__(parent)
        self.go = go

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.KeyPress and event.key() in (
            Qt.Key.Key_Return,
            Qt.Key.Key_Enter,
        ):
            self.go(watched.text())
            return True
        return super().eventFilter(watched, event)
