"""The letter M in a vendor file's sex column: *mujer* beside H (hombre), *masculino* beside
F (femenino).  Each file says which by the other letter it uses; a file that uses neither,
or both, leaves M open, and only the person importing can settle it (``sex_m``)."""

from __future__ import annotations

from agroferia.core.imports.report import ImportReport
from agroferia.core.models import Sex
from agroferia.core.sheets import Table
from agroferia.core.ubigeo import fold
from agroferia.i18n import lazy, lazy_n

FEMALE, MALE = Sex.FEMALE.value, Sex.MALE.value


def _letter(value: object) -> str | None:
    """``"m "`` gives ``"M"``: the one letter a cell holds, in capitals; None for a word,
    a blank or anything else (read once per row: kept cheap)."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if len(text) != 1:
        return None
    return text.upper() if text.isascii() else fold(text)


class SexLetters:
    """What M means in one file (``m``: the code F or M, or None while open)."""

    def __init__(self, table: Table, report: ImportReport, column: str, answer: str | None):
        if answer not in (None, FEMALE, MALE):
            raise ValueError(f"sex_m must be {FEMALE!r} or {MALE!r}, not {answer!r}")
        self.report = report
        self.column = column
        first: dict[str, int] = {}  # "H" or "F" -> the first row that writes it
        m_rows = 0
        for number, record in table.rows:
            letter = _letter(record.get("sex"))
            if letter in ("H", "F"):
                first.setdefault(letter, number)
            elif letter == "M":
                m_rows += 1
        self.h_row, self.f_row = first.get("H"), first.get("F")
        self.m: str | None = None
        if not m_rows:
            return
        if answer is not None:
            self.m = answer
            report.notes.append(
                lazy("Sexo: M se lee como mujer (indicado al importar)")
                if answer == FEMALE
                else lazy("Sexo: M se lee como hombre (indicado al importar)")
            )
            self._warn_if_also_written(answer)
        elif self.h_row is not None and self.f_row is not None:
            report.needs_sex_m = True  # each M row is refused, naming both letters
        elif self.h_row is not None:
            self.m = FEMALE
            report.notes.append(
                lazy("Sexo: M se lee como mujer, porque el archivo usa H para hombre (fila {row})",
                     row=self.h_row)
            )  # fmt: skip
        elif self.f_row is not None:
            self.m = MALE
            report.notes.append(
                lazy("Sexo: M se lee como hombre, porque el archivo usa F para mujer (fila {row})",
                     row=self.f_row)
            )  # fmt: skip
        else:
            report.needs_sex_m = True
            report.error(
                None, None,
                lazy_n(m_rows,
                       "La columna «{column}» escribe M en {n} fila y no usa ni H ni F: no se "
                       "sabe si M es mujer u hombre. Indique qué significa M al importar "
                       "(--sex-m mujer o --sex-m hombre), o escriba Mujer u Hombre.",
                       "La columna «{column}» escribe M en {n} filas y no usa ni H ni F: no se "
                       "sabe si M es mujer u hombre. Indique qué significa M al importar "
                       "(--sex-m mujer o --sex-m hombre), o escriba Mujer u Hombre.",
                       column=column),
            )  # fmt: skip

    def _warn_if_also_written(self, answer: str) -> None:
        if answer == MALE and self.h_row is not None:
            self.report.warn(
                None, None,
                lazy("Se indicó que M es hombre, pero la columna «{column}» también escribe H "
                     "(fila {row}): revise que las mujeres no queden como hombres",
                     column=self.column, row=self.h_row),
            )  # fmt: skip
        elif answer == FEMALE and self.f_row is not None:
            self.report.warn(
                None, None,
                lazy("Se indicó que M es mujer, pero la columna «{column}» también escribe F "
                     "(fila {row}): revise que los hombres no queden como mujeres",
                     column=self.column, row=self.f_row),
            )  # fmt: skip

    def read(self, number: int, value: object) -> tuple[object, bool]:
        """The row's value as the validators take it, and whether it is usable (a refused M
        is reported here and read as blank, so the row's other fields are still checked)."""
        if _letter(value) != "M":
            return value, True
        if self.m is not None:
            return self.m, True
        if self.h_row is not None and self.f_row is not None:
            self.report.error(
                number, self.column,
                lazy("M puede ser mujer (el archivo usa H para hombre, fila {h}) u hombre (usa "
                     "F para mujer, fila {f}): escriba Mujer u Hombre, o indique al importar "
                     "qué significa M", h=self.h_row, f=self.f_row),
            )  # fmt: skip
        return None, False
