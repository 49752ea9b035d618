"""Reading tables from the files people really save: encodings, separators, headers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook

from agroferia.core.sheets import (
    UTF8,
    WINDOWS_1252,
    Decoded,
    HeaderMatcher,
    SheetError,
    bare_header,
    decode,
    excel_date,
    header_key,
    read_table,
    unreadable_byte,
)

ALIASES = {
    "name": ("Nombres", "given names"),
    "doc": ("Documento", "dni"),
    "birth": ("Fecha de nacimiento", "birth date"),
}


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def test_header_key_ignores_case_accents_spacing_and_punctuation():
    assert header_key("Fecha de Nacimiento") == header_key("fecha_de_nacimiento")
    assert header_key(" FECHA  DE NACIMIENTO ") == "FECHADENACIMIENTO"
    assert header_key("Región") == header_key("REGION") == "REGION"
    assert header_key(None) == ""


@pytest.mark.parametrize(
    ("header", "bare"),
    [
        ("Sexo (H/M)", "Sexo"),
        ("Importe (S/)", "Importe"),
        ("Monto S/.", "Monto"),
        ("Monto en soles", "Monto"),
        ("N° DNI", "DNI"),
        ("Nº DNI", "DNI"),
        ("N.º DNI", "DNI"),
        ("Nro. DNI", "DNI"),
        ("Nro DNI", "DNI"),
        ("Núm. de documento", "documento"),
        ("# DNI", "DNI"),
        ("DNI:", "DNI"),
        ("[Teléfono]", "Teléfono"),
        ("Fecha de nacimiento (dd/mm/aaaa):", "Fecha de nacimiento"),
        # left alone: no marker without its sign or dot, no word cut short
        ("Nombres", "Nombres"),
        ("No de documento", "No de documento"),
        ("Número de documento", "Número de documento"),
        ("Nota", "Nota"),
    ],
)
def test_bare_header_drops_annotations(header, bare):
    assert bare_header(header) == bare


def test_header_matcher_tries_the_exact_key_first():
    match = HeaderMatcher(
        {"sex": ("Sexo",), "doc": ("DNI", "No de documento"), "name": ("Nombres", "nombre")}
    )
    assert [match(h) for h in ("Sexo (H/M)", "SEXO:", "Nº DNI", "No de documento")] == [
        "sex", "sex", "doc", "doc",
    ]  # fmt: skip
    assert [match(h) for h in ("Nombres", "Nombre (s)", "Color (azul)", "", None)] == [
        "name", "name", None, None, None,
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        ("\ufeffNombres;DNI\nMaría Ñahui;01234567\n", "utf-8"),
        ("Nombres;DNI\nMaría Ñahui;01234567\n", "utf-8"),
        ("Nombres;DNI\nMaría Ñahui;01234567\n", "latin-1"),
        ("Nombres,DNI\r\nMaría Ñahui,01234567\r\n", "cp1252"),
        ("Nombres\tDNI\nMaría Ñahui\t01234567\n", "utf-8"),
    ],
    ids=["utf8-bom-semicolon", "utf8-semicolon", "latin1", "cp1252-comma-crlf", "tab"],
)
def test_csv_encodings_and_separators_are_detected(tmp_path, raw, encoding):
    table = read_table(write(tmp_path / "f.csv", raw, encoding), ALIASES)
    assert table.columns == {"name": "Nombres", "doc": "DNI"}
    assert table.rows == [(2, {"name": "María Ñahui", "doc": "01234567"})]
    assert table.encoding == (UTF8 if encoding == "utf-8" else WINDOWS_1252)
    assert table.unreadable == {}


def test_quoted_commas_and_blank_rows(tmp_path):
    raw = 'Nombres,DNI,Notas\n"Quispe, Rosa",12345678,x\n,,\n\n  ,  ,\n"Soto, Ana",87654321,\n'
    table = read_table(write(tmp_path / "f.csv", raw), ALIASES)
    assert [n for n, _ in table.rows] == [2, 6]
    assert table.rows[0][1]["name"] == "Quispe, Rosa"
    assert table.ignored == ["Notas"]


def test_header_found_below_title_rows(tmp_path):
    raw = "Padrón de expositores 2026\n\nNombres;DNI\nRosa;12345678\n"
    table = read_table(write(tmp_path / "f.csv", raw), ALIASES)
    assert table.header_row == 3
    assert table.rows == [(4, {"name": "Rosa", "doc": "12345678"})]


def test_xlsx_picks_the_data_sheet_and_keeps_cell_types(tmp_path):
    book = Workbook()
    book.active.title = "Instrucciones"
    book.active.append(["Escriba una fila por expositor"])
    data = book.create_sheet("Datos")
    data.append(["given names", "DNI", "Birth date"])
    data.append(["Rosa", 1234567, dt.datetime(1999, 5, 3)])
    data.append([None, None, None])
    data.append(["Ana", "87654321", 36000])
    path = tmp_path / "f.xlsx"
    book.save(path)
    table = read_table(path, ALIASES)
    assert table.sheet == "Datos"
    assert table.rows == [
        (2, {"name": "Rosa", "doc": 1234567, "birth": dt.datetime(1999, 5, 3)}),
        (4, {"name": "Ana", "doc": "87654321", "birth": 36000}),
    ]


def test_hidden_sheets_are_not_read(tmp_path):
    book = Workbook()
    book.active.append(["Nombres", "DNI"])
    hidden = book.create_sheet("Listas")
    hidden.append(["Nombres", "DNI", "Fecha de nacimiento"])
    hidden.sheet_state = "hidden"
    path = tmp_path / "f.xlsx"
    book.save(path)
    assert read_table(path, ALIASES).sheet == book.active.title


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("f.ods", b"x", "solo se pueden importar archivos .xlsx o .csv"),
        ("f.xlsx", b"not a zip", "no es un archivo de Excel"),
        ("f.csv", b"", "no se encontró una fila de encabezados"),
        ("f.csv", b"a,b\n1,2\n", "no se encontró una fila de encabezados"),
        ("f.csv", b"PK\x03\x04\x00\x00binary", "no es un archivo de texto CSV"),
    ],
)
def test_unreadable_files_are_explained(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(SheetError) as err:
        read_table(path, ALIASES)
    assert message in str(err.value)


def test_missing_file(tmp_path):
    with pytest.raises(SheetError, match="No se encontró el archivo"):
        read_table(tmp_path / "nada.csv", ALIASES)


def test_decode_reads_one_encoding_per_file():
    assert decode("Ñuñoa".encode()) == Decoded("Ñuñoa", UTF8, True)
    assert decode("\ufeffÑuñoa".encode()) == Decoded("Ñuñoa", UTF8, True)
    assert decode("Ñuñoa “x”".encode("cp1252")) == Decoded("Ñuñoa “x”", WINDOWS_1252, True)
    assert decode(b"plain ascii") == Decoded("plain ascii", UTF8, True)


def test_a_stray_byte_in_a_utf8_file_is_not_read_as_a_letter():
    data = "María\nÑahui\n".encode() + b"Mar\xeda\n"  # one row saved as Latin-1
    decoded = decode(data)
    assert (decoded.encoding, decoded.clean) == (UTF8, False)
    first, second, third = decoded.text.splitlines()
    assert (first, second) == ("María", "Ñahui")  # never MarÃ­a
    assert unreadable_byte(third) == 0xED and unreadable_byte(first) is None


def test_windows_1252_only_when_no_utf8_sequence_at_all():
    # 0x81 is undefined in Windows-1252: that byte is named, not read as Latin-1
    decoded = decode(b"\x81\xd1")
    assert (decoded.encoding, decoded.clean) == (WINDOWS_1252, False)
    assert decoded.text[1] == "Ñ" and unreadable_byte(decoded.text) == 0x81
    # a BOM says UTF-8 even if every accented letter was saved otherwise
    assert decode(b"\xef\xbb\xbfMar\xeda").encoding == UTF8


def test_rows_with_unreadable_bytes_are_named_and_shown_without_them(tmp_path):
    path = tmp_path / "f.csv"
    path.write_bytes("Nombres;DNI\nMaría Ñahui;01234567\n".encode() + b"Jos\xe9 Paz;07654321\n")
    table = read_table(path, ALIASES)
    assert (table.encoding, table.unreadable) == (UTF8, {3: 0xE9})
    assert table.rows[0][1]["name"] == "María Ñahui"
    assert table.rows[1][1]["name"] == "Jos\ufffd Paz"  # never José, never JosÃ©


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (46204, dt.date(2026, 7, 1)),
        (46204.0, dt.date(2026, 7, 1)),
        ("46204", dt.date(2026, 7, 1)),
        (25569, dt.date(1970, 1, 1)),
        (46204.5, None),  # a time of day is no fair date
        (12345678, None),  # a DNI, not a date
        ("01/07/2026", None),
        (True, None),
    ],
)
def test_excel_serial_dates(value, expected):
    assert excel_date(value) == expected


def test_real_semicolon_file_with_bom(real_data):
    aliases = {"region": ("departamento",), "district": ("distrito",)}
    table = read_table(real_data / "ubigeo_inei_2025_semicolon_bom.csv", aliases)
    assert table.columns == {"region": "departamento", "district": "distrito"}
    assert len(table.rows) == 1891
    assert table.rows[1][1] == {"region": "Amazonas", "district": "Asunción"}


def test_a_note_that_may_change_the_values_is_kept_for_a_question(tmp_path):
    """``Monto (US$)`` or ``Fecha (mm/dd/aaaa)`` name a known column, but their values may
    not be soles or day-first dates: the table says so; ``Sexo (H/M)`` or ``Importe (S/)``
    are plain notes."""
    aliases = {**ALIASES, "amount": ("Monto",), "sex": ("Sexo",)}
    path = write(
        tmp_path / "notas.csv",
        "Nombres;Fecha de nacimiento (mm/dd/aaaa);Monto (US$);Sexo (H/M);Documento (8 dígitos)\n"
        "Ana;11/03/1990;12.50;M;41234567\n",
    )
    table = read_table(path, aliases)
    assert set(table.columns) == {"name", "birth", "amount", "sex", "doc"}
    assert table.unclear == [
        ("Fecha de nacimiento (mm/dd/aaaa)", "mm/dd/aaaa"),
        ("Monto (US$)", "US$"),
    ]
    plain = write(tmp_path / "plain.csv", "Monto (S/);Sexo (H/M);[Nombres]\n12.50;M;Ana\n")
    assert read_table(plain, aliases).unclear == []
