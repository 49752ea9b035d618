"""Reading an import file's rows: the table, the problems of the file as a whole, the rows
to check (examples and repeats set aside) and their cells as the validators take them."""

from __future__ import annotations

import datetime as dt
import math
from array import array
from collections.abc import Iterator
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from agroferia.core.import_columns import EXAMPLE_MARKS, Column, aliases
from agroferia.core.imports import resemblance
from agroferia.core.imports.compact import repeated_hashes
from agroferia.core.imports.csv_file import column_letter as letter
from agroferia.core.imports.limits import CACHED_ROWS
from agroferia.core.imports.report import ImportReport
from agroferia.core.sheets import Table, excel_date, header_key, read_table
from agroferia.i18n import lazy

# example values no real row shares by chance (a region or "Sí" may well be true)
PERSONAL = {"given_names", "surnames", "doc_number", "birth_date", "association", "phone", "stall"}
NOT_AMOUNT = object()  # a date, time or TRUE/FALSE cell where an amount should be
NOT_FINITE = object()  # a number cell too large to be a number (1e400 is read as infinity)
MAX_FLOAT_AMOUNT = 1e13  # a number cell past this is no amount: left to say "too large"
DATE_FIELDS = {"birth_date", "sgp_expires_on", "registered_on", "date", "consent_on"}


def column(table: Table, fld: str, columns: tuple[Column, ...]) -> str:
    """The header of ``fld`` as the file writes it, or as the template does."""
    name = table.column_name(fld)
    if name:
        return name
    return next(str(c.header) for c in columns if c.field == fld)


def start(
    path: Path | str, kind: str, columns: tuple[Column, ...], watcher: Watcher | None = None
) -> tuple[Table, ImportReport]:
    """The file's table and a report holding the problems of the file as a whole.  The
    pass that counts the rows also learns what ``rows`` needs to know before it gives the
    first (``FirstPass``), and shows each row to ``watcher``."""
    table = read_table(path, aliases(columns), watch=FirstPass(watcher).begin)
    report = ImportReport(kind, str(path), rows_read=len(table.rows))
    report.ignored_columns = list(table.ignored)
    report.sheet = table.sheet
    if table.encoding is not None:
        report.notes.append(lazy("Codificación: {encoding}", encoding=table.encoding))
    for number, byte in table.unreadable.items():
        report.error(
            number, None,
            lazy("tiene un carácter que no es {encoding} (byte 0x{byte}); guarde el archivo "
                 "como UTF-8", encoding=table.encoding, byte=f"{byte:02X}"),
        )  # fmt: skip
    for _field, first, second in table.conflicts:
        report.error(
            None, None,
            lazy("Las columnas «{first}» y «{second}» dicen lo mismo: deje solo una.",
                 first=first, second=second),
        )  # fmt: skip
    for header, note in table.unclear:
        report.error(
            None, None,
            lazy("La columna «{header}» lleva la nota «{note}», que puede cambiar lo que "
                 "dicen sus valores (se leen montos en soles y fechas como dd/mm/aaaa). Si "
                 "sus valores son así, quite la nota del encabezado; si no, corríjalos.",
                 header=header, note=note),
        )  # fmt: skip
    if table.other_sheets:
        report.error(
            None, None,
            lazy("El archivo tiene datos en varias hojas ({sheets}): deje los datos en una sola "
                 "hoja, o importe cada hoja como un archivo aparte.",
                 sheets=", ".join([table.sheet or "", *table.other_sheets])),
        )  # fmt: skip
    for number, position in table.overflow.items():
        report.error(
            number, None,
            lazy("hay valores a la derecha de la última columna con encabezado (columna "
                 "{column}); si un monto o un nombre lleva comas o punto y coma, enciérrelo "
                 "entre comillas", column=letter(position)),
        )  # fmt: skip
    if not table.rows:
        report.error(
            None, None,
            lazy("El archivo no tiene filas con datos debajo de los encabezados (fila {row}).",
                 row=table.header_row),
        )  # fmt: skip
    resemblance.check(table, report, columns)
    for col in columns:
        if col.required and col.field not in table.columns:
            report.error(
                None, None, lazy("Falta la columna «{name}» (obligatoria).", name=str(col.header))
            )
    return table, report


def is_example(record: dict[str, object]) -> bool:
    for value in record.values():
        if (
            isinstance(value, str)
            and "(" in value
            and value.lstrip().startswith("(")
            and header_key(value.split(")")[0] + ")") in EXAMPLE_MARKS
        ):
            return True
    return False


# a date written as text, read once: a file repeats a few hundred dates over its rows
_text_date = lru_cache(maxsize=4096)(excel_date)


def cell(fld: str, value: object) -> object:
    """A spreadsheet value as the validators take it."""
    if isinstance(value, str):
        value = value.strip()
        if fld in DATE_FIELDS:
            return _text_date(value) or value
        return value or None
    if fld == "amount":
        if isinstance(value, bool | dt.date | dt.time | dt.timedelta):
            return NOT_AMOUNT
        if isinstance(value, float) and not math.isfinite(value):
            return NOT_FINITE
        if (
            isinstance(value, float)
            and abs(value) < MAX_FLOAT_AMOUNT
            and abs(value * 100 - round(value * 100)) < 1e-6
        ):
            return round(Decimal(repr(value)), 2)  # 12.299999999999999 from =3*4.1 is 12.30
        return value
    if isinstance(value, dt.datetime):
        return value.date()
    if fld in DATE_FIELDS and (day := excel_date(value)) is not None:
        return day
    if isinstance(value, float) and value.is_integer() and fld in {"doc_number", "phone", "stall"}:
        value = int(value)
    if fld == "doc_number" and isinstance(value, int) and not isinstance(value, bool):
        # a number cell loses a DNI's leading zeros: 01234567 is shown as 1234567
        return str(value).zfill(8)
    if isinstance(value, int) and not isinstance(value, bool) and fld != "amount":
        return str(value)
    return value


def _repeat_key(record: dict[str, object]) -> tuple:
    return tuple(
        (k, val.casefold() if isinstance(val, str) else val)
        for k, val in sorted(record.items())
        if val is not None and val != ""
    )


_hash = hash  # of a key (``_repeat_key``): rows whose keys share one are compared exactly


def _cleaned(record: dict[str, object]) -> dict[str, object]:
    """``cell`` of every value, with a text (every value of a CSV file) cleaned in line."""
    data: dict[str, object] = {}
    for fld, value in record.items():
        if type(value) is str:
            value = value.strip()
            data[fld] = (_text_date(value) or value) if fld in DATE_FIELDS else (value or None)
        else:
            data[fld] = cell(fld, value)
    return data


def key_hash(record: dict[str, object], fields: list[tuple[str, bool]] | None = None) -> int:
    """``hash(_repeat_key(_cleaned(record)))`` in one loop, without the cleaned record.
    ``fields``: the record's fields in order, each with whether it holds dates (as
    ``key_fields`` gives them), when known."""
    parts = []
    for fld, is_date in fields if fields is not None else key_fields(record):
        value = record[fld]
        if type(value) is str:
            value = value.strip()
            if not value:
                continue
            if is_date:
                value = _text_date(value) or value
        else:
            value = cell(fld, value)
            if value is None or value == "":
                continue
        parts.append((fld, value.casefold() if isinstance(value, str) else value))
    return _hash(tuple(parts))


def key_fields(record: dict[str, object]) -> list[tuple[str, bool]]:
    """The fields of a record in the order of its key (``_repeat_key``), each with whether
    it holds dates."""
    return [(fld, fld in DATE_FIELDS) for fld in sorted(record)]


class Watcher(Protocol):
    """What else the first pass over every row learns (``amounts.AmountConvention``)."""

    def start(self, table: Table) -> None: ...  # the table whose rows it will see

    def see(self, number: int, record: dict[str, object]) -> bool: ...  # True: seen enough

    def conclude(self, report: ImportReport) -> None: ...


SHORT = 0xFFFFFFFF  # the low 32 bits of a hash: what is kept of each row's
_SHORT = "L" if array("L").itemsize == 4 else "I"  # an array of them (4 bytes each)


class FirstPass:
    """What the pass that counts a table's rows (``sheets.read_table``) learns for
    ``rows``: the low bits of the hash of each row's key (``_repeat_key``), in order, 4
    bytes a row (only rows whose bits another row has can repeat it, and only theirs are
    then compared exactly); and ``watcher`` is shown every row, until it has seen
    enough."""

    def __init__(self, watcher: Watcher | None = None) -> None:
        self.watcher = watcher
        self.watching = watcher is not None
        self.hashes = array(_SHORT)
        self.fields: list[tuple[str, bool]] | None = None

    def begin(self, table: Table) -> FirstPass:
        if self.watcher is not None:
            self.watcher.start(table)
        return self

    def __call__(self, number: int, record: dict[str, object]) -> None:
        if self.watching and self.watcher.see(number, record):  # type: ignore[union-attr]
            self.watching = False
        if self.fields is None:  # every record of a table has the same fields
            self.fields = key_fields(record)
        self.hashes.append((key_hash(record, self.fields) & SHORT) or 1)  # 0: none

    def candidates(self) -> set[int]:
        """The low bits that more than one row's hash has."""
        return repeated_hashes(self.hashes, len(self.hashes))


def rows(
    table: Table, report: ImportReport, columns: tuple[Column, ...]
) -> Iterator[tuple[int, dict[str, object]]]:
    """The rows to check, with their values cleaned; examples and repeats are reported.
    The watcher given to ``start`` has been shown every row, in the pass that counted
    them, and concludes before the first row is given (a table read otherwise has a pass
    of its own first, without a watcher)."""
    first = table.watched
    if not isinstance(first, FirstPass):
        first = FirstPass().begin(table)
        for number, record in table.rows:
            first(number, record)
    if first.watcher is not None:
        first.watcher.conclude(report)
    candidates: set[int] | None = None
    hashes = first.hashes
    if len(table.rows) > CACHED_ROWS:  # a table kept in memory: all of its rows compared
        candidates = first.candidates()
    else:
        first.hashes = hashes = array(_SHORT)
    seen: dict[tuple, int] = {}  # the rows that may be repeated, by key: their number
    examples = {c.field: str(c.example) for c in columns if c.example and c.field in PERSONAL}
    several_examples = len(examples) >= 2  # a row keeping two of them is refused
    for index, (number, record) in enumerate(table.rows):
        if table.left_out(number):
            continue
        if is_example(record):
            report.skip(number, None, lazy("fila de ejemplo de la plantilla"))
            continue
        kept = [f for f, e in examples.items() if str(record.get(f) or "").strip() == e] if (
            several_examples) else ()  # fmt: skip
        if len(kept) >= 2:
            report.error(
                number, None,
                lazy("conserva valores de la fila de ejemplo de la plantilla ({columns}); "
                     "bórrelos o escriba los verdaderos",
                     columns=", ".join(table.column_name(f) or f for f in kept)),
            )  # fmt: skip
            continue
        data = _cleaned(record)
        if candidates is not None and hashes[index] not in candidates:
            yield number, data  # no other row has its key's hash: it repeats none
            continue
        key = _repeat_key(data)
        if key in seen:
            report.error(
                number,
                None,
                lazy(
                    "repite exactamente la fila {other}; si son dos registros distintos, "
                    "únalos en una sola fila",
                    other=seen[key],
                ),
            )
            continue
        seen[key] = number
        yield number, data
