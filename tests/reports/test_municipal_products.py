"""Agrobiodiversity in the municipal workbook (sheet «Agrobiodiversidad») and the municipal
PDF (section «Agrobiodiversidad»), against a small fair computed by hand.

Products of the fixture (added to the seeded catalogue under names of their own):
  quinua, oca (native), haba: Tubérculos, granos y menestras; camu (native), mango: Frutas de
  costa y selva; queso: Productos frescos.
People, all present on 01/03/2026 (youth 15–29), their region and what they offer:
  Ana   F  young      Cusco   quinua oca      native
  Bea   F  not young  Cusco   oca haba        native
  Cira  F  not young  Cusco   camu            native
  Dina  F  not young  Puno    haba
  Beto  M  not young  Puno    quinua          native
  Eloy  M  not young  Puno    queso
  Fede  M  young      Loreto  mango
So: 6 products, 3 native, 3 regions; by rubro Tubérculos 3 (2 native), Frutas 2 (1),
Productos frescos 1 (0); Cusco 4 products (3 native) from three vendors; Puno (three
vendors) and Loreto (one) fold into «Otras 2 regiones»: haba, quinua, queso, mango, 1 native.
Native vendors: women 1 young + 2 not young, men 1 not young: 4 in all, every cell of one or
two vendors withheld.
"""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from pypdf import PdfReader

from agroferia import i18n
from agroferia.core import fairs, sales, vendors
from agroferia.core.products import catalogue
from agroferia.reports import products_text
from agroferia.reports.excel import write_workbook
from agroferia.reports.pdf import write_pdf
from agroferia.reports.published import for_period

D = dt.date
MARCH = (D(2026, 3, 1), D(2026, 3, 31))
YEAR = (D(2026, 1, 1), D(2026, 12, 31))
NOW = dt.datetime(2026, 4, 2, 10, 0)
TUBERS = "Tubérculos, granos y menestras"
FRUITS = "Frutas de costa y selva"
WITHHELD = "—"
HEADLINE = "En el periodo la feria trajo 6 productos, 3 de ellos variedades nativas, de 3 regiones."


@pytest.fixture
def fair_data(db):
    with db.Session.begin() as s:
        fair = fairs.create_fair(s, "t", name="Feria Norte").id
        made = {}
        for key, rubro, native in (("quinua", TUBERS, True), ("oca", TUBERS, True),
                                   ("haba", TUBERS, False), ("mango", FRUITS, False),
                                   ("camu", FRUITS, True), ("queso", "Productos frescos", False)):  # fmt: skip
            made[key] = catalogue.add(
                s, "t", {"name": f"Prueba {key}", "category": rubro, "native": native}
            ).name
        day = fairs.add_fair_day(s, "t", fair, date=D(2026, 3, 1)).id
        people = {}
        for key, sex, born, region, offers in (
            ("ana", "F", 2000, "Cusco", ("quinua", "oca")),
            ("bea", "F", 1970, "Cusco", ("oca", "haba")),
            ("cira", "F", 1980, "Cusco", ("camu",)),
            ("dina", "F", 1975, "Puno", ("haba",)),
            ("beto", "M", 1970, "Puno", ("quinua",)),
            ("eloy", "M", 1965, "Puno", ("queso",)),
            ("fede", "M", 2001, "Loreto", ("mango",)),
        ):
            people[key] = vendors.register(
                s, "t",
                {"given_names": key.title(), "surnames": "Prueba", "sex": sex,
                 "doc_number": f"{len(people) + 1:08d}", "birth_date": D(born, 1, 1),
                 "region": region, "main_category": TUBERS, "fair": fair,
                 "registered_on": D(2026, 1, 1), "products": [made[o] for o in offers]},
            ).id  # fmt: skip
            fairs.set_attendance(s, "t", day, people[key], True)
    return {"fair": fair, "day": day, "people": people, "made": made}


def rows(path, sheet: str) -> list[list]:
    wb = openpyxl.load_workbook(path)
    return [[c for c in r if c is not None] for r in wb[sheet].iter_rows(values_only=True)]


def row_of(table: list[list], first) -> list:
    found = [r for r in table if r and r[0] == first]
    assert len(found) == 1, (first, found)
    return found[0]


def pdf_text(path) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(path).pages)


# ------------------------------------------------------------------------------ workbook


def test_the_sheet_holds_the_figures_and_withholds_the_native_vendors_of_few(
    db, fair_data, tmp_path
):
    path = tmp_path / "resumen.xlsx"
    with db.Session() as s:
        result = write_workbook(s, *MARCH, path, lang="es", now=NOW)
    assert "Agrobiodiversidad" in result.sheets
    table = rows(path, "Agrobiodiversidad")
    text = [r[0] for r in table if r]
    assert HEADLINE in text
    assert (
        "Cuenta los productos que ofrecen los expositores presentes según el padrón; las "
        "ventas no indican producto." in text
    )
    # by rubro: products and native, and the total
    assert row_of(table, TUBERS)[1:] == [3, 2]
    assert row_of(table, FRUITS)[1:] == [2, 1]
    assert row_of(table, "Productos frescos")[1:] == [1, 0]
    totals = [r for r in table if r and r[0] == "Total"]
    assert totals[0][1:] == [6, 3]
    # by region: Loreto's one vendor (and Puno, to make the row large enough) in «Otras»
    assert row_of(table, "Cusco")[1:] == [4, 3]
    assert row_of(table, "Otras 2 regiones")[1:] == [4, 1]
    assert not [r for r in table if r and r[0] in ("Loreto", "Puno")]
    assert any("«Otras 2 regiones»: Puno, Loreto" in t for t in text if isinstance(t, str))
    # native vendors: every cell resting on one or two vendors is withheld, and so is
    # every figure that would give one back by subtraction
    # (Dina, the one woman not young offering none, is protected too: the women's total
    # less its shown cells would tell her)
    # Jóvenes, No jóvenes, Edad no indicada, Total
    assert row_of(table, "Mujeres")[1:] == [WITHHELD, WITHHELD, 0, WITHHELD]
    assert row_of(table, "Hombres")[1:] == [0, WITHHELD, 0, WITHHELD]
    assert totals[-1][1:] == [WITHHELD, WITHHELD, 0, 4]
    assert any(str(t).startswith("«—»: cifra reservada") for t in text)
    with db.Session() as s:
        p = for_period(s, *MARCH)
    for key in (("nv", "F", "youth"), ("nv", "F", "non_youth"), ("nv", "M", "non_youth"),
                ("nv", "M", "*"), ("nv", "*", "youth")):  # fmt: skip
        assert key in p.hidden, key
    # no withheld cell comes back from a shown total: a row or column of the table with a
    # shown total never has just one withheld non-zero cell
    grid = p.products.figures.native_vendors_by_sex_youth
    for sex in grid:
        hidden = [g for g in grid[sex] if ("nv", sex, g) in p.hidden]
        assert ("nv", sex, "*") in p.hidden or len(hidden) != 1, sex


def test_sales_that_name_their_product_are_shown_by_product(db, fair_data, tmp_path):
    people, day, made = fair_data["people"], fair_data["day"], fair_data["made"]
    with db.Session.begin() as s:
        for who, amount, product in (("ana", "100", "quinua"), ("beto", "50", "quinua"),
                                     ("bea", "30", "quinua"), ("cira", "20", "camu"),
                                     ("dina", "10", "queso"), ("eloy", "40", "queso"),
                                     ("fede", "10", "queso"), ("dina", "240", None)):  # fmt: skip
            sales.record_sale(s, "t", day, people[who], amount,
                              product=made[product] if product else None,
                              today=D(2026, 3, 1))  # fmt: skip
    path = tmp_path / "resumen.xlsx"
    with db.Session() as s:
        write_workbook(s, *MARCH, path, lang="es", now=NOW)
    table = rows(path, "Agrobiodiversidad")
    text = [r[0] for r in table if r]
    assert HEADLINE in text  # what was sold was offered too
    assert (
        "Cuenta los productos que ofrecen los expositores presentes según el padrón y los que "
        "nombran las ventas del periodo. Las ventas que indican su producto son el 52.0 % de "
        "las ventas." in text
    )
    assert "Productos más vendidos" in text
    assert row_of(table, "Prueba quinua")[1:] == [180, pytest.approx(0.692)]
    # camu camu was sold by Cira alone: with the smallest product shown (queso, by three)
    # in «Otros 2 productos», so that the row rests on more than her; never by name
    assert row_of(table, "Otros 2 productos")[1:] == [80, pytest.approx(0.308)]
    assert "Prueba camu" not in text and "Prueba queso" not in text
    assert [r for r in table if r and r[0] == "Total"][-1][1:] == [260, 1]


def test_the_sheet_in_english(db, fair_data, tmp_path):
    path = tmp_path / "summary.xlsx"
    with db.Session() as s:
        result = write_workbook(s, *MARCH, path, lang="en", now=NOW)
    assert "Agrobiodiversity" in result.sheets
    table = rows(path, "Agrobiodiversity")
    text = [r[0] for r in table if r]
    assert (
        "In the period the fair brought 6 products, 3 of them native varieties, from 3 "
        "regions." in text
    )
    assert "Products by region of origin" in text
    assert row_of(table, "2 other regions")[1:] == [4, 1]
    assert row_of(table, "Women")[1:3] == [WITHHELD, WITHHELD]


# ----------------------------------------------------------------------------------- PDF


def test_the_pdf_section(db, fair_data, tmp_path):
    path = tmp_path / "informe.pdf"
    with db.Session() as s:
        write_pdf(s, *MARCH, path, lang="es", now=NOW)
    text = pdf_text(path)
    at = text.index("Agrobiodiversidad " + HEADLINE)
    section = text[at:]
    assert "las ventas no indican producto." in section
    assert f"{TUBERS} 3 2" in section and "Total 6 3" in section
    assert "Cusco 4 3" in section and "Otras 2 regiones 4 1" in section
    assert "Loreto 1" not in section and "Puno 3" not in section
    assert "«Otras 2 regiones»: Puno, Loreto; se suman" in section
    at = section.index("Expositores presentes que ofrecen al menos una variedad nativa")
    native = section[at:]
    assert "Mujeres — — —" in native and "Hombres 0 — —" in native and "Total — — 4" in native
    assert "Variedad nativa" in section  # the definitions


def test_the_pdf_section_in_english(db, fair_data, tmp_path):
    path = tmp_path / "report.pdf"
    with db.Session() as s:
        write_pdf(s, *MARCH, path, lang="en", now=NOW)
    text = pdf_text(path)
    assert (
        "Agrobiodiversity In the period the fair brought 6 products, 3 of them native "
        "varieties, from 3 regions." in text
    )
    assert "2 other regions 4 1" in text and "Native variety" in text


# ---------------------------------------------------------------------------------- demo


def test_the_demo_year(demo_db, tmp_path):
    with demo_db.Session() as s:
        write_workbook(s, *YEAR, tmp_path / "r.xlsx", lang="es", now=NOW)
        write_pdf(s, *YEAR, tmp_path / "r.pdf", lang="es", now=NOW)
    expected = "153 productos, 57 de ellos variedades nativas, de 19 regiones"
    table = rows(tmp_path / "r.xlsx", "Agrobiodiversidad")
    assert f"En el periodo la feria trajo {expected}." in [r[0] for r in table if r]
    assert f"En el periodo la feria trajo {expected}." in pdf_text(tmp_path / "r.pdf")


def test_the_headline_in_the_singular_and_without_products(db, fair_data):
    with db.Session.begin() as s:
        fair = fairs.create_fair(s, "t", name="Feria Chica").id
        day = fairs.add_fair_day(s, "t", fair, date=D(2026, 5, 3)).id
        lone = vendors.register(
            s, "t",
            {"given_names": "Gina", "surnames": "Prueba", "sex": "F", "doc_number": "00000099",
             "region": "Cusco", "main_category": TUBERS, "fair": fair,
             "registered_on": D(2026, 1, 1), "products": [fair_data["made"]["oca"]]},
        ).id  # fmt: skip
        fairs.set_attendance(s, "t", day, lone, True)
        empty = fairs.add_fair_day(s, "t", fair, date=D(2026, 6, 7)).id
        fairs.set_attendance(s, "t", empty, fair_data["people"]["fede"], False)
    with db.Session() as s:
        may = for_period(s, D(2026, 5, 1), D(2026, 5, 31))
        june = for_period(s, D(2026, 6, 1), D(2026, 6, 30))
    with i18n.language("es"):
        assert products_text.headline(may.products) == (
            "En el periodo la feria trajo 1 producto, 1 de ellos variedad nativa, de 1 región."
        )
        assert products_text.headline(june.products) == (
            "En el periodo los expositores presentes no registraron productos."
        )
    with i18n.language("en"):
        assert products_text.headline(may.products) == (
            "In the period the fair brought 1 product, 1 of them a native variety, from 1 region."
        )
    # Gina alone offers oca: the one woman offering a native variety is withheld
    assert ("nv", "F", "*") in may.hidden and ("nv", "*", "*") in may.hidden
