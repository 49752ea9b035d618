"""The fairs of the Jornadas page: the list (deactivated ones greyed, the active fair in
bold) and its commands: new, edit, deactivate or reactivate, use as the active fair."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from agroferia.core import fairs
from agroferia.core.accounts import Right
from agroferia.i18n import _
from agroferia.ui.context import FAIRS, AppContext
from agroferia.ui.fairs.fair_dialog import FairDialog
from agroferia.ui.fairs.models import FairRow, FairTableModel, load_fairs
from agroferia.ui.permissions import allow
from agroferia.ui.tables import row_table, select_row
from agroferia.ui.widgets import confirm, note, run_dialog, subheading


class FairPanel(QWidget):
    fair_selected = Signal()  # the selection changed (or the selected fair did)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._loading = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(subheading(_("Ferias")))
        top.addStretch(1)
        self.new_button = QPushButton(_("Nueva feria…"))
        self.new_button.clicked.connect(self.new_fair)
        self.edit_button = QPushButton(_("Editar feria…"))
        self.edit_button.clicked.connect(self.edit_fair)
        self.active_button = QPushButton(_("Desactivar feria"))
        self.active_button.clicked.connect(self.toggle_active)
        self.use_button = QPushButton(_("Usar como feria activa"))
        self.use_button.setToolTip(
            _("La feria activa es la que se usa por defecto para nuevos expositores y "
              "jornadas; se muestra en la barra de estado.")
        )  # fmt: skip
        self.use_button.clicked.connect(self.use_as_active)
        for button in (self.new_button, self.edit_button, self.active_button, self.use_button):
            top.addWidget(button)
            allow(button, ctx, Right.REGISTRY)
        layout.addLayout(top)
        self.model = FairTableModel(self)
        self.table = row_table("fair_table", self.edit_fair, model=self.model,
                               sort=(0, Qt.SortOrder.AscendingOrder), stretch=(0, 2))  # fmt: skip
        layout.addWidget(self.table, 1)
        self.empty = note(_("Todavía no hay ferias. Cree una con «Nueva feria…»."))
        layout.addWidget(self.empty)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)

    # data ----------------------------------------------------------------------------
    def refresh(self) -> None:
        selected = self.selected_id()
        rows = self.ctx.read(load_fairs)
        self._loading = True
        self.model.set_rows(rows)
        if selected is None or not self.select_fair(selected):
            chosen = next((r for r in rows if r.in_use), None) or next(iter(rows), None)
            self.select_fair(chosen.id if chosen else None)
        self._loading = False
        self.empty.setVisible(not rows)
        self._update_buttons()
        self.fair_selected.emit()

    def preferred_height(self) -> int:
        """Tall enough for its fairs (two to six rows), so that the days get the rest."""
        rows = max(2, min(self.model.rowCount(), 6))
        table = self.table
        frame = 2 * table.frameWidth() + table.horizontalHeader().sizeHint().height()
        body = rows * table.verticalHeader().defaultSectionSize()
        return self.sizeHint().height() - table.sizeHint().height() + frame + body

    def selected(self) -> FairRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def selected_id(self) -> int | None:
        row = self.selected()
        return row.id if row else None

    def select_fair(self, fair_id: int | None) -> bool:
        row = None if fair_id is None else self.model.row_of(fair_id)
        select_row(self.table, row)
        return row is not None

    def _selection_changed(self) -> None:
        if self._loading:  # refresh says it once, at the end
            return
        self._update_buttons()
        self.fair_selected.emit()

    def _update_buttons(self) -> None:
        row = self.selected()
        self.edit_button.setEnabled(row is not None)
        self.active_button.setEnabled(row is not None)
        active = row is None or row.active
        self.active_button.setText(_("Desactivar feria") if active else _("Reactivar feria"))
        self.use_button.setEnabled(row is not None and row.active and not row.in_use)

    # commands ------------------------------------------------------------------------
    def new_fair(self) -> None:
        if not self.ctx.may(Right.REGISTRY):
            return
        dialog = FairDialog(self.ctx, None, self)
        if run_dialog(dialog) and dialog.saved_id is not None:
            self.select_fair(dialog.saved_id)

    def edit_fair(self) -> None:
        fair_id = self.selected_id()
        if fair_id is not None and self.ctx.may(Right.REGISTRY):
            run_dialog(FairDialog(self.ctx, fair_id, self))
            self.select_fair(fair_id)

    def toggle_active(self) -> None:
        row = self.selected()
        if row is None:
            return
        if row.active:
            question = _(
                "¿Desactivar la feria «{name}»? Sus jornadas, ventas y expositores se "
                "conservan, y podrá reactivarla cuando quiera.",
                name=row.name,
            )
            if row.in_use:
                question += "\n\n" + _(
                    "Es la feria activa: después elija otra con «Usar como feria activa»."
                )
            if not confirm(self, _("Desactivar feria"), question):
                return
        with self.ctx.write(FAIRS) as session:
            fairs.set_fair_active(session, self.ctx.actor, row.id, not row.active)
        self.select_fair(row.id)

    def use_as_active(self) -> None:
        fair_id = self.selected_id()
        if fair_id is not None:
            with self.ctx.write(FAIRS) as session:
                fairs.set_default_fair(session, self.ctx.actor, fair_id)
            self.select_fair(fair_id)
