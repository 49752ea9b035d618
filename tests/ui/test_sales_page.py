"""The treasurer's fair-day sheet, driven from the keyboard on a real demo database."""

from __future__ import annotations

import datetime as dt
import json
import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox
from sqlalchemy import func, select

from agroferia.core import audit, fairs, settings, stats
from agroferia.core.age import is_young
from agroferia.core.models import AuditLog, FairDay, Sale, Vendor
from agroferia.core.money import format_money
from agroferia.ui.context import FAIRS
from agroferia.ui.sales.page import SalesPage
from agroferia.ui.sales.sheet_model import NAME, PAID_COL, PRESENT_COL, SALES_COL
from tests.ui.conftest import answer_dialog

NEW_DAY = dt.date(2026, 11, 29)
OK, YES, SAVE, DISCARD, CANCEL = (
    QMessageBox.StandardButton.Ok,
    QMessageBox.StandardButton.Yes,
    QMessageBox.StandardButton.Save,
    QMessageBox.StandardButton.Discard,
    QMessageBox.StandardButton.Cancel,
)


class Keyboard:
    """Types into whatever has the focus, as a person does, and counts the keys."""

    def __init__(self, qtbot, fallback) -> None:
        self.qtbot, self.fallback, self.count = qtbot, fallback, 0

    def target(self):
        # the focused widget; after a message box the window may not be active again yet
        return QApplication.focusWidget() or self.fallback.window().focusWidget() or self.fallback

    def type(self, text: str) -> None:
        for char in text:
            QTest.keyClick(self.target(), char)
            self.count += 1

    def press(self, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
        QTest.keyClick(self.target(), key, modifier)
        self.count += 1
        QApplication.processEvents()  # Enter commits the cell on the next turn of the loop
        QApplication.processEvents()

    def enter(self, text: str = "") -> None:
        self.type(text)
        self.press(Qt.Key.Key_Return)


def add_day(ctx, date: dt.date = NEW_DAY) -> int:
    with ctx.write(FAIRS) as s:
        return fairs.add_fair_day(s, ctx.actor, fairs.default_fair(s).id, date=date).id


def make_page(qtbot, ctx) -> SalesPage:
    page = SalesPage(ctx)
    qtbot.addWidget(page)
    page.resize(1200, 760)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    assert QTest.qWaitForWindowActive(page)  # keys go to the focused widget of the active window
    return page


def start_typing(qtbot, page, column: int = SALES_COL) -> Keyboard:
    table = page.day.table
    table.setFocus()
    table.go_to(page.day.model.index(0, column))
    return Keyboard(qtbot, table)


def day_sales(ctx, day_id: int) -> int:
    return ctx.read(lambda s: s.scalar(select(func.count()).where(Sale.fair_day_id == day_id)))


def test_opens_on_the_latest_fair_day_with_every_active_vendor(qtbot, demo_ctx) -> None:
    page = make_page(qtbot, demo_ctx)
    day = page.day
    assert day.day.currentText() == "22/11/2026"
    vendors = {row.vendor.vendor_id for row in day.model.rows}
    assert len(vendors) == 84
    figures = demo_ctx.read(
        lambda s: stats.compute(s, dt.date(2026, 11, 22), dt.date(2026, 11, 22))
    )
    assert format_money(figures.sales.total, cents=True) in day.totals.text()
    assert f"Presentes: <b>{figures.vendors.present}</b>" in day.totals.text()
    assert not day.save_button.isEnabled()


def test_a_whole_fair_day_typed_from_the_keyboard(qtbot, demo_ctx) -> None:
    """84 vendors: an amount and Enter down the sales column (Enter alone for those who did
    not come), then the fees paid down their column, Ctrl+S; the statistics of the day are
    the sums of what was typed."""
    day_id = add_day(demo_ctx)
    page = make_page(qtbot, demo_ctx)
    panel = page.day
    assert panel.day.currentText() == "29/11/2026" and panel.sheet.day.id == day_id
    rows = panel.model.rows
    typed: dict[int, int] = {}  # vendor id -> céntimos typed
    keys = start_typing(qtbot, page)
    started = time.perf_counter()
    for n, row in enumerate(rows):
        assert panel.table.currentIndex().row() == n
        if n % 7 == 3:  # did not come
            keys.press(Qt.Key.Key_Return)
            continue
        cents = 5_000 + 137 * n + (50 if n % 2 else 0)
        text = f"{cents // 100},{cents % 100:02d}" if n % 3 else f"{cents // 100}.{cents % 100:02d}"
        keys.enter(text)
        typed[row.vendor.vendor_id] = typed.get(row.vendor.vendor_id, 0) + cents
    assert panel.table.currentIndex().row() == len(rows) - 1  # Enter went all the way down

    # the fees: the usual S/ 15.00 was offered to everyone who came; type what was paid
    panel.table.go_to(panel.model.index(0, PAID_COL))
    paid: dict[int, int] = {}
    for n, row in enumerate(rows):
        if not row.first:
            continue  # Enter skips a vendor's second rubro
        if row.vendor.vendor_id in typed and n % 4:
            keys.enter("15")
            paid[row.vendor.vendor_id] = 1500
        else:
            keys.press(Qt.Key.Key_Return)
    assert panel.sheet.errors() == []
    keys.press(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    elapsed = time.perf_counter() - started
    print(f"\n84 vendors, {len(rows)} lines: {keys.count} keystrokes, {elapsed:.1f} s")

    qtbot.waitUntil(lambda: not panel.has_unsaved_changes())
    youth = demo_ctx.read(settings.youth_range)
    people = demo_ctx.read(
        lambda s: {v.id: (v.sex, v.birth_date) for v in s.scalars(select(Vendor))}
    )
    figures = demo_ctx.read(lambda s: stats.compute(s, NEW_DAY, NEW_DAY))
    assert figures.sales.total == sum(typed.values())
    assert figures.sales.by_sex["F"] == sum(c for v, c in typed.items() if people[v][0] == "F")
    assert figures.sales.youth == sum(
        c for v, c in typed.items() if is_young(people[v][1], NEW_DAY, youth)
    )
    assert figures.vendors.present == len(typed)
    assert figures.vendors.by_sex["F"] == sum(1 for v in typed if people[v][0] == "F")
    assert figures.fees_due == 1500 * len(typed)
    assert figures.fees_paid == sum(paid.values())
    assert format_money(figures.sales.total, cents=True) in panel.totals.text()
    assert format_money(figures.fees_paid, cents=True) in panel.totals.text()
    entries = demo_ctx.read(
        lambda s: s.scalars(select(AuditLog.actor).where(AuditLog.entity == "sale")).all()
    )
    assert entries.count("prueba") == day_sales(demo_ctx, day_id)


def test_tab_goes_across_the_cells_people_type_in(qtbot, demo_ctx) -> None:
    add_day(demo_ctx)
    page = make_page(qtbot, demo_ctx)
    keys = start_typing(qtbot, page)
    table = page.day.table
    keys.type("20")
    keys.press(Qt.Key.Key_Tab)  # to the payment method: a list, "y" for Yape
    keys.type("y")
    keys.press(Qt.Key.Key_Tab)  # to the fee, already offered
    keys.press(Qt.Key.Key_Tab)  # to paid
    keys.enter("15")
    first = page.day.model.rows[0].vendor.vendor_id
    sheet = page.day.sheet
    assert (sheet.amount(first, sheet.vendor(first).lines[0].category_id), sheet.method(first),
            sheet.due(first), sheet.paid(first)) == (2000, "yape", 1500, 1500)  # fmt: skip
    assert table.currentIndex().column() == PAID_COL and table.currentIndex().row() > 0


def test_space_ticks_present_and_the_fee_is_offered(qtbot, demo_ctx) -> None:
    add_day(demo_ctx)
    page = make_page(qtbot, demo_ctx)
    keys = start_typing(qtbot, page, PRESENT_COL)
    keys.press(Qt.Key.Key_Space)
    first = page.day.model.rows[0].vendor.vendor_id
    assert page.day.sheet.present(first) and page.day.sheet.due(first) == 1500
    assert "Presentes: <b>1</b>" in page.day.totals.text()


def test_a_wrong_amount_is_marked_and_nothing_is_saved(qtbot, demo_ctx) -> None:
    day_id = add_day(demo_ctx)
    page = make_page(qtbot, demo_ctx)
    keys = start_typing(qtbot, page)
    keys.enter("30")
    keys.enter("12.5.0")
    model, panel = page.day.model, page.day
    wrong = model.index(1, SALES_COL)
    assert model.data(wrong) == "12.5.0"  # kept as typed, to be corrected
    assert model.error(wrong)
    assert model.data(wrong, Qt.ItemDataRole.BackgroundRole) is not None
    assert "1 celda con errores" in panel.message.text()
    seen = answer_dialog(qtbot, OK, text_contains="no se guardó nada")
    panel.save_button.click()
    assert seen["title"] == "No se guardó"
    assert day_sales(demo_ctx, day_id) == 0
    assert panel.table.currentIndex() == wrong  # taken to the wrong cell
    keys.enter("12.50")  # corrected: now it saves
    panel.save_button.click()
    assert day_sales(demo_ctx, day_id) == 2


def test_leaving_the_day_with_unsaved_changes_asks(qtbot, demo_ctx) -> None:
    day_id = add_day(demo_ctx)
    page = make_page(qtbot, demo_ctx)
    panel = page.day
    keys = start_typing(qtbot, page)
    keys.enter("44")
    assert page.has_unsaved_changes()
    previous = panel.day.findData(panel.day.itemData(1))

    answer_dialog(qtbot, CANCEL)
    panel.day.setCurrentIndex(previous)
    assert panel.sheet.day.id == day_id and panel.day.currentText() == "29/11/2026"
    assert page.has_unsaved_changes()  # still there

    answer_dialog(qtbot, SAVE)
    panel.day.setCurrentIndex(previous)
    assert panel.day.currentText() == "22/11/2026"
    assert day_sales(demo_ctx, day_id) == 1

    panel.choose_day(day_id)
    keys = start_typing(qtbot, page)
    keys.enter("55")
    answer_dialog(qtbot, DISCARD)
    panel.day.setCurrentIndex(panel.day.findText("22/11/2026"))
    assert panel.day.currentText() == "22/11/2026"
    cents = demo_ctx.read(lambda s: s.scalar(select(func.sum(Sale.amount_cents)).where(
        Sale.fair_day_id == day_id)))  # fmt: skip
    assert cents == 4400


def test_closing_the_window_with_unsaved_changes_asks(qtbot, demo_ctx, tmp_path) -> None:
    from agroferia.ui.main_window import MainWindow

    add_day(demo_ctx)
    window = MainWindow(demo_ctx.db, demo_ctx.prefs)
    qtbot.addWidget(window)
    window.show()
    page = window.show_page("sales")
    keys = start_typing(qtbot, page)
    keys.enter("10")
    answer_dialog(qtbot, CANCEL)
    assert not window.close()
    assert page.has_unsaved_changes()
    answer_dialog(qtbot, CANCEL)
    window.set_language("en")  # the language switch rebuilds pages: it asks too
    assert window.pages["sales"] is page and page.has_unsaved_changes()


def test_a_closed_day_stays_locked_until_reopened_with_a_reason(qtbot, demo_ctx) -> None:
    day_id = add_day(demo_ctx)
    page = make_page(qtbot, demo_ctx)
    panel = page.day
    keys = start_typing(qtbot, page)
    keys.enter("25")
    seen = answer_dialog(qtbot, YES)  # the typed amount is saved first, then the question
    panel.close_button.click()
    assert seen["title"] == "Cerrar jornada" and "29/11/2026" in seen["text"]
    assert demo_ctx.read(lambda s: s.get(FairDay, day_id).closed_at) is not None
    assert day_sales(demo_ctx, day_id) == 1
    assert "(cerrada)" in panel.day.currentText()
    assert "Jornada cerrada" in panel.state.text()
    assert panel.reopen_button.isVisible() and not panel.close_button.isVisible()
    model = panel.model
    assert not model.flags(model.index(0, SALES_COL)) & Qt.ItemFlag.ItemIsEditable
    keys = start_typing(qtbot, page)
    keys.enter("99")  # typing on a closed day changes nothing
    assert not panel.has_unsaved_changes()
    assert model.data(model.index(0, SALES_COL)) == "S/ 25.00"

    def refused_then_given(dialog) -> None:
        dialog.accept()
        assert dialog.message.text() == "Motivo: es obligatorio"
        assert dialog.isVisible()
        dialog.reason.setText("faltó el puesto A-7")

    answer_dialog(qtbot, QDialogButtonBox.StandardButton.Ok, fill=refused_then_given)
    panel.reopen_button.click()
    qtbot.waitUntil(lambda: panel.close_button.isVisible())
    with demo_ctx.db.Session() as s:
        entry = audit.history(s, "fair_day", day_id)[-1]
        assert (entry.action, entry.actor, entry.reason) == (
            "reopen",
            "prueba",
            "faltó el puesto A-7",
        )
    assert model.flags(model.index(0, SALES_COL)) & Qt.ItemFlag.ItemIsEditable


def test_a_correction_is_audited_and_its_cell_history_shown(qtbot, demo_ctx) -> None:
    day_id = add_day(demo_ctx)
    page = make_page(qtbot, demo_ctx)
    keys = start_typing(qtbot, page)
    keys.enter("40")
    page.day.save_button.click()
    demo_ctx.actor = "luis"
    keys = start_typing(qtbot, page)
    keys.enter("45,50")
    keys.press(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    with demo_ctx.db.Session() as s:
        (sale,) = s.scalars(select(Sale).where(Sale.fair_day_id == day_id))
        fixed = audit.history(s, "sale", sale.id)[-1]
        assert fixed.actor == "luis" and json.loads(fixed.after) == {"amount_cents": 4550}
    page.day.table.go_to(page.day.model.index(0, SALES_COL))

    seen = {}

    def read(dialog) -> None:
        table = dialog.table
        seen["rows"] = [
            [table.item(r, c).text() for c in range(4)] for r in range(table.rowCount())
        ]

    answer_dialog(qtbot, QDialogButtonBox.StandardButton.Close, fill=read)
    keys.press(Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    assert [r[1] for r in seen["rows"]] == ["prueba", "luis"]
    assert seen["rows"][1][2] == "Venta corregida: monto S/ 40.00 → S/ 45.50"
    assert seen["rows"][1][3] == "corrección en la hoja de la jornada"


def test_go_to_a_vendor_by_name(qtbot, demo_ctx) -> None:
    page = make_page(qtbot, demo_ctx)
    panel = page.day
    target = panel.model.rows[-1].vendor
    panel.find.setFocus()
    qtbot.keyClicks(panel.find, target.code)
    qtbot.keyClick(panel.find, Qt.Key.Key_Return)
    row = panel.model.rows[panel.table.currentIndex().row()]
    assert row.vendor.vendor_id == target.vendor_id
    assert panel.table.currentIndex().column() == SALES_COL
    qtbot.keyClicks(panel.find, "zzzz")
    qtbot.keyClick(panel.find, Qt.Key.Key_Return)
    assert "Ningún expositor" in panel.message.text()


def test_sorting_by_name_keeps_each_vendor_s_rubros_together(qtbot, demo_ctx) -> None:
    page = make_page(qtbot, demo_ctx)
    model = page.day.model
    page.day.table.sortByColumn(NAME, Qt.SortOrder.AscendingOrder)
    names = [row.vendor.sort_name for row in model.rows if row.first]
    assert names == sorted(names)
    for n, row in enumerate(model.rows):
        if not row.first:
            assert model.rows[n - 1].vendor.vendor_id == row.vendor.vendor_id


def test_a_fair_without_days_offers_to_create_one(qtbot, ctx) -> None:
    with ctx.write(FAIRS) as s:
        fair = fairs.create_fair(s, ctx.actor, name="Feria de Surco")
        fairs.set_default_fair(s, ctx.actor, fair.id)
    page = make_page(qtbot, ctx)
    assert page.day.sheet is None
    assert "no tiene jornadas" in page.day.empty.text()
    assert page.day.new_day_button.isEnabled()


@pytest.mark.parametrize("lang", ["en"])
def test_the_sheet_speaks_english(qtbot, demo_ctx, lang) -> None:
    from agroferia.ui.app import apply_language

    apply_language(lang)
    try:
        page = make_page(qtbot, demo_ctx)
        headers = [page.day.model.headerData(c, Qt.Orientation.Horizontal, 0)
                   for c in range(page.day.model.columnCount())]  # fmt: skip
        assert "Sales" in headers and "Paid" in headers
        assert "Present: <b>" in page.day.totals.text()
    finally:
        apply_language("es")


def test_the_day_summary_pdf_from_the_sheet(qtbot, demo_ctx, tmp_path) -> None:
    from pypdf import PdfReader

    page = make_page(qtbot, demo_ctx)
    target = tmp_path / "jornada.pdf"
    page.day.export_pdf(target, open_when_done=False)
    qtbot.waitUntil(lambda: page.day.last_pdf == target, timeout=20_000)
    reader = PdfReader(target)
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    day = dt.date(2026, 11, 22)
    figures = demo_ctx.read(lambda s: stats.compute(s, day, day))
    assert format_money(figures.sales.total, cents=True) in text
    assert format_money(figures.fees_paid, cents=True) in text
    assert str(target) in page.day.saved_note.text()


def test_the_day_summary_asks_where_and_remembers_the_folder(qtbot, demo_ctx, tmp_path,
                                                             monkeypatch) -> None:  # fmt: skip
    from PySide6.QtGui import QDesktopServices
    from PySide6.QtWidgets import QFileDialog

    offered = {}

    def answer(parent, title, start, kinds):
        offered["start"] = start
        return str(tmp_path / "resumen"), kinds  # typed without ".pdf"

    opened = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", answer)
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    page = make_page(qtbot, demo_ctx)
    page.day.pdf_button.click()
    qtbot.waitUntil(lambda: page.day.last_pdf is not None, timeout=20_000)
    assert page.day.last_pdf == tmp_path / "resumen.pdf" and page.day.last_pdf.exists()
    assert offered["start"].endswith("jornada_2026-11-22.pdf")
    assert demo_ctx.prefs.last_folder("export") == str(tmp_path)
    assert [url.toLocalFile() for url in opened] == [str(tmp_path / "resumen.pdf")]


def test_the_day_summary_to_a_missing_folder_says_so_and_writes_nothing(
    qtbot, demo_ctx, tmp_path
) -> None:
    page = make_page(qtbot, demo_ctx)
    seen = answer_dialog(qtbot, OK)
    assert page.day.export_pdf(tmp_path / "no" / "resumen.pdf", open_when_done=False) is None
    assert "no" in seen["text"] and not (tmp_path / "no").exists()
    assert page.day.last_pdf is None
