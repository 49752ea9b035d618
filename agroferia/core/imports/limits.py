"""How much of a file an import reads: every limit in one place, generous for real fairs
(ten years of sales of a big fair are about a million rows; a 200 MB sales file imports)
and small enough that no file, however made, can fill the memory or the screen.

A file past a limit is refused with ``SheetError``, whose message names the limit and,
where there is one, the row."""

from __future__ import annotations

from agroferia.core.errors import AgroferiaError

MB = 1024 * 1024
MAX_CSV_BYTES = 1024 * MB  # a .csv file
MAX_XLSX_BYTES = 256 * MB  # a .xlsx file (compressed)
MAX_ROWS = 5_000_000  # rows of a sheet, the header's and the blank ones included
MAX_COLUMNS = 256  # the last non-blank cell of a row
MAX_CELL_CHARS = 10_000  # one value
MAX_LINE_CHARS = 1_000_000  # one line of a CSV file
# a part of a workbook (a sheet's XML...): its size once uncompressed, and how many times
# its compressed size it may be (real sheets: 5 to 30; a "zip bomb": thousands)
MAX_XLSX_PART_BYTES = 2048 * MB
MAX_XLSX_SHARED_BYTES = 256 * MB  # the shared strings part, read whole
MAX_XLSX_RATIO = 200
RATIO_FROM_BYTES = 10 * MB  # smaller parts may compress as they like
XML_PROLOG_BYTES = 64 * 1024  # where a part must have begun its first element
SHOWN_PROBLEMS = 100  # problems listed one by one; the rest are counted
CACHED_ROWS = 50_000  # a table this small is kept in memory; a larger one is read again


class SheetError(AgroferiaError):
    """The file cannot be read as a table (missing, damaged, empty, not xlsx or csv, or
    past one of the limits above)."""


def thousands(n: int) -> str:
    """``1,000,000``: a limit as the messages write it."""
    return f"{n:,}"
