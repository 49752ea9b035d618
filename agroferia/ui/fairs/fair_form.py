"""The fields of a fair (name, district, municipality, address, usual weekday), checked by
``core.fairs`` as the person types.  Used by the welcome dialog and the Jornadas page."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QCompleter, QFormLayout, QLineEdit, QWidget

from agroferia.core import fairs, labels, ubigeo
from agroferia.core.collation import text_key
from agroferia.core.errors import ValidationError
from agroferia.i18n import _
from agroferia.ui.widgets import FieldMessages


def district_names() -> list[str]:
    """Every district of Peru, for the completer (the fair's district is free text)."""
    names = {
        name
        for region in ubigeo.regions()
        for province in ubigeo.provinces(region)
        for name in ubigeo.districts(region, province)
    }
    return sorted(names, key=text_key)


class FairForm(QWidget):
    edited = Signal()

    def __init__(self, parent: QWidget | None = None, *, with_address: bool = True) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        self.messages = FieldMessages()
        self.name = QLineEdit()
        self.name.setPlaceholderText(_("p. ej. Agroferia Campesina de Magdalena"))
        self.district = QLineEdit()
        completer = QCompleter(district_names(), self.district)
        completer.setCaseSensitivity(completer.caseSensitivity().CaseInsensitive)
        completer.setFilterMode(completer.filterMode().MatchContains)
        self.district.setCompleter(completer)
        self.municipality = QLineEdit()
        self.municipality.setPlaceholderText(
            _("p. ej. Municipalidad Distrital de Magdalena del Mar")
        )
        self.address = QLineEdit()
        self.weekday = QComboBox()
        self.weekday.addItem(_("(varía)"), None)
        for number, day in enumerate(labels.WEEKDAYS):
            self.weekday.addItem(day.render().capitalize(), number)
        self.messages.add_row(form, fairs.FAIR_NAME.render() + " *", "name", self.name)
        self.messages.add_row(form, fairs.DISTRICT.render(), "district", self.district)
        self.messages.add_row(form, fairs.MUNICIPALITY.render(), "municipality", self.municipality)
        if with_address:
            self.messages.add_row(form, fairs.ADDRESS.render(), "address", self.address)
        else:
            self.address.hide()
        self.messages.add_row(form, fairs.WEEKDAY.render(), "weekday", self.weekday)
        self.touched: set[str] = set()
        for field, edit in (
            ("name", self.name),
            ("district", self.district),
            ("municipality", self.municipality),
            ("address", self.address),
        ):
            edit.textEdited.connect(lambda _t, f=field: self._edited(f))
        self.weekday.currentIndexChanged.connect(lambda _i: self._edited("weekday"))

    def values(self) -> dict[str, Any]:
        return {
            "name": self.name.text(),
            "district": self.district.text(),
            "municipality": self.municipality.text(),
            "address": self.address.text(),
            "weekday": self.weekday.currentData(),
        }

    def set_values(self, data: dict[str, Any]) -> None:
        self.name.setText(data.get("name") or "")
        self.district.setText(data.get("district") or "")
        self.municipality.setText(data.get("municipality") or "")
        self.address.setText(data.get("address") or "")
        self.weekday.setCurrentIndex(max(self.weekday.findData(data.get("weekday")), 0))
        self.touched.clear()

    def _edited(self, field: str) -> None:
        self.touched.add(field)
        self.edited.emit()

    def show_errors(self, error: ValidationError | None, *, all_fields: bool = False) -> None:
        self.messages.show(error, None if all_fields else self.touched)
