"""The Panel's choice «Comparar ferias (red)»: the fairs of the period side by side, the
figures of ``core.network.comparison``, with the network's total and why it counts fewer."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from agroferia.core import fairs
from agroferia.core.models import Vendor
from agroferia.core.money import format_money
from agroferia.core.network.comparison import compare_fairs
from agroferia.core.sales import record_sale
from agroferia.ui.context import FAIRS, SALES
from agroferia.ui.dashboard.page import PanelPage
from tests.ui.test_dashboard_page import page, wait_idle

__all__ = ["page", "wait_idle"]  # the page's fixture, shared

NETWORK = "Red (cada productor una vez)"


@pytest.fixture
def surco(demo_ctx):
    """A second fair, «Surco», where three producers of the demo also sell this month."""
    with demo_ctx.write(FAIRS, SALES) as s:
        fair = fairs.create_fair(s, "prueba", name="Surco")
        shared = sorted(s.scalars(select(Vendor.id)))[:3]
        for date in (dt.date(2026, 11, 7), dt.date(2026, 11, 14)):
            day = fairs.add_fair_day(s, "prueba", fair.id, date=date)
            for n, vendor_id in enumerate(shared, 1):
                record_sale(s, "prueba", day.id, vendor_id, f"{n}00.25")
        return fair.id


def texts(panel: PanelPage) -> list[list[str]]:
    t = panel.network.table
    return [[panel.network.cell(r, c) for c in range(t.columnCount())] for r in range(t.rowCount())]


def test_one_fair_offers_no_comparison(page):
    assert page.compare.isHidden()
    assert page.network.isHidden() and page.comparison is None


def test_the_choice_shows_the_fairs_side_by_side(qtbot, page, demo_ctx, surco):
    wait_idle(qtbot, page)  # the new fair refreshes the page
    assert not page.compare.isHidden()
    assert page.network.isHidden()
    page.compare.setChecked(True)
    wait_idle(qtbot, page)
    assert page.network.isVisible()
    period = page.picker.value()
    c = demo_ctx.read(lambda s: compare_fairs(s, period.start, period.end))
    assert page.comparison == c
    rows = texts(page)
    assert [r[0] for r in rows] == ["Agroferia Campesina de Magdalena", "Surco", NETWORK]
    for row, shown in zip([*c.rows, c.total], rows, strict=True):
        assert shown[1:] == [
            str(row.fair_days), str(row.present), f"{row.women_share} %",
            f"{row.youth_share} %", format_money(row.sales, cents=True),
            format_money(row.average),
        ]  # fmt: skip
    # Surco by hand: 2 days, 3 producers, 2 × (100.25 + 200.25 + 300.25)
    assert rows[1][1:3] == ["2", "3"] and rows[1][5] == "S/ 1,201.50"
    assert rows[1][6] == "S/ 200.25"  # 1,201.50 over 6 vendor-days
    magdalena = int(rows[0][2])
    assert rows[2][2] == str(magdalena) and c.in_several_fairs == 3
    assert rows[2][5] == format_money(c.rows[0].sales + 120150, cents=True)
    assert "3 productores estuvieron presentes en más de una feria" in page.network.note.text()
    headers = [page.network.table.horizontalHeaderItem(i).text() for i in range(7)]
    assert headers[0] == "Feria" and headers[4] == "% de jóvenes (15–29 años)"
    assert page.network.table.item(2, 0).font().bold()


def test_the_comparison_follows_the_period_and_goes_when_unchecked(qtbot, page, surco):
    wait_idle(qtbot, page)
    page.compare.setChecked(True)
    wait_idle(qtbot, page)
    page.picker.set_dates(dt.date(2026, 1, 1), dt.date(2026, 1, 31))
    wait_idle(qtbot, page)
    # Surco had no fair day in January: it is left out
    assert [r[0] for r in texts(page)] == ["Agroferia Campesina de Magdalena", NETWORK]
    assert "Ningún productor" in page.network.note.text()
    page.picker.set_dates(dt.date(2020, 1, 1), dt.date(2020, 1, 31))
    wait_idle(qtbot, page)
    assert texts(page) == [] and page.network.note.text() == "No hubo jornadas en este periodo."
    page.compare.setChecked(False)
    wait_idle(qtbot, page)
    assert page.network.isHidden() and page.comparison is None
