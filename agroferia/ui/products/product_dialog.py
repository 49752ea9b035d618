"""Add a product to the catalogue or change one (name, rubro, kind, native variety, other
names, practice).  Checked by the core as the person types; saving marks it reviewed; a
refused save leaves the dialog open with what was typed."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from agroferia.core import catalog
from agroferia.core.errors import ValidationError
from agroferia.core.models import ProductKind
from agroferia.core.products import catalogue
from agroferia.i18n import _
from agroferia.ui.context import VENDORS, AppContext
from agroferia.ui.widgets import FieldMessages, GuardedDialog, note

PRODUCTS = "products"  # what a change of the catalogue touched (pages refresh on it)
ROOM = 20  # characters past each limit, to see the "too long" message


class ProductDialog(GuardedDialog):
    """``product_id`` None adds a product; otherwise changes that one."""

    def __init__(
        self, ctx: AppContext, product_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.product_id = product_id
        self.saved_id: int | None = None
        self.touched: set[str] = set()
        self.setWindowTitle(_("Nuevo producto") if product_id is None else _("Editar producto"))
        current, categories = ctx.read(lambda s: (_current(s, product_id), _categories(s)))
        layout = QVBoxLayout(self)
        if current is not None and not current["reviewed"]:
            layout.addWidget(
                note(_("Este nombre lo trajo un expositor o un archivo y está por revisar. "
                       "Corríjalo y guárdelo, o únalo con el producto que ya existe "
                       "(Unir con… en la lista)."))
            )  # fmt: skip
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.messages = FieldMessages()
        L = catalogue.LABELS  # noqa: N806
        self.name = self._line("name", catalogue.NAME_MAX, _("p. ej. Papa nativa"))
        self.category = QComboBox()
        self.category.setObjectName("category")
        self.category.addItem(_("(elija el rubro)"), None)
        keep = current["category"] if current else None
        for cid, name, active in categories:
            if active or cid == keep:
                self.category.addItem(name, cid)
        self.kind = QComboBox()
        self.kind.setObjectName("kind")
        for kind in ProductKind:
            self.kind.addItem(catalogue.KIND_LABELS[kind].render(), kind.value)
        self.native = QCheckBox(_("Es una variedad nativa (andina o amazónica)"))
        self.native.setObjectName("native")
        self.scientific_name = self._line("scientific_name", 120,
                                          _("p. ej. Solanum tuberosum subsp. andigenum"))  # fmt: skip
        self.local_names = self._line("local_names", 200, _("p. ej. huayro, peruanita"))
        self.practice = self._line("practice", 200, _("p. ej. agroecológica, con SGP"))
        for field, widget, required in (
            ("name", self.name, True),
            ("category", self.category, True),
            ("kind", self.kind, False),
            ("native", self.native, False),
            ("scientific_name", self.scientific_name, False),
            ("local_names", self.local_names, False),
            ("practice", self.practice, False),
        ):
            label = L[field].render() + (" *" if required else "")
            self.messages.add_row(form, label, field, widget)
        layout.addLayout(form)
        if current is None:
            layout.addWidget(note(_("* obligatorio. Los productos nuevos quedan revisados.")))
        else:
            layout.addWidget(note(_("* obligatorio. Al guardar, el producto queda revisado.")))
        self.buttons = self.save_cancel_buttons()
        layout.addWidget(self.buttons)
        if current is not None:
            self._set(current)
        self.name.textEdited.connect(lambda _t: self._edited("name"))
        self.category.currentIndexChanged.connect(lambda _i: self._edited("category"))
        self.kind.currentIndexChanged.connect(lambda _i: self._edited("kind"))
        self.native.toggled.connect(lambda _b: self._edited("native"))
        for field in ("scientific_name", "local_names", "practice"):
            getattr(self, field).textEdited.connect(lambda _t, f=field: self._edited(f))
        self.initial = self.values()
        self.resize(560, self.sizeHint().height())
        self.name.setFocus()
        self.name.selectAll()

    def _line(self, field: str, limit: int, placeholder: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(field)
        edit.setMaxLength(limit + ROOM)
        edit.setPlaceholderText(placeholder)
        return edit

    def _set(self, data: dict[str, Any]) -> None:
        self.name.setText(data["name"])
        self.category.setCurrentIndex(max(self.category.findData(data["category"]), 0))
        self.kind.setCurrentIndex(max(self.kind.findData(data["kind"]), 0))
        self.native.setChecked(bool(data["native"]))
        for field in ("scientific_name", "local_names", "practice"):
            getattr(self, field).setText(data[field] or "")

    def values(self) -> dict[str, Any]:
        return {
            "name": self.name.text(),
            "category": self.category.currentData(),
            "kind": self.kind.currentData(),
            "native": self.native.isChecked(),
            "scientific_name": self.scientific_name.text(),
            "local_names": self.local_names.text(),
            "practice": self.practice.text(),
        }

    def has_changes(self) -> bool:
        return self.values() != self.initial

    def _errors(self) -> ValidationError | None:
        data, product_id = self.values(), self.product_id

        def check(session: Session) -> None:
            current = catalogue.get(session, product_id) if product_id is not None else None
            catalogue.validate(session, data, current=current)

        try:
            self.ctx.read(check)
        except ValidationError as error:
            return error
        return None

    def _edited(self, field: str) -> None:
        self.touched.add(field)
        self.messages.show(self._errors(), self.touched)

    def accept(self) -> None:
        """Saves; on a refusal the messages show and everything typed stays."""
        error = self._errors()
        self.messages.show(error)
        if error is not None:
            getattr(self, error.errors[0].field, self.name).setFocus()
            return
        try:
            with self.ctx.write(PRODUCTS, VENDORS) as session:
                if self.product_id is None:
                    product = catalogue.add(session, self.ctx.actor, self.values())
                else:
                    product = catalogue.edit(session, self.ctx.actor, self.product_id,
                                             self.values())  # fmt: skip
                self.saved_id = product.id
        except ValidationError as refused:  # another window took the name meanwhile
            self.messages.show(refused)
            return
        super().accept()


def _current(session: Session, product_id: int | None) -> dict[str, Any] | None:
    if product_id is None:
        return None
    p = catalogue.get(session, product_id)
    return {
        "name": p.name,
        "category": p.category_id,
        "kind": p.kind,
        "native": p.native,
        "scientific_name": p.scientific_name,
        "local_names": p.local_names,
        "practice": p.practice,
        "reviewed": p.reviewed,
    }


def _categories(session: Session) -> list[tuple[int, str, bool]]:
    return [
        (c.id, c.name, c.active) for c in catalog.list_categories(session, include_inactive=True)
    ]
