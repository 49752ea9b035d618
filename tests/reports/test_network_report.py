"""The network of fairs in the municipal workbook (sheet «Red de ferias») and PDF (page «Red
de ferias»): the figures of ``core.network.comparison``, withheld as every other municipal
figure when they rest on fewer than three vendors, and no person's name or document."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import openpyxl
import pytest
from pypdf import PdfReader
from sqlalchemy import select

from agroferia.core import fairs, sales
from agroferia.core.models import Attendance, FairDay, Vendor
from agroferia.core.money import format_money
from agroferia.core.network.comparison import compare_fairs
from agroferia.reports import common
from agroferia.reports.excel import write_workbook
from agroferia.reports.pdf import write_pdf
from agroferia.reports.published import for_period
from tests import network
from tests.reports.workbooks import WITHHELD, all_text, by_first, dec
from tests.reports.workbooks import table as wb_table

D = dt.date
SPRING = (D(2026, 3, 1), D(2026, 6, 30))
NOW = dt.datetime(2026, 11, 24, 9, 30)
SHARED = 10  # demo producers who also sell at the second fair
NETWORK = "Red (cada productor una vez)"


@pytest.fixture
def two_fairs(db):
    with db.Session.begin() as s:
        network.build(s)
    return db


@pytest.fixture
def demo_network(demo_db):
    """The demo fair and a second one, «Surco», where ten of its producers (four of them
    young, six born before 1990) also sell on four Saturdays of the spring."""
    with demo_db.Session.begin() as s:
        fair = fairs.create_fair(s, "t", name="Surco")
        born = Vendor.birth_date
        young = s.scalars(select(Vendor.id).where(born.between(D(2000, 1, 1), D(2008, 1, 1))))
        older = s.scalars(select(Vendor.id).where(born < D(1990, 1, 1)))
        shared = sorted(young)[:4] + sorted(older)[:6]
        for date in (D(2026, 3, 7), D(2026, 4, 4), D(2026, 5, 2), D(2026, 6, 6)):
            day = fairs.add_fair_day(s, "t", fair.id, date=date).id
            for n, vendor_id in enumerate(shared, 1):
                sales.record_sale(s, "t", day, vendor_id, f"{n * 13}.45")
    return demo_db


def sheet_rows(path):
    wb = openpyxl.load_workbook(path)
    headers, rows = wb_table(wb["Red de ferias"], "Feria")
    return wb, headers, by_first(rows)


def values(row):
    return [c.value for c in row[1:]]


# ------------------------------------------------------------------ the workbook


def test_the_sheet_shows_each_fair_and_the_network(demo_network, tmp_path):
    path = tmp_path / "resumen.xlsx"
    with demo_network.Session() as s:
        result = write_workbook(s, *SPRING, path, now=NOW)
        c = compare_fairs(s, *SPRING)
    assert result.sheets[-1] == "Red de ferias"
    wb, headers, rows = sheet_rows(path)
    assert headers == ["Feria", "Jornadas", "Expositores presentes", "% de mujeres",
                       "% de jóvenes (15–29 años)", "Ventas",
                       "Promedio de ventas por expositor y jornada"]  # fmt: skip
    # in Spanish order, then the network's total
    assert list(rows) == ["Agroferia Campesina de Magdalena", "Surco", NETWORK]
    for row in [*c.rows, c.total]:
        cells = rows[row.fair or NETWORK]
        assert values(cells)[:2] == [row.fair_days, row.present]
        assert dec(cells[3].value) == row.women_share / 100
        assert dec(cells[4].value) == row.youth_share / 100
        assert dec(cells[5].value) == Decimal(row.sales) / 100
        assert dec(cells[6].value) == row.average
        assert cells[5].number_format == '"S/" #,##0.00'
        assert cells[3].number_format == "0.0%"
    surco = rows["Surco"]
    assert values(surco)[:2] == [4, SHARED]
    # 4 days × (13.45 + 26.45 + … + 130.45) = 4 × 719.50
    assert dec(surco[5].value) == Decimal("2878.00")
    assert dec(surco[6].value) == Decimal("71.95")  # 2878.00 / 40 vendor-days
    total = rows[NETWORK]
    assert total[2].value == sum(r.present for r in c.rows) - SHARED
    assert total[2].font.bold
    text = all_text(wb)
    assert any(f"{SHARED} productores estuvieron presentes en más de una feria" in t for t in text)
    ws = wb["Red de ferias"]
    assert ws.page_setup.fitToWidth == 1 and ws.print_title_rows
    assert ws["A1"].value == "Las ferias de la red, lado a lado"


def test_no_name_or_document_in_the_sheet(demo_network, tmp_path):
    path = tmp_path / "resumen.xlsx"
    with demo_network.Session() as s:
        write_workbook(s, *SPRING, path, now=NOW)
        people = s.execute(select(Vendor.given_names, Vendor.surnames, Vendor.doc_number,
                                  Vendor.code)).all()  # fmt: skip
    ws = openpyxl.load_workbook(path)["Red de ferias"]
    cells = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    for given, surnames, doc, code in people:
        for private in (given, surnames, doc, code):
            if private:
                assert not [c for c in cells if private in c], private


def test_small_fairs_are_withheld_and_names_never_shown(two_fairs, tmp_path):
    """Surco has two vendors and Ángeles four, of whom one is a man and two young: every
    breakdown of a fair rests on one or two people, or gives one back by subtraction."""
    path = tmp_path / "resumen.xlsx"
    with two_fairs.Session() as s:
        write_workbook(s, *network.MARCH, path, now=NOW)
        published = for_period(s, *network.MARCH)
    wb, _headers, rows = sheet_rows(path)
    assert list(rows) == ["Ángeles", "Surco", NETWORK]
    assert values(rows["Ángeles"]) == [1, 4, WITHHELD, WITHHELD, WITHHELD, WITHHELD]
    assert values(rows["Surco"]) == [2, 2, WITHHELD, WITHHELD, WITHHELD, WITHHELD]
    total = values(rows[NETWORK])
    assert total[:2] == [3, 5]
    # the network's sales are the summary's, shown or withheld alike
    summary = {r[0].value: r[1].value for r in wb_table(wb["Resumen"], "Indicador")[1]}
    assert total[4] == summary["Ventas totales"]
    assert published.shown(("s", "*", "*")) and dec(total[4]) == Decimal("255.50")
    text = " ".join(all_text(wb))
    assert network.SURNAME not in text
    for name in network.PEOPLE:
        assert name not in text
    assert "cifra reservada" in " ".join(str(c.value) for r in wb["Red de ferias"].iter_rows()
                                         for c in r if c.value)  # fmt: skip


def test_one_fair_has_no_network_sheet(two_fairs, tmp_path):
    path = tmp_path / "uno.xlsx"
    with two_fairs.Session() as s:
        surco = fairs.find_fair(s, "Surco").id
        result = write_workbook(s, *network.MARCH, path, fair_id=surco, now=NOW)
    assert "Red de ferias" not in result.sheets


def test_a_period_without_fair_days_says_so(two_fairs, tmp_path):
    path = tmp_path / "vacio.xlsx"
    with two_fairs.Session() as s:
        write_workbook(s, D(2025, 1, 1), D(2025, 12, 31), path, now=NOW)
    ws = openpyxl.load_workbook(path)["Red de ferias"]
    cells = [c.value for row in ws.iter_rows() for c in row if c.value is not None]
    assert "No hubo jornadas en este periodo." in cells
    assert NETWORK not in cells


# ------------------------------------------------------------------ the PDF


def pdf_pages(path) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(path).pages]


def test_the_pdf_page_shows_each_fair_and_the_network(demo_network, tmp_path):
    path = tmp_path / "informe.pdf"
    with demo_network.Session() as s:
        write_pdf(s, *SPRING, path, now=NOW)
        c = compare_fairs(s, *SPRING)
    pages = [p for p in pdf_pages(path) if "Red de ferias" in p]
    assert len(pages) == 1
    page = pages[0]
    for row in [*c.rows, c.total]:
        line = " ".join([
            row.fair or NETWORK, f"{row.fair_days:,}", f"{row.present:,}",
            common.percent(row.women_share), common.percent(row.youth_share),
            format_money(row.sales, cents=True), format_money(row.average),
        ])  # fmt: skip
        assert line in page
    assert "Surco 4 10" in page and "S/ 2,878.00 S/ 71.95" in page
    assert f"{SHARED} productores estuvieron presentes en más de una feria" in page
    assert page.index("Agroferia Campesina de Magdalena") < page.index("Surco")


def test_the_pdf_withholds_the_small_fairs(two_fairs, tmp_path):
    path = tmp_path / "informe.pdf"
    with two_fairs.Session() as s:
        write_pdf(s, *network.MARCH, path, now=NOW)
    text = " ".join(pdf_pages(path))
    assert "Ángeles 1 4 — — — —" in text
    assert "Surco 2 2 — — — —" in text
    assert f"{NETWORK} 3 5" in text
    assert "Un productor estuvo presente en más de una feria" in text
    assert network.SURNAME not in text


def test_one_fair_has_no_network_page(two_fairs, tmp_path):
    path = tmp_path / "uno.pdf"
    with two_fairs.Session() as s:
        surco = fairs.find_fair(s, "Surco").id
        write_pdf(s, *network.MARCH, path, fair_id=surco, now=NOW)
    assert not any("Red de ferias" in p for p in pdf_pages(path))


def test_a_fair_nobody_came_to_has_no_average(two_fairs, tmp_path):
    """Not «—», which stands for a withheld figure; the other fair is left out (no days)."""
    with two_fairs.Session.begin() as s:
        fairs.add_fair_day(s, "t", fairs.find_fair(s, "Ángeles").id, date=D(2026, 5, 3))
    may = (D(2026, 5, 1), D(2026, 5, 31))
    with two_fairs.Session() as s:
        write_workbook(s, *may, tmp_path / "mayo.xlsx", now=NOW)
        write_pdf(s, *may, tmp_path / "mayo.pdf", now=NOW)
    _wb, _headers, rows = sheet_rows(tmp_path / "mayo.xlsx")
    assert list(rows) == ["Ángeles", NETWORK]
    assert values(rows["Ángeles"]) == [1, 0, 0, 0, 0, "Sin asistencia"]
    text = " ".join(pdf_pages(tmp_path / "mayo.pdf"))
    assert "Ángeles 1 0 0.0 % 0.0 % S/ 0.00 Sin asistencia" in text


def test_a_withheld_day_is_not_given_back_by_its_fairs_sales(demo_network, tmp_path):
    """A fair's sales are the sum of its days': a day withheld in «Por jornada» (two
    sellers) cannot be worked out from the fair's sales and its other days, nor a fair's
    from the network's total and the other fairs'."""
    with demo_network.Session.begin() as s:
        surco = fairs.find_fair(s, "Surco").id
        # a Saturday of the demo's fair: the cheapest day to withhold beside it is Surco's
        magdalena = fairs.find_fair(s, "Agroferia Campesina de Magdalena").id
        day = fairs.add_fair_day(s, "t", magdalena, date=D(2026, 6, 20)).id
        for vendor_id in sorted(s.scalars(select(Vendor.id)))[:2]:
            sales.record_sale(s, "t", day, vendor_id, "77.70")
    with demo_network.Session() as s:
        p = for_period(s, *SPRING)
    days = {name: [i for i, d in enumerate(p.days) if d.fair == name]
            for name in ("Surco", "Agroferia Campesina de Magdalena")}  # fmt: skip
    june = next(i for i in days["Agroferia Campesina de Magdalena"]
                if p.days[i].date == D(2026, 6, 20))  # fmt: skip
    assert ("day", june, "sales") in p.hidden
    for row in p.network.rows:
        line = [("fair", row.fair_id, "sales"), *(("day", i, "sales") for i in days[row.fair])]
        assert sum(k in p.hidden for k in line) != 1, row.fair
    line = [("s", "*", "*"), *(("fair", r.fair_id, "sales") for r in p.network.rows)]
    assert sum(k in p.hidden for k in line) != 1
    # and the sheet shows what is published
    with demo_network.Session() as s:
        write_workbook(s, *SPRING, tmp_path / "r.xlsx", now=NOW)
    _wb, _headers, rows = sheet_rows(tmp_path / "r.xlsx")
    for name, fair_id in (("Surco", surco), ("Agroferia Campesina de Magdalena", magdalena)):
        withheld = rows[name][5].value == WITHHELD
        assert withheld is not p.fair_shown(fair_id, "sales"), name


def test_one_producer_at_two_fairs_is_not_told_apart_by_subtraction(demo_db, tmp_path):
    """Both fairs' women and youth and the network's, all published, would give the sex and
    age of the only producer present at both (the fairs' sum less the network's): one of
    each is withheld instead, on the sheet and in the PDF."""
    with demo_db.Session() as s:
        last = max(s.scalars(select(FairDay.date)))
        magdalena = fairs.find_fair(s, "Agroferia Campesina de Magdalena").id
        there = s.scalars(
            select(Attendance.vendor_id)
            .join(FairDay, FairDay.id == Attendance.fair_day_id)
            .where(FairDay.date == last)
        ).all()
        others = s.scalars(select(Vendor.id).where(Vendor.id.not_in(there))).all()
    with demo_db.Session.begin() as s:
        punta = fairs.create_fair(s, "t", name="La Punta").id
        day = fairs.add_fair_day(s, "t", punta, date=last - dt.timedelta(days=1)).id
        for n, vendor_id in enumerate([sorted(there)[0], *sorted(others)[:18]], 1):
            sales.record_sale(s, "t", day, vendor_id, f"{n * 11}.10")
    period = (last - dt.timedelta(days=1), last)
    with demo_db.Session() as s:
        p = for_period(s, *period)
    assert p.network.in_several_fairs == 1
    for measure, total in (("women", ("v", "F", "*")), ("youth", ("v", "*", "youth"))):
        line = [total, *(("fair", f, measure) for f in (magdalena, punta))]
        assert any(k in p.hidden for k in line), measure  # the subtraction cannot be done
    with demo_db.Session() as s:
        write_workbook(s, *period, tmp_path / "r.xlsx", now=NOW)
    _wb, _headers, rows = sheet_rows(tmp_path / "r.xlsx")
    shown = [rows[name][3].value for name in ("Agroferia Campesina de Magdalena", "La Punta")]
    assert WITHHELD in shown or rows[NETWORK][3].value == WITHHELD


def test_in_english(two_fairs, tmp_path):
    with two_fairs.Session() as s:
        result = write_workbook(s, *network.MARCH, tmp_path / "en.xlsx", lang="en", now=NOW)
        write_pdf(s, *network.MARCH, tmp_path / "en.pdf", lang="en", now=NOW)
    assert result.sheets[-1] == "Network of fairs"
    ws = openpyxl.load_workbook(tmp_path / "en.xlsx")["Network of fairs"]
    first = [c.value for (c,) in ws.iter_rows(min_col=1, max_col=1) if c.value]
    assert "Network (each producer once)" in first
    assert any(str(v).startswith("One producer was present at more than one fair") for v in first)
    text = " ".join(pdf_pages(tmp_path / "en.pdf"))
    assert "Network of fairs" in text and "Network (each producer once) 3 5" in text
