"""The vendor form: every field of a vendor, checked by ``core.vendors.validate`` as the person
types (messages under the fields they have touched), saved in one transaction.  A refused
save keeps everything typed; closing with changes asks first."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from agroferia.core import vendors
from agroferia.core.accounts import Right
from agroferia.core.errors import ValidationError
from agroferia.core.models import DocType
from agroferia.i18n import _, _n
from agroferia.ui.context import VENDORS, AppContext
from agroferia.ui.permissions import allow
from agroferia.ui.vendors import form_fields as ff
from agroferia.ui.vendors.memberships_box import MembershipsBox
from agroferia.ui.vendors.privacy_box import PrivacyBox, anonymized_banner
from agroferia.ui.vendors.products_box import ProductsBox
from agroferia.ui.widgets import FieldMessages, GuardedDialog, date_text, error_label

CHECK_DELAY_MS = 250


class VendorDialog(GuardedDialog):
    def __init__(self, ctx: AppContext, vendor_id: int | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.vendor_id = vendor_id
        self.saved_id: int | None = None
        self.today = dt.date.today()
        self.messages = FieldMessages()
        self.touched: set[str] = set()
        self.choices, initial = ctx.read(
            lambda s: (ff.load_choices(s, vendor_id), ff.initial_values(s, vendor_id, self.today))
        )
        self.anonymized_at = initial.get("anonymized_at")
        self._build()
        self.set_values(initial)
        if self.anonymized:
            self._read_only()
        self.show_stall_holders(ctx.read(self._stall_holders(self.fairs.wanted_stalls())))
        self.initial = self.values()
        self.touched.clear()
        self._timer = QTimer(self, singleShot=True, interval=CHECK_DELAY_MS)
        self._timer.timeout.connect(self.check)
        self._connect_edits()
        self.given_names.setFocus()

    # layout --------------------------------------------------------------------------
    def _group(self, title: str) -> tuple[QGroupBox, QFormLayout]:
        box = QGroupBox(title)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        return box, form

    def _row(self, form: QFormLayout, field: str, widget: QWidget, required: bool = False) -> None:
        label = vendors.LABELS[field].render() + (" *" if required else "")
        self.messages.add_row(form, label, field, widget)

    def _build(self) -> None:
        code = self.choices.code
        self.setWindowTitle(
            _("Expositor {code}", code=code) if self.vendor_id else _("Nuevo expositor")
        )
        self.given_names, self.surnames = QLineEdit(), QLineEdit()
        self.doc_type = QComboBox()
        for kind in DocType:
            self.doc_type.addItem(kind.value, kind.value)
        self.doc_number = QLineEdit()
        self.sex = ff.sex_combo()
        self.birth_date = ff.date_edit()
        self.age_hint = QLabel()
        self.phone, self.email = QLineEdit(), QLineEdit()
        self.region, self.province, self.district = ff.place_combos()
        self.association = QLineEdit()
        self.association.setCompleter(QCompleter(self.choices.associations, self.association))
        self.main_category = QComboBox()
        self.main_category.addItem(_("(elija el rubro principal)"), None)
        for cid, name in self.choices.categories:
            self.main_category.addItem(name, cid)
        self.other_categories = ff.CategoryChecklist(self.choices.categories)
        self.products = ProductsBox(self.choices.products)
        self.products.allow(self.ctx)
        self.sgp_certified = QCheckBox(_("Tiene certificación orgánica SGP"))
        self.sgp_expires_on = ff.date_edit()
        self.sgp_badge = QLabel()
        self.sgp_badge.setObjectName("sgp_badge")
        self.fairs = MembershipsBox(self.choices.fairs, self.today)
        self.registered_on = ff.date_edit()
        self.status_label = QLabel()
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(64)
        self.privacy = PrivacyBox(self)
        self.consent = self.privacy.consent
        self.consent_how = self.privacy.consent_how
        self.consent_on = self.privacy.consent_on

        person, pf = self._group(_("Datos personales"))
        self._row(pf, "given_names", self.given_names, True)
        self._row(pf, "surnames", self.surnames, True)
        document = QHBoxLayout()
        document.addWidget(self.doc_type)
        document.addWidget(self.doc_number, 1)
        holder = QWidget()
        holder.setLayout(document)
        document.setContentsMargins(0, 0, 0, 0)
        self.messages.add_row(pf, _("Documento") + " *", "doc_number", holder)
        self._row(pf, "sex", self.sex)
        born = QHBoxLayout()
        born.setContentsMargins(0, 0, 0, 0)
        born.addWidget(self.birth_date)
        born.addWidget(self.age_hint, 1)
        born_holder = QWidget()
        born_holder.setLayout(born)
        self._row(pf, "birth_date", born_holder)
        self._row(pf, "phone", self.phone)
        self._row(pf, "email", self.email)

        origin, of = self._group(_("Procedencia"))
        self._row(of, "region", self.region)
        self._row(of, "province", self.province)
        self._row(of, "district", self.district)
        self._row(of, "association", self.association)

        offer, pof = self._group(_("Lo que ofrece"))
        self._row(pof, "products", self.products)

        fair, ffm = self._group(_("En la feria"))
        self._row(ffm, "main_category", self.main_category, True)
        self._row(ffm, "other_categories", self.other_categories)
        sgp = QHBoxLayout()
        sgp.setContentsMargins(0, 0, 0, 0)
        sgp.addWidget(self.sgp_certified)
        sgp.addWidget(QLabel(_("vence:")))
        sgp.addWidget(self.sgp_expires_on)
        sgp.addWidget(self.sgp_badge, 1)
        sgp_holder = QWidget()
        sgp_holder.setLayout(sgp)
        self.messages.add_row(ffm, _("SGP"), "sgp_expires_on", sgp_holder)
        ffm.addRow(self.fairs.with_messages(self.messages))  # across the group: lines are wide
        self.fairs.tab_after(self.sgp_expires_on)
        self._row(ffm, "registered_on", self.registered_on)
        ffm.addRow(vendors.LABELS["status"].render(), self.status_label)
        self._row(ffm, "notes", self.notes)

        columns = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(person)
        left.addWidget(origin)
        left.addWidget(offer)
        left.addStretch(1)
        columns.addLayout(left, 2)
        right = QVBoxLayout()
        right.addWidget(fair)
        right.addWidget(self.privacy)
        right.addStretch(1)
        columns.addLayout(right, 3)  # a line per fair is wide
        self.summary = error_label("summary")
        self.buttons = self.save_cancel_buttons()
        allow(self.buttons.button(QDialogButtonBox.StandardButton.Save), self.ctx, Right.REGISTRY)
        layout = QVBoxLayout(self)
        if self.anonymized:
            layout.addWidget(anonymized_banner(self.anonymized_at))
        layout.addLayout(columns)
        layout.addWidget(QLabel(_("* obligatorio. Las fechas se escriben dd/mm/aaaa.")))
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)
        self.products.tab_after(self.association)  # down the left column, then the right
        self.resize(max(1120, self.sizeHint().width()), self.sizeHint().height())

    # values --------------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        """What the form holds, as ``vendors.validate`` takes it."""
        return {
            "given_names": self.given_names.text(),
            "surnames": self.surnames.text(),
            "doc_type": self.doc_type.currentData(),
            "doc_number": self.doc_number.text(),
            "sex": self.sex.currentData(),
            "birth_date": self.birth_date.text(),
            "phone": self.phone.text(),
            "email": self.email.text(),
            "region": self.region.currentData(),
            "province": self.province.currentData(),
            "district": self.district.currentData(),
            "association": self.association.text(),
            "main_category": self.main_category.currentData(),
            "other_categories": self.other_categories.checked_ids(),
            "products": self.products.values(),
            "sgp_certified": self.sgp_certified.isChecked(),
            "sgp_expires_on": self.sgp_expires_on.text() if self.sgp_certified.isChecked() else "",
            "fairs": self.fairs.values(),
            "registered_on": self.registered_on.text(),
            "notes": self.notes.toPlainText(),
            **self.privacy.values(),
        }

    def set_values(self, data: dict[str, Any]) -> None:
        self.given_names.setText(data["given_names"] or "")
        self.surnames.setText(data["surnames"] or "")
        ff.select(self.doc_type, data["doc_type"])
        self.doc_number.setText(data["doc_number"] or "")
        ff.select(self.sex, data["sex"])
        self.birth_date.setText(date_text(data["birth_date"]))
        self.phone.setText(data["phone"] or "")
        self.email.setText(data["email"] or "")
        ff.set_place(self.region, self.province, self.district, data)
        self.association.setText(data["association"] or "")
        ff.select(self.main_category, data["main_category"])
        self.other_categories.set_checked(data["other_categories"] or [])
        self.products.set_values(data.get("products") or [])
        self.sgp_certified.setChecked(bool(data["sgp_certified"]))
        self.sgp_expires_on.setText(date_text(data["sgp_expires_on"]))
        self.fairs.set_values(data.get("fairs") or [], follow=self.vendor_id is None)
        self.registered_on.setText(date_text(data["registered_on"]))
        self.status_label.setText(ff.status_text(data.get("status")))
        self.notes.setPlainText(data["notes"] or "")
        self.privacy.set_values(data)
        self._update_hints()
        # as tall as its fairs' lines need, once they are laid out
        QTimer.singleShot(0, self, self.fit_messages)

    def has_changes(self) -> bool:
        return self.values() != self.initial

    @property
    def anonymized(self) -> bool:
        return self.anonymized_at is not None

    def _read_only(self) -> None:
        """An anonymized record is shown, never edited (its data can still be exported).
        Its birth date is only what the figures of its fair days need: not shown as one."""
        self.birth_date.clear()
        self.age_hint.setText(_("(se conserva aproximada, solo para las estadísticas)"))
        for kind in (QLineEdit, QComboBox, QCheckBox, QPlainTextEdit, ff.CategoryChecklist):
            for widget in self.findChildren(kind):
                widget.setEnabled(False)
        self.fairs.set_read_only()
        self.products.set_read_only()
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(False)

    def finish_anonymized(self) -> None:
        """Closes the form once its vendor was anonymized: what it held is gone."""
        self.initial = self.values()
        self.saved_id = self.vendor_id
        QDialog.done(self, QDialog.DialogCode.Accepted)

    # checking as the person types ------------------------------------------------------
    def _connect_edits(self) -> None:
        for field, signal in ff.edit_signals(self):
            signal.connect(lambda *_args, f=field: self._edited(f))
        self.region.currentIndexChanged.connect(
            lambda _i: ff.fill_provinces(self.province, self.district, self.region.currentData())
        )
        self.province.currentIndexChanged.connect(
            lambda _i: ff.fill_districts(
                self.district, self.region.currentData(), self.province.currentData()
            )
        )
        self.main_category.currentIndexChanged.connect(
            lambda _i: self.other_categories.set_main(self.main_category.currentData())
        )
        self.other_categories.set_main(self.main_category.currentData())
        self.main_category.currentIndexChanged.connect(self._offer_rubros)
        self.other_categories.itemChanged.connect(self._offer_rubros)
        self._offer_rubros()
        self.sgp_certified.toggled.connect(self.sgp_expires_on.setEnabled)
        self.sgp_expires_on.setEnabled(self.sgp_certified.isChecked())
        if self.vendor_id is None:  # a new vendor joins its fairs when registered
            self.registered_on.textEdited.connect(self.fairs.follow_registry)

    def _offer_rubros(self, *_args: object) -> None:
        """The products of the vendor's rubros come first where products are chosen."""
        rubros = [self.main_category.currentData(), *self.other_categories.checked_ids()]
        self.products.set_categories(rubros)

    def _edited(self, field: str) -> None:
        self.touched.add(field)
        self._update_hints()
        self._timer.start()

    def _update_hints(self) -> None:
        youth = self.choices.youth
        self.age_hint.setText(ff.age_text(self.birth_date.text(), self.today, youth))
        text, style = ff.sgp_badge(
            self.sgp_certified.isChecked(), self.sgp_expires_on.text(), self.today
        )
        self.sgp_badge.setText(text)
        self.sgp_badge.setStyleSheet(style)

    def _stall_holders(self, wanted: list) -> Any:
        """A reading of who already has each line's stall (lines as ``wanted_stalls``)."""
        vendor_id = self.vendor_id

        def read(session) -> list[tuple[Any, vendors.Registered | None]]:
            return [
                (line, vendors.stall_holder(session, fair_id, stall, vendor_id))
                for line, fair_id, stall in wanted
            ]

        return read

    def errors(self) -> ValidationError | None:
        """The form's errors; the stalls' warnings are shown on the way."""
        data = self.values()
        holders = self._stall_holders(self.fairs.wanted_stalls())

        def check(session) -> tuple[ValidationError | None, list]:
            holder = holders(session)
            current = vendors.get(session, self.vendor_id) if self.vendor_id else None
            try:
                vendors.validate(session, data, current=current, today=self.today)
            except ValidationError as error:
                return error, holder
            return None, holder

        error, holder = self.ctx.read(check)
        self.show_stall_holders(holder)
        return error

    def show_stall_holders(self, found: list) -> None:
        """A warning under each fair's line whose stall another active vendor of that fair
        has (saving is still allowed: two may share one, or one is leaving it)."""
        self.fairs.show_holders(found)
        self.fit_messages()

    def check(self, *, all_fields: bool = False) -> ValidationError | None:
        error = self.errors()
        self.messages.show(error, None if all_fields else self.touched)
        if not all_fields:
            self.summary.clear()
        self.fit_messages()
        return error

    def fit_messages(self) -> None:
        """Grows the window so that no message is cut: a wrapped message needs more height
        than the window gave the form when it opened, and a window does not grow by itself
        for text that wraps."""
        layout = self.layout()
        if layout is None:
            return
        layout.activate()
        needed = layout.totalHeightForWidth(self.width())
        self.setMinimumHeight(max(needed, layout.totalMinimumSize().height()))
        if needed > self.height():
            self.resize(self.width(), needed)

    # saving and closing ----------------------------------------------------------------
    def save(self) -> bool:
        self._timer.stop()
        error = self.check(all_fields=True)
        if error is None:
            try:
                with self.ctx.write(VENDORS) as session:
                    if self.vendor_id is None:
                        created = vendors.register(
                            session, self.ctx.actor, self.values(), today=self.today
                        )
                        self.saved_id = created.id
                    else:
                        vendors.update(
                            session, self.ctx.actor, self.vendor_id, self.values(), today=self.today
                        )
                        self.saved_id = self.vendor_id
            except ValidationError as refused:  # someone else took the document meanwhile
                error = refused
                self.messages.show(error)
        if error is not None:
            self.summary.setText(
                _n(len(error.errors), "No se guardó: revise el campo marcado en rojo.",
                   "No se guardó: revise los {n} campos marcados en rojo.")
            )  # fmt: skip
            self.fit_messages()
            ff.focus_first_error(self, error)
            return False
        self.initial = self.values()
        return True

    def accept(self) -> None:
        if self.anonymized:
            return
        if self.save():
            super().accept()

    def done(self, result: int) -> None:
        self._timer.stop()  # a check still waiting reads nothing once the form is closed
        super().done(result)
