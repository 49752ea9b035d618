"""A corpus of malformed files, built here, through ``agroferia import vendors`` and
``import sales``: each is refused (exit 1) with a clear message in the language asked for,
never a traceback nor the generic "error inesperado", and the database is left byte for
byte as it was."""

from __future__ import annotations

import contextlib
import io
import os
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook

from agroferia import cli
from tests import dbread

VENDOR_HEADER = ["Nombres", "Apellidos", "DNI", "Sexo", "Rubro"]
SALES_HEADER = ["DNI", "Fecha", "Monto", "Medio de pago"]
SHEET = "xl/worksheets/sheet1.xml"
LAUGHS = (
    b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
)
XXE = b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'


def text(lines: list[str], encoding: str = "utf-8") -> bytes:
    return ("\n".join(lines) + "\n").encode(encoding)


def book(rows: list[list[object]]) -> bytes:
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def changed(data: bytes, part: str, change: Callable[[bytes], bytes] | None) -> bytes:
    """The workbook with one part changed (or left out when ``change`` is None)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w") as zout:
        for item in zin.infolist():
            body = zin.read(item.filename)
            if item.filename == part and change is None:
                continue
            if item.filename == part:
                body = change(body)
            zout.writestr(item.filename, body, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def prolog(declaration: bytes) -> Callable[[bytes], bytes]:
    def change(xml: bytes) -> bytes:
        end = xml.index(b"?>") + 2 if xml.startswith(b"<?xml") else 0
        return xml[:end] + declaration + xml[end:]

    return change


def bomb() -> bytes:
    """A sheet of 400,000 identical rows: about 25 MB of XML in a few tens of KB."""
    row = b'<row><c t="inlineStr"><is><t>41234567</t></is></c></row>'
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(book([["x"]]))) as zin, zipfile.ZipFile(out, "w") as zout:
        for item in zin.infolist():
            body = zin.read(item.filename)
            if item.filename == SHEET:
                body = body.replace(b"</sheetData>", row * 400_000 + b"</sheetData>")
            zout.writestr(item.filename, body, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def corpus(header: list[str]) -> dict[str, bytes]:
    """Malformed files of one kind (``header``: the kind's columns)."""
    head = ";".join(header)
    width = len(header)
    good_row = ["41234567", "22/11/2024", "12.50", "Efectivo", "x"][:width]
    base = book([header, good_row])

    def cell_xml(value: bytes, kind: bytes = b"n") -> Callable[[bytes], bytes]:
        cell = b'<c r="C2" t="' + kind + b'"><v>' + value + b"</v></c>"
        return lambda xml: xml.replace(b"</row></sheetData>", cell + b"</row></sheetData>")

    files = {
        "empty.csv": b"",
        "blank_lines.csv": b"\n\n  \n\r\n",
        "only_header.csv": text([head]),
        "only_header.xlsx": book([header]),
        "garbage.csv": bytes(range(256)) * 20,
        "utf16_bom.csv": text([head, ";".join(good_row)], "utf-16"),
        "utf16_no_bom.csv": text([head, ";".join(good_row)], "utf-16-le"),
        "nul_bytes.csv": text([head]) + b"41234567;\x00\x00;1\n",
        "huge_field.csv": text([head, "41234567;" + "9" * 200_000]),
        "huge_cell.csv": text([head, "41234567;" + "x" * 20_000 + ";1"]),
        "unclosed_quote.csv": text([head, '41234567;"22/11/2024;1', *["1;2;3"] * 3000]),
        "stray_quote.csv": text([head, '41234567;22/11/2024;1"2"3;"x"y']),
        "endless_line.csv": text([head]) + b"1;" * 600_000,
        "20000_columns.csv": text([head, ";".join(["1"] * 20_000)]),
        "mixed_delimiters.csv": text([head, ",".join(good_row), "\t".join(good_row)]),
        "dates_mess.csv": text(
            [
                head,
                *[
                    f"4123456{i};{d};1"
                    for i, d in enumerate(
                        ["ayer", "31/02/2024", "2024-13-01", "1/1/99999", "99999999", "00/00/0000"]
                    )
                ],
            ]
        ),
        "amounts_mess.csv": text(
            [
                head,
                *[
                    f"4123456{i};22/11/2024;{a}"
                    for i, a in enumerate(["1e308", "NaN", "inf", "-inf", "1,2,3", "S/ -5", "0x1F"])
                ],
            ]
        ),
        "mixed_encoding.csv": text([head, "Jos\u00e9;x;1"]) + b"Mar\xeda;y;2\n",
        "cr_only.csv": ("\r".join([head, ";".join(good_row)]) + "\r").encode(),
        "html.csv": b"<html><body><table><tr><td>DNI</td></tr></table></body></html>",
        "spreadsheet.ods": b"PK\x03\x04 an OpenDocument file",
        "old_excel.xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600,
        "no_suffix": text([head]),
        "truncated.xlsx": base[: len(base) // 3],
        "garbage.xlsx": bytes(range(256)) * 20,
        "csv_named.xlsx": text([head, ";".join(good_row)]),
        "zip_no_book.xlsx": _zip({"hola.txt": b"hola"}),
        "bomb.xlsx": bomb(),
        "entities_sheet.xlsx": changed(base, SHEET, prolog(LAUGHS)),
        "entities_workbook.xlsx": changed(base, "xl/workbook.xml", prolog(LAUGHS)),
        "xxe_shared.xlsx": changed(base, "xl/sharedStrings.xml", prolog(XXE)),
        "xxe_content_types.xlsx": changed(base, "[Content_Types].xml", prolog(XXE)),
        "cut_sheet_xml.xlsx": changed(base, SHEET, lambda x: x[: len(x) // 2]),
        "garbage_sheet_xml.xlsx": changed(base, SHEET, lambda x: b"\x89PNG garbage"),
        "no_sheet_part.xlsx": changed(base, SHEET, None),
        "no_workbook_part.xlsx": changed(base, "xl/workbook.xml", None),
        "inf_cell.xlsx": changed(base, SHEET, cell_xml(b"inf")),
        "nan_cell.xlsx": changed(base, SHEET, cell_xml(b"NaN")),
        "overflow_cell.xlsx": changed(base, SHEET, cell_xml(b"1e400")),
        "bad_date_cell.xlsx": changed(base, SHEET, cell_xml(b"garbage", b"d")),
        "bad_bool_cell.xlsx": changed(base, SHEET, cell_xml(b"x", b"b")),
        "bad_shared_index.xlsx": changed(base, SHEET, cell_xml(b"999", b"s")),
        "bad_reference.xlsx": changed(base, SHEET, lambda x: x.replace(b'r="A2"', b'r="ZZZZZZ2"')),
        "far_column.xlsx": changed(
            base,
            SHEET,
            lambda x: x.replace(
                b"</row></sheetData>", b'<c r="XFD2" t="n"><v>1</v></c></row></sheetData>'
            ),
        ),
        "numbers_1e308.xlsx": book([header, [1e308, 1e308, 1e308, 1e308, 1e308][:width]]),
        "formulas.xlsx": book([header, ["=1/0", "=NOW()", "=SUM(A1:A9)", "=A2", "=B2"][:width]]),
        "huge_cell.xlsx": book([header, ["x" * 20_000] * width]),
        "only_instructions.xlsx": book([["Instrucciones"], ["Llene la hoja siguiente"]]),
    }
    return files


def _zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, body in parts.items():
            archive.writestr(name, body)
    return out.getvalue()


def run(argv: list[str]) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(argv)
    return code, err.getvalue()


fingerprint = dbread.fingerprint


# words of the Spanish messages that an English one never holds
SPANISH = ("fila ", "archivo", "columna", " no es ", "falta", "válid", "límite")


@pytest.mark.parametrize("kind", ["vendors", "sales"])
def test_every_malformed_file_is_refused_cleanly(db_path, tmp_path, kind):
    db = str(db_path)
    header = VENDOR_HEADER if kind == "vendors" else SALES_HEADER
    files = corpus(header)
    assert len(files) >= 40
    before = fingerprint(db_path)
    for name, data in files.items():
        path = tmp_path / name
        path.write_bytes(data)
        for lang in ("es", "en"):
            code, err = run(["--db", db, "--lang", lang, "import", kind, str(path)])
            where = f"{name} ({kind}, {lang}): {err[-300:]!r}"
            assert code == 1, where
            assert err.strip(), where
            assert "Traceback" not in err and "inesperado" not in err, where
            assert "unexpected error" not in err, where
            if lang == "en":
                shown = err.replace(str(path), "").replace(name, "")
                assert not [w for w in SPANISH if w in shown.lower()], where
            assert fingerprint(db_path) == before, where
        path.unlink()


def test_a_real_subprocess_prints_no_traceback_either(db_path, tmp_path):
    import subprocess
    import sys

    path = tmp_path / "huge_field.csv"
    path.write_bytes(corpus(SALES_HEADER)["huge_field.csv"])
    before = fingerprint(db_path)
    env = {**os.environ, "PYTHONPATH": str(Path(cli.__file__).parents[1])}
    done = subprocess.run(
        [sys.executable, "-m", "agroferia", "--db", str(db_path), "import", "sales", str(path)],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "fila 2" in done.stderr and "10,000 caracteres" in done.stderr
    assert fingerprint(db_path) == before


def test_many_bad_rows_list_the_first_hundred_and_count_the_rest(db_path, tmp_path):
    path = tmp_path / "malas.csv"
    path.write_bytes(text(["DNI;Fecha;Monto", *[f"4{i:07d};ayer;1" for i in range(2_000)]]))
    code, err = run(["--db", str(db_path), "import", "sales", str(path)])
    assert code == 1
    listed = [line for line in err.splitlines() if line.startswith("  fila")]
    assert len(listed) == 100 and listed[0].startswith("  fila 2,")
    # each row has two errors (no such vendor, no date): 4,000 in all
    assert "Errores: 4000." in err and "  … y 3,900 problemas más" in err
    assert len(err) < 20_000
