"""A workbook read as a stream: its zip and the XML of its parts are checked before
openpyxl reads them (no part that unpacks to far more than it weighs, no DTD nor entity
anywhere), then each sheet is read row by row in openpyxl's read-only mode, within the
limits of ``limits``.  Whatever is damaged gives a ``SheetError``, never a traceback."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from agroferia.core.imports.csv_file import check_row
from agroferia.core.imports.limits import (
    MAX_XLSX_PART_BYTES,
    MAX_XLSX_RATIO,
    MAX_XLSX_SHARED_BYTES,
    MB,
    RATIO_FROM_BYTES,
    XML_PROLOG_BYTES,
    SheetError,
)
from agroferia.i18n import lazy

_FIRST_ELEMENT = re.compile(rb"<[A-Za-z_]")
_DECLARATIONS = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)


def damaged(path: Path, exc: BaseException | None = None) -> SheetError:
    detail = str(exc).strip().splitlines()[0][:120] if exc is not None and str(exc).strip() else ""
    if detail:
        return SheetError(
            lazy("{name} no es un archivo de Excel válido o está dañado ({detail}).",
                 name=path.name, detail=detail)
        )  # fmt: skip
    return SheetError(
        lazy("{name} no es un archivo de Excel válido o está dañado.", name=path.name)
    )


def check_zip(path: Path) -> None:
    """Refuses a workbook whose zip is damaged, one of whose parts would unpack to more
    than the limits, or whose XML declares a DTD or entities."""
    try:
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                _check_size(path, info)
                if info.filename.lower().endswith((".xml", ".rels", ".vml")):
                    with archive.open(info) as part:
                        _check_prolog(path, info.filename, part.read(XML_PROLOG_BYTES))
    except SheetError:
        raise
    except Exception as exc:  # a damaged zip gives errors of many kinds
        raise damaged(path, exc) from None


def _check_size(path: Path, info: zipfile.ZipInfo) -> None:
    limit = MAX_XLSX_SHARED_BYTES if "sharedstrings" in info.filename.lower() else (
        MAX_XLSX_PART_BYTES)  # fmt: skip
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size > limit or (info.file_size > RATIO_FROM_BYTES and ratio > MAX_XLSX_RATIO):
        raise SheetError(
            lazy("{name}: la parte «{part}» del libro ocupa {size} MB al descomprimirla "
                 "({ratio} veces lo que pesa), más de lo que se lee (el límite es {limit} MB "
                 "y {most} veces): no parece un libro de Excel normal.",
                 name=path.name, part=info.filename, size=info.file_size // MB, ratio=round(ratio),
                 limit=limit // MB, most=MAX_XLSX_RATIO)
        )  # fmt: skip


def _check_prolog(path: Path, part: str, start: bytes) -> None:
    """A DTD can only come before the first element: the start of the part tells."""
    first = _FIRST_ELEMENT.search(start)
    head = start[: first.start()] if first else start
    if _DECLARATIONS.search(head):
        raise SheetError(
            lazy("{name}: la parte «{part}» del libro declara un DTD o entidades XML, que "
                 "un libro de Excel no usa; no se lee (guárdelo de nuevo desde Excel).",
                 name=path.name, part=part)
        )  # fmt: skip
    if first is None and len(start) >= XML_PROLOG_BYTES:
        raise damaged(path)


@contextmanager
def workbook(path: Path) -> Iterator[Any]:
    """The workbook in read-only mode, its zip checked first."""
    check_zip(path)
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl's errors of a damaged file are of every kind
        raise damaged(path, exc) from None
    try:
        yield book
    finally:
        book.close()


def sheet_titles(book: Any, path: Path) -> list[str]:
    try:
        return [ws.title for ws in book.worksheets if ws.sheet_state == "visible"]
    except Exception as exc:
        raise damaged(path, exc) from None


def rows(path: Path, title: str, book: Any = None) -> Iterator[tuple[int, list[object], None]]:
    """The rows of the sheet ``title``: number, values without blank ones at the end (from
    ``book`` when it is open, else opening the file again)."""
    if book is None:
        with workbook(path) as opened:
            yield from rows(path, title, opened)
        return
    try:
        ws = book[title]
        ws.reset_dimensions()  # the stored size may be stale: read what is there
        found = ws.iter_rows(values_only=True)
    except Exception as exc:
        raise damaged(path, exc) from None
    number = 0
    while True:
        try:
            values = next(found, None)
        except Exception as exc:
            raise damaged(path, exc) from None
        if values is None:
            return
        number += 1
        yield number, check_row(path, number, _trimmed(values)), None


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _trimmed(row: tuple) -> list[object]:
    """The row without its empty cells at the end (a stray cell far right widens them all)."""
    end = len(row)
    while end and _blank(row[end - 1]):
        end -= 1
    return list(row[:end])
