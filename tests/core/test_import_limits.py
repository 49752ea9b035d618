"""Files past the import limits, damaged or built to harm are refused with a message that
names the limit or the row, never read into memory whole."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from agroferia.core.imports import csv_file, limits, xlsx_file
from agroferia.core.sheets import SheetError, read_table

ALIASES = {"doc": ("DNI",), "date": ("Fecha",), "amount": ("Monto",)}


def refused(path: Path) -> str:
    with pytest.raises(SheetError) as err:
        read_table(path, ALIASES)
    return str(err.value)


def workbook(path: Path, rows: list[list[object]]) -> Path:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def rewritten(src: Path, dst: Path, part: str, change) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            zout.writestr(item, change(data) if item.filename == part else data)
    return dst


SHEET = "xl/worksheets/sheet1.xml"


def test_a_field_past_the_csv_modules_own_limit_names_its_row(tmp_path):
    path = tmp_path / "f.csv"
    path.write_text("DNI;Fecha;Monto\n41234567;22/11/2024;12\n41234567;23/11/2024;" + "9" * 140_000)
    message = refused(path)
    assert "fila 3" in message and "10,000 caracteres" in message


def test_a_long_cell_names_its_row_and_column(tmp_path):
    path = tmp_path / "f.csv"
    path.write_text("DNI;Fecha;Monto\n41234567;" + "x" * 20_000 + ";12\n")
    message = refused(path)
    assert "fila 2, columna B" in message and "(el límite)" in message


def test_an_unclosed_quote_swallowing_the_file_is_named(tmp_path):
    path = tmp_path / "f.csv"
    path.write_text('DNI;Fecha;Monto\n41234567;"22/11/2024;12\n' + "41234567;1/1/2024;3\n" * 20_000)
    assert "fila 2" in refused(path)


def test_a_line_without_end_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(csv_file, "MAX_LINE_CHARS", 1000)
    path = tmp_path / "f.csv"
    path.write_text("DNI;Fecha;Monto\n" + "1;" * 2000)
    message = refused(path)
    assert "fila 2" in message and "1,000 caracteres" in message


def test_too_many_columns_and_rows(tmp_path, monkeypatch):
    wide = tmp_path / "wide.csv"
    wide.write_text("DNI;Fecha;Monto\n41234567;1/1/2024;12" + ";x" * 20_000 + "\n")
    assert "256 columnas" in refused(wide) and "fila 2" in refused(wide)
    monkeypatch.setattr(csv_file, "MAX_ROWS", 10)
    long = tmp_path / "long.csv"
    long.write_text("DNI;Fecha;Monto\n" + "41234567;1/1/2024;12\n" * 20)
    assert "más de 10 filas" in refused(long)


def test_a_file_past_the_size_limit_is_not_read(tmp_path, monkeypatch):
    import agroferia.core.sheets as sheets

    monkeypatch.setattr(sheets, "MAX_CSV_BYTES", 100)
    path = tmp_path / "f.csv"
    path.write_text("DNI;Fecha;Monto\n" + "41234567;1/1/2024;12\n" * 20)
    assert "(el límite)" in refused(path)


def test_utf16_and_nul_bytes(tmp_path):
    path = tmp_path / "f.csv"
    path.write_text("DNI;Fecha;Monto\n", encoding="utf-16")
    assert "UTF-16" in refused(path)
    path.write_bytes(b"DNI;Fecha;Monto\n\x00\x01")
    assert "no es un archivo de texto CSV" in refused(path)


def test_xml_with_a_dtd_or_entities_is_never_parsed(tmp_path):
    base = workbook(tmp_path / "b.xlsx", [["DNI", "Fecha", "Monto"], ["41234567", "1/1/2024", 3]])
    laughs = (
        b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><worksheet'
    )
    bad = rewritten(base, tmp_path / "e.xlsx", SHEET, lambda d: d.replace(b"<worksheet", laughs, 1))
    message = refused(bad)
    assert "DTD o entidades" in message and SHEET in message


def test_a_zip_bomb_is_refused_by_its_sizes(tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx_file, "RATIO_FROM_BYTES", 1024 * 1024)
    base = workbook(tmp_path / "b.xlsx", [["DNI", "Fecha", "Monto"], ["41234567", "1/1/2024", 3]])
    row = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>'

    def bomb(data: bytes) -> bytes:
        return data.replace(b"</sheetData>", row * 200_000 + b"</sheetData>")

    message = refused(rewritten(base, tmp_path / "bomb.xlsx", SHEET, bomb))
    assert "al descomprimirla" in message and f"{limits.MAX_XLSX_RATIO} veces" in message


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d[: len(d) // 2],  # cut in the middle
        lambda d: d.replace(b"<v>3</v>", b"<v>inf</v>"),
        lambda d: d.replace(b'r="C2"', b'r="ZZZZZZ2"'),
        lambda d: b"\xff\xfe garbage",
    ],
)
def test_a_damaged_sheet_is_explained(tmp_path, change):
    base = workbook(tmp_path / "b.xlsx", [["DNI", "Fecha", "Monto"], ["41234567", "1/1/2024", 3]])
    bad = rewritten(base, tmp_path / "bad.xlsx", SHEET, change)
    assert "no es un archivo de Excel válido o está dañado" in refused(bad)


def test_a_truncated_zip_is_explained(tmp_path):
    base = workbook(tmp_path / "b.xlsx", [["DNI", "Fecha", "Monto"]])
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(base.read_bytes()[:400])
    assert "no es un archivo de Excel válido o está dañado" in refused(cut)


def test_a_large_table_is_read_again_at_each_pass_not_kept(tmp_path, monkeypatch):
    import agroferia.core.sheets as sheets

    monkeypatch.setattr(sheets, "CACHED_ROWS", 5)
    path = tmp_path / "f.csv"
    path.write_text("DNI;Fecha;Monto\n" + "".join(f"4123{i:04d};1/1/2024;{i}\n" for i in range(20)))
    table = read_table(path, ALIASES)
    assert table.rows._cached is None and len(table.rows) == 20
    assert list(table.rows) == list(table.rows) and table.rows[19][0] == 21
