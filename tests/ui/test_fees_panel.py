"""Cuotas: what each vendor owes in a fair, their days, and payments, driven like a person
would, on the demo database."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QShortcut
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox
from sqlalchemy import func, select

from agroferia.core import fairs, fees, vendors
from agroferia.core.models import AuditLog, Fee, LaterPayment
from agroferia.core.money import format_money, plain
from agroferia.core.network.memberships import member_of, stall_at
from agroferia.core.ubigeo import fold
from agroferia.ui.context import SALES, VENDORS
from agroferia.ui.sales.fees_panel import (
    LATER_COLUMN,
    PENDING_COLUMN,
    SALDO_COLUMN,
    VENDOR_COLUMNS,
    FeesPanel,
    PaymentDialog,
)
from agroferia.ui.widgets import date_text
from tests.ui.conftest import answer_dialog

COLUMN = {title: n for n, title in enumerate(c.title for c in VENDOR_COLUMNS)}


@pytest.fixture(autouse=True)
def _no_receipt_saved(monkeypatch) -> None:
    """A payment recorded here offers to save its receipt: the file dialog is answered
    «Cancel» unless a test answers it otherwise."""
    from PySide6.QtWidgets import QFileDialog

    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args: ("", ""))


@pytest.fixture
def fair_id(demo_ctx) -> int:
    return demo_ctx.active_fair()[0]


@pytest.fixture
def panel(qtbot, demo_ctx, fair_id) -> FeesPanel:
    widget = FeesPanel(demo_ctx)
    qtbot.addWidget(widget)
    widget.resize(1000, 650)
    widget.show()
    widget.set_fair(fair_id)
    return widget


def cell(model, row: int, column: int) -> str:
    return model.data(model.index(row, column))


def shown(panel: FeesPanel) -> dict[int, int]:
    """Vendor id -> table row, as the table shows them."""
    return {panel.model.row_at(i).id: i for i in range(panel.model.rowCount())}


def balances(ctx, fair_id: int) -> dict[int, fees.Balance]:
    return ctx.read(lambda s: fees.balances(s, fair_id=fair_id))


def owing(ctx, fair_id: int) -> dict[int, fees.Balance]:
    return {vid: b for vid, b in balances(ctx, fair_id).items() if b.outstanding > 0}


def unpaid_days(ctx, vendor_id: int) -> list[fees.DayFee]:
    return ctx.read(lambda s: fees.statement(s, vendor_id, unpaid_only=True))


def audit_count(ctx) -> int:
    return ctx.read(lambda s: s.scalar(select(func.count()).select_from(AuditLog)))


def a_debtor(ctx, fair_id: int, *, days: int = 2) -> int:
    """A vendor owing at least ``days`` fair days."""
    return next(vid for vid in sorted(owing(ctx, fair_id)) if len(unpaid_days(ctx, vid)) >= days)


def retype(qtbot, edit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    qtbot.keyClicks(edit, text)


def on_payment_dialog(qtbot, act) -> dict:
    """Runs ``act(dialog)`` on the next modal payment dialog; the dialog is closed afterwards
    whatever happened, and what went wrong is kept to be raised by ``check``."""
    seen: dict = {}

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, PaymentDialog):
            QTimer.singleShot(20, poll)
            return
        seen["opened"] = True
        try:
            act(dialog)
        except BaseException as exc:  # raised again in the test, once the dialog is gone
            seen["error"] = exc
        finally:
            seen["left_open"] = dialog.isVisible()
            if dialog.isVisible():
                dialog.done(0)

    QTimer.singleShot(0, poll)
    return seen


def check(seen: dict) -> None:
    if "error" in seen:
        raise seen["error"]
    assert seen.get("opened"), "no payment dialog opened"


# ------------------------------------------------------------------------ the table


def test_debt_per_vendor_and_footer_are_the_balances(panel, demo_ctx, fair_id):
    expected = owing(demo_ctx, fair_id)
    assert expected  # the demo leaves some fees unpaid
    rows = shown(panel)
    assert set(rows) == set(expected)
    model = panel.model
    for vid, row in rows.items():
        balance = expected[vid]
        assert cell(model, row, COLUMN["Debido"]) == format_money(balance.due)
        assert cell(model, row, COLUMN["Pagado"]) == format_money(balance.paid)
        assert cell(model, row, COLUMN["Saldo"]) == format_money(balance.outstanding)
        days = demo_ctx.read(
            lambda s, v=vid: fees.statement(s, v, fair_id=fair_id, unpaid_only=True)
        )
        assert cell(model, row, COLUMN["Jornadas adeudadas"]) == str(len(days))
    total = format_money(sum((b.outstanding for b in expected.values()), Decimal("0.00")))
    assert panel.footer.text() == (
        f"{len(expected)} expositores con deuda · Total adeudado {total}"
    )
    assert model.data(model.index(0, SALDO_COLUMN), Qt.ItemDataRole.TextAlignmentRole) & (
        Qt.AlignmentFlag.AlignRight
    )


def test_the_table_shows_the_stall_code_and_name(panel, demo_ctx):
    first = panel.model.row_at(0)
    vendor = demo_ctx.read(lambda s: vendors.get(s, first.id))
    stall = demo_ctx.read(lambda s: stall_at(vendors.get(s, first.id), panel.fair_id))
    assert stall and cell(panel.model, 0, COLUMN["Puesto"]) == stall
    assert cell(panel.model, 0, COLUMN["Código"]) == vendor.code
    assert cell(panel.model, 0, COLUMN["Expositor"]) == f"{vendor.surnames}, {vendor.given_names}"
    stalls = [panel.model.row_at(i).stall for i in range(panel.model.rowCount())]
    assert stalls[:3] == sorted(stalls)[:3]  # by stall to begin with


def test_sorting_by_balance_keeps_the_selection(panel):
    chosen = panel.model.row_at(3).id
    panel.select_vendor(chosen)
    panel.table.sortByColumn(SALDO_COLUMN, Qt.SortOrder.DescendingOrder)
    debts = [panel.model.row_at(i).outstanding_cents for i in range(panel.model.rowCount())]
    assert debts == sorted(debts, reverse=True)
    assert panel.selected_id() == chosen


def test_search_narrows_by_document_code_and_name_without_accents(qtbot, panel, demo_ctx):
    everyone = set(shown(panel))
    target = panel.model.row_at(5)
    qtbot.keyClicks(panel.search, target.doc_number)
    assert set(shown(panel)) == {target.id}
    assert panel.footer.text().startswith("En la búsqueda: 1 expositor con deuda")
    panel.search.clear()
    qtbot.keyClicks(panel.search, target.code.lower())
    assert set(shown(panel)) == {target.id}
    panel.search.clear()
    assert set(shown(panel)) == everyone
    accented = next(r for r in panel.model.all_rows() if fold(r.surnames) != r.surnames.upper())
    typed = fold(accented.surnames.split()[0]).lower()  # "huaman" for Huamán
    panel.debt_only.setChecked(False)
    qtbot.keyClicks(panel.search, typed)
    assert accented.id in shown(panel)
    assert all(typed.upper() in r.search_key for r in panel.model.visible())
    assert len(shown(panel)) < len(panel.model.all_rows())


def test_unticking_shows_vendors_without_debt(panel, demo_ctx, fair_id):
    assert panel.debt_only.isChecked()
    debtors = set(shown(panel))
    panel.debt_only.setChecked(False)
    everyone = shown(panel)
    settled = {vid for vid in everyone if panel.model.row_at(everyone[vid]).outstanding_cents == 0}
    assert settled and everyone.keys() == debtors | settled
    active = demo_ctx.read(
        lambda s: {v.id for v in vendors_of_fair(s, fair_id) if v.status == "active"}
    )
    assert active <= everyone.keys()
    some = next(iter(settled))
    assert cell(panel.model, everyone[some], COLUMN["Saldo"]) == "S/ 0.00"
    panel.select_vendor(some)
    assert not panel.pay_button.isEnabled()
    assert "no tiene cuotas pendientes" in panel.pay_button.toolTip()
    assert panel.statement_note.text() == "Está al día: no debe ninguna jornada."
    assert panel.footer.text().startswith(f"{len(debtors)} expositores con deuda")
    panel.debt_only.setChecked(True)
    assert set(shown(panel)) == debtors


def vendors_of_fair(session, fair_id: int):
    from agroferia.core.models import Vendor

    return session.scalars(select(Vendor).where(member_of(fair_id))).all()


# ------------------------------------------------------------------------ the statement


def test_selecting_a_vendor_shows_unpaid_days_first_oldest_first(panel, demo_ctx, fair_id):
    vid = a_debtor(demo_ctx, fair_id, days=2)
    panel.select_vendor(vid)
    every = demo_ctx.read(lambda s: fees.statement(s, vid))
    unpaid = [d for d in every if d.outstanding_cents > 0]
    lines = [panel.statement.row_at(i).day for i in range(panel.statement.rowCount())]
    assert len(lines) == len(every)
    assert lines[: len(unpaid)] == unpaid  # oldest first: the order payments go to
    assert all(d.outstanding_cents == 0 for d in lines[len(unpaid) :])
    model = panel.statement
    assert cell(model, 0, 0) == date_text(unpaid[0].date)
    assert cell(model, 0, PENDING_COLUMN) == format_money(unpaid[0].outstanding_cents, cents=True)
    assert model.data(model.index(0, 0), Qt.ItemDataRole.BackgroundRole) is not None
    last = len(lines) - 1
    assert model.data(model.index(last, 0), Qt.ItemDataRole.BackgroundRole) is None
    owed = format_money(sum(d.outstanding_cents for d in unpaid), cents=True)
    assert panel.statement_note.text().startswith(f"Debe {owed} de {len(unpaid)} jornadas")


# ------------------------------------------------------------------------ payments


def test_payment_typed_with_enter_pays_the_oldest_days_first(qtbot, panel, demo_ctx, fair_id):
    vid = a_debtor(demo_ctx, fair_id, days=2)
    before = unpaid_days(demo_ctx, vid)
    owed_before = owing(demo_ctx, fair_id)[vid].outstanding
    panel.select_vendor(vid)
    panel.table.setFocus()

    def pay(dialog: PaymentDialog) -> None:
        assert dialog.amount.text() == plain(sum(d.outstanding_cents for d in before))
        retype(qtbot, dialog.amount, "22,50")
        first, second = before[0], before[1]
        assert dialog.plan_label.text().startswith(
            "Se aplica a las jornadas más antiguas primero: "
            f"{date_text(first.date)}, {date_text(second.date)}\u00a0(en parte)"
        )
        qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)

    seen = on_payment_dialog(qtbot, pay)
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    check(seen)
    assert not seen["left_open"]

    assert owing(demo_ctx, fair_id)[vid].outstanding == owed_before - Decimal("22.50")
    fee_rows = demo_ctx.read(
        lambda s: {f.id: (f.due_cents, f.paid_cents) for f in s.scalars(select(Fee))}
    )
    assert fee_rows[before[0].fee_id] == (before[0].due_cents, before[0].due_cents)
    assert fee_rows[before[1].fee_id][1] == before[1].paid_cents + (
        2250 - before[0].outstanding_cents
    )
    for later in before[2:]:
        assert fee_rows[later.fee_id][1] == later.paid_cents
    entries = demo_ctx.read(
        lambda s: s.scalars(
            select(AuditLog).where(AuditLog.action == "payment").order_by(AuditLog.id)
        ).all()
    )
    assert [(e.actor, e.entity, e.entity_id) for e in entries[-2:]] == [
        ("prueba", "fee", before[0].fee_id),
        ("prueba", "fee", before[1].fee_id),
    ]
    # the panel followed: same vendor, new balance, the paid day no longer first
    assert panel.selected_id() == vid
    row = shown(panel)[vid]
    assert cell(panel.model, row, COLUMN["Saldo"]) == format_money(owed_before - Decimal("22.50"))
    assert panel.statement.row_at(0).day.fee_id == before[1].fee_id
    assert panel.statement.row_at(0).day.paid_cents > before[1].paid_cents


def test_the_button_pays_off_the_whole_debt(qtbot, panel, demo_ctx, fair_id, tmp_path,
                                           monkeypatch):  # fmt: skip
    from PySide6.QtGui import QDesktopServices
    from PySide6.QtWidgets import QFileDialog

    vid = a_debtor(demo_ctx, fair_id, days=1)
    panel.select_vendor(vid)
    n_debtors = len(owing(demo_ctx, fair_id))
    offered = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda _parent, _title, start, kinds: offered.append(start)
                        or (str(tmp_path / "recibo"), kinds))  # fmt: skip
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: True)
    seen = answer_dialog(qtbot, QDialogButtonBox.StandardButton.Save)  # the whole debt
    panel.pay_button.click()
    assert seen["title"] == "Registrar pago de cuotas"
    # «Imprimir recibo» is checked to begin with: its receipt is saved where asked
    assert len(offered) == 1 and offered[0].endswith(".pdf")
    assert (tmp_path / "recibo.pdf").read_bytes().startswith(b"%PDF-")
    assert vid not in owing(demo_ctx, fair_id)
    assert vid not in shown(panel)  # only those who owe
    assert panel.footer.text().startswith(f"{n_debtors - 1} expositores con deuda")


def test_more_than_owed_shows_its_message_and_writes_nothing(qtbot, demo_ctx, fair_id):
    vid = a_debtor(demo_ctx, fair_id, days=1)
    owed = sum(d.outstanding_cents for d in unpaid_days(demo_ctx, vid))
    audits, paid = audit_count(demo_ctx), balances(demo_ctx, fair_id)[vid].paid
    dialog = PaymentDialog(demo_ctx, vid)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.messages.text("payment") == ""
    retype(qtbot, dialog.amount, "S/ 9999")
    message = f"supera lo adeudado ({format_money(owed, cents=True)})"
    assert dialog.messages.text("payment") == message
    assert not dialog.plan_label.isVisible()
    qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert dialog.messages.text("payment") == message
    assert dialog.amount.text() == "S/ 9999"
    for typed, why in (("0", "debe ser mayor que cero"), ("diez", "no es un monto válido")):
        retype(qtbot, dialog.amount, typed)
        qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)
        assert dialog.isVisible()
        assert dialog.messages.text("payment").startswith(why)
    assert audit_count(demo_ctx) == audits
    assert balances(demo_ctx, fair_id)[vid].paid == paid
    retype(qtbot, dialog.amount, "S/ 12.50")
    assert dialog.messages.text("payment") == ""
    assert "(en parte)" in dialog.plan_label.text()
    assert dialog.plan_label.text().endswith(
        f"Queda por pagar: {format_money(owed - 1250, cents=True)}"
    )
    qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert balances(demo_ctx, fair_id)[vid].paid == paid + Decimal("12.50")


def test_escape_with_a_typed_amount_asks(qtbot, demo_ctx, fair_id):
    vid = a_debtor(demo_ctx, fair_id, days=1)
    audits = audit_count(demo_ctx)
    dialog = PaymentDialog(demo_ctx, vid)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    retype(qtbot, dialog.amount, "5")
    answer_dialog(qtbot, QMessageBox.StandardButton.Cancel)
    qtbot.keyClick(dialog.amount, Qt.Key.Key_Escape)
    assert dialog.isVisible() and dialog.amount.text() == "5"
    seen = answer_dialog(qtbot, QMessageBox.StandardButton.Discard)
    qtbot.keyClick(dialog.amount, Qt.Key.Key_Escape)
    assert seen["title"] == "Cambios sin guardar"
    assert not dialog.isVisible()
    assert audit_count(demo_ctx) == audits


def test_escape_without_changes_just_closes(qtbot, demo_ctx, fair_id):
    dialog = PaymentDialog(demo_ctx, a_debtor(demo_ctx, fair_id, days=1))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClick(dialog.amount, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_many_days_are_named_briefly(qtbot, demo_ctx, fair_id):
    vid = a_debtor(demo_ctx, fair_id, days=1)
    with demo_ctx.write(SALES) as s:  # owing the first 12 days: more than the dialog names
        for summary in sorted(fairs.day_summaries(s, fair_id), key=lambda d: d.date)[:12]:
            fees.set_day_fee(s, "prueba", summary.id, vid, "15", "")
    days = unpaid_days(demo_ctx, vid)
    dialog = PaymentDialog(demo_ctx, vid)
    qtbot.addWidget(dialog)
    text = dialog.plan_label.text()
    assert date_text(days[0].date) in text and date_text(days[-1].date) in text
    assert f"y {len(days) - 7} más, hasta el {date_text(days[-1].date)}" in text
    assert text.endswith("Con este pago queda al día.")


# ------------------------------------------------------------------------ following changes


def test_the_panel_follows_payments_and_vendors_changed_elsewhere(panel, demo_ctx, fair_id):
    vid = a_debtor(demo_ctx, fair_id, days=2)
    panel.select_vendor(vid)
    with demo_ctx.write(SALES) as s:
        fees.record_payment(s, "otra", vid, "15")
    row = shown(panel)[vid]
    assert cell(panel.model, row, COLUMN["Saldo"]) == format_money(
        owing(demo_ctx, fair_id)[vid].outstanding
    )
    assert panel.selected_id() == vid
    with demo_ctx.write(VENDORS) as s:
        vendors.update(s, "otra", vid, {"stall": "Z-99"})
    assert cell(panel.model, shown(panel)[vid], COLUMN["Puesto"]) == "Z-99"
    assert panel.selected_id() == vid


def test_without_a_fair_or_fees_it_says_so(qtbot, ctx):
    widget = FeesPanel(ctx)
    qtbot.addWidget(widget)
    widget.set_fair(None)
    assert widget.footer.text() == "Elija una feria para ver sus cuotas."
    assert not widget.pay_button.isEnabled()
    with ctx.write(SALES) as s:
        fair = fairs.create_fair(s, "prueba", name="Feria nueva").id
    widget.set_fair(fair)
    assert widget.model.rowCount() == 0
    assert widget.footer.text() == "Esta feria todavía no tiene cuotas registradas."
    assert widget.statement_title.text() == "Cuotas por jornada"


def test_a_debt_in_another_fair_is_said_and_paid_there(qtbot, panel, demo_ctx, fair_id):
    """This fair's days are listed and paid here; what is owed at another fair is said, to
    be paid in that fair's view (each fair numbers its own receipts)."""
    vid = a_debtor(demo_ctx, fair_id, days=1)
    first_unpaid = unpaid_days(demo_ctx, vid)[0]
    with demo_ctx.write(SALES) as s:
        other = fairs.create_fair(s, "prueba", name="Feria de Surco").id
        early = fairs.add_fair_day(s, "prueba", other, date=first_unpaid.date.replace(day=1)).id
        fees.set_day_fee(s, "prueba", early, vid, "7", "")
    panel.select_vendor(vid)
    here = owing(demo_ctx, fair_id)[vid].outstanding
    row = shown(panel)[vid]
    assert cell(panel.model, row, COLUMN["Saldo"]) == format_money(here)  # this fair's only
    assert {d.fair for d in panel.days} == {"Agroferia Campesina de Magdalena"}
    assert panel.owed() == int(here * 100)
    assert panel.statement_note.text().endswith(
        "Debe además S/ 7.00 en Feria de Surco: se paga en la vista de esa feria."
    )
    dialog = PaymentDialog(demo_ctx, vid, fair_id=fair_id)
    qtbot.addWidget(dialog)
    assert dialog.amount.text() == plain(int(here * 100))  # this fair's days only
    panel.set_fair(other)
    panel.select_vendor(vid)
    assert [d.fair_day_id for d in panel.days] == [early] and panel.owed() == 700


# ------------------------------------------------------------------------ closed days

TUESDAY = dt.date(2026, 11, 24)  # two days after the demo's last Sunday


def open_dialog(qtbot, ctx, vendor_id: int) -> PaymentDialog:
    dialog = PaymentDialog(ctx, vendor_id, today=TUESDAY)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def close_day(ctx, fair_day_id: int) -> None:
    with ctx.write(SALES) as s:
        fairs.close_fair_day(s, "prueba", fair_day_id, today=TUESDAY)


def test_a_payment_to_a_closed_day_is_recorded_later_and_the_dialog_says_so(
    qtbot, panel, demo_ctx, fair_id
):
    vid = a_debtor(demo_ctx, fair_id, days=2)
    oldest, second = unpaid_days(demo_ctx, vid)[:2]
    close_day(demo_ctx, oldest.fair_day_id)
    fee_before = demo_ctx.read(lambda s: s.get(Fee, oldest.fee_id).paid_cents)
    dialog = open_dialog(qtbot, demo_ctx, vid)
    assert dialog.method.currentText() == "Efectivo"
    assert dialog.received_on.text() == "24/11/2026"
    amount = oldest.outstanding_cents + 100  # the closed day, and S/ 1.00 of the next
    retype(qtbot, dialog.amount, plain(amount))
    assert (
        f"{format_money(oldest.outstanding_cents, cents=True)} va a 1 jornada cerrada, que no "
        "cambia: se registra como pago posterior, recibido el 24/11/2026 (Efectivo)."
    ) in dialog.plan_label.text()
    dialog.method.setCurrentIndex(dialog.method.findData("yape"))
    retype(qtbot, dialog.received_on, "25/11/2026")  # tomorrow
    assert dialog.messages.text("received_on") == "no puede estar en el futuro"
    assert not dialog.plan_label.isVisible()
    qtbot.keyClick(dialog.received_on, Qt.Key.Key_Return)
    assert dialog.isVisible()
    retype(qtbot, dialog.received_on, "23/11/2026")
    assert dialog.messages.text("received_on") == ""
    assert "recibido el 23/11/2026 (Yape)." in dialog.plan_label.text()
    qtbot.keyClick(dialog.received_on, Qt.Key.Key_Return)
    assert not dialog.isVisible()

    # the closed day's fee is as it was closed; the payment is kept apart, as received
    assert demo_ctx.read(lambda s: s.get(Fee, oldest.fee_id).paid_cents) == fee_before
    later = demo_ctx.read(lambda s: s.scalars(select(LaterPayment)).all())
    assert [(p.fee_id, p.amount_cents, p.payment_method, p.received_on, p.recorded_by)
            for p in later] == [
        (oldest.fee_id, oldest.outstanding_cents, "yape", dt.date(2026, 11, 23), "prueba")
    ]  # fmt: skip
    assert demo_ctx.read(lambda s: s.get(Fee, second.fee_id).paid_cents) == (
        second.paid_cents + 100
    )
    # the panel shows it as such
    panel.select_vendor(vid)
    row = shown(panel)[vid]
    assert cell(panel.model, row, COLUMN["Pagado después"]) == format_money(
        oldest.outstanding_cents, cents=True
    )
    lines = {panel.statement.row_at(i).day.fee_id: i for i in range(panel.statement.rowCount())}
    paid_line = lines[oldest.fee_id]
    assert cell(panel.statement, paid_line, 0) == f"{date_text(oldest.date)} · cerrada"
    assert cell(panel.statement, paid_line, LATER_COLUMN) == (
        f"{format_money(oldest.outstanding_cents, cents=True)} · 23/11/2026 · Yape"
    )
    assert cell(panel.statement, paid_line, PENDING_COLUMN) == "S/ 0.00"
    tip = panel.statement.data(
        panel.statement.index(paid_line, LATER_COLUMN), Qt.ItemDataRole.ToolTipRole
    )
    assert tip.endswith("recibido el 23/11/2026 (Yape), registrado por prueba")


def test_a_closed_fair_day_on_the_date_received_is_explained(qtbot, demo_ctx, fair_id):
    vid = a_debtor(demo_ctx, fair_id, days=1)
    oldest = unpaid_days(demo_ctx, vid)[0]
    close_day(demo_ctx, oldest.fair_day_id)
    last_sunday = demo_ctx.read(lambda s: fairs.find_fair_day(s, fair_id, dt.date(2026, 11, 22)))
    close_day(demo_ctx, last_sunday.id)
    audits = audit_count(demo_ctx)
    dialog = open_dialog(qtbot, demo_ctx, vid)
    retype(qtbot, dialog.received_on, "22/11/2026")
    assert dialog.messages.text("received_on").startswith(
        "la jornada del 22/11/2026 (Agroferia Campesina de Magdalena) ya está cerrada y su "
        "resumen no cambia"
    )
    qtbot.keyClick(dialog.received_on, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert audit_count(demo_ctx) == audits
    retype(qtbot, dialog.received_on, "23/11/2026")  # the day after: nothing closed then
    assert dialog.messages.text("received_on") == ""


def test_the_button_names_its_shortcut_which_the_menu_owns(panel):
    assert "(Ctrl+R)" in panel.pay_button.toolTip()
    assert panel.pay_button.toolTip().startswith("Registrar un pago de cuotas")
    assert panel.findChildren(QShortcut) == []
    assert all(a.shortcut().isEmpty() for a in panel.findChildren(QAction))


def test_a_producer_owing_at_two_fairs_pays_each_fair_its_own_days(qtbot, demo_ctx, fair_id):
    """La Punta's treasurer sees and takes La Punta's fees only, not Magdalena's."""
    vid = a_debtor(demo_ctx, fair_id, days=2)
    magdalena_before = owing(demo_ctx, fair_id)[vid].outstanding
    with demo_ctx.write(SALES, VENDORS) as s:
        punta = fairs.create_fair(s, "t", name="Feria de La Punta").id
        vendors.update(s, "t", vid, {"fair": punta, "stall": "P-3"})
        day = fairs.add_fair_day(s, "t", punta, date=dt.date.today() - dt.timedelta(days=2)).id
        fees.set_due(s, "t", day, vid, "10")
    panel = FeesPanel(demo_ctx)
    qtbot.addWidget(panel)
    panel.show()
    panel.set_fair(punta)
    panel.select_vendor(vid)
    assert [d.fair_day_id for d in panel.days] == [day]  # La Punta's day only
    assert panel.owed() == 1000
    dialog = PaymentDialog(demo_ctx, vid, panel, fair_id=punta)
    qtbot.addWidget(dialog)
    assert (dialog.owed, dialog.amount.text(), dialog.stall) == (1000, "10.00", "P-3")
    assert dialog.save()
    assert vid not in owing(demo_ctx, punta)  # paid there
    assert owing(demo_ctx, fair_id)[vid].outstanding == magdalena_before  # untouched
