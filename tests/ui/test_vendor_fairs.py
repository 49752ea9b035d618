"""One producer, several fairs: the vendor form's lines of fairs and the registry's filter by
fair, driven like a person would, over the demo with a second fair of the network."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import func, select

from agroferia.core import fairs, roster, vendors
from agroferia.core.models import Attendance, FairDay, Membership
from agroferia.ui.context import FAIRS, VENDORS
from agroferia.ui.vendors.form import VendorDialog
from agroferia.ui.vendors.page import VendorsPage
from agroferia.ui.vendors.table_model import FAIRS_COLUMN, STALL_COLUMN, STATUS_COLUMN

SURCO = "Bioferia de Surco"


def open_form(qtbot, ctx, vendor_id=None) -> VendorDialog:
    dialog = VendorDialog(ctx, vendor_id)
    qtbot.addWidget(dialog, before_close_func=lambda d: setattr(d, "initial", d.values()))
    dialog.show()
    return dialog


@pytest.fixture
def surco(demo_ctx) -> int:
    """A second fair of the network (the demo has one: Magdalena)."""
    with demo_ctx.write(FAIRS) as s:
        return fairs.create_fair(s, "prueba", name=SURCO).id


def days_present(ctx, vendor_id: int, fair_id: int) -> int:
    return ctx.read(
        lambda s: s.scalar(
            select(func.count())
            .select_from(Attendance)
            .join(FairDay, FairDay.id == Attendance.fair_day_id)
            .where(Attendance.vendor_id == vendor_id, FairDay.fair_id == fair_id)
        )
    )


def memberships_of(ctx, vendor_id: int) -> list[tuple[str, str | None, str]]:
    """(fair name, stall, status) of each membership, as the database has them."""
    return ctx.read(
        lambda s: sorted(
            (m.fair.name, m.stall, m.status)
            for m in s.scalars(select(Membership).where(Membership.vendor_id == vendor_id))
        )
    )


def present_vendor(ctx) -> roster.RosterRow:
    """An active vendor of Magdalena with a stall, present on some of its fair days."""
    magdalena = ctx.active_fair()[0]
    return next(
        r
        for r in ctx.read(roster.roster)
        if r.status == "active" and r.stall and days_present(ctx, r.id, magdalena)
    )


def test_a_new_vendor_starts_with_the_default_fair(qtbot, demo_ctx):
    form = open_form(qtbot, demo_ctx)
    assert len(form.fairs.lines) == 1
    line = form.fairs.lines[0]
    assert line.fair.currentText() == "Agroferia Campesina de Magdalena"
    assert line.status.currentText() == "Activo"
    assert line.since.text() == form.today.strftime("%d/%m/%Y")
    assert not form.fairs.add_button.isEnabled()  # the network has no other fair
    # the date joined follows the registry's while nobody types another
    form.registered_on.clear()
    qtbot.keyClicks(form.registered_on, "02/01/2024")
    assert line.since.text() == "02/01/2024"


def test_a_vendor_becomes_a_member_of_a_second_fair(qtbot, demo_ctx, surco):
    target = present_vendor(demo_ctx)
    form = open_form(qtbot, demo_ctx, target.id)
    assert [line.stall.text() for line in form.fairs.lines] == [target.stall]
    assert form.fairs.add_button.isEnabled()
    form.activateWindow()
    form.fairs.lines[0].remove.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is form.fairs.lines[0].remove)
    qtbot.keyClick(form.fairs.lines[0].remove, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is form.fairs.add_button
    qtbot.keyClick(form.fairs.add_button, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is form.registered_on
    qtbot.mouseClick(form.fairs.add_button, Qt.MouseButton.LeftButton)
    first, second = form.fairs.lines
    assert second.fair.currentText() == SURCO  # the fair it is not in yet
    assert second.since.text() == form.today.strftime("%d/%m/%Y")
    assert not form.fairs.add_button.isEnabled()  # no third fair to add
    assert form.has_changes()
    # Tab goes along the line, then on to the next line
    qtbot.waitUntil(lambda: QApplication.focusWidget() is second.fair)
    qtbot.keyClick(second.fair, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is second.stall
    qtbot.keyClicks(second.stall, "S-3")
    qtbot.keyClick(second.stall, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is second.status
    first.remove.setFocus()
    qtbot.keyClick(first.remove, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is second.fair
    second.remove.setFocus()  # «Añadir feria» is off: no third fair
    qtbot.keyClick(second.remove, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is form.registered_on
    qtbot.keyClick(second.stall, Qt.Key.Key_Return)  # Enter saves
    assert not form.isVisible() and form.saved_id == target.id
    assert memberships_of(demo_ctx, target.id) == [
        ("Agroferia Campesina de Magdalena", target.stall, "active"),
        (SURCO, "S-3", "active"),
    ]
    joined = demo_ctx.read(
        lambda s: s.scalar(
            select(Membership.registered_on).where(
                Membership.vendor_id == target.id, Membership.fair_id == surco
            )
        )
    )
    assert joined == form.today
    again = open_form(qtbot, demo_ctx, target.id)  # read back into the form
    assert [(line.fair.currentText(), line.stall.text()) for line in again.fairs.lines] == [
        ("Agroferia Campesina de Magdalena", target.stall),
        (SURCO, "S-3"),
    ]
    assert not again.has_changes()


def test_removing_a_fair_with_days_present_is_refused(qtbot, demo_ctx, surco):
    target = present_vendor(demo_ctx)
    magdalena = demo_ctx.active_fair()[0]
    days = days_present(demo_ctx, target.id, magdalena)
    form = open_form(qtbot, demo_ctx, target.id)
    qtbot.mouseClick(form.fairs.add_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(form.fairs.lines[0].remove, Qt.MouseButton.LeftButton)
    assert [line.fair.currentText() for line in form.fairs.lines] == [SURCO]
    qtbot.keyClick(form.fairs.lines[0].stall, Qt.Key.Key_Return)
    assert form.isVisible() and form.saved_id is None
    assert form.messages.text("fairs") == (
        f"estuvo {days} días en Agroferia Campesina de Magdalena: márquelo como retirado de "
        "esa feria en lugar de quitarla"
    )
    assert form.summary.text() == "No se guardó: revise el campo marcado en rojo."
    assert form.focusWidget() is form.fairs.lines[0].fair  # where to mend it
    assert memberships_of(demo_ctx, target.id) == [
        ("Agroferia Campesina de Magdalena", target.stall, "active")
    ]
    # the line comes back as it was, to be withdrawn from that fair instead: saved, and the
    # fair keeps the vendor
    assert form.fairs.undo_button.isVisible()
    qtbot.mouseClick(form.fairs.undo_button, Qt.MouseButton.LeftButton)
    back = form.fairs.lines[1]
    assert (back.fair.currentText(), back.stall.text()) == (
        "Agroferia Campesina de Magdalena", target.stall or ""
    )  # fmt: skip
    assert form.fairs.undo_button.isHidden() and form.focusWidget() is back.status
    back.status.setCurrentIndex(back.status.findText("Retirado"))
    qtbot.keyClick(back.stall, Qt.Key.Key_Return)
    assert form.saved_id == target.id
    assert sorted(memberships_of(demo_ctx, target.id)) == sorted([
        ("Agroferia Campesina de Magdalena", target.stall, "withdrawn"),
        (SURCO, None, "active"),
    ])  # fmt: skip


def test_a_line_without_a_fair_is_an_error_of_the_fairs(qtbot, demo_ctx):
    form = open_form(qtbot, demo_ctx)
    form.fairs.lines[0].fair.setCurrentIndex(0)  # «(elija la feria)»
    qtbot.waitUntil(lambda: form.messages.text("fairs") != "")
    assert form.messages.text("fairs") == "falta la feria de una de las filas"


def test_the_stall_warning_is_under_the_line_whose_stall_is_taken(qtbot, demo_ctx, surco):
    rows = [r for r in demo_ctx.read(roster.roster) if r.status == "active" and r.stall]
    holder, target = rows[0], rows[1]
    with demo_ctx.write(VENDORS) as s:  # the holder has stall S-1 at Surco
        listed = vendors.form_values(vendors.get(s, holder.id))["fairs"]
        vendors.update(
            s, "prueba", holder.id, {"fairs": [*listed, {"fair": surco, "stall": "S-1"}]}
        )
    form = open_form(qtbot, demo_ctx, target.id)
    qtbot.mouseClick(form.fairs.add_button, Qt.MouseButton.LeftButton)
    first, second = form.fairs.lines
    qtbot.keyClicks(second.stall, "s-1")
    qtbot.waitUntil(lambda: second.warning.isVisible())
    assert form.fairs.warnings() == [
        "",
        f"El puesto s-1 ya es de {holder.full_name} ({holder.code})",
    ]
    assert first.warning.isHidden()
    # the same stall at the other fair is nobody's there
    first.stall.clear()
    qtbot.keyClicks(first.stall, "S-1")
    qtbot.wait(400)
    assert first.warning.isHidden() and second.warning.isVisible()
    # the holder's stall at Magdalena, on the Magdalena line
    first.stall.clear()
    qtbot.keyClicks(first.stall, holder.stall)
    qtbot.waitUntil(lambda: first.warning.isVisible())
    assert holder.code in first.warning.text()
    assert form.messages.text("fairs") == ""  # warnings, not errors


def test_the_registry_filters_by_fair_with_the_stall_there(qtbot, demo_ctx):
    page = VendorsPage(demo_ctx)
    qtbot.addWidget(page)
    page.show()
    assert page.fair.isHidden()  # a network of one fair: nothing to choose
    assert page.table.isColumnHidden(FAIRS_COLUMN)
    both, other = [r for r in demo_ctx.read(roster.roster) if r.status == "active" and r.stall][:2]
    with demo_ctx.write(FAIRS) as s:
        surco = fairs.create_fair(s, "prueba", name=SURCO).id
    with demo_ctx.write(VENDORS) as s:
        listed = vendors.form_values(vendors.get(s, both.id))["fairs"]
        vendors.update(s, "prueba", both.id, {"fairs": [
            *listed, {"fair": surco, "stall": "S-1", "status": "suspended"}]})  # fmt: skip
        newcomer = vendors.register(s, "prueba", {
            "given_names": "Teodora", "surnames": "Ccori Huamán", "doc_type": "DNI",
            "doc_number": "41234567", "main_category": 1,
            "fairs": [{"fair": surco, "stall": "S-2"}]}).id  # fmt: skip
    assert page.fair.isVisible() and not page.table.isColumnHidden(FAIRS_COLUMN)
    assert [page.fair.itemText(i) for i in range(page.fair.count())] == [
        "Todas las ferias",
        "Agroferia Campesina de Magdalena",
        SURCO,
    ]

    def shown() -> dict[int, tuple[str, str, str]]:
        model = page.model
        return {
            model.vendor_at(i).id: tuple(
                model.index(i, column).data() for column in (FAIRS_COLUMN, STALL_COLUMN,
                                                             STATUS_COLUMN)
            )
            for i in range(model.rowCount())
        }  # fmt: skip

    everyone = shown()
    assert len(everyone) == 85
    assert everyone[both.id] == (
        f"Agroferia Campesina de Magdalena; {SURCO}",
        f"{both.stall} (Agroferia Campesina de Magdalena); S-1 ({SURCO})",
        "Activo",
    )
    assert everyone[newcomer] == (SURCO, "S-2", "Activo")
    page.fair.setCurrentIndex(page.fair.findData(surco))
    at_surco = shown()
    assert sorted(at_surco) == sorted([both.id, newcomer])
    assert page.table.isColumnHidden(FAIRS_COLUMN)
    assert at_surco[both.id][1:] == ("S-1", "Suspendido")  # the stall and status there
    assert at_surco[newcomer][1:] == ("S-2", "Activo")
    assert page.footer.text().startswith("2 expositores")
    # the buttons act on the vendor's own status: active in the registry
    page.select_vendor(both.id)
    assert page.suspend_button.isEnabled() and not page.reactivate_button.isEnabled()
    page.status.setCurrentIndex(page.status.findData("suspended"))
    assert list(shown()) == [both.id]  # suspended at Surco
    page.clear_filters()
    assert page.fair.currentData() is None and page.model.rowCount() == 85
    assert not page.table.isColumnHidden(FAIRS_COLUMN)
    page.fair.setCurrentIndex(page.fair.findData(demo_ctx.active_fair()[0]))
    assert other.id in shown() and newcomer not in shown()
    assert shown()[both.id][1:] == (both.stall, "Activo")


def test_a_vendor_of_three_fairs_opens_with_every_line_whole(qtbot, demo_ctx, surco):
    target = present_vendor(demo_ctx)
    with demo_ctx.write(FAIRS, VENDORS) as s:
        third = fairs.create_fair(s, "prueba", name="Feria de La Punta").id
        vendors.update(s, "prueba", target.id, {"fair": surco, "stall": "S-1"})
        vendors.update(s, "prueba", target.id, {"fair": third, "stall": "P-1"})
    form = open_form(qtbot, demo_ctx, target.id)
    qtbot.waitExposed(form)
    assert len(form.fairs.lines) == 3
    qtbot.waitUntil(lambda: all(line.height() >= line.sizeHint().height() > 0
                                for line in form.fairs.lines))  # fmt: skip
    assert all(line.stall.height() >= line.stall.sizeHint().height() for line in form.fairs.lines)
