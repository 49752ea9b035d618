"""Expositores: the registry. Search as you type, filters, counts; new, edit, suspend,
withdraw and reactivate (vendors are never deleted)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from agroferia.core import catalog, fairs, labels, roster, settings, vendors
from agroferia.core.accounts import Right
from agroferia.core.collation import text_key
from agroferia.core.models import VendorStatus
from agroferia.i18n import _, _n
from agroferia.ui.context import CATEGORIES, FAIRS, SETTINGS, VENDORS, AppContext
from agroferia.ui.page import Page
from agroferia.ui.permissions import allow
from agroferia.ui.tables import row_table, select_row, selected_row
from agroferia.ui.vendors.table_model import FAIRS_COLUMN, VendorTableModel
from agroferia.ui.widgets import confirm, heading, run_dialog

ACTIVE, SUSPENDED, WITHDRAWN = (s.value for s in VendorStatus)


def _combo(name: str, everything: str) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    combo.addItem(everything, None)
    # as wide as "all …" reads; longer choices show in full in the open list
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(1)
    combo.setMinimumWidth(combo.fontMetrics().horizontalAdvance(everything) + 44)
    return combo


def _fit_popup(combo: QComboBox) -> None:
    view = combo.view()
    view.setMinimumWidth(view.sizeHintForColumn(0) + 2 * view.frameWidth() + 24)


def _load(session) -> tuple[list[roster.RosterRow], list[tuple[int, str, bool]],
                            tuple[int, int], list[tuple[int, str, bool]]]:  # fmt: skip
    """The roster, every rubro (id, name, active), the youth range and every fair (id,
    name, active), in one session."""
    categories = catalog.list_categories(session, include_inactive=True)
    return (
        roster.roster(session),
        [(c.id, c.name, c.active) for c in categories],
        settings.youth_range(session),
        [(f.id, f.name, f.active) for f in fairs.list_fairs(session, include_inactive=True)],
    )


class VendorsPage(Page):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 8)
        top = QHBoxLayout()
        top.addWidget(heading(_("Expositores")))
        top.addStretch(1)
        self.new_button = QPushButton(_("Nuevo expositor…"))
        self.new_button.setToolTip(_("Registrar un expositor (Ctrl+N)"))
        self.new_button.clicked.connect(self.new_vendor)
        top.addWidget(self.new_button)
        layout.addLayout(top)

        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(_("Buscar por nombre, documento o asociación (Ctrl+F)"))
        self.search.textChanged.connect(self._apply_filter)
        self.search.installEventFilter(self)
        layout.addWidget(self.search)

        filters = QHBoxLayout()
        self.fair = _combo("filter_fair", _("Todas las ferias"))
        self.category = _combo("filter_category", _("Todos los rubros"))
        self.sex = _combo("filter_sex", _("Todos"))
        for code, text in labels.SEX_PLURAL.items():
            self.sex.addItem(text.render(), code)
        self.age = _combo("filter_age", _("Todas las edades"))
        self.status = _combo("filter_status", _("Todos los estados"))
        for code, text in labels.VENDOR_STATUS.items():
            self.status.addItem(_("Solo {status}", status=text.render().lower()), code)
        self.region = _combo("filter_region", _("Todas las regiones"))
        self.consent = _combo("filter_consent", _("Todos"))
        self.consent.addItem(_("Sin consentimiento"), roster.CONSENT_MISSING)
        self.consent.addItem(_("Con consentimiento"), roster.CONSENT_GIVEN)
        self.clear_button = QPushButton(_("Quitar filtros"))
        self.clear_button.clicked.connect(self.clear_filters)
        more = QHBoxLayout()  # two rows: one would widen the window past a laptop's screen
        self.fair_caption = QLabel()
        for row, label, combo in (
            (filters, _("Feria"), self.fair),
            (filters, _("Rubro"), self.category),
            (filters, _("Sexo"), self.sex),
            (filters, _("Edad"), self.age),
            (more, _("Estado"), self.status),
            (more, _("Región"), self.region),
            (more, _("Consentimiento"), self.consent),
        ):
            caption = self.fair_caption if combo is self.fair else QLabel()
            caption.setText(label + ":")
            caption.setBuddy(combo)
            row.addWidget(caption)
            row.addWidget(combo)
            combo.currentIndexChanged.connect(self._apply_filter)
        more.addWidget(self.clear_button)
        for row in (filters, more):
            row.addStretch(1)
            layout.addLayout(row)

        self.model = VendorTableModel(self)
        self.table = row_table("vendor_table", self.edit_vendor)
        self.table.setModel(self.model)
        self.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)

        bottom = QHBoxLayout()
        self.footer = QLabel()
        self.footer.setObjectName("footer")
        bottom.addWidget(self.footer, 1)
        self.edit_button = QPushButton(_("Editar…"))
        self.edit_button.clicked.connect(self.edit_vendor)
        self.suspend_button = QPushButton(_("Suspender…"))
        self.suspend_button.clicked.connect(lambda: self.change_status(SUSPENDED))
        self.withdraw_button = QPushButton(_("Retirar…"))
        self.withdraw_button.clicked.connect(lambda: self.change_status(WITHDRAWN))
        self.reactivate_button = QPushButton(_("Reactivar"))
        self.reactivate_button.clicked.connect(lambda: self.change_status(ACTIVE))
        for button in (
            self.edit_button,
            self.suspend_button,
            self.withdraw_button,
            self.reactivate_button,
        ):
            bottom.addWidget(button)
        layout.addLayout(bottom)
        for button in (self.new_button, self.suspend_button, self.withdraw_button,
                       self.reactivate_button):  # fmt: skip
            allow(button, ctx, Right.REGISTRY)
        allow(self.edit_button, ctx, Right.PERSONAL_DATA, Right.REGISTRY)  # the form shows them
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)

        ctx.changed.connect(self._on_changed)
        self.refresh()
        self._fit_columns()

    # data ----------------------------------------------------------------------------
    def main_control(self) -> QWidget:
        return self.search

    def refresh(self) -> None:
        selected = self.selected_id()
        rows, categories, youth, fair_list = self.ctx.read(_load)
        self._fill_choices(rows, categories, youth, fair_list)
        self.model.set_rows(rows)
        self._show_fairs_column()
        self._update_footer()
        if selected is not None:
            self.select_vendor(selected)

    def _on_changed(self, what: str) -> None:
        if what in (VENDORS, CATEGORIES, FAIRS, SETTINGS):
            self.refresh()

    def _fill_choices(
        self,
        rows: list[roster.RosterRow],
        categories: list,
        youth: tuple[int, int],
        fair_list: list[tuple[int, str, bool]],
    ) -> None:
        """Fairs, rubros, ages (with the configured range) and the regions vendors come
        from.  A network of one fair has no fair to choose: the filter is not shown."""
        low, high = youth
        members = {fair_id for r in rows for fair_id in r.places}
        network = [(fid, name if active else _("{name} (desactivada)", name=name))
                   for fid, name, active in fair_list if active or fid in members]  # fmt: skip
        for widget in (self.fair, self.fair_caption):
            widget.setVisible(len(network) > 1)
        for combo, items in (
            (self.fair, network),
            (self.category, [(cid, name if active else _("{name} (desactivado)", name=name))
                             for cid, name, active in categories]),
            (self.age, [(roster.YOUNG, _("Jóvenes ({low}–{high} años)", low=low, high=high)),
                        (roster.NOT_YOUNG, _("No jóvenes")),
                        (roster.AGE_UNKNOWN, _("Sin fecha de nacimiento"))]),
            (self.region, [(r, r) for r in sorted({r.region for r in rows if r.region},
                                                  key=text_key)]
             + [("", _("Sin región"))] * any(not r.region for r in rows)),
        ):  # fmt: skip
            current = combo.currentData()
            combo.blockSignals(True)
            while combo.count() > 1:
                combo.removeItem(1)
            for data, text in items:
                combo.addItem(text, data)
            combo.setCurrentIndex(max(combo.findData(current), 0))
            combo.blockSignals(False)
            _fit_popup(combo)

    def _current_filter(self) -> roster.RosterFilter:
        region = self.region.currentData()
        return roster.RosterFilter(
            fair_id=self.fair.currentData(),
            text=self.search.text(),
            category_id=self.category.currentData(),
            sex=self.sex.currentData(),
            age=self.age.currentData(),
            status=self.status.currentData(),
            region=region,
            consent=self.consent.currentData(),
        )

    def _apply_filter(self) -> None:
        selected = self.selected_id()
        self.model.set_filter(self._current_filter())
        self._show_fairs_column()
        self._update_footer()
        if selected is not None:
            self.select_vendor(selected)

    def clear_filters(self) -> None:
        for combo in (self.fair, self.category, self.sex, self.age, self.status, self.region,
                      self.consent):  # fmt: skip
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.search.clear()
        self._apply_filter()

    def _show_fairs_column(self) -> None:
        """The column «Ferias» for the whole network; one fair's registry names no fairs
        (its Puesto and Estado are that fair's), and a network of one fair neither."""
        self.table.setColumnHidden(
            FAIRS_COLUMN, self.fair.currentData() is not None or self.fair.isHidden()
        )

    def _update_footer(self) -> None:
        shown = roster.counts(self.model.visible())
        text = " · ".join(
            (
                _n(shown.vendors, "1 expositor", "{n} expositores"),
                _n(shown.women, "1 mujer", "{n} mujeres"),
                _n(shown.youth, "1 joven", "{n} jóvenes"),
            )
        )
        total = len(self.model.all_rows())
        if shown.vendors != total:
            text += " " + _("(de {total} registrados)", total=total)
        self.footer.setText(text)

    def _fit_columns(self) -> None:
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        for column in range(self.model.columnCount()):
            header.resizeSection(column, min(header.sectionSize(column) + 12, 280))

    # selection -----------------------------------------------------------------------
    def selected_id(self) -> int | None:
        row = selected_row(self.table)
        return None if row is None else self.model.vendor_at(row).id

    def select_vendor(self, vendor_id: int) -> bool:
        return select_row(self.table, self.model.row_of(vendor_id))

    def _update_buttons(self) -> None:
        vendor_id = self.selected_id()
        # the buttons change the vendor's own status, not the one at the fair chosen
        row = self.model.registry_row(vendor_id) if vendor_id else None
        status = row.status if row is not None and not row.anonymized else None
        self.edit_button.setEnabled(vendor_id is not None)
        self.suspend_button.setEnabled(status == ACTIVE)
        self.withdraw_button.setEnabled(status in (ACTIVE, SUSPENDED))
        self.reactivate_button.setEnabled(status in (SUSPENDED, WITHDRAWN))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        """Down arrow in the search field goes to the list; Enter opens the only match."""
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            if event.key() == Qt.Key.Key_Down and self.model.rowCount():
                self.table.setFocus()
                if self.selected_id() is None:
                    self.select_vendor(self.model.vendor_at(0).id)
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.model.rowCount() == 1:
                self.select_vendor(self.model.vendor_at(0).id)
                self.edit_vendor()
                return True
        return super().eventFilter(watched, event)

    # commands ------------------------------------------------------------------------
    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def new_vendor(self) -> None:
        from agroferia.ui.vendors.form import VendorDialog

        if not self.new_button.isEnabled():
            return
        dialog = VendorDialog(self.ctx, None, self)
        run_dialog(dialog)
        if dialog.saved_id is not None:
            self.select_vendor(dialog.saved_id)

    def edit_vendor(self) -> None:
        from agroferia.ui.vendors.form import VendorDialog

        vendor_id = self.selected_id()
        if vendor_id is None or not self.ctx.may(Right.PERSONAL_DATA, Right.REGISTRY):
            return
        dialog = VendorDialog(self.ctx, vendor_id, self)
        run_dialog(dialog)
        self.select_vendor(vendor_id)
        self.table.setFocus()

    def change_status(self, status: str) -> None:
        vendor_id = self.selected_id()
        if vendor_id is None:
            return
        row = self.model.vendor_at(self.model.row_of(vendor_id))
        reason = ""
        if status == ACTIVE:
            if not confirm(self, _("Reactivar"), _("¿Reactivar a {name}?", name=row.full_name)):
                return
        else:
            question = {
                SUSPENDED: _(
                    "Suspender a {name}. Seguirá en el registro y en el historial, y podrá "
                    "reactivarse.\nMotivo (opcional):",
                    name=row.full_name,
                ),
                WITHDRAWN: _(
                    "Retirar a {name} de todas sus ferias (de una sola: márquelo retirado en "
                    "esa feria desde su ficha). Seguirá en el registro y en el historial, pero "
                    "no podrá recibir nuevas ventas.\nMotivo (opcional):",
                    name=row.full_name,
                ),
            }[status]
            title = {SUSPENDED: _("Suspender expositor"), WITHDRAWN: _("Retirar expositor")}[status]
            reason, accepted = QInputDialog.getText(self, title, question)
            if not accepted:
                return
        with self.ctx.write(VENDORS) as session:
            vendors.set_status(session, self.ctx.actor, vendor_id, status, reason or None)
        self.select_vendor(vendor_id)
