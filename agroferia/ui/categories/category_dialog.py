"""Add a rubro or rename one (its name and description). The values are checked by the core
as the person types; a refused save leaves the dialog open with what was typed."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from agroferia.core import catalog
from agroferia.core.errors import ValidationError
from agroferia.i18n import _
from agroferia.ui.context import CATEGORIES, AppContext
from agroferia.ui.widgets import FieldMessages, GuardedDialog, note

NAME_MAX, DESCRIPTION_MAX = 80, 200  # as the core checks them


class CategoryDialog(GuardedDialog):
    """``category_id`` None adds a rubro; otherwise renames that one."""

    def __init__(
        self, ctx: AppContext, category_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.category_id = category_id
        self.saved_id: int | None = None
        self.touched: set[str] = set()
        self.setWindowTitle(_("Nuevo rubro") if category_id is None else _("Renombrar rubro"))
        layout = QVBoxLayout(self)
        if category_id is not None:
            layout.addWidget(
                note(_("El nuevo nombre se verá en los expositores, ventas y reportes que ya "
                       "tienen este rubro."))
            )  # fmt: skip
        form = QFormLayout()
        self.messages = FieldMessages()
        self.name = QLineEdit()
        self.name.setObjectName("name")
        self.name.setMaxLength(NAME_MAX + 20)  # room to see the "too long" message
        self.name.setPlaceholderText(_("p. ej. Plantas medicinales"))
        self.description = QLineEdit()
        self.description.setObjectName("description")
        self.description.setMaxLength(DESCRIPTION_MAX + 20)
        self.description.setPlaceholderText(_("Opcional: qué productos incluye"))
        self.messages.add_row(form, catalog.NAME.render() + " *", "name", self.name)
        self.messages.add_row(form, catalog.DESCRIPTION.render(), "description", self.description)
        layout.addLayout(form)
        self.buttons = self.save_cancel_buttons()
        layout.addWidget(self.buttons)
        if category_id is not None:
            name, description = ctx.read(lambda s: _name_and_description(s, category_id))
            self.name.setText(name)
            self.description.setText(description)
        self.name.textEdited.connect(lambda _text: self._edited("name"))
        self.description.textEdited.connect(lambda _text: self._edited("description"))
        self.initial = self.values()
        self.resize(480, self.sizeHint().height())
        self.name.setFocus()
        self.name.selectAll()

    def values(self) -> tuple[str, str]:
        return self.name.text(), self.description.text()

    def has_changes(self) -> bool:
        return self.values() != self.initial

    def _errors(self) -> ValidationError | None:
        name, description = self.values()
        try:
            self.ctx.read(
                lambda s: catalog.validate_category(s, name, description, self.category_id)
            )
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
            return
        name, description = self.values()
        try:
            with self.ctx.write(CATEGORIES) as session:
                if self.category_id is None:
                    category = catalog.add_category(session, self.ctx.actor, name, description)
                else:
                    category = catalog.rename_category(
                        session, self.ctx.actor, self.category_id, name, description
                    )
                self.saved_id = category.id
        except ValidationError as refused:  # another window took the name meanwhile
            self.messages.show(refused)
            return
        super().accept()


def _name_and_description(session: Session, category_id: int) -> tuple[str, str]:
    category = catalog.get_category(session, category_id)
    return category.name, category.description or ""
