"""The Panel's agrobiodiversity: the «Productos» card and the «Productos por rubro» chart
show ``Stats.products`` (``core.products.figures``) of the chosen period and fair."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCharts import QChartView
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from agroferia import i18n
from agroferia.core import fairs, periods, vendors
from agroferia.core.models import Vendor
from agroferia.core.products.figures import OFFERS, OFFERS_AND_SALES
from agroferia.core.sales import record_sale
from agroferia.ui.context import FAIRS, SALES, VENDORS
from agroferia.ui.dashboard.page import PanelPage
from tests.ui.conftest import TODAY
from tests.ui.test_dashboard_page import (
    axis_names,
    bar_values,
    chart,
    figures_of,
    page,
    second_fair,
    wait_idle,
)

__all__ = ["page", "second_fair"]  # the fixtures, shared

NBSP = "\u00a0"
ES = ("Productos", "Variedades nativas")
EN = ("Products", "Native varieties")


def card(panel: PanelPage) -> tuple[str, str, str]:
    """The products card: its figure, the line under its caption, its tooltip."""
    box = panel.cards.boxes["products"]
    return box.value.text(), box.detail.text(), box.toolTip()


def native_line(n: int, present: int) -> str:
    vendors_present = f"{present} expositor presente" if present == 1 else (
        f"{present} expositores presentes"
    )  # fmt: skip
    verb = "ofrece" if n == 1 else "ofrecen"
    return f"{n} de {vendors_present} {verb} al menos una variedad nativa"


def expected_detail(p) -> str:
    native = f"{p.native} variedad nativa" if p.native == 1 else f"{p.native} variedades nativas"
    regions = f"{p.regions} región" if p.regions == 1 else f"{p.regions} regiones"
    # on one line each, the line broken after the dot if at all
    return f"{native} · {regions}".replace(" ", NBSP).replace(f"·{NBSP}", "· ")


def chart_rows(panel: PanelPage, names: tuple[str, str] = ES) -> list[tuple[str, int, int]]:
    """(rubro, products, native varieties) as the chart draws them, the top bar first."""
    view = chart(panel, "chart_products")
    products, native = names
    values = bar_values(view)
    rubros = axis_names(view, Qt.Orientation.Vertical)
    drawn = zip(rubros, values[products], values[native], strict=True)
    return [(r, int(p), int(v)) for r, p, v in drawn][::-1]


@pytest.fixture
def quiet_fair(demo_ctx):
    """A fair whose only fair day has one new vendor, who lists no product."""
    with demo_ctx.write(FAIRS, VENDORS, SALES) as s:
        fair = fairs.create_fair(s, "prueba", name="Feria de Surco")
        day = fairs.add_fair_day(s, "prueba", fair.id, date=dt.date(2026, 11, 14))
        rosa = vendors.register(
            s,
            "prueba",
            {
                "given_names": "Rosa",
                "surnames": "Quispe",
                "doc_number": "40123456",
                "main_category": "Artesanía",
            },
            today=dt.date(2026, 11, 1),
        )
        s.flush()
        record_sale(s, "prueba", day.id, rosa.id, "80.00")
        return fair.id


# ------------------------------------------------------------------------- the card


def test_the_card_shows_the_products_of_the_period(page, demo_ctx):
    st = figures_of(demo_ctx, page.picker.value())
    p = st.products
    assert p.counted_from == OFFERS and p.products > p.native > 0 and p.regions > 1
    value, detail, tip = card(page)
    assert value == str(p.products)
    assert detail == expected_detail(p)
    assert page.card("products") == value
    assert page.cards.boxes["products"].caption.text() == "Productos"
    assert "según lo que ofrecen los expositores presentes" in tip
    assert "las ventas no indican producto" in tip


@pytest.mark.parametrize(
    "choose",
    [
        lambda picker: picker.kind.setCurrentIndex(picker.kind.findData(periods.LAST_MONTH)),
        lambda picker: picker.set_dates(dt.date(2026, 3, 1), dt.date(2026, 3, 1)),
        lambda picker: picker.set_dates(dt.date(2026, 9, 13), dt.date(2026, 9, 13)),
    ],
    ids=["last_month", "one_sunday", "another_sunday"],
)
def test_the_card_follows_the_period(qtbot, page, demo_ctx, choose):
    choose(page.picker)
    wait_idle(qtbot, page)
    period = page.picker.value()
    p = figures_of(demo_ctx, period).products
    assert (page.stats.start, page.stats.end) == (period.start, period.end)
    assert page.stats.products == p
    assert card(page)[:2] == (str(p.products), expected_detail(p))


def test_a_single_fair_day_brings_fewer_products(qtbot, page, demo_ctx):
    month = figures_of(demo_ctx, page.picker.value()).products
    shown = set()
    for day in (dt.date(2026, 3, 1), dt.date(2026, 9, 13)):
        page.picker.set_dates(day, day)
        wait_idle(qtbot, page)
        p = figures_of(demo_ctx, page.picker.value()).products
        assert p.vendors_present < month.vendors_present and p.products < month.products
        assert card(page)[0] == str(p.products) != str(month.products)
        shown.add(card(page)[:2])
    assert len(shown) == 2  # the card changed from one day to the other


def test_the_card_follows_the_fair(qtbot, page, demo_ctx, quiet_fair):
    wait_idle(qtbot, page)  # the new fair refreshes the page
    one = figures_of(demo_ctx, page.picker.value()).products
    assert card(page)[0] == str(one.products)

    page.picker.set_fair(quiet_fair)
    wait_idle(qtbot, page)
    p = figures_of(demo_ctx, page.picker.value()).products
    assert page.stats.fair == "Feria de Surco"
    assert (p.vendors_present, p.vendors_listing, p.products) == (1, 0, 0)
    value, detail, tip = card(page)
    assert (value, detail) == ("—", "")
    assert "Ningún expositor presente tiene productos anotados" in tip
    assert "«Productos»" in tip  # where to record them
    # the charts of the fair day are there; in place of the products', how to record them
    assert chart(page, "chart_days") is not None
    assert page.findChild(QChartView, "chart_products") is None
    assert page.cells["products"].content.text() == tip
    qtbot.waitUntil(lambda: page.cells["products"].height() < page.cells["days"].height() / 2)

    page.picker.set_fair(None)  # every fair: Rosa lists nothing, the others as before
    wait_idle(qtbot, page)
    every = figures_of(demo_ctx, page.picker.value()).products
    assert every.vendors_present == one.vendors_present + 1
    assert card(page)[:2] == (str(every.products), expected_detail(every))
    assert every.products == one.products


def test_a_period_without_fair_days_has_no_products(qtbot, page, demo_ctx):
    page.picker.set_dates(dt.date(2024, 1, 1), dt.date(2024, 3, 31))
    wait_idle(qtbot, page)
    assert figures_of(demo_ctx, page.picker.value()).products.products == 0
    value, detail, tip = card(page)
    assert (value, detail) == ("—", "")
    assert "Ningún expositor presente tiene productos anotados" in tip


def test_wrong_dates_give_a_dash(qtbot, page):
    page.picker.set_dates(dt.date(2026, 8, 1), dt.date(2026, 7, 1))
    assert page.stats is None
    assert card(page)[:2] == ("—", "")


def test_sales_naming_a_product_are_counted_and_the_tip_says_so(qtbot, page, demo_ctx):
    with demo_ctx.write(SALES) as s:
        day = fairs.find_fair_day(s, demo_ctx.active_fair()[0], dt.date(2026, 11, 22))
        vendor = s.query(Vendor).order_by(Vendor.id).first()
        record_sale(s, "prueba", day.id, vendor.id, "12.50", product="Papa nativa")
    qtbot.waitUntil(lambda: "nombran las ventas" in card(page)[2], timeout=30_000)
    wait_idle(qtbot, page)
    p = figures_of(demo_ctx, page.picker.value()).products
    assert p.counted_from == OFFERS_AND_SALES and p.sold.products == 1
    assert card(page)[:2] == (str(p.products), expected_detail(p))
    assert "las ventas no indican producto" not in card(page)[2]


# ------------------------------------------------------------------------- the chart


def test_the_chart_draws_the_products_per_rubro(qtbot, page, demo_ctx):
    page.picker.set_kind(periods.YEAR)
    page.refresh()
    wait_idle(qtbot, page)
    p = figures_of(demo_ctx, page.picker.value()).products
    assert len(p.by_category) == 8 and any(c.native == 0 for c in p.by_category.values())
    assert chart_rows(page) == [(n, c.products, c.native) for n, c in p.by_category.items()]
    line = page.findChild(QLabel, "products_native_vendors").text()
    by_sex = {sex: sum(groups.values()) for sex, groups in p.native_vendors_by_sex_youth.items()}
    youth = sum(groups["youth"] for groups in p.native_vendors_by_sex_youth.values())
    assert line == (
        f"{native_line(p.native_vendors, p.vendors_present)} — Mujeres: {by_sex['F']}"
        f" · Hombres: {by_sex['M']} · Jóvenes: {youth}"
    )
    assert 0 < p.native_vendors < p.vendors_present
    legend = page.findChild(QLabel, "products_legend").text()
    assert "Productos" in legend and "variedades nativas" in legend


def test_the_chart_follows_the_fair(qtbot, page, demo_ctx, second_fair):
    wait_idle(qtbot, page)
    with demo_ctx.write(VENDORS) as s:
        vendor = s.query(Vendor).order_by(Vendor.id).first()
        listed = len(vendor.products)
    page.picker.set_fair(second_fair)  # one vendor present, with what they list
    wait_idle(qtbot, page)
    p = figures_of(demo_ctx, page.picker.value()).products
    assert p.vendors_present == 1 and p.products == listed > 0
    assert chart_rows(page) == [(n, c.products, c.native) for n, c in p.by_category.items()]
    assert card(page)[0] == str(listed)


# ------------------------------------------------------------------------- English


@pytest.fixture
def english():
    i18n.set_language("en")
    yield
    i18n.set_language("es")


def test_the_card_and_the_chart_in_english(qtbot, demo_ctx, english):
    panel = PanelPage(demo_ctx, today=TODAY)
    qtbot.addWidget(panel)
    panel.resize(1100, 800)
    panel.show()
    wait_idle(qtbot, panel)
    p = figures_of(demo_ctx, panel.picker.value()).products
    value, detail, tip = card(panel)
    assert value == str(p.products)
    assert detail.replace(NBSP, " ") == f"{p.native} native varieties · {p.regions} regions"
    assert detail.count(" ") == 1  # the line breaks after the dot, if at all
    assert panel.cards.boxes["products"].caption.text() == "Products"
    assert "what the vendors present offer" in tip and "sales do not name" in tip
    assert panel.cells["products"].title.text() == "Products by category"
    assert chart_rows(panel, EN) == [(n, c.products, c.native) for n, c in p.by_category.items()]
    line = panel.findChild(QLabel, "products_native_vendors").text()
    assert line.startswith(
        f"{p.native_vendors} of {p.vendors_present} vendors present offer at least one "
        "native variety — Women: "
    )
