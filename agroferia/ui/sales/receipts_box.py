"""The receipts of fee payments in the Cuotas panel: the selected vendor's receipts with
«Reimprimir…» (a copy, marked «COPIA») and «Anular…» (organizers and treasurers; a reason
is required; the payment stays), and the saving of a receipt's PDF right after a payment."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QBrush, QColor, QDesktopServices
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from agroferia.core import labels
from agroferia.core.accounts import Right
from agroferia.core.errors import AgroferiaError, ValidationError
from agroferia.core.fees import receipts
from agroferia.core.fees.receipts import ReceiptDoc
from agroferia.core.money import format_money
from agroferia.i18n import N_, _, get_language
from agroferia.ui.context import SALES, AppContext
from agroferia.ui.errors import show_error
from agroferia.ui.permissions import allow
from agroferia.ui.reports.common import EXPORT, start_folder, with_suffix, write_problem
from agroferia.ui.tables import Column, RowsModel, row_table, selected_row
from agroferia.ui.widgets import FieldMessages, GuardedDialog, date_text, run_dialog, subheading

VOID_BRUSH = QBrush(QColor("#80868b"))


def _method(row: ReceiptDoc) -> str:
    return labels.PAYMENT_METHOD[row.method].render() if row.method else _("en la jornada")


def _state(row: ReceiptDoc) -> str:
    return _("Anulado: {reason}", reason=row.void_reason or "") if row.voided else ""


COLUMNS: list[Column[ReceiptDoc]] = [
    Column(N_("N°"), lambda r: r.number_text, lambda r: (r.fair, r.number)),
    Column(N_("Fecha"), lambda r: date_text(r.received_on), lambda r: r.received_on),
    Column(N_("Feria"), lambda r: r.fair, lambda r: r.fair),
    Column(N_("Monto"), lambda r: format_money(r.cents, cents=True), lambda r: r.cents,
           right=True),
    Column(N_("Medio de pago"), _method, _method),
    Column(N_("Estado"), _state, _state),
]  # fmt: skip


class ReceiptsModel(RowsModel[ReceiptDoc]):
    columns: ClassVar[list[Column]] = COLUMNS

    def __init__(self, parent: Any = None) -> None:
        super().__init__((1, Qt.SortOrder.DescendingOrder), parent)

    def extra(self, row: ReceiptDoc, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and row.voided:
            return VOID_BRUSH
        return None


def save_receipts(parent: QWidget, ctx: AppContext, receipt_ids: list[int], *,
                  copy: bool) -> list[Path]:  # fmt: skip
    """Asks where to save each receipt's PDF, writes it and opens it; the paths written."""
    from agroferia.reports.receipt import write_receipt

    written = []
    for receipt_id in receipt_ids:
        doc = ctx.read(lambda s, rid=receipt_id: receipts.document(s, rid))
        name = f"recibo_{doc.number_text}.pdf"
        start = str(start_folder(ctx.prefs, EXPORT) / name)
        chosen, _filter = QFileDialog.getSaveFileName(
            parent, _("Guardar el recibo N° {number}", number=doc.number_text), start,
            _("Documentos PDF (*.pdf)"),
        )  # fmt: skip
        if not chosen:
            continue
        path = with_suffix(chosen, ".pdf").absolute()
        try:
            ctx.read(lambda s, rid=receipt_id, p=path: write_receipt(
                s, rid, p, copy=copy, lang=get_language()))  # fmt: skip
        except OSError as exc:
            show_error(parent, write_problem(exc, path) or exc)
            continue
        ctx.prefs.set_last_folder(EXPORT, path.parent)
        written.append(path)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
    return written


class ReceiptsBox(QWidget):
    """The selected vendor's receipts, newest first."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.vendor_id: int | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        top = QHBoxLayout()
        top.addWidget(subheading(_("Recibos")), 1)
        self.reprint_button = QPushButton(_("Reimprimir…"))
        self.reprint_button.setObjectName("reprint_receipt")
        self.reprint_button.setToolTip(_("Guarda una copia del recibo elegido, marcada «COPIA»"))
        self.reprint_button.clicked.connect(self.reprint)
        top.addWidget(self.reprint_button)
        self.void_button = QPushButton(_("Anular…"))
        self.void_button.setObjectName("void_receipt")
        self.void_button.setToolTip(
            _("Anula un recibo emitido por error: queda marcado y su número no se vuelve a "
              "usar; el pago no cambia")
        )  # fmt: skip
        self.void_button.clicked.connect(self.void)
        allow(self.void_button, ctx, Right.SALES, Right.REGISTRY)
        top.addWidget(self.void_button)
        layout.addLayout(top)
        self.model = ReceiptsModel(self)
        self.table = row_table("receipts_table", self.reprint, model=self.model,
                               sort=(1, Qt.SortOrder.DescendingOrder), stretch=(5,))  # fmt: skip
        self.table.setMaximumHeight(self.table.verticalHeader().defaultSectionSize() * 4 + 30)
        layout.addWidget(self.table)  # a few lines: the statement above keeps the room
        self.table.selectionModel().selectionChanged.connect(self._enable)
        self._enable()

    def set_vendor(self, vendor_id: int | None) -> None:
        self.vendor_id = vendor_id
        found = (
            self.ctx.read(lambda s: receipts.documents(s, vendor_id=vendor_id))
            if vendor_id is not None
            else []
        )
        self.model.set_rows(found)
        self._enable()

    def selected(self) -> ReceiptDoc | None:
        row = selected_row(self.table)
        return self.model.row_at(row) if row is not None else None

    def _enable(self) -> None:
        chosen = self.selected()
        self.reprint_button.setEnabled(chosen is not None)
        may_void = self.ctx.may(Right.SALES, Right.REGISTRY)
        self.void_button.setEnabled(chosen is not None and not chosen.voided and may_void)

    def reprint(self) -> None:
        chosen = self.selected()
        if chosen is not None:
            save_receipts(self, self.ctx, [chosen.id], copy=True)

    def void(self) -> None:
        chosen = self.selected()
        if chosen is None or chosen.voided:
            return
        if run_dialog(VoidDialog(self.ctx, chosen, self)):
            self.set_vendor(self.vendor_id)


class VoidDialog(GuardedDialog):
    """Voids a receipt, with the reason (required)."""

    def __init__(self, ctx: AppContext, receipt: ReceiptDoc, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.receipt = receipt
        self.setWindowTitle(_("Anular recibo"))
        what = QLabel(
            _("Recibo N° {number} · {name} · {amount} · {date}", number=receipt.number_text,
              name=receipt.vendor_name, amount=format_money(receipt.cents, cents=True),
              date=date_text(receipt.received_on))
        )  # fmt: skip
        what.setWordWrap(True)
        explain = QLabel(
            _("El recibo queda marcado como anulado y su número no se vuelve a usar. El pago "
              "no cambia: si también estaba mal, corríjalo aparte.")
        )  # fmt: skip
        explain.setWordWrap(True)
        self.reason = QLineEdit()
        self.reason.setObjectName("void_reason")
        self.reason.setPlaceholderText(_("p. ej. se imprimió con el monto equivocado"))
        self.messages = FieldMessages()
        form = QFormLayout()
        self.messages.add_row(form, receipts.REASON.render(), "reason", self.reason)
        layout = QVBoxLayout(self)
        layout.addWidget(what)
        layout.addWidget(explain)
        layout.addLayout(form)
        layout.addWidget(self.save_cancel_buttons())
        self.resize(460, self.sizeHint().height())

    def has_changes(self) -> bool:
        return bool(self.reason.text().strip())

    def accept(self) -> None:
        try:
            with self.ctx.write(SALES) as session:
                receipts.void(session, self.ctx.actor, self.receipt.id, self.reason.text())
        except ValidationError as refused:
            self.messages.show(refused)
            self.reason.setFocus()
            return
        except AgroferiaError as refused:
            show_error(self, refused)
            return
        super().accept()
