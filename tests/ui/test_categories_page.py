"""The Rubros page: the list with its vendor counts, the add/rename dialog checked as the
person types, deactivation with a question, reactivation, refresh on changes."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from agroferia.core import catalog, category_stats, vendors
from agroferia.core.models import Category
from agroferia.ui.categories.category_dialog import CategoryDialog
from agroferia.ui.categories.page import CategoriesPage
from agroferia.ui.categories.table_model import MAIN_COLUMN, NAME_COLUMN, OTHER_COLUMN
from agroferia.ui.context import VENDORS
from tests.expected import SEEDED_CATEGORIES
from tests.ui.conftest import answer_dialog

YES, NO = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No


def make_page(qtbot, ctx) -> CategoriesPage:
    page = CategoriesPage(ctx)
    qtbot.addWidget(page)
    page.show()
    return page


def shown(page: CategoriesPage) -> dict[str, tuple[str, ...]]:
    """name -> the texts of its row, as the table shows them."""
    model = page.model
    rows = {}
    for row in range(model.rowCount()):
        texts = tuple(model.index(row, c).data() for c in range(model.columnCount()))
        rows[texts[NAME_COLUMN]] = texts
    return rows


def category(ctx, name: str) -> Category:
    def find(session):
        found = catalog.find_category(session, name)
        session.expunge_all()
        return found

    return ctx.read(find)


def type_in_modal(qtbot, name: str, description: str = "") -> None:
    """When the next modal dialog opens, types into its fields and presses Enter (QTest
    types ASCII only)."""

    def typing() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, CategoryDialog):
            QTimer.singleShot(20, typing)
            return
        dialog.name.selectAll()
        qtbot.keyClicks(dialog.name, name)
        if description:
            qtbot.keyClick(dialog.description, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
            qtbot.keyClicks(dialog.description, description)
        qtbot.keyClick(dialog.name, Qt.Key.Key_Return)

    QTimer.singleShot(0, typing)


def test_lists_the_seeded_rubros_with_the_demo_counts(qtbot, demo_ctx) -> None:
    page = make_page(qtbot, demo_ctx)
    rows = shown(page)
    assert set(rows) == set(SEEDED_CATEGORIES)
    main = demo_ctx.read(catalog.vendor_counts)
    others = demo_ctx.read(category_stats.other_vendor_counts)
    for name, texts in rows.items():
        cat_id = category(demo_ctx, name).id
        assert texts[MAIN_COLUMN] == str(main.get(cat_id, 0))
        assert texts[OTHER_COLUMN] == str(others.get(cat_id, 0))
        assert texts[-1] == "Activo"
    assert sum(int(t[MAIN_COLUMN]) for t in rows.values()) == 84  # the demo's vendors
    assert page.footer.text() == "8 rubros activos"
    assert page.selected_id() is not None  # the keys act at once


def test_add_by_typing_and_pressing_enter(qtbot, ctx) -> None:
    page = make_page(qtbot, ctx)
    type_in_modal(qtbot, "Plantas medicinales", "Hierbas y plantas")
    page.new_button.click()
    saved = category(ctx, "Plantas medicinales")
    assert saved is not None and saved.active
    assert saved.description == "Hierbas y plantas"
    assert shown(page)["Plantas medicinales"][1:] == ("Hierbas y plantas", "0", "0", "Activo")
    assert page.selected_id() == saved.id


def test_duplicate_name_shows_its_message_and_saves_nothing(qtbot, ctx) -> None:
    dialog = CategoryDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.messages.text("name") == ""  # a new form does not open in red
    qtbot.keyClicks(dialog.name, "ARTESANIA")
    assert dialog.messages.text("name") == "ya existe un rubro con ese nombre"
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.result() == 0
    assert dialog.name.text() == "ARTESANIA"  # nothing typed is lost
    assert ctx.read(lambda s: len(catalog.list_categories(s, include_inactive=True))) == 8
    qtbot.keyClicks(dialog.name, " fina")
    assert dialog.messages.text("name") == ""


def test_blank_name_is_refused_on_save(qtbot, ctx) -> None:
    dialog = CategoryDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.description, "sin nombre")
    qtbot.keyClick(dialog.description, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert dialog.messages.text("name") == "es obligatorio"
    assert dialog.description.text() == "sin nombre"


def test_enter_on_a_row_renames_it(qtbot, ctx) -> None:
    page = make_page(qtbot, ctx)
    cat_id = category(ctx, "Gastronomía").id
    page.select_category(cat_id)
    page.table.setFocus()
    type_in_modal(qtbot, "Comidas preparadas", "Platos calientes")
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    renamed = ctx.read(lambda s: catalog.get_category(s, cat_id))
    assert (renamed.name, renamed.description) == ("Comidas preparadas", "Platos calientes")
    assert "Gastronomía" not in shown(page)
    assert page.selected_id() == cat_id


def test_escape_asks_before_dropping_a_rename(qtbot, ctx) -> None:
    cat_id = category(ctx, "Gastronomía").id
    dialog = CategoryDialog(ctx, cat_id)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.name.text() == "Gastronomía"
    qtbot.keyClicks(dialog.name, "Otra cosa")
    seen = answer_dialog(qtbot, QMessageBox.StandardButton.Cancel)
    qtbot.keyClick(dialog.name, Qt.Key.Key_Escape)
    assert seen["title"] == "Cambios sin guardar" and dialog.isVisible()
    answer_dialog(qtbot, QMessageBox.StandardButton.Discard)
    qtbot.keyClick(dialog.name, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert category(ctx, "Gastronomía").id == cat_id


def test_escape_without_changes_closes_at_once(qtbot, ctx) -> None:
    dialog = CategoryDialog(ctx, category(ctx, "Gastronomía").id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClick(dialog.name, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_deactivate_a_used_rubro_after_confirming(qtbot, demo_ctx) -> None:
    page = make_page(qtbot, demo_ctx)
    cat = category(demo_ctx, "Gastronomía")
    main = demo_ctx.read(catalog.vendor_counts)[cat.id]
    users = main + demo_ctx.read(category_stats.other_vendor_counts).get(cat.id, 0)
    page.select_category(cat.id)
    assert page.toggle_button.text() == "Desac&tivar"

    seen = answer_dialog(qtbot, NO)
    page.toggle_button.click()
    assert (
        f"{users} expositores activos lo tienen como rubro: lo conservan y siguen" in seen["text"]
    )
    assert category(demo_ctx, "Gastronomía").active  # answered no: nothing changed

    answer_dialog(qtbot, YES)
    page.toggle_button.click()
    assert not category(demo_ctx, "Gastronomía").active
    assert demo_ctx.read(catalog.vendor_counts)[cat.id] == main  # the vendors keep it
    assert shown(page)["Gastronomía"][-1] == "Desactivado"
    assert page.toggle_button.text() == "Reac&tivar"
    assert page.footer.text() == "7 rubros activos · 1 desactivado"


def test_reactivate_without_a_question(qtbot, ctx) -> None:
    with ctx.write() as session:
        catalog.set_active(session, "prueba", category(ctx, "Artesanía").id, False)
    page = make_page(qtbot, ctx)
    page.select_category(category(ctx, "Artesanía").id)
    page.toggle_button.click()
    assert category(ctx, "Artesanía").active
    assert shown(page)["Artesanía"][-1] == "Activo"
    assert page.toggle_button.text() == "Desac&tivar"


def test_unused_rubro_is_deactivated_without_a_question(qtbot, ctx) -> None:
    page = make_page(qtbot, ctx)
    page.select_category(category(ctx, "Panadería y tamales").id)
    page.toggle_button.click()
    assert not category(ctx, "Panadería y tamales").active


def test_deactivated_rubros_can_be_hidden(qtbot, ctx) -> None:
    with ctx.write() as session:
        catalog.set_active(session, "prueba", category(ctx, "Artesanía").id, False)
    page = make_page(qtbot, ctx)
    assert "Artesanía" in shown(page)
    page.show_inactive.setChecked(False)
    assert set(shown(page)) == set(SEEDED_CATEGORIES) - {"Artesanía"}
    assert page.selected_id() is not None


def test_refreshes_when_a_vendor_is_registered(qtbot, ctx) -> None:
    page = make_page(qtbot, ctx)
    with ctx.write(VENDORS) as session:
        vendors.register(
            session,
            "prueba",
            {
                "given_names": "Rosa",
                "surnames": "Quispe",
                "doc_number": "40123456",
                "main_category": "Artesanía",
                "other_categories": ["Gastronomía"],
            },
            today=dt.date(2026, 11, 24),
        )
    rows = shown(page)
    assert rows["Artesanía"][MAIN_COLUMN] == "1"
    assert rows["Gastronomía"][OTHER_COLUMN] == "1"


def test_double_click_opens_rename(qtbot, ctx) -> None:
    page = make_page(qtbot, ctx)
    seen = answer_dialog(qtbot, QDialogButtonBox.StandardButton.Cancel)
    row = page.model.row_of(category(ctx, "Artesanía").id)
    rect = page.table.visualRect(page.model.index(row, NAME_COLUMN))
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert seen["title"] == "Renombrar rubro"
