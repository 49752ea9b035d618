"""What each role finds in the window: a viewer reads the Panel and the municipal reports
and changes nothing; a treasurer keeps the sheet, the fees and closing; an organizer the
registry, imports and the padrón; an administrator everything.  What the role may not do
is disabled and says why on hover; the services refuse it anyway."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from agroferia.core import fairs, vendors
from agroferia.core.accounts import NotAllowedError
from agroferia.ui.context import Account
from agroferia.ui.errors import show_error
from agroferia.ui.main_window import MainWindow
from tests.accounts import add_account
from tests.ui.conftest import answer_dialog

SALES_REFUSED = "Su cuenta ({role}) no puede registrar ventas, cuotas y pagos."
REGISTRY_REFUSED = (
    "Su cuenta ({role}) no puede cambiar expositores, rubros, ferias y jornadas, e importar."
)
PERSONAL_REFUSED = "Su cuenta ({role}) no puede manejar datos personales."
ADMIN_REFUSED = (
    "Su cuenta ({role}) no puede administrar (cuentas, configuración, reabrir jornadas)."
)

PEOPLE_UNSEEN = (
    "Su cuenta ({role}) no puede ver datos de las personas: sus nombres, ventas y cuotas."
)

ROLES = {"consulta": "viewer", "tesorero": "treasurer", "organizador": "organizer"}


@pytest.fixture
def open_as(qtbot, demo_db, prefs):
    """A window on the demo signed in as one of its accounts."""
    with demo_db.Session.begin() as s:
        for username, role in ROLES.items():
            add_account(s, username, role)

    def make(username: str) -> MainWindow:
        with demo_db.Session() as s:
            from agroferia.core import accounts

            user = Account.of(accounts.find(s, username))
        window = MainWindow(demo_db, prefs, user)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.idle.stop()
        return window

    return make


def refused(widget, text: str, role: str) -> bool:
    """Disabled, with the reason as its tooltip."""
    return not widget.isEnabled() and widget.toolTip() == text.format(role=role)


def menu_action(window, text: str):
    for menu in window.menuBar().actions():
        for action in menu.menu().actions():
            if action.text() == text:
                return action
    raise AssertionError(text)


def test_a_viewer_reads_but_every_change_is_disabled_and_says_why(qtbot, open_as):
    window = open_as("consulta")
    role = "Consulta"
    # no page that shows people: their names, sales and fees
    unseen = PEOPLE_UNSEEN.format(role=role)
    titles = [window.nav.item(i).text() for i in range(window.nav.count())]
    for title in ("Expositores", "Ventas"):
        item = window.nav.item(titles.index(title))
        assert not item.flags() & Qt.ItemFlag.ItemIsEnabled and item.toolTip() == unseen
        go = menu_action(window, title)
        assert not go.isEnabled() and go.toolTip() == unseen
    find = menu_action(window, "Buscar expositor")
    assert not find.isEnabled() and find.toolTip() == unseen
    assert window.current_key() == "panel"  # where the window opens
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key() == "panel" and "vendors" not in window.pages
    window.nav.setFocus()
    qtbot.keyClick(window.nav, Qt.Key.Key_Down)  # past the disabled pages
    assert window.current_key() == "fairs" and "sales" not in window.pages

    reports = window.show_page("reports")
    exports = reports.exports
    qtbot.waitUntil(exports.excel_button.isEnabled)  # the municipal reports: yes
    assert exports.pdf_button.isEnabled()
    assert refused(exports.roster_button, PERSONAL_REFUSED, role)
    assert refused(reports.imports.choose_button, REGISTRY_REFUSED, role)
    assert refused(reports.imports.import_button, REGISTRY_REFUSED, role)

    rubros = window.show_page("categories")
    assert refused(rubros.new_button, REGISTRY_REFUSED, role)
    rubros.table.selectRow(0)
    assert refused(rubros.rename_button, REGISTRY_REFUSED, role)
    fairs_page = window.show_page("fairs")
    assert refused(fairs_page.fairs.new_button, REGISTRY_REFUSED, role)
    assert refused(fairs_page.days.new_button, REGISTRY_REFUSED, role)
    settings = window.show_page("settings")
    assert refused(settings.save_button, ADMIN_REFUSED, role)

    for text, why in (("Nuevo expositor…", REGISTRY_REFUSED), ("Registrar pago de cuotas…",
                      SALES_REFUSED), ("Importar expositores o ventas…", REGISTRY_REFUSED)):  # fmt: skip
        action = menu_action(window, text)
        assert not action.isEnabled() and action.toolTip() == why.format(role=role)


def test_a_viewer_calling_a_service_is_refused_with_a_plain_message(qtbot, open_as):
    window = open_as("consulta")
    ctx = window.ctx
    with pytest.raises(NotAllowedError) as caught, ctx.write() as s:
        fair = fairs.default_fair(s)
        fairs.add_fair_day(s, ctx.actor, fair.id, date=dt.date(2026, 11, 29))
    with pytest.raises(NotAllowedError), ctx.write() as s:
        vendors.set_status(s, ctx.actor, 1, "suspended")
    seen = answer_dialog(qtbot, QMessageBox.StandardButton.Ok)
    show_error(window, caught.value)
    assert seen["title"] == "No se pudo completar"
    assert seen["text"].startswith("Su cuenta no puede cambiar expositores")
    assert "Traceback" not in seen["text"]


def test_a_treasurer_keeps_the_sheet_fees_and_closing_not_the_registry(qtbot, open_as):
    window = open_as("tesorero")
    role = "Tesorero"
    sales = window.show_page("sales")
    day = sales.day
    assert day.model.writable and day.close_button.toolTip() == ""
    assert day.new_day_button.isEnabled()
    assert refused(day.reopen_button, ADMIN_REFUSED, role)
    fees = sales.fees
    fees.select_vendor(fees.model.debtors()[0].id)
    assert fees.pay_button.isEnabled()
    registry = window.show_page("vendors")
    assert refused(registry.new_button, REGISTRY_REFUSED, role)
    reports = window.show_page("reports")
    assert refused(reports.exports.roster_button, PERSONAL_REFUSED, role)
    assert refused(reports.imports.import_button, REGISTRY_REFUSED, role)


def test_an_organizer_keeps_the_registry_imports_and_padron_not_the_money(qtbot, open_as):
    window = open_as("organizador")
    role = "Organizador"
    sales = window.show_page("sales")
    assert not sales.day.model.writable
    assert refused(sales.day.save_button, SALES_REFUSED, role)
    assert refused(sales.day.close_button, SALES_REFUSED, role)
    assert sales.day.new_day_button.isEnabled()  # planning fair days is the registry's
    registry = window.show_page("vendors")
    assert registry.new_button.isEnabled()
    registry.table.selectRow(0)
    assert registry.edit_button.isEnabled()
    seen = answer_dialog(qtbot, QDialogButtonBox.StandardButton.Cancel)
    registry.edit_vendor()
    assert seen["title"]  # the form opened
    reports = window.show_page("reports")
    qtbot.waitUntil(reports.exports.roster_button.isEnabled)
    assert reports.imports.choose_button.isEnabled()
    settings = window.show_page("settings")
    assert refused(settings.save_button, ADMIN_REFUSED, role)


def test_an_administrator_may_do_everything(qtbot, open_as):
    window = open_as("admin")
    for key in window.keys:
        page = window.show_page(key)
        from PySide6.QtWidgets import QAbstractButton

        for button in page.findChildren(QAbstractButton):
            assert not button.toolTip().startswith("Su cuenta ("), (key, button.text())
    assert window.pages["sales"].day.model.writable
