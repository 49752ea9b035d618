"""Reading a table from an ``.xlsx`` or ``.csv`` file, as people really save them.

CSV: one encoding per file: UTF-8 (with or without a byte-order mark) when the file holds
any UTF-8 accented letter, else Windows-1252 (Latin-1); a row with bytes that encoding cannot
read is named in ``Table.unreadable``, never read as other letters.  Comma, semicolon or tab,
detected.  XLSX: the first sheet whose header row names known columns (so that an
instructions sheet before the data is no problem).  The header is the row, among the first
few, that names the most known columns; columns are matched by ``header_key`` (case,
accents, spacing and punctuation ignored), then, failing that, without what people annotate
headers with (``Sexo (H/M)``, ``N° DNI``, ``Monto S/.``: see ``bare_header``).  Cell values are returned as read: text, numbers,
dates; interpreting them is the importer's job.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zlib
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import ParseError

from agroferia.core.errors import AgroferiaError
from agroferia.core.ubigeo import fold
from agroferia.i18n import lazy

HEADER_SEARCH_ROWS = 10
SAMPLE_VALUES = 200  # of a column not recognised: enough to tell what it holds
EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 1 is 1900-01-01 (with Lotus's 29 Feb 1900)
# Serials Excel shows as dates from 1910 to 2100: anything else in a date column is no date.
EXCEL_SERIALS = range(3654, 73051)


class SheetError(AgroferiaError):
    """The file cannot be read as a table (missing, damaged, empty, not xlsx or csv)."""


def header_key(text: object) -> str:
    """``Fecha de Nacimiento`` and ``fecha_de_nacimiento`` both give ``FECHADENACIMIENTO``."""
    return re.sub(r"[^A-Z0-9]", "", fold(str(text or "")))


_ANNOTATION = re.compile(r"\([^)]*\)|\[[^\]]*\]|\{[^}]*\}")
_NUMBER_MARK = re.compile(
    r"^(?:n\.?\s*[°º]\.?|no\.|nro(?:\.|\s)|n[uú]m(?:\.|\s)|#)\s*(?:de\s+)?", re.IGNORECASE
)
_CURRENCY_MARK = re.compile(r"\s+(?:en\s+)?(?:s/\.?|soles|pen)$", re.IGNORECASE)
# What people note in a header that does not change how its values read: soles, the
# day-first dates Agroferia reads, sex codes, required/optional. Any other note (``US$``,
# ``mm/dd/aaaa``) may mean the values are not what the column expects, and is asked about.
HARMLESS_NOTES = {
    "", "S", "SOLES", "ENSOLES", "PEN", "NUEVOSSOLES", "SOLESS", "MONEDANACIONAL",
    "DDMMAAAA", "DDMMAA", "DDMMYYYY", "DDMMYY", "DIAMESANO", "DIAMESAO",
    "HM", "MH", "FM", "MF", "HMO", "FMO", "MUJERHOMBRE", "HOMBREMUJER", "FEMENINOMASCULINO",
    "MASCULINOFEMENINO", "MUJERUHOMBRE", "SINO", "OPCIONAL", "OBLIGATORIO", "8DIGITOS",
    "DNI", "DNICE", "CELULAR", "FIJOOCELULAR", "EFECTIVOYAPEPLIN", "EFECTIVOYAPEPLINTARJETA",
    "PRINCIPAL", "SITIENE", "SEPARADOSPORPUNTOYCOMA", "SEPARADOSPOR",
}  # fmt: skip


def bare_header(text: object) -> str:
    """A header without its annotations: parenthesised or bracketed parts (``Sexo (H/M)``,
    ``Importe (S/)``), a leading number marker (``N°``, ``Nº``, ``No.``, ``Nro.``, ``Núm.``,
    ``#``, with a following ``de``), a trailing currency (``Monto S/.``, ``en soles``) and
    colons.  ``Nombres`` and ``No de documento`` are left alone: ``No`` is a marker only
    with its dot."""
    bare = str(text or "").strip()
    if wrapped := re.fullmatch(r"[\[(](.*)[\])]", bare):  # [Teléfono]: the whole header
        bare = wrapped.group(1)
    bare = _ANNOTATION.sub(" ", bare).strip().rstrip(":").strip()
    bare = _NUMBER_MARK.sub("", bare)
    return _CURRENCY_MARK.sub("", bare).strip()


class HeaderMatcher:
    """The field a header names: its ``header_key`` first, then that of its
    ``bare_header``, among the aliases as written and without their own annotations."""

    def __init__(self, aliases: Mapping[str, Iterable[str]]) -> None:
        self.exact: dict[str, str] = {}
        bare: dict[str, set[str]] = {}
        for fld, names in aliases.items():
            for name in names:
                self.exact[header_key(name)] = fld
                bare.setdefault(header_key(bare_header(name)), set()).add(fld)
        # a bare alias that two fields share names neither
        self.bare = {k: next(iter(f)) for k, f in bare.items() if k and len(f) == 1}

    @staticmethod
    def unclear_notes(header: object) -> list[str]:
        """The notes in brackets of ``header`` that ``HARMLESS_NOTES`` does not know."""
        text = str(header or "").strip()
        if re.fullmatch(r"[\[(](.*)[\])]", text):
            return []  # [Teléfono]: the whole header, not a note
        notes = [m.group(0)[1:-1].strip() for m in _ANNOTATION.finditer(text)]
        return [n for n in notes if header_key(n) not in HARMLESS_NOTES]

    def __call__(self, header: object) -> str | None:
        key = header_key(header)
        if not key:
            return None
        if key in self.exact:
            return self.exact[key]
        bare = header_key(bare_header(header))
        return self.exact.get(bare) or self.bare.get(bare)


@dataclass
class Table:
    """Rows keyed by field name; ``row`` numbers are those the user sees in the file."""

    source: str
    sheet: str | None
    header_row: int
    columns: dict[str, str]  # field -> the header as written in the file
    ignored: list[str]  # headers that name no known column
    # the first values (not blank) of each of those columns, in the same order
    ignored_samples: list[list[object]] = field(default_factory=list)
    rows: list[tuple[int, dict[str, object]]] = field(default_factory=list)
    # two headers naming the same field: (field, first header, second header)
    conflicts: list[tuple[str, str, str]] = field(default_factory=list)
    # headers read with a note that may change their values' meaning: (header, note)
    unclear: list[tuple[str, str]] = field(default_factory=list)
    # rows with values to the right of the last header: row -> spreadsheet column number
    overflow: dict[int, int] = field(default_factory=dict)
    # other sheets that hold a table of known columns too
    other_sheets: list[str] = field(default_factory=list)
    encoding: str | None = None  # a CSV file's: UTF8 or WINDOWS_1252
    # rows (the header's and below) with bytes the encoding cannot read: row -> first byte
    unreadable: dict[int, int] = field(default_factory=dict)

    def column_name(self, field_name: str) -> str | None:
        return self.columns.get(field_name)


def read_table(path: Path | str, aliases: Mapping[str, Iterable[str]]) -> Table:
    """The table in ``path`` with its columns mapped to fields by ``aliases``
    (field -> accepted header names).  Blank rows are left out."""
    path = Path(path)
    match = HeaderMatcher(aliases)
    suffix = path.suffix.lower()
    decoded: Decoded | None = None
    unreadable: dict[int, int] = {}
    if not path.is_file():
        raise SheetError(lazy("No se encontró el archivo {path}.", path=path))
    if suffix in (".xlsx", ".xlsm"):
        sheets = _xlsx_sheets(path)
    elif suffix in (".csv", ".txt"):
        csv_rows, decoded, unreadable = _csv_rows(path)
        sheets = [(None, csv_rows)]
    else:
        raise SheetError(
            lazy(
                "{name}: solo se pueden importar archivos .xlsx o .csv (guarde el archivo en "
                "uno de esos formatos).",
                name=path.name,
            )
        )
    best: Table | None = None
    tables = [t for sheet, rows in sheets if (t := _table(str(path), sheet, rows, match))]
    for table in tables:
        if best is None or len(table.columns) > len(best.columns):
            best = table
    if best is not None and decoded is not None:
        best.encoding = decoded.encoding
        best.unreadable = {n: b for n, b in unreadable.items() if n >= best.header_row}
    if best is not None:
        best.other_sheets = [
            t.sheet for t in tables
            if t is not best and t.rows and len(t.columns) >= min(2, len(best.columns))
        ]  # fmt: skip
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
    source: str, sheet: str | None, rows: list[list[object]], match: HeaderMatcher
) -> Table | None:
    best_row, best_hits = None, 0
    for index, values in enumerate(rows[:HEADER_SEARCH_ROWS]):
        hits = len({f for v in values if (f := match(v)) is not None})
        if hits > best_hits:
            best_row, best_hits = index, hits
    if best_row is None:
        return None
    positions: dict[str, int] = {}
    columns: dict[str, str] = {}
    ignored: list[str] = []
    ignored_at: list[int] = []
    conflicts: list[tuple[str, str, str]] = []
    unclear: list[tuple[str, str]] = []
    for position, value in enumerate(rows[best_row]):
        name = str(value).strip() if value is not None else ""
        found = match(name)
        if found is not None and found not in positions:
            positions[found] = position
            columns[found] = name
            unclear += [(name, note) for note in match.unclear_notes(name)]
        elif found is not None:
            conflicts.append((found, columns[found], name))
        elif name:
            ignored.append(name)
            ignored_at.append(position)
    width = max((i + 1 for i, v in enumerate(rows[best_row]) if not _blank(v)), default=0)
    table = Table(source, sheet, best_row + 1, columns, ignored, conflicts=conflicts,
                  unclear=unclear)  # fmt: skip
    table.ignored_samples = [_sample(rows[best_row + 1 :], p) for p in ignored_at]
    for number, values in enumerate(rows[best_row + 1 :], start=best_row + 2):
        record = {f: values[p] if p < len(values) else None for f, p in positions.items()}
        beyond = next((i + 1 for i in range(width, len(values)) if not _blank(values[i])), None)
        if beyond is not None:
            table.overflow[number] = beyond
        if beyond is not None or any(not _blank(v) for v in record.values()):
            table.rows.append((number, record))
    return table


def _sample(rows: list[list[object]], position: int) -> list[object]:
    sample: list[object] = []
    for values in rows:
        if position < len(values) and not _blank(values[position]):
            sample.append(values[position])
            if len(sample) == SAMPLE_VALUES:
                break
    return sample


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
        sheets = []
        for ws in book.worksheets:
            if ws.sheet_state != "visible":
                continue
            ws.reset_dimensions()  # the stored size may be stale: read what is there
            sheets.append((ws.title, [_trimmed(r) for r in ws.iter_rows(values_only=True)]))
        return sheets
    except (zlib.error, ParseError, ValueError, KeyError, OSError) as exc:
        raise SheetError(
            lazy("{name} no es un archivo de Excel válido ({detail}).", name=path.name, detail=exc)
        ) from exc
    finally:
        book.close()


def _trimmed(row: tuple) -> list[object]:
    """The row without its empty cells at the end (a stray cell far right widens them all)."""
    values = list(row)
    while values and _blank(values[-1]):
        values.pop()
    return values


UTF8, WINDOWS_1252 = "UTF-8", "Windows-1252"
_BOM = b"\xef\xbb\xbf"
# a well-formed UTF-8 sequence of two to four bytes (an accented letter, ñ, “, €…)
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
_UNREADABLE = re.compile("[\udc80-\udcff]")  # a byte the encoding could not read
REPLACEMENT = "\ufffd"


@dataclass(frozen=True)
class Decoded:
    """A file's text in its one encoding.  Bytes that encoding cannot read are kept as
    lone surrogates (U+DC80 to U+DCFF: ``unreadable_byte`` names them); ``clean`` when there
    are none."""

    text: str
    encoding: str  # UTF8 or WINDOWS_1252
    clean: bool


def decode(data: bytes) -> Decoded:
    """UTF-8 (with or without BOM) when the file is UTF-8 apart from stray bytes, that is,
    when it has a BOM or any valid multibyte sequence; Windows-1252 only when it has none.
    One encoding for the whole file: a stray byte never turns every other row's accents
    into ``MarÃ­a``."""
    bom = data.startswith(_BOM)
    if bom:
        data = data[len(_BOM) :]
    try:
        return Decoded(data.decode("utf-8"), UTF8, True)
    except UnicodeDecodeError:
        encoding = UTF8 if bom or _UTF8_MULTIBYTE.search(data) else WINDOWS_1252
    codec = "utf-8" if encoding == UTF8 else "cp1252"
    text = data.decode(codec, errors="surrogateescape")
    return Decoded(text, encoding, _UNREADABLE.search(text) is None)


def unreadable_byte(text: str) -> int | None:
    """The first byte of ``text`` that its encoding could not read (see ``Decoded``)."""
    found = _UNREADABLE.search(text)
    return ord(found.group()) - 0xDC00 if found else None


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


def _csv_rows(path: Path) -> tuple[list[list[object]], Decoded, dict[int, int]]:
    """The rows, the decoding, and the rows holding bytes it could not read: row number ->
    the first such byte (the cells show U+FFFD there, never another letter)."""
    decoded = decode(path.read_bytes())
    text = decoded.text
    if "\x00" in text:
        raise SheetError(
            lazy("{name} no es un archivo de texto CSV (¿es un Excel renombrado?).", name=path.name)
        )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text), strict=True)
    rows: list[list[object]] = []
    unreadable: dict[int, int] = {}
    try:
        for row in reader:
            if not decoded.clean and (byte := unreadable_byte("".join(row))) is not None:
                unreadable[len(rows) + 1] = byte
                row = [_UNREADABLE.sub(REPLACEMENT, value) for value in row]
            rows.append(list(row))
    except csv.Error as exc:
        raise SheetError(
            lazy(
                '{name}, fila {row}: unas comillas (") se abren y no se cierran, o sobran; '
                "corrija esa fila ({detail}).",
                name=path.name,
                row=len(rows) + 1,
                detail=exc,
            )
        ) from exc
    return rows, decoded, unreadable


def excel_date(value: object) -> dt.date | None:
    """A date from an Excel serial number (a number, or digits as text); else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and re.fullmatch(r"\d{5}(\.0+)?", value.strip()):
        value = float(value)
    if isinstance(value, int | float) and int(value) == value and int(value) in EXCEL_SERIALS:
        return EXCEL_EPOCH + dt.timedelta(days=int(value))
    return None
