"""The Registro de cambios window: who may open it, newest first, filters, more rows as the
table scrolls, the CSV export, and the menu entries that reach it."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import func, insert, select

from agroferia.core import audit, audit_view, fairs
from agroferia.core.models import AuditLog, FairDay
from agroferia.ui.audit.dialog import AuditDialog, open_audit
from agroferia.ui.context import AppContext
from agroferia.ui.main_window import MainWindow
from tests.accounts import add_account
from tests.ui.conftest import answer_dialog


@pytest.fixture
def trail_db(demo_db):
    """The demo (its entries written by "system"), an entry of an OS user before accounts,
    accounts, and a reopened day with its reason."""
    with demo_db.Session.begin() as s:
        audit.record(s, "jperez", "update", "setting", None, {"a": "1"}, {"a": "2"})
        add_account(s, "organiza", "organizer", "Olga Organiza")
        add_account(s, "teso", "treasurer", "Tomás Tesorero")
    with demo_db.Session.begin() as s:
        day = s.scalars(select(FairDay).order_by(FairDay.date)).first()
        fairs.close_fair_day(s, "teso", day.id)
    with demo_db.Session.begin() as s:
        fairs.reopen_fair_day(s, "admin", day.id, "faltó anotar una venta")
    return demo_db


def dialog_for(qtbot, db, prefs, actor: str) -> AuditDialog:
    dialog = AuditDialog(AppContext(db, prefs, actor=actor))
    qtbot.addWidget(dialog)
    return dialog


def texts(dialog: AuditDialog, row: int) -> list[str]:
    model = dialog.model
    return [model.data(model.index(row, c)) for c in range(model.columnCount())]


def test_newest_first_with_display_names_and_reasons(qtbot, trail_db, prefs):
    dialog = dialog_for(qtbot, trail_db, prefs, "organiza")
    with trail_db.Session() as s:
        total = s.scalar(select(func.count()).select_from(AuditLog))
    assert dialog.total.text() == f"{total} entradas"
    first = texts(dialog, 0)
    assert first[1:4] == ["Administración", "reapertura", "jornada"]
    assert first[6] == "faltó anotar una venta"
    assert dialog.model.rowCount() == min(total, audit_view.PAGE_SIZE)


def test_filter_by_a_person_without_an_account_and_by_action(qtbot, trail_db, prefs):
    dialog = dialog_for(qtbot, trail_db, prefs, "admin")
    people = [dialog.person.itemText(i) for i in range(dialog.person.count())]
    assert people[:4] == ["(todas)", "Administración", "Olga Organiza", "Tomás Tesorero"]
    assert "jperez (sin cuenta)" in people and "system (sin cuenta)" in people
    dialog.person.setCurrentIndex(people.index("jperez (sin cuenta)"))
    dialog.reload()
    assert dialog.total.text() == "1 entrada"
    assert texts(dialog, 0)[1:4] == ["jperez", "cambio", "configuración"]
    dialog.person.setCurrentIndex(0)
    dialog.action.setCurrentIndex(dialog.action.findData("create"))
    dialog.entity.setCurrentIndex(dialog.entity.findData("user"))
    dialog.reload()
    assert dialog.total.text() == "3 entradas"
    assert {texts(dialog, r)[4] for r in range(3)} == {"admin", "organiza", "teso"}
    dialog.end.setDate(dt.date.today() - dt.timedelta(days=1))  # reloads
    assert dialog.total.text() == "0 entradas" and not dialog.export_button.isEnabled()


def test_more_rows_come_as_the_table_asks(qtbot, db, prefs):
    start = dt.datetime(2025, 1, 1)
    rows = [{"at": start + dt.timedelta(minutes=i), "actor": "system", "action": "update",
             "entity": "sale", "entity_id": i} for i in range(450)]  # fmt: skip
    with db.Session.begin() as s:
        s.execute(insert(AuditLog), rows)
    dialog = dialog_for(qtbot, db, prefs, "system")
    model = dialog.model
    assert model.rowCount() == 200 and model.canFetchMore()
    model.fetchMore()
    model.fetchMore()
    assert model.rowCount() == 450 and not model.canFetchMore()
    assert [model.entry(r).entity_id for r in (0, 449)] == [449, 0]


def test_a_treasurer_is_told_why_it_does_not_open(qtbot, trail_db, prefs):
    seen = answer_dialog(qtbot, QMessageBox.StandardButton.Ok)
    assert open_audit(AppContext(trail_db, prefs, actor="teso")) is None
    assert "organizador o de administrador" in seen["text"]


def test_export_writes_the_filtered_entries_and_is_audited(qtbot, trail_db, prefs, tmp_path):
    dialog = dialog_for(qtbot, trail_db, prefs, "organiza")
    dialog.entity.setCurrentIndex(dialog.entity.findData("fair_day"))
    dialog.reload()
    shown = dialog.model.rowCount()
    seen = answer_dialog(qtbot, QMessageBox.StandardButton.Ok)
    target = tmp_path / "registro.csv"
    assert dialog.export_to(target) == shown
    assert str(target) in seen["text"]
    lines = target.read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == shown + 1
    with trail_db.Session() as s:
        entry = s.scalars(select(AuditLog).order_by(AuditLog.id.desc())).first()
        assert (entry.action, entry.entity, entry.actor) == ("export", "audit_log", "organiza")


def test_the_menus_reach_the_log_and_the_password(qtbot, demo_db, prefs):
    window = MainWindow(demo_db, prefs)
    qtbot.addWidget(window)
    window.show()
    panel = window.page("panel")
    qtbot.waitUntil(lambda: panel.busy.isHidden(), timeout=30_000)  # its figures, read apart
    actions = {
        a.text(): a for menu in window.menuBar().findChildren(type(window.recent_menu))
        for a in menu.actions()
    }  # fmt: skip
    assert "Cambiar mi contraseña…" in actions
    assert "Registro de cambios…" in actions
    window.show_audit()  # an unprotected database: anyone may read it
    opened = [w for w in window.findChildren(AuditDialog)]
    assert len(opened) == 1 and opened[0].isVisible()
    opened[0].close()
