"""The settings the Configuración page saves together: the organization shown in the reports
(name, municipality, logo, active fair) and the youth age range."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from agroferia.core import fairs, settings
from agroferia.core.age import DEFAULT_YOUTH
from agroferia.core.day_sheet.sheet import UNUSUAL_FACTOR
from agroferia.core.errors import ValidationError
from agroferia.core.money import plain
from agroferia.i18n import _
from agroferia.ui.settings.logo import LogoPicker
from agroferia.ui.widgets import FieldMessages, note

FairChoice = tuple[int, str]


def load(session: Session) -> tuple[dict[str, Any], list[FairChoice]]:
    """The values to show and the fairs to offer: the active ones, and the chosen one even
    when it has been deactivated since.  The fair shown is the one new records go to."""
    values = settings.current(session)
    chosen = fairs.default_fair(session)
    values["default_fair_id"] = chosen.id if chosen else None
    choices = [(fair.id, fair.name) for fair in fairs.list_fairs(session)]
    if chosen is not None and not chosen.active:
        choices.append((chosen.id, _("{name} (desactivada)", name=chosen.name)))
    return values, choices


def _note_under(message: QLabel, text: str, *, wrap: bool = False) -> None:
    """A grey note under a field, below the field's red message.  One line unless ``wrap``:
    QFormLayout shares the height badly between several rows that wrap their text."""
    label = note(text)
    label.setWordWrap(wrap)
    message.parentWidget().layout().addWidget(label)


def _align_labels(forms: list[QFormLayout]) -> None:
    """The fields of several boxes start at the same place."""
    labels = [
        item.widget()
        for form in forms
        for row in range(form.rowCount())
        if (item := form.itemAt(row, QFormLayout.ItemRole.LabelRole)) is not None
    ]
    width = max((label.sizeHint().width() for label in labels), default=0)
    for label in labels:
        label.setMinimumWidth(width)


def _group(title: str, intro: str | None = None) -> tuple[QGroupBox, QFormLayout]:
    box = QGroupBox(title)
    column = QVBoxLayout(box)
    if intro:
        column.addWidget(note(intro))
    form = QFormLayout()
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    column.addLayout(form)
    return box, form


class SettingsForm(QWidget):
    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.messages = FieldMessages()
        self.touched: set[str] = set()
        self._refused: ValidationError | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._organization_box())
        layout.addWidget(self._participation_box())
        layout.addWidget(self._sales_box())
        layout.addWidget(self._access_box())
        _align_labels(self.findChildren(QFormLayout))

    # layout --------------------------------------------------------------------------
    def _organization_box(self) -> QGroupBox:
        box, form = _group(
            _("Organización"),
            _("Estos datos aparecen en el encabezado de los reportes (Excel y PDF)."),
        )
        self.organization_name = QLineEdit()
        self.organization_name.setPlaceholderText(
            _("p. ej. Asociación de Productores de la Agroferia Campesina")
        )
        self.municipality_name = QLineEdit()
        self.municipality_name.setPlaceholderText(
            _("p. ej. Municipalidad Distrital de Magdalena del Mar")
        )
        self.logo = LogoPicker()
        self.default_fair = QComboBox()
        self.messages.add_row(
            form, settings.ORGANIZATION.render(), "organization_name", self.organization_name
        )
        municipality = self.messages.add_row(
            form, settings.MUNICIPALITY.render(), "municipality_name", self.municipality_name
        )
        _note_under(
            municipality,
            _("El reporte de una feria usa la municipalidad de esa feria, si la tiene."),
        )
        self.messages.add_row(form, settings.LOGO.render(), "logo_path", self.logo)
        fair = self.messages.add_row(
            form, settings.DEFAULT_FAIR.render(), "default_fair_id", self.default_fair
        )
        _note_under(fair, _("Los expositores y jornadas nuevos se registran en esta feria."))
        for field, edit in (
            ("organization_name", self.organization_name),
            ("municipality_name", self.municipality_name),
        ):
            edit.textEdited.connect(lambda _text, f=field: self._edited(f))
        self.logo.changed.connect(lambda: self._edited("logo_path"))
        self.logo.refused.connect(self._logo_refused)
        self.default_fair.activated.connect(lambda _i: self._edited("default_fair_id"))
        return box

    def _participation_box(self) -> QGroupBox:
        box, form = _group(_("Participación"))
        self.youth_min, self.youth_max = QSpinBox(), QSpinBox()
        for spin in (self.youth_min, self.youth_max):
            spin.setRange(0, settings.MAX_YOUTH_AGE)
            spin.valueChanged.connect(lambda _v: self._edited("youth_range"))
        self.youth_min.setAccessibleName(settings.YOUTH_MIN.render())
        self.youth_max.setAccessibleName(settings.YOUTH_MAX.render())
        low, high = DEFAULT_YOUTH
        self.youth_default = QPushButton(_("Usar {low} a {high}", low=low, high=high))
        self.youth_default.clicked.connect(lambda: self.set_youth(*DEFAULT_YOUTH))
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        # One sentence, so that each language orders its words: "de {low} a {high} años".
        spins = {"{low}": self.youth_min, "{high}": self.youth_max}
        for part in re.split(r"(\{low\}|\{high\})", _("de {low} a {high} años")):
            if part in spins:
                row.addWidget(spins[part])
            elif part.strip():
                row.addWidget(QLabel(part.strip()))
        row.addSpacing(12)
        row.addWidget(self.youth_default)
        row.addStretch(1)
        holder = QWidget()
        holder.setLayout(row)
        youth = self.messages.add_row(form, _("Jóvenes"), "youth_range", holder)
        form.labelForField(youth.parentWidget()).setBuddy(self.youth_min)
        _note_under(
            youth,
            _(
                "En el Perú son jóvenes las personas de {low} a {high} años (Ley 27802). "
                "Este rango cuenta a los jóvenes en el panel, el padrón y los reportes; "
                "cámbielo solo si se lo piden.",
                low=low,
                high=high,
            ),
            wrap=True,
        )
        return box

    def _sales_box(self) -> QGroupBox:
        box, form = _group(_("Hoja de la jornada"))
        self.unusual_sale = QLineEdit()
        self.unusual_sale.setObjectName("unusual_sale")
        self.unusual_sale.setPlaceholderText(_("p. ej. 5000.00"))
        self.unusual_sale.setMaximumWidth(160)
        self.unusual_sale.textEdited.connect(lambda _text: self._edited(settings.UNUSUAL_SALE_KEY))
        amount = QWidget()
        row = QHBoxLayout(amount)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel("S/"))
        row.addWidget(self.unusual_sale)
        row.addStretch(1)
        unusual = self.messages.add_row(
            form, settings.UNUSUAL_SALE.render(), settings.UNUSUAL_SALE_KEY, amount
        )
        form.labelForField(unusual.parentWidget()).setBuddy(self.unusual_sale)
        _note_under(
            unusual,
            _("Al guardar la jornada se pide confirmar el día de un expositor que supere "
              "{factor} veces lo que vende en un día habitual, o este monto si todavía no tiene "
              "ventas anotadas. Nunca se rechaza.", factor=UNUSUAL_FACTOR),
            wrap=True,
        )  # fmt: skip
        return box

    def _access_box(self) -> QGroupBox:
        box, form = _group(_("Acceso"))
        self.idle_lock = QSpinBox()
        self.idle_lock.setObjectName("idle_lock")
        self.idle_lock.setRange(1, settings.MAX_IDLE_LOCK_MINUTES)
        self.idle_lock.setSuffix(" " + _("min"))
        self.idle_lock.setMaximumWidth(120)
        self.idle_lock.valueChanged.connect(lambda _v: self._edited(settings.IDLE_LOCK_KEY))
        idle = self.messages.add_row(
            form, settings.IDLE_LOCK.render(), settings.IDLE_LOCK_KEY, self.idle_lock
        )
        _note_under(idle, _("La ventana pide de nuevo la contraseña; lo escrito no se pierde."))
        self.sign_in_to_read = QCheckBox(_("También el Panel, los reportes y las exportaciones"))
        self.sign_in_to_read.setObjectName("sign_in_to_read")
        self.sign_in_to_read.toggled.connect(lambda _on: self._edited(settings.SIGN_IN_TO_READ_KEY))
        read = self.messages.add_row(
            form, settings.SIGN_IN_TO_READ.render(), settings.SIGN_IN_TO_READ_KEY,
            self.sign_in_to_read,
        )  # fmt: skip
        _note_under(
            read,
            _("Si no se marca, la línea de comandos da cifras agregadas sin pedir cuenta; "
              "cambiar datos siempre la pide."),
            wrap=True,
        )  # fmt: skip
        return box

    # values --------------------------------------------------------------------------
    def set_fair_choices(self, choices: list[FairChoice], chosen: int | None) -> None:
        combo = self.default_fair
        combo.clear()
        if not choices:
            combo.addItem(_("(no hay ferias activas; cree una en Jornadas)"), None)
        elif chosen is None:
            combo.addItem(_("(elija una feria)"), None)
        for fair_id, name in choices:
            combo.addItem(name, fair_id)
        combo.setEnabled(bool(choices))
        combo.setCurrentIndex(max(combo.findData(chosen), 0))

    def values(self) -> dict[str, Any]:
        return {
            "organization_name": self.organization_name.text(),
            "municipality_name": self.municipality_name.text(),
            "logo_path": self.logo.path(),
            "default_fair_id": self.default_fair.currentData(),
            "youth_min_age": self.youth_min.value(),
            "youth_max_age": self.youth_max.value(),
            settings.UNUSUAL_SALE_KEY: self.unusual_sale.text(),
            settings.IDLE_LOCK_KEY: self.idle_lock.value(),
            settings.SIGN_IN_TO_READ_KEY: self.sign_in_to_read.isChecked(),
        }

    def set_values(self, values: dict[str, Any]) -> None:
        self.organization_name.setText(values.get("organization_name") or "")
        self.municipality_name.setText(values.get("municipality_name") or "")
        self.logo.set_path(values.get("logo_path"))
        self.default_fair.setCurrentIndex(
            max(self.default_fair.findData(values.get("default_fair_id")), 0)
        )
        self.set_youth(values["youth_min_age"], values["youth_max_age"], edited=False)
        self.unusual_sale.setText(plain(values[settings.UNUSUAL_SALE_KEY]))
        for edit, value in (
            (self.idle_lock, values[settings.IDLE_LOCK_KEY]),
            (self.sign_in_to_read, values[settings.SIGN_IN_TO_READ_KEY]),
        ):
            edit.blockSignals(True)
            if isinstance(edit, QCheckBox):
                edit.setChecked(bool(value))
            else:
                edit.setValue(int(value))
            edit.blockSignals(False)
        self.touched.clear()
        self._refused = None

    def set_youth(self, low: int, high: int, *, edited: bool = True) -> None:
        for spin, value in ((self.youth_min, low), (self.youth_max, high)):
            spin.blockSignals(True)
            spin.setValue(value)
            spin.blockSignals(False)
        if edited:
            self._edited("youth_range")

    # messages ------------------------------------------------------------------------
    def show_errors(self, error: ValidationError | None, *, all_fields: bool = False) -> None:
        """``error``'s messages (for the fields touched so far, unless ``all_fields``), with
        the last refused logo file's."""
        problems = (error.errors if error else []) + (self._refused.errors if self._refused else [])
        shown = None if all_fields else self.touched | ({"logo_path"} if self._refused else set())
        self.messages.show(ValidationError(problems) if problems else None, shown)

    def _edited(self, field: str) -> None:
        self.touched.add(field)
        if field == "logo_path":
            self._refused = None
        self.edited.emit()

    def _logo_refused(self, error: ValidationError) -> None:
        self._refused = error
        self.edited.emit()
