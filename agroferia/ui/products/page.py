"""Productos: the catalogue of what the vendors offer, with the native varieties marked and
the names vendors brought still to review; add, edit (which marks reviewed) and merge one
name into another.  Products are never deleted: a merged name keeps finding the product."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from agroferia.core import catalog
from agroferia.core.accounts import Right
from agroferia.core.errors import OperationError
from agroferia.core.products import catalogue
from agroferia.i18n import _, _n
from agroferia.ui.context import CATEGORIES, VENDORS, AppContext
from agroferia.ui.errors import show_error
from agroferia.ui.page import Page
from agroferia.ui.permissions import allow
from agroferia.ui.products import merge
from agroferia.ui.products.product_dialog import PRODUCTS, ProductDialog
from agroferia.ui.products.table_model import (
    LOCAL_COLUMN,
    NAME_COLUMN,
    SCIENTIFIC_COLUMN,
    Filter,
    ProductRow,
    ProductTableModel,
    product_rows,
)
from agroferia.ui.tables import row_table, select_row
from agroferia.ui.widgets import confirm, heading, note, run_dialog


class ProductsPage(Page):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 8)
        top = QHBoxLayout()
        top.addWidget(heading(_("Productos")))
        top.addStretch(1)
        self.new_button = QPushButton(_("&Nuevo producto…"))
        self.new_button.clicked.connect(self.new_product)
        top.addWidget(self.new_button)
        layout.addLayout(top)
        layout.addWidget(
            note(_("Lo que ofrecen los expositores, con las variedades nativas marcadas. Un "
                   "nombre nuevo que trae un expositor queda «por revisar»: corríjalo con "
                   "Editar… o únalo con el producto que ya existe. Nada se borra."))
        )  # fmt: skip

        filters = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(_("Buscar por nombre, nombre científico o local"))
        self.search.textChanged.connect(self._apply_filter)
        filters.addWidget(self.search, 2)
        rubro = QLabel(_("&Rubro:"))
        self.category = QComboBox()
        self.category.setObjectName("category_filter")
        rubro.setBuddy(self.category)
        self.category.currentIndexChanged.connect(self._apply_filter)
        filters.addWidget(rubro)
        filters.addWidget(self.category, 1)
        self.native_only = QCheckBox(_("Solo n&ativas"))
        self.native_only.toggled.connect(self._apply_filter)
        self.unreviewed_only = QCheckBox(_("Por re&visar"))
        self.unreviewed_only.toggled.connect(self._apply_filter)
        filters.addWidget(self.native_only)
        filters.addWidget(self.unreviewed_only)
        layout.addLayout(filters)

        self.model = ProductTableModel(self)
        self.table = row_table("product_table", self.edit_product, model=self.model,
                               sort=(NAME_COLUMN, Qt.SortOrder.AscendingOrder),
                               stretch=(SCIENTIFIC_COLUMN, LOCAL_COLUMN), fit=False)  # fmt: skip
        layout.addWidget(self.table, 1)

        bottom = QHBoxLayout()
        self.footer = QLabel()
        self.footer.setObjectName("footer")
        bottom.addWidget(self.footer, 1)
        self.edit_button = QPushButton(_("&Editar…"))
        self.edit_button.clicked.connect(self.edit_product)
        self.merge_button = QPushButton(_("&Unir con…"))
        self.merge_button.setToolTip(
            _("El producto elegido pasa a ser otro: sus expositores y ventas pasan a ese.")
        )
        self.merge_button.clicked.connect(self.merge_product)
        bottom.addWidget(self.edit_button)
        bottom.addWidget(self.merge_button)
        layout.addLayout(bottom)
        for button in (self.new_button, self.edit_button, self.merge_button):
            allow(button, ctx, Right.REGISTRY)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)

        ctx.changed.connect(self._on_changed)
        self.refresh()

    # data ----------------------------------------------------------------------------
    def main_control(self) -> QWidget:
        return self.table

    def refresh(self) -> None:
        selected = self.selected_id()
        rows, categories = self.ctx.read(
            lambda s: (product_rows(s), [(c.id, c.name) for c in catalog.list_categories(s)])
        )
        self._fill_categories(categories)
        self.model.set_rows(rows)
        self._fit_columns()
        self._update_footer()
        self._reselect(selected)

    def _fill_categories(self, categories: list[tuple[int, str]]) -> None:
        wanted = self.category.currentData()
        self.category.blockSignals(True)
        self.category.clear()
        self.category.addItem(_("Todos"), None)
        for cid, name in categories:
            self.category.addItem(name, cid)
        self.category.setCurrentIndex(max(self.category.findData(wanted), 0))
        self.category.blockSignals(False)

    def _on_changed(self, what: str) -> None:
        if what in (PRODUCTS, VENDORS, CATEGORIES):
            self.refresh()

    def _apply_filter(self, *_args: object) -> None:
        selected = self.selected_id()
        self.model.set_filter(
            Filter(
                category_id=self.category.currentData(),
                native_only=self.native_only.isChecked(),
                unreviewed_only=self.unreviewed_only.isChecked(),
                text=self.search.text(),
            )
        )
        self._update_footer()
        self._reselect(selected)

    def _update_footer(self) -> None:
        rows = self.model.all_rows()
        shown = self.model.rowCount()
        native = sum(r.native for r in rows)
        unreviewed = sum(not r.reviewed for r in rows)
        text = (
            _n(len(rows), "1 producto", "{n} productos")
            + " · "
            + _n(native, "1 variedad nativa", "{n} variedades nativas")
        )
        if unreviewed:
            text += " · " + _n(unreviewed, "1 por revisar", "{n} por revisar")
        if shown != len(rows):
            text += " · " + _n(shown, "1 mostrado", "{n} mostrados")
        self.footer.setText(text)

    def _fit_columns(self) -> None:
        header = self.table.horizontalHeader()
        for column in range(self.model.columnCount()):
            if column not in (SCIENTIFIC_COLUMN, LOCAL_COLUMN):
                widest = max(self.table.sizeHintForColumn(column), header.sectionSizeHint(column))
                header.resizeSection(column, min(widest + 16, 260))

    # selection -----------------------------------------------------------------------
    def selected(self) -> ProductRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.product_at(rows[0].row()) if rows else None

    def selected_id(self) -> int | None:
        row = self.selected()
        return row.id if row else None

    def select_product(self, product_id: int) -> bool:
        return select_row(self.table, self.model.row_of(product_id))

    def _reselect(self, product_id: int | None) -> None:
        if product_id is not None and self.select_product(product_id):
            return
        if self.model.rowCount():
            self.select_product(self.model.product_at(0).id)

    def _update_buttons(self) -> None:
        chosen = self.selected() is not None
        self.edit_button.setEnabled(chosen)
        self.merge_button.setEnabled(chosen and len(self.model.all_rows()) > 1)

    # commands ------------------------------------------------------------------------
    def new_product(self) -> None:
        if not self.ctx.may(Right.REGISTRY):
            return
        dialog = ProductDialog(self.ctx, None, self)
        saved = run_dialog(dialog) and dialog.saved_id is not None
        if saved and not self.select_product(dialog.saved_id):  # hidden by the filters
            self._clear_filters()
            self.select_product(dialog.saved_id)
        self.table.setFocus()

    def edit_product(self) -> None:
        product_id = self.selected_id()
        if product_id is None or not self.ctx.may(Right.REGISTRY):
            return
        run_dialog(ProductDialog(self.ctx, product_id, self))
        self.select_product(product_id)
        self.table.setFocus()

    def merge_product(self) -> None:
        source = self.selected()
        if source is None or not self.ctx.may(Right.REGISTRY):
            return
        chooser = merge.MergeChooser(source, self.model.all_rows(), self)
        if not run_dialog(chooser) or chooser.chosen is None:
            return
        target = chooser.chosen
        moved = self.ctx.read(lambda s: catalogue.merge_count(s, source.id))
        text = merge.question(source.name, target.name, moved)
        if not confirm(self, _("Unir productos"), text):
            return
        try:
            with self.ctx.write(PRODUCTS, VENDORS) as session:
                catalogue.merge(session, self.ctx.actor, source.id, target.id)
        except OperationError as error:  # merged meanwhile in another window
            show_error(self, error)
            self.refresh()
            return
        self.select_product(target.id)
        self.table.setFocus()

    def _clear_filters(self) -> None:
        for box in (self.native_only, self.unreviewed_only):
            box.setChecked(False)
        self.category.setCurrentIndex(0)
        self.search.clear()
