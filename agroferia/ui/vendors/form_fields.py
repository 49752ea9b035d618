"""The vendor form's pieces: its choices from the database, the region → province →
district cascade, the rubro checklist, the age and SGP hints."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QListWidget, QListWidgetItem
from sqlalchemy.orm import Session

from agroferia.core import catalog, fairs, labels, roster, settings, ubigeo, vendors
from agroferia.core.age import age_on
from agroferia.core.errors import ValidationError
from agroferia.core.validation import Invalid, parse_date
from agroferia.i18n import _
from agroferia.ui.vendors import products_box
from agroferia.ui.widgets import ERROR_STYLE, MUTED_STYLE

if TYPE_CHECKING:
    from agroferia.ui.vendors.form import VendorDialog

OK_STYLE = "color: #1e6b34; font-weight: bold;"
WARN_STYLE = "color: #8a5a00; font-weight: bold;"
BAD_STYLE = ERROR_STYLE + " font-weight: bold;"
DATE_WIDTH = 110


@dataclass(frozen=True)
class Choices:
    code: str  # the vendor's code, or the one a new vendor will get
    categories: list[tuple[int, str]]  # active ones, plus those the vendor already has
    fairs: list[tuple[int, str]]
    associations: list[str]
    youth: tuple[int, int]
    products: list[products_box.Choice]  # the catalogue


def load_choices(session: Session, vendor_id: int | None) -> Choices:
    keep: set[int] = set()
    member_of: set[int] = set()
    code = vendors.next_code(session)
    if vendor_id is not None:
        vendor = vendors.get(session, vendor_id)
        keep = {vendor.main_category_id, *(c.id for c in vendor.other_categories)}
        member_of = {m.fair_id for m in vendor.memberships}
        code = vendor.code
    categories = [
        (c.id, c.name)
        for c in catalog.list_categories(session, include_inactive=True)
        if c.active or c.id in keep
    ]
    return Choices(
        code=code,
        categories=categories,
        # the active fairs, and those the vendor belongs to even if no longer active
        fairs=[
            (f.id, f.name if f.active else _("{name} (desactivada)", name=f.name))
            for f in fairs.list_fairs(session, include_inactive=True)
            if f.active or f.id in member_of
        ],
        associations=vendors.associations(session),
        youth=settings.youth_range(session),
        products=products_box.load(session),
    )


def initial_values(session: Session, vendor_id: int | None, today: dt.date) -> dict[str, Any]:
    if vendor_id is not None:
        vendor = vendors.get(session, vendor_id)
        return {**vendors.form_values(vendor), "anonymized_at": vendor.anonymized_at}
    default = fairs.default_fair(session)
    data: dict[str, Any] = dict.fromkeys(vendors.FIELDS)
    data.update(
        doc_type="DNI",
        sex="not_stated",
        registered_on=today,
        # one line to start with: the default fair (or one to choose, when there is none)
        fairs=[
            {
                "fair": default.id if default else None,
                "stall": None,
                "status": "active",
                "registered_on": today,
            }
        ],
        other_categories=[],
        products=[],
        sgp_certified=False,
    )
    return data


def select(combo: QComboBox, value: object) -> None:
    combo.setCurrentIndex(max(combo.findData(value), 0))


def sex_combo() -> QComboBox:
    combo = QComboBox()
    for code, text in labels.SEX.items():
        combo.addItem(text.render(), code)
    return combo


def date_edit() -> QLineEdit:
    edit = QLineEdit()
    edit.setPlaceholderText(_("dd/mm/aaaa"))
    edit.setMaxLength(10)
    edit.setFixedWidth(DATE_WIDTH)
    return edit


def status_text(status: str | None) -> str:
    if status is None:
        return labels.VENDOR_STATUS["active"].render()
    return (
        labels.VENDOR_STATUS[status].render()
        + "  "
        + _("(se cambia con Suspender / Retirar / Reactivar en la lista)")
    )


# region → province → district --------------------------------------------------------------
def place_combos() -> tuple[QComboBox, QComboBox, QComboBox]:
    region, province, district = QComboBox(), QComboBox(), QComboBox()
    region.addItem(_("(sin indicar)"), None)
    for name in ubigeo.regions():
        region.addItem(name, name)
    for combo in (province, district):
        combo.addItem(_("(sin indicar)"), None)
        combo.setEnabled(False)
    return region, province, district


def _refill(combo: QComboBox, names: list[str]) -> None:
    combo.blockSignals(True)
    combo.clear()
    combo.addItem(_("(sin indicar)"), None)
    for name in names:
        combo.addItem(name, name)
    combo.setEnabled(bool(names))
    combo.blockSignals(False)
    combo.currentIndexChanged.emit(0)


def fill_provinces(province: QComboBox, district: QComboBox, region: str | None) -> None:
    _refill(province, ubigeo.provinces(region) if region else [])


def fill_districts(district: QComboBox, region: str | None, province: str | None) -> None:
    _refill(district, ubigeo.districts(region, province) if region and province else [])


def set_place(region: QComboBox, province: QComboBox, district: QComboBox, data: dict) -> None:
    select(region, data.get("region"))
    fill_provinces(province, district, region.currentData())
    select(province, data.get("province"))
    fill_districts(district, region.currentData(), province.currentData())
    select(district, data.get("district"))


# rubros ---------------------------------------------------------------------------------
class CategoryChecklist(QListWidget):
    """The other rubros a vendor sells in; the main one is shown checked and fixed."""

    def __init__(self, categories: list[tuple[int, str]]) -> None:
        super().__init__()
        self.main_id: int | None = None
        for cid, name in categories:
            item = QListWidgetItem(name, self)
            item.setData(Qt.ItemDataRole.UserRole, cid)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        rows = min(max(self.count(), 3), 10)
        self.setFixedHeight(rows * max(self.sizeHintForRow(0), 16) + 2 * self.frameWidth() + 4)

    def _items(self) -> list[QListWidgetItem]:
        return [self.item(i) for i in range(self.count())]

    def checked_ids(self) -> list[int]:
        return [
            item.data(Qt.ItemDataRole.UserRole)
            for item in self._items()
            if item.checkState() == Qt.CheckState.Checked
            and item.data(Qt.ItemDataRole.UserRole) != self.main_id
        ]

    def set_checked(self, ids: list[int]) -> None:
        for item in self._items():
            checked = item.data(Qt.ItemDataRole.UserRole) in ids
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def set_main(self, main_id: int | None) -> None:
        """The main rubro is checked and cannot be unticked; the previous one is freed."""
        self.blockSignals(True)
        for item in self._items():
            cid = item.data(Qt.ItemDataRole.UserRole)
            flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable
            if cid == main_id:
                item.setCheckState(Qt.CheckState.Checked)
                item.setFlags(Qt.ItemFlag.NoItemFlags)
                item.setToolTip(_("Rubro principal"))
            else:
                if cid == self.main_id:
                    item.setCheckState(Qt.CheckState.Unchecked)
                item.setFlags(flags)
                item.setToolTip("")
        self.main_id = main_id
        self.blockSignals(False)


# hints ----------------------------------------------------------------------------------
def _date_or_none(text: str) -> dt.date | None:
    try:
        return parse_date(text)
    except Invalid:
        return None


def age_text(text: str, today: dt.date, youth: tuple[int, int]) -> str:
    born = _date_or_none(text)
    if born is None or born > today:
        return ""
    age = age_on(born, today)
    if youth[0] <= age <= youth[1]:
        return _("{age} años · joven", age=age)
    return _("{age} años", age=age)


def sgp_badge(certified: bool, expires_text: str, today: dt.date) -> tuple[str, str]:
    """The badge text and its style: expired, expiring within 30 days, or valid."""
    if not certified:
        return "", MUTED_STYLE
    expires = _date_or_none(expires_text)
    state = roster.sgp_state(True, expires, today)
    if state == roster.SGP_EXPIRED:
        return _("Vencida"), BAD_STYLE
    if state == roster.SGP_EXPIRING:
        days = (expires - today).days if expires else 0
        return _("Vence en {days} días", days=days), WARN_STYLE
    return (_("Vigente") if expires else _("Vigente (sin fecha de vencimiento)")), OK_STYLE


def edit_signals(form: VendorDialog) -> list[tuple[str, Any]]:
    """(field, the signal that says the person changed it)."""
    lines = ("given_names", "surnames", "doc_number", "birth_date", "phone", "email",
             "association", "sgp_expires_on", "registered_on")  # fmt: skip
    lines += ("consent_on",)
    combos = ("doc_type", "sex", "region", "province", "district", "main_category", "consent",
              "consent_how")  # fmt: skip
    signals = [(f, getattr(form, f).textEdited) for f in lines]
    signals += [(f, getattr(form, f).currentIndexChanged) for f in combos]
    signals.append(("doc_number", form.doc_type.currentIndexChanged))
    signals.append(("other_categories", form.other_categories.itemChanged))
    signals.append(("sgp_expires_on", form.sgp_certified.toggled))
    signals.append(("notes", form.notes.textChanged))
    signals.append(("fairs", form.fairs.edited))
    signals.append(("products", form.products.edited))
    return signals


def focus_first_error(form: VendorDialog, error: ValidationError) -> None:
    first = error.errors[0].field
    widget = getattr(form, first, None)
    if widget is not None:
        widget.setFocus()
