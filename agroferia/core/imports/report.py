"""What an import found and did: problems by row and column, and the summary people read."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session

from agroferia.core.imports.limits import SHOWN_PROBLEMS
from agroferia.core.money import format_money
from agroferia.i18n import Text, _, _n, lazy


@dataclass(frozen=True)
class Problem:
    """An error of one row (and column), or of the whole file when ``row`` is None."""

    row: int | None
    column: str | None
    message: Text

    def render(self, lang: str | None = None) -> str:
        text = self.message.render(lang)
        if self.row is None:
            return text
        if self.column:
            where = lazy("fila {row}, columna {column}", row=self.row, column=self.column)
        else:
            where = lazy("fila {row}", row=self.row)
        return f"{where.render(lang)}: {text}"

    def __str__(self) -> str:
        return self.render()


@dataclass
class ImportReport:
    kind: str  # "vendors" or "sales"
    source: str
    rows_read: int = 0
    created: int = 0  # vendors or sales entries (to be) written
    joined: int = 0  # vendors: those already registered who join (will join) another fair
    total_cents: int = 0  # sales: the money (to be) written
    fairs_created: list[str] = field(default_factory=list)
    fair_days_created: list[str] = field(default_factory=list)  # "fair: dd/mm/yyyy"
    fair_days_replaced: list[str] = field(default_factory=list)
    # the first ``SHOWN_PROBLEMS`` of each kind; the counts say how many there are in all
    skipped: list[Problem] = field(default_factory=list)  # rows left out, with the reason
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)  # written all the same
    error_count: int = 0
    warning_count: int = 0
    skipped_count: int = 0
    ignored_columns: list[str] = field(default_factory=list)
    # what a column not recognised looks like, when its field is read from another one
    ignored_hints: dict[str, Text] = field(default_factory=dict)
    written: bool = False
    sheet: str | None = None  # the workbook sheet read
    # how the file was read where it could have been read otherwise (encoding, amounts…)
    notes: list[Text] = field(default_factory=list)
    # vendors: the file leaves open whether the letter M is mujer or hombre, and the
    # caller may say (``sex_m``)
    needs_sex_m: bool = False

    @property
    def ok(self) -> bool:
        return not self.error_count and not self.errors

    def error(self, row: int | None, column: str | None, message: Text) -> None:
        self.error_count += 1
        if len(self.errors) < SHOWN_PROBLEMS:
            self.errors.append(Problem(row, column, message))

    def warn(self, row: int | None, column: str | None, message: Text) -> None:
        self.warning_count += 1
        if len(self.warnings) < SHOWN_PROBLEMS:
            self.warnings.append(Problem(row, column, message))

    def skip(self, row: int | None, column: str | None, message: Text) -> None:
        self.skipped_count += 1
        if len(self.skipped) < SHOWN_PROBLEMS:
            self.skipped.append(Problem(row, column, message))

    @staticmethod
    def more(shown: list[Problem], count: int) -> int:
        """How many problems of a kind are counted but not listed."""
        return max(count - len(shown), 0)

    def _listed(self, shown: list[Problem], count: int) -> list[str]:
        lines = [f"  {p}" for p in shown]
        if rest := self.more(shown, count):
            lines.append("  " + _n(rest, "… y {count} problema más", "… y {count} problemas más",
                                   count=f"{rest:,}"))  # fmt: skip
        return lines

    def lines(self) -> list[str]:
        """The summary a person reads at the end, in the current language."""
        name = Path(self.source).name
        lines = [_("Archivo: {name}", name=name)]
        if self.sheet:
            lines.append(_("Hoja: {name}", name=self.sheet))
        lines.append(_("Filas leídas: {n}", n=self.rows_read))
        lines.extend(note.render() for note in self.notes)
        if self.ignored_columns:
            names = [
                f"{name} ({self.ignored_hints[name]})" if name in self.ignored_hints else name
                for name in self.ignored_columns
            ]
            lines.append(
                _("Columnas no reconocidas (no se importan): {names}", names=", ".join(names))
            )
        warnings = max(self.warning_count, len(self.warnings))
        if warnings:
            lines.append(_("Avisos: {n} (no impiden importar)", n=warnings))
            lines.extend(self._listed(self.warnings, warnings))
        if not self.ok:
            errors = max(self.error_count, len(self.errors))
            lines.append(
                _("Errores: {n}. No se importó nada: corríjalos y vuelva a importar el archivo.",
                  n=errors)
            )  # fmt: skip
            lines.extend(self._listed(self.errors, errors))
            return lines
        verb = self.written
        if self.kind == "vendors":
            lines.append(
                _("Expositores registrados: {n}", n=self.created)
                if verb
                else _("Expositores por registrar: {n}", n=self.created)
            )
            if self.joined:
                lines.append(
                    _("Expositores ya registrados inscritos en otra feria: {n}", n=self.joined)
                    if verb
                    else _("Expositores ya registrados que se inscriben en otra feria: {n}",
                           n=self.joined)
                )  # fmt: skip
        else:
            money = format_money(self.total_cents, cents=True)
            lines.append(
                _("Ventas registradas: {n} ({total})", n=self.created, total=money)
                if verb
                else _("Ventas por registrar: {n} ({total})", n=self.created, total=money)
            )
        if self.fairs_created:
            lines.append(
                (_("Ferias creadas: {names}") if verb else _("Ferias por crear: {names}")).format(
                    names=", ".join(self.fairs_created)
                )
            )
        if self.fair_days_created:
            lines.append(
                (_("Jornadas creadas: {n}") if verb else _("Jornadas por crear: {n}")).format(
                    n=len(self.fair_days_created)
                )
                + f" ({', '.join(self.fair_days_created)})"
            )
        if self.fair_days_replaced:
            days = ", ".join(self.fair_days_replaced)
            lines.append(
                _("Ventas anteriores reemplazadas (borradas): {days}", days=days)
                if verb
                else _("Ventas anteriores que se reemplazarán (se borran): {days}", days=days)
            )
        skipped = max(self.skipped_count, len(self.skipped))
        lines.append(_("Filas omitidas: {n}", n=skipped))
        lines.extend(self._listed(self.skipped, skipped))
        if not verb:
            lines.append(_("Solo se revisó el archivo: no se escribió nada."))
        return lines


@dataclass
class ImportPlan:
    """A checked file: its report, and how to write it (only when the report is ok)."""

    report: ImportReport
    apply: Callable[[Session, str], None]


def nothing(_session: Session, _actor: str) -> None:
    """The plan of a file refused before its rows were read."""
