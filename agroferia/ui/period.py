"""Choosing a period and a fair, as the panel and the reports do: this month, last month,
this quarter, this year, last year or other dates, and one fair or all of them."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLabel, QWidget

from agroferia.core import fairs, periods
from agroferia.core.periods import Period
from agroferia.i18n import _
from agroferia.ui.context import AppContext


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _date(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


def date_edit(name: str) -> QDateEdit:
    edit = QDateEdit()
    edit.setObjectName(name)
    edit.setDisplayFormat("dd/MM/yyyy")
    edit.setCalendarPopup(True)
    return edit


class PeriodPicker(QWidget):
    """A period (``kind`` combo and the two dates it stands for) and a fair. ``changed``
    fires once per change the person makes; ``value()`` is the chosen ``Period``, or None
    while the dates are the wrong way round (``problem()`` then says so)."""

    changed = Signal()

    def __init__(self, ctx: AppContext, today: dt.date | None = None, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.today = today or dt.date.today()
        self.kind = QComboBox()
        self.kind.setObjectName("period_kind")
        for kind in periods.KINDS:
            self.kind.addItem(str(periods.LABELS[kind]), kind)
        self.start = date_edit("period_start")
        self.end = date_edit("period_end")
        self.fair = QComboBox()
        self.fair.setObjectName("period_fair")
        self.fair.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for label, widget in (
            (_("Periodo:"), self.kind),
            (_("del"), self.start),
            (_("al"), self.end),
            (_("Feria:"), self.fair),
        ):
            text = QLabel(label)
            text.setBuddy(widget)
            row.addWidget(text)
            row.addWidget(widget)
        row.addStretch(1)
        self._quiet = False
        self.reload_fairs()
        self.set_kind(periods.THIS_MONTH)
        self.kind.currentIndexChanged.connect(self._kind_chosen)
        self.start.dateChanged.connect(self._dates_edited)
        self.end.dateChanged.connect(self._dates_edited)
        self.fair.currentIndexChanged.connect(lambda _i: self._quiet or self.changed.emit())

    # what the person chose ------------------------------------------------------------
    def value(self) -> Period | None:
        start, end = _date(self.start.date()), _date(self.end.date())
        if start > end:
            return None
        return Period(start, end, self.fair.currentData())

    def problem(self) -> str:
        return "" if self.value() else _("La fecha inicial es posterior a la final.")

    def fair_name(self) -> str | None:
        return None if self.fair.currentData() is None else self.fair.currentText()

    # setting it -------------------------------------------------------------------------
    def set_kind(self, kind: str) -> None:
        self._quiet = True
        self.kind.setCurrentIndex(self.kind.findData(kind))
        if kind != periods.CUSTOM:
            start, end = periods.date_range(kind, self.today)
            self.start.setDate(_qdate(start))
            self.end.setDate(_qdate(end))
        self._quiet = False

    def set_dates(self, start: dt.date, end: dt.date) -> None:
        """Other dates: the period becomes "Otras fechas"."""
        self._quiet = True
        self.kind.setCurrentIndex(self.kind.findData(periods.CUSTOM))
        self.start.setDate(_qdate(start))
        self.end.setDate(_qdate(end))
        self._quiet = False
        self.changed.emit()

    def set_fair(self, fair_id: int | None) -> None:
        self.fair.setCurrentIndex(max(self.fair.findData(fair_id), 0))

    def reload_fairs(self) -> None:
        """The fairs to choose from, keeping the choice; the active fair at first."""

        def load(session):
            chosen = fairs.default_fair(session)
            listed = fairs.list_fairs(session, include_inactive=True)
            return [(f.id, f.name, f.active) for f in listed], chosen.id if chosen else None

        listed, active = self.ctx.read(load)
        first = self.fair.count() == 0
        keep = active if first else self.fair.currentData()
        self._quiet = True
        self.fair.clear()
        self.fair.addItem(_("Todas las ferias"), None)
        for fair_id, name, is_active in listed:
            self.fair.addItem(name if is_active else _("{name} (inactiva)", name=name), fair_id)
        self.fair.setCurrentIndex(max(self.fair.findData(keep), 0))
        self._quiet = False

    def _kind_chosen(self, _index: int) -> None:
        if self._quiet:
            return
        self.set_kind(self.kind.currentData())
        self.changed.emit()

    def _dates_edited(self) -> None:
        if self._quiet:
            return
        self._quiet = True
        self.kind.setCurrentIndex(self.kind.findData(periods.CUSTOM))
        self._quiet = False
        self.changed.emit()
