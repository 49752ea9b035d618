"""«Constancia de ventas…» in the vendor form: the period asked, the file chosen, the PDF
written off the window's thread and audited; not offered for an anonymized vendor nor to an
account that may not take personal data out of the app."""

from __future__ import annotations

import datetime as dt
import json

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from agroferia.core import audit, periods, privacy, vendors
from agroferia.core.models import Vendor
from agroferia.ui.context import Account, AppContext
from agroferia.ui.vendors.form import VendorDialog
from agroferia.ui.vendors.statement_dialog import PDF_FILTER
from tests.accounts import add_account

PERSON = 12


def open_form(qtbot, ctx, vendor_id=PERSON) -> VendorDialog:
    dialog = VendorDialog(ctx, vendor_id)
    qtbot.addWidget(dialog, before_close_func=lambda d: setattr(d, "initial", d.values()))
    dialog.show()
    return dialog


def test_the_button_writes_the_statement_of_the_chosen_period(
    qtbot, demo_ctx, tmp_path, monkeypatch
) -> None:
    form = open_form(qtbot, demo_ctx)
    button = form.privacy.statement_button
    assert button.text() == "Constancia de ventas…" and button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = form.privacy.statement_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.period.kind.currentData() == periods.YEAR
    assert not dialog.period.fair.isVisible()  # a statement covers every fair of the person
    dialog.period.set_dates(dt.date(2026, 11, 1), dt.date(2026, 7, 1))
    assert not dialog.save_button.isEnabled() and dialog.problem.isVisible()
    dialog.period.set_dates(dt.date(2026, 7, 1), dt.date(2026, 11, 30))
    assert dialog.save_button.isEnabled() and not dialog.problem.isVisible()
    asked = []

    def answer(parent, title, start, filters):
        asked.append((title, start, filters))
        return str(tmp_path / "constancia"), PDF_FILTER  # typed without .pdf

    monkeypatch.setattr(QFileDialog, "getSaveFileName", answer)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.last_path is not None, timeout=20000)
    written = tmp_path / "constancia.pdf"
    assert dialog.last_path == written
    assert asked[0][0] == "Guardar la constancia de EXP-0012"
    assert asked[0][1].endswith("constancia_EXP-0012_20260701_20261130.pdf")
    entry = demo_ctx.read(lambda s: audit.history(s, "vendor", PERSON)[-1])
    after = json.loads(entry.after)
    assert (entry.actor, entry.action, after["from"], after["to"]) == (
        "prueba", "statement", "2026-07-01", "2026-11-30"
    )  # fmt: skip
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(written).pages).split())
    person = demo_ctx.read(lambda s: s.get(Vendor, PERSON).full_name)
    assert person in text and after["verification"] in text
    assert "Periodo: del 01/07/2026 al 30/11/2026" in text
    assert dialog.saved.isVisible() and after["verification"] in dialog.saved.label.text()


def test_not_for_an_anonymized_vendor(qtbot, demo_ctx) -> None:
    with demo_ctx.db.Session.begin() as s:
        vendors.set_status(s, "ana", PERSON, "withdrawn")
        privacy.anonymize(s, "ana", PERSON)
    form = open_form(qtbot, demo_ctx)
    assert not form.privacy.statement_button.isEnabled()
    assert form.privacy.export_button.isEnabled()  # their own data can still be given


def test_not_for_an_account_without_the_right(qtbot, demo_db, prefs, qapp) -> None:
    with demo_db.Session.begin() as s:
        user = Account.of(add_account(s, "mirona", "treasurer"))
    ctx = AppContext(demo_db, prefs, user=user)
    form = open_form(qtbot, ctx)
    button = form.privacy.statement_button
    assert not button.isEnabled()
    assert "Tesorero" in button.toolTip() and "datos personales" in button.toolTip()
