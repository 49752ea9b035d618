"""The Excel summary workbook: the period's figures, sheet by sheet, for the organization.

Every figure comes from ``core.stats``, ``core.breakdowns`` and ``reports.common``; nothing
here queries the database itself.  The workbook is written in openpyxl's write-only mode,
so that a listing of a million sales streams through with bounded memory.  Write-only
worksheets take their column widths and frozen panes before the first row: every summary
sheet is therefore built in memory first (it is small), measured, and then written.  The
file appears at ``path`` only once it is complete (a temporary file is renamed onto it).

openpyxl is imported here, and this module only when an export starts (start-up time).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy.orm import Session

from agroferia import i18n
from agroferia.core import breakdowns, fairs, labels, stats
from agroferia.core.files import replacing
from agroferia.core.money import from_cents
from agroferia.i18n import _
from agroferia.reports.common import (
    Header,
    age_group_label,
    check_period,
    date_text,
    header,
    payment_label,
    region_label,
    sex_label,
)

# Excel's limit is 1,048,576 rows per sheet; a test lowers this to prove the split.
MAX_SHEET_ROWS = 1_048_576
PROGRESS_EVERY = 2_000  # sales rows between two progress reports
MAX_WIDTH = 50
MIN_WIDTH = 6
HEADER_WRAP = 22  # longer column headers wrap onto more lines instead of widening the column
LINE_HEIGHT = 15  # points per line of a wrapped header
CM_PER_WIDTH_UNIT = 0.19  # a column width unit (one character) on screen and paper
CM_PER_ROW = 0.53  # a default row, 15 points
PAGE_WIDTH = 170  # column width units that fit across a landscape A4 page at about 80 %

MONEY_FORMAT = '"S/" #,##0.00'
PERCENT_FORMAT = "0.0%"
INTEGER_FORMAT = "#,##0"
DATE_FORMAT = "dd/mm/yyyy"

# named styles (shared by every cell that uses them; visible in Excel's style gallery)
TITLE, SUBTITLE = "agroferia_title", "agroferia_subtitle"
NOTE, HEADER = "agroferia_note", "agroferia_header"
TEXT, TEXT_B = None, "agroferia_text_bold"
MONEY, MONEY_B = "agroferia_money", "agroferia_money_bold"
PERCENT, PERCENT_B = "agroferia_percent", "agroferia_percent_bold"
INTEGER, INTEGER_B = "agroferia_integer", "agroferia_integer_bold"
DATE = "agroferia_date"
BOLD = {TEXT: TEXT_B, MONEY: MONEY_B, PERCENT: PERCENT_B, INTEGER: INTEGER_B, DATE: TEXT_B}

_BOLD_FONT = Font(bold=True)


def _named_styles() -> list[NamedStyle]:
    header_fill = PatternFill("solid", fgColor="DDEBD6")  # a pale green, prints well in grey
    plain = [
        (TITLE, Font(bold=True, size=14), None, None),
        (SUBTITLE, Font(bold=True, size=11), None, None),
        (NOTE, Font(italic=True, color="555555"), None, None),
        (TEXT_B, _BOLD_FONT, None, None),
        (MONEY, None, MONEY_FORMAT, None),
        (MONEY_B, _BOLD_FONT, MONEY_FORMAT, None),
        (PERCENT, None, PERCENT_FORMAT, None),
        (PERCENT_B, _BOLD_FONT, PERCENT_FORMAT, None),
        (INTEGER, None, INTEGER_FORMAT, None),
        (INTEGER_B, _BOLD_FONT, INTEGER_FORMAT, None),
        (DATE, None, DATE_FORMAT, None),
        (HEADER, _BOLD_FONT, None, header_fill),
    ]
    styles = []
    for name, font, number_format, fill in plain:
        style = NamedStyle(name=name)
        if font is not None:
            style.font = font
        if number_format is not None:
            style.number_format = number_format
        if fill is not None:
            style.fill = fill
        if name == HEADER:
            style.alignment = Alignment(wrap_text=True, vertical="top")
        styles.append(style)
    return styles


@dataclass(frozen=True)
class WorkbookResult:
    path: Path
    sheets: list[str]
    sales_rows: int


# ------------------------------------------------------------------ values and widths


def _money(cents: int) -> Decimal:
    return from_cents(cents)


def _fraction(percentage: Decimal) -> Decimal:
    """``54.8`` (per cent, as ``Stats.share`` gives) as the number Excel formats as 54.8%."""
    return percentage / 100


def _share(part: int, whole: int) -> Decimal:
    """``part`` of ``whole`` as a fraction, rounded like ``Stats.share`` (0.1 %, half up)."""
    return _fraction(stats.percentage(part, whole))


def _yes_no(value: bool | None) -> str | None:
    if value is None:
        return None
    return _("Sí") if value else _("No")


def _display_len(value: Any, style: str | None) -> int:
    """Roughly how many characters Excel shows for the value in that style."""
    if value is None:
        return 0
    if style in (MONEY, MONEY_B):
        return len(f"S/ {value:,.2f}")
    if style in (PERCENT, PERCENT_B):
        return len(f"{value * 100:.1f}%")
    if style in (INTEGER, INTEGER_B):
        return len(f"{value:,}")
    if isinstance(value, dt.date):
        return 10
    return max(len(line) for line in str(value).splitlines() or [""])


_INVALID_TITLE = re.compile(r"[\[\]:*?/\\]")


def _sheet_title(text: str, taken: Iterable[str]) -> str:
    """A valid, unique sheet title: at most 31 characters, none of ``[]:*?/\\``."""
    base = _INVALID_TITLE.sub("-", text).strip("'").strip() or "-"
    base = base[:31]
    used = {t.casefold() for t in taken}
    title, n = base, 2
    while title.casefold() in used:
        suffix = f" {n}"
        title = base[: 31 - len(suffix)] + suffix
        n += 1
    return title


# ------------------------------------------------------------------ the summary sheets


Cell = tuple[Any, str | None]  # a value and the name of its style


@dataclass
class _Span:
    header: int  # row of the table's headers
    first: int  # first data row
    last: int  # last data row (== header when the table is empty)

    @property
    def empty(self) -> bool:
        return self.last < self.first


@dataclass
class _Sheet:
    """A small sheet built in memory, so that its columns can be measured before writing."""

    title: str
    rows: list[list[Cell]] = field(default_factory=list)
    measured: list[bool] = field(default_factory=list)
    header_rows: list[int] = field(default_factory=list)
    freeze: str | None = None
    filter: str | None = None
    charts: list[Callable[[Any, str, float], int]] = field(default_factory=list)

    def add(self, cells: Sequence[Cell] = (), *, measure: bool = False) -> int:
        self.rows.append(list(cells))
        self.measured.append(measure)
        return len(self.rows)

    def heading(self, head: Header, title: str) -> None:
        self.add([(title, TITLE)])
        self.add([(f"{head.fair_label} · {head.period}", SUBTITLE)])
        self.add()

    def table(
        self,
        headers: Sequence[str],
        body: Iterable[Sequence[Any]],
        styles: Sequence[str | None],
        *,
        total: Sequence[Any] | None = None,
        extra: Iterable[Sequence[Cell]] = (),
        freeze_columns: int = 0,
    ) -> _Span:
        """Headers, rows, and a bold total row (outside the filter, so sorting keeps it last).
        The sheet's first table gets the autofilter and the frozen header (one per sheet)."""
        top = self.add([(h, HEADER) for h in headers], measure=True)
        self.header_rows.append(top)
        for values in body:
            self.add(list(zip(values, styles, strict=True)), measure=True)
        span = _Span(top, top + 1, len(self.rows))
        if total is not None:
            self.add([(v, BOLD[s]) for v, s in zip(total, styles, strict=True)], measure=True)
        for cells in extra:
            self.add(cells, measure=True)
        if self.filter is None:
            last_col = get_column_letter(len(headers))
            self.filter = f"A{top}:{last_col}{max(span.last, top)}"
            self.freeze = f"{get_column_letter(freeze_columns + 1)}{top + 1}"
        return span

    def widths(self) -> dict[int, float]:
        longest: dict[int, float] = {}
        for cells, measure in zip(self.rows, self.measured, strict=True):
            if not measure:
                continue
            for col, (value, style) in enumerate(cells, 1):
                n = _display_len(value, style)
                if style == HEADER:
                    n = min(n, HEADER_WRAP)
                if style in (HEADER, TEXT_B, MONEY_B, PERCENT_B, INTEGER_B):
                    n = n * 1.1
                longest[col] = max(longest.get(col, 0), n)
        return {col: min(max(n + 2, MIN_WIDTH), MAX_WIDTH) for col, n in longest.items()}


def _styled(ws: Any, value: Any, style: str | None) -> Any:
    if style is None or (value is None and style != HEADER):
        return value
    cell = WriteOnlyCell(ws, value=value)
    cell.style = style
    return cell


def _header_lines(text: str, width: float) -> int:
    """Lines a wrapped header takes in a column ``width`` characters wide (by whole words)."""
    lines, used, room = 1, 0, max(1, int(width / 1.1) - 1)
    for word in str(text).split():
        if used and used + 1 + len(word) > room:
            lines, used = lines + 1, len(word)
        else:
            used += (1 if used else 0) + len(word)
    return lines


def _print_setup(ws: Any, header_row: int | None, total_width: float) -> None:
    """Landscape A4, as many pages wide as keeps the print legible, headers on every page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.fitToWidth = max(1, math.ceil(total_width / PAGE_WIDTH))
    ws.page_setup.fitToHeight = 0  # as many pages tall as needed
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if header_row is not None:
        ws.print_title_rows = f"{header_row}:{header_row}"


def _emit(wb: Workbook, sheet: _Sheet) -> str:
    ws = wb.create_sheet(sheet.title)
    widths = sheet.widths()
    _print_setup(ws, sheet.header_rows[0] if sheet.header_rows else None, sum(widths.values()))
    for col, width in widths.items():
        ws.column_dimensions[get_column_letter(col)].width = width
    for row in sheet.header_rows:
        # Excel does not grow a row for wrapped text written by a program: say how high
        lines = max(
            (
                _header_lines(v, widths.get(c, MIN_WIDTH))
                for c, (v, _s) in enumerate(sheet.rows[row - 1], 1)
            ),
            default=1,
        )
        if lines > 1:
            ws.row_dimensions[row].height = LINE_HEIGHT * lines
    if sheet.freeze:
        ws.freeze_panes = sheet.freeze
    for cells in sheet.rows:
        ws.append([_styled(ws, value, style) for value, style in cells])
    if sheet.filter:
        ws.auto_filter.ref = sheet.filter
    # charts go below the tables, as wide as they are: on screen and on paper alike
    chart_width = min(25.0, max(15.0, sum(widths.values()) * CM_PER_WIDTH_UNIT))
    row = len(sheet.rows) + 2
    for add_chart in sheet.charts:
        row += add_chart(ws, f"A{row}", chart_width)
    return ws.title


def _bar_chart(
    *,
    title: str,
    values_col: int,
    labels_col: int,
    span: _Span,
    horizontal: bool = False,
    labels_format: str | None = None,
) -> Callable[[Any, str, float], int]:
    """A bar chart of one column of a table, to add once the sheet exists; returns the
    number of rows the chart covers."""

    def add(ws: Any, anchor: str, width: float) -> int:
        chart = BarChart()
        chart.type = "bar" if horizontal else "col"
        chart.title = title
        chart.legend = None
        chart.style = 10
        data = Reference(ws, min_col=values_col, min_row=span.header, max_row=span.last)
        cats = Reference(ws, min_col=labels_col, min_row=span.first, max_row=span.last)
        chart.add_data(data, titles_from_data=True)
        chart.set_categories(cats)
        chart.y_axis.number_format = '"S/" #,##0'
        # openpyxl >= 3.1 marks axes deleted unless told otherwise: Excel would hide them
        chart.x_axis.delete = False
        chart.y_axis.delete = False
        if labels_format:
            chart.x_axis.number_format = labels_format
        if horizontal:
            chart.x_axis.scaling.orientation = "maxMin"  # same order as the table
        n = span.last - span.first + 1
        if horizontal:
            chart.y_axis.crosses = "max"  # amounts below the bars, despite the reversed order
        chart.width = width
        chart.height = 10.0 if not horizontal else max(7.5, 2.0 + 0.8 * n)
        ws.add_chart(chart, anchor)
        return math.ceil(chart.height / CM_PER_ROW) + 1

    return add


def _summary(head: Header, s: stats.Stats) -> _Sheet:
    sheet = _Sheet(_("Resumen"))
    sheet.add([(head.organization or "Agroferia", TITLE)])
    sheet.add([(head.fair_label, SUBTITLE)])
    if head.municipality:
        sheet.add([(head.municipality, None)])
    sheet.add([(_("Periodo: {period}", period=head.period), None)])
    generated = head.generated_at.strftime("%d/%m/%Y %H:%M")
    sheet.add([(_("Generado el {date}", date=generated), NOTE)])
    if not s.fair_days:
        sheet.add()
        sheet.add([(_("No hubo actividad en este periodo."), TEXT_B)])
    sheet.add()

    v, sales = s.vendors, s.sales
    low, high = s.youth_range
    of_present = _("de los expositores presentes")
    if not s.visitor_estimates:
        visitors, visitors_note = None, _("Sin estimación")
    else:
        visitors, visitors_note = s.visitors, None
        if s.visitor_estimates < s.fair_days:
            visitors_note = _(
                "(estimado en {n} de {days} jornadas)", n=s.visitor_estimates, days=s.fair_days
            )
    rows: list[tuple[str, Any, str | None, str | None]] = [
        (_("Jornadas realizadas"), s.fair_days, INTEGER, None),
        (_("Visitantes (estimado)"), visitors, INTEGER, visitors_note),
        (_("Expositores inscritos"), v.registered, INTEGER,
         _("inscritos hasta el {date} o presentes en el periodo", date=date_text(s.end))),
        (_("Expositores activos"), v.active, INTEGER, _("de los inscritos, con estado activo")),
        (_("Expositores presentes"), v.present, INTEGER,
         _("asistieron al menos a una jornada del periodo")),
        (_("Mujeres presentes"), v.by_sex["F"], INTEGER, None),
        (_("Porcentaje de mujeres"), _fraction(s.share(v.by_sex["F"])), PERCENT, of_present),
        (_("Jóvenes presentes ({low}–{high} años)", low=low, high=high), v.youth, INTEGER,
         _("jóvenes en al menos una jornada a la que asistieron")),
        (_("Porcentaje de jóvenes"), _fraction(s.share(v.youth)), PERCENT, of_present),
        (_("Mujeres jóvenes presentes"), v.youth_women, INTEGER, None),
        (_("Presentes sin fecha de nacimiento"), v.age_not_stated, INTEGER,
         _("no se cuentan como jóvenes ni como no jóvenes")),
        (_("Ventas totales"), _money(sales.total), MONEY, None),
        (_("Promedio de ventas por expositor y jornada"), s.average_per_vendor_day, MONEY,
         _("sobre {n} asistencias (un expositor en una jornada)", n=f"{v.attendances:,}")),
        (_("Ventas de mujeres"), _money(sales.by_sex["F"]), MONEY, None),
        (_("Ventas de jóvenes"), _money(sales.youth), MONEY,
         _("de quienes eran jóvenes el día de la venta")),
        (_("Cuotas debidas"), _money(s.fees_due), MONEY, None),
        (_("Cuotas cobradas"), _money(s.fees_paid), MONEY, _("en las mismas jornadas")),
        (_("Cuotas pagadas después del cierre"), _money(s.fees_paid_later), MONEY,
         _("deudas de jornadas ya cerradas, pagadas en otra fecha")),
        (_("Cuotas pendientes"), _money(s.fees_outstanding), MONEY, None),
    ]  # fmt: skip
    sheet.table(
        [_("Indicador"), _("Valor"), _("Nota")],
        [(label, value, note) for label, value, _style, note in rows],
        [None, None, NOTE],
    )
    # the value column mixes formats: restyle each value cell with its own
    first = len(sheet.rows) - len(rows)
    for i, (_label, value, style, _note) in enumerate(rows):
        sheet.rows[first + i][1] = (value, style)
    return sheet


def _by_day(head: Header, s: stats.Stats, days: list[breakdowns.DayRow]) -> _Sheet:
    sheet = _Sheet(_("Por jornada"))
    sheet.heading(head, _("Ventas y asistencia por jornada"))
    styles = [DATE, None, INTEGER, INTEGER, INTEGER, INTEGER, MONEY, MONEY, MONEY, MONEY, None]
    span = sheet.table(
        [_("Fecha"), _("Feria"), _("Expositores presentes"), _("Mujeres"), _("Jóvenes"),
         _("Visitantes"), _("Ventas"), _("Cuotas debidas"), _("Cuotas cobradas"),
         _("Cuotas pagadas después"), _("Cerrada")],
        [
            (d.date, d.fair, d.present, d.women, d.youth, d.visitors, _money(d.sales),
             _money(d.fees_due), _money(d.fees_paid), _money(d.fees_paid_later),
             _yes_no(d.closed))
            for d in days
        ],
        styles,
        total=[
            _("Total"), None,
            sum(d.present for d in days), sum(d.women for d in days), sum(d.youth for d in days),
            s.visitors if s.visitor_estimates else None,
            _money(s.sales.total), _money(s.fees_due), _money(s.fees_paid),
            _money(s.fees_paid_later), None,
        ],
    )  # fmt: skip
    sheet.add()
    sheet.add(
        [
            (
                _(
                    "Los totales de expositores suman asistencias: quien asistió a varias "
                    "jornadas cuenta una vez por jornada."
                ),
                NOTE,
            )
        ]
    )
    if not span.empty:
        sheet.charts.append(
            _bar_chart(
                title=_("Ventas por jornada"),
                values_col=7,
                labels_col=1,
                span=span,
                labels_format="dd/mm",
            )
        )
    return sheet


def _by_category(head: Header, s: stats.Stats) -> _Sheet:
    sheet = _Sheet(_("Por rubro"))
    sheet.heading(head, _("Expositores y ventas por rubro"))
    v, sales = s.vendors, s.sales
    names = list(sales.by_category) + [n for n in v.by_category if n not in sales.by_category]
    styles = [None, INTEGER, PERCENT, MONEY, PERCENT]
    span = sheet.table(
        [_("Rubro"), _("Expositores presentes (rubro principal)"), _("% de presentes"),
         _("Ventas"), _("% de las ventas")],
        [
            (name, v.by_category.get(name, 0),
             _fraction(s.share(v.by_category.get(name, 0))),
             _money(sales.by_category.get(name, 0)),
             _share(sales.by_category.get(name, 0), sales.total))
            for name in names
        ],
        styles,
        total=[_("Total"), v.present, _fraction(s.share(v.present)), _money(sales.total),
               _share(sales.total, sales.total)],
    )  # fmt: skip
    if sales.total and not span.empty:
        sheet.charts.append(
            _bar_chart(
                title=_("Ventas por rubro"),
                values_col=4,
                labels_col=1,
                span=span,
                horizontal=True,
            )
        )
    return sheet


def _participation(head: Header, s: stats.Stats) -> _Sheet:
    sheet = _Sheet(_("Participación"))
    sheet.heading(head, _("Participación por sexo y edad"))
    v, sales = s.vendors, s.sales
    low, high = s.youth_range
    groups = stats.AGE_GROUPS
    group_names = [
        _("Jóvenes ({low}–{high} años)", low=low, high=high) if g == stats.YOUTH
        else age_group_label(g)
        for g in groups
    ]  # fmt: skip

    # vendors present, by sex and age group
    sheet.add([(_("Expositores presentes por sexo y edad"), SUBTITLE)])
    counts = v.by_sex_youth
    group_present = {g: sum(counts[x][g] for x in stats.SEXES) for g in groups}
    sheet.table(
        [_("Sexo"), *group_names, _("Total"), _("% de presentes")],
        [
            (sex_label(x), *(counts[x][g] for g in groups), v.by_sex[x],
             _fraction(s.share(v.by_sex[x])))
            for x in stats.SEXES
        ],
        [None, INTEGER, INTEGER, INTEGER, INTEGER, PERCENT],
        total=[_("Total"), *(group_present[g] for g in groups), v.present,
               _fraction(s.share(v.present))],
        extra=[[(_("% de presentes"), TEXT_B),
                *((_fraction(s.share(group_present[g])), PERCENT) for g in groups),
                (_fraction(s.share(v.present)), PERCENT)]],
    )  # fmt: skip
    sheet.add()

    # sales, by sex and age group
    sheet.add([(_("Ventas por sexo y edad"), SUBTITLE)])
    cents = sales.by_sex_youth
    group_sales = {g: sum(cents[x][g] for x in stats.SEXES) for g in groups}
    sheet.table(
        [_("Sexo"), *group_names, _("Total"), _("% de las ventas")],
        [
            (sex_label(x), *(_money(cents[x][g]) for g in groups), _money(sales.by_sex[x]),
             _share(sales.by_sex[x], sales.total))
            for x in stats.SEXES
        ],
        [None, MONEY, MONEY, MONEY, MONEY, PERCENT],
        total=[_("Total"), *(_money(group_sales[g]) for g in groups), _money(sales.total),
               _share(sales.total, sales.total)],
        extra=[[(_("% de las ventas"), TEXT_B),
                *((_share(group_sales[g], sales.total), PERCENT) for g in groups),
                (_share(sales.total, sales.total), PERCENT)]],
    )  # fmt: skip
    sheet.add()

    # sales, by payment method
    sheet.add([(_("Ventas por medio de pago"), SUBTITLE)])
    methods = sales.by_payment_method
    sheet.table(
        [_("Medio de pago"), _("Ventas"), _("% de las ventas")],
        [
            (payment_label(m), _money(c), _share(c, sales.total))
            for m, c in methods.items()
        ],
        [None, MONEY, PERCENT],
        total=[_("Total"), _money(sales.total), _share(sales.total, sales.total)],
    )  # fmt: skip
    return sheet


def _roster(head: Header, s: stats.Stats, vendors: list[breakdowns.VendorRow]) -> _Sheet:
    sheet = _Sheet(_("Expositores"))
    sheet.heading(head, _("Padrón de expositores"))
    status = {k: str(t) for k, t in labels.VENDOR_STATUS.items()}
    styles = [None, None, None, None, None, None, DATE, INTEGER, None, None, None, None, None,
              None, None, None, None, None, None, None, DATE, DATE, INTEGER, MONEY]  # fmt: skip
    sheet.table(
        [_("Código"), _("Apellidos"), _("Nombres"), _("Tipo de documento"),
         _("Número de documento"), _("Sexo"), _("Fecha de nacimiento"),
         _("Edad al {date}", date=date_text(s.end)), _("Joven"), _("Teléfono"), _("Región"),
         _("Provincia"), _("Distrito"), _("Asociación"), _("Rubro principal"),
         _("Otros rubros"), _("Puesto"), _("Estado"), _("Feria"),
         _("Certificación orgánica SGP"), _("Vencimiento de la certificación SGP"),
         _("Fecha de inscripción"), _("Jornadas asistidas"), _("Ventas en el periodo")],
        [
            (r.code, r.surnames, r.given_names, r.doc_type, r.doc_number,
             sex_label(r.sex, plural=False), r.birth_date, r.age, _yes_no(r.young), r.phone,
             r.region, r.province, r.district, r.association, r.main_category,
             ", ".join(r.other_categories) or None, r.stall, status.get(r.status, r.status),
             r.fair, _yes_no(r.sgp_certified), r.sgp_expires_on, r.registered_on,
             r.days_present, _money(r.sales))
            for r in vendors
        ],
        styles,
        total=[_("Total"), *([None] * 21), sum(r.days_present for r in vendors),
               _money(sum(r.sales for r in vendors))],
        freeze_columns=3,
    )  # fmt: skip
    return sheet


def _fees(head: Header, s: stats.Stats, vendors: list[breakdowns.VendorRow]) -> _Sheet:
    sheet = _Sheet(_("Cuotas"))
    sheet.heading(head, _("Cuotas por expositor"))
    owing = [r for r in vendors if r.fees_due or r.fees_paid or r.fees_paid_later]
    sheet.table(
        [_("Código"), _("Expositor"), _("Debido"), _("Pagado"), _("Pagado después"),
         _("Pendiente")],
        [
            (r.code, f"{r.surnames}, {r.given_names}", _money(r.fees_due),
             _money(r.fees_paid), _money(r.fees_paid_later), _money(r.fees_outstanding))
            for r in owing
        ],
        [None, None, MONEY, MONEY, MONEY, MONEY],
        total=[_("Total"), None, _money(s.fees_due), _money(s.fees_paid),
               _money(s.fees_paid_later), _money(s.fees_outstanding)],
    )  # fmt: skip
    return sheet


def _regions(head: Header, s: stats.Stats) -> _Sheet:
    sheet = _Sheet(_("Regiones"))
    sheet.heading(head, _("Regiones de origen de los expositores presentes"))
    sheet.table(
        [_("Región"), _("Expositores presentes"), _("% de presentes")],
        [(region_label(k), n, _fraction(s.share(n))) for k, n in s.regions.items()],
        [None, INTEGER, PERCENT],
        total=[_("Total"), s.vendors.present, _fraction(s.share(s.vendors.present))],
    )
    return sheet


# ------------------------------------------------------------------ the sales listing

_DETAIL_WIDTHS = (11, 30, 11, 34, 10, 28, 15, 14)
_HEADING_ROWS = 4  # title, subtitle, blank line, column headers


def _sales_listing(
    wb: Workbook,
    session: Session,
    head: Header,
    fair_id: int | None,
    taken: list[str],
    progress: Callable[[int, int], None] | None,
) -> tuple[list[str], int]:
    """Every sales entry, streamed; a new sheet whenever one is full."""
    total = breakdowns.count_sales(session, head.start, head.end, fair_id)
    capacity = max(1, MAX_SHEET_ROWS - _HEADING_ROWS)
    headers = [_("Fecha"), _("Feria"), _("Código"), _("Expositor"), _("Sexo"), _("Rubro"),
               _("Medio de pago"), _("Monto")]  # fmt: skip
    sexes = {code: sex_label(code, plural=False) for code in labels.SEX}
    methods = {code: payment_label(code) for code in labels.PAYMENT_METHOD}
    titles: list[str] = []
    ws: Any = None
    in_sheet = done = 0

    def open_sheet() -> Any:
        number = len(titles) + 1
        text = _("Ventas (detalle)") if number == 1 else _("Ventas (detalle {n})", n=number)
        sheet = wb.create_sheet(_sheet_title(text, taken + titles))
        titles.append(sheet.title)
        for col, width in enumerate(_DETAIL_WIDTHS, 1):
            longest = max(width, min(MAX_WIDTH, int(len(headers[col - 1]) * 1.1) + 2))
            sheet.column_dimensions[get_column_letter(col)].width = longest
        sheet.freeze_panes = f"A{_HEADING_ROWS + 1}"
        _print_setup(sheet, _HEADING_ROWS, sum(_DETAIL_WIDTHS))
        subtitle = f"{head.fair_label} · {head.period}"
        sheet.append([_styled(sheet, _("Detalle de ventas"), TITLE)])
        sheet.append([_styled(sheet, subtitle, SUBTITLE)])
        sheet.append([])
        sheet.append([_styled(sheet, h, HEADER) for h in headers])
        return sheet

    def close_sheet(sheet: Any, rows: int) -> None:
        last = _HEADING_ROWS + rows
        sheet.auto_filter.ref = f"A{_HEADING_ROWS}:{get_column_letter(len(headers))}{last}"

    def report() -> None:
        if progress is not None:
            progress(done, total)

    report()
    ws = open_sheet()
    date_cell = amount_cell = None
    for row in breakdowns.iter_sales(session, head.start, head.end, fair_id):
        if in_sheet == capacity:
            close_sheet(ws, in_sheet)
            ws, in_sheet = open_sheet(), 0
            date_cell = amount_cell = None
        if date_cell is None:
            # two styled cells per sheet, refilled for every row: openpyxl writes a row out
            # as soon as it is appended, so the cells are free again right after
            date_cell = WriteOnlyCell(ws)
            date_cell.style = DATE
            amount_cell = WriteOnlyCell(ws)
            amount_cell.style = MONEY
        date_cell.value = row.date
        amount_cell.value = from_cents(row.amount)
        ws.append(
            (
                date_cell,
                row.fair,
                row.vendor_code,
                row.vendor_name,
                sexes.get(row.sex, row.sex),
                row.category,
                methods.get(row.payment_method, row.payment_method),
                amount_cell,
            )
        )
        in_sheet += 1
        done += 1
        if done % PROGRESS_EVERY == 0:
            report()
    close_sheet(ws, in_sheet)
    if done % PROGRESS_EVERY:
        report()
    return titles, done


# ------------------------------------------------------------------ the workbook


def _properties(wb: Workbook, head: Header, lang: str) -> None:
    props = wb.properties
    props.title = _("{fair}: reporte {period}", fair=head.fair_label, period=head.period)
    props.creator = head.organization or "Agroferia"
    props.lastModifiedBy = props.creator
    props.language = lang
    created = head.generated_at
    if created.tzinfo is None:
        created = created.astimezone()  # a naive time is local time
    props.created = created.astimezone(dt.UTC).replace(tzinfo=None)  # stored as UTC


def write_workbook(
    session: Session,
    start: dt.date,
    end: dt.date,
    path: Path,
    *,
    fair_id: int | None = None,
    lang: str | None = None,
    now: dt.datetime | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> WorkbookResult:
    """Writes the period's summary workbook to ``path`` (replacing it only when complete).

    ``progress(done, total)`` is called now and then while the sales listing is written.
    """
    path = Path(path)
    with i18n.language(lang) as language:
        check_period(start, end)
        if fair_id is not None:
            fairs.get_fair(session, fair_id)  # NotFoundError for an unknown fair
        with replacing(path) as tmp:
            result = _write(session, start, end, fair_id, tmp, language, now, progress)
    return WorkbookResult(path=path, sheets=result[0], sales_rows=result[1])


def _write(
    session: Session,
    start: dt.date,
    end: dt.date,
    fair_id: int | None,
    tmp: Path,
    language: str,
    now: dt.datetime | None,
    progress: Callable[[int, int], None] | None,
) -> tuple[list[str], int]:
    head = header(session, start, end, fair_id, now=now)
    figures = stats.compute(session, start, end, fair_id)
    days = breakdowns.by_day(session, start, end, fair_id)
    vendors = breakdowns.by_vendor(session, start, end, fair_id)

    wb = Workbook(write_only=True)
    try:
        for style in _named_styles():
            wb.add_named_style(style)
        _properties(wb, head, language)
        titles: list[str] = []
        for sheet in (
            _summary(head, figures),
            _by_day(head, figures, days),
            _by_category(head, figures),
            _participation(head, figures),
            _roster(head, figures, vendors),
            _fees(head, figures, vendors),
            _regions(head, figures),
        ):
            sheet.title = _sheet_title(sheet.title, titles)
            titles.append(_emit(wb, sheet))
        del vendors, days
        listing, rows = _sales_listing(wb, session, head, fair_id, titles, progress)
        wb.save(tmp)
    finally:
        _discard_streams(wb)
    return titles + listing, rows


def _discard_streams(wb: Workbook) -> None:
    """Removes the temporary files write-only sheets stream into.  After a save openpyxl has
    removed them already; after a failure it would only do so when the program ends, and
    the rows of a large listing would sit in the temporary folder until then."""
    for ws in wb.worksheets:
        writer = getattr(ws, "_writer", None)
        if writer is None or not Path(writer.out).exists():
            continue
        with contextlib.suppress(Exception):  # best effort: the stream may be half written
            rows = getattr(ws, "_rows", None)
            if rows is not None:
                rows.close()
            writer.close()
        with contextlib.suppress(Exception):
            writer.cleanup()
