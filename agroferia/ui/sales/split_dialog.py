"""How a vendor's day splits by payment method: one row per rubro, one column per method,
every part typed from the keyboard and checked with the same rule as the sheet."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from agroferia.core import labels
from agroferia.core.day_sheet import METHODS, DaySheet
from agroferia.core.day_sheet.sheet import sale_cents
from agroferia.core.money import MoneyError, format_money
from agroferia.core.validation import Invalid
from agroferia.i18n import _
from agroferia.ui.widgets import error_label, note, subheading


def _edit_text(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}" if cents else ""


class SplitDialog(QDialog):
    """``splits`` holds the result (rubro id -> method -> céntimos) once accepted. With
    ``target`` (a new amount typed for ``category_id``), that rubro must add up to it."""

    def __init__(
        self,
        sheet: DaySheet,
        vendor_id: int,
        parent: QWidget | None = None,
        *,
        category_id: int | None = None,
        target: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("split_dialog")
        self.sheet, self.vendor = sheet, sheet.vendor(vendor_id)
        self.category_id, self.target = category_id, target
        self.splits: dict[int, dict[str, int]] = {}
        self.setWindowTitle(_("Ventas por medio de pago"))
        layout = QVBoxLayout(self)
        layout.addWidget(subheading(self.vendor.full_name))
        layout.addWidget(
            note(_("Escriba cuánto se cobró por cada medio de pago. Tab pasa a la casilla "
                   "siguiente; Enter guarda."))
        )  # fmt: skip
        grid = QGridLayout()
        grid.addWidget(QLabel(_("Rubro")), 0, 0)
        for column, method in enumerate(METHODS, start=1):
            title = QLabel(labels.PAYMENT_METHOD[method].render())
            title.setAlignment(Qt.AlignmentFlag.AlignRight)
            grid.addWidget(title, 0, column)
        total_title = QLabel("<b>" + _("Total") + "</b>")
        total_title.setAlignment(Qt.AlignmentFlag.AlignRight)
        grid.addWidget(total_title, 0, len(METHODS) + 1)
        self.fields: dict[tuple[int, str], QLineEdit] = {}
        self.row_totals: dict[int, QLabel] = {}
        width = self.fontMetrics().horizontalAdvance("99,999.99") + 16
        for row, line in enumerate(self.vendor.lines, start=1):
            grid.addWidget(QLabel(line.category), row, 0)
            split = sheet.split(vendor_id, line.category_id)
            for column, method in enumerate(METHODS, start=1):
                field = QLineEdit(_edit_text(split.get(method, 0)))
                field.setObjectName(f"part_{line.category_id}_{method}")
                field.setAlignment(Qt.AlignmentFlag.AlignRight)
                field.setMinimumWidth(width)
                field.textEdited.connect(self._check)
                grid.addWidget(field, row, column)
                self.fields[(line.category_id, method)] = field
            total = QLabel()
            total.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            total.setMinimumWidth(width + 16)
            grid.addWidget(total, row, len(METHODS) + 1)
            self.row_totals[line.category_id] = total
        layout.addLayout(grid)
        self.sum_label = QLabel()
        self.sum_label.setObjectName("split_total")
        layout.addWidget(self.sum_label)
        self.message = error_label("split_message")
        self.message.hide()
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._check()
        first = self.category_id or self.vendor.lines[0].category_id
        start = self.fields[(first, METHODS[0])]
        start.setFocus()
        start.selectAll()

    def _parts(self) -> tuple[dict[int, dict[str, int]], list[str]]:
        """What is typed, by rubro and method, and the problems (each with its place)."""
        splits: dict[int, dict[str, int]] = {}
        problems: list[str] = []
        for (category_id, method), field in self.fields.items():
            text = field.text().strip()
            cents = 0
            if text:
                try:
                    cents = sale_cents(text)  # the sheet's own rule, limit included
                except (Invalid, MoneyError) as bad:
                    line = next(ln for ln in self.vendor.lines if ln.category_id == category_id)
                    where = f"{line.category} · {labels.PAYMENT_METHOD[method].render()}"
                    problems.append(f"{where}: {bad.message.render()}")
            if cents:
                splits.setdefault(category_id, {})[method] = cents
        for line in self.vendor.lines:
            splits.setdefault(line.category_id, {})
        return splits, problems

    def _check(self) -> bool:
        splits, problems = self._parts()
        for category_id, label in self.row_totals.items():
            label.setText("<b>" + format_money(sum(splits[category_id].values()), cents=True)
                          + "</b>")  # fmt: skip
        total = sum(sum(split.values()) for split in splits.values())
        text = _("Total del día: {total}", total=format_money(total, cents=True))
        if self.target is not None and self.category_id is not None:
            typed = sum(splits[self.category_id].values())
            line = next(ln for ln in self.vendor.lines if ln.category_id == self.category_id)
            text += " · " + _("escribió {amount} para {category}",
                              amount=format_money(self.target, cents=True),
                              category=line.category)  # fmt: skip
            if typed != self.target:
                problems.append(
                    _("{category} suma {typed}: faltan {missing} para llegar a {amount}",
                      category=line.category, typed=format_money(typed, cents=True),
                      missing=format_money(self.target - typed, cents=True),
                      amount=format_money(self.target, cents=True))
                    if typed < self.target
                    else _("{category} suma {typed}: sobran {extra} sobre {amount}",
                           category=line.category, typed=format_money(typed, cents=True),
                           extra=format_money(typed - self.target, cents=True),
                           amount=format_money(self.target, cents=True))
                )  # fmt: skip
        self.sum_label.setText(text)
        self.message.setText("\n".join(problems))
        self.message.setVisible(bool(problems))
        return not problems

    def accept(self) -> None:
        if not self._check():
            return
        self.splits, _problems = self._parts()
        super().accept()
