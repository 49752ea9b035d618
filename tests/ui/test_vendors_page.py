"""Expositores: the registry page and the vendor form, driven like a person would."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit, QMessageBox
from sqlalchemy import func, select

from agroferia.core import audit, catalog, roster, vendors
from agroferia.core.models import Vendor
from agroferia.ui.vendors.form import VendorDialog
from agroferia.ui.vendors.page import VendorsPage
from agroferia.ui.vendors.table_model import STALL_COLUMN, VendorTableModel
from tests.ui.conftest import answer_dialog


def count_vendors(ctx) -> int:
    return ctx.read(lambda s: s.scalar(select(func.count()).select_from(Vendor)))


@pytest.fixture
def page(qtbot, demo_ctx) -> VendorsPage:
    widget = VendorsPage(demo_ctx)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def shown(page: VendorsPage) -> list[roster.RosterRow]:
    return [page.model.vendor_at(i) for i in range(page.model.rowCount())]


def open_form(qtbot, ctx, vendor_id=None) -> VendorDialog:
    dialog = VendorDialog(ctx, vendor_id)
    # a form left with changes would ask before closing at the end of the test
    qtbot.addWidget(dialog, before_close_func=lambda d: setattr(d, "initial", d.values()))
    dialog.show()
    return dialog


# ------------------------------------------------------------------------ the list


def test_footer_counts_the_vendors_women_and_youth(page):
    assert page.footer.text() == "84 expositores · 46 mujeres · 21 jóvenes"
    assert page.model.rowCount() == 84
    names = [r.sort_name for r in shown(page)]
    assert names == sorted(names)


def test_search_as_you_type_by_name_document_and_association(qtbot, page):
    qtbot.keyClicks(page.search, "cahuana")
    rows = shown(page)
    assert rows and all("CAHUANA" in r.search_key for r in rows)
    assert page.footer.text().startswith(f"{len(rows)} expositores")
    assert "(de 84 registrados)" in page.footer.text()
    page.search.clear()
    some = page.model.all_rows()[10]
    qtbot.keyClicks(page.search, some.doc_number)
    assert [r.id for r in shown(page)] == [some.id]
    page.search.clear()
    qtbot.keyClicks(page.search, "emprendedoras")
    assert shown(page) and all("Emprendedoras" in (r.association or "") for r in shown(page))


def test_filters_by_rubro_sex_youth_status_and_region(qtbot, page, demo_ctx):
    page.sex.setCurrentIndex(page.sex.findData("F"))
    assert page.model.rowCount() == 46
    page.age.setCurrentIndex(page.age.findData(roster.YOUNG))
    rows = shown(page)
    assert rows and all(r.sex == "F" and r.young for r in rows)
    assert page.footer.text().startswith(f"{len(rows)} expositores · {len(rows)} mujeres")
    page.clear_filters()
    assert page.model.rowCount() == 84
    fruits = demo_ctx.read(lambda s: catalog.find_category(s, "Frutas de costa y selva").id)
    page.category.setCurrentIndex(page.category.findData(fruits))
    assert page.model.rowCount() >= 20 and all(fruits in r.category_ids for r in shown(page))
    page.clear_filters()
    page.region.setCurrentIndex(page.region.findData("Puno"))
    assert shown(page) and {r.region for r in shown(page)} == {"Puno"}
    assert page.age.itemText(page.age.findData(roster.YOUNG)) == "Jóvenes (15–29 años)"


def test_model_sorts_its_own_rows_stalls_in_natural_order(demo_ctx):
    rows = demo_ctx.read(roster.roster)[:5]
    stalls = ["A-10", "b-1", None, "A-2", "A-9"]
    model = VendorTableModel()
    model.set_rows([dataclasses.replace(r, stall=s) for r, s in zip(rows, stalls, strict=True)])
    model.sort(STALL_COLUMN, Qt.SortOrder.AscendingOrder)
    assert [model.vendor_at(i).stall for i in range(5)] == ["A-2", "A-9", "A-10", "b-1", None]
    model.set_rows(demo_ctx.read(roster.roster))
    model.sort(1, Qt.SortOrder.DescendingOrder)
    names = [model.vendor_at(i).sort_name for i in range(model.rowCount())]
    assert names == sorted(names, reverse=True)


def test_suspend_with_a_reason_then_reactivate(qtbot, page, demo_ctx):
    target = shown(page)[0]
    page.select_vendor(target.id)
    assert page.suspend_button.isEnabled() and not page.reactivate_button.isEnabled()
    seen = answer_dialog(
        qtbot,
        QDialogButtonBox.StandardButton.Ok,
        fill=lambda dialog: dialog.findChild(QLineEdit).setText("no pagó"),
    )
    page.change_status("suspended")
    assert "Suspender" in seen["title"]
    history = demo_ctx.read(lambda s: audit.history(s, "vendor", target.id))
    assert history[-1].action == "status" and history[-1].reason == "no pagó"
    assert demo_ctx.read(lambda s: vendors.get(s, target.id).status) == "suspended"
    assert page.selected_id() == target.id and page.reactivate_button.isEnabled()
    page.status.setCurrentIndex(page.status.findData("suspended"))
    assert [r.id for r in shown(page)] == [target.id]
    answer_dialog(qtbot, QMessageBox.StandardButton.Yes)
    page.change_status("active")
    assert demo_ctx.read(lambda s: vendors.get(s, target.id).status) == "active"
    assert page.model.rowCount() == 0  # the filter still asks for suspended ones
    assert count_vendors(demo_ctx) == 84  # never deleted


# ------------------------------------------------------------------------ the form


def fill_new_vendor(qtbot, form: VendorDialog, dni: str) -> None:
    qtbot.keyClicks(form.given_names, "Rosa Elena")
    qtbot.keyClicks(form.surnames, "Quispe Mamani")
    qtbot.keyClicks(form.doc_number, dni)
    form.sex.setCurrentIndex(form.sex.findData("F"))
    qtbot.keyClicks(form.birth_date, "05/03/2001")
    qtbot.keyClicks(form.phone, "987654321")
    form.region.setCurrentIndex(form.region.findData("Cusco"))
    form.province.setCurrentIndex(form.province.findData("Anta"))
    form.district.setCurrentIndex(form.district.findData("Cachimayo"))
    form.main_category.setCurrentIndex(form.main_category.findText("Productos frescos"))
    qtbot.keyClicks(form.fairs.lines[0].stall, "C-7")


def test_create_a_vendor_from_the_keyboard(qtbot, demo_ctx):
    form = open_form(qtbot, demo_ctx)
    assert form.windowTitle() == "Nuevo expositor"
    fill_new_vendor(qtbot, form, "45678912")
    assert (
        form.age_hint.text()
        == f"{dt.date.today().year - 2001 - (dt.date.today() < dt.date(dt.date.today().year, 3, 5))} años · joven"
    )
    qtbot.keyClick(form.fairs.lines[0].stall, Qt.Key.Key_Return)  # Enter saves
    assert not form.isVisible() and form.saved_id is not None
    saved = demo_ctx.read(lambda s: vendors.form_values(vendors.get(s, form.saved_id)))
    assert saved["given_names"] == "Rosa Elena" and saved["doc_number"] == "45678912"
    assert (saved["region"], saved["province"], saved["district"]) == ("Cusco", "Anta", "Cachimayo")
    assert saved["sex"] == "F" and saved["birth_date"] == dt.date(2001, 3, 5)
    default = demo_ctx.active_fair()
    assert default is not None  # the demo's only fair
    assert [(m["fair"], m["stall"], m["status"]) for m in saved["fairs"]] == [
        (default[0], "C-7", "active")
    ]
    assert count_vendors(demo_ctx) == 85


def test_a_bad_dni_shows_its_message_saves_nothing_and_keeps_the_form(qtbot, demo_ctx):
    form = open_form(qtbot, demo_ctx)
    fill_new_vendor(qtbot, form, "4567")
    qtbot.waitUntil(lambda: form.messages.text("doc_number") != "")
    assert form.messages.text("doc_number") == "el DNI debe tener exactamente 8 dígitos"
    assert form.messages.text("email") == ""  # untouched fields stay quiet
    qtbot.keyClick(form.fairs.lines[0].stall, Qt.Key.Key_Return)
    assert form.isVisible() and form.saved_id is None
    assert "No se guardó" in form.summary.text()
    assert form.given_names.text() == "Rosa Elena" and form.doc_number.text() == "4567"
    assert count_vendors(demo_ctx) == 84
    qtbot.keyClicks(form.doc_number, "8912")
    qtbot.keyClick(form.doc_number, Qt.Key.Key_Return)
    assert form.saved_id is not None and count_vendors(demo_ctx) == 85


def test_a_document_already_registered_is_named(qtbot, demo_ctx):
    other = demo_ctx.read(roster.roster)[0]
    form = open_form(qtbot, demo_ctx)
    qtbot.keyClicks(form.doc_number, other.doc_number)
    qtbot.waitUntil(lambda: form.messages.text("doc_number") != "")
    assert other.code in form.messages.text("doc_number")


def test_edit_keeps_other_fields_and_is_audited(qtbot, demo_ctx):
    target = demo_ctx.read(roster.roster)[5]
    form = open_form(qtbot, demo_ctx, target.id)
    assert form.windowTitle() == f"Expositor {target.code}"
    assert form.doc_number.text() == target.doc_number
    assert not form.has_changes()
    form.phone.clear()
    qtbot.keyClicks(form.phone, "912345678")
    others = [cid for cid, _name in form.choices.categories if cid != target.main_category_id]
    form.other_categories.set_checked(others[:2])
    qtbot.keyClick(form.phone, Qt.Key.Key_Return)
    assert not form.isVisible()
    vendor = demo_ctx.read(lambda s: vendors.form_values(vendors.get(s, target.id)))
    assert vendor["phone"] == "912345678" and vendor["doc_number"] == target.doc_number
    assert sorted(vendor["other_categories"]) == sorted(others[:2])
    entry = demo_ctx.read(lambda s: audit.history(s, "vendor", target.id)[-1])
    assert entry.action == "update" and "912345678" in entry.after


def test_escape_with_changes_asks_and_cancel_keeps_typing(qtbot, demo_ctx):
    form = open_form(qtbot, demo_ctx)
    qtbot.keyClicks(form.given_names, "Juana")
    seen = answer_dialog(qtbot, QMessageBox.StandardButton.Cancel)
    qtbot.keyClick(form.given_names, Qt.Key.Key_Escape)
    assert seen["title"] == "Cambios sin guardar"
    assert form.isVisible() and form.given_names.text() == "Juana"
    answer_dialog(qtbot, QMessageBox.StandardButton.Discard)
    qtbot.keyClick(form.given_names, Qt.Key.Key_Escape)
    assert not form.isVisible() and count_vendors(demo_ctx) == 84


def test_escape_without_changes_closes_at_once(qtbot, demo_ctx):
    form = open_form(qtbot, demo_ctx)
    qtbot.keyClick(form.given_names, Qt.Key.Key_Escape)
    assert not form.isVisible()


def test_region_province_district_cascade(qtbot, demo_ctx):
    form = open_form(qtbot, demo_ctx)
    assert not form.province.isEnabled()
    form.region.setCurrentIndex(form.region.findData("Lima"))
    provinces = [form.province.itemData(i) for i in range(1, form.province.count())]
    assert "Cañete" in provinces and "Huaura" in provinces and form.province.isEnabled()
    form.province.setCurrentIndex(form.province.findData("Lima"))
    assert form.district.findData("Miraflores") > 0
    form.region.setCurrentIndex(form.region.findData("Puno"))
    assert form.province.findData("Lima") == -1 and form.district.currentData() is None


def test_the_main_rubro_is_fixed_in_the_checklist(qtbot, demo_ctx):
    form = open_form(qtbot, demo_ctx)
    form.main_category.setCurrentIndex(1)
    main = form.main_category.currentData()
    form.other_categories.set_checked([main])
    assert main not in form.other_categories.checked_ids()
    form.main_category.setCurrentIndex(2)
    assert form.other_categories.main_id == form.main_category.currentData()


@pytest.mark.parametrize(
    ("days", "badge"),
    [(-3, "Vencida"), (10, "Vence en 10 días"), (200, "Vigente")],
)
def test_sgp_badge(qtbot, demo_ctx, days, badge):
    form = open_form(qtbot, demo_ctx)
    form.sgp_certified.setChecked(True)
    qtbot.keyClicks(
        form.sgp_expires_on, (form.today + dt.timedelta(days=days)).strftime("%d/%m/%Y")
    )
    assert form.sgp_badge.text() == badge


def test_new_vendor_from_the_page_selects_it(qtbot, page, demo_ctx):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    def fill() -> None:
        form = QApplication.activeModalWidget()
        fill_new_vendor(qtbot, form, "45678912")
        qtbot.keyClick(form.fairs.lines[0].stall, Qt.Key.Key_Return)

    QTimer.singleShot(0, fill)
    page.new_vendor()
    assert page.model.rowCount() == 85
    assert page.model.vendor_at(page.model.row_of(page.selected_id())).doc_number == "45678912"
    assert page.footer.text().startswith("85 expositores · 47 mujeres · 22 jóvenes")


def test_the_main_rubro_starts_unchosen_and_is_required(qtbot, demo_ctx):
    form = open_form(qtbot, demo_ctx)
    assert form.main_category.currentData() is None  # not Artesanía, nor any other
    assert form.main_category.currentText() == "(elija el rubro principal)"
    fill_new_vendor(qtbot, form, "45678912")
    form.main_category.setCurrentIndex(0)  # back to none chosen
    qtbot.keyClick(form.fairs.lines[0].stall, Qt.Key.Key_Return)
    assert form.isVisible() and form.saved_id is None
    assert form.messages.text("main_category") == "es obligatorio"
    assert form.summary.text() == "No se guardó: revise el campo marcado en rojo."
    assert form.focusWidget() is form.main_category
    form.main_category.setCurrentIndex(form.main_category.findText("Productos frescos"))
    qtbot.keyClick(form.fairs.lines[0].stall, Qt.Key.Key_Return)
    assert form.saved_id is not None
    saved = demo_ctx.read(lambda s: vendors.get(s, form.saved_id).main_category.name)
    assert saved == "Productos frescos"


def test_an_edited_vendor_keeps_its_main_rubro(qtbot, demo_ctx):
    target = demo_ctx.read(roster.roster)[3]
    form = open_form(qtbot, demo_ctx, target.id)
    assert form.main_category.currentData() == target.main_category_id


def cut(label) -> bool:
    """Whether a shown message has less height than its wrapped text needs."""
    return label.isVisible() and label.height() < label.heightForWidth(label.width())


def test_messages_are_never_cut(qtbot, demo_ctx):
    other = demo_ctx.read(roster.roster)[0]
    form = open_form(qtbot, demo_ctx)
    qtbot.keyClicks(form.doc_number, other.doc_number)
    qtbot.waitUntil(lambda: form.messages.text("doc_number") != "")
    message = form.messages.text("doc_number")
    assert message == f"ya está registrado para {other.full_name} ({other.code})"
    label = form.messages.labels["doc_number"]
    qtbot.waitUntil(lambda: not cut(label))
    height = form.height()
    qtbot.keyClick(form.doc_number, Qt.Key.Key_Return)  # every other field's message too
    shown = [lab for lab in form.messages.labels.values() if lab.isVisible()]
    assert len(shown) >= 4
    qtbot.waitUntil(lambda: not any(cut(lab) for lab in [*shown, form.summary]))
    assert form.height() >= height  # the window grew, the messages did not shrink


def test_a_stall_already_given_is_a_warning_under_puesto(qtbot, demo_ctx):
    holder = next(r for r in demo_ctx.read(roster.roster) if r.status == "active" and r.stall)
    own = open_form(qtbot, demo_ctx, holder.id)
    assert own.fairs.warnings() == [""]  # a vendor's own stall is no warning
    form = open_form(qtbot, demo_ctx)
    assert form.fairs.warnings() == [""]
    fill_new_vendor(qtbot, form, "45678912")
    line = form.fairs.lines[0]
    line.stall.clear()
    qtbot.keyClicks(line.stall, holder.stall.lower())
    qtbot.waitUntil(lambda: line.warning.isVisible())
    assert line.warning.text() == (
        f"El puesto {holder.stall.lower()} ya es de {holder.full_name} ({holder.code})"
    )
    assert form.messages.text("fairs") == ""  # a warning, not an error
    assert not cut(line.warning)
    qtbot.keyClick(line.stall, Qt.Key.Key_Return)
    assert form.saved_id is not None  # saved all the same
    again = open_form(qtbot, demo_ctx, form.saved_id)
    assert holder.code in again.fairs.warnings()[0]
    again.fairs.lines[0].fair.setCurrentIndex(0)  # no fair chosen: no stall to share
    qtbot.waitUntil(lambda: again.fairs.warnings() == [""])


def test_a_closed_form_checks_nothing_more(qtbot, demo_ctx):
    """A check still waiting when the form closes is dropped: it would read a database the
    person may have closed meanwhile."""
    form = open_form(qtbot, demo_ctx)
    qtbot.keyClicks(form.given_names, "R")  # starts the check's wait
    qtbot.keyClick(form.given_names, Qt.Key.Key_Backspace)  # nothing left to lose
    assert form._timer.isActive()
    qtbot.keyClick(form.given_names, Qt.Key.Key_Escape)
    assert not form.isVisible() and not form._timer.isActive()
