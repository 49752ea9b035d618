"""Add or edit a fair day (jornada): date, visitors estimate, notes.  Checked by
``core.fairs`` as the person types (messages under the fields touched); a date off the
fair's usual weekday, or one that has not come yet (it can be planned, but receives no
sales until then), only gets a gentle warning.  A new day starts on the day just held
(``fairs.next_fair_day_date``).  Enter saves, Esc cancels, closing with changes asks first,
and a refused save keeps everything typed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from agroferia.core import fairs
from agroferia.core.errors import OperationError, ValidationError
from agroferia.core.validation import Invalid, parse_date
from agroferia.i18n import _
from agroferia.ui.context import FAIRS, AppContext
from agroferia.ui.fairs.models import weekday_name
from agroferia.ui.widgets import (
    MUTED_STYLE,
    FieldMessages,
    GuardedDialog,
    date_text,
    error_label,
    fit_height,
    note,
)

WARNING_STYLE = "color: #8a5a00;"


class DayDialog(GuardedDialog):
    def __init__(
        self,
        ctx: AppContext,
        fair_id: int,
        day_id: int | None = None,
        parent: QWidget | None = None,
        *,
        today: dt.date | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.fair_id = fair_id
        self.day_id = day_id
        self.saved_id: int | None = None
        self.touched: set[str] = set()
        self.today = today or dt.date.today()
        self.fair_name, self.weekday, initial = ctx.read(
            lambda s: _load(s, fair_id, day_id, self.today)
        )
        self._build()
        self.date.setText(date_text(initial["date"]))
        self.visitors.setText("" if initial["visitors"] is None else str(initial["visitors"]))
        self.notes.setText(initial["notes"] or "")
        self.initial = self.values()
        for field, edit in (
            ("date", self.date),
            ("visitors", self.visitors),
            ("notes", self.notes),
        ):
            edit.textEdited.connect(lambda _t, f=field: self._edited(f))
        self._update_date_hints()
        self.date.setFocus()
        self.date.selectAll()

    def _build(self) -> None:
        self.setWindowTitle(_("Editar jornada") if self.day_id else _("Nueva jornada"))
        self.date = QLineEdit()
        self.date.setObjectName("date")
        self.date.setPlaceholderText(_("dd/mm/aaaa"))
        self.date.setMaxLength(10)
        self.weekday_hint = QLabel()
        self.weekday_hint.setObjectName("weekday_hint")
        self.weekday_hint.setWordWrap(True)
        self.future_hint = QLabel()
        self.future_hint.setObjectName("future_hint")
        self.future_hint.setWordWrap(True)
        self.future_hint.setStyleSheet(WARNING_STYLE)
        self.visitors = QLineEdit()
        self.visitors.setObjectName("visitors")
        self.visitors.setPlaceholderText(_("p. ej. 1200 (opcional)"))
        self.notes = QLineEdit()
        self.notes.setObjectName("notes")
        self.notes.setPlaceholderText(_("p. ej. lluvia por la mañana, feria especial"))
        self.messages = FieldMessages()
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.messages.add_row(form, fairs.DATE.render() + " *", "date", self.date)
        form.addRow("", self.weekday_hint)
        form.addRow("", self.future_hint)
        self.messages.add_row(form, _("Visitantes (estimado)"), "visitors", self.visitors)
        self.messages.add_row(form, fairs.NOTES.render(), "notes", self.notes)
        self.summary = error_label("summary")
        self.summary.hide()
        self.buttons = self.save_cancel_buttons()
        layout = QVBoxLayout(self)
        title = QLabel(_("Feria: {name}", name=self.fair_name))
        title.setWordWrap(True)
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addWidget(note(_("* obligatorio. Las fechas se escriben dd/mm/aaaa.")))
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)
        self.resize(460, self.sizeHint().height())

    # values and checks -----------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        return {
            "date": self.date.text(),
            "visitors": self.visitors.text(),
            "notes": self.notes.text(),
        }

    def has_changes(self) -> bool:
        return self.values() != self.initial

    def _edited(self, field: str) -> None:
        self.touched.add(field)
        self.summary.hide()
        self.check()
        if field == "date":
            self._update_date_hints()

    def errors(self) -> ValidationError | None:
        data = self.values()
        try:
            self.ctx.read(
                lambda s: fairs.validate_fair_day(
                    s, self.fair_id, data, self.day_id, today=self.today
                )
            )
        except ValidationError as error:
            return error
        return None

    def check(self, *, all_fields: bool = False) -> ValidationError | None:
        error = self.errors()
        self.messages.show(error, None if all_fields else self.touched)
        return error

    def _update_date_hints(self) -> None:
        """The date's weekday, and a gentle word when it is not the fair's usual one (that
        is allowed: a holiday, a special fair); the window grows to show them whole."""
        self._show_date_hints()
        fit_height(self)

    def _show_date_hints(self) -> None:
        try:
            day = parse_date(self.date.text())
        except Invalid:
            day = None
        future = day is not None and day > self.today
        if future:
            self.future_hint.setText(
                _(
                    "El {date} todavía no llega: puede crear la jornada para planificarla, "
                    "pero no podrá registrar ventas, asistencia ni cuotas hasta ese día.",
                    date=date_text(day),
                )
            )
        self.future_hint.setVisible(future)
        if day is None:
            self.weekday_hint.hide()
            return
        if self.weekday is None or day.weekday() == self.weekday:
            text = _("Es {day}.", day=weekday_name(day.weekday()))
            style = MUTED_STYLE
        else:
            text = _(
                "El {date} es {day}, y esta feria suele ser el {usual}. Puede guardarla igual.",
                date=date_text(day),
                day=weekday_name(day.weekday()),
                usual=weekday_name(self.weekday),
            )
            style = WARNING_STYLE
        self.weekday_hint.setText(text)
        self.weekday_hint.setStyleSheet(style)
        self.weekday_hint.setProperty("warning", style == WARNING_STYLE)
        self.weekday_hint.show()

    def off_weekday(self) -> bool:
        """Whether the gentle warning is showing."""
        return bool(self.weekday_hint.property("warning")) and self.weekday_hint.isVisible()

    def in_future(self) -> bool:
        """Whether the note on a date that has not come yet is showing."""
        return not self.future_hint.isHidden()

    # saving and closing ----------------------------------------------------------------
    def save(self) -> bool:
        error = self.check(all_fields=True)
        if error is None:
            try:
                with self.ctx.write(FAIRS) as session:
                    if self.day_id is None:
                        day = fairs.add_fair_day(
                            session, self.ctx.actor, self.fair_id, **self.values()
                        )
                        self.saved_id = day.id
                    else:
                        fairs.require_open(fairs.get_fair_day(session, self.day_id))
                        fairs.update_fair_day(
                            session,
                            self.ctx.actor,
                            self.day_id,
                            today=self.today,
                            **self.values(),
                        )
                        self.saved_id = self.day_id
            except ValidationError as refused:  # another window took the date meanwhile
                error = refused
                self.messages.show(error)
            except OperationError as refused:  # closed meanwhile
                self.summary.setText(str(refused))
                self.summary.show()
                return False
        if error is not None:
            self.summary.setText(_("No se guardó: revise los campos marcados en rojo."))
            self.summary.show()
            first = next((f for f in ("date", "visitors", "notes") if error.for_field(f)), "date")
            getattr(self, first).setFocus()
            return False
        self.initial = self.values()
        return True

    def accept(self) -> None:
        if self.save():
            super().accept()


def _load(
    session: Any, fair_id: int, day_id: int | None, today: dt.date
) -> tuple[str, int | None, dict[str, Any]]:
    fair = fairs.get_fair(session, fair_id)
    if day_id is None:
        date = fairs.next_fair_day_date(session, fair_id, today)
        return fair.name, fair.weekday, {"date": date, "visitors": None, "notes": None}
    day = fairs.get_fair_day(session, day_id)
    return fair.name, fair.weekday, {"date": day.date, "visitors": day.visitors, "notes": day.notes}
