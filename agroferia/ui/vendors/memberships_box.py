"""The vendor form's fairs: one line per fair the vendor belongs to, with the stall, the
status there and the date it joined; «Añadir feria» adds a line, «Quitar» removes one.  A
stall another active vendor of that fair already has is a warning under its line."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from agroferia.core import labels, vendors
from agroferia.i18n import _
from agroferia.ui.vendors import form_fields as ff
from agroferia.ui.widgets import MUTED_STYLE, FieldMessages, date_text, error_label

STALL_WIDTH = 80
STATUS_WIDTH = 104
REMOVE_WIDTH = 64


class MembershipLine(QWidget):
    """One fair of the vendor: fair, stall, status there, date joined, and «Quitar»."""

    def __init__(self, fairs: list[tuple[int, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # never squashed below its own height: the form grows for another line instead
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.fair = QComboBox()
        self.fair.setObjectName("membership_fair")
        self.fair.addItem(_("(elija la feria)"), None)
        for fid, name in fairs:
            self.fair.addItem(name, fid)
        self.fair.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.fair.setMinimumContentsLength(16)
        # the whole name when the combo cuts it
        self.fair.currentTextChanged.connect(self.fair.setToolTip)
        self.stall = QLineEdit()
        self.stall.setObjectName("membership_stall")
        self.stall.setMaxLength(20)
        self.stall.setFixedWidth(STALL_WIDTH)
        self.stall.setToolTip(_("El puesto en esa feria"))
        self.status = QComboBox()
        self.status.setObjectName("membership_status")
        for code, text in labels.VENDOR_STATUS.items():
            self.status.addItem(text.render(), code)
        self.status.setFixedWidth(STATUS_WIDTH)
        self.status.setToolTip(_("Su estado en esa feria"))
        self.since = ff.date_edit()
        self.since.setObjectName("membership_since")
        self.since.setToolTip(_("Fecha en que entró a esa feria (dd/mm/aaaa)"))
        self.remove = QPushButton(_("Quitar"))
        self.remove.setObjectName("membership_remove")
        self.remove.setFixedWidth(REMOVE_WIDTH)
        self.remove.setAutoDefault(False)  # Enter in a field saves the form, never removes
        self.remove.setToolTip(_("Quitar esta feria (si ya estuvo en días de esa feria, "
                                 "márquelo como retirado en lugar de quitarla)"))  # fmt: skip
        self.warning = QLabel()
        self.warning.setObjectName("warning_stall")
        self.warning.setStyleSheet(ff.WARN_STYLE)
        self.warning.setWordWrap(True)
        self.warning.hide()
        self.follows = True  # its date follows the registry's until the person types one

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.fair, 1)
        row.addWidget(self.stall)
        row.addWidget(self.status)
        row.addWidget(self.since)
        row.addWidget(self.remove)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addLayout(row)
        column.addWidget(self.warning)

    def focusables(self) -> list[QWidget]:
        return [self.fair, self.stall, self.status, self.since, self.remove]

    def value(self) -> dict[str, Any]:
        return {
            "fair": self.fair.currentData(),
            "stall": self.stall.text(),
            "status": self.status.currentData(),
            "registered_on": self.since.text(),
        }

    def set_value(self, data: dict[str, Any]) -> None:
        ff.select(self.fair, data.get("fair"))
        self.stall.setText(data.get("stall") or "")
        ff.select(self.status, data.get("status") or "active")
        since = data.get("registered_on")
        self.since.setText(since if isinstance(since, str) else date_text(since))  # as typed

    def show_holder(self, holder: vendors.Registered | None) -> None:
        """The warning under the line when another active vendor of its fair has its stall
        (a warning: two may share one, or one is leaving it)."""
        if holder is None:
            self.warning.clear()
        else:
            text = vendors.stall_taken(self.stall.text().strip(), holder).render()
            self.warning.setText(text[:1].upper() + text[1:])
        self.warning.setVisible(holder is not None)


class MembershipsBox(QWidget):
    """The fairs of the vendor as ``vendors.validate`` takes them (``values``)."""

    edited = Signal()  # the person changed a line, added or removed one

    def __init__(self, fairs: list[tuple[int, str]], today: dt.date, parent=None) -> None:
        super().__init__(parent)
        self.fairs = fairs
        self.today = today
        self.lines: list[MembershipLine] = []
        self._before: QWidget | None = None  # the form's field tabbed to before the lines
        self._since = date_text(today)  # the date a new line starts with
        header = QHBoxLayout()
        header.setContentsMargins(0, 0, 0, 0)
        for text, width in (
            (_("Feria"), None),
            (_("Puesto"), STALL_WIDTH),
            (_("Estado allí"), STATUS_WIDTH),
            (_("Desde"), ff.DATE_WIDTH),
            ("", REMOVE_WIDTH),
        ):
            caption = QLabel(text)
            caption.setStyleSheet(MUTED_STYLE)
            if width is None:
                header.addWidget(caption, 1)
            else:
                caption.setFixedWidth(width)
                header.addWidget(caption)
        self.rows = QVBoxLayout()
        self.rows.setContentsMargins(0, 0, 0, 0)
        self.rows.setSpacing(4)
        self.add_button = QPushButton(_("Añadir feria"))
        self.add_button.setObjectName("add_fair")
        self.add_button.setAutoDefault(False)
        self.add_button.setToolTip(_("Hacerlo miembro de otra feria de la red"))
        self.add_button.clicked.connect(self._add_clicked)
        # a line removed by mistake (or refused: days present there) comes back as it was
        self.removed: list[dict[str, Any]] = []
        self.undo_button = QPushButton(_("Deshacer «Quitar»"))
        self.undo_button.setObjectName("undo_remove_fair")
        self.undo_button.setAutoDefault(False)
        self.undo_button.setToolTip(_("Vuelve a poner la última feria quitada, como estaba"))
        self.undo_button.clicked.connect(self.undo_remove)
        self.empty = QLabel(_("No pertenece a ninguna feria."))
        self.empty.setStyleSheet(MUTED_STYLE)
        bottom = QHBoxLayout()
        bottom.setContentsMargins(0, 0, 0, 0)
        bottom.addWidget(self.add_button)
        bottom.addWidget(self.undo_button)
        bottom.addWidget(self.empty)
        bottom.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(header)
        layout.addLayout(self.rows)
        layout.addLayout(bottom)
        self._update()

    def with_messages(self, messages: FieldMessages) -> QWidget:
        """The box with the messages about the fairs underneath (field ``fairs``), to lay
        across a form's group: a line per fair is wide."""
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 4, 0, 4)
        column.setSpacing(2)
        column.addWidget(self)
        message = error_label("error_fairs")
        message.hide()
        column.addWidget(message)
        messages.labels["fairs"] = message
        return holder

    # lines ---------------------------------------------------------------------------------
    def values(self) -> list[dict[str, Any]]:
        return [line.value() for line in self.lines]

    def set_values(self, items: list[dict[str, Any]], *, follow: bool = False) -> None:
        """The lines of ``items``; with ``follow`` (a new vendor's), their dates follow the
        registry's until the person types one."""
        for line in list(self.lines):
            self._drop(line)
        self.removed.clear()
        for item in items:
            line = self._new_line()
            line.set_value(item)
            line.follows = follow
        self._update()

    def add_line(self) -> MembershipLine:
        """A new line: the first fair the vendor is not in yet, active, joining today (or
        on the registry's date, for a new vendor)."""
        line = self._new_line()
        taken = {other.fair.currentData() for other in self.lines}
        free = next((fid for fid, _name in self.fairs if fid not in taken), None)
        line.set_value({"fair": free, "status": "active"})
        line.since.setText(self._since)
        self._update()
        return line

    def _add_clicked(self) -> None:
        line = self.add_line()
        line.fair.setFocus()
        self.edited.emit()

    def _new_line(self) -> MembershipLine:
        line = MembershipLine(self.fairs, self)
        self.rows.addWidget(line)
        line.show()  # at once, not when the layout gets to it: it takes the focus next
        self.lines.append(line)
        line.fair.currentIndexChanged.connect(lambda _i: self.edited.emit())
        line.stall.textEdited.connect(lambda _t: self.edited.emit())
        line.status.currentIndexChanged.connect(lambda _i: self.edited.emit())
        line.since.textEdited.connect(lambda _t, one=line: self._date_typed(one))
        line.remove.clicked.connect(lambda _c=False, one=line: self.remove_line(one))
        return line

    def remove_line(self, line: MembershipLine) -> None:
        index = self.lines.index(line)
        if line.fair.currentData() is not None:
            self.removed.append(line.value())
        self._drop(line)
        self._update()
        if self.lines:
            self.lines[min(index, len(self.lines) - 1)].fair.setFocus()
        else:
            self.add_button.setFocus()
        self.edited.emit()

    def undo_remove(self) -> None:
        """The last line removed, back as it was (to mark it withdrawn, say)."""
        if not self.removed:
            return
        line = self._new_line()
        line.set_value(self.removed.pop())
        self._update()
        line.status.setFocus()
        self.edited.emit()

    def _drop(self, line: MembershipLine) -> None:
        self.lines.remove(line)
        self.rows.removeWidget(line)
        line.hide()
        line.deleteLater()

    def _date_typed(self, line: MembershipLine) -> None:
        line.follows = False
        self.edited.emit()

    def follow_registry(self, text: str) -> None:
        """A new vendor joins its fairs on the day it is registered: the lines whose date
        nobody typed follow the registry's."""
        self._since = text
        for line in self.lines:
            if line.follows:
                line.since.setText(text)

    def _update(self) -> None:
        self.add_button.setEnabled(len(self.lines) < len(self.fairs) and self.isEnabled())
        self.undo_button.setVisible(bool(self.removed))
        self.empty.setVisible(not self.lines)
        self._retab()

    def setFocus(self, *args) -> None:  # noqa: N802 (Qt's name)
        """The first line takes the focus given to the box (for a message about the fairs);
        not a focus proxy, which would make Tab pass over «Añadir feria»."""
        (self.lines[0].fair if self.lines else self.add_button).setFocus(*args)

    # keyboard ------------------------------------------------------------------------------
    def tab_after(self, widget: QWidget) -> None:
        """Tab goes from ``widget`` through the lines, then to «Añadir feria»."""
        self._before = widget
        self._retab()

    def _retab(self) -> None:
        if self._before is None:
            return
        chain = [self._before]
        for line in self.lines:
            chain += line.focusables()
        chain.append(self.add_button)
        if self.removed:
            chain.append(self.undo_button)
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    # stall warnings ------------------------------------------------------------------------
    def wanted_stalls(self) -> list[tuple[MembershipLine, int | None, str]]:
        """(line, fair, stall) to look up, read while the lines are as shown."""
        return [(line, line.fair.currentData(), line.stall.text()) for line in self.lines]

    def show_holders(self, found: list[tuple[MembershipLine, vendors.Registered | None]]) -> None:
        """The warnings found for the lines (a line removed since is passed over)."""
        holders = {id(line): holder for line, holder in found}
        for line in self.lines:
            line.show_holder(holders.get(id(line)))

    def warnings(self) -> list[str]:
        """The warnings shown, line by line ("" for a line without one)."""
        return ["" if line.warning.isHidden() else line.warning.text() for line in self.lines]

    def set_read_only(self) -> None:
        for line in self.lines:
            for widget in line.focusables():
                widget.setEnabled(False)
        self.add_button.setEnabled(False)
