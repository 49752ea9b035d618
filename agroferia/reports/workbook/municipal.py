"""The municipal summary workbook: the period's figures, sheet by sheet, and nothing about
any one person.

*Resumen* (the key figures), *Por jornada*, *Por rubro*, *Participación* (sex × age group,
payment methods), *Regiones*, *Agrobiodiversidad* (``workbook.municipal_products``) and,
with every fair of a network of several, *Red de ferias* (the fairs side by side,
``workbook.network``): aggregates only, like the municipal PDF.  No name,
document, phone, e-mail, birth date, address, stall or association is read, let alone
written; and no figure rests on fewer than three vendors (``published.Published``): such a
figure, and any other that would give it back by subtraction, is shown as «—», and the small
rows of a one-way table are added into one «Otros» row.  Every figure shown equals
``core.stats`` (or ``breakdowns.by_day``).

The file appears at ``path`` only once it is complete (a temporary file is renamed onto it).
openpyxl is imported here, and this module only when an export starts (start-up time).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from sqlalchemy.orm import Session

from agroferia import i18n
from agroferia.core import breakdowns, fairs, stats
from agroferia.core.disclosure import THRESHOLD
from agroferia.core.files import replacing
from agroferia.i18n import _
from agroferia.reports.common import (
    Header,
    check_period,
    date_text,
    header,
)
from agroferia.reports.published import ALL, Published, S, V, for_period
from agroferia.reports.workbook import sheet as sh
from agroferia.reports.workbook.municipal_breakdowns import (
    Cells,
    by_category,
    heading,
    participation,
    regions,
    withheld_note,
)
from agroferia.reports.workbook.municipal_products import agrobiodiversity
from agroferia.reports.workbook.network import network
from agroferia.reports.workbook.printing import Margins
from agroferia.reports.workbook.styles import (
    CENTERED,
    DATE,
    INTEGER,
    MONEY,
    NOTE,
    NOTE_CELL,
    SUBTITLE,
    TITLE,
    WITHHELD,
    WITHHELD_TEXT,
    named_styles,
)

Cell = sh.Cell


@dataclass(frozen=True)
class WorkbookResult:
    path: Path
    sheets: list[str]


# ------------------------------------------------------------------ Resumen


def _summary(head: Header, p: Published) -> sh.Sheet:
    s, c = p.stats, Cells(p)
    sheet = sh.Sheet(_("Resumen"))
    sheet.add([(head.organization or "Agroferia", TITLE)])
    sheet.add([(head.fair_label, SUBTITLE)])
    if head.municipality:
        sheet.add([(head.municipality, None)])
    sheet.add([(_("Periodo: {period}", period=head.period), None)])
    generated = head.generated_at.strftime("%d/%m/%Y %H:%M")
    sheet.add([(_("Generado el {date}", date=generated), NOTE)])
    sheet.paragraph(_("Resumen para la municipalidad: solo cifras agregadas, sin datos "
                      "personales de ningún expositor (Ley 29733)."))  # fmt: skip
    if not s.fair_days:
        sheet.add()
        sheet.add([(_("No hubo actividad en este periodo."), SUBTITLE)])
    sheet.add()

    v, sales = s.vendors, s.sales
    low, high = s.youth_range
    of_present = _("de los expositores presentes")
    if not s.visitor_estimates:
        visitors, visitors_note = (None, INTEGER), _("Sin estimación")
    else:
        visitors, visitors_note = (s.visitors, INTEGER), None
        if s.visitor_estimates < s.fair_days:
            visitors_note = _(
                "(estimado en {n} de {days} jornadas)", n=s.visitor_estimates, days=s.fair_days
            )
    women, youth = (V, "F", ALL), (V, ALL, stats.YOUTH)
    average: Cell = (s.average_per_vendor_day, MONEY)
    if not p.shown((S, ALL, ALL)):
        average = (WITHHELD_TEXT, WITHHELD)
    rows: list[tuple[str, Cell, str | None]] = [
        (_("Jornadas realizadas"), (s.fair_days, INTEGER), None),
        (_("Visitantes (estimado)"), visitors, visitors_note),
        (_("Expositores inscritos"), (v.registered, INTEGER),
         _("inscritos hasta el {date} o presentes en el periodo", date=date_text(s.end))),
        (_("Expositores activos"), c.count(("active",), v.active),
         _("de los inscritos, con estado activo")),
        (_("Expositores presentes"), (v.present, INTEGER),
         _("asistieron al menos a una jornada del periodo")),
        (_("Mujeres presentes"), c.count(women, v.by_sex["F"]), None),
        (_("Porcentaje de mujeres"), c.share(women, v.by_sex["F"], v.present), of_present),
        (_("Jóvenes presentes ({low}–{high} años)", low=low, high=high),
         c.count(youth, v.youth), _("jóvenes en al menos una jornada a la que asistieron")),
        (_("Porcentaje de jóvenes"), c.share(youth, v.youth, v.present), of_present),
        (_("Mujeres jóvenes presentes"), c.count((V, "F", stats.YOUTH), v.youth_women), None),
        (_("Presentes sin fecha de nacimiento"),
         c.count((V, ALL, stats.NOT_STATED), v.age_not_stated),
         _("no se cuentan como jóvenes ni como no jóvenes")),
        (_("Ventas totales"), c.money((S, ALL, ALL), sales.total), None),
        (_("Promedio de ventas por expositor y jornada"), average,
         _("sobre {n} asistencias (un expositor en una jornada)", n=f"{v.attendances:,}")),
        (_("Ventas de mujeres"), c.money((S, "F", ALL), sales.by_sex["F"]), None),
        (_("Ventas de jóvenes"), c.money((S, ALL, stats.YOUTH), sales.youth),
         _("de quienes eran jóvenes el día de la venta")),
        (_("Cuotas debidas"), c.money(("fees", "due"), s.fees_due), None),
        (_("Cuotas cobradas"), c.money(("fees", "paid"), s.fees_paid),
         _("en las mismas jornadas")),
        (_("Cuotas pagadas después del cierre"),
         c.money(("fees", "paid_later"), s.fees_paid_later),
         _("deudas de jornadas ya cerradas, pagadas en otra fecha")),
        (_("Cuotas pendientes"), c.money(("fees", "outstanding"), s.fees_outstanding), None),
    ]  # fmt: skip
    sheet.table(
        [_("Indicador"), _("Valor"), _("Nota")],
        [[(label, None), value, (note, NOTE_CELL)] for label, value, note in rows],
        [None, INTEGER, NOTE_CELL],
    )
    sheet.add()
    sheet.paragraph(
        _("Ninguna cifra de este libro descansa en menos de {n} expositores: las que lo harían "
          "se muestran como «—» (y también las que permitirían calcularlas restando), y los "
          "rubros, regiones y medios de pago con menos de {n} expositores se suman en una "
          "fila «Otros».", n=THRESHOLD)
    )  # fmt: skip
    return sheet


# ------------------------------------------------------------------ Por jornada


def _by_day(head: Header, p: Published) -> sh.Sheet:
    s, c, days = p.stats, Cells(p), p.days
    sheet = sh.Sheet(_("Por jornada"))
    heading(sheet, head, _("Ventas y asistencia por jornada"))
    # the fair of each day, when the days are of more than one
    several = len({d.fair for d in days}) > 1
    fair = [1] if several else []
    styles = [DATE, *(None for _x in fair), INTEGER, INTEGER, INTEGER, INTEGER, MONEY, MONEY,
              MONEY, MONEY, CENTERED]  # fmt: skip

    def row(i: int, d: breakdowns.DayRow) -> list[Cell]:
        return [
            (d.date, DATE), *((d.fair, None) for _x in fair),
            c.count(("day", i, "present"), d.present),
            c.count(("day", i, "women"), d.women),
            c.count(("day", i, "youth"), d.youth),
            (d.visitors, INTEGER),
            c.money(("day", i, "sales"), d.sales),
            c.money(("day", i, "fees_due"), d.fees_due),
            c.money(("day", i, "fees_paid"), d.fees_paid),
            c.money(("day", i, "fees_paid_later"), d.fees_paid_later),
            (_("Sí") if d.closed else _("No"), CENTERED),
        ]  # fmt: skip

    span = sheet.table(
        [_("Fecha"), *(_("Feria") for _x in fair), _("Expositores presentes"), _("Mujeres"),
         _("Jóvenes"),
         _("Visitantes"), _("Ventas"), _("Cuotas debidas"), _("Cuotas cobradas"),
         _("Cuotas pagadas después"), _("Cerrada")],
        [row(i, d) for i, d in enumerate(days)],
        styles,
        total=sh.bold([
            (_("Total"), None), *((None, None) for _x in fair),
            (sum(d.present for d in days), INTEGER),
            c.count(("days", "women"), sum(d.women for d in days)),
            c.count(("days", "youth"), sum(d.youth for d in days)),
            (s.visitors if s.visitor_estimates else None, INTEGER),
            c.money((S, ALL, ALL), s.sales.total),
            c.money(("fees", "due"), s.fees_due),
            c.money(("fees", "paid"), s.fees_paid),
            c.money(("fees", "paid_later"), s.fees_paid_later),
            (None, None),
        ]),
    )  # fmt: skip
    sheet.add()
    sheet.paragraph(
        _("Los totales de expositores suman asistencias: quien asistió a varias jornadas "
          "cuenta una vez por jornada.")
    )  # fmt: skip
    if p.any_withheld("day"):
        withheld_note(sheet)
    # a chart would draw a withheld day as if nothing were sold: none then
    if not span.empty and not any(("day", i, "sales") in p.hidden for i in range(len(days))):
        sheet.charts.append(
            sh.bar_chart(
                title=_("Ventas por jornada"),
                values_col=6 + len(fair),
                labels_col=1,
                span=span,
                labels_format="dd/mm",
            )
        )
    return sheet


# ------------------------------------------------------------------ the workbook


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
    """Writes the period's municipal summary to ``path`` (replacing it only when complete).

    ``progress(done, total)``, if given, is called as the sheets are written."""
    path = Path(path)
    with i18n.language(lang) as language:
        check_period(start, end)
        if fair_id is not None:
            fairs.get_fair(session, fair_id)  # NotFoundError for an unknown fair
        head = header(session, start, end, fair_id, now=now)
        published = for_period(session, start, end, fair_id)
        builders: tuple[Callable[[Header, Published], sh.Sheet], ...] = (
            _summary, _by_day, by_category, participation, regions, agrobiodiversity,
        )  # fmt: skip
        if published.network is not None:  # every fair of a network: side by side
            builders = (*builders, network)
        wb = Workbook(write_only=True)
        try:
            for style in named_styles():
                wb.add_named_style(style)
            title = _("{fair}: resumen municipal {period}", fair=head.fair_label,
                      period=head.period)  # fmt: skip
            sh.set_properties(wb, title, head.organization or "Agroferia", language,
                              head.generated_at)  # fmt: skip
            margins = Margins(
                header=_("Resumen municipal · sin datos personales"),
                footer=f"{head.fair_label} · {head.period}",
                page_of=_("Página {page} de {pages}"),
            )
            titles: list[str] = []
            for n, build in enumerate(builders):
                sheet = build(head, published)
                sheet.title = sh.sheet_title(sheet.title, titles)
                titles.append(sh.emit(wb, sheet, margins))
                if progress is not None:
                    progress(n + 1, len(builders))
            with replacing(path) as tmp:
                wb.save(tmp)
        finally:
            sh.discard_streams(wb)
    return WorkbookResult(path=path, sheets=titles)
