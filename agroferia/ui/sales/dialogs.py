"""The sheet's small dialogs: the reason for reopening a closed fair day, the history of a
cell, and which payment method a change of a mixed line belongs to."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from agroferia.core import labels
from agroferia.core.cell_history import Change
from agroferia.core.day_sheet import MixedMethods, split_text
from agroferia.core.errors import ValidationError
from agroferia.core.money import format_money
from agroferia.i18n import _
from agroferia.reports.common import local_time
from agroferia.ui.widgets import error_label, note


class ReopenDialog(QDialog):
    """Reopening a closed fair day needs a reason, which goes to the audit trail."""

    def __init__(
        self, day_id: int, day_text: str, reopen: Callable[[str], None], parent: QWidget
    ) -> None:
        """``reopen(reason)`` reopens the day (off the window's thread), or raises the
        ``ValidationError`` shown here."""
        super().__init__(parent)
        self.day_id, self.reopen = day_id, reopen
        self.setWindowTitle(_("Reabrir jornada"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("¿Por qué se reabre la jornada del {date}?", date=day_text)))
        self.reason = QLineEdit()
        self.reason.setObjectName("reason")
        self.reason.setPlaceholderText(_("Por ejemplo: faltó anotar la venta de un puesto"))
        layout.addWidget(self.reason)
        self.message = error_label("reason_error")
        self.message.hide()
        layout.addWidget(self.message)
        layout.addWidget(note(_("El motivo queda en el historial de cambios, con su nombre.")))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Reabrir"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(460, self.sizeHint().height())

    def accept(self) -> None:
        try:
            self.reopen(self.reason.text())
        except ValidationError as refused:
            self.message.setText(refused.errors[0].render())
            self.message.show()
            self.reason.setFocus()
            return
        super().accept()


class HistoryDialog(QDialog):
    """Who changed a cell, when, from what to what."""

    def __init__(self, title: str, changes: list[Change], parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Historial de la celda"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(title))
        self.table = QTableWidget(len(changes), 4)
        self.table.setObjectName("history")
        self.table.setHorizontalHeaderLabels([_("Fecha y hora"), _("Usuario"), _("Cambio"),
                                              _("Motivo")])  # fmt: skip
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, change in enumerate(changes):
            for column, text in enumerate(
                (
                    local_time(change.at).strftime("%d/%m/%Y %H:%M"),
                    change.actor,
                    change.text,
                    change.reason or "",
                )
            ):
                self.table.setItem(row, column, QTableWidgetItem(text))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table)
        if not changes:
            layout.addWidget(
                note(_("No hay cambios registrados para esta celda: lo que muestra se cargó "
                       "antes de que existiera el historial, o todavía no se ha guardado."))
            )  # fmt: skip
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(760, 320)


def ask_method(parent: QWidget, name: str, category: str, question: MixedMethods) -> str | None:
    """Which payment method a new amount of a line paid several ways belongs to: a method,
    "split" to type the parts, or None (the cell keeps what it had)."""
    old = sum(question.split.values())
    box = QMessageBox(parent)
    box.setObjectName("method_question")
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(_("¿Qué medio de pago cambió?"))
    change = question.change
    box.setText(
        _("Las ventas de {name} en {category} eran {old}: {split}. Ahora escribió {new} "
          "({change}). ¿A qué medio de pago corresponde la diferencia?", name=name,
          category=category, old=format_money(old, cents=True), split=split_text(question.split),
          new=format_money(question.cents, cents=True),
          change=("+" if change > 0 else "−") + format_money(abs(change), cents=True))
    )  # fmt: skip
    choices = {}
    for method in question.split:
        if method not in question.methods():
            continue
        after = question.split[method] + change
        button = box.addButton(
            _("{method}: {before} → {after}", method=labels.PAYMENT_METHOD[method].render(),
              before=format_money(question.split[method], cents=True),
              after=format_money(after, cents=True)),
            QMessageBox.ButtonRole.AcceptRole,
        )  # fmt: skip
        button.setObjectName(f"method_{method}")
        choices[button] = method
    split = box.addButton(_("Repartir…"), QMessageBox.ButtonRole.ActionRole)
    split.setObjectName("method_split")
    choices[split] = "split"
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(split)
    box.setEscapeButton(cancel)
    box.exec()
    return choices.get(box.clickedButton())
