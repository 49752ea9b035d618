"""Jornadas: the fairs and their fair days, driven like a person would."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox
from sqlalchemy import func, select

from agroferia.core import breakdowns, fairs
from agroferia.core.models import FairDay
from agroferia.ui.fairs.day_dialog import DayDialog
from agroferia.ui.fairs.fair_dialog import FairDialog
from agroferia.ui.fairs.models import DAY_COLUMNS, DayTableModel
from agroferia.ui.fairs.page import FairsPage
from tests.ui.conftest import answer_dialog

LAST_DEMO_DAY = dt.date(2026, 11, 22)  # a Sunday
MONDAY = dt.date(2026, 11, 30)  # the day after the first Sunday without a fair day


@pytest.fixture
def page(qtbot, demo_ctx) -> FairsPage:
    widget = FairsPage(demo_ctx)
    qtbot.addWidget(widget)
    widget.resize(1000, 700)
    widget.show()
    return widget


@pytest.fixture
def fair_id(demo_ctx) -> int:
    return demo_ctx.active_fair()[0]


def days_in_db(ctx, fair_id: int) -> dict[dt.date, FairDay]:
    rows = ctx.read(lambda s: s.scalars(select(FairDay).where(FairDay.fair_id == fair_id)).all())
    return {d.date: d for d in rows}


def open_day(
    qtbot, ctx, fair_id: int, day_id: int | None = None, today: dt.date = MONDAY
) -> DayDialog:
    dialog = DayDialog(ctx, fair_id, day_id, today=today)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def retype(qtbot, edit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    qtbot.keyClicks(edit, text)


def cell(model, row: int, column: int) -> str:
    return model.data(model.index(row, column))


# ------------------------------------------------------------------------ the lists


def test_demo_fair_lists_its_52_days_as_the_breakdown_counts_them(page, demo_ctx, fair_id):
    assert page.fairs.selected_id() == fair_id
    assert cell(page.fairs.model, 0, 4) == "En uso (feria activa)"
    rows = page.days.model.visible()
    assert len(rows) == 52
    assert [r.date for r in rows] == sorted((r.date for r in rows), reverse=True)
    assert rows[0].date == LAST_DEMO_DAY
    expected = demo_ctx.read(
        lambda s: breakdowns.by_day(s, dt.date(2000, 1, 1), dt.date(2100, 1, 1), fair_id)
    )
    assert {r.date: (r.present, r.sales_cents) for r in rows} == {
        r.date: (r.present, r.sales) for r in expected
    }
    assert all(r.present > 0 and r.sales_cents > 0 for r in rows)
    total = sum(r.sales for r in expected)
    whole, cents = divmod(total, 100)
    assert page.days.footer.text() == f"52 jornadas · ventas en total: S/ {whole:,}.{cents:02d}"
    model = page.days.model
    assert cell(model, 0, 0) == "22/11/2026 · domingo"
    assert cell(model, 0, 2) == f"S/ {rows[0].sales_cents // 100:,}.{rows[0].sales_cents % 100:02d}"
    assert model.data(model.index(0, 2), Qt.ItemDataRole.TextAlignmentRole) & (
        Qt.AlignmentFlag.AlignRight
    )
    assert cell(model, 0, 5) == "Abierta"


def test_sorting_in_the_model_keeps_the_selected_day(page):
    days = page.days
    days.select_day(days.model.row_at(10).id)
    chosen = days.selected_id()
    days.table.sortByColumn(2, Qt.SortOrder.DescendingOrder)
    sales = [r.sales_cents for r in days.model.visible()]
    assert sales == sorted(sales, reverse=True)
    assert days.selected_id() == chosen
    days.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert days.model.row_at(0).date < days.model.row_at(1).date
    assert days.selected_id() == chosen


def test_ten_years_of_weekly_days_load_at_once(qtbot, demo_ctx, fair_id):
    with demo_ctx.write() as s:
        first = min(days_in_db(demo_ctx, fair_id))
        for week in range(1, 469):
            fairs.add_fair_day(s, "prueba", fair_id, date=first - dt.timedelta(weeks=week))
    started = time.perf_counter()
    widget = FairsPage(demo_ctx)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    assert time.perf_counter() - started < 1.0
    assert widget.days.model.rowCount() == 520
    assert widget.days.footer.text().startswith("520 jornadas · ")


def test_day_model_sorts_every_column_without_a_view():
    model = DayTableModel()
    rows = [
        fairs.DaySummary(1, dt.date(2026, 1, 4), 3, 500, None, "b", False),
        fairs.DaySummary(2, dt.date(2026, 1, 11), 1, 900, 40, None, True),
    ]
    model.set_rows(rows)
    assert [model.row_at(i).id for i in range(2)] == [2, 1]  # newest first
    for column in range(len(DAY_COLUMNS)):
        model.sort(column, Qt.SortOrder.AscendingOrder)
        model.sort(column, Qt.SortOrder.DescendingOrder)
    assert cell(model, 1, 3) == ""  # no visitors estimate
    assert cell(model, 0, 5) in ("Abierta", "Cerrada")


# ------------------------------------------------------------------------ fair days


def test_new_day_offers_the_sunday_just_held_and_saves_on_enter(qtbot, demo_ctx, fair_id):
    later = open_day(qtbot, demo_ctx, fair_id, today=dt.date(2026, 12, 9))
    assert later.date.text() == "06/12/2026"  # the latest Sunday that has come
    later.close()
    dialog = open_day(qtbot, demo_ctx, fair_id)
    assert dialog.date.text() == "29/11/2026"
    assert dialog.weekday_hint.text() == "Es domingo."
    assert not dialog.off_weekday()
    assert not dialog.in_future()
    qtbot.keyClicks(dialog.visitors, "1.500")
    qtbot.keyClicks(dialog.notes, "Feria de Navidad")
    qtbot.keyClick(dialog.notes, Qt.Key.Key_Return)
    assert dialog.result() == dialog.DialogCode.Accepted
    day = days_in_db(demo_ctx, fair_id)[dt.date(2026, 11, 29)]
    assert (day.visitors, day.notes) == (1500, "Feria de Navidad")
    assert dialog.saved_id == day.id


def test_a_date_to_come_gets_a_note_and_may_be_planned(qtbot, demo_ctx, fair_id):
    with demo_ctx.write("fairs") as s:
        fairs.add_fair_day(s, "prueba", fair_id, date=dt.date(2026, 11, 29))
    dialog = open_day(qtbot, demo_ctx, fair_id)  # the Sunday held has its day already
    assert dialog.date.text() == "06/12/2026"
    assert dialog.in_future()
    assert dialog.future_hint.text() == (
        "El 06/12/2026 todavía no llega: puede crear la jornada para planificarla, pero no "
        "podrá registrar ventas, asistencia ni cuotas hasta ese día."
    )
    retype(qtbot, dialog.date, "30/11/2026")  # today
    assert not dialog.in_future()
    retype(qtbot, dialog.date, "01/12/2026")
    assert dialog.in_future() and "01/12/2026" in dialog.future_hint.text()
    assert dialog.messages.text("date") == ""
    qtbot.keyClick(dialog.date, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert dt.date(2026, 12, 1) in days_in_db(demo_ctx, fair_id)


def test_a_day_with_sales_cannot_move_to_a_date_to_come(qtbot, demo_ctx, fair_id):
    day = days_in_db(demo_ctx, fair_id)[LAST_DEMO_DAY]
    dialog = open_day(qtbot, demo_ctx, fair_id, day.id)
    retype(qtbot, dialog.date, "06/12/2026")
    assert dialog.messages.text("date").startswith("es una fecha futura, y la jornada ya tiene")
    qtbot.keyClick(dialog.date, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert LAST_DEMO_DAY in days_in_db(demo_ctx, fair_id)


def test_page_adds_a_day_and_selects_it(qtbot, page, demo_ctx, fair_id):
    def fill(dialog: DayDialog) -> None:
        dialog.date.setText("06/12/2026")

    answer_dialog(qtbot, QDialogButtonBox.StandardButton.Save, fill=fill)
    page.days.new_button.click()
    assert page.days.model.rowCount() == 53
    assert page.days.selected().date == dt.date(2026, 12, 6)
    assert page.days.footer.text().startswith("53 jornadas")


def test_taken_date_shows_its_message_and_saves_nothing(qtbot, demo_ctx, fair_id):
    before = len(days_in_db(demo_ctx, fair_id))
    dialog = open_day(qtbot, demo_ctx, fair_id)
    retype(qtbot, dialog.date, "22/11/2026")
    assert dialog.messages.text("date") == "la feria ya tiene una jornada el 22/11/2026"
    qtbot.keyClicks(dialog.notes, "no se pierde")
    qtbot.keyClick(dialog.notes, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert dialog.summary.text().startswith("No se guardó")
    assert (dialog.date.text(), dialog.notes.text()) == ("22/11/2026", "no se pierde")
    assert len(days_in_db(demo_ctx, fair_id)) == before
    retype(qtbot, dialog.date, "30/11/2026")  # a Monday: allowed, with a gentle word
    assert dialog.messages.text("date") == ""
    assert dialog.off_weekday()
    assert "lunes" in dialog.weekday_hint.text() and "domingo" in dialog.weekday_hint.text()
    qtbot.keyClick(dialog.date, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert days_in_db(demo_ctx, fair_id)[dt.date(2026, 11, 30)].notes == "no se pierde"


def test_bad_values_are_shown_as_the_person_types(qtbot, demo_ctx, fair_id):
    dialog = open_day(qtbot, demo_ctx, fair_id)
    assert dialog.messages.text("date") == ""
    retype(qtbot, dialog.date, "31/02/2026")
    assert dialog.messages.text("date").startswith("esa fecha no existe")
    qtbot.keyClicks(dialog.visitors, "muchos")
    assert dialog.messages.text("visitors") == "debe ser un número entero"


def test_edit_visitors_and_notes(qtbot, page, demo_ctx, fair_id):
    day = page.days.model.row_at(3)
    page.days.select_day(day.id)

    def fill(dialog: DayDialog) -> None:
        assert dialog.date.text() == day.date.strftime("%d/%m/%Y")
        dialog.visitors.setText("2300")
        dialog.notes.setText("Día del campesino")

    answer_dialog(qtbot, QDialogButtonBox.StandardButton.Save, fill=fill)
    qtbot.keyClick(page.days.table, Qt.Key.Key_Return)
    saved = days_in_db(demo_ctx, fair_id)[day.date]
    assert (saved.visitors, saved.notes) == (2300, "Día del campesino")
    assert page.days.selected_id() == day.id
    assert cell(page.days.model, 3, 3) == "2,300"
    assert cell(page.days.model, 3, 4) == "Día del campesino"


def test_escape_with_changes_asks_and_may_discard(qtbot, demo_ctx, fair_id):
    dialog = open_day(qtbot, demo_ctx, fair_id)
    qtbot.keyClicks(dialog.notes, "borrador")
    answer_dialog(qtbot, QMessageBox.StandardButton.Cancel)
    qtbot.keyClick(dialog.notes, Qt.Key.Key_Escape)
    assert dialog.isVisible() and dialog.notes.text() == "borrador"
    answer_dialog(qtbot, QMessageBox.StandardButton.Discard)
    qtbot.keyClick(dialog.notes, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert dt.date(2026, 11, 29) not in days_in_db(demo_ctx, fair_id)


def test_closed_day_is_shown_as_closed_and_cannot_be_edited(qtbot, page, demo_ctx):
    day = page.days.model.row_at(0)
    with demo_ctx.write("fairs") as s:
        fairs.close_fair_day(s, "prueba", day.id)
    assert cell(page.days.model, 0, 5) == "Cerrada"
    page.days.select_day(day.id)
    seen = answer_dialog(qtbot, QMessageBox.StandardButton.Ok, text_contains="está cerrada")
    page.days.edit_button.click()
    assert seen["title"] == "Jornada cerrada"


# ------------------------------------------------------------------------ fairs


def test_new_fair_through_the_fair_dialog(qtbot, page, demo_ctx):
    def fill(dialog: FairDialog) -> None:
        dialog.form.name.setText("Bioferia de Surco")
        dialog.form.district.setText("Santiago de Surco")
        dialog.form.weekday.setCurrentIndex(dialog.form.weekday.findData(5))

    answer_dialog(qtbot, QDialogButtonBox.StandardButton.Save, fill=fill)
    page.fairs.new_button.click()
    assert page.fairs.model.rowCount() == 2
    assert page.fairs.selected().name == "Bioferia de Surco"
    assert page.days.model.rowCount() == 0
    assert "todavía no tiene jornadas" in page.days.footer.text()
    assert page.days.title.text() == "Jornadas de Bioferia de Surco"
    new_id = page.fairs.selected_id()
    assert demo_ctx.read(lambda s: fairs.get_fair(s, new_id).weekday) == 5
    row = page.fairs.model.row_of(new_id)
    assert cell(page.fairs.model, row, 3) == "sábado"
    assert cell(page.fairs.model, row, 4) == "Activa"


def test_use_as_active_fair_changes_the_default_and_the_status(qtbot, page, demo_ctx, fair_id):
    with demo_ctx.write("fairs") as s:
        other = fairs.create_fair(s, "prueba", name="Bioferia de Surco").id
    heard: list[str] = []
    demo_ctx.changed.connect(heard.append)
    page.fairs.select_fair(other)
    assert page.fairs.use_button.isEnabled()
    page.fairs.use_button.click()
    assert demo_ctx.read(lambda s: fairs.default_fair(s).id) == other
    assert heard == ["fairs"]
    assert cell(page.fairs.model, page.fairs.model.row_of(other), 4) == "En uso (feria activa)"
    assert not page.fairs.use_button.isEnabled()
    assert page.fairs.selected_id() == other


def test_deactivate_and_reactivate_a_fair(qtbot, page, demo_ctx, fair_id):
    seen = answer_dialog(qtbot, QMessageBox.StandardButton.Yes, text_contains="Es la feria activa")
    page.fairs.active_button.click()
    assert "Desactivar la feria" in seen["text"]
    assert demo_ctx.read(lambda s: fairs.get_fair(s, fair_id).active) is False
    model = page.fairs.model
    assert model.data(model.index(0, 0), Qt.ItemDataRole.ForegroundRole) is not None
    assert cell(model, 0, 4) == "Desactivada"
    assert page.fairs.active_button.text() == "Reactivar feria"
    assert not page.fairs.use_button.isEnabled()
    assert not page.days.new_button.isEnabled()
    assert page.days.title.text().endswith("(desactivada)")
    assert page.days.model.rowCount() == 52  # its history stays
    page.fairs.active_button.click()  # reactivating asks nothing
    assert demo_ctx.read(lambda s: fairs.get_fair(s, fair_id).active) is True
    assert page.days.new_button.isEnabled()


def test_empty_database_says_what_to_do(qtbot, ctx):
    widget = FairsPage(ctx)
    qtbot.addWidget(widget)
    widget.show()
    assert widget.fairs.empty.isVisible()
    assert widget.fairs.model.rowCount() == 0
    assert not widget.days.new_button.isEnabled()
    assert widget.days.footer.text() == "Elija una feria para ver sus jornadas."
    count = ctx.read(lambda s: s.scalar(select(func.count()).select_from(FairDay)))
    assert count == 0


def test_page_follows_changes_made_elsewhere(qtbot, page, demo_ctx, fair_id):
    with demo_ctx.write("fairs") as s:
        fairs.add_fair_day(s, "prueba", fair_id, date="13/12/2026", notes="Otra ventana")
    assert page.days.model.rowCount() == 53
    assert page.days.model.row_at(0).notes == "Otra ventana"
