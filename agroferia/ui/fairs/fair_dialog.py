"""Add or edit a fair. Without a context (a database not yet created) it only collects
the values; with one it saves them, and stays open with the messages if they are refused."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QVBoxLayout, QWidget

from agroferia.core import fairs
from agroferia.core.errors import ValidationError
from agroferia.i18n import _
from agroferia.ui.context import FAIRS, AppContext
from agroferia.ui.fairs.fair_form import FairForm
from agroferia.ui.widgets import GuardedDialog


class FairDialog(GuardedDialog):
    def __init__(
        self, ctx: AppContext | None, fair_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.fair_id = fair_id
        self.saved_id: int | None = None
        self.setWindowTitle(_("Editar feria") if fair_id else _("Nueva feria"))
        layout = QVBoxLayout(self)
        self.form = FairForm()
        layout.addWidget(self.form)
        self.buttons = self.save_cancel_buttons()
        layout.addWidget(self.buttons)
        if ctx is not None and fair_id is not None:
            self.form.set_values(ctx.read(lambda s: _fair_values(fairs.get_fair(s, fair_id))))
        self.initial = self.values()
        self.form.edited.connect(lambda: self.form.show_errors(self._errors()))
        self.resize(520, self.sizeHint().height())
        self.form.name.setFocus()

    def values(self) -> dict[str, Any]:
        return self.form.values()

    def _errors(self) -> ValidationError | None:
        try:
            if self.ctx is None:
                fairs.validate_fair(None, self.values())
            else:
                self.ctx.read(lambda s: fairs.validate_fair(s, self.values(), self.fair_id))
        except ValidationError as error:
            return error
        return None

    def accept(self) -> None:
        error = self._errors()
        self.form.show_errors(error, all_fields=True)
        if error is not None:
            return
        if self.ctx is not None:
            try:
                with self.ctx.write(FAIRS) as session:
                    if self.fair_id is None:
                        self.saved_id = fairs.create_fair(
                            session, self.ctx.actor, **self.values()
                        ).id
                    else:
                        fairs.update_fair(session, self.ctx.actor, self.fair_id, **self.values())
                        self.saved_id = self.fair_id
            except ValidationError as refused:  # another window took the name meanwhile
                self.form.show_errors(refused, all_fields=True)
                return
        super().accept()

    def has_changes(self) -> bool:
        return self.values() != self.initial


def _fair_values(fair: Any) -> dict[str, Any]:
    return {
        "name": fair.name,
        "district": fair.district,
        "municipality": fair.municipality,
        "address": fair.address,
        "weekday": fair.weekday,
    }
