"""The municipal PDF: its figures equal ``stats --json``, it holds no personal data, its fonts
are embedded, it speaks Spanish or English, and it is written whole or not at all.

Text is read back with pypdf; a table row comes out one cell per line, so the text is
compared with its whitespace collapsed ("Gastronomía 8 S/ 195,207.00 14.4 %").
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import struct
import time
import zlib
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader
from sqlalchemy import select

from agroferia import i18n
from agroferia.core import breakdowns, demo, fairs, sales, settings, stats, vendors
from agroferia.core import stats as core_stats
from agroferia.core.audit import SYSTEM
from agroferia.core.db import open_database
from agroferia.core.disclosure import contributors
from agroferia.core.errors import OperationError
from agroferia.core.models import Vendor
from agroferia.core.money import format_money
from agroferia.reports import common, municipal_pdf, municipal_pdf_breakdowns
from agroferia.reports.excel import write_workbook
from agroferia.reports.pdf import PdfResult, write_pdf
from agroferia.reports.pdf_charts import day_labels
from agroferia.reports.published import ALL, Published, S, V
from tests.conftest import copy_of
from tests.reports.workbooks import WITHHELD as WB_WITHHELD
from tests.reports.workbooks import by_first
from tests.reports.workbooks import table as wb_table

D = dt.date
YEAR = (D(2026, 1, 1), D(2026, 12, 31))
MARCH = (D(2026, 3, 1), D(2026, 3, 31))
NOW = dt.datetime(2026, 11, 24, 9, 30)


# ------------------------------------------------------------------------------ helpers


def pages_text(path: Path) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(path).pages]


def all_text(path: Path) -> str:
    return " ".join(pages_text(path))


def money(value: str) -> str:
    """A ``stats --json`` amount ("12345.60") as the report shows it."""
    return format_money(Decimal(value))


def pct(part: int, whole: int) -> str:
    """A share as ``Stats.share`` rounds it (one decimal, half up), with its sign."""
    share = (Decimal(100 * part) / whole).quantize(Decimal("0.1"), rounding="ROUND_HALF_UP")
    return f"{share} %"


def cents(value: str) -> int:
    return int(Decimal(value) * 100)


def tiny_png(path: Path, width: int = 4, height: int = 3) -> Path:
    """A valid RGB PNG written by hand (zlib + struct), no image library needed."""

    def chunk(tag: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(tag + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", crc)

    rows = b"".join(b"\x00" + bytes((46, 125, 50)) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )
    return path


def images_on(path: Path) -> int:
    count = 0
    for page in PdfReader(path).pages:
        xobjects = page["/Resources"].get("/XObject")
        if xobjects is None:
            continue
        for ref in xobjects.get_object().values():
            if ref.get_object().get("/Subtype") == "/Image":
                count += 1
    return count


def font_objects(path: Path) -> list[dict]:
    """Every font dictionary in the file, wherever it is referenced from."""
    reader = PdfReader(path)
    found = []
    for number in range(1, int(reader.trailer["/Size"])):
        try:
            obj = reader.get_object(number)
        except Exception:  # free entries of the cross-reference table
            continue
        if hasattr(obj, "get") and obj.get("/Type") == "/Font":
            found.append(obj)
    return found


# ----------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def demo_db(pytestconfig, template_db: Path, tmp_path_factory: pytest.TempPathFactory):
    """The demo fair (84 vendors, 52 Sundays to 22/11/2026), built once for the module;
    the tests that use it only read."""
    path = copy_of(pytestconfig, template_db, tmp_path_factory.mktemp("pdf_demo"), "demo.db")
    database = open_database(path)
    with database.Session() as s:
        demo.build(s, seed=2026, until=D(2026, 11, 22), with_accounts=False)
        s.commit()
    yield database
    database.close()


@pytest.fixture(scope="module")
def year_report(demo_db, tmp_path_factory: pytest.TempPathFactory):
    """The 2026 report of the demo fair, with the ``stats --json`` figures it must equal."""
    path = tmp_path_factory.mktemp("pdf_year") / "informe 2026.pdf"
    with demo_db.Session() as s:
        result = write_pdf(s, *YEAR, path, now=NOW)
        figures = stats.compute(s, *YEAR).to_json()
    return result, figures


@pytest.fixture
def small(session):
    """Two fairs in March 2026, four vendors with every kind of personal data filled in."""
    settings.put(session, "system", "organization_name", "Asociación de Productores Ñaupa Ayllu")
    settings.put(session, "system", "municipality_name", "Municipalidad de Prueba")
    canete = fairs.create_fair(
        session,
        SYSTEM,
        name="Feria de Cañete ¿Año?",
        district="San Vicente de Cañete",
        municipality="Municipalidad Provincial de Cañete",
        weekday=6,
    )
    south = fairs.create_fair(session, SYSTEM, name="Feria del Sur", weekday=5)
    day1 = fairs.add_fair_day(session, SYSTEM, canete.id, date=D(2026, 3, 1), visitors=120).id
    day2 = fairs.add_fair_day(session, SYSTEM, canete.id, date=D(2026, 3, 8)).id  # no estimate
    day3 = fairs.add_fair_day(session, SYSTEM, south.id, date=D(2026, 3, 7), visitors=50).id
    people = {}
    for key, data in {
        "rosa": dict(sex="F", birth_date=D(2000, 5, 17), phone="987654321", doc_number="41234567",
                     region="Cusco", main_category="Gastronomía", fair=canete.id,
                     email="rosa@example.org"),
        "juan": dict(sex="M", birth_date=D(1970, 2, 3), phone="912345678", doc_number="09876543",
                     region="Puno", main_category="Hortalizas y verduras", fair=canete.id),
        "ana": dict(sex="F", phone="955501234", doc_number="45678901",
                    main_category="Artesanía", fair=south.id),
        "alex": dict(sex="other", birth_date=D(2005, 12, 24), doc_number="47777777",
                     region="Junín", main_category="Productos frescos", fair=canete.id),
    }.items():  # fmt: skip
        people[key] = vendors.register(
            session,
            SYSTEM,
            {
                "given_names": key.title(),
                "surnames": "Quispe Huamán",
                "registered_on": D(2026, 1, 10),
                **data,
            },
        ).id
    sales.record_sale(session, SYSTEM, day1, people["rosa"], "150.50")
    sales.record_sale(session, SYSTEM, day2, people["rosa"], "80")
    sales.record_sale(session, SYSTEM, day1, people["juan"], "1234.56", payment_method="Yape")
    sales.record_sale(session, SYSTEM, day3, people["ana"], "99.90")
    sales.record_sale(session, SYSTEM, day2, people["alex"], "45.00")
    session.commit()
    return {"canete": canete.id, "south": south.id}


# -------------------------------------------------------------------------------- tests


def test_result_names_the_file_and_counts_its_pages(year_report):
    result, _ = year_report
    assert isinstance(result, PdfResult)
    assert result.path.is_file()
    assert result.path.read_bytes().startswith(b"%PDF-")
    assert result.pages == len(PdfReader(result.path).pages) >= 2
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.pages = 0  # type: ignore[misc]
    # A4 portrait
    box = PdfReader(result.path).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


def test_key_figures_equal_stats_json(year_report):
    result, j = year_report
    text = all_text(result.path)
    v, s = j["vendors"], j["sales"]
    low, high = j["youth_age_range"]
    assert j["fair_days"] == 47 and v["present"] == 84  # the demo year the test expects
    expected = [
        f"{j['fair_days']} Jornadas realizadas",
        f"{v['present']} Expositores presentes",
        f"{pct(v['by_sex']['F'], v['present'])} Mujeres de los presentes",
        f"{pct(v['youth'], v['present'])} Jóvenes ({low}–{high} años) de los presentes",
        f"{money(s['total'])} Ventas totales",
        f"{money(s['average_per_vendor_day'])} Promedio de ventas por expositor y jornada",
        f"{j['visitors']:,} Visitantes (estimado)",
        f"{v['registered']} Expositores inscritos activos: {v['active']}",
    ]
    for figure in expected:
        assert figure in text, figure
    # every demo fair day has an estimate: no "estimated on n of m" note
    assert j["visitor_estimates"] == j["fair_days"]
    assert "(estimado en" not in text


def test_tables_by_category_and_region_equal_stats_json(year_report, demo_db):
    """Rubros and regions resting on fewer than three vendors are added up in «Otros», with
    a note naming them; every other row equals ``stats``."""
    result, j = year_report
    text = all_text(result.path)
    v, s = j["vendors"], j["sales"]
    total = cents(s["total"])
    p = published(demo_db, *YEAR)
    names = set(s["by_category"]) | set(v["by_category"])
    assert len(names) == 8
    folded = ["Panadería y tamales", "Artesanía"]  # 3 and 1 present, 1 of them selling
    assert p.categories.folded == folded
    for name in names - set(folded):
        amount = s["by_category"].get(name, "0.00")
        row = f"{name} {v['by_category'].get(name, 0)} {money(amount)} {pct(cents(amount), total)}"
        assert row in text, row
    others = sum(cents(s["by_category"][n]) for n in folded)
    present = sum(v["by_category"][n] for n in folded)
    assert present == 4
    assert (
        f"Otros 2 rubros {present} {format_money(others, cents=True)} {pct(others, total)}" in text
    )
    assert "«Otros 2 rubros»: Panadería y tamales, Artesanía; se suman para que" in text
    for name in folded:  # in the note only, never a row of its own
        assert f"{name} {v['by_category'][name]} " not in text
    assert f"Total {v['present']} {money(s['total'])} 100.0 %" in text
    assert sum(v["by_category"].values()) == v["present"]

    small = {r: n for r, n in j["regions"].items() if n < 3}
    assert set(p.regions.folded) == set(small) and len(small) == 6
    for region, count in j["regions"].items():
        label = "Región no indicada" if region == "not_stated" else region
        row = f"{label} {count} {pct(count, v['present'])}"
        assert (row in text) == (region not in small), region
    others = sum(small.values())
    assert f"Otras 6 regiones {others} {pct(others, v['present'])}" in text
    assert f"«Otras 6 regiones»: {', '.join(p.regions.folded)}; se suman" in text
    assert f"Total {v['present']} 100.0 %" in text


def test_participation_by_sex_and_youth_equals_stats_json(year_report, demo_db):
    """Two women and two men without a birth date: their cells, and the «No jóvenes» cells
    that would give them back, are «—», as in the workbook; the rest equals ``stats``."""
    result, j = year_report
    text = all_text(result.path)
    v, s = j["vendors"], j["sales"]
    total = cents(s["total"])
    assert v["by_sex_youth"]["F"]["not_stated"] == v["by_sex_youth"]["M"]["not_stated"] == 2
    labels = {"F": "Mujeres", "M": "Hombres"}
    groups = {"youth": "Jóvenes", "non_youth": "No jóvenes", "not_stated": "Edad no indicada"}
    rows = []
    for sex, label in labels.items():
        amount = s["by_sex"][sex]
        rows.append(f"{label} {v['by_sex'][sex]} {pct(v['by_sex'][sex], v['present'])} "
                    f"{money(amount)} {pct(cents(amount), total)}")  # fmt: skip
        n, amount = v["by_sex_youth"][sex]["youth"], s["by_sex_youth"][sex]["youth"]
        rows.append(f"Jóvenes {n} {pct(n, v['present'])} {money(amount)} "
                    f"{pct(cents(amount), total)}")  # fmt: skip
        rows += ["No jóvenes — — — —", "Edad no indicada — — — —"]
    by_group = {"youth": v["youth"], "not_stated": v["age_not_stated"]}
    by_group["non_youth"] = v["present"] - v["youth"] - v["age_not_stated"]
    first = "Por grupo de edad "
    for group, name in groups.items():
        n, amount = by_group[group], s[group if group != "not_stated" else "age_not_stated"]
        rows.append(f"{first}{name} {n} {pct(n, v['present'])} {money(amount)} "
                    f"{pct(cents(amount), total)}")  # fmt: skip
        first = ""
    rows.append(f"Total {v['present']} 100.0 % {money(s['total'])} 100.0 %")
    assert in_order(text, rows)
    for sex in labels:
        for group in ("non_youth", "not_stated"):
            assert money(s["by_sex_youth"][sex][group]) not in text, (sex, group)
    assert f"Mujeres jóvenes presentes: {v['youth_women']}." in text
    assert f"Sin fecha de nacimiento registrada: {v['age_not_stated']} expositores." in text
    assert "«—»: cifra reservada. La sostienen menos de 3 expositores" in text
    # the chart: totals by sex and by age group apart, which the table publishes
    assert "El gráfico muestra los totales por sexo y por grupo de edad, por separado" in text


# ------------------------------------------------------- the same figures as the workbook

ONE_DAY = (D(2026, 3, 1), D(2026, 3, 1))


@dataclasses.dataclass(frozen=True)
class Pair:
    """The PDF and the workbook of one period, and what they may publish."""

    text: str
    pages: list[str]
    workbook: openpyxl.Workbook
    p: Published
    drawn: dict[str, list]  # what each chart was given to draw


@pytest.fixture(scope="module", params=[YEAR, ONE_DAY], ids=["year", "one-day"])
def pair(request, demo_db, tmp_path_factory) -> Pair:
    start, end = request.param
    folder = tmp_path_factory.mktemp("pair")
    drawn: dict[str, list] = {}
    with pytest.MonkeyPatch.context() as patch:
        for module, name in (
            (municipal_pdf, "sales_by_day_chart"),
            (municipal_pdf_breakdowns, "category_chart"),
            (municipal_pdf_breakdowns, "participation_chart"),
            (municipal_pdf_breakdowns, "totals_chart"),
        ):
            patch.setattr(module, name, spy(getattr(module, name), drawn.setdefault(name, [])))
        with demo_db.Session() as s:
            result = write_pdf(s, start, end, folder / "informe.pdf", now=NOW)
            write_workbook(s, start, end, folder / "resumen.xlsx", now=NOW)
            p = published(demo_db, start, end)
    texts = pages_text(result.path)
    return Pair(" ".join(texts), texts, openpyxl.load_workbook(folder / "resumen.xlsx"), p, drawn)


def spy(function, calls: list):
    def wrapper(*args, **kwargs):
        calls.append(args)
        return function(*args, **kwargs)

    return wrapper


def published(db, start: dt.date, end: dt.date, fair_id: int | None = None) -> Published:
    """What the workbook publishes for the period, built as it builds it."""
    with db.Session() as s:
        return Published(
            stats.compute(s, start, end, fair_id),
            breakdowns.by_day(s, start, end, fair_id),
            contributors.compute(s, start, end, fair_id),
        )


def in_order(text: str, pieces: list[str]) -> bool:
    """Each piece is in ``text``, after the one before it."""
    at = 0
    for piece in pieces:
        found = text.find(piece, at)
        assert found >= 0, f"{piece!r} not found after position {at}"
        at = found + len(piece)
    return True


def grid_cells(wb: openpyxl.Workbook) -> dict[tuple, object]:
    """The workbook's *Participación* grids by key: (kind, sex, group) → the cell's value."""
    ws = wb["Participación"]
    found = {}
    for kind, nth in ((V, 1), (S, 2)):
        _headers, rows = wb_table(ws, "Sexo", nth)
        rows = by_first(rows)
        for x in (*core_stats.SEXES, ALL):
            row = rows["Total" if x == ALL else common.sex_label(x)]
            for i, g in enumerate((*core_stats.AGE_GROUPS, ALL), start=1):
                found[kind, x, g] = row[i].value
    return found


def test_the_pdf_withholds_what_the_workbook_withholds(pair):
    text, p = pair.text, pair.p
    assert p.hidden, "nothing withheld: the check would be vacuous"
    cells = grid_cells(pair.workbook)
    # the workbook's «—» are the withheld figures of Published …
    assert {k for k, value in cells.items() if value == WB_WITHHELD} == {
        k for k in p.hidden if k[0] in (V, S)
    }
    # … and the PDF shows none of them: «—» in its table, the amount nowhere
    amounts = 0
    for key in p.hidden:
        value = p.figures[key].value
        if key[0] in (S, "fees") or str(key[-1]).startswith(("sales", "fees")):
            assert format_money(value, cents=True) not in text, key
            amounts += 1
        elif key == ("active",):
            assert "activos: —" in text
    assert amounts  # the sales of the withheld cells
    assert in_order(text, expected_participation(p))
    assert "«—»: cifra reservada. La sostienen menos de 3 expositores" in text
    assert "<b>" not in text and "Cifras reservadas: ninguna cifra de este informe" in text


def expected_participation(p: Published) -> list[str]:
    """The rows of the PDF's table by sex × age group: what stats gives, «—» where withheld."""
    v, sa = p.stats.vendors, p.stats.sales

    def cells(x: str, g: str, n: int, amount: int) -> str:
        present = f"{n} {pct(n, v.present)}" if p.shown((V, x, g)) else "— —"
        sold = f"{format_money(amount, cents=True)} {pct(amount, sa.total)}"
        return f"{present} {sold if p.shown((S, x, g)) else '— —'}"

    rows = []
    for x in core_stats.SEXES:
        if x in ("F", "M") or v.by_sex[x] or sa.by_sex[x]:
            rows.append(f"{common.sex_label(x)} {cells(x, ALL, v.by_sex[x], sa.by_sex[x])}")
            for g in core_stats.AGE_GROUPS:
                n, amount = v.by_sex_youth[x][g], sa.by_sex_youth[x][g]
                if n or amount:
                    rows.append(f"{common.age_group_label(g)} {cells(x, g, n, amount)}")
    amounts = {"youth": sa.youth, "non_youth": sa.non_youth, "not_stated": sa.age_not_stated}
    first = "Por grupo de edad "
    for g in core_stats.AGE_GROUPS:
        n = sum(v.by_sex_youth[x][g] for x in core_stats.SEXES)
        rows.append(f"{first}{common.age_group_label(g)} {cells(ALL, g, n, amounts[g])}")
        first = ""
    rows.append(f"Total {cells(ALL, ALL, v.present, sa.total)}")
    return rows


def test_folded_rows_are_otros_as_in_the_workbook(pair):
    text, p, wb = pair.text, pair.p, pair.workbook
    v, sa = p.stats.vendors, p.stats.sales
    folded = p.categories.folded
    assert folded, "no rubro folded: the check would be vacuous"
    label = f"Otros {len(folded)} rubros"
    amount = p.categories.others(sa.by_category)
    assert (f"{label} {p.categories.others(v.by_category)} "
            f"{format_money(amount, cents=True)} {pct(amount, sa.total)}") in text  # fmt: skip
    assert f"«{label}»: {', '.join(folded)}; se suman" in text
    _headers, rows = wb_table(wb["Por rubro"], "Rubro")
    assert [r[0].value for r in rows] == [*p.categories.shown, label, "Total"]
    for name in p.categories.shown:
        cents_ = sa.by_category.get(name, 0)
        row = f"{name} {v.by_category.get(name, 0)} {format_money(cents_, cents=True)}"
        assert row in text, name
    for name in folded:
        assert format_money(sa.by_category[name], cents=True) not in text, name
    regions = p.regions.folded
    assert regions
    label = f"Otras {len(regions)} regiones"
    n = p.regions.others(p.stats.regions)
    assert f"{label} {n} {pct(n, v.present)}" in text
    _headers, rows = wb_table(wb["Regiones"], "Región")
    assert [r[0].value for r in rows] == [*map(common.region_label, p.regions.shown), label,
                                          "Total"]  # fmt: skip
    for k in p.regions.shown:
        assert f"{common.region_label(k)} {p.stats.regions[k]} " in text, k


def test_charts_draw_only_published_figures(pair):
    p, drawn = pair.p, pair.drawn
    sa = p.stats.sales
    # the rubros: the bars of the table, «Otros» among them
    ((by_category, _shares, _width),) = drawn["category_chart"]
    label = f"Otros {len(p.categories.folded)} rubros"
    assert by_category == {
        **{n: sa.by_category[n] for n in p.categories.shown if sa.by_category.get(n)},
        label: p.categories.others(sa.by_category),
    }
    # participation: a cell of sex × age group is withheld, so the chart shows the totals
    assert not drawn["participation_chart"]
    ((bars, present, shares, _titles, _width),) = drawn["totals_chart"]
    v = p.stats.vendors
    sexes = [x for x in ("F", "M") if p.shown((V, x, ALL))]
    assert [name for name, _group in bars] == [
        *(common.sex_label(x) for x in sexes),
        *(common.age_group_label(g) for g in core_stats.AGE_GROUPS),
    ]
    assert present[: len(sexes)] == [v.by_sex[x] for x in sexes]
    for kind in (V, S):
        for x in ("F", "M"):
            assert p.shown((kind, x, ALL))
        for g in core_stats.AGE_GROUPS:
            assert p.shown((kind, ALL, g))
    assert shares[: len(sexes)] == [core_stats.percentage(sa.by_sex[x], sa.total) for x in sexes]
    # sales per fair day: no day's withheld; a single date would be a single bar, not drawn
    assert not any(k[0] == "day" and k[2] == "sales" for k in p.hidden)
    assert len(drawn["sales_by_day_chart"]) == (len(sa.by_fair_day) > 1)
    assert ("Ventas por jornada" in pair.text) == (len(sa.by_fair_day) > 1)


def test_a_lone_vendors_sales_are_never_printed(small, session, tmp_path):
    """Feria del Sur: Ana alone. Her sales are withheld everywhere; the counts of everyone
    are not."""
    result = write_pdf(session, *MARCH, tmp_path / "sur.pdf", fair_id=small["south"], now=NOW)
    text = all_text(result.path)
    s = stats.compute(session, *MARCH, small["south"])
    assert s.sales.total == 9990 and s.vendors.present == 1
    assert "S/ 99.90" not in text and "99.9" not in text
    assert "— Ventas totales" in text
    assert "— Promedio de ventas por expositor y jornada" in text
    assert "— Mujeres de los presentes" in text
    assert "1 Expositores presentes" in text and "1 Jornadas realizadas" in text
    assert "«—»: cifra reservada." in text
    assert "Ventas por rubro" in text and "Otro rubro 1 — —" in text


def test_a_small_fair_withholds_the_sales_of_each_fair_day(small, session, tmp_path):
    """Every fair day rests on one or two vendors: no chart of sales per fair day (it would
    draw them as days without sales), and a sentence saying why."""
    drawn: list = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(municipal_pdf, "sales_by_day_chart",
                      spy(municipal_pdf.sales_by_day_chart, drawn))  # fmt: skip
        result = write_pdf(session, *MARCH, tmp_path / "m.pdf", now=NOW)
    text = all_text(result.path)
    assert drawn == []
    assert "Las ventas de 3 jornadas están reservadas" in text
    assert "no se dibuja el gráfico de ventas por jornada" in text
    assert "la de mayor venta" not in text
    for amount in ("S/ 1,385.06", "S/ 125.00", "S/ 99.90"):  # each fair day's sales
        assert amount not in text


def test_sales_per_fair_day_summary_equals_stats_json(year_report):
    result, j = year_report
    text = all_text(result.path)
    by_day = j["sales"]["by_fair_day"]
    best_day = max(by_day, key=lambda d: (cents(by_day[d]), d))
    date = D.fromisoformat(best_day).strftime("%d/%m/%Y")
    assert len(by_day) == 47
    assert f"la de mayor venta fue el {date} ({money(by_day[best_day])})." in text


def test_header_footer_and_page_numbers(year_report):
    result, _ = year_report
    texts = pages_text(result.path)
    first = texts[0]
    assert "Municipalidad Distrital de Magdalena del Mar" in first
    assert "Asociación de Productores de la Agroferia Campesina de Magdalena" in first
    assert "Todas las ferias" in first
    assert "Periodo: del 01/01/2026 al 31/12/2026" in first
    for number, text in enumerate(texts, start=1):
        assert f"Página {number} de {len(texts)}" in text
        assert "Generado el 24/11/2026 09:30" in text
    last = texts[-1]
    assert "Organizador(a)" in last and "Tesorero(a)" in last
    assert "Definiciones" in all_text(result.path)


def test_the_same_data_and_time_give_the_same_file(small, session, tmp_path):
    first = write_pdf(session, *MARCH, tmp_path / "1.pdf", now=NOW)
    time.sleep(1.1)  # a clock in the file would show
    second = write_pdf(session, *MARCH, tmp_path / "2.pdf", now=NOW)
    assert first.path.read_bytes() == second.path.read_bytes()
    assert PdfReader(first.path).metadata.creation_date.replace(tzinfo=None) == NOW
    later = write_pdf(session, *MARCH, tmp_path / "3.pdf", now=NOW.replace(hour=10))
    assert later.path.read_bytes() != first.path.read_bytes()


def test_no_personal_data_of_any_vendor(year_report, demo_db):
    """Ley 29733: aggregates only. Checks every vendor of the database."""
    result, _ = year_report
    text = all_text(result.path)
    raw = PdfReader(result.path).metadata
    with demo_db.Session() as s:
        people = s.scalars(select(Vendor)).all()
    assert len(people) == 84
    assert all(p.doc_number and p.phone for p in people)  # the check is not vacuous
    for p in people:
        forbidden = [p.doc_number, p.phone, p.full_name, p.email]
        if p.birth_date:
            forbidden += [p.birth_date.strftime("%d/%m/%Y"), p.birth_date.isoformat()]
        for value in filter(None, forbidden):
            assert value not in text, f"{p.code}: {value}"
            assert all(value not in str(item) for item in (raw or {}).values())


def test_no_personal_data_in_the_small_fair(small, session, tmp_path):
    result = write_pdf(session, *MARCH, tmp_path / "m.pdf", now=NOW)
    text = all_text(result.path)
    people = session.scalars(select(Vendor)).all()
    assert len(people) == 4
    for p in people:
        values = [p.doc_number, p.phone, p.email, p.full_name, p.surnames]
        if p.birth_date:
            values += [p.birth_date.strftime("%d/%m/%Y"), p.birth_date.isoformat()]
        for value in filter(None, values):
            assert value not in text, value


def test_fonts_are_embedded_truetype_and_spanish_letters_survive(small, session, tmp_path):
    result = write_pdf(session, *MARCH, tmp_path / "cañete.pdf", fair_id=small["canete"], now=NOW)
    text = all_text(result.path)
    assert "Feria de Cañete ¿Año? — San Vicente de Cañete" in text
    assert "Municipalidad Provincial de Cañete" in text  # the fair's own municipality
    assert "Asociación de Productores Ñaupa Ayllu" in text
    assert "Página 1 de" in text and "Jóvenes (15–29 años)" in text
    fonts = font_objects(result.path)
    assert fonts, "no font found: the check would be vacuous"
    for font in fonts:
        assert font["/Subtype"] == "/TrueType", font["/BaseFont"]
        descriptor = font["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor, font["/BaseFont"]
        assert "Helvetica" not in font["/BaseFont"]
    assert b"/Helvetica" not in result.path.read_bytes()


def test_english(year_report, demo_db, tmp_path, monkeypatch):
    """``lang="en"`` renders in English, for this report only."""
    english = i18n.catalogue("en")
    # the footer's message may not be merged into en.po yet; the real translation wins
    monkeypatch.setitem(
        english,
        "Página {page} de {pages}",
        english.get("Página {page} de {pages}") or "Page {page} of {pages}",
    )
    with demo_db.Session() as s:
        result = write_pdf(s, *YEAR, tmp_path / "report.pdf", lang="en", now=NOW)
    texts = pages_text(result.path)
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {len(texts)}" in text
        assert "Página" not in text
    text = " ".join(texts)
    v = year_report[1]["vendors"]
    women = v["by_sex"]["F"]
    not_young = v["present"] - v["youth"] - v["age_not_stated"]  # of either sex: published
    assert f"Women {women} " in text and f"Mujeres {women} " not in text
    assert f"Not young {not_young} " in text and f"No jóvenes {not_young} " not in text
    assert "Not young — — — —" in text  # of each sex: withheld
    assert "«—»: figure withheld." in text
    assert "2 other categories 4 " in text and "«2 other categories»: Panadería y tamales" in text
    assert "Age not stated" in text
    # the figures do not change with the language: S/ 1,234.50 everywhere
    assert money(year_report[1]["sales"]["total"]) in text
    assert i18n.get_language() == "es"  # the language did not leak out of the report


def test_english_empty_period(session, tmp_path):
    result = write_pdf(session, *MARCH, tmp_path / "empty.pdf", lang="en", now=NOW)
    assert "There was no activity in this period." in all_text(result.path)


def test_empty_period_says_there_was_no_activity(demo_db, tmp_path):
    with demo_db.Session() as s:
        result = write_pdf(s, D(2020, 1, 1), D(2020, 12, 31), tmp_path / "empty.pdf", now=NOW)
        assert stats.compute(s, D(2020, 1, 1), D(2020, 12, 31)).fair_days == 0
    text = all_text(result.path)
    assert result.pages == 1
    assert "No hubo actividad en este periodo." in text
    assert "del 01/01/2020 al 31/12/2020" in text
    assert "Página 1 de 1" in text
    assert "Organizador(a)" in text and "Tesorero(a)" in text
    for section in ("Ventas por jornada", "Ventas por rubro", "Indicadores del periodo"):
        assert section not in text


def test_empty_database(session, tmp_path):
    """Nothing configured at all: no organization, no municipality, no fair."""
    result = write_pdf(session, *MARCH, tmp_path / "nada.pdf", now=NOW)
    text = all_text(result.path)
    assert "No hubo actividad en este periodo." in text
    assert "Todas las ferias" in text


def test_fair_days_without_sales_are_no_error(session, tmp_path):
    fair = fairs.create_fair(session, SYSTEM, name="Feria Nueva")
    fairs.add_fair_day(session, SYSTEM, fair.id, date=D(2026, 3, 1))
    session.commit()
    result = write_pdf(session, *MARCH, tmp_path / "r.pdf", now=NOW)
    text = all_text(result.path)
    assert "1 Jornadas realizadas" in text
    assert "No se registraron ventas en el periodo." in text
    # not «—», which stands for a withheld figure
    assert (
        "Sin estimación Visitantes (estimado)" in text and "—" not in text.split("Definiciones")[0]
    )


def test_fair_filter(small, session, tmp_path):
    canete, south = small["canete"], small["south"]
    only = write_pdf(session, *MARCH, tmp_path / "c.pdf", fair_id=canete, now=NOW)
    every = write_pdf(session, *MARCH, tmp_path / "all.pdf", now=NOW)
    text, all_fairs = all_text(only.path), all_text(every.path)
    j = stats.compute(session, *MARCH, canete).to_json()
    j_all = stats.compute(session, *MARCH).to_json()
    assert j["sales"]["total"] != j_all["sales"]["total"]  # the filter makes a difference
    assert f"{money(j['sales']['total'])} Ventas totales" in text
    assert f"{j['fair_days']} Jornadas realizadas" in text
    assert f"{j['vendors']['present']} Expositores presentes" in text
    assert money(j_all["sales"]["total"]) not in text
    assert "Feria del Sur" not in text and "Todas las ferias" not in text
    assert f"{money(j_all['sales']['total'])} Ventas totales" in all_fairs
    assert "Todas las ferias" in all_fairs
    # one of the two Cañete fair days has no visitor estimate: the report says so
    assert j["visitor_estimates"] == 1 and j["fair_days"] == 2
    assert "120 Visitantes (estimado) (estimado en 1 de 2 jornadas)" in text
    south_only = all_text(write_pdf(session, *MARCH, tmp_path / "s.pdf", fair_id=south).path)
    assert "Feria del Sur" in south_only and "Cañete" not in south_only


def test_youth_range_follows_the_settings(demo_template, copy_database, tmp_path):
    """On a copy of the demo (the small fair's youth share rests on too few people)."""
    database = open_database(copy_database(demo_template, "demo.db"))
    try:
        with database.Session() as s:
            before = stats.compute(s, *YEAR).vendors.youth
            settings.set_youth_range(s, "system", 18, 35)
            s.commit()
            result = write_pdf(s, *YEAR, tmp_path / "r.pdf", now=NOW)
            j = stats.compute(s, *YEAR).to_json()
    finally:
        database.close()
    text = all_text(result.path)
    assert j["vendors"]["youth"] != before  # the range makes a difference
    share = pct(j["vendors"]["youth"], j["vendors"]["present"])
    assert f"{share} Jóvenes (18–35 años)" in text
    assert "de 18 a 35 años cumplidos" in text


def test_logo_is_drawn_when_configured(small, session, tmp_path):
    without = write_pdf(session, *MARCH, tmp_path / "sin.pdf", now=NOW)
    assert images_on(without.path) == 0
    settings.put(session, "system", "logo_path", str(tiny_png(tmp_path / "logo.png")))
    session.commit()
    with_logo = write_pdf(session, *MARCH, tmp_path / "con.pdf", now=NOW)
    assert images_on(with_logo.path) == 1
    # the header is still complete beside the logo (the fairs are named on the page of
    # the network only)
    header = all_text(with_logo.path).split("Indicadores del periodo")[0]
    assert "Todas las ferias" in header and "Feria de Cañete" not in header
    assert "Municipalidad de Prueba" in all_text(with_logo.path)


def test_missing_or_broken_logo_is_ignored(small, session, tmp_path):
    settings.put(session, "system", "logo_path", str(tmp_path / "no-such-logo.png"))
    session.commit()
    missing = write_pdf(session, *MARCH, tmp_path / "a.pdf", now=NOW)
    assert images_on(missing.path) == 0
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"not an image at all")
    settings.put(session, "system", "logo_path", str(broken))
    session.commit()
    result = write_pdf(session, *MARCH, tmp_path / "b.pdf", now=NOW)
    assert images_on(result.path) == 0
    assert "Municipalidad de Prueba" in all_text(result.path)


def test_failure_while_writing_leaves_the_old_file_and_no_partial_one(
    small, session, tmp_path, monkeypatch
):
    """reportlab opens the output file before it serialises the document: a failure there
    (here, in the serialisation) would leave an empty file where the report should be."""
    from reportlab.pdfbase import pdfdoc

    out = tmp_path / "out"
    out.mkdir()
    target = out / "informe.pdf"
    write_pdf(session, *MARCH, target, now=NOW)
    before = target.read_bytes()

    def broken(self, canvas):
        raise RuntimeError("serialisation failed")

    monkeypatch.setattr(pdfdoc.PDFDocument, "GetPDFData", broken)
    with pytest.raises(RuntimeError, match="serialisation failed"):
        write_pdf(session, *MARCH, target, now=dt.datetime(2026, 11, 25, 10, 0))
    assert target.read_bytes() == before  # the previous report is intact
    assert [p.name for p in out.iterdir()] == ["informe.pdf"]  # no temporary file left


def test_failure_before_writing_creates_nothing(small, session, tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("layout failed")

    monkeypatch.setattr(municipal_pdf, "kpi_grid", broken)
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(RuntimeError, match="layout failed"):
        write_pdf(session, *MARCH, out / "informe.pdf", now=NOW)
    assert list(out.iterdir()) == []


def test_failure_when_replacing_leaves_no_partial_file(small, session, tmp_path):
    out = tmp_path / "out"
    target = out / "informe.pdf"
    target.mkdir(parents=True)  # a folder where the file should go: the final rename fails
    with pytest.raises(OSError):
        write_pdf(session, *MARCH, target, now=NOW)
    # the complete temporary file was written, then removed when the rename failed
    assert [p.name for p in out.iterdir()] == ["informe.pdf"]
    assert target.is_dir() and list(target.iterdir()) == []


def test_start_after_end_is_refused_without_a_file(session, tmp_path):
    with pytest.raises(OperationError, match="es posterior a la final"):
        write_pdf(session, D(2026, 3, 31), D(2026, 3, 1), tmp_path / "x.pdf")
    assert list(tmp_path.glob("*.pdf")) == [] and list(tmp_path.glob(".*.tmp")) == []


def test_unknown_language_is_refused(session, tmp_path):
    with pytest.raises(ValueError, match="unsupported"):
        write_pdf(session, *MARCH, tmp_path / "x.pdf", lang="fr")
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.parametrize(
    ("first", "count", "expected"),
    [
        (D(2026, 1, 4), 47, ["04/01", "01/02", "01/03"]),  # one year: dd/mm
        (D(2025, 11, 30), 52, ["11/25", "01/26", "03/26"]),  # across two years: mm/aa
        (D(2016, 12, 4), 520, ["2017", "2018", "2019"]),  # ten years: the year
        (D(2025, 12, 28), 10, ["28/12", "04/01", "11/01"]),  # a short span: every day
    ],
)
def test_fair_day_axis_labels_stay_few_and_readable(first, count, expected):
    days = [first + dt.timedelta(weeks=w) for w in range(count)]
    labels = day_labels(days)
    shown = [label for label in labels if label]
    assert len(labels) == count
    assert 1 <= len(shown) <= 12
    assert shown[:3] == expected
    positions = [i for i, label in enumerate(labels) if label]
    gaps = [b - a for a, b in itertools.pairwise(positions)]
    assert min(gaps, default=count) >= count / 12 * 0.6  # evenly spread, none crowded
