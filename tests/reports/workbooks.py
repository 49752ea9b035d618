"""Reading workbooks back in tests: tables by their first header, numbers as Decimals, the
XML parts, and LibreOffice (when installed) to convert or print them."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
WITHHELD = "—"
UTF8_CSV = "csv:Text - txt - csv (StarCalc):44,34,76"  # comma, double quote, UTF-8


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


def xml_parts(path: Path) -> dict[str, str]:
    """Every XML part of the workbook (sheets, shared strings, styles, properties, charts,
    defined names), as text."""
    with zipfile.ZipFile(path) as z:
        return {
            name: z.read(name).decode("utf-8")
            for name in z.namelist()
            if name.endswith((".xml", ".rels", ".vml"))
        }


def all_text(wb) -> list[str]:
    """Every text the workbook shows or carries: cells, comments, headers and footers,
    defined names, sheet titles and document properties."""
    found: list[str] = []
    for ws in wb.worksheets:
        found.append(ws.title)
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    found.append(cell.value)
                if cell.comment is not None:
                    found.append(cell.comment.text)
        for part in (ws.oddHeader, ws.oddFooter, ws.evenHeader, ws.evenFooter):
            found += [str(p.text) for p in (part.left, part.center, part.right) if p.text]
    found += [str(d.value) for d in wb.defined_names.values()]
    props = wb.properties
    for name in ("title", "subject", "creator", "keywords", "description", "lastModifiedBy",
                 "category", "identifier", "language", "version", "contentStatus"):  # fmt: skip
        value = getattr(props, name)
        if value:
            found.append(str(value))
    return found


def soffice(source: Path, fmt: str, out: Path) -> Path:
    """``source`` converted by LibreOffice headless to ``fmt`` (``pdf``, ``csv``...) in
    ``out``; a private profile, so that runs do not meet."""
    profile = out / "lo-profile"
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", fmt,
         "--outdir", str(out), str(source)],
        check=True, capture_output=True, timeout=240,
    )  # fmt: skip
    target = out / f"{source.stem}.{fmt.split(':')[0]}"
    assert target.is_file(), f"LibreOffice wrote no {target.name}"
    return target
