"""The municipal report: one A4 PDF with the period's figures for the municipality.

Every figure comes from ``core.stats.compute`` (the same numbers as ``agroferia stats
--json``); the header from ``reports.common.header``.  The report holds aggregates only: no
name, document number, phone or birth date of any person (Ley N.° 29733); and it publishes
exactly what the municipal workbook publishes (``reports.published``): a figure resting on
one or two vendors, or that would give one back by subtraction, is «—» with a note saying
why, small rubros and regions are added up in «Otros», and no chart draws a withheld figure.
Text is drawn with embedded TrueType fonts (see ``pdf_charts.register_fonts``).

Pages, in order: the header (logo, municipality, organization, fair, period) and the key
figures, sales per fair day; sales by category (chart and table); participation by sex and
age group (chart and table); vendors by region of origin (the three in
``municipal_pdf_breakdowns``); agrobiodiversity (``municipal_pdf_products``); with every fair of a network of several, the fairs side by
side on a page of their own (``municipal_pdf_network``); definitions; signature lines.
Every page has a footer with the generation date and ``Página X de Y``.  The same data and
``now`` give the same bytes.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    HRFlowable,
    KeepTogether,
    Paragraph,
    Spacer,
)
from sqlalchemy.orm import Session

from agroferia import i18n
from agroferia.core.disclosure import THRESHOLD
from agroferia.core.money import format_money
from agroferia.core.stats import YOUTH
from agroferia.i18n import _, _n
from agroferia.reports import common, municipal_pdf_network, municipal_pdf_products, products_text
from agroferia.reports import municipal_pdf_breakdowns as breakdowns
from agroferia.reports.municipal_pdf_breakdowns import WITHHELD
from agroferia.reports.pdf_charts import (
    FONT,
    GREEN,
    LIGHT_GREY,
    MUTED,
    PALE_GREEN,
    TEXT,
    register_fonts,
    sales_by_day_chart,
)
from agroferia.reports.pdf_layout import (
    MARGIN,
    Document,
    PdfResult,
    build,
    count,
    creation_date,
    draw_footer,
    fit_text,
    grid,
    header_block,
    kpi_grid,
    money,
    para,
    save,
    styles,
)
from agroferia.reports.published import ALL, Published, S, V, for_period

__all__ = ["write_pdf"]

TOP_MARGIN = 2.2 * cm  # room for the running header from page 2 on
BOTTOM_MARGIN = 2 * cm


def write_pdf(
    session: Session,
    start: dt.date,
    end: dt.date,
    path: Path,
    *,
    fair_id: int | None = None,
    lang: str | None = None,
    now: dt.datetime | None = None,
) -> PdfResult:
    """Writes the report for the period (and fair) to ``path``, atomically
    (``pdf_layout.save``).  The same data and ``now`` give the same bytes."""
    path = Path(path)
    with i18n.language(lang):
        common.check_period(start, end)
        published = for_period(session, start, end, fair_id)
        head = common.header(session, start, end, fair_id, now=now)
        register_fonts()
        data, pages = _Report(published, head).render()
    return save(path, data, pages)


# ------------------------------------------------------------------------------ report


class _Report:
    def __init__(self, published: Published, head: common.Header) -> None:
        self.p = published
        self.s = published.stats
        self.h = head
        self.st = styles()
        self.width = A4[0] - 2 * MARGIN
        self.layout = breakdowns.Layout(self.st, self.width)

    # -- document

    def render(self) -> tuple[bytes, int]:
        """The document's bytes and its number of pages."""
        doc = Document(
            title=f"{self.title} · {self.h.fair_label}",
            author=self.h.organization or self.h.municipality or "",
            subject=self.h.period,
            top=TOP_MARGIN,
            bottom=BOTTOM_MARGIN,
        )
        return build(doc, self.story(), self._footer, onPage=self._running_head)

    @property
    def title(self) -> str:
        return _("Informe de actividad de la feria")

    def _running_head(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        if canvas.getPageNumber() == 1:
            return
        canvas.saveState()
        y = A4[1] - 1.35 * cm
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(MUTED)
        canvas.drawString(MARGIN, y, fit_text(self.h.fair_label, FONT, 7.5, self.width * 0.6))
        canvas.drawRightString(A4[0] - MARGIN, y, self.h.period)
        canvas.setStrokeColor(LIGHT_GREY)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN, y - 4, A4[0] - MARGIN, y - 4)
        canvas.restoreState()

    def _footer(self, canvas: Canvas, page: int, total: int) -> None:
        creation_date(canvas, self.h.generated_at)
        draw_footer(canvas, self.h.generated_at, page, total)

    # -- story

    def story(self) -> list[Flowable]:
        story: list[Flowable] = [*self.header()]
        if not self.s.fair_days:
            story += self.no_activity()
        else:
            story += self.key_figures()
            story += self.sales_by_day()
            story += self.by_category()
            story += self.participation()
            story += self.regions()
            story += municipal_pdf_products.agrobiodiversity(self.p, self.layout)
            story += municipal_pdf_network.network(self.p, self.layout)
            story += self.definitions()
        story += self.signatures()
        return story

    def header(self) -> list[Flowable]:
        period = para(_("Periodo: {period}", period=self.h.period), self.st["period"])
        return header_block(self.h, self.title, [period], self.st, self.width)

    def no_activity(self) -> list[Flowable]:
        st = self.st
        box = grid(
            [
                [para(_("No hubo actividad en este periodo."), st["empty"])],
                [
                    para(
                        _(
                            "No se realizó ninguna jornada de feria {period}: no hay "
                            "asistencia de expositores, ventas ni visitantes que informar.",
                            period=self.h.period,
                        ),
                        st["empty_note"],
                    )
                ],
            ],
            [self.width],
            [
                ("BACKGROUND", (0, 0), (-1, -1), PALE_GREEN),
                ("BOX", (0, 0), (-1, -1), 0.8, GREEN),
                ("TOPPADDING", (0, 0), (-1, -1), 10),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 10),
                ("LEFTPADDING", (0, 0), (-1, -1), 14),
                ("RIGHTPADDING", (0, 0), (-1, -1), 14),
            ],
        )
        return [Spacer(1, 1.5 * cm), box, Spacer(1, 1 * cm)]

    # -- key figures

    def key_figures(self) -> list[Flowable]:
        s, v = self.s, self.s.vendors
        low, high = s.youth_range
        if s.visitor_estimates:
            visitors = count(s.visitors)
            visitors_note = (
                _(
                    "(estimado en {n} de {days} jornadas)",
                    n=s.visitor_estimates,
                    days=s.fair_days,
                )
                if s.visitor_estimates < s.fair_days
                else ""
            )
        else:  # not «—», which stands for a withheld figure
            visitors, visitors_note = _("Sin estimación"), ""
        shown = breakdowns.Shown(self.p)
        sales = (S, ALL, ALL)
        cells = [
            (count(s.fair_days), _("Jornadas realizadas"), ""),
            (count(v.present), _("Expositores presentes"), ""),
            (
                shown.share((V, "F", ALL), v.by_sex["F"], v.present),
                _("Mujeres"),
                _("de los presentes"),
            ),
            (
                shown.share((V, ALL, YOUTH), v.youth, v.present),
                _("Jóvenes ({low}–{high} años)", low=low, high=high),
                _("de los presentes"),
            ),
            (shown.money(sales, s.sales.total), _("Ventas totales"), ""),
            (
                # the total divided by the attendances (published): withheld with the total
                format_money(s.average_per_vendor_day) if self.p.shown(sales) else WITHHELD,
                _("Promedio de ventas por expositor y jornada"),
                "",
            ),
            (visitors, _("Visitantes (estimado)"), visitors_note),
            (
                count(v.registered),
                _("Expositores inscritos"),
                _("activos: {n}", n=shown.count(("active",), v.active)),
            ),
        ]  # fmt: skip
        flow: list[Flowable] = [
            self._h2(_("Indicadores del periodo")),
            kpi_grid(cells, self.width, self.st),
        ]
        if shown.withheld:
            flow += [Spacer(1, 3), breakdowns.withheld_note(self.layout)]
        return flow

    def _h2(self, text: str) -> Paragraph:
        return para(text, self.st["h2"])

    # -- sales per fair day

    def sales_by_day(self) -> list[Flowable]:
        s = self.s.sales
        title = self._h2(_("Ventas por jornada"))
        if not s.total:
            return [title, para(_("No se registraron ventas en el periodo."), self.st["body"])]
        if len(s.by_fair_day) == 1:  # one bar: the total sales, among the key figures
            return []
        withheld = sum(("day", i, "sales") in self.p.hidden for i in range(len(self.p.days)))
        if withheld:
            # as in the workbook: a chart would draw a withheld day as a day without sales
            text = _n(
                withheld,
                "Las ventas de una jornada están reservadas: las sostienen menos de {t} "
                "expositores, o permitirían calcular restando otra que lo está. Por eso no se "
                "dibuja el gráfico de ventas por jornada, que la mostraría como un día sin "
                "ventas.",
                "Las ventas de {n} jornadas están reservadas: las sostienen menos de {t} "
                "expositores, o permitirían calcular restando otra que lo está. Por eso no se "
                "dibuja el gráfico de ventas por jornada, que las mostraría como días sin "
                "ventas.",
                t=THRESHOLD,
            )
            return [title, para(text, self.st["body"])]
        best_day, best = max(s.by_fair_day.items(), key=lambda kv: (kv[1], kv[0]))
        # one bar per date: with every fair, fair days of several fairs on one date add up
        note = _(
            "Una barra por fecha de jornada; la de mayor venta fue el {date} ({amount}).",
            date=common.date_text(best_day),
            amount=money(best),
        )
        chart = sales_by_day_chart(s.by_fair_day, self.width, 190)
        return [KeepTogether([title, chart, Spacer(1, 2), para(note, self.st["note"])])]

    # -- breakdowns

    def by_category(self) -> list[Flowable]:
        return breakdowns.by_category(self.p, self.layout)

    def participation(self) -> list[Flowable]:
        return breakdowns.participation(self.p, self.layout)

    def regions(self) -> list[Flowable]:
        return breakdowns.regions(self.p, self.layout)

    # -- definitions and signatures

    def definitions(self) -> list[Flowable]:
        low, high = self.s.youth_range
        items = [
            _("<b>Jornada</b>: un día de feria realizado en el periodo."),
            _(
                "<b>Expositores presentes</b>: los que asistieron al menos a una jornada del "
                "periodo; los porcentajes de mujeres, jóvenes y regiones se calculan sobre ellos."
            ),
            _(
                "<b>Jóvenes</b>: de {low} a {high} años cumplidos el día de la jornada. Un "
                "expositor cuenta como joven si lo era en alguna jornada a la que asistió; una "
                "venta, si lo era en la fecha de la venta. Sin fecha de nacimiento no se estima "
                "la edad («Edad no indicada»).",
                low=low,
                high=high,
            ),
            _(
                "<b>Promedio de ventas por expositor y jornada</b>: ventas totales divididas "
                "entre las asistencias (cada expositor en cada jornada a la que asistió)."
            ),
            _(
                "<b>Visitantes</b>: suma de las estimaciones registradas por jornada; las "
                "jornadas sin estimación no suman."
            ),
            _(
                "<b>Expositores inscritos</b>: inscritos hasta el final del periodo, más los "
                "presentes en él; «activos», los que hoy están en estado activo."
            ),
            _(
                "<b>Cifras reservadas</b>: ninguna cifra de este informe descansa en menos de "
                "{n} expositores. Las que lo harían se muestran como «—» (y también las que "
                "permitirían calcularlas restando), y los rubros y regiones con menos de {n} "
                "expositores se suman en una fila «Otros». El resumen en Excel del mismo "
                "periodo reserva las mismas cifras.",
                n=THRESHOLD,
            ),
            products_text.definition(),
            _("Montos en soles (S/), según lo registrado por la organización de la feria."),
            _(
                "Este informe contiene solo cifras agregadas: ningún nombre, documento de "
                "identidad, teléfono ni fecha de nacimiento (Ley N.° 29733, Ley de Protección "
                "de Datos Personales)."
            ),
        ]
        return [
            KeepTogether(
                [
                    self._h2(_("Definiciones")),
                    *(Paragraph(text, self.st["bullet"], bulletText="•") for text in items),
                ]
            )
        ]

    def signatures(self) -> list[Flowable]:
        st = self.st
        col = self.width / 2

        def block(role: str) -> list[Flowable]:
            return [
                Spacer(1, 1.3 * cm),
                HRFlowable(width="80%", thickness=0.8, color=TEXT, spaceAfter=3),
                para(role, st["sign"]),
                Spacer(1, 6),
                para(_("Nombre:") + " " + "_" * 30, st["sign_field"]),
                para(_("DNI:") + " " + "_" * 34, st["sign_field"]),
            ]

        table = grid(
            [[block(_("Organizador(a)")), block(_("Tesorero(a)"))]],
            [col, col],
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 12),
                ("RIGHTPADDING", (0, 0), (-1, -1), 12),
            ],
        )
        return [KeepTogether([self._h2(_("Firmas")), table])]
