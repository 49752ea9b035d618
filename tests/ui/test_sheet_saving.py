"""Saving the day's sheet happens off the window's thread: the sheet takes nothing typed
meanwhile, and what the save says (saved, or changed meanwhile) reaches the person."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QDialogButtonBox, QMessageBox
from sqlalchemy import event, func, select

from agroferia.core import sales
from agroferia.core.models import Sale
from agroferia.ui.sales.sheet_model import SALES_COL
from tests.ui.conftest import answer_dialog
from tests.ui.test_sales_page import add_day, make_page


def on_a_new_day(qtbot, demo_ctx):
    """The Ventas page showing a fair day just added; the page and the day's id."""
    day_id = add_day(demo_ctx)
    page = make_page(qtbot, demo_ctx)
    assert page.day.choose_day(day_id)
    return page, day_id


def type_every_line(page, text: str) -> None:
    model = page.day.model
    for row in range(len(model.rows)):
        assert model.setData(model.index(row, SALES_COL), text)


def test_the_day_is_written_off_the_window_s_thread_while_the_sheet_takes_nothing(
    qtbot, demo_ctx
) -> None:
    page, day_id = on_a_new_day(qtbot, demo_ctx)
    model = page.day.model
    type_every_line(page, "12,50")
    first = model.index(0, SALES_COL)
    seen: list[tuple[bool, bool, bool]] = []

    def watch(_conn, _cursor, statement, *_args) -> None:
        if statement.startswith("INSERT INTO sale"):
            on_window = threading.current_thread() is threading.main_thread()
            seen.append((on_window, model.is_input(first), page.day._saving))

    engine = demo_ctx.db.engine
    event.listen(engine, "before_cursor_execute", watch)
    try:
        assert page.day.save()
    finally:
        event.remove(engine, "before_cursor_execute", watch)
    assert seen == [(False, False, True)]  # on a worker, the sheet closed to typing
    assert model.is_input(model.index(0, SALES_COL))  # open again once saved
    assert page.day.day.isEnabled() and page.day.fair.isEnabled()
    assert "Guardado" in page.day.saved_note.text()
    assert not page.day.sheet.is_dirty()
    with demo_ctx.db.Session() as s:
        count = s.scalar(select(func.count()).select_from(Sale).where(Sale.fair_day_id == day_id))
    assert count == len(model.rows)


def test_a_change_made_meanwhile_is_reported_and_nothing_is_saved(qtbot, demo_ctx) -> None:
    page, day_id = on_a_new_day(qtbot, demo_ctx)
    model = page.day.model
    type_every_line(page, "20")
    vendor = model.rows[0].vendor
    with demo_ctx.db.Session.begin() as s:  # another window records a sale of the first vendor
        sales.record_sale(s, "otra", day_id, vendor.vendor_id, "7")
    seen = answer_dialog(qtbot, QMessageBox.StandardButton.Ok, text_contains="Mientras se escribía")
    assert not page.day.save()
    assert vendor.given_names in seen["text"]
    assert model.is_input(model.index(0, SALES_COL))  # the sheet takes typing again
    assert page.day.save_button.isEnabled()  # what was typed for the others is still there
    with demo_ctx.db.Session() as s:
        written = s.scalars(select(Sale.amount_cents).where(Sale.fair_day_id == day_id)).all()
    assert written == [700]


def on_window_thread(engine, act) -> tuple[list[str], list[str]]:
    """The statements run while ``act()`` runs: those on the window's thread, and the rest."""
    window: list[str] = []
    workers: list[str] = []

    def watch(_conn, _cursor, statement, *_args) -> None:
        on_window = threading.current_thread() is threading.main_thread()
        (window if on_window else workers).append(statement.split(None, 1)[0])

    event.listen(engine, "before_cursor_execute", watch)
    try:
        act()
    finally:
        event.remove(engine, "before_cursor_execute", watch)
    return window, workers


def test_the_check_of_unusual_days_the_save_and_the_day_read_again_leave_the_window_free(
    qtbot, demo_ctx
) -> None:
    page, _day = on_a_new_day(qtbot, demo_ctx)
    type_every_line(page, "12,50")
    # as when typed by hand, the lines in view were painted (each one's usual day read
    # then, for its colour); the save's check reads the usual days of all the others
    qtbot.wait(50)
    widths = [page.day.table.columnWidth(c) for c in range(page.day.model.columnCount())]
    saved: list[bool] = []
    window, workers = on_window_thread(demo_ctx.db.engine, lambda: saved.append(page.day.save()))
    assert saved == [True]
    assert window == []  # not one query on the window's thread
    assert "INSERT" in workers and "SELECT" in workers
    assert not page.day.sheet.is_dirty()
    assert page.day.sheet.vendors[0].lines[0].saved_cents == 1250  # the day as saved, shown
    assert [page.day.table.columnWidth(c) for c in range(len(widths))] == widths
    page.tabs.setCurrentWidget(page.fees)  # the fees beside it are read once shown
    assert page.fees.model.all_rows()


def test_closing_and_reopening_the_day_leave_the_window_free(qtbot, demo_ctx) -> None:
    page = make_page(qtbot, demo_ctx)
    sheet = page.day.sheet
    assert sheet is not None and not sheet.day.closed
    answer_dialog(qtbot, QMessageBox.StandardButton.Yes)
    window, workers = on_window_thread(demo_ctx.db.engine, page.day.close_day)
    assert window == []
    assert "UPDATE" in workers
    assert page.day.sheet.day.closed and page.day.sheet.day.id == sheet.day.id
    assert page.day.reopen_button.isVisible() and not page.day.close_button.isVisible()
    assert "(cerrada)" in page.day.day.currentText()  # the day's list says so

    def give_reason(dialog) -> None:
        dialog.reason.setText("faltó el puesto A-7")

    answer_dialog(qtbot, QDialogButtonBox.StandardButton.Ok, fill=give_reason)
    window, workers = on_window_thread(demo_ctx.db.engine, page.day.reopen_day)
    assert window == []
    assert "UPDATE" in workers
    assert not page.day.sheet.day.closed and page.day.close_button.isVisible()
