"""«Imprimir planilla…» on the fair-day sheet: asks where, writes the day's paper planilla off
the window's thread with the vendors in the sheet's order, opens it and says where it is;
disabled for an account that does not work with people."""

from __future__ import annotations

import re

from pypdf import PdfReader
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox

from agroferia.core import accounts
from agroferia.ui.context import Account, AppContext
from agroferia.ui.sales import planilla_export
from agroferia.ui.sales.page import SalesPage
from tests.accounts import add_account
from tests.ui.conftest import answer_dialog
from tests.ui.test_sales_page import make_page


def test_the_planilla_is_saved_where_asked_and_opened(qtbot, demo_ctx, tmp_path, monkeypatch):
    offered, opened = {}, []

    def answer(parent, title, start, kinds):
        offered["start"], offered["title"] = start, title
        return str(tmp_path / "para la feria"), kinds  # typed without ".pdf"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", answer)
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    page = make_page(qtbot, demo_ctx)
    panel = page.day
    assert panel.planilla_button.isEnabled()
    panel.planilla_button.click()
    target = tmp_path / "para la feria.pdf"
    qtbot.waitUntil(lambda: panel.last_planilla is not None, timeout=20_000)
    assert panel.last_planilla == target and target.exists()
    assert offered["start"].endswith("planilla_agroferia-campesina-de-magdalena_2026-11-22.pdf")
    assert offered["title"] == "Guardar la planilla de la jornada"
    assert [url.toLocalFile() for url in opened] == [str(target)]
    assert str(target) in panel.saved_note.text()
    assert demo_ctx.prefs.last_folder("export") == str(tmp_path)
    text = " ".join(page.extract_text() for page in PdfReader(target).pages)
    assert "Planilla de la jornada" in text
    assert re.findall(r"EXP-\d{4}", text) == [v.code for v in panel.sheet.vendors]


def test_a_missing_folder_says_so_and_writes_nothing(qtbot, demo_ctx, tmp_path):
    page = make_page(qtbot, demo_ctx)
    seen = answer_dialog(qtbot, QMessageBox.StandardButton.Ok)
    assert planilla_export.export(page.day, tmp_path / "no" / "p.pdf", False) is None
    assert "no" in seen["text"] and not (tmp_path / "no").exists()
    assert page.day.last_planilla is None


def test_a_viewer_cannot_print_it(qtbot, demo_db, prefs, qapp):
    with demo_db.Session.begin() as s:
        add_account(s, "admin", "admin")
        add_account(s, "consulta", "viewer")
    with demo_db.Session() as s:
        user = Account.of(accounts.find(s, "consulta"))
    page = SalesPage(AppContext(demo_db, prefs, user=user))
    qtbot.addWidget(page)
    assert not page.day.planilla_button.isEnabled()
    assert page.day.planilla_button.toolTip()
