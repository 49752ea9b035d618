"""Productos: what a vendor offers, chosen in the vendor form from the catalogue or typed
as a new name; and the catalogue's page, its filters, its editing and its merging."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox
from sqlalchemy import func, select

from agroferia.core import accounts, vendors
from agroferia.core.models import Product, Vendor
from agroferia.core.products import catalogue
from agroferia.ui.context import Account, AppContext
from agroferia.ui.products.page import ProductsPage
from agroferia.ui.products.product_dialog import ProductDialog
from tests.accounts import add_account
from tests.ui.conftest import answer_dialog
from tests.ui.test_vendors_page import fill_new_vendor, open_form

# the completions' popup, shown while typing, under the headless platform
pytestmark = pytest.mark.qt_log_ignore("does not support raise", "does not support grabbing")

REGISTRY_REFUSED = (
    "Su cuenta (Tesorero) no puede cambiar expositores, rubros, ferias y jornadas, e importar."
)


def product_id(ctx, name: str) -> int:
    return ctx.read(lambda s: catalogue.find(s, name).id)


def offered(ctx, vendor_id: int) -> list[str]:
    return ctx.read(lambda s: sorted(p.name for p in vendors.get(s, vendor_id).products))


def count_products(ctx) -> int:
    return ctx.read(lambda s: s.scalar(select(func.count()).select_from(Product)))


def type_product(qtbot, form, text: str) -> None:
    """Types in the products' field and presses Enter (which adds, not saves)."""
    field = form.products.field.lineEdit()
    field.setFocus()
    qtbot.keyClicks(field, text)
    form.products.completer.popup().hide()
    qtbot.keyClick(field, Qt.Key.Key_Return)


@pytest.fixture
def treasurer_ctx(demo_db, prefs, qapp) -> AppContext:
    with demo_db.Session.begin() as s:
        add_account(s, "tesorero", "treasurer")
    with demo_db.Session() as s:
        user = Account.of(accounts.find(s, "tesorero"))
    return AppContext(demo_db, prefs, user=user)


@pytest.fixture
def page(qtbot, demo_ctx) -> ProductsPage:
    widget = ProductsPage(demo_ctx)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def shown(page: ProductsPage) -> list:
    return [page.model.product_at(i) for i in range(page.model.rowCount())]


# ------------------------------------------------------------------ the vendor form


def test_register_a_vendor_with_two_catalogue_products_and_a_new_name(qtbot, demo_ctx):
    before = count_products(demo_ctx)
    form = open_form(qtbot, demo_ctx)
    fill_new_vendor(qtbot, form, "45678912")
    type_product(qtbot, form, "OCA")  # case and accents aside: the catalogue's «Oca»
    type_product(qtbot, form, "aji amarillo")
    type_product(qtbot, form, "Papa pumamaqui")
    type_product(qtbot, form, "oca")  # twice is once
    assert form.isVisible()  # Enter in the field added, it did not save
    texts = [form.products.list.item(i).text() for i in range(form.products.list.count())]
    assert texts == ["Ají amarillo · nativa", "Oca · nativa", "Papa pumamaqui · nuevo"]
    oca, aji = product_id(demo_ctx, "Oca"), product_id(demo_ctx, "Ají amarillo")
    assert form.values()["products"] == [aji, oca, "Papa pumamaqui"]
    qtbot.keyClick(form.fairs.lines[0].stall, Qt.Key.Key_Return)  # Enter elsewhere saves
    assert not form.isVisible() and form.saved_id is not None
    assert offered(demo_ctx, form.saved_id) == ["Ají amarillo", "Oca", "Papa pumamaqui"]
    assert count_products(demo_ctx) == before + 1
    new = demo_ctx.read(lambda s: catalogue.find(s, "papa pumamaqui"))
    assert new is not None and not new.reviewed


def test_editing_removes_a_product_from_the_keyboard(qtbot, demo_ctx):
    vendor_id = demo_ctx.read(
        lambda s: s.scalars(select(Vendor.id).where(Vendor.products.any())).first()
    )
    names = offered(demo_ctx, vendor_id)
    form = open_form(qtbot, demo_ctx, vendor_id)
    box = form.products
    assert box.list.count() == len(names) and not form.has_changes()
    assert not box.remove_button.isEnabled()  # nothing chosen yet
    box.list.setFocus()
    box.list.setCurrentRow(0)
    assert box.remove_button.isEnabled()
    qtbot.keyClick(box.list, Qt.Key.Key_Delete)
    assert box.list.count() == len(names) - 1 and form.has_changes()
    assert "products" in form.touched
    form.accept()
    assert not form.isVisible()
    assert offered(demo_ctx, vendor_id) == names[1:]


def test_products_of_the_vendors_rubros_come_first(qtbot, demo_ctx):
    form = open_form(qtbot, demo_ctx)
    form.main_category.setCurrentIndex(form.main_category.findText("Productos transformados"))
    first = form.products.matches("aji")
    processed = demo_ctx.read(
        lambda s: {p.name for p in catalogue.products(s) if p.category.name.endswith("formados")}
    )
    assert first and first[0] in processed and all("Aj" in n for n in first)
    form.main_category.setCurrentIndex(form.main_category.findText("Hortalizas y verduras"))
    assert form.products.matches("aji")[0] not in processed


def test_a_new_name_too_long_shows_the_fields_message_and_writes_nothing(qtbot, demo_ctx):
    before = (count_products(demo_ctx), demo_ctx.read(
        lambda s: s.scalar(select(func.count()).select_from(Vendor))))  # fmt: skip
    form = open_form(qtbot, demo_ctx)
    fill_new_vendor(qtbot, form, "45678912")
    type_product(qtbot, form, "x" * 81)
    qtbot.waitUntil(lambda: form.messages.text("products") != "")
    assert "80" in form.messages.text("products")
    form.accept()
    assert form.isVisible() and form.saved_id is None
    assert "No se guardó" in form.summary.text()
    after = (count_products(demo_ctx), demo_ctx.read(
        lambda s: s.scalar(select(func.count()).select_from(Vendor))))  # fmt: skip
    assert after == before


def test_a_treasurers_form_shows_the_products_but_cannot_change_them(qtbot, treasurer_ctx):
    vendor_id = treasurer_ctx.read(
        lambda s: s.scalars(select(Vendor.id).where(Vendor.products.any())).first()
    )
    form = open_form(qtbot, treasurer_ctx, vendor_id)
    box = form.products
    assert box.list.count() == len(offered(treasurer_ctx, vendor_id))
    for widget in (box.field, box.add_button, box.remove_button):
        assert not widget.isEnabled() and widget.toolTip() == REGISTRY_REFUSED
    box.list.setCurrentRow(0)
    box.remove()
    assert box.list.count() == len(offered(treasurer_ctx, vendor_id))
    assert not box.remove_button.isEnabled()


# ------------------------------------------------------------------ the catalogue page


def test_the_page_lists_the_catalogue_and_filters_it(qtbot, page, demo_ctx):
    total = demo_ctx.read(catalogue.count)
    assert page.model.rowCount() == total
    assert page.footer.text().startswith(f"{total} productos · ")
    page.native_only.setChecked(True)
    natives = shown(page)
    assert natives and len(natives) < total and all(r.native for r in natives)
    tubers = page.category.findText("Tubérculos, granos y menestras")
    page.category.setCurrentIndex(tubers)
    rows = shown(page)
    assert rows and all(r.native and r.category.startswith("Tubérculos") for r in rows)
    assert "mostrados" in page.footer.text()
    page.native_only.setChecked(False)
    page.category.setCurrentIndex(0)
    qtbot.keyClicks(page.search, "solanum")  # the scientific name, any case
    rows = shown(page)
    assert rows and all("Solanum" in r.scientific_name for r in rows)
    page.search.clear()
    page.unreviewed_only.setChecked(True)
    assert all(not r.reviewed for r in shown(page))
    assert len(shown(page)) == demo_ctx.read(
        lambda s: sum(not p.reviewed for p in catalogue.products(s))
    )


def test_a_merge_through_the_page_moves_the_vendors_offer(qtbot, page, demo_ctx, monkeypatch):
    vendor_id = demo_ctx.read(
        lambda s: s.scalars(select(Vendor.id).where(Vendor.products.any())).first()
    )
    with demo_ctx.write() as s:
        vendors.update(s, "ana", vendor_id, {"products": ["Papa huayro"]})
    source = product_id(demo_ctx, "Papa huayro")
    target = product_id(demo_ctx, "Papa nativa")
    holders = demo_ctx.read(lambda s: [v.id for v in s.scalars(select(Vendor)) if any(
        p.id == source for p in v.products)])  # fmt: skip
    assert vendor_id in holders and len(holders) >= 2
    page.refresh()
    assert page.select_product(source)
    asked: dict = {}

    def question(parent, title, text, *args):
        asked.update(title=title, text=text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    answer_dialog(qtbot, QDialogButtonBox.StandardButton.Ok,
                  fill=lambda d: d.choose(target))  # fmt: skip
    page.merge_product()
    assert asked["text"] == (
        f"Se unirá «Papa huayro» con «Papa nativa»: {len(holders)} expositores y 0 ventas "
        "pasarán a «Papa nativa». El nombre «Papa huayro» seguirá encontrando «Papa nativa»."
    )
    assert offered(demo_ctx, vendor_id) == ["Papa nativa"]
    assert all("Papa nativa" in offered(demo_ctx, v) for v in holders)
    assert all("Papa huayro" not in offered(demo_ctx, v) for v in holders)
    assert demo_ctx.read(lambda s: catalogue.find(s, "papa huayro").id) == target
    assert page.model.row_of(source) is None and page.selected_id() == target


def test_the_page_suggests_the_product_a_new_name_may_be(qtbot, page, demo_ctx):
    from agroferia.ui.products.merge import MergeChooser
    from agroferia.ui.products.table_model import STATUS_COLUMN

    source = product_id(demo_ctx, "Papa huayro")
    target = product_id(demo_ctx, "Papa nativa")
    row = page.model.row_of(source)
    status = page.model.index(row, STATUS_COLUMN)
    assert status.data() == "por revisar: ¿Papa nativa?"
    assert "«Unir con…»" in status.data(Qt.ItemDataRole.ToolTipRole)
    rows = [page.model.product_at(i) for i in range(page.model.rowCount())]
    dialog = MergeChooser(page.model.product_at(row), rows, page)
    qtbot.addWidget(dialog)
    assert dialog.target.currentData() == target  # offered, still to be confirmed


def test_a_treasurer_sees_the_catalogue_but_its_actions_say_why_not(qtbot, treasurer_ctx):
    page = ProductsPage(treasurer_ctx)
    qtbot.addWidget(page)
    page.show()
    assert page.model.rowCount() > 100 and page.selected() is not None
    for button in (page.new_button, page.edit_button, page.merge_button):
        assert not button.isEnabled() and button.toolTip() == REGISTRY_REFUSED
    page.edit_product()  # Enter on a row: nothing opens
    assert not page.findChildren(ProductDialog)


def test_edit_a_product_by_field_marks_it_reviewed(qtbot, page, demo_ctx):
    with demo_ctx.write() as s:
        new = Product(name="Oca morada", name_key=catalogue.key("Oca morada"),
                      category_id=catalogue.find(s, "Oca").category_id,
                      kind="fresh", native=False, reviewed=False)  # fmt: skip
        s.add(new)
        s.flush()
        new_id = new.id
    page.refresh()
    page.select_product(new_id)
    dialog = ProductDialog(demo_ctx, new_id, page)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name.clear()
    qtbot.keyClicks(dialog.name, "OCA")  # another product's name
    assert dialog.messages.text("name") == "ya existe: «Oca»"
    dialog.accept()
    assert dialog.isVisible()
    dialog.name.clear()
    qtbot.keyClicks(dialog.name, "Oca morada de Huancavelica")
    dialog.native.setChecked(True)
    qtbot.keyClicks(dialog.local_names, "puka oca")
    dialog.accept()
    assert not dialog.isVisible()
    saved = demo_ctx.read(lambda s: catalogue.get(s, new_id))
    assert (saved.name, saved.native, saved.local_names, saved.reviewed) == (
        "Oca morada de Huancavelica", True, "puka oca", True)  # fmt: skip
    row = page.model.product_at(page.model.row_of(new_id))
    assert row.reviewed and row.native  # the page refreshed


def test_a_new_product_with_a_name_too_long_writes_nothing(qtbot, page, demo_ctx):
    before = count_products(demo_ctx)
    dialog = ProductDialog(demo_ctx, None, page)
    qtbot.addWidget(dialog, before_close_func=lambda d: setattr(d, "initial", d.values()))
    dialog.show()
    qtbot.keyClicks(dialog.name, "y" * 81)
    dialog.category.setCurrentIndex(1)
    dialog.accept()
    assert dialog.isVisible() and "80" in dialog.messages.text("name")
    assert count_products(demo_ctx) == before


def test_the_merge_question_counts_in_singular_and_plural():
    from agroferia.core.products.catalogue import MergeCount
    from agroferia.ui.products.merge import question

    assert question("Ulluco", "Olluco", MergeCount(vendors=1, sales=1)) == (
        "Se unirá «Ulluco» con «Olluco»: 1 expositor y 1 venta pasarán a «Olluco». El nombre "
        "«Ulluco» seguirá encontrando «Olluco»."
    )


def test_tab_goes_down_the_left_column_through_the_products(qtbot, demo_ctx):
    form = open_form(qtbot, demo_ctx)
    form.activateWindow()
    qtbot.waitUntil(form.isActiveWindow)
    box = form.products
    form.association.setFocus()
    seen = []
    for _step in range(4):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    assert seen[0] in (box.field, box.field.lineEdit())
    # «Quitar» waits, disabled, for a product chosen in the list
    assert seen[1:] == [box.add_button, box.list, form.main_category]
