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

import datetime as dt
import math
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import closing
from dataclasses import dataclass, field
from functools import partial
from itertools import islice
from pathlib import Path

from agroferia.core.imports import csv_file, xlsx_file
from agroferia.core.imports.csv_file import BOM as _BOM
from agroferia.core.imports.csv_file import UNREADABLE, UTF8, WINDOWS_1252
from agroferia.core.imports.csv_file import UTF8_MULTIBYTE as _UTF8_MULTIBYTE
from agroferia.core.imports.limits import (
    CACHED_ROWS,
    MAX_CSV_BYTES,
    MAX_XLSX_BYTES,
    MB,
    SHOWN_PROBLEMS,
)
from agroferia.core.imports.limits import (
    SheetError as SheetError,
)
from agroferia.core.ubigeo import fold
from agroferia.i18n import lazy

HEADER_SEARCH_ROWS = 10
SAMPLE_VALUES = 200  # of a column not recognised: enough to tell what it holds
EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 1 is 1900-01-01 (with Lotus's 29 Feb 1900)
# Serials Excel shows as dates from 1910 to 2100: anything else in a date column is no date.
EXCEL_SERIALS = range(3654, 73051)


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


class Rows:
    """A table's rows, ``(number, record)``, read again from the file at each pass, so
    that no pass holds them all; a table of at most ``CACHED_ROWS`` rows is kept."""

    def __init__(
        self, read: Callable[[], Iterator[tuple[int, dict[str, object]]]], count: int,
        cached: list[tuple[int, dict[str, object]]] | None,
    ) -> None:  # fmt: skip
        self._read = read
        self._count = count
        self._cached = cached

    def __iter__(self) -> Iterator[tuple[int, dict[str, object]]]:
        return iter(self._cached) if self._cached is not None else self._read()

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index: int) -> tuple[int, dict[str, object]]:
        if self._cached is not None:
            return self._cached[index]
        if index < 0:
            index += self._count
        found = next(islice(iter(self), index, None), None)
        if found is None:
            raise IndexError(index)
        return found

    def __eq__(self, other: object) -> bool:
        return list(self) == list(other) if isinstance(other, Rows | list) else NotImplemented

    __hash__ = None  # type: ignore[assignment]


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
    rows: Rows | list[tuple[int, dict[str, object]]] = field(default_factory=list)
    # two headers naming the same field: (field, first header, second header)
    conflicts: list[tuple[str, str, str]] = field(default_factory=list)
    # headers read with a note that may change their values' meaning: (header, note)
    unclear: list[tuple[str, str]] = field(default_factory=list)
    # rows with values to the right of the last header: row -> spreadsheet column number
    # (the first ``SHOWN_PROBLEMS``; ``overflow_count`` counts them all)
    overflow: dict[int, int] = field(default_factory=dict)
    overflow_count: int = 0
    # other sheets that hold a table of known columns too
    other_sheets: list[str] = field(default_factory=list)
    encoding: str | None = None  # a CSV file's: UTF8 or WINDOWS_1252
    # rows (the header's and below) with bytes the encoding cannot read: row -> first byte
    # (the first ``SHOWN_PROBLEMS``; ``unreadable_count`` counts them all)
    unreadable: dict[int, int] = field(default_factory=dict)
    unreadable_count: int = 0
    # where the header is and which file positions give which field (for reading again)
    positions: dict[str, int] = field(default_factory=dict)
    width: int = 0
    ignored_at: list[int] = field(default_factory=list)  # the positions of ``ignored``
    # what the ``watch`` given to ``read_table`` learnt of the rows in its pass, if any
    watched: object = None

    def column_name(self, field_name: str) -> str | None:
        return self.columns.get(field_name)

    def left_out(self, number: int) -> bool:
        """Whether a row is refused whole: values past the last header, unreadable bytes."""
        return number in self.overflow or number in self.unreadable


RawRows = Callable[[], Iterator[tuple[int, list[object], int | None]]]
# given the table found, what sees each of its rows, ``(number, record)``, in the pass that
# counts them (the table's ``watched``)
Watch = Callable[[Table], Callable[[int, dict[str, object]], object]]


def read_table(
    path: Path | str, aliases: Mapping[str, Iterable[str]], watch: Watch | None = None
) -> Table:
    """The table in ``path`` with its columns mapped to fields by ``aliases``
    (field -> accepted header names).  Blank rows are left out.  The file is read as a
    stream within the limits of ``agroferia.core.imports.limits``.  ``watch``: what
    else the pass that counts the rows learns of each (so that a caller needs no pass of
    its own before reading them)."""
    path = Path(path)
    match = HeaderMatcher(aliases)
    suffix = path.suffix.lower()
    if not path.is_file():
        raise SheetError(lazy("No se encontró el archivo {path}.", path=path))
    encoding = None
    if suffix in (".xlsx", ".xlsm"):
        _check_size(path, MAX_XLSX_BYTES)
        with xlsx_file.workbook(path) as book:
            titles = xlsx_file.sheet_titles(book, path)
            sources = [(t, partial(xlsx_file.rows, path, t)) for t in titles]
            heads = [(t, _head(partial(xlsx_file.rows, path, t, book))) for t in titles]
            tables = [t for sheet, head in heads if (t := _table(str(path), sheet, head, match))]
            others = {t.sheet: _has_rows(partial(xlsx_file.rows, path, t.sheet, book), t)
                      for t in tables}  # fmt: skip
    elif suffix in (".csv", ".txt"):
        _check_size(path, MAX_CSV_BYTES)
        fmt = csv_file.probe(path)
        encoding = fmt.encoding
        sources = [(None, partial(csv_file.rows, path, fmt))]
        head = _head(sources[0][1])
        tables = [t for t in [_table(str(path), None, head, match)] if t]
        others = {}
    else:
        raise SheetError(
            lazy(
                "{name}: solo se pueden importar archivos .xlsx o .csv (guarde el archivo en "
                "uno de esos formatos).",
                name=path.name,
            )
        )
    best: Table | None = None
    for table in tables:
        if best is None or len(table.columns) > len(best.columns):
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
    best.encoding = encoding
    best.other_sheets = [
        t.sheet for t in tables
        if t is not best and others.get(t.sheet) and len(t.columns) >= min(2, len(best.columns))
    ]  # fmt: skip
    _scan(best, dict(sources)[best.sheet], watch)
    return best


def _check_size(path: Path, limit: int) -> None:
    size = path.stat().st_size
    if size > limit:
        raise SheetError(
            lazy("{name} pesa {size} MB, más de los {limit} MB que se importan de una vez (el "
                 "límite): divídalo en varios archivos.",
                 name=path.name, size=size // MB, limit=limit // MB)
        )  # fmt: skip


def _head(raw: RawRows) -> list[tuple[int, list[object], int | None]]:
    with closing(raw()) as found:
        return list(islice(found, HEADER_SEARCH_ROWS))


def _records(table: Table, raw: RawRows) -> Iterator[tuple[int, list[object], int | None]]:
    """The raw rows below the header."""
    with closing(raw()) as found:
        for number, values, byte in found:
            if number > table.header_row:
                yield number, values, byte


def _record(table: Table, values: list[object]) -> dict[str, object]:
    return {f: values[p] if p < len(values) else None for f, p in table.positions.items()}


def _beyond(table: Table, values: list[object]) -> int | None:
    if len(values) <= table.width:
        return None
    return next((i + 1 for i in range(table.width, len(values)) if not _blank(values[i])), None)


def _has_rows(raw: RawRows, table: Table) -> bool:
    for _number, values, _byte in _records(table, raw):
        if _beyond(table, values) is not None or any(
            not _blank(v) for v in _record(table, values).values()
        ):
            return True
    return False


def _scan(table: Table, raw: RawRows, watch: Watch | None = None) -> None:
    """One pass over the file: the rows' count, the rows refused whole, the samples of
    the columns not recognised; the rows themselves are kept only for a small table.
    Each row counted is shown to ``watch``'s watcher once the row's refusal is known."""
    see = watch(table) if watch is not None else None
    samples: list[list[object]] = [[] for _ in table.ignored]
    ignored_at = table.ignored_at
    cached: list[tuple[int, dict[str, object]]] | None = []
    count = 0
    width = table.width
    positions = list(table.positions.items())
    for number, values, byte in _records(table, raw):
        if byte is not None:
            table.unreadable_count += 1
            if len(table.unreadable) < SHOWN_PROBLEMS:
                table.unreadable[number] = byte
        size = len(values)
        for sample, position in zip(samples, ignored_at, strict=True):
            value = values[position] if position < size else None
            if len(sample) < SAMPLE_VALUES and not _blank(value):
                sample.append(value)
        record = {f: values[p] if p < size else None for f, p in positions}  # ``_record``
        beyond = _beyond(table, values) if size > width else None
        if beyond is not None:
            table.overflow_count += 1
            if len(table.overflow) < SHOWN_PROBLEMS:
                table.overflow[number] = beyond
        if beyond is not None or not _all_blank(record.values()):
            count += 1
            if see is not None:
                see(number, record)
            if cached is not None:
                cached.append((number, record))
                if len(cached) > CACHED_ROWS:
                    cached = None
    table.ignored_samples = samples
    table.watched = see
    table.rows = Rows(partial(_read_again, table, raw), count, cached)


def _read_again(table: Table, raw: RawRows) -> Iterator[tuple[int, dict[str, object]]]:
    """The rows below the header that are not blank, as ``_records``, ``_record`` and
    ``_beyond`` give them, in one loop (it runs once a pass over every row)."""
    header_row, width = table.header_row, table.width
    positions = list(table.positions.items())
    with closing(raw()) as found:
        for number, values, _byte in found:
            if number <= header_row:
                continue
            size = len(values)
            record = {f: values[p] if p < size else None for f, p in positions}
            if not _all_blank(record.values()) or (
                size > width and _beyond(table, values) is not None
            ):
                yield number, record


def _all_blank(values: Iterable[object]) -> bool:
    """Whether every value is blank (``_blank``), in one loop."""
    for value in values:
        if value is not None and (not isinstance(value, str) or value.strip()):
            return False
    return True


def _table(
    source: str, sheet: str | None, head: list[tuple[int, list[object], int | None]],
    match: HeaderMatcher,
) -> Table | None:  # fmt: skip
    best_row, best_hits = None, 0
    for _number, values, _byte in head:
        hits = len({f for v in values if (f := match(v)) is not None})
        if hits > best_hits:
            best_row, best_hits = _number, hits
    if best_row is None:
        return None
    header = next(values for number, values, _b in head if number == best_row)
    if (byte := next(b for n, _v, b in head if n == best_row)) is not None:
        header_byte = {best_row: byte}
    else:
        header_byte = {}
    positions: dict[str, int] = {}
    columns: dict[str, str] = {}
    ignored: list[str] = []
    ignored_at: list[int] = []
    conflicts: list[tuple[str, str, str]] = []
    unclear: list[tuple[str, str]] = []
    for position, value in enumerate(header):
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
    width = max((i + 1 for i, v in enumerate(header) if not _blank(v)), default=0)
    table = Table(source, sheet, best_row, columns, ignored, conflicts=conflicts,
                  unclear=unclear, positions=positions, width=width,
                  unreadable=header_byte, unreadable_count=len(header_byte),
                  ignored_at=ignored_at)  # fmt: skip
    return table


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


_UNREADABLE = UNREADABLE


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
    into ``MarÃ­a``.  (Files are read by ``csv_file.probe``, with the same rule, as a
    stream.)"""
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


def excel_date(value: object) -> dt.date | None:
    """A date from an Excel serial number (a number, or digits as text); else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and re.fullmatch(r"\d{5}(\.0+)?", value.strip()):
        value = float(value)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, int | float) and int(value) == value and int(value) in EXCEL_SERIALS:
        return EXCEL_EPOCH + dt.timedelta(days=int(value))
    return None
