"""The «constancia de participación y ventas» a producer takes away (for a loan, a municipal
licence, the SGP certification): one vendor and a period, in PDF.

The header of every report (logo, municipality, organization); the vendor's name, document,
code and fairs; the fair days present, by fair; sales by month and rubro with their totals;
the fees of the period's days and what is still owed; the verification code; the place and
date of issue and the signature lines of the organization's president and treasurer.
Nothing about any other vendor.  The figures are ``core.statements``'; the same data and
``now`` give the same bytes.

``write_statement`` writes the file and records the statement (with its code) in the audit
trail, in the caller's transaction; ``export_statement`` does both in a transaction of its
own, removing the file if the entry cannot be committed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from babel.dates import format_date
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    HRFlowable,
    KeepTogether,
    Paragraph,
    Spacer,
)
from sqlalchemy.orm import Session, sessionmaker

from agroferia import i18n
from agroferia.core import labels, statements
from agroferia.core.errors import OperationError
from agroferia.core.files import replacing
from agroferia.core.statements import Statement
from agroferia.i18n import _, lazy
from agroferia.reports import common
from agroferia.reports.pdf_charts import LIGHT_GREY, PALE_GREEN, TEXT, register_fonts
from agroferia.reports.pdf_layout import (
    MARGIN,
    Document,
    build,
    count,
    creation_date,
    data_table,
    draw_footer,
    grid,
    header_block,
    kpi_grid,
    money,
    para,
    styles,
)

__all__ = ["export_statement", "write_statement"]

TITLE = lazy("Constancia de participación y ventas")
WIDE = 5  # rubros beyond which the sales table lists a line per month and rubro


def write_statement(
    session: Session,
    actor: str,
    vendor_id: int,
    start: dt.date,
    end: dt.date,
    path: Path,
    *,
    lang: str | None = None,
    now: dt.datetime | None = None,
) -> Statement:
    """Writes the statement to ``path`` (``.pdf``, atomically) and records it in the audit
    trail; an account that may not take personal data out of the app is refused."""
    path = Path(path)
    if path.suffix.lower() != ".pdf":
        raise OperationError(lazy("El archivo debe terminar en .pdf."))
    statements.check_may_issue(session, actor)
    now = now or dt.datetime.now()
    with i18n.language(lang):
        st = statements.gather(session, vendor_id, start, end, issued_on=now.date())
        head = common.header(session, start, end, None, now=now)
        content = _StatementReport(st, head).render()
        statements.record(session, actor, st)
        session.flush()
        with replacing(path) as temp:
            temp.write_bytes(content)
    return st


def export_statement(
    sessions: sessionmaker[Session],
    actor: str,
    vendor_id: int,
    start: dt.date,
    end: dt.date,
    path: Path,
    *,
    lang: str | None = None,
) -> Statement:
    """``write_statement`` in a transaction of its own: the file and its audit entry, both
    or neither."""
    path = Path(path)
    written = False
    try:
        with sessions.begin() as session:
            st = write_statement(session, actor, vendor_id, start, end, path, lang=lang)
            written = True
    except BaseException:
        if written:
            path.unlink(missing_ok=True)
        raise
    return st


def month_text(month: dt.date) -> str:
    """``noviembre de 2026`` / ``November 2026``."""
    text = format_date(month, "LLLL y", locale=common.DATE_LOCALES[i18n.get_language()])
    return text[:1].upper() + text[1:]


def issue_date_text(day: dt.date) -> str:
    """``25 de noviembre de 2026`` / ``25 November 2026``."""
    return format_date(day, "long", locale=common.DATE_LOCALES[i18n.get_language()])


def dates_text(days: list[dt.date], start: dt.date, end: dt.date) -> str:
    """``05/01, 12/01, 19/01`` within one year, else with the year."""
    pattern = "%d/%m" if start.year == end.year else "%d/%m/%Y"
    return ", ".join(d.strftime(pattern) for d in days)


# ---------------------------------------------------------------------------- the report


class _StatementReport:
    def __init__(self, st: Statement, head: common.Header) -> None:
        self.s = st
        fairs = ", ".join(f.name for f in st.fairs) or ", ".join(st.present) or None
        self.h = dataclasses.replace(head, fair=fairs)
        self.st = styles()
        self.width = A4[0] - 2 * MARGIN
        self.code = st.verification

    def render(self) -> bytes:
        register_fonts()
        doc = Document(
            title=_("{title}: {name}", title=TITLE.render(), name=self.s.full_name),
            author=self.h.organization or self.h.municipality or "",
            subject=_("Verificación {code}", code=self.code),
            top=2 * cm,
            bottom=2 * cm,
        )
        return build(doc, self.story(), self._footer)[0]

    def _footer(self, canvas: Canvas, page: int, total: int) -> None:
        creation_date(canvas, self.h.generated_at)
        note = _("{title} · verificación {code}", title=TITLE.render(), code=self.code)
        draw_footer(canvas, self.h.generated_at, page, total, note)

    def _h2(self, text: str) -> Paragraph:
        return para(text, self.st["h2"])

    def story(self) -> list[Flowable]:
        st = self.st
        details = [
            para(_("Periodo: {period}", period=self.h.period), st["period"]),
            para(_("Código de verificación: {code}", code=self.code), st["fair"]),
        ]
        story = header_block(self.h, TITLE.render(), details, st, self.width)
        story += self.person()
        story += self.days()
        story += self.sales()
        story += self.fees()
        story += self.closing()
        return story

    def person(self) -> list[Flowable]:
        s, st = self.s, self.st
        document = f"{s.doc_type} {s.doc_number or '—'}"
        fairs = "; ".join(self._fair(f) for f in s.fairs) or "—"
        rows = [
            (_("Nombre"), s.full_name),
            (_("Documento"), document),
            (_("Código de expositor"), s.code),
            (_("Ferias"), fairs),
        ]
        table = grid(
            [[para(k, st["cell_bold"]), para(v, st["cell"])] for k, v in rows],
            [self.width * 0.25, self.width * 0.75],
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.3, LIGHT_GREY),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ],
        )
        intro = _(
            "{organization} deja constancia de que la persona siguiente participa como "
            "productor(a) en sus ferias, con las jornadas y ventas registradas {period} que "
            "se detallan.",
            organization=self.h.organization or _("La organización"),
            period=self.h.period,
        )
        return [self._h2(_("Productor(a)")), para(intro, st["body"]), Spacer(1, 4), table]

    def _fair(self, f: statements.FairLine) -> str:
        parts = [_("puesto {stall}", stall=f.stall)] if f.stall else []
        parts.append(labels.VENDOR_STATUS[f.status].render().lower())
        parts.append(_("desde {date}", date=common.date_text(f.registered_on)))
        return f"{f.name} ({', '.join(parts)})"

    def days(self) -> list[Flowable]:
        s, st = self.s, self.st
        out: list[Flowable] = [self._h2(_("Jornadas en que participó"))]
        cells = [
            (count(s.days_present), _("Jornadas presente"), ""),
            (money(s.sales_cents), _("Ventas registradas"), ""),
            (money(s.fees_due), _("Cuotas del periodo"), ""),
            (money(s.fees_paid + s.fees_paid_later), _("Cuotas pagadas"), ""),
        ]
        out.append(kpi_grid(cells, self.width, st))
        out.append(Spacer(1, 5))
        if not s.present:
            out.append(para(_("No se registró su presencia en ninguna jornada del periodo."),
                            st["body"]))  # fmt: skip
            return out
        rows = [
            [para(f"{fair} ({count(len(days))})", st["cell_bold"]),
             para(dates_text(days, s.start, s.end), st["cell"])]
            for fair, days in s.present.items()
        ]  # fmt: skip
        out.append(grid(rows, [self.width * 0.3, self.width * 0.7], [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, -1), 0.3, LIGHT_GREY),
        ]))  # fmt: skip
        return out

    def sales(self) -> list[Flowable]:
        s, st = self.s, self.st
        title = self._h2(_("Ventas por mes y rubro"))
        if not s.sales:
            return [title, para(_("No tiene ventas registradas en el periodo."), st["body"])]
        months, rubros = s.months, s.categories
        if len(rubros) > WIDE:  # too many to go across: a line per month and rubro
            # a long table starts below its title on the same page, and goes on on the next
            free = ParagraphStyle("h2_free", parent=st["h2"], keepWithNext=0)
            title = para(_("Ventas por mes y rubro"), free)
            return [CondPageBreak(4 * cm), title, *self._long_sales()]
        total = _("Total")
        headers = [_("Mes"), *rubros, total]
        rows = [
            [month_text(m), *(self._cell(s.sales.get((m, r))) for r in rubros),
             money(s.month_total(m))]
            for m in months
        ]  # fmt: skip
        last = [total, *(money(s.category_total(r)) for r in rubros), money(s.sales_cents)]
        first = 0.22
        rest = (1 - first) / (len(headers) - 1)
        widths = [self.width * first] + [self.width * rest] * (len(headers) - 1)
        return [title, data_table(headers, rows, last, widths, st), Spacer(1, 2), self._note()]

    def _note(self) -> Paragraph:
        return para(_("Montos anotados en las planillas de las jornadas, en soles."),
                    self.st["note"])  # fmt: skip

    def _long_sales(self) -> list[Flowable]:
        s, st, w = self.s, self.st, self.width
        rows: list[list] = []
        bold: list[int] = []
        blocks: list[tuple[int, int]] = []
        for month in s.months:
            first = len(rows)
            for rubro in s.categories:
                cents = s.sales.get((month, rubro))
                if cents:
                    label = month_text(month) if len(rows) == first else ""
                    rows.append([label, para(rubro, st["cell"]), money(cents)])
            bold.append(len(rows))
            rows.append(["", _("Total de {month}", month=month_text(month)),
                         money(s.month_total(month))])  # fmt: skip
            blocks.append((first, len(rows) - 1))
        headers = [_("Mes"), _("Rubro"), _("Ventas")]
        total = [_("Total"), "", money(s.sales_cents)]
        by_month = data_table(headers, rows, total, [w * 0.22, w * 0.53, w * 0.25], st,
                              left=2, bold_rows=tuple(bold), blocks=tuple(blocks))  # fmt: skip
        by_rubro = data_table(
            [_("Rubro"), _("Ventas")],
            [[para(r, st["cell"]), money(s.category_total(r))] for r in s.categories],
            [_("Total"), money(s.sales_cents)],
            [w * 0.75, w * 0.25], st,
        )  # fmt: skip
        return [by_month, Spacer(1, 8), by_rubro, Spacer(1, 2), self._note()]

    @staticmethod
    def _cell(cents: int | None) -> str:
        return money(cents) if cents else "—"

    def fees(self) -> list[Flowable]:
        s, st = self.s, self.st
        rows = [
            (_("Cuotas de las jornadas del periodo"), money(s.fees_due)),
            (_("Pagado el día de cada jornada"), money(s.fees_paid)),
            (_("Pagado después"), money(s.fees_paid_later)),
            (_("Pendiente de las jornadas del periodo"), money(s.fees_outstanding)),
            (_("Saldo pendiente a la fecha (todas las jornadas)"), money(s.owed_now)),
        ]
        table = grid(
            [[para(k, st["cell"]), v] for k, v in rows],
            [self.width * 0.6, self.width * 0.2],
            [
                ("FONTSIZE", (0, 0), (-1, -1), 8),
                ("ALIGN", (1, 0), (1, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.3, LIGHT_GREY),
                ("BACKGROUND", (0, -1), (-1, -1), PALE_GREEN),
            ],
            hAlign="LEFT",
        )
        return [self._h2(_("Cuotas")), table]

    def closing(self) -> list[Flowable]:
        s, st = self.s, self.st
        verify = _(
            "Código de verificación: {code}. La organización guarda el registro de esta "
            "constancia y puede confirmar con este código que es auténtica y que sus cifras "
            "son las registradas.",
            code=self.code,
        )
        place = next((f.district for f in s.fairs if f.district), None) or self.h.municipality
        date = issue_date_text(s.issued_on)
        issued = _("{place}, {date}", place=place, date=date) if place else date
        col, inset = self.width / 2, 18

        def block(role: str) -> list[Flowable]:
            return [
                Spacer(1, 1.4 * cm),
                HRFlowable(width="100%", thickness=0.8, color=TEXT, spaceAfter=3),
                para(role, st["sign"]),
                para(self.h.organization or "", st["kpi_label"]),
            ]

        signatures = grid(
            [[block(_("Presidente(a)")), block(_("Tesorero(a)"))]],
            [col, col],
            [
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LEFTPADDING", (0, 0), (-1, -1), inset),
                ("RIGHTPADDING", (0, 0), (-1, -1), inset),
            ],
        )
        return [
            Spacer(1, 10),
            KeepTogether([
                para(verify, st["body"]),
                Spacer(1, 8),
                para(issued, st["body"]),
                signatures,
            ]),
        ]  # fmt: skip
