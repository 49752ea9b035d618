"""The main window, the first run, opening databases, the language, the error dialog."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox
from sqlalchemy import func, select

from agroferia import i18n, logs
from agroferia.config import is_url
from agroferia.core import demo, fairs, stats
from agroferia.core.db import open_database
from agroferia.core.models import Membership
from agroferia.core.money import format_money
from agroferia.ui import app as ui_app
from agroferia.ui.main_window import MainWindow
from agroferia.ui.prefs import Prefs
from agroferia.ui.server_dialog import without_password
from agroferia.ui.welcome import WelcomeDialog
from agroferia.ui.widgets import ask_unsaved
from tests.accounts import PASSWORD, add_account
from tests.ui.conftest import answer_dialog, fill_first_admin, when_main_window

PAGES = ["Panel", "Expositores", "Ventas", "Jornadas", "Rubros", "Productos", "Reportes",
         "Configuración"]  # fmt: skip


@pytest.fixture
def window(qtbot, demo_db, prefs):
    ui_app.apply_language("es")
    main = MainWindow(demo_db, prefs)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    yield main
    ui_app.apply_language("es")


def nav_titles(window: MainWindow) -> list[str]:
    return [window.nav.item(i).text() for i in range(window.nav.count())]


def menu_titles(window: MainWindow) -> list[str]:
    return [a.text() for a in window.menuBar().actions()]


def test_pages_status_bar_and_panel(qtbot, window, demo_db):
    assert nav_titles(window) == PAGES
    assert window.current_key() == "panel"
    assert demo_db.location in window.db_label.text()
    assert window.fair_label.text() == "Feria activa: Agroferia Campesina de Magdalena"
    panel = window.pages["panel"]
    qtbot.waitUntil(lambda: panel.stats is not None)
    period = panel.picker.value()
    with demo_db.Session() as s:
        figures = stats.compute(s, period.start, period.end, period.fair_id)
    assert panel.card("fair_days") == str(figures.fair_days)
    assert panel.card("sales") == format_money(figures.sales.total, cents=True)


def test_every_page_opens(window):
    for key in window.keys:
        assert window.show_page(key).isVisible()


def test_shortcuts_new_vendor_search_and_go_to(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key() == "vendors"
    assert window.pages["vendors"].search.hasFocus()
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key() == "fairs"
    qtbot.keyClick(window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    reports = window.pages["reports"]
    assert window.current_key() == "reports"
    assert reports.tabs.currentWidget() is reports.imports
    seen = answer_dialog(qtbot, QDialogButtonBox.StandardButton.Cancel)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert seen["title"] == "Nuevo expositor" and window.current_key() == "vendors"


def test_ctrl_number_puts_the_keyboard_in_the_page(qtbot, window):
    """After Ctrl+1…7 the arrows work in the page, not in the list of pages."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    expected = {
        "vendors": lambda p: p.search,
        "sales": lambda p: p.day.table,
        "fairs": lambda p: p.fairs.table,
        "categories": lambda p: p.table,
        "products": lambda p: p.table,
        "settings": lambda p: p.language.combo,
    }
    for number, key in enumerate(window.keys, start=1):
        qtbot.keyClick(
            window, getattr(Qt.Key, f"Key_{number}"), Qt.KeyboardModifier.ControlModifier
        )
        assert window.current_key() == key
        focused = QApplication.focusWidget()
        page = window.pages[key]
        assert focused is not window.nav and page.isAncestorOf(focused), (key, focused)
        if key in expected:
            assert focused is expected[key](page), key
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    sales = window.pages["sales"]
    row = sales.day.table.currentIndex().row()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)
    assert window.current_key() == "sales"  # the arrow moved in the sheet
    assert sales.day.table.currentIndex().row() > row


def test_the_sales_menu_opens_a_new_day_and_a_payment(qtbot, window):
    assert "&Ventas" in menu_titles(window)
    qtbot.waitUntil(lambda: window.pages["panel"].stats is not None)  # no "Un momento…"
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    seen = answer_dialog(qtbot, QDialogButtonBox.StandardButton.Cancel)
    qtbot.keyClick(window, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
    assert seen["title"] == "Nueva jornada" and window.current_key() == "sales"
    sales = window.pages["sales"]
    shown = QKeySequence("Ctrl+J").toString(QKeySequence.SequenceFormat.NativeText)
    assert f"({shown})" in sales.day.new_day_button.toolTip()  # as the menu shows it
    sales.tabs.setCurrentWidget(sales.fees)
    sales.fees.select_vendor(sales.fees.model.debtors()[0].id)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    seen = answer_dialog(qtbot, QDialogButtonBox.StandardButton.Cancel)
    qtbot.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert seen["title"] == "Registrar pago de cuotas"
    assert sales.tabs.currentWidget() is sales.fees


def test_quit_shortcut_closes_and_remembers_the_geometry(qtbot, window, prefs, demo_db):
    window.resize(700, 500)  # within the offscreen screen (800×600)
    qtbot.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert not window.isVisible()
    again = MainWindow(demo_db, Prefs(prefs.path))
    qtbot.addWidget(again)
    assert (again.width(), again.height()) == (700, 500)


def test_about_names_the_version(qtbot, window):
    from agroferia import __version__

    seen = answer_dialog(qtbot, QMessageBox.StandardButton.Ok)
    window.about()
    assert __version__ in seen["text"] or __version__ in seen["title"]


def test_recent_databases_and_opening_another(qtbot, window, prefs, demo_db, tmp_path):
    other = tmp_path / "otra.db"
    db = open_database(other)
    with db.Session.begin() as s:
        fairs.create_fair(s, "prueba", name="Bioferia de Surquillo")
    db.close()

    answer_dialog(qtbot, "create", fill=fill_first_admin)
    window.open_database(str(other))
    qtbot.waitUntil(lambda: window.ctx.db.location == str(other))
    assert window.ctx.user.username == "rosa" and window.ctx.actor == "rosa"
    assert window.fair_label.text() == "Feria activa: Bioferia de Surquillo"
    assert prefs.recent()[0] == str(other.resolve())
    first = demo_db.location  # a server's database is kept without its password
    kept = without_password(first) if is_url(first) else str(Path(first).resolve())
    assert kept in prefs.recent()
    window._fill_recent()
    assert window.recent_menu.actions()[0].text() == str(other.resolve())
    gone = tmp_path / "borrada.db"
    prefs.add_recent(str(gone))
    seen = answer_dialog(qtbot, QMessageBox.StandardButton.Ok)
    window.open_database(str(gone))
    assert "ya no existe" in seen["text"] and str(gone) not in prefs.recent()


def test_switching_to_english_rebuilds_pages_and_qt_buttons(qtbot, window):
    window.show_page("vendors")
    window.set_language("en")
    assert i18n.get_language() == "en" and window.prefs.language() == "en"
    assert nav_titles(window) == [
        "Dashboard", "Vendors", "Sales", "Fair days", "Categories", "Products", "Reports",
        "Settings",
    ]  # fmt: skip
    assert menu_titles(window)[0] == "&File"
    assert window.current_key() == "vendors"
    assert window.pages["vendors"].footer.text() == "84 vendors · 46 women · 21 youth"
    assert button_texts(qtbot, window) == {"Save", "Discard", "Cancel"}
    window.set_language("es")
    assert button_texts(qtbot, window) == {"Guardar", "Descartar", "Cancelar"}


def button_texts(qtbot, window) -> set[str]:
    """The buttons Qt itself labels in the unsaved-changes question."""
    texts: set[str] = set()
    answer_dialog(
        qtbot,
        QMessageBox.StandardButton.Cancel,
        fill=lambda box: texts.update(b.text().replace("&", "") for b in box.buttons()),
    )
    ask_unsaved(window)
    return texts


# -------------------------------------------------------------------- first run


def test_first_run_creates_an_empty_database_for_the_fair(qtbot, tmp_path):
    target = tmp_path / "nueva" / "agroferia.db"

    def fill(dialog: WelcomeDialog) -> None:
        assert "Todavía no hay una base de datos" in " ".join(
            w.text() for w in dialog.findChildren(type(dialog.demo_note))
        )
        dialog.form.name.setText("Feria del Productor de Jesús María")
        dialog.form.district.setText("Jesús María")
        dialog.form.municipality.setText("Municipalidad de Jesús María")
        dialog.form.weekday.setCurrentIndex(dialog.form.weekday.findData(5))

    answer_dialog(qtbot, QDialogButtonBox.StandardButton.Ok, fill=fill)
    db = ui_app.first_database(str(target))
    try:
        with db.Session() as s:
            fair = fairs.default_fair(s)
            assert (fair.name, fair.district, fair.weekday) == (
                "Feria del Productor de Jesús María", "Jesús María", 5,
            )  # fmt: skip
            assert not demo.has_data(s) or stats.overview(s).vendors == 0
    finally:
        db.close()


def test_first_run_without_a_fair_name_says_so_and_stays(qtbot, tmp_path):
    target = tmp_path / "agroferia.db"
    dialog = WelcomeDialog(str(target))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClick(dialog.form.name, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert dialog.form.messages.text("name") == "es obligatorio"
    assert not target.exists()


def test_first_run_can_explore_the_demo(qtbot, tmp_path):
    target = tmp_path / "demo.db"
    answer_dialog(qtbot, QDialogButtonBox.StandardButton.Ok, fill=lambda d: d.demo.setChecked(True))
    db = ui_app.first_database(str(target))
    try:
        with db.Session() as s:
            assert stats.overview(s).vendors == 84
    finally:
        db.close()


def test_first_run_can_explore_the_demo_as_a_network_of_fairs(qtbot, tmp_path):
    def fill(dialog: WelcomeDialog) -> None:
        assert not dialog.network.isEnabled()  # only for the demo
        dialog.demo.setChecked(True)
        assert dialog.network.isEnabled() and not dialog.network.isChecked()
        dialog.network.setChecked(True)

    answer_dialog(qtbot, QDialogButtonBox.StandardButton.Ok, fill=fill)
    db = ui_app.first_database(str(tmp_path / "red.db"))
    try:
        with db.Session() as s:
            names = [f.name for f in fairs.list_fairs(s)]
            shared = s.scalar(
                select(func.count()).select_from(
                    select(Membership.vendor_id)
                    .group_by(Membership.vendor_id)
                    .having(func.count() > 1)
                    .subquery()
                )
            )
        assert len(names) == 3 and "Agroferia Campesina de Magdalena" in names
        assert shared > 0  # producers of two fairs
    finally:
        db.close()


def test_quitting_the_welcome_creates_nothing(qtbot, tmp_path):
    target = tmp_path / "agroferia.db"
    answer_dialog(qtbot, QDialogButtonBox.StandardButton.Cancel)
    assert ui_app.first_database(str(target)) is None
    assert not target.exists()


# -------------------------------------------------------------------- errors


def test_an_unexpected_error_is_shown_and_logged(qtbot, monkeypatch, tmp_path):
    from agroferia.ui import errors

    monkeypatch.setenv("AGROFERIA_LOG_DIR", str(tmp_path))
    logs.setup()
    try:
        raise ZeroDivisionError("boom")
    except ZeroDivisionError as exc:
        caught = exc
    seen = answer_dialog(qtbot, QMessageBox.StandardButton.Ok)
    errors._excepthook(ZeroDivisionError, caught, caught.__traceback__)
    assert seen["title"] == "Error inesperado"
    assert str(tmp_path / "agroferia.log") in seen["text"]
    for handler in logging.getLogger("agroferia").handlers:
        handler.flush()
    logged = (tmp_path / "agroferia.log").read_text()
    assert "uncaught exception" in logged and logged.rstrip().endswith("ZeroDivisionError")
    assert "ZeroDivisionError: boom" not in logged  # a message may hold any value: not logged


def test_an_expected_error_gets_its_plain_message(qtbot):
    from agroferia.core.errors import NotFoundError
    from agroferia.i18n import lazy
    from agroferia.ui.errors import show_error

    seen = answer_dialog(qtbot, QMessageBox.StandardButton.Ok)
    show_error(None, NotFoundError(lazy("No existe el expositor {id}.", id=7)))
    assert seen["text"].startswith("No existe el expositor 7.")
    assert QApplication.activeModalWidget() is None


def test_run_with_lang_en_opens_the_window_in_english(qtbot, demo_db, monkeypatch):
    import sys

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run() installs its own
    with demo_db.Session.begin() as s:
        add_account(s, "admin", "admin")
    seen: dict = {}

    def sign_in(dialog) -> None:
        dialog.username.setText("admin")
        dialog.password.setText(PASSWORD)

    answer_dialog(qtbot, "enter", fill=sign_in)

    def look_and_close(window) -> None:  # (a window another test left hidden is not this one)
        seen["nav"] = nav_titles(window)
        seen["title"] = window.windowTitle()
        window.close()

    when_main_window(look_and_close)
    assert ui_app.run(demo_db.location, "en") == 0
    assert seen["nav"][:2] == ["Dashboard", "Vendors"]
    assert seen["title"].startswith("Agroferia ")
    ui_app.apply_language("es")


def test_every_page_fits_a_laptop_screen(qtbot, window):
    """No page makes the window wider than an ordinary laptop screen (1366 pixels, the
    window's frame and the desktop's edges aside)."""
    for key in window.keys:
        window.show_page(key)
        assert window.minimumSizeHint().width() <= 1280, key
