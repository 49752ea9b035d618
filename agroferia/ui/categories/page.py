"""Rubros: the categories with how many active vendors sell in each; add, rename (name and
description), deactivate and reactivate. Rubros are never deleted, so history stays."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from agroferia.core import catalog, category_stats
from agroferia.core.accounts import Right
from agroferia.core.category_stats import CategoryRow
from agroferia.i18n import _
from agroferia.ui.categories.category_dialog import CategoryDialog
from agroferia.ui.categories.table_model import (
    DESCRIPTION_COLUMN,
    NAME_COLUMN,
    CategoryTableModel,
)
from agroferia.ui.context import CATEGORIES, VENDORS, AppContext
from agroferia.ui.page import Page
from agroferia.ui.permissions import allow
from agroferia.ui.tables import row_table, select_row
from agroferia.ui.widgets import confirm, heading, note, run_dialog


class CategoriesPage(Page):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 8)
        top = QHBoxLayout()
        top.addWidget(heading(_("Rubros")))
        top.addStretch(1)
        self.new_button = QPushButton(_("&Nuevo rubro…"))
        self.new_button.clicked.connect(self.new_category)
        top.addWidget(self.new_button)
        layout.addLayout(top)
        layout.addWidget(
            note(_("Los rubros agrupan a los expositores y sus ventas en los reportes. No se "
                   "borran: si uno ya no se usa, desactívelo; quienes lo tienen lo conservan "
                   "y el historial no cambia."))
        )  # fmt: skip

        self.show_inactive = QCheckBox(_("&Mostrar desactivados"))
        self.show_inactive.setChecked(True)
        self.show_inactive.toggled.connect(self._show_inactive_toggled)
        layout.addWidget(self.show_inactive)

        self.model = CategoryTableModel(self)
        self.table = row_table("category_table", self.rename_category, model=self.model,
                               sort=(NAME_COLUMN, Qt.SortOrder.AscendingOrder),
                               stretch=(DESCRIPTION_COLUMN,), fit=False)  # fmt: skip
        layout.addWidget(self.table, 1)

        bottom = QHBoxLayout()
        self.footer = QLabel()
        self.footer.setObjectName("footer")
        bottom.addWidget(self.footer, 1)
        self.rename_button = QPushButton(_("&Renombrar…"))
        self.rename_button.clicked.connect(self.rename_category)
        self.toggle_button = QPushButton(_("Desac&tivar"))
        self.toggle_button.clicked.connect(self.toggle_active)
        bottom.addWidget(self.rename_button)
        bottom.addWidget(self.toggle_button)
        layout.addLayout(bottom)
        for button in (self.new_button, self.rename_button, self.toggle_button):
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
        self.model.set_rows(self.ctx.read(category_stats.category_rows))
        self._update_footer()
        self._fit_columns()
        self._reselect(selected)

    def _on_changed(self, what: str) -> None:
        if what in (CATEGORIES, VENDORS):
            self.refresh()

    def _show_inactive_toggled(self, show: bool) -> None:
        selected = self.selected_id()
        self.model.set_show_inactive(show)
        self._reselect(selected)

    def _update_footer(self) -> None:
        rows = self.model.all_rows()
        inactive = sum(not r.active for r in rows)
        active = len(rows) - inactive
        text = _("1 rubro activo") if active == 1 else _("{n} rubros activos", n=active)
        if inactive:
            text += " · " + (
                _("1 desactivado") if inactive == 1 else _("{n} desactivados", n=inactive)
            )
        self.footer.setText(text)

    def _fit_columns(self) -> None:
        """Each column as wide as its widest text plus some air; the description takes
        what is left."""
        header = self.table.horizontalHeader()
        for column in range(self.model.columnCount()):
            if column != DESCRIPTION_COLUMN:
                widest = max(self.table.sizeHintForColumn(column), header.sectionSizeHint(column))
                header.resizeSection(column, min(widest + 16, 320))

    # selection -----------------------------------------------------------------------
    def selected(self) -> CategoryRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.category_at(rows[0].row()) if rows else None

    def selected_id(self) -> int | None:
        row = self.selected()
        return row.id if row else None

    def select_category(self, category_id: int) -> bool:
        return select_row(self.table, self.model.row_of(category_id))

    def _reselect(self, category_id: int | None) -> None:
        """Keeps the same rubro selected, or else the first one, so the keys always act."""
        if category_id is not None and self.select_category(category_id):
            return
        if self.model.rowCount():
            self.select_category(self.model.category_at(0).id)

    def _update_buttons(self) -> None:
        row = self.selected()
        self.rename_button.setEnabled(row is not None)
        self.toggle_button.setEnabled(row is not None)
        active = row is None or row.active
        self.toggle_button.setText(_("Desac&tivar") if active else _("Reac&tivar"))
        self.toggle_button.setToolTip(
            _(
                "Ya no se podrá elegir para nuevos expositores; quienes ya lo tienen siguen "
                "vendiendo en él. Nada se borra."
            )
            if active
            else _("Se podrá volver a elegir para expositores y ventas.")
        )

    # commands ------------------------------------------------------------------------
    def new_category(self) -> None:
        if not self.ctx.may(Right.REGISTRY):
            return
        dialog = CategoryDialog(self.ctx, None, self)
        if run_dialog(dialog) and dialog.saved_id is not None:
            self.select_category(dialog.saved_id)
        self.table.setFocus()

    def rename_category(self) -> None:
        category_id = self.selected_id()
        if category_id is None or not self.ctx.may(Right.REGISTRY):
            return
        run_dialog(CategoryDialog(self.ctx, category_id, self))
        self.select_category(category_id)
        self.table.setFocus()

    def toggle_active(self) -> None:
        row = self.selected()
        if row is None:
            return
        if row.active and not self._may_deactivate(row):
            return
        with self.ctx.write(CATEGORIES) as session:
            catalog.set_active(session, self.ctx.actor, row.id, not row.active)
        self.select_category(row.id)

    def _may_deactivate(self, row: CategoryRow) -> bool:
        """Asks first when active vendors use the rubro, saying what happens to them."""
        users = row.main_vendors + row.other_vendors
        if not users:
            return True
        text = _("¿Desactivar el rubro «{name}»?", name=row.name) + "\n\n"
        if users == 1:
            text += _("1 expositor activo lo tiene como rubro: lo conserva y sigue registrando "
                      "ventas en él, pero ya no se podrá elegir para nuevos expositores.")  # fmt: skip
        else:
            text += _(
                "{n} expositores activos lo tienen como rubro: lo conservan y siguen registrando "
                "ventas en él, pero ya no se podrá elegir para nuevos expositores.",
                n=users,
            )
        return confirm(self, _("Desactivar rubro"), text)
