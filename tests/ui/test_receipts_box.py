"""The receipts in the Cuotas panel: the selected vendor's, newest first, printed again as a
copy, voided with a reason (which stays in the list); the payment stays."""

from __future__ import annotations

import pytest
from pypdf import PdfReader
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog

from agroferia.core import fees
from agroferia.core.fees import receipts
from agroferia.ui.context import SALES
from agroferia.ui.sales.fees_panel import FeesPanel
from agroferia.ui.tables import select_row
from tests.ui.conftest import answer_dialog

SAVE = QDialogButtonBox.StandardButton.Save


@pytest.fixture
def paid(qtbot, demo_ctx):
    """A debtor of the demo fair pays S/ 5.00; the panel shows them."""
    fair_id = demo_ctx.active_fair()[0]
    owing = demo_ctx.read(lambda s: fees.vendor_fees(s, fair_id))
    vid = next(r.id for r in owing if r.outstanding_cents >= 500)
    with demo_ctx.write(SALES) as s:
        [receipt_id] = {a.receipt_id for a in fees.record_payment(s, "ana", vid, "5")}
    panel = FeesPanel(demo_ctx)
    qtbot.addWidget(panel)
    panel.resize(1000, 700)
    panel.show()
    panel.set_fair(fair_id)
    panel.debt_only.setChecked(False)
    assert panel.select_vendor(vid)
    return panel, vid, receipt_id


def test_the_vendors_receipts_are_listed_and_printed_again_as_a_copy(
    paid, tmp_path, monkeypatch
) -> None:
    panel, _vid, receipt_id = paid
    box = panel.receipts
    assert box.model.rowCount() == 1
    doc = box.model.row_at(0)
    assert doc.id == receipt_id and doc.cents == 500
    assert not box.reprint_button.isEnabled()  # nothing chosen yet
    select_row(box.table, 0)
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda _p, _t, start, kinds: (str(tmp_path / "copia.pdf"), kinds))  # fmt: skip
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: True)
    box.reprint_button.click()
    text = " ".join(PdfReader(tmp_path / "copia.pdf").pages[0].extract_text().split())
    assert "COPIA" in text and f"N° {doc.number_text}" in text and "S/ 5.00" in text


def test_voiding_asks_why_and_keeps_the_receipt_marked(qtbot, paid, demo_ctx) -> None:
    panel, vid, receipt_id = paid
    box = panel.receipts
    select_row(box.table, 0)
    owed = demo_ctx.read(lambda s: fees.balance(s, vid).outstanding)

    def blank_then_reason(dialog) -> None:
        dialog.accept()  # no reason: refused under its field, the dialog stays
        assert dialog.isVisible() and "obligatorio" in dialog.messages.text("reason")
        dialog.reason.setText("Se imprimió con el nombre equivocado")

    seen = answer_dialog(qtbot, SAVE, fill=blank_then_reason)
    box.void_button.click()
    assert seen["title"] == "Anular recibo"
    doc = demo_ctx.read(lambda s: receipts.document(s, receipt_id))
    assert doc.voided and doc.void_reason == "Se imprimió con el nombre equivocado"
    assert demo_ctx.read(lambda s: fees.balance(s, vid).outstanding) == owed  # payment stays
    assert box.model.rowCount() == 1
    assert box.model.row_at(0).voided
    select_row(box.table, 0)
    assert not box.void_button.isEnabled()  # once is enough
