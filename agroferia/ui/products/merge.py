"""*Unir con…*: the product another one is merged into, chosen by name (completion ignoring
case and accents, those of the same rubro first), and the question that says exactly what
moves before anything does."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from agroferia.core.collation import text_key
from agroferia.core.products.catalogue import MergeCount
from agroferia.i18n import _, _n
from agroferia.ui.products.table_model import ProductRow
from agroferia.ui.widgets import error_label, note


class MergeChooser(QDialog):
    """Which product ``source`` becomes; ``chosen`` once accepted."""

    def __init__(self, source: ProductRow, rows: list[ProductRow], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Unir «{name}» con otro producto", name=source.name))
        self.chosen: ProductRow | None = None
        others = sorted(
            (r for r in rows if r.id != source.id),
            key=lambda r: (r.category_id != source.category_id, text_key(r.name)),
        )
        self.targets = others
        layout = QVBoxLayout(self)
        layout.addWidget(
            note(_("Elija el producto que queda. Quienes ofrecen «{name}» pasarán a ofrecer ese, "
                   "y las ventas que lo nombran, también.", name=source.name))
        )  # fmt: skip
        label = QLabel(_("Producto &que queda:"))
        self.target = QComboBox()
        self.target.setObjectName("merge_target")
        self.target.setEditable(True)
        self.target.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for row in others:
            self.target.addItem(_("{name} ({rubro})", name=row.name, rubro=row.category), row.id)
        self.target.setCurrentIndex(-1)
        if len(source.same_as_ids) == 1:  # the product the catalogue suggests, offered
            self.choose(source.same_as_ids[0])
        self.target.lineEdit().setPlaceholderText(_("Escriba o elija el producto"))
        completer = self.target.completer()
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        label.setBuddy(self.target)
        layout.addWidget(label)
        layout.addWidget(self.target)
        self.message = error_label("merge_error")
        self.message.hide()
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("&Unir"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(520, self.sizeHint().height())
        self.target.setFocus()

    def choose(self, product_id: int) -> None:
        self.target.setCurrentIndex(self.target.findData(product_id))

    def accept(self) -> None:
        index = self.target.findText(self.target.currentText())
        if index < 0:
            self.message.setText(_("Elija un producto de la lista."))
            self.message.show()
            self.target.setFocus()
            return
        product_id = self.target.itemData(index)
        self.chosen = next(r for r in self.targets if r.id == product_id)
        super().accept()


def question(source: str, target: str, moved: MergeCount) -> str:
    """What merging moves, said before it is done."""
    vendors = _n(moved.vendors, "1 expositor", "{n} expositores")
    sales = _n(moved.sales, "1 venta", "{n} ventas")
    moves = _("{vendors} y {sales} pasarán a «{target}».", vendors=vendors, sales=sales,
              target=target)  # fmt: skip
    return (
        _("Se unirá «{source}» con «{target}»:", source=source, target=target)
        + " "
        + moves
        + " "
        + _("El nombre «{source}» seguirá encontrando «{target}».", source=source,
            target=target)
    )  # fmt: skip
