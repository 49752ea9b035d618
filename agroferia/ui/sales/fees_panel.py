"""Cuotas: what each vendor owes in the chosen fair, the fees of the selected vendor day by
day (due, paid on the day, paid later, pending), and payments, which go to the oldest unpaid
days first; the share of a closed day is recorded as a payment received later, and the
closed day does not change."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from agroferia.core import fees, labels
from agroferia.core.accounts import Right
from agroferia.core.fees import DayFee, VendorFees
from agroferia.core.roster import RosterFilter, stall_key
from agroferia.core.ubigeo import fold
from agroferia.i18n import N_, _, _n
from agroferia.ui.context import SALES, VENDORS, AppContext
from agroferia.ui.permissions import allow
from agroferia.ui.sales.payment_dialog import PaymentDialog, method_text, money_text
from agroferia.ui.sales.receipts_box import ReceiptsBox, save_receipts
from agroferia.ui.shortcuts import RECORD_PAYMENT
from agroferia.ui.tables import Column, RowsModel, row_table, select_row, selected_row
from agroferia.ui.widgets import (
    date_text,
    note,
    run_dialog,
    subheading,
)

DEBT_BRUSH = QBrush(QColor("#b3261e"))
UNPAID_BRUSH = QBrush(QColor("#fdecea"))
MUTED_BRUSH = QBrush(QColor("#80868b"))


def _name(row: VendorFees) -> str:
    return f"{row.surnames}, {row.given_names}"


def shortcut_text(keys: str) -> str:
    """A shortcut as this system writes it (Ctrl+R; ⌘R on a Mac)."""
    return QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)


LATER_TIP = N_("Deudas de jornadas ya cerradas, pagadas en otra fecha: la jornada cerrada no "
               "cambia, y el pago figura en el resumen del día en que se recibió")  # fmt: skip


# ------------------------------------------------------------------------ vendors

VENDOR_COLUMNS: list[Column[VendorFees]] = [
    Column(N_("Puesto"), lambda r: r.stall or "", lambda r: stall_key(r.stall)),
    Column(N_("Código"), lambda r: r.code, lambda r: r.code),
    Column(N_("Expositor"), _name, lambda r: fold(f"{r.surnames} {r.given_names}")),
    Column(N_("Debido"), lambda r: money_text(r.due_cents), lambda r: r.due_cents, right=True),
    Column(N_("Pagado"), lambda r: money_text(r.paid_cents), lambda r: r.paid_cents, right=True,
           tip=N_("Lo pagado en las mismas jornadas")),
    Column(N_("Pagado después"), lambda r: money_text(r.paid_later_cents),
           lambda r: r.paid_later_cents, right=True, tip=LATER_TIP),
    Column(N_("Saldo"), lambda r: money_text(r.outstanding_cents), lambda r: r.outstanding_cents,
           right=True, tip=N_("Lo que falta pagar: lo debido menos lo pagado en las jornadas y "
                              "después")),
    Column(N_("Jornadas adeudadas"), lambda r: str(r.days_owed), lambda r: r.days_owed,
           right=True, tip=N_("Jornadas de esta feria con la cuota sin pagar o pagada en parte")),
]  # fmt: skip
STALL_COLUMN, CODE_COLUMN, NAME_COLUMN, SALDO_COLUMN = 0, 1, 2, 6


class VendorFeesModel(RowsModel[VendorFees]):
    """The fair's vendors and what they owe, searched like the registry (names, document,
    association, code) and, by default, only those who owe something."""

    columns: ClassVar[list[Column]] = VENDOR_COLUMNS
    tiebreak = NAME_COLUMN

    def __init__(self, parent: Any = None) -> None:
        super().__init__((STALL_COLUMN, Qt.SortOrder.AscendingOrder), parent)
        self._search = RosterFilter()
        self._debt_only = True

    def set_filter(self, text: str, debt_only: bool) -> None:
        """Words to search for, and whether only those who owe are shown."""
        self._search = RosterFilter(text=text)
        self._debt_only = debt_only
        self.refilter()

    def searching(self) -> bool:
        return bool(self._search.text.strip())

    def refilter(self) -> None:
        """The registry's search over the whole list at once (with only ``text`` set, the
        filter reads nothing but ``search_key``, which these rows carry as the roster's do),
        then the debtors."""
        self.beginResetModel()
        rows = self._search.apply(self._all) if self.searching() else list(self._all)  # type: ignore[arg-type]
        self._rows = [r for r in rows if r.outstanding_cents > 0 or not self._debt_only]
        self._sort_rows()
        self.endResetModel()

    def debtors(self) -> list[VendorFees]:
        return [r for r in self._rows if r.outstanding_cents > 0]

    def extra(self, row: VendorFees, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == SALDO_COLUMN and row.outstanding_cents > 0:
                return DEBT_BRUSH
            if row.status != "active":
                return MUTED_BRUSH
        if role == Qt.ItemDataRole.FontRole and column == SALDO_COLUMN and row.outstanding_cents:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and row.status != "active":
            return _("Expositor {status}", status=labels.VENDOR_STATUS[row.status].render().lower())
        return None


# ------------------------------------------------------------------------ statement


@dataclass(frozen=True)
class StatementLine:
    """A fair day's fee of the selected vendor, with the id the table keeps selections by."""

    id: int
    day: DayFee


def _pending_first(line: StatementLine) -> tuple[int, int]:
    """Days still to pay first, oldest first (the order payments go to), then the paid
    ones, newest first."""
    ordinal = line.day.date.toordinal()
    return (0, ordinal) if line.day.outstanding_cents > 0 else (1, -ordinal)


def _later_text(day: DayFee) -> str:
    """``S/ 5.00 · 13/12/2026 · Yape`` for one payment received later, ``S/ 8.00 · 2 pagos``
    for several (the tooltip lists them), empty for none."""
    if not day.later:
        return ""
    amount = money_text(day.paid_later_cents)
    if len(day.later) == 1:
        [paid] = day.later
        return f"{amount} · {date_text(paid.received_on)} · {method_text(paid.method)}"
    return f"{amount} · " + _n(len(day.later), "1 pago", "{n} pagos")


def _day_text(day: DayFee) -> str:
    return f"{date_text(day.date)} · {_('cerrada')}" if day.closed else date_text(day.date)


STATEMENT_COLUMNS: list[Column[StatementLine]] = [
    Column(N_("Fecha"), lambda r: _day_text(r.day), lambda r: r.day.date,
           tip=N_("Una jornada cerrada no cambia: lo que se paga de ella se registra como pago "
                  "posterior")),
    Column(N_("Feria"), lambda r: r.day.fair, lambda r: fold(r.day.fair)),
    Column(N_("Cuota"), lambda r: money_text(r.day.due_cents), lambda r: r.day.due_cents,
           right=True),
    Column(N_("Pagado"), lambda r: money_text(r.day.paid_cents), lambda r: r.day.paid_cents,
           right=True, tip=N_("Lo pagado en la misma jornada")),
    Column(N_("Pagado después"), lambda r: _later_text(r.day), lambda r: r.day.paid_later_cents,
           tip=LATER_TIP),
    Column(N_("Pendiente"), lambda r: money_text(r.day.outstanding_cents), _pending_first,
           right=True, tip=N_("Ordenar aquí pone primero lo que falta pagar, de lo más antiguo "
                              "a lo más reciente")),
]  # fmt: skip
DATE_COLUMN, LATER_COLUMN, PENDING_COLUMN = 0, 4, 5


class StatementModel(RowsModel[StatementLine]):
    columns: ClassVar[list[Column]] = STATEMENT_COLUMNS

    def __init__(self, parent: Any = None) -> None:
        super().__init__((PENDING_COLUMN, Qt.SortOrder.AscendingOrder), parent)

    def set_days(self, days: list[DayFee]) -> None:
        self.set_rows([StatementLine(d.fee_id, d) for d in days])

    def extra(self, row: StatementLine, column: int, role: int) -> Any:
        owed = row.day.outstanding_cents > 0
        if role == Qt.ItemDataRole.BackgroundRole and owed:
            return UNPAID_BRUSH
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == PENDING_COLUMN and owed:
                return DEBT_BRUSH
            if not owed:
                return MUTED_BRUSH
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == LATER_COLUMN and row.day.later:
                return "\n".join(
                    _(
                        "{amount} recibido el {date} ({method}), registrado por {who}",
                        amount=money_text(p.cents),
                        date=date_text(p.received_on),
                        method=method_text(p.method),
                        who=p.recorded_by,
                    )
                    for p in row.day.later
                )
            if column == DATE_COLUMN and row.day.closed:
                return _("Jornada cerrada: no cambia; lo que se paga de ella se registra aparte.")
            if owed and (row.day.paid_cents or row.day.later):
                return _(
                    "Pagado en parte: faltan {amount}", amount=money_text(row.day.outstanding_cents)
                )
            if owed:
                return _("Sin pagar")
        return None


# ------------------------------------------------------------------------ the panel


class FeesPanel(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.fair_id: int | None = None
        self.days: list[DayFee] = []  # the selected vendor's, every fair
        self._stale = False  # changed while hidden: read again when shown
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

        top = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("fees_search")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(_("Buscar por nombre, código o documento"))
        self.search.textChanged.connect(self._apply_filter)
        top.addWidget(self.search, 1)
        self.debt_only = QCheckBox(_("Solo con deuda"))
        self.debt_only.setObjectName("debt_only")
        self.debt_only.setChecked(True)
        self.debt_only.setToolTip(
            _("Desmarque para ver también a los expositores de la feria que están al día")
        )
        self.debt_only.toggled.connect(self._apply_filter)
        top.addWidget(self.debt_only)
        self.pay_button = QPushButton(_("Registrar pago…"))
        self.pay_button.setObjectName("pay_button")
        self.pay_button.clicked.connect(self.record_payment)
        allow(self.pay_button, ctx, Right.SALES)
        top.addWidget(self.pay_button)
        layout.addLayout(top)

        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        self.model = VendorFeesModel(self)
        self.table = row_table("fees_table", self.record_payment, model=self.model,
                               sort=(STALL_COLUMN, Qt.SortOrder.AscendingOrder),
                               stretch=(NAME_COLUMN,))  # fmt: skip
        upper_layout.addWidget(self.table, 1)
        self.footer = QLabel()
        self.footer.setObjectName("fees_footer")
        self.footer.setWordWrap(True)
        upper_layout.addWidget(self.footer)

        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 8, 0, 0)
        self.statement_title = subheading("")
        self.statement_title.setObjectName("statement_title")
        lower_layout.addWidget(self.statement_title)
        self.statement_note = note("")
        self.statement_note.setObjectName("statement_note")
        lower_layout.addWidget(self.statement_note)
        self.statement = StatementModel(self)
        self.statement_table = row_table("statement_table", model=self.statement,
                                         sort=(PENDING_COLUMN, Qt.SortOrder.AscendingOrder),
                                         stretch=(1,))  # fmt: skip
        lower_layout.addWidget(self.statement_table, 1)
        self.receipts = ReceiptsBox(ctx)
        lower_layout.addWidget(self.receipts)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(upper)
        self.splitter.addWidget(lower)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout.addWidget(self.splitter, 1)

        self.table.selectionModel().selectionChanged.connect(self._show_statement)
        self.model.modelReset.connect(self._show_statement)
        ctx.changed.connect(self._on_changed)
        self._show_statement()
        self._update_footer()

    def main_control(self) -> QWidget:
        return self.table

    # data ----------------------------------------------------------------------------
    def set_fair(self, fair_id: int | None) -> None:
        """Shows what the vendors owe in ``fair_id`` (None: no fair chosen)."""
        if fair_id != self.fair_id:
            self.table.clearSelection()
        self.fair_id = fair_id
        self.refresh()

    def refresh(self) -> None:
        self._stale = False
        selected = self.selected_id()
        fair_id = self.fair_id
        rows = self.ctx.read(lambda s: fees.vendor_fees(s, fair_id)) if fair_id else []
        self.model.set_rows(rows)
        self._reselect(selected)
        self._update_footer()

    def _on_changed(self, what: str) -> None:
        """Balances changed: read again now if shown, else once shown (a day saved on the
        sheet beside it is not kept waiting for the balances of every vendor)."""
        if what in (SALES, VENDORS):
            if self.isVisible():
                self.refresh()
            else:
                self._stale = True

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self.refresh()

    def _apply_filter(self) -> None:
        selected = self.selected_id()
        self.model.set_filter(self.search.text(), self.debt_only.isChecked())
        self._reselect(selected)
        self._update_footer()

    def _reselect(self, vendor_id: int | None) -> None:
        if vendor_id is None or not self.select_vendor(vendor_id):
            select_row(self.table, 0 if self.model.rowCount() else None)

    def _update_footer(self) -> None:
        debtors = self.model.debtors()
        n = len(debtors)
        total = money_text(sum(r.outstanding_cents for r in debtors))
        if self.fair_id is None:
            text = _("Elija una feria para ver sus cuotas.")
        elif not self.model.all_rows():
            text = _("Esta feria todavía no tiene cuotas registradas.")
        elif n == 0:
            text = (
                _("Nadie de la búsqueda tiene cuotas pendientes.")
                if self.model.searching()
                else _("Nadie tiene cuotas pendientes en esta feria.")
            )
        elif n == 1:
            text = _("1 expositor con deuda · Total adeudado {total}", total=total)
        else:
            text = _("{n} expositores con deuda · Total adeudado {total}", n=n, total=total)
        if n and self.model.searching():
            text = _("En la búsqueda: {text}", text=text)
        self.footer.setText(text)

    # selection and statement -----------------------------------------------------------
    def selected(self) -> VendorFees | None:
        row = selected_row(self.table)
        return self.model.row_at(row) if row is not None else None

    def selected_id(self) -> int | None:
        row = self.selected()
        return row.id if row else None

    def select_vendor(self, vendor_id: int) -> bool:
        row = self.model.row_of(vendor_id)
        return select_row(self.table, row) if row is not None else False

    def owed(self) -> int:
        """What the selected vendor owes in every fair: what a payment can cover."""
        return sum(d.outstanding_cents for d in self.days)

    def _show_statement(self) -> None:
        vendor = self.selected()
        vendor_id = vendor.id if vendor else None
        # the fair's days, as the list's balance; what is owed at the others is said apart,
        # and paid to those fairs (each fair's treasurer takes and numbers its own)
        every = self.ctx.read(lambda s: fees.statement(s, vendor_id)) if vendor_id else []
        self.days = [d for d in every if d.fair_id == self.fair_id]
        elsewhere: dict[str, int] = {}
        for d in every:
            if d.fair_id != self.fair_id and d.outstanding_cents > 0:
                elsewhere[d.fair] = elsewhere.get(d.fair, 0) + d.outstanding_cents
        self.statement.set_days(self.days)
        self.receipts.set_vendor(vendor_id)
        if vendor is None:
            self.statement_title.setText(_("Cuotas por jornada"))
            self.statement_note.setText(
                _("Elija un expositor para ver sus cuotas jornada por jornada.")
            )
        else:
            self.statement_title.setText(
                _("Cuotas de {name} ({code})", name=vendor.full_name, code=vendor.code)
            )
            unpaid = sum(1 for d in self.days if d.outstanding_cents > 0)
            if not self.days:
                text = _("No tiene cuotas registradas.")
            elif unpaid == 0:
                text = _("Está al día: no debe ninguna jornada.")
            elif unpaid == 1:
                text = _("Debe {amount} de 1 jornada", amount=money_text(self.owed())) + "."
            else:
                debt = _("Debe {amount} de {n} jornadas", amount=money_text(self.owed()), n=unpaid)
                order = _("Los pagos se aplican primero a las jornadas más antiguas.")
                text = f"{debt}. {order}"
            if elsewhere:
                others = ", ".join(_("{amount} en {fair}", amount=money_text(c), fair=name)
                                   for name, c in elsewhere.items())  # fmt: skip
                text += " " + _("Debe además {others}: se paga en la vista de esa feria.",
                                others=others)  # fmt: skip
            self.statement_note.setText(text)
        self.pay_button.setEnabled(self.owed() > 0)
        tip = _("Registrar un pago de cuotas del expositor elegido ({key})",
                key=shortcut_text(RECORD_PAYMENT))  # fmt: skip
        if vendor is not None and self.owed() <= 0:
            tip += "\n" + _("{name} no tiene cuotas pendientes.", name=vendor.full_name)
        self.pay_button.setToolTip(tip)

    # commands ------------------------------------------------------------------------
    def record_payment(self) -> None:
        """Opens the payment dialog for the selected vendor (the window's menu calls this
        for its shortcut, ``shortcuts.RECORD_PAYMENT``)."""
        vendor = self.selected()
        if vendor is None or self.owed() <= 0 or not self.ctx.may(Right.SALES):
            return
        dialog = PaymentDialog(self.ctx, vendor.id, self, fair_id=self.fair_id)
        if run_dialog(dialog) and dialog.print_receipt.isChecked():
            save_receipts(self, self.ctx, dialog.receipt_ids, copy=False)
        self.table.setFocus()
