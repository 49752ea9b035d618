"""The fair days (jornadas) of the selected fair, newest first, with vendors present, sales,
visitors and state; new and edit (double-click or Enter)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from agroferia.core import fairs
from agroferia.core.accounts import Right
from agroferia.core.fairs import DaySummary
from agroferia.core.money import format_money
from agroferia.i18n import _
from agroferia.ui.context import AppContext
from agroferia.ui.fairs.day_dialog import DayDialog
from agroferia.ui.fairs.models import DATE_COLUMN, NOTES_COLUMN, DayTableModel, FairRow
from agroferia.ui.permissions import allow
from agroferia.ui.tables import row_table, select_row
from agroferia.ui.widgets import date_text, run_dialog, subheading


class DayPanel(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.fair: FairRow | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        self.title = subheading("")
        self.title.setObjectName("days_title")
        top.addWidget(self.title, 1)
        self.new_button = QPushButton(_("Nueva jornada…"))
        self.new_button.clicked.connect(self.new_day)
        self.edit_button = QPushButton(_("Editar jornada…"))
        self.edit_button.clicked.connect(self.edit_day)
        top.addWidget(self.new_button)
        top.addWidget(self.edit_button)
        layout.addLayout(top)
        for button in (self.new_button, self.edit_button):
            allow(button, ctx, Right.REGISTRY, Right.SALES)
        self.model = DayTableModel(self)
        self.table = row_table("day_table", self.edit_day, model=self.model,
                               sort=(DATE_COLUMN, Qt.SortOrder.DescendingOrder),
                               stretch=(NOTES_COLUMN,))  # fmt: skip
        layout.addWidget(self.table, 1)
        self.footer = QLabel()
        self.footer.setObjectName("footer")
        self.footer.setWordWrap(True)
        layout.addWidget(self.footer)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)

    # data ----------------------------------------------------------------------------
    def show_fair(self, fair: FairRow | None) -> None:
        """Lists ``fair``'s days (again); keeps the selected day when it is the same fair."""
        same = fair is not None and self.fair is not None and fair.id == self.fair.id
        selected = self.selected_id() if same else None
        self.fair = fair
        rows = self.ctx.read(lambda s: fairs.day_summaries(s, fair.id)) if fair else []
        self.model.set_rows(rows)
        if (selected is None or not self.select_day(selected)) and rows:
            select_row(self.table, 0)  # the newest: Enter edits it
        if fair is None:
            self.title.setText(_("Jornadas"))
        elif fair.active:
            self.title.setText(_("Jornadas de {fair}", fair=fair.name))
        else:
            self.title.setText(_("Jornadas de {fair} (desactivada)", fair=fair.name))
        self._update_footer()
        self._update_buttons()

    def _update_footer(self) -> None:
        n = self.model.rowCount()
        if self.fair is None:
            text = _("Elija una feria para ver sus jornadas.")
        elif n == 0:
            text = _("Esta feria todavía no tiene jornadas. Agregue una con «Nueva jornada…».")
        else:
            total = format_money(self.model.total_sales(), cents=True)
            text = (
                _("1 jornada · ventas en total: {total}", total=total)
                if n == 1
                else _("{n} jornadas · ventas en total: {total}", n=n, total=total)
            )
        self.footer.setText(text)

    def selected(self) -> DaySummary | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def selected_id(self) -> int | None:
        row = self.selected()
        return row.id if row else None

    def select_day(self, day_id: int) -> bool:
        row = self.model.row_of(day_id)
        if row is not None:
            select_row(self.table, row)
        return row is not None

    def _update_buttons(self) -> None:
        fair = self.fair
        self.new_button.setEnabled(fair is not None and fair.active)
        self.new_button.setToolTip(
            _("Reactive la feria para agregarle jornadas.") if fair and not fair.active else ""
        )
        self.edit_button.setEnabled(self.selected() is not None)

    # commands ------------------------------------------------------------------------
    def new_day(self) -> None:
        if (
            self.fair is None
            or not self.fair.active
            or not self.ctx.may(Right.REGISTRY, Right.SALES)
        ):
            return
        dialog = DayDialog(self.ctx, self.fair.id, None, self)
        if run_dialog(dialog) and dialog.saved_id is not None:
            self.select_day(dialog.saved_id)
        self.table.setFocus()

    def edit_day(self) -> None:
        day = self.selected()
        if self.fair is None or day is None or not self.ctx.may(Right.REGISTRY, Right.SALES):
            return
        if day.closed:
            QMessageBox.information(
                self,
                _("Jornada cerrada"),
                _(
                    "La jornada del {date} está cerrada: sus datos ya no se pueden modificar.",
                    date=date_text(day.date),
                ),
            )
            return
        run_dialog(DayDialog(self.ctx, self.fair.id, day.id, self))
        self.select_day(day.id)
        self.table.setFocus()
