"""A CSV file read as a stream: one pass over its bytes settles the encoding (see
``agroferia.core.sheets.decode``), then each pass over its rows reads it again, a line at a
time, within the limits of ``limits``."""

from __future__ import annotations

import codecs
import csv
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from agroferia.core.imports.limits import (
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_LINE_CHARS,
    MAX_ROWS,
    SheetError,
    thousands,
)
from agroferia.i18n import lazy

UTF8, WINDOWS_1252 = "UTF-8", "Windows-1252"
BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# a well-formed UTF-8 sequence of two to four bytes (an accented letter, ñ, “, €…)
UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
UNREADABLE = re.compile("[\udc80-\udcff]")  # a byte the encoding could not read
_UNDEFINED_1252 = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")
REPLACEMENT = "\ufffd"
CHUNK = 1024 * 1024
SAMPLE_CHARS = 64 * 1024  # of text, where the separator is looked for


@dataclass(frozen=True)
class CsvFormat:
    encoding: str  # UTF8 or WINDOWS_1252
    clean: bool  # every byte read as a letter
    delimiter: str


def not_text(path: Path) -> SheetError:
    return SheetError(
        lazy("{name} no es un archivo de texto CSV (¿es un Excel renombrado?).", name=path.name)
    )


def probe(path: Path) -> CsvFormat:
    """The file's encoding and separator, from one pass over its bytes."""
    with path.open("rb") as fh:
        head = fh.read(4)
        if head.startswith(_UTF16_BOMS):
            raise SheetError(
                lazy("{name} está guardado como texto UTF-16: guárdelo como «CSV UTF-8».",
                     name=path.name)
            )  # fmt: skip
        bom = head.startswith(BOM)
        fh.seek(len(BOM) if bom else 0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        utf8_ok, multibyte, undefined, tail = True, False, False, b""
        while chunk := fh.read(CHUNK):
            if b"\x00" in chunk:
                raise not_text(path)
            if utf8_ok:
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError:
                    utf8_ok = False
            if not multibyte:
                multibyte = UTF8_MULTIBYTE.search(tail + chunk) is not None
            undefined = undefined or _UNDEFINED_1252.search(chunk) is not None
            tail = chunk[-3:]
        if utf8_ok:
            try:
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                utf8_ok = False
    if utf8_ok:
        encoding, clean = UTF8, True
    elif bom or multibyte:
        encoding, clean = UTF8, False
    else:
        encoding, clean = WINDOWS_1252, not undefined
    with _open(path, encoding) as fh:
        sample = fh.read(SAMPLE_CHARS)
    return CsvFormat(encoding, clean, delimiter(sample))


def _open(path: Path, encoding: str):
    codec = "utf-8-sig" if encoding == UTF8 else "cp1252"
    return path.open(encoding=codec, errors="surrogateescape", newline="")


def delimiter(text: str) -> str:
    """The separator that splits most of the first lines into the same number of fields
    (more than one); quotes respected, so ``"Quispe, Rosa";…`` is not fooled."""
    sample = [line[:MAX_CELL_CHARS] for line in text.splitlines()[:50] if line.strip()]
    best, best_score = ",", (0, 0)
    for candidate in (",", ";", "\t", "|"):
        try:
            widths = Counter(len(row) for row in csv.reader(sample, delimiter=candidate))
        except csv.Error:  # an unclosed quote in the sample: not this one's evidence
            continue
        width, lines = max(widths.items(), key=lambda kv: (kv[1], kv[0]), default=(1, 0))
        score = (lines, width) if width > 1 else (0, 0)
        if score > best_score:
            best, best_score = candidate, score
    return best


class _LongLineError(Exception):
    pass


def _lines(fh) -> Iterator[str]:
    while line := fh.readline(MAX_LINE_CHARS + 1):
        if len(line) > MAX_LINE_CHARS:
            raise _LongLineError
        yield line


def rows(path: Path, fmt: CsvFormat) -> Iterator[tuple[int, list[object], int | None]]:
    """The file's rows: its number, its values (without blank ones at the end) and the
    first byte the encoding could not read (the values show U+FFFD there), or None."""
    number = 0
    with _open(path, fmt.encoding) as fh:
        reader = csv.reader(_lines(fh), delimiter=fmt.delimiter, strict=True)
        try:
            for row in reader:
                number += 1
                byte = None
                if not fmt.clean and (found := UNREADABLE.search("".join(row))) is not None:
                    byte = ord(found.group()) - 0xDC00
                    row = [UNREADABLE.sub(REPLACEMENT, value) for value in row]
                while row and not row[-1].strip():
                    row.pop()
                if (
                    number > MAX_ROWS
                    or len(row) > MAX_COLUMNS
                    or max(map(len, row), default=0) > MAX_CELL_CHARS
                ):
                    check_row(path, number, row)  # past a limit: refused
                yield number, row, byte
        except _LongLineError:
            raise SheetError(
                lazy("{name}, fila {row}: la línea pasa de {limit} caracteres (el límite); "
                     "¿faltan saltos de línea o se abren comillas que no se cierran?",
                     name=path.name, row=number + 1, limit=thousands(MAX_LINE_CHARS))
            ) from None  # fmt: skip
        except csv.Error as exc:
            if "field larger than field limit" in str(exc):
                raise too_long(path, number + 1, None) from None
            raise SheetError(
                lazy(
                    '{name}, fila {row}: unas comillas (") se abren y no se cierran, o sobran; '
                    "corrija esa fila ({detail}).",
                    name=path.name,
                    row=number + 1,
                    detail=exc,
                )
            ) from None


def too_long(path: Path, row: int, column: int | None) -> SheetError:
    if column is None:
        return SheetError(
            lazy("{name}, fila {row}: un valor pasa de {limit} caracteres (el límite); "
                 "¿se abren comillas que no se cierran?",
                 name=path.name, row=row, limit=thousands(MAX_CELL_CHARS))
        )  # fmt: skip
    return SheetError(
        lazy("{name}, fila {row}, columna {column}: el valor pasa de {limit} caracteres "
             "(el límite)", name=path.name, row=row, column=column_letter(column),
             limit=thousands(MAX_CELL_CHARS))
    )  # fmt: skip


def check_row(path: Path, number: int, values: list) -> list:
    """The row, once within the limits of rows, columns and cell length."""
    if number > MAX_ROWS:
        raise SheetError(
            lazy("{name} tiene más de {limit} filas (el límite): divídalo en varios archivos.",
                 name=path.name, limit=thousands(MAX_ROWS))
        )  # fmt: skip
    if len(values) > MAX_COLUMNS:
        raise SheetError(
            lazy("{name}, fila {row}: hay valores en la columna {column}, más allá de las "
                 "{limit} columnas que se leen (el límite); bórrelos.",
                 name=path.name, row=number, column=column_letter(len(values)),
                 limit=MAX_COLUMNS)
        )  # fmt: skip
    try:
        longest = max(map(len, values), default=0)  # a row of texts, as a CSV file gives
    except TypeError:  # numbers or dates among them, as a workbook gives
        longest = MAX_CELL_CHARS + 1
    if longest > MAX_CELL_CHARS:
        for position, value in enumerate(values, start=1):
            if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                raise too_long(path, number, position)
    return values


def column_letter(position: int) -> str:
    """1 -> A, 27 -> AA: the column as a spreadsheet names it."""
    letters = ""
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
