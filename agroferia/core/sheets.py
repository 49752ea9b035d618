"""Reading a table from an ``.xlsx`` or ``.csv`` file, as people really save them.

CSV: UTF-8 with or without a byte-order mark, or Latin-1 (Windows-1252); comma, semicolon
or tab, detected.  XLSX: the first sheet whose header row names known columns (so that an
instructions sheet before the data is no problem).  The header is the row, among the first
few, that names the most known columns; columns are matched by ``header_key`` (case,
accents, spacing and punctuation ignored).  Cell values are returned as read: text, numbers,
dates; interpreting them is the importer's job.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from agroferia.core.errors import AgroferiaError
from agroferia.core.ubigeo import fold
from agroferia.i18n import lazy

HEADER_SEARCH_ROWS = 10
EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 1 is 1900-01-01 (with Lotus's 29 Feb 1900)
# Serials Excel shows as dates from 1950 to 2100: anything else in a date column is no date.
EXCEL_SERIALS = range(18264, 73051)


class SheetError(AgroferiaError):
    """The file cannot be read as a table (missing, damaged, empty, not xlsx or csv)."""


def header_key(text: object) -> str:
    """``Fecha de Nacimiento`` and ``fecha_de_nacimiento`` both give ``FECHADENACIMIENTO``."""
    return re.sub(r"[^A-Z0-9]", "", fold(str(text or "")))


@dataclass
class Table:
    """Rows keyed by field name; ``row`` numbers are those the user sees in the file."""

    source: str
    sheet: str | None
    header_row: int
    columns: dict[str, str]  # field -> the header as written in the file
    ignored: list[str]  # headers that name no known column
    rows: list[tuple[int, dict[str, object]]] = field(default_factory=list)

    def column_name(self, field_name: str) -> str | None:
        return self.columns.get(field_name)


def read_table(path: Path | str, aliases: Mapping[str, Iterable[str]]) -> Table:
    """The table in ``path`` with its columns mapped to fields by ``aliases``
    (field -> accepted header names).  Blank rows are left out."""
    path = Path(path)
    keys = {header_key(a): f for f, names in aliases.items() for a in names}
    suffix = path.suffix.lower()
    if not path.is_file():
        raise SheetError(lazy("No se encontró el archivo {path}.", path=path))
    if suffix in (".xlsx", ".xlsm"):
        sheets = _xlsx_sheets(path)
    elif suffix in (".csv", ".txt"):
        sheets = [(None, _csv_rows(path))]
    else:
        raise SheetError(
            lazy(
                "{name}: solo se pueden importar archivos .xlsx o .csv (guarde el archivo en "
                "uno de esos formatos).",
                name=path.name,
            )
        )
    best: Table | None = None
    for sheet, rows in sheets:
        table = _table(str(path), sheet, rows, keys)
        if table is not None and (best is None or len(table.columns) > len(best.columns)):
            best = table
    if best is None:
        names = ", ".join(sorted({next(iter(n)) for n in aliases.values()}))
        raise SheetError(
            lazy(
                "{name}: no se encontró una fila de encabezados con columnas conocidas ({names}).",
                name=path.name,
                names=names,
            )
        )
    return best


def _table(
    source: str, sheet: str | None, rows: list[list[object]], keys: dict[str, str]
) -> Table | None:
    best_row, best_hits = None, 0
    for index, values in enumerate(rows[:HEADER_SEARCH_ROWS]):
        hits = len({keys[k] for v in values if (k := header_key(v)) in keys})
        if hits > best_hits:
            best_row, best_hits = index, hits
    if best_row is None:
        return None
    positions: dict[str, int] = {}
    columns: dict[str, str] = {}
    ignored: list[str] = []
    for position, value in enumerate(rows[best_row]):
        name = str(value).strip() if value is not None else ""
        found = keys.get(header_key(name))
        if found is not None and found not in positions:
            positions[found] = position
            columns[found] = name
        elif name:
            ignored.append(name)
    table = Table(source, sheet, best_row + 1, columns, ignored)
    for number, values in enumerate(rows[best_row + 1 :], start=best_row + 2):
        record = {f: values[p] if p < len(values) else None for f, p in positions.items()}
        if any(not _blank(v) for v in record.values()):
            table.rows.append((number, record))
    return table


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _xlsx_sheets(path: Path) -> list[tuple[str, list[list[object]]]]:
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (BadZipFile, KeyError, ValueError, OSError) as exc:
        raise SheetError(
            lazy("{name} no es un archivo de Excel válido ({detail}).", name=path.name, detail=exc)
        ) from exc
    try:
        return [
            (ws.title, [list(r) for r in ws.iter_rows(values_only=True)])
            for ws in book.worksheets
            if ws.sheet_state == "visible"
        ]
    finally:
        book.close()


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252/Latin-1: what spreadsheets save."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _delimiter(text: str) -> str:
    """The separator that splits most of the first lines into the same number of fields
    (more than one); quotes respected, so ``"Quispe, Rosa";…`` is not fooled."""
    sample = [line for line in text.splitlines()[:50] if line.strip()]
    best, best_score = ",", (0, 0)
    for candidate in (",", ";", "\t", "|"):
        widths = Counter(len(row) for row in csv.reader(sample, delimiter=candidate))
        width, lines = max(widths.items(), key=lambda kv: (kv[1], kv[0]), default=(1, 0))
        score = (lines, width) if width > 1 else (0, 0)
        if score > best_score:
            best, best_score = candidate, score
    return best


def _csv_rows(path: Path) -> list[list[object]]:
    text = decode(path.read_bytes())
    if "\x00" in text:
        raise SheetError(
            lazy("{name} no es un archivo de texto CSV (¿es un Excel renombrado?).", name=path.name)
        )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    return [list(row) for row in reader]


def excel_date(value: object) -> dt.date | None:
    """A date from an Excel serial number (a number, or digits as text); else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and re.fullmatch(r"\d{5}(\.0+)?", value.strip()):
        value = float(value)
    if isinstance(value, int | float) and int(value) == value and int(value) in EXCEL_SERIALS:
        return EXCEL_EPOCH + dt.timedelta(days=int(value))
    return None
