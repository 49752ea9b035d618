"""A sales file's decimal mark, from its own amounts: ``1.234,50`` or ``85,00`` show a
decimal comma (so ``3.500`` is three thousand five hundred), ``1,234.50`` or ``85.00`` a
decimal point.  Evidence both ways refuses the file (no majority vote); an amount the file
does not settle, or that contradicts it, refuses its row with both readings.  Number cells
of a workbook are numbers and need no reading."""

from __future__ import annotations

import re
from decimal import Decimal

from agroferia.core import sales
from agroferia.core import validation as v
from agroferia.core.imports.report import ImportReport
from agroferia.core.imports.rows import is_example
from agroferia.core.money import (
    MARK_NAMES,
    AmbiguousAmount,
    ConventionError,
    decimal_mark,
    format_money,
)
from agroferia.core.sheets import Table
from agroferia.i18n import Text, lazy

_PLAIN = re.compile(r"\d+")
_TWO_DECIMALS = re.compile(r"\d+([.,])\d{1,2}")  # 12.50, 85,00: the usual case, read at once
SEPARATOR_NAMES = {".": lazy("el punto"), ",": lazy("la coma")}


def _mark(text: str) -> str | None:
    if _PLAIN.fullmatch(text):
        return None
    if found := _TWO_DECIMALS.fullmatch(text):
        return found.group(1)
    return decimal_mark(text)


def _counts(table: Table, number: int, record: dict[str, object]) -> bool:
    """Whether a row's amount is evidence: rows the import leaves out (a template's example,
    values past the last header, bytes that cannot be read) show nothing."""
    return not (table.left_out(number) or is_example(record))


def _written(amount: Decimal, decimal: str) -> str:
    """``1,250.00`` (decimal point) or ``1.250,00`` (decimal comma)."""
    text = format(amount, ",.2f")
    return text if decimal == "." else text.translate(str.maketrans(",.", ".,"))


class AmountConvention:
    """The decimal mark of one file (``decimal``), from the text of its amount cells.

    Read from the table's rows at once, or, with ``later``, from the rows given to ``see``
    (in the pass that reads the file's rows first: ``rows.start`` takes it as its
    ``watcher`` and gives it the table) until ``conclude``."""

    def __init__(
        self, table: Table | None, report: ImportReport | None, *, later: bool = False
    ) -> None:
        self.decimal: str | None = None
        self.evidence: tuple[int, str] | None = None  # the first row showing it, its text
        self.conflict = False
        self._table, self._report = table, report
        self._first: dict[str, tuple[int, str]] = {}
        self._texts = self._numbers = 0
        # once one mark is seen, only a text with the other, or grouping thousands with the
        # first (1,234,567 shows a decimal point), can show the other
        self._seen, self._other = "", ""
        if not later and table is not None:
            for number, record in table.rows:
                if self.see(number, record):
                    break
            self.conclude()

    def start(self, table: Table) -> None:
        """The table whose rows ``see`` is then given."""
        self._table = table

    def see(self, number: int, record: dict[str, object]) -> bool:
        """Takes a row's amount as evidence; True once nothing more can change the answer
        (both marks seen)."""
        first = self._first
        value = record.get("amount")
        if isinstance(value, str):
            value = value.strip()
            if not value:
                return False
            self._texts += 1
            seen = self._seen
            if seen and self._other not in value and value.count(seen) < 2 and value.isascii():
                return False
            mark = _mark(value)
            if mark is None or mark in first or not _counts(self._table, number, record):
                return False
            first[mark] = (number, value)
            if len(first) == 2:
                return True
            self._seen, self._other = mark, "," if mark == "." else "."
        elif isinstance(value, int | float | Decimal) and not isinstance(value, bool):
            self._numbers += 1
        return False

    def conclude(self, report: ImportReport | None = None) -> None:
        """The file's decimal mark from what was seen, with its note or its error (in
        ``report``, or the one it was made with)."""
        first = self._first
        report = self._report = report or self._report
        assert report is not None
        texts, numbers = self._texts, self._numbers
        if len(first) == 2:
            self.conflict = True
            (row1, text1), (row2, text2) = sorted(first.values())
            report.error(
                None, None,
                lazy("Los montos del archivo usan las dos marcas decimales: «{first}» (fila "
                     "{first_row}) se lee con {first_mark} y «{second}» (fila {second_row}) con "
                     "{second_mark}. Escriba todos los montos con la misma marca decimal.",
                     first=text1, first_row=row1, first_mark=MARK_NAMES[_mark(text1) or "."],
                     second=text2, second_row=row2,
                     second_mark=MARK_NAMES[_mark(text2) or "."]),
            )  # fmt: skip
        elif first:
            ((self.decimal, self.evidence),) = first.items()
            row, text = self.evidence
            report.notes.append(
                lazy("Montos: {mark} ({text}), como en la fila {row}",
                     mark=MARK_NAMES[self.decimal], text=text, row=row)
            )  # fmt: skip
        elif texts:
            report.notes.append(lazy("Montos: sin separadores que decidir"))
        elif numbers:
            report.notes.append(lazy("Montos: celdas numéricas de Excel"))

    def cents(self, value: object) -> int:
        """The amount of a cell in céntimos, read with the file's decimal mark; ``Invalid``
        with the file's context when the file leaves it open or contradicts it."""
        try:
            return sales.check_amount(value, decimal=self.decimal)
        except AmbiguousAmount as exc:
            raise v.Invalid(self._ambiguous(exc)) from None
        except ConventionError as exc:
            row, text = self.evidence or (0, "")
            raise v.Invalid(
                lazy("{message} (como en «{text}», fila {row})",
                     message=exc.message, text=text, row=row)
            ) from None  # fmt: skip

    def _ambiguous(self, exc: AmbiguousAmount) -> Text:
        sep = "." if "." in exc.text else ","
        thousands = exc.thousands
        if self.decimal is None:
            if exc.decimals is not None:
                return lazy(
                    "«{text}» puede ser {thousands} o {decimals}, y el archivo no dice si {sep} "
                    "separa miles o decimales: escriba los decimales ({dot} o {comma} si son "
                    "miles; {plain} si no)",
                    text=exc.text, thousands=format_money(thousands), decimals=format_money(exc.decimals),
                    sep=SEPARATOR_NAMES[sep], dot=_written(thousands, "."),
                    comma=_written(thousands, ","),
                    plain=f"{exc.decimals:.2f}".replace(".", sep),
                )  # fmt: skip
            return lazy(
                "«{text}» solo es un monto si {sep} separa miles ({thousands}), y el archivo no "
                "dice si separa miles o decimales: escriba los decimales ({dot} o {comma})",
                text=exc.text, sep=SEPARATOR_NAMES[sep], thousands=format_money(thousands),
                dot=_written(thousands, "."), comma=_written(thousands, ","),
            )  # fmt: skip
        row, example = self.evidence or (0, "")
        if exc.decimals is not None:
            return lazy(
                "«{text}» tiene tres cifras tras {sep}, que en este archivo separa los decimales "
                "(como en «{example}», fila {row}): ¿{thousands} o {decimals}? Escriba "
                "{written} o {plain}",
                text=exc.text, sep=SEPARATOR_NAMES[sep], example=example, row=row,
                thousands=format_money(thousands), decimals=format_money(exc.decimals),
                written=_written(thousands, self.decimal),
                plain=f"{exc.decimals:.2f}".replace(".", self.decimal),
            )  # fmt: skip
        return lazy(
            "«{text}» tendría tres decimales: en este archivo {sep} separa los decimales (como "
            "en «{example}», fila {row}). Si son miles ({thousands}), escriba {written}",
            text=exc.text, sep=SEPARATOR_NAMES[sep], example=example, row=row,
            thousands=format_money(thousands), written=_written(thousands, self.decimal),
        )  # fmt: skip
