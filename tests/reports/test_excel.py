"""The Excel summary workbook: read back with openpyxl, every figure equals ``core.stats``."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import stat
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet._writer import ALL_TEMP_FILES

from agroferia import i18n
from agroferia.core import breakdowns, demo, fairs, fees, sales, stats, vendors
from agroferia.core.audit import SYSTEM
from agroferia.core.db import open_database
from agroferia.core.errors import NotFoundError, OperationError
from agroferia.reports import excel

YEAR = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
NOW = dt.datetime(2026, 11, 23, 18, 30, tzinfo=dt.UTC)
MONEY = '"S/" #,##0.00'
SHEETS = [
    "Resumen",
    "Por jornada",
    "Por rubro",
    "Participación",
    "Expositores",
    "Cuotas",
    "Regiones",
    "Ventas (detalle)",
]


# ------------------------------------------------------------------ helpers


def dec(value: object) -> Decimal:
    """A number read back from the file (openpyxl gives int or float) as an exact Decimal."""
    assert isinstance(value, int | float) and not isinstance(value, bool), value
    return Decimal(str(value))


def find_row(ws, first: object, nth: int = 1) -> int:
    """The row whose first cell is ``first`` (the ``nth`` such row)."""
    seen = 0
    for (cell,) in ws.iter_rows(min_col=1, max_col=1):
        if cell.value == first:
            seen += 1
            if seen == nth:
                return cell.row
    raise AssertionError(f"{first!r} not found in column A of {ws.title}")


def table(ws, first_header: str, nth: int = 1) -> tuple[list, list[list]]:
    """Headers and rows of the table whose header row starts with ``first_header``, down to
    the first row with an empty first cell (so total rows are included)."""
    top = find_row(ws, first_header, nth)
    width = sum(1 for c in ws[top] if c.value is not None)
    headers = [c.value for c in ws[top]][:width]
    rows = []
    for row in ws.iter_rows(min_row=top + 1, max_col=width):
        if row[0].value is None:
            break
        rows.append(list(row))
    return headers, rows


def by_first(rows: list[list]) -> dict:
    return {r[0].value: r for r in rows}


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


@pytest.fixture(scope="module")
def demo_db(template_db, tmp_path_factory):
    """The demo fair (84 vendors, 52 Sundays up to 22/11/2026), built once for the module:
    the exports only read it."""
    path = tmp_path_factory.mktemp("demo") / "agroferia.db"
    shutil.copyfile(template_db, path)
    database = open_database(path)
    with database.Session() as s:
        demo.build(s, seed=2026, until=dt.date(2026, 11, 22))
        s.commit()
    yield database
    database.close()


@pytest.fixture
def demo_session(demo_db):
    with demo_db.Session() as s:
        yield s


@pytest.fixture(scope="module")
def book(demo_db, tmp_path_factory) -> Book:
    """The 2026 workbook of the demo fair, written and read back once for the module."""
    path = tmp_path_factory.mktemp("book") / "resumen.xlsx"
    with demo_db.Session() as s:
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


def test_result_names_the_sheets_and_counts_the_sales_rows(demo_session, book):
    result, wb = book.result, book.wb
    assert result.path == book.path
    assert result.sheets == SHEETS
    assert wb.sheetnames == SHEETS
    assert result.sales_rows == breakdowns.count_sales(demo_session, *YEAR) > 6000
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


def test_summary_title_rows(book):
    wb = book.wb
    ws = wb["Resumen"]
    titles = [ws.cell(row, 1).value for row in range(1, 6)]
    assert titles == [
        "Asociación de Productores de la Agroferia Campesina de Magdalena",
        "Todas las ferias",
        "Municipalidad Distrital de Magdalena del Mar",
        "Periodo: del 01/01/2026 al 31/12/2026",
        "Generado el 23/11/2026 18:30",
    ]
    assert ws["A1"].font.bold and ws["A1"].font.size == 14
    flat = [c.value for row in ws.iter_rows() for c in row]
    assert "No hubo actividad en este periodo." not in flat


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
    assert money > 6000
    assert percent > 40


def test_by_day_sheet_equals_stats(book):
    wb, s = book.wb, book.stats
    j = s.to_json()
    headers, rows = table(wb["Por jornada"], "Fecha")
    assert headers[:3] == ["Fecha", "Feria", "Expositores presentes"]
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


def test_by_category_sheet_equals_stats(book):
    wb, s = book.wb, book.stats
    j = s.to_json()
    _headers, rows = table(wb["Por rubro"], "Rubro")
    table_rows = by_first(rows)
    total = table_rows.pop("Total")
    assert {name: dec(r[3].value) for name, r in table_rows.items()} == {
        name: Decimal(c) for name, c in j["sales"]["by_category"].items()
    }
    assert {name: r[1].value for name, r in table_rows.items()} == j["vendors"]["by_category"]
    assert list(table_rows) == list(j["sales"]["by_category"])  # largest first, as stats ranks
    for name, r in table_rows.items():
        assert dec(r[2].value) == s.share(s.vendors.by_category[name]) / 100
        assert r[4].number_format == "0.0%"
        assert 0 < dec(r[4].value) < 1
    assert dec(total[3].value) == Decimal(j["sales"]["total"])
    assert total[1].value == j["vendors"]["present"]
    assert dec(total[4].value) == 1


def test_participation_sheet_equals_stats(book):
    wb, s = book.wb, book.stats
    j = s.to_json()
    ws = wb["Participación"]
    headers, rows = table(ws, "Sexo", 1)
    assert headers[1:4] == ["Jóvenes (15–29 años)", "No jóvenes", "Edad no indicada"]
    present = by_first(rows)
    for code, label in (("F", "Mujeres"), ("M", "Hombres"), ("other", "Otro")):
        groups = j["vendors"]["by_sex_youth"][code]
        row = present[label]
        assert [row[i].value for i in (1, 2, 3)] == [
            groups["youth"],
            groups["non_youth"],
            groups["not_stated"],
        ]
        assert row[4].value == j["vendors"]["by_sex"][code]
    assert present["Total"][1].value == j["vendors"]["youth"]
    assert present["Total"][3].value == j["vendors"]["age_not_stated"]
    assert present["Total"][4].value == j["vendors"]["present"]
    assert dec(present["% de presentes"][1].value) == s.share(s.vendors.youth) / 100

    _headers, rows = table(ws, "Sexo", 2)
    amounts = by_first(rows)
    for code, label in (("F", "Mujeres"), ("M", "Hombres")):
        groups = j["sales"]["by_sex_youth"][code]
        row = amounts[label]
        assert [dec(row[i].value) for i in (1, 2, 3)] == [
            Decimal(groups["youth"]),
            Decimal(groups["non_youth"]),
            Decimal(groups["not_stated"]),
        ]
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


def test_roster_lists_the_registered_vendors(demo_session, book):
    wb, s = book.wb, book.stats
    headers, rows = table(wb["Expositores"], "Código")
    *people, total = rows
    assert len(people) == s.vendors.registered == 84
    expected = breakdowns.by_vendor(demo_session, *YEAR)
    assert [r[0].value for r in people] == [v.code for v in expected]
    col = {h: i for i, h in enumerate(headers)}
    first, row = expected[0], people[0]
    assert row[col["Número de documento"]].value == first.doc_number
    assert row[col["Apellidos"]].value == first.surnames
    assert row[col["Estado"]].value == "Activo"
    assert row[col["Sexo"]].value in {"Mujer", "Hombre"}
    born = row[col["Fecha de nacimiento"]]
    assert born.value.date() == first.birth_date
    assert born.number_format == "dd/mm/yyyy"
    assert row[col["Edad al 31/12/2026"]].value == first.age
    assert {r[col["Joven"]].value for r in people} == {"Sí", "No", None}
    assert sum(r[col["Jornadas asistidas"]].value for r in people) == s.vendors.attendances
    assert total[col["Jornadas asistidas"]].value == s.vendors.attendances
    sold = sum(dec(r[col["Ventas en el periodo"]].value) for r in people)
    assert (
        sold
        == dec(total[col["Ventas en el periodo"]].value)
        == Decimal(s.to_json()["sales"]["total"])
    )


def test_fees_sheet_totals_equal_stats(book):
    wb, s = book.wb, book.stats
    j = s.to_json()
    headers, rows = table(wb["Cuotas"], "Código")
    assert headers == ["Código", "Expositor", "Debido", "Pagado", "Pagado después", "Pendiente"]
    *owing, total = rows
    assert owing and all(r[2].value for r in owing)
    assert sum(dec(r[2].value) for r in owing) == Decimal(j["fees"]["due"])
    assert sum(dec(r[5].value) for r in owing) == Decimal(j["fees"]["outstanding"])
    assert [dec(total[i].value) for i in (2, 3, 4, 5)] == [
        Decimal(j["fees"]["due"]),
        Decimal(j["fees"]["paid"]),
        Decimal(j["fees"]["paid_later"]),
        Decimal(j["fees"]["outstanding"]),
    ]
    assert total[5].number_format == MONEY


def test_regions_sheet_equals_stats(book):
    wb, s = book.wb, book.stats
    _headers, rows = table(wb["Regiones"], "Región")
    regions = by_first(rows)
    total = regions.pop("Total")
    assert {k: r[1].value for k, r in regions.items()} == s.regions
    assert dec(regions["Lima"][2].value) == s.share(s.regions["Lima"]) / 100
    assert total[1].value == s.vendors.present


def test_sales_listing_has_every_entry(demo_session, book):
    result, wb, s = book.result, book.wb, book.stats
    ws = wb["Ventas (detalle)"]
    headers, rows = table(ws, "Fecha")
    assert headers == [
        "Fecha",
        "Feria",
        "Código",
        "Expositor",
        "Sexo",
        "Rubro",
        "Medio de pago",
        "Monto",
    ]
    assert len(rows) == result.sales_rows == breakdowns.count_sales(demo_session, *YEAR)
    assert sum(dec(r[7].value) for r in rows) == Decimal(s.to_json()["sales"]["total"])
    first = next(breakdowns.iter_sales(demo_session, *YEAR))
    assert rows[0][0].value == dt.datetime.combine(first.date, dt.time())
    assert rows[0][0].number_format == "dd/mm/yyyy"
    assert rows[0][7].number_format == MONEY
    assert [rows[0][i].value for i in (2, 3)] == [first.vendor_code, first.vendor_name]
    assert rows[-1][0].value >= rows[0][0].value


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
    assert wb["Expositores"].freeze_panes == "D5"  # code and names stay in view
    assert wb["Por jornada"].auto_filter.ref == "A4:K51"  # 47 days, total row outside
    code_width = wb["Expositores"].column_dimensions["A"].width
    assert len("EXP-0001") < code_width < 20


def test_native_charts_of_sales(book):
    path = book.path
    assert charts_in(path) == ["xl/charts/chart1.xml", "xl/charts/chart2.xml"]
    by_day, by_category = (read_xml(path, f"xl/charts/chart{n}.xml") for n in (1, 2))
    assert "barChart" in by_day and "'Por jornada'!$G$5:$G$51" in by_day
    assert "'Por rubro'!$D$5:$D$12" in by_category


def test_document_properties(book):
    wb = book.wb
    props = wb.properties
    assert props.creator == "Asociación de Productores de la Agroferia Campesina de Magdalena"
    assert props.title == "Todas las ferias: reporte del 01/01/2026 al 31/12/2026"
    assert props.created == NOW.replace(tzinfo=None)
    assert props.language == "es"


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
    assert headers[:2] == ["Date", "Fair"]
    assert headers[3:6] == ["Women", "Young people", "Visitors"]
    detail = wb.worksheets[-1]
    headers = [c.value for c in detail[4]]
    assert [headers[i] for i in (0, 1, 4, 6, 7)] == [
        "Date",
        "Fair",
        "Sex",
        "Payment method",
        "Amount",
    ]
    column = {c.value for (c,) in detail.iter_rows(min_row=5, min_col=5, max_col=5)}
    assert column == {"Woman", "Man"}
    methods = {c.value for (c,) in detail.iter_rows(min_row=5, min_col=7, max_col=7)}
    assert "Cash" in methods and "Efectivo" not in methods
    participation = wb.worksheets[3]
    first_column = {c.value for (c,) in participation.iter_rows(min_col=1, max_col=1)}
    assert {"Women", "Men", "Cash"} <= first_column
    assert wb.properties.language == "en"
    # and every text the workbook writes is what the English catalogue says
    assert by_day["A1"].value == i18n.translate("Ventas y asistencia por jornada", "en")


def test_empty_period_gives_a_valid_workbook(demo_session, tmp_path):
    path = tmp_path / "vacio.xlsx"
    calls = []
    result = excel.write_workbook(
        demo_session,
        dt.date(2020, 1, 1),
        dt.date(2020, 12, 31),
        path,
        now=NOW,
        progress=lambda done, total: calls.append((done, total)),
    )
    assert result.sales_rows == 0
    assert calls[-1] == (0, 0)
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
    _headers, rows = table(wb["Ventas (detalle)"], "Fecha")
    assert rows == []
    assert wb["Ventas (detalle)"].auto_filter.ref == "A4:H4"
    assert charts_in(path) == []  # no chart of nothing


def test_empty_database_names_agroferia(session, tmp_path):
    path = tmp_path / "nuevo.xlsx"
    excel.write_workbook(session, *YEAR, path, now=NOW)
    wb = openpyxl.load_workbook(path)
    assert wb.properties.creator == "Agroferia"
    assert wb["Resumen"]["A1"].value == "Agroferia"
    assert kpis(wb["Resumen"])["Expositores inscritos"].value == 0


# ------------------------------------------------------------------ one fair, hand-made data


def test_one_fair_with_hand_made_data(session, hand_data, tmp_path):
    path = tmp_path / "norte.xlsx"
    march = (dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    result = excel.write_workbook(session, *march, path, fair_id=hand_data["norte"], now=NOW)
    s = stats.compute(session, *march, hand_data["norte"])
    j = s.to_json()
    assert j["sales"]["total"] == "1334.71"  # 100.10 + 0.05 + 1,234.56; not Sur's 99.99
    assert result.sales_rows == 3
    wb = openpyxl.load_workbook(path)

    ws = wb["Resumen"]
    assert ws["A2"].value == "Feria Norte"
    assert ws["A3"].value == "Municipalidad de Prueba"
    k = kpis(ws)
    assert dec(k["Ventas totales"].value) == Decimal("1334.71")
    assert k["Visitantes (estimado)"].value == 300
    assert k["Visitantes (estimado)"].offset(column=1).value == "(estimado en 1 de 2 jornadas)"
    assert k["Expositores inscritos"].value == j["vendors"]["registered"] == 3
    assert k["Expositores presentes"].value == 2
    assert dec(k["Porcentaje de mujeres"].value) == Decimal("0.5")
    assert k["Presentes sin fecha de nacimiento"].value == 1
    assert dec(k["Cuotas cobradas"].value) == Decimal("3.00")
    assert dec(k["Cuotas pagadas después del cierre"].value) == Decimal("2.00")
    assert dec(k["Cuotas pendientes"].value) == Decimal("5.50")

    _headers, rows = table(wb["Por jornada"], "Fecha")
    days = {r[0].value.date(): r for r in rows if r[0].value != "Total"}
    assert days[dt.date(2026, 3, 1)][10].value == "Sí"  # closed
    assert days[dt.date(2026, 3, 8)][10].value == "No"
    assert [dec(days[dt.date(2026, 3, 1)][i].value) for i in (7, 8, 9)] == [
        Decimal("10.50"),
        Decimal("3.00"),
        Decimal("2.00"),  # the payment of 01/03 received on 08/03 counts for 01/03
    ]
    assert days[dt.date(2026, 3, 8)][5].value is None  # no visitor estimate: blank, not 0
    assert dec(days[dt.date(2026, 3, 1)][6].value) == Decimal("1334.66")

    _headers, rows = table(wb["Regiones"], "Región")
    assert {r[0].value: r[1].value for r in rows} == {
        "Cusco": 1,
        "Región no indicada": 1,
        "Total": 2,
    }

    headers, rows = table(wb["Expositores"], "Código")
    col = {h: i for i, h in enumerate(headers)}
    people = {r[col["Nombres"]].value: r for r in rows if r[0].value != "Total"}
    assert people["Ana"][col["Joven"]].value == "Sí"
    assert people["Beto"][col["Joven"]].value is None  # age not stated
    assert people["Carla"][col["Joven"]].value == "No"
    assert people["Carla"][col["Estado"]].value == "Suspendido"
    assert people["Carla"][col["Jornadas asistidas"]].value == 0

    headers, rows = table(wb["Cuotas"], "Código")
    assert [(r[1].value, dec(r[4].value), dec(r[5].value)) for r in rows] == [
        ("Prueba, Ana", Decimal("0.00"), Decimal("2.00")),
        ("Prueba, Beto", Decimal("2.00"), Decimal("3.50")),
        (None, Decimal("2.00"), Decimal("5.50")),
    ]

    _headers, rows = table(wb["Por rubro"], "Rubro")
    assert {r[0].value: dec(r[3].value) for r in rows} == {
        "Gastronomía": Decimal("1334.71"),
        "Hortalizas y verduras": Decimal("0"),  # Beto's main category: present, no sales
        "Total": Decimal("1334.71"),
    }
    detail = [[c.value for c in r] for r in table(wb["Ventas (detalle)"], "Fecha")[1]]
    assert {r[1] for r in detail} == {"Feria Norte"}
    assert [r[6] for r in detail].count("Yape") == 1


# ------------------------------------------------------------------ big listings, progress


def test_listing_continues_on_new_sheets_past_the_row_limit(demo_session, tmp_path, monkeypatch):
    monkeypatch.setattr(excel, "MAX_SHEET_ROWS", 4 + 2000)  # heading rows + 2,000 sales
    path = tmp_path / "partido.xlsx"
    result = excel.write_workbook(demo_session, *YEAR, path)
    total = breakdowns.count_sales(demo_session, *YEAR)
    assert result.sales_rows == total == 6501
    detail = ["Ventas (detalle)", "Ventas (detalle 2)", "Ventas (detalle 3)", "Ventas (detalle 4)"]
    assert result.sheets == SHEETS[:-1] + detail
    wb = openpyxl.load_workbook(path, read_only=True)
    assert wb.sheetnames == result.sheets
    written = []
    for title, expected_rows in zip(detail, (2000, 2000, 2000, 501), strict=True):
        rows = list(wb[title].iter_rows(min_row=5, values_only=True))
        assert len(rows) == expected_rows, title
        assert 4 + len(rows) <= excel.MAX_SHEET_ROWS
        written += [(r[0].date(), r[2], Decimal(str(r[7]))) for r in rows]
    expected = [
        (r.date, r.vendor_code, Decimal(r.amount) / 100)
        for r in breakdowns.iter_sales(demo_session, *YEAR)
    ]
    assert written == expected  # same rows, same order, across the sheets
    wb.close()
    wb = openpyxl.load_workbook(path)
    assert wb["Ventas (detalle 2)"].auto_filter.ref == "A4:H2004"
    assert wb["Ventas (detalle 4)"].auto_filter.ref == "A4:H505"
    assert wb["Ventas (detalle 4)"]["A4"].value == "Fecha"


def test_progress_is_reported_up_to_the_total(demo_session, tmp_path):
    calls = []
    result = excel.write_workbook(
        demo_session, *YEAR, tmp_path / "p.xlsx", progress=lambda d, t: calls.append((d, t))
    )
    total = result.sales_rows
    assert calls[0] == (0, total)
    assert calls[-1] == (total, total)
    assert len(calls) >= 3
    assert all(t == total for _d, t in calls)
    done = [d for d, _t in calls]
    assert done == sorted(done)


# ------------------------------------------------------------------ failures


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
        if done >= 4000:
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
    assert (
        excel._sheet_title("Ventas: enero/febrero [2026]?", []) == "Ventas- enero-febrero -2026--"
    )
    assert len(excel._sheet_title("x" * 40, [])) == 31
    assert excel._sheet_title("Resumen", ["resumen"]) == "Resumen 2"


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
