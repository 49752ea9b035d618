"""Registro de cambios: who did what and when, newest first, filtered by person, dates,
record and action, read a page at a time; exported to CSV without the vendors' personal
data.  Organizers and administrators only: the core refuses anyone else."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from agroferia.core import audit_view
from agroferia.core.audit_view import ACTION_LABELS, ENTITY_LABELS, Filters
from agroferia.core.audit_view.describe import label
from agroferia.core.errors import AgroferiaError
from agroferia.i18n import _, _n
from agroferia.ui.audit.model import SUMMARY, AuditModel
from agroferia.ui.context import AppContext
from agroferia.ui.errors import show_error
from agroferia.ui.tables import row_table
from agroferia.ui.widgets import note

NO_DATE = QDate(2000, 1, 1)  # the dates' lowest value, shown as "—": no limit


def _date_edit(name: str) -> QDateEdit:
    edit = QDateEdit()
    edit.setObjectName(name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd/MM/yyyy")
    edit.setMinimumDate(NO_DATE)
    edit.setSpecialValueText("—")
    edit.setDate(NO_DATE)
    return edit


def _date(edit: QDateEdit) -> dt.date | None:
    value = edit.date()
    return None if value == NO_DATE else dt.date(value.year(), value.month(), value.day())


class AuditDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(_("Registro de cambios"))
        people, entities, actions = ctx.read(lambda s: audit_view.choices(s, ctx.actor))
        self.person = QComboBox()
        self.person.setObjectName("person")
        self.person.addItem(_("(todas)"), None)
        for person in people:
            text = person.label if person.user_id else _("{name} (sin cuenta)", name=person.label)
            self.person.addItem(text, person)
        self.start, self.end = _date_edit("start"), _date_edit("end")
        self.entity = QComboBox()
        self.entity.setObjectName("entity")
        self.entity.addItem(_("(todas)"), None)
        for entity in entities:
            self.entity.addItem(label(ENTITY_LABELS, entity), entity)
        self.action = QComboBox()
        self.action.setObjectName("action")
        self.action.addItem(_("(todas)"), None)
        for action in actions:
            self.action.addItem(label(ACTION_LABELS, action), action)
        for combo in (self.person, self.entity, self.action):
            combo.activated.connect(lambda _i: self.reload())
        for edit in (self.start, self.end):
            edit.dateChanged.connect(lambda _d: self.reload())
        self.model = AuditModel(audit_view.PAGE_SIZE)
        self.table = row_table("audit_table")
        self.table.setSortingEnabled(False)
        self.table.setModel(self.model)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.total = QLabel()
        self.total.setObjectName("total")
        self.export_button = QPushButton(_("Exportar a CSV…"))
        self.export_button.setObjectName("export")
        self.export_button.setToolTip(
            _("Las entradas que se ven, sin datos personales de los expositores (solo su código)")
        )
        self.export_button.clicked.connect(self.export)
        self._layout()
        self.reload()
        metrics = self.table.fontMetrics()  # the date and time whole: "30/11/2026 05:51:07"
        stamp = metrics.horizontalAdvance("00/00/0000 00:00:00") + 24
        for column, width in ((0, stamp), (1, 200), (2, 110), (3, 90), (4, 110), (SUMMARY, 400)):
            self.table.setColumnWidth(column, width)
        self.resize(1100, 600)

    def _layout(self) -> None:
        grid = QGridLayout()
        grid.addWidget(QLabel(_("Persona")), 0, 0)
        grid.addWidget(self.person, 0, 1)
        grid.addWidget(QLabel(_("Desde")), 0, 2)
        grid.addWidget(self.start, 0, 3)
        grid.addWidget(QLabel(_("Hasta")), 0, 4)
        grid.addWidget(self.end, 0, 5)
        grid.addWidget(QLabel(_("Entidad")), 1, 0)
        grid.addWidget(self.entity, 1, 1)
        grid.addWidget(QLabel(_("Acción")), 1, 2)
        grid.addWidget(self.action, 1, 3, 1, 3)
        grid.setColumnStretch(1, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.total, 1)
        bottom.addWidget(self.export_button)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        bottom.addWidget(buttons)
        column = QVBoxLayout(self)
        column.addLayout(grid)
        column.addWidget(
            note(_("Cada cambio guardado, del más reciente al más antiguo. Las entradas "
                   "anteriores a las cuentas muestran el nombre de usuario de entonces."))
        )  # fmt: skip
        column.addWidget(self.table, 1)
        column.addLayout(bottom)

    # reading -------------------------------------------------------------------------
    def filters(self) -> Filters:
        person = self.person.currentData()
        return Filters(
            user_id=person.user_id if person else None,
            actor=person.actor if person else None,
            start=_date(self.start),
            end=_date(self.end),
            entity=self.entity.currentData(),
            action=self.action.currentData(),
        )

    def reload(self) -> None:
        filters, actor = self.filters(), self.ctx.actor
        try:
            total = self.ctx.read(lambda s: audit_view.count(s, actor, filters))
            self.model.restart(
                lambda after: self.ctx.read(lambda s: audit_view.page(s, actor, filters, after))
            )
        except AgroferiaError as error:  # the account lost the right meanwhile
            show_error(self, error)
            return
        self.total.setText(_n(total, "1 entrada", "{n} entradas"))
        self.export_button.setEnabled(total > 0)

    # export --------------------------------------------------------------------------
    def export(self) -> None:
        default = str(Path.home() / f"registro-de-cambios-{dt.date.today():%Y-%m-%d}.csv")
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Exportar el registro de cambios"), default, _("Archivos CSV (*.csv)")
        )
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> int | None:
        filters = self.filters()
        try:
            with self.ctx.write() as session:
                written = audit_view.export_csv(session, self.ctx.actor, path, filters)
        except (AgroferiaError, OSError) as error:
            show_error(self, error)
            return None
        QMessageBox.information(
            self,
            _("Registro de cambios"),
            _n(written, "Se exportó 1 entrada a {path}.", "Se exportaron {n} entradas a {path}.",
               path=path),
        )  # fmt: skip
        self.reload()
        return written


def open_audit(ctx: AppContext, parent: QWidget | None = None) -> AuditDialog | None:
    """Shows the Registro de cambios, or says why this account may not see it."""
    try:
        dialog = AuditDialog(ctx, parent)
    except AgroferiaError as error:
        show_error(parent, error)
        return None
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
