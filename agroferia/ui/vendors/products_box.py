"""The vendor form's *Productos*: what the vendor offers, chosen from the catalogue or typed
as a new name.  A short list of the chosen ones (native varieties and names the catalogue
lacks marked), and a field that completes over the catalogue ignoring case and accents, the
products of the vendor's rubros first; Enter or *Añadir* adds, *Quitar* or Supr removes."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from agroferia.core.accounts import Right
from agroferia.core.collation import text_key
from agroferia.core.products import catalogue
from agroferia.i18n import _
from agroferia.ui.context import AppContext
from agroferia.ui.permissions import allow

LIST_ROWS = 5  # rows the list shows before it scrolls
MATCHES = 12  # completions offered at once


@dataclass(frozen=True)
class Choice:
    """A product of the catalogue as the box offers it.  A merged one (``to`` the id of the
    product it now is) is not offered, but its name, typed, finds that product."""

    id: int
    name: str
    category_id: int
    native: bool
    to: int | None = None


def load(session: Session) -> list[Choice]:
    """The whole catalogue, merged products included (pointing at what they became)."""
    return [
        Choice(
            p.id,
            p.name,
            p.category_id,
            p.native,
            catalogue.surviving(session, p).id if p.merged_into_id is not None else None,
        )
        for p in catalogue.products(session, include_merged=True)
    ]


class _EnterAdds(QObject):
    """Enter in the field adds what it holds instead of saving the form (an empty field lets
    Enter through, to the form's default button)."""

    def __init__(self, box: ProductsBox) -> None:
        super().__init__(box)
        self.box = box

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if (
            event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and self.box.field.currentText().strip()
            and not self.box.completer.popup().isVisible()
        ):
            self.box.add()
            return True
        return False


class _DeleteRemoves(QObject):
    def __init__(self, box: ProductsBox) -> None:
        super().__init__(box)
        self.box = box

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.KeyPress and event.key() in (
            Qt.Key.Key_Delete,
            Qt.Key.Key_Backspace,
        ):
            self.box.remove()
            return True
        return False


class ProductsBox(QWidget):
    edited = Signal()  # the person added or removed a product

    def __init__(self, choices: list[Choice], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("products")
        self.choices = choices
        self.by_id = {c.id: c for c in choices}
        self.by_key = {catalogue.key(c.name): c for c in choices}
        self.categories: set[int] = set()

        self.field = QComboBox()
        self.field.setObjectName("product_field")
        self.field.setEditable(True)
        self.field.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.field.lineEdit().setPlaceholderText(_("Escriba un producto o elíjalo de la lista"))
        self.field.setMaxVisibleItems(MATCHES)
        self.completions = QStringListModel(self)
        self.completer = QCompleter(self.completions, self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setMaxVisibleItems(MATCHES)
        self.field.setCompleter(self.completer)
        self.field.lineEdit().textEdited.connect(self._complete)
        self.field.lineEdit().installEventFilter(_EnterAdds(self))
        self.add_button = QPushButton(_("&Añadir"))
        self.add_button.setAutoDefault(False)
        self.add_button.setToolTip(_("Añade el producto escrito (también con Enter)"))
        self.add_button.clicked.connect(self.add)

        self.list = QListWidget()
        self.list.setObjectName("product_list")
        self.list.installEventFilter(_DeleteRemoves(self))
        row = max(self.list.sizeHintForRow(0), self.fontMetrics().height() + 4)
        self.list.setFixedHeight(LIST_ROWS * row + 2 * self.list.frameWidth() + 4)
        self.remove_button = QPushButton(_("&Quitar"))
        self.remove_button.setAutoDefault(False)
        self.remove_button.setToolTip(_("Quita el producto elegido de la lista (también Supr)"))
        self.remove_button.clicked.connect(self.remove)
        self.list.currentRowChanged.connect(lambda _row: self._update_buttons())

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.field, 1)
        top.addWidget(self.add_button)
        bottom = QHBoxLayout()
        bottom.setContentsMargins(0, 0, 0, 0)
        bottom.addWidget(self.list, 1)
        side = QVBoxLayout()
        side.addWidget(self.remove_button)
        side.addStretch(1)
        bottom.addLayout(side)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        column.addLayout(top)
        column.addLayout(bottom)
        self.setFocusProxy(self.field)
        self._fill_field()
        self._update_buttons()

    def tab_after(self, widget: QWidget) -> None:
        """Tab goes from ``widget`` to the field, «Añadir», the list and «Quitar»."""
        chain = [widget, self.field, self.add_button, self.list, self.remove_button]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    # what the form reads and sets ------------------------------------------------------
    def values(self) -> list[int | str]:
        """Product ids and new names, in the order shown (as ``vendors.validate`` takes)."""
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())]

    def set_values(self, values: list[int | str]) -> None:
        self.list.clear()
        for value in values:
            self._put(value)
        self.list.setCurrentRow(-1)
        self._update_buttons()

    def set_categories(self, ids: list[int | None]) -> None:
        """The vendor's rubros: their products come first in the list and the completions."""
        self.categories = {i for i in ids if i is not None}
        self._fill_field()

    read_only = False

    def set_read_only(self) -> None:
        """Shown, not changed (an anonymized vendor)."""
        for widget in (self.field, self.add_button, self.remove_button):
            widget.setEnabled(False)
        self.read_only = True

    def allow(self, ctx: AppContext) -> None:
        """Read-only, saying why on hover, for an account that may not change vendors."""
        for widget in (self.field, self.add_button, self.remove_button):
            if not allow(widget, ctx, Right.REGISTRY):
                self.read_only = True

    # adding and removing ---------------------------------------------------------------
    def add(self) -> None:
        text = " ".join(self.field.currentText().split())
        if not text or self.read_only:
            return
        found = self.by_key.get(catalogue.key(text))
        value: int | str = text
        if found is not None:
            value = found.to if found.to is not None else found.id
        if self._put(value):
            self.edited.emit()
        self.field.setEditText("")
        self.completer.popup().hide()
        self._update_buttons()
        self.field.setFocus()

    def remove(self) -> None:
        row = self.list.currentRow()
        if row < 0 or self.read_only:
            return
        self.list.takeItem(row)
        self.edited.emit()
        self._update_buttons()

    def _put(self, value: int | str) -> bool:
        """Shows ``value`` in the list, in alphabetical place, and selects it; False when it
        was there already."""
        key = self._key(value)
        for i in range(self.list.count()):
            if self._key(self.list.item(i).data(Qt.ItemDataRole.UserRole)) == key:
                self.list.setCurrentRow(i)
                return False
        item = QListWidgetItem(self._text(value))
        item.setData(Qt.ItemDataRole.UserRole, value)
        item.setToolTip(self._tip(value))
        place = next(
            (
                i
                for i in range(self.list.count())
                if text_key(self._name(self.list.item(i).data(Qt.ItemDataRole.UserRole)))
                > text_key(self._name(value))
            ),
            self.list.count(),
        )
        self.list.insertItem(place, item)
        self.list.setCurrentRow(place)
        return True

    # how a product is shown ------------------------------------------------------------
    def _name(self, value: int | str) -> str:
        if isinstance(value, int) and value in self.by_id:
            return self.by_id[value].name
        return str(value)

    def _key(self, value: int | str) -> str:
        return catalogue.key(self._name(value))

    def _text(self, value: int | str) -> str:
        if isinstance(value, int):
            choice = self.by_id.get(value)
            if choice is not None and choice.native:
                return _("{name} · nativa", name=choice.name)
            return self._name(value)
        return _("{name} · nuevo", name=value)

    def _tip(self, value: int | str) -> str:
        if isinstance(value, int):
            choice = self.by_id.get(value)
            return _("Variedad nativa") if choice is not None and choice.native else ""
        return _("No está en el catálogo: se añadirá, por revisar, al guardar")

    # the field and its completions -----------------------------------------------------
    def _ordered(self) -> list[Choice]:
        offered = [c for c in self.choices if c.to is None]
        return sorted(offered, key=lambda c: (c.category_id not in self.categories,
                                              text_key(c.name)))  # fmt: skip

    def _fill_field(self) -> None:
        text = self.field.currentText()
        self.field.blockSignals(True)
        self.field.clear()
        for choice in self._ordered():
            self.field.addItem(choice.name, choice.id)
        self.field.setCurrentIndex(-1)
        self.field.setEditText(text)
        self.field.blockSignals(False)

    def matches(self, text: str) -> list[str]:
        """The names that hold ``text`` ignoring case and accents: those of the vendor's
        rubros first, then those that start with it."""
        wanted = catalogue.key(text)
        if not wanted:
            return []
        found = [c for c in self._ordered() if wanted in catalogue.key(c.name)]
        found.sort(
            key=lambda c: (
                c.category_id not in self.categories,
                not catalogue.key(c.name).startswith(wanted),
            )
        )  # stable: alphabetical within each
        return [c.name for c in found[:MATCHES]]

    def _complete(self, text: str) -> None:
        names = self.matches(text)
        self.completions.setStringList(names)
        if names:
            self.completer.complete()
        else:
            self.completer.popup().hide()

    def _update_buttons(self) -> None:
        if self.read_only:
            return
        self.remove_button.setEnabled(self.list.currentRow() >= 0)
