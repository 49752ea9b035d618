"""The municipal report: one A4 PDF with the period's figures for the municipality.

Every figure comes from ``core.stats.compute`` (the same numbers as ``agroferia stats
--json``); the header from ``reports.common.header``.  The report holds aggregates only: no
name, document number, phone or birth date of any person (Ley N.° 29733).  Text is drawn
with embedded TrueType fonts (see ``pdf_charts.register_fonts``).

Pages, in order: the header (logo, municipality, organization, fair, period) and the key
figures, sales per fair day; sales by category (chart and table); participation by sex and
age group (chart and table); vendors by region of origin; definitions; signature lines.
Every page has a footer with the generation date and ``Página X de Y``.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    HRFlowable,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
)
from sqlalchemy.orm import Session

from agroferia import i18n
from agroferia.core import stats as core_stats
from agroferia.core.money import format_money
from agroferia.core.stats import AGE_GROUPS, NON_YOUTH, NOT_STATED, YOUTH, Stats
from agroferia.i18n import _, _n
from agroferia.reports import common
from agroferia.reports.pdf_charts import (
    FONT,
    GREEN,
    LIGHT_GREY,
    MUTED,
    PALE_GREEN,
    TEXT,
    category_chart,
    participation_chart,
    register_fonts,
    sales_by_day_chart,
)
from agroferia.reports.pdf_layout import (
    MARGIN,
    PdfResult,
    canvas_maker,
    count,
    creation_date,
    data_table,
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
        figures = core_stats.compute(session, start, end, fair_id)
        head = common.header(session, start, end, fair_id, now=now)
        register_fonts()
        data, pages = _Report(figures, head).render()
    return save(path, data, pages)


# ------------------------------------------------------------------------------ report


class _Report:
    def __init__(self, stats: Stats, head: common.Header) -> None:
        self.s = stats
        self.h = head
        self.st = styles()
        self.width = A4[0] - 2 * MARGIN

    # -- document

    def render(self) -> tuple[bytes, int]:
        """The document's bytes and its number of pages."""
        buffer = io.BytesIO()
        doc = BaseDocTemplate(
            buffer,
            pagesize=A4,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=TOP_MARGIN,
            bottomMargin=BOTTOM_MARGIN,
            title=f"{self.title} · {self.h.fair_label}",
            author=self.h.organization or self.h.municipality or "",
            subject=self.h.period,
            creator="Agroferia",
            initialFontName=FONT,
            lang=i18n.get_language(),
            invariant=1,  # no clock or random identifier: the creation date is set below
        )
        frame = Frame(
            doc.leftMargin,
            doc.bottomMargin,
            doc.width,
            doc.height,
            id="body",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=self._running_head)])
        pages: list[int] = []
        doc.build(self.story(), canvasmaker=canvas_maker(self._footer, pages))
        return buffer.getvalue(), pages[0]

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
        else:
            visitors, visitors_note = "—", _("sin estimación")
        cells = [
            (count(s.fair_days), _("Jornadas realizadas"), ""),
            (count(v.present), _("Expositores presentes"), ""),
            (common.percent(s.share(v.by_sex["F"])), _("Mujeres"), _("de los presentes")),
            (
                common.percent(s.share(v.youth)),
                _("Jóvenes ({low}–{high} años)", low=low, high=high),
                _("de los presentes"),
            ),
            (money(s.sales.total), _("Ventas totales"), ""),
            (
                format_money(s.average_per_vendor_day),
                _("Promedio de ventas por expositor y jornada"),
                "",
            ),
            (visitors, _("Visitantes (estimado)"), visitors_note),
            (count(v.registered), _("Expositores inscritos"), _("activos: {n}", n=v.active)),
        ]
        table = kpi_grid(cells, self.width, self.st)
        return [self._h2(_("Indicadores del periodo")), table]

    def _h2(self, text: str) -> Paragraph:
        return para(text, self.st["h2"])

    # -- sales per fair day

    def sales_by_day(self) -> list[Flowable]:
        s = self.s.sales
        title = self._h2(_("Ventas por jornada"))
        if not s.total:
            return [title, para(_("No se registraron ventas en el periodo."), self.st["body"])]
        best_day, best = max(s.by_fair_day.items(), key=lambda kv: (kv[1], kv[0]))
        # one bar per date: with every fair, fair days of several fairs on one date add up
        note = _(
            "Una barra por fecha de jornada; la de mayor venta fue el {date} ({amount}).",
            date=common.date_text(best_day),
            amount=money(best),
        )
        chart = sales_by_day_chart(s.by_fair_day, self.width, 190)
        return [KeepTogether([title, chart, Spacer(1, 2), para(note, self.st["note"])])]

    # -- categories

    def by_category(self) -> list[Flowable]:
        s, v = self.s.sales, self.s.vendors
        names = list(s.by_category) + [n for n in v.by_category if n not in s.by_category]
        if not names:
            return []
        title = self._h2(_("Ventas por rubro"))
        if s.total:
            shares = {
                n: common.percent(core_stats.percentage(c, s.total))
                for n, c in s.by_category.items()
            }
            chart = category_chart(s.by_category, shares, self.width)
            flow: list[Flowable] = [KeepTogether([title, chart]), Spacer(1, 10)]
        else:
            flow = [title]
        rows = [
            [
                para(n, self.st["cell"]),
                count(v.by_category.get(n, 0)),
                money(s.by_category.get(n, 0)),
                common.percent(core_stats.percentage(s.by_category.get(n, 0), s.total)),
            ]
            for n in names
        ]
        total = [
            para(_("Total"), self.st["cell_bold"]),
            count(v.present),
            money(s.total),
            common.percent(core_stats.percentage(s.total, s.total)) if s.total else "—",
        ]
        table = self._table(
            [
                _("Rubro"),
                _("Expositores presentes (rubro principal)"),
                _("Ventas"),
                _("% de las ventas"),
            ],
            rows,
            total,
            [0.36, 0.26, 0.22, 0.16],
            # a handful of rows: the table moves whole to the next page rather than split
            blocks=((0, len(rows) - 1),) if len(rows) <= 20 else (),
        )
        note = _(
            "Los expositores se cuentan en su rubro principal; las ventas, en el rubro de cada "
            "venta."
        )
        return [*flow, KeepTogether([table, para(note, self.st["note"])])]

    def _table(
        self,
        headers: list[str],
        rows: list[list[Any]],
        total: list[Any] | None,
        widths: list[float],
        bold_rows: tuple[int, ...] = (),
        left: int = 1,
        blocks: tuple[tuple[int, int], ...] = (),
    ) -> Table:
        return data_table(
            headers,
            rows,
            total,
            [w * self.width for w in widths],
            self.st,
            bold_rows=bold_rows,
            left=left,
            blocks=blocks,
        )

    # -- participation

    def participation(self) -> list[Flowable]:
        s, v, sa = self.s, self.s.vendors, self.s.sales
        if not v.present:
            return []
        sexes = [x for x in core_stats.SEXES if x in ("F", "M") or v.by_sex[x] or sa.by_sex[x]]
        groups = [
            g
            for g in AGE_GROUPS
            if g != NOT_STATED or any(v.by_sex_youth[x][g] or sa.by_sex_youth[x][g] for x in sexes)
        ]
        group_names = {g: common.age_group_label(g) for g in AGE_GROUPS}
        sales_share = {
            x: {g: core_stats.percentage(sa.by_sex_youth[x][g], sa.total) for g in AGE_GROUPS}
            for x in core_stats.SEXES
        }
        chart = participation_chart(
            sexes,
            [common.sex_label(x) for x in sexes],
            groups,
            group_names,
            v.by_sex_youth,
            sales_share,
            (_("Expositores presentes"), _("% de las ventas")),
            self.width,
        )
        rows: list[list[Any]] = []
        bold: list[int] = []
        blocks: list[tuple[int, int]] = []
        for x in sexes:
            bold.append(len(rows))
            rows.append(self._participation_row(common.sex_label(x), "", v.by_sex[x], sa.by_sex[x]))
            for g in groups:
                if v.by_sex_youth[x][g] or sa.by_sex_youth[x][g]:
                    rows.append(
                        self._participation_row(
                            "", group_names[g], v.by_sex_youth[x][g], sa.by_sex_youth[x][g]
                        )
                    )
            blocks.append((bold[-1], len(rows) - 1))
        by_group_sales = {YOUTH: sa.youth, NON_YOUTH: sa.non_youth, NOT_STATED: sa.age_not_stated}
        by_group_present = {
            g: sum(v.by_sex_youth[x][g] for x in core_stats.SEXES) for g in AGE_GROUPS
        }
        blocks.append((len(rows), len(rows) + len(groups) - 1))
        first = True
        for g in groups:
            rows.append(
                self._participation_row(
                    _("Por grupo de edad") if first else "",
                    group_names[g],
                    by_group_present[g],
                    by_group_sales[g],
                )
            )
            first = False
        total = self._participation_row(_("Total"), "", v.present, sa.total)
        low, high = s.youth_range
        table = self._table(
            [
                _("Sexo"),
                _("Grupo de edad"),
                _("Expositores presentes"),
                _("% de los presentes"),
                _("Ventas"),
                _("% de las ventas"),
            ],
            rows,
            total,
            [0.17, 0.19, 0.15, 0.13, 0.22, 0.14],
            bold_rows=tuple(bold),
            left=2,
            blocks=tuple(blocks),
        )
        notes = [
            _(
                "Jóvenes: de {low} a {high} años cumplidos. Mujeres jóvenes presentes: {n}.",
                low=low,
                high=high,
                n=v.youth_women,
            )
        ]
        if v.age_not_stated:
            notes.append(
                _n(
                    v.age_not_stated,
                    "Sin fecha de nacimiento registrada: 1 expositor.",
                    "Sin fecha de nacimiento registrada: {n} expositores.",
                )
            )
        return [
            KeepTogether([self._h2(_("Participación por sexo y edad")), chart, Spacer(1, 6)]),
            table,
            para(" ".join(notes), self.st["note"]),
        ]

    def _participation_row(self, sex: str, group: str, present: int, cents: int) -> list[Any]:
        total = self.s.sales.total
        return [
            sex,
            group,
            count(present),
            common.percent(self.s.share(present)),
            money(cents),
            common.percent(core_stats.percentage(cents, total)) if total else "—",
        ]

    # -- regions

    def regions(self) -> list[Flowable]:
        s = self.s
        if not s.regions:
            return []
        rows = [
            [para(common.region_label(r), self.st["cell"]), count(n), common.percent(s.share(n))]
            for r, n in s.regions.items()
        ]
        total = [
            para(_("Total"), self.st["cell_bold"]),
            count(s.vendors.present),
            common.percent(s.share(s.vendors.present)),
        ]
        table = self._table(
            [_("Región de origen"), _("Expositores presentes"), _("% de los presentes")],
            rows,
            total,
            [0.5, 0.25, 0.25],
        )
        return [self._h2(_("Expositores presentes por región de origen")), table]

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
