"""The payment of a vendor's fees: the amount (the whole debt to begin with), the method and
the date received, how it will be applied (oldest days first), and its receipt."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from agroferia.core import fees, labels, network, vendors
from agroferia.core.errors import ValidationError
from agroferia.core.fees import DayFee
from agroferia.core.money import format_money, plain
from agroferia.core.network import memberships
from agroferia.i18n import _, _n
from agroferia.ui.context import SALES, AppContext
from agroferia.ui.errors import show_error
from agroferia.ui.widgets import (
    MUTED_STYLE,
    FieldMessages,
    GuardedDialog,
    date_text,
    error_label,
    fit_height,
    subheading,
)

MAX_DATES = 8  # the days a payment goes to, as the payment dialog names them


def money_text(cents: int) -> str:
    return format_money(cents, cents=True)


def method_text(code: str) -> str:
    return labels.PAYMENT_METHOD[code].render()


class PaymentDialog(GuardedDialog):
    """A payment of a vendor's fees: the amount (the whole debt to begin with), the payment
    method (cash to begin with) and the date it was received (today to begin with; never in
    the future), how it will be applied, oldest days first, and what of it goes to closed
    days, which is recorded as a payment received later (those days do not change).
    Each refusal shows under its field.  With ``fair_id``, only that fair's fees: a producer
    of two fairs pays each fair's treasurer for its own days."""

    def __init__(
        self,
        ctx: AppContext,
        vendor_id: int,
        parent: QWidget | None = None,
        *,
        fair_id: int | None = None,
        today: dt.date | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.vendor_id = vendor_id
        self.fair_id = fair_id
        self.today = today or dt.date.today()
        self.touched: set[str] = set()
        self.receipt_ids: list[int] = []  # of the payment, once recorded
        self.vendor_name, self.code, self.stall, days = ctx.read(self._load)
        self.days = [d for d in days if d.date <= self.today]  # days to come owe nothing yet
        self.owed = sum(d.outstanding_cents for d in self.days)
        self._build()
        self.amount.setText(plain(self.owed))
        self.received_on.setText(date_text(self.today))
        self.initial = self.values()
        self.amount.textEdited.connect(lambda _text: self._edited("payment"))
        self.received_on.textEdited.connect(lambda _text: self._edited("received_on"))
        self.method.currentIndexChanged.connect(lambda _index: self._edited("method"))
        self.check()
        self.amount.setFocus()
        self.amount.selectAll()

    def _load(self, session: Session) -> tuple[str, str, str | None, list[DayFee]]:
        vendor = vendors.get(session, self.vendor_id)
        days = fees.statement(session, self.vendor_id, fair_id=self.fair_id, unpaid_only=True)
        return vendor.full_name, vendor.code, memberships.stall_at(vendor, self.fair_id), days

    def _build(self) -> None:
        self.setWindowTitle(_("Registrar pago de cuotas"))
        who = subheading(self.vendor_name)
        who.setWordWrap(True)
        details = [_("Código {code}", code=self.code)]
        if self.stall:
            details.append(_("Puesto {stall}", stall=self.stall))
        n = len(self.days)
        details.append(
            _("Debe {amount} de 1 jornada", amount=money_text(self.owed))
            if n == 1
            else _("Debe {amount} de {n} jornadas", amount=money_text(self.owed), n=n)
        )
        self.owed_label = QLabel(" · ".join(details))
        self.owed_label.setObjectName("owed")
        self.owed_label.setWordWrap(True)
        self.amount = QLineEdit()
        self.amount.setObjectName("amount")
        self.amount.setPlaceholderText(_("p. ej. 15.00"))
        self.method = QComboBox()
        self.method.setObjectName("method")
        for code, label in labels.PAYMENT_METHOD.items():
            self.method.addItem(label.render(), code)
        self.received_on = QLineEdit()
        self.received_on.setObjectName("received_on")
        self.received_on.setPlaceholderText(_("dd/mm/aaaa"))
        self.received_on.setMaxLength(10)
        self.messages = FieldMessages()
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.messages.add_row(form, _("Monto"), "payment", self.amount)
        self.messages.add_row(form, fees.METHOD.render(), "method", self.method)
        self.messages.add_row(form, _("Recibido el"), "received_on", self.received_on)
        self.plan_label = QLabel()
        self.plan_label.setObjectName("plan")
        self.plan_label.setWordWrap(True)
        self.plan_label.setStyleSheet(MUTED_STYLE)
        form.addRow("", self.plan_label)
        self.print_receipt = QCheckBox(_("Imprimir recibo"))
        self.print_receipt.setObjectName("print_receipt")
        self.print_receipt.setChecked(True)
        self.print_receipt.setToolTip(_("Al guardar, pide dónde guardar el PDF del recibo"))
        form.addRow("", self.print_receipt)
        self.summary = error_label("summary")
        self.summary.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(who)
        layout.addWidget(self.owed_label)
        layout.addSpacing(6)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addSpacing(6)
        layout.addWidget(self.save_cancel_buttons())
        self.resize(520, self.sizeHint().height())

    def _fit_height(self) -> None:
        fit_height(self)

    # the values and their plan ---------------------------------------------------------
    def values(self) -> dict[str, str]:
        return {
            "amount": self.amount.text(),
            "method": self.method.currentData(),
            "received_on": self.received_on.text(),
        }

    def has_changes(self) -> bool:
        return self.values() != self.initial

    def _edited(self, field: str) -> None:
        self.touched.add(field)
        self.summary.hide()
        self.check()

    def _problems(self) -> tuple[list[tuple[DayFee, int]], fees.Terms | None, ValidationError]:
        """The plan and the checked terms, or what is wrong with them."""
        values = self.values()
        try:
            terms = fees.check_terms(
                values["amount"], values["method"], values["received_on"], today=self.today
            )
            plan = fees.plan_payment(
                self.days, values["amount"], received_on=terms.received_on, today=self.today
            )
        except ValidationError as error:
            return [], None, error
        closed = self.ctx.read(lambda s: fees.closed_on_received(s, plan, terms.received_on))
        return plan, terms, closed

    def check(self, *, show: bool = False) -> ValidationError | None:
        """The problems of the values (shown for the fields the person has touched, or all
        with ``show``; a closed fair day on the date received always), and how the payment
        will be applied when it has none."""
        plan, terms, error = self._problems()
        shown = set(self.touched)
        if error is not None and error.for_field("received_on") and terms is not None:
            shown.add("received_on")  # a closed day on that date: not a typing slip
        self.messages.show(error, None if show else shown)
        if error is not None or terms is None:
            self.plan_label.setText("")
            self.plan_label.hide()
            self._fit_height()
            return error
        self.plan_label.setText(self._plan_text(plan, terms))
        self.plan_label.show()
        self._fit_height()
        return None

    def _plan_text(self, plan: list[tuple[DayFee, int]], terms: fees.Terms) -> str:
        several_fairs = len({d.fair for d in self.days}) > 1
        dates = []
        for day, part in plan:
            text = date_text(day.date)
            if several_fairs:
                text = f"{text} ({day.fair})"
            if part < day.outstanding_cents:
                text = _("{date} (en parte)", date=text)
                if not several_fairs:  # kept on one line with its date
                    text = text.replace(" ", "\u00a0", 1)
            dates.append(text)
        listed = ", ".join(dates)
        if len(dates) > MAX_DATES:  # the first ones, how many more, and the last one
            first = dates[: MAX_DATES - 2]
            listed = _(
                "{dates} y {n} más, hasta el {last}",
                dates=", ".join(first),
                n=len(dates) - len(first) - 1,
                last=dates[-1],
            )
        lines = [_("Se aplica a las jornadas más antiguas primero: {dates}", dates=listed)]
        closed = [(day, part) for day, part in plan if day.closed]
        if closed:
            later = {
                "amount": money_text(sum(part for _day, part in closed)),
                "date": date_text(terms.received_on),
                "method": method_text(terms.method),
            }
            n = len(closed)
            if n == len(plan):
                lines.append(
                    _n(n, "Esa jornada está cerrada y no cambia: el pago se registra como pago "
                          "posterior, recibido el {date} ({method}).",
                       "Esas jornadas están cerradas y no cambian: el pago se registra como "
                       "pago posterior, recibido el {date} ({method}).", **later)
                )  # fmt: skip
            else:
                lines.append(
                    _n(n, "{amount} va a 1 jornada cerrada, que no cambia: se registra como "
                          "pago posterior, recibido el {date} ({method}).",
                       "{amount} va a {n} jornadas cerradas, que no cambian: se registra como "
                       "pago posterior, recibido el {date} ({method}).", **later)
                )  # fmt: skip
        left = self.owed - sum(part for _day, part in plan)
        lines.append(
            _("Queda por pagar: {amount}", amount=money_text(left))
            if left
            else _("Con este pago queda al día.")
        )
        return "\n".join(lines)

    # saving ------------------------------------------------------------------------------
    def save(self) -> bool:
        error = self.check(show=True)
        if error is None:
            values = self.values()

            def attempt() -> None:
                with self.ctx.write(SALES) as session:
                    applied = fees.record_payment(
                        session,
                        self.ctx.actor,
                        self.vendor_id,
                        values["amount"],
                        method=values["method"],
                        received_on=values["received_on"],
                        fair_id=self.fair_id,
                        today=self.today,
                    )
                    self.receipt_ids = sorted({a.receipt_id for a in applied if a.receipt_id})

            try:
                network.retrying(attempt)  # once more after a conflict with another writer
            except network.WriteConflictError as refused:
                show_error(self, refused)
                return False
            except ValidationError as refused:  # paid or closed from another window meanwhile
                error = refused
                self.messages.show(error)
                self.summary.setText(
                    _("No se guardó: otro pago cambió la deuda mientras tanto.")
                    if error.for_field("payment")
                    else _("No se guardó: revise los campos marcados en rojo.")
                )
                self.summary.show()
                self._fit_height()
        if error is not None:
            first = next((f for f in ("payment", "received_on") if error.for_field(f)), "payment")
            widget = self.amount if first == "payment" else self.received_on
            widget.setFocus()
            widget.selectAll()
            return False
        self.initial = self.values()
        return True

    def accept(self) -> None:
        if self.save():
            super().accept()
