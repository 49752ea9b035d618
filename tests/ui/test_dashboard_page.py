"""The Panel page: cards and charts equal ``core.stats`` for the chosen period and fair."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from PySide6.QtCharts import QChartView
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QLabel

from agroferia.core import fairs, periods, settings, stats
from agroferia.core.models import FairDay, Vendor
from agroferia.core.money import format_money
from agroferia.core.periods import Period
from agroferia.core.sales import record_sale
from agroferia.ui.context import FAIRS, SALES, SETTINGS
from agroferia.ui.dashboard.page import PanelPage
from tests.ui.conftest import TODAY

CARDS = ("fair_days", "present", "women", "youth", "sales", "average", "fees_outstanding")


@pytest.fixture
def page(qtbot, demo_ctx):
    panel = PanelPage(demo_ctx, today=TODAY)
    qtbot.addWidget(panel)
    panel.resize(1100, 800)
    panel.show()
    wait_idle(qtbot, panel)
    return panel


def wait_idle(qtbot, panel: PanelPage) -> None:
    """Until the page has shown the figures of what is chosen (or nothing, for wrong dates)."""
    qtbot.waitUntil(lambda: panel.busy.isHidden(), timeout=30_000)


def figures_of(ctx, period: Period) -> stats.Stats:
    return ctx.read(lambda s: stats.compute(s, period.start, period.end, period.fair_id))


def card_texts(panel: PanelPage) -> dict[str, str]:
    return {key: panel.findChild(QLabel, f"card_{key}").text() for key in CARDS}


def expected_cards(st: stats.Stats) -> dict[str, str]:
    v = st.vendors
    return {
        "fair_days": str(st.fair_days),
        "present": str(v.present),
        "women": f"{st.share(v.by_sex['F'])} %",
        "youth": f"{st.share(v.youth)} %",
        "sales": format_money(st.sales.total, cents=True),
        "average": format_money(st.average_per_vendor_day),
        "fees_outstanding": format_money(st.fees_outstanding, cents=True),
    }


def bar_values(view: QChartView) -> dict[str, list[float]]:
    """Each bar set's values, by the set's name."""
    [series] = view.chart().series()
    return {b.label(): [b.at(i) for i in range(b.count())] for b in series.barSets()}


def axis_names(view: QChartView, orientation: Qt.Orientation) -> list[str]:
    [axis] = view.chart().axes(orientation)
    return [re.sub(r"<[^>]+>", "", c.replace("<br>", " ")) for c in axis.categories()]


def chart(panel: PanelPage, name: str) -> QChartView:
    view = panel.findChild(QChartView, name)
    assert view is not None, name
    return view


@pytest.fixture
def second_fair(demo_ctx):
    """Another fair with one fair day this month and one sale: "all fairs" differs."""
    with demo_ctx.write(FAIRS, SALES) as s:
        fair = fairs.create_fair(s, "prueba", name="Bioferia de Surquillo")
        day = fairs.add_fair_day(s, "prueba", fair.id, date=dt.date(2026, 11, 14))
        vendor = s.query(Vendor).order_by(Vendor.id).first()
        record_sale(s, "prueba", day.id, vendor.id, "250.00")
        return fair.id


# ------------------------------------------------------------------------- cards


def test_cards_of_this_month_equal_the_stats(page, demo_ctx):
    period = page.picker.value()
    assert (period.start, period.end) == (dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    assert period.fair_id == demo_ctx.active_fair()[0]
    st = figures_of(demo_ctx, period)
    assert st.fair_days > 0 and st.sales.total > 0 and st.fees_outstanding > 0
    assert card_texts(page) == expected_cards(st)
    assert page.cards.boxes["youth"].caption.text() == "Jóvenes (15–29 años)"
    assert page.empty.isHidden() and page.problem.isHidden()


def _last_month(picker) -> None:
    picker.kind.setCurrentIndex(picker.kind.findData(periods.LAST_MONTH))


def _custom(picker) -> None:
    picker.set_dates(dt.date(2026, 3, 15), dt.date(2026, 6, 30))


def _all_fairs(picker) -> None:
    picker.set_fair(None)


@pytest.mark.parametrize("choose", [_last_month, _custom, _all_fairs])
def test_cards_follow_the_period_and_the_fair(qtbot, page, demo_ctx, second_fair, choose):
    before = card_texts(page)
    choose(page.picker)
    wait_idle(qtbot, page)
    period = page.picker.value()
    st = figures_of(demo_ctx, period)
    assert (page.stats.start, page.stats.end, page.stats.fair) == (
        period.start, period.end, st.fair,
    )  # fmt: skip
    assert card_texts(page) == expected_cards(st)
    assert card_texts(page) != before


def test_all_fairs_add_the_other_fairs_figures(qtbot, page, demo_ctx, second_fair):
    wait_idle(qtbot, page)  # the new fair and sale refresh the page
    one = figures_of(demo_ctx, page.picker.value())
    assert page.card("sales") == format_money(one.sales.total, cents=True)
    page.picker.set_fair(None)
    wait_idle(qtbot, page)
    assert page.card("sales") == format_money(one.sales.total + 25000, cents=True)
    assert page.card("fair_days") == str(one.fair_days + 1)


# ------------------------------------------------------------------------- charts


def test_charts_equal_the_stats(qtbot, page, demo_ctx):
    page.picker.set_kind(periods.YEAR)
    page.refresh()
    wait_idle(qtbot, page)
    st = figures_of(demo_ctx, page.picker.value())
    assert page.stats.start == dt.date(2026, 1, 1)

    days = chart(page, "chart_days")
    assert bar_values(days) == {
        "Ventas": [c / 100 for _d, c in sorted(st.sales.by_fair_day.items())]
    }
    labels = days.labels()
    assert 2 <= len(labels) < st.fair_days / 3  # thinned: 47 fair days, a handful of dates
    assert set(labels) <= {d.strftime("%d/%m") for d in st.sales.by_fair_day}

    categories = chart(page, "chart_categories")
    names = axis_names(categories, Qt.Orientation.Vertical)
    values = bar_values(categories)["Ventas"]
    assert dict(zip(names, values, strict=True)) == {
        n: c / 100 for n, c in st.sales.by_category.items()
    }
    assert names[::-1] == list(st.sales.by_category)  # the largest at the top

    present = bar_values(chart(page, "chart_present_by_sex"))
    shares = bar_values(chart(page, "chart_sales_by_sex"))
    assert axis_names(chart(page, "chart_present_by_sex"), Qt.Orientation.Horizontal) == [
        "Mujeres", "Hombres",
    ]  # fmt: skip
    for group, name in (("youth", "Jóvenes"), ("non_youth", "No jóvenes")):
        assert present[name] == [st.vendors.by_sex_youth[x][group] for x in ("F", "M")]
        assert shares[name] == [
            float(stats.percentage(st.sales.by_sex_youth[x][group], st.sales.total))
            for x in ("F", "M")
        ]
    assert sum(sum(v) for v in present.values()) == st.vendors.present

    regions = chart(page, "chart_regions")
    names = axis_names(regions, Qt.Orientation.Vertical)[::-1]
    counts = bar_values(regions)["Expositores presentes"][::-1]
    ranked = list(st.regions.items())
    assert len(ranked) > 11  # the demo's vendors come from 19 regions
    assert list(zip(names, counts, strict=True))[:10] == ranked[:10]
    assert (names[10], counts[10]) == ("Otras", sum(n for _r, n in ranked[10:]))
    assert len(names) == 11


def test_an_empty_period_says_so_instead_of_charts(qtbot, page, demo_ctx):
    page.picker.set_dates(dt.date(2024, 1, 1), dt.date(2024, 3, 31))
    wait_idle(qtbot, page)
    assert page.stats is not None and page.stats.fair_days == 0
    assert page.empty.text() == "No hubo jornadas en este periodo."
    assert not page.empty.isHidden() and page.charts.isHidden()
    assert page.findChildren(QChartView) == []
    texts = card_texts(page)
    assert (texts["fair_days"], texts["sales"], texts["women"]) == ("0", "S/ 0.00", "—")


# ------------------------------------------------------------------------- refreshing


def test_a_sale_refreshes_the_cards(qtbot, page, demo_ctx):
    before = page.stats.sales.total

    def add_sale(s):
        day = s.query(FairDay).filter(FairDay.date == dt.date(2026, 11, 22)).one()
        vendor = s.query(Vendor).order_by(Vendor.id).first()
        record_sale(s, "prueba", day.id, vendor.id, "123.45")

    with demo_ctx.write(SALES) as s:
        add_sale(s)
    expected = format_money(before + 12345, cents=True)
    qtbot.waitUntil(lambda: page.card("sales") == expected, timeout=30_000)
    wait_idle(qtbot, page)
    assert card_texts(page) == expected_cards(figures_of(demo_ctx, page.picker.value()))


def test_a_new_youth_range_changes_the_caption_and_the_share(qtbot, page, demo_ctx):
    with demo_ctx.write(SETTINGS) as s:
        settings.set_youth_range(s, "system", 18, 35)
    qtbot.waitUntil(
        lambda: page.cards.boxes["youth"].caption.text() == "Jóvenes (18–35 años)",
        timeout=30_000,
    )
    wait_idle(qtbot, page)
    st = figures_of(demo_ctx, page.picker.value())
    assert page.card("youth") == f"{st.share(st.vendors.youth)} %"


def test_a_new_fair_can_be_chosen(qtbot, page, demo_ctx):
    with demo_ctx.write(FAIRS) as s:
        fair = fairs.create_fair(s, "prueba", name="Feria de Barranco")
        fair_id = fair.id
    assert page.picker.fair.findData(fair_id) > 0
    page.picker.set_fair(fair_id)
    wait_idle(qtbot, page)
    assert page.stats.fair == "Feria de Barranco" and page.card("fair_days") == "0"


def test_dates_the_wrong_way_round_show_the_problem_and_no_figures(qtbot, page):
    page.picker.set_dates(dt.date(2026, 8, 1), dt.date(2026, 7, 1))
    assert page.problem.text() == page.picker.problem() != ""
    assert not page.problem.isHidden()
    assert page.stats is None
    assert set(card_texts(page).values()) == {"—"}
    assert page.findChildren(QChartView) == []
    page.picker.set_dates(dt.date(2026, 7, 1), dt.date(2026, 8, 1))
    wait_idle(qtbot, page)
    assert page.problem.isHidden() and page.stats is not None
    assert page.findChild(QChartView, "chart_days") is not None


def test_a_result_for_an_older_choice_is_never_shown(qtbot, page, demo_ctx):
    page.picker.set_kind(periods.YEAR)
    page.refresh()  # computing the year…
    page.picker.set_dates(dt.date(2026, 8, 1), dt.date(2026, 7, 1))  # …when the dates go wrong
    wait_idle(qtbot, page)
    assert page.stats is None and set(card_texts(page).values()) == {"—"}

    _last_month(page.picker)  # computing last month…
    _custom(page.picker)  # …when other dates are chosen: those are shown, last
    wait_idle(qtbot, page)
    st = figures_of(demo_ctx, page.picker.value())
    assert page.stats.start == dt.date(2026, 3, 15)
    assert card_texts(page) == expected_cards(st)


def test_the_cards_are_painted_before_the_charts_are_built(qtbot, demo_ctx):
    panel = PanelPage(demo_ctx, today=TODAY)
    qtbot.addWidget(panel)
    panel.resize(1100, 800)
    card = panel.findChild(QLabel, "card_sales")
    painted: list[str] = []

    class Painted(QObject):
        def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt's name)
            if event.type() == QEvent.Type.Paint:
                painted.append(watched.text())
            return False

    watcher = Painted()
    card.installEventFilter(watcher)
    seen: list[tuple[bool, bool, bool]] = []
    panel.figures_shown.connect(lambda: seen.append(
        (any("S/" in text for text in painted),
         panel.findChild(QChartView, "chart_days") is None, panel.busy.isHidden())))  # fmt: skip
    panel.show()
    wait_idle(qtbot, panel)
    assert panel.stats is not None
    assert card.text() == format_money(panel.stats.sales.total, cents=True)
    assert seen == [(True, True, False)]  # the figure painted; the charts and note to come
    assert panel.findChild(QChartView, "chart_days") is not None
