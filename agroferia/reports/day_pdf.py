"""The summary of one fair day (jornada): one A4 page the treasurer prints when closing it.

Every figure comes from ``core.stats.compute`` for the one-day period of the fair day's
fair, so that it equals the municipal report and the dashboard for that day, with one
exception: the fees outstanding of a closed day are those at its closing (a debt of that
day paid afterwards is listed on the summary of the day it was received, and a closed day's
summary never changes).  The header (logo, municipality, organization) comes from
``reports.common.header``, the layout pieces from ``reports.pdf_layout``.  Its figures are
aggregates; the one list of people is that of the payments of earlier, closed days' fees
received on this date (name, code, the day paid, method, amount: the treasurer's record of
that money), and the footer says so when it is there.  No document, phone or birth date.

Sections: the header (fair, date written out, whether the fair day is closed), visitors
and notes, the key figures (sales, fees), sales by payment method and by category (the
smallest categories folded into one row when they are many), vendors present and sales by
sex and age group, the payments of earlier debts received that day, and two signature lines
at the foot of the page.  The page is built in memory and checked: when it would not fit on
one page, fewer categories are listed, and as a last resort the body is scaled down; then
it is written atomically.  The same data and the same ``now`` give the same bytes (the
file's creation date is ``now``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    HRFlowable,
    KeepInFrame,
    Paragraph,
    Spacer,
    Table,
)
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from agroferia import i18n
from agroferia.core import accounts, audit, fairs, fees
from agroferia.core import stats as core_stats
from agroferia.core.models import AuditLog, FairDay, Fee, LaterPayment, Sale
from agroferia.core.money import format_money
from agroferia.core.stats import AGE_GROUPS, METHODS, NON_YOUTH, NOT_STATED, YOUTH, Stats
from agroferia.i18n import _, _n
from agroferia.reports import common
from agroferia.reports.pdf_charts import (
    DARK_GREEN,
    FONT,
    FONT_BOLD,
    GREEN,
    PALE_GREEN,
    TEXT,
    register_fonts,
)
from agroferia.reports.pdf_layout import (
    MARGIN,
    Document,
    PdfResult,
    build,
    count,
    creation_date,
    data_table,
    draw_footer,
    escape,
    grid,
    header_block,
    kpi_grid,
    money,
    para,
    save,
    styles,
)

__all__ = ["write_day_summary"]

TOP_MARGIN = 1.5 * cm
SIGNATURES_BOTTOM = 1.8 * cm  # above the footer
SIGNATURES_HEIGHT = 2.7 * cm  # the lines, and room above them to sign
BODY_BOTTOM = SIGNATURES_BOTTOM + SIGNATURES_HEIGHT + 0.3 * cm
# the most category rows listed, tried in turn until the page fits; the rest are summed
CATEGORY_ROWS = tuple(range(12, 3, -1))
NOTES_MAX = 400  # characters of the fair day's notes shown
OPEN_COLOUR = colors.HexColor("#A85A00")


def write_day_summary(
    session: Session,
    fair_day_id: int,
    path: Path,
    *,
    lang: str | None = None,
    now: dt.datetime | None = None,
    actor: str | None = None,
) -> PdfResult:
    """Writes the one-page summary of fair day ``fair_day_id`` to ``path``, atomically (see
    ``reports.municipal_pdf.write_pdf``).  An unknown fair day raises ``NotFoundError``.
    The names of who paid earlier debts on the day are shown only to an account that works
    with people (``actor``; anyone on a database without accounts); otherwise their codes."""
    path = Path(path)
    with i18n.language(lang):
        day = fairs.get_fair_day(session, fair_day_id)
        figures = core_stats.compute(session, day.date, day.date, fair_id=day.fair_id)
        head = common.header(session, day.date, day.date, day.fair_id, now=now)
        facts = _DayFacts.read(session, day)
        received = fees.payments_received(session, day.fair_id, day.date)
        people = bool(accounts.rights_of(session, actor or "") & accounts.WITH_PEOPLE)
        register_fonts()
        data, pages = _DaySummary(figures, head, facts, received, people).render()
    return save(path, data, pages)


@dataclass(frozen=True)
class _DayFacts:
    """What the summary shows of the fair day itself, besides the figures of ``stats``."""

    date: dt.date
    closed_at: dt.datetime | None  # local time
    closed_by: str | None  # the account's display name, else the name recorded
    visitors: int | None
    notes: str | None
    entries: int  # sales entries
    # the payments of the day's fees received later and recorded by the time it was closed
    # (a day reopened and closed again); those recorded since do not change its summary
    paid_later_at_closing: int = 0
    # the day's last reopening: when (local time), by whom (display name) and why
    reopened: tuple[dt.datetime, str, str] | None = None

    @classmethod
    def read(cls, session: Session, day: FairDay) -> _DayFacts:
        who = audit.display_names(session)
        closer = None
        if day.closed_at is not None and day.closed_by:
            closing = _last(session, day.id, "close")
            closer = who(closing.user_id if closing else None, day.closed_by)
        reopening = _last(session, day.id, "reopen")
        reopened = None
        if reopening is not None:
            reopened = (common.local_time(reopening.at), who(reopening.user_id, reopening.actor),
                        " ".join((reopening.reason or "").split()))  # fmt: skip
        entries = session.scalar(
            select(func.count()).select_from(Sale).where(Sale.fair_day_id == day.id)
        )
        later = 0
        if day.closed_at is not None:
            later = session.scalar(
                select(func.coalesce(func.sum(LaterPayment.amount_cents), 0))
                .join(Fee, Fee.id == LaterPayment.fee_id)
                .where(Fee.fair_day_id == day.id, LaterPayment.recorded_at <= day.closed_at)
            )
        return cls(
            date=day.date,
            closed_at=common.local_time(day.closed_at) if day.closed_at else None,
            closed_by=closer,
            visitors=day.visitors,
            notes=(day.notes or "").strip() or None,
            entries=entries or 0,
            paid_later_at_closing=int(later),
            reopened=reopened,
        )


def _styles() -> dict[str, ParagraphStyle]:
    st = styles()

    def style(name: str, parent: str, **kw: Any) -> ParagraphStyle:
        return ParagraphStyle(name, parent=st[parent], **kw)

    st.update(
        {
            "title": style("day_title", "title", spaceBefore=2),
            "date": style("day_date", "fair", fontName=FONT, fontSize=10.5),
            "closed": style("day_closed", "period", fontName=FONT_BOLD, textColor=DARK_GREEN),
            "open": style("day_open", "period", fontName=FONT_BOLD, textColor=OPEN_COLOUR),
            "h2": style("day_h2", "h2", fontSize=11, leading=14, spaceBefore=9, spaceAfter=4),
            "info": style("day_info", "body", fontSize=8.5, leading=11, spaceBefore=2),
            "section": style("section", "cell_bold", textColor=DARK_GREEN),
            "empty": style("day_empty", "empty", fontSize=11, leading=14),
            "empty_note": style("day_empty_note", "empty_note", fontSize=8.5, leading=11),
            "sign": style("day_sign", "sign", fontName=FONT_BOLD, fontSize=8.5, leading=11),
            "sign_field": style("day_sign_field", "sign_field", fontSize=8, leading=14),
        }
    )
    return st


def _last(session: Session, day_id: int, action: str) -> AuditLog | None:
    """The fair day's latest audit entry of ``action`` (its closing, its reopening)."""
    return session.scalars(
        select(AuditLog)
        .where(AuditLog.entity == "fair_day", AuditLog.entity_id == day_id,
               AuditLog.action == action)
        .order_by(AuditLog.at.desc(), AuditLog.id.desc())
        .limit(1)
    ).first()  # fmt: skip


class _DaySummary:
    def __init__(
        self,
        stats: Stats,
        head: common.Header,
        day: _DayFacts,
        received: list[fees.ReceivedPayment],
        people: bool = True,
    ) -> None:
        self.s = stats
        self.h = head
        self.day = day
        self.received = received
        self.people = people  # the payers' names (else only their codes)
        self.st = _styles()
        self.width = A4[0] - 2 * MARGIN

    @property
    def title(self) -> str:
        return _("Resumen de la jornada")

    # -- document

    def render(self) -> tuple[bytes, int]:
        """The PDF and its number of pages (one), with as many categories listed as fit."""
        listed = max(len(self.s.sales.by_category), CATEGORY_ROWS[-1])
        for rows in (r for r in CATEGORY_ROWS if r <= listed):
            data, pages = self._build(self.story(rows))
            if pages == 1:
                return data, pages
        # still too long (a very long header, say): the body is scaled down to fit
        story = [KeepInFrame(self.width, self._body_height, self.story(CATEGORY_ROWS[-1]))]
        return self._build(story)

    @property
    def _body_height(self) -> float:
        return A4[1] - TOP_MARGIN - BODY_BOTTOM

    def _build(self, story: list[Flowable]) -> tuple[bytes, int]:
        doc = Document(
            title=f"{self.title} · {self.h.fair_label} · {common.date_text(self.day.date)}",
            author=self.h.organization or self.h.municipality or "",
            subject=self._long_date(),
            top=TOP_MARGIN,
            bottom=BODY_BOTTOM,
        )
        return build(doc, story, self._footer, onPageEnd=self._signatures)

    def _footer(self, canvas: Canvas, page: int, total: int) -> None:
        creation_date(canvas, self.h.generated_at)  # the creation date: when printed
        note = _("Agroferia · cifras agregadas y pagos recibidos") if self.received else None
        draw_footer(canvas, self.h.generated_at, page, total, note)

    def _signatures(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        """Two signature lines at the foot of the page, whatever the length of the body."""
        st = self.st
        col, inset = self.width / 2, 16
        inner = col - 2 * inset

        def field(label: str) -> Paragraph:
            """``Nombre: ____`` with the blank up to the end of the signature line."""
            style = st["sign_field"]
            room = inner - pdfmetrics.stringWidth(label + " ", style.fontName, style.fontSize)
            blank = int(room / pdfmetrics.stringWidth("_", style.fontName, style.fontSize))
            return para(f"{label} {'_' * blank}", style)

        def block(role: str) -> list[Flowable]:
            return [
                HRFlowable(width="100%", thickness=0.8, color=TEXT, spaceAfter=3),
                para(role, st["sign"]),
                Spacer(1, 4),
                field(_("Nombre:")),
                field(_("DNI:")),
            ]

        table = grid(
            [[block(_("Tesorero(a)")), block(_("Coordinador(a)"))]],
            [col, col],
            [
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LEFTPADDING", (0, 0), (-1, -1), inset),
                ("RIGHTPADDING", (0, 0), (-1, -1), inset),
            ],
        )
        frame = Frame(
            MARGIN,
            SIGNATURES_BOTTOM,
            self.width,
            SIGNATURES_HEIGHT,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        frame.addFromList(
            [Spacer(1, SIGNATURES_HEIGHT - table.wrap(self.width, 0)[1]), table], canvas
        )

    # -- story

    def story(self, category_rows: int) -> list[Flowable]:
        return [
            *self.header(),
            *self.about_the_day(),
            *self.key_figures(),
            *self.sales(category_rows),
            *self.participation(),
            *self.payments_received(),
        ]

    def _long_date(self) -> str:
        text = common.long_date_text(self.day.date)
        return text[:1].upper() + text[1:]

    def header(self) -> list[Flowable]:
        st, day = self.st, self.day
        if day.closed_at is not None:
            when = day.closed_at.strftime("%d/%m/%Y %H:%M")
            if day.closed_by:
                state = _("Jornada cerrada el {when} por {who}", when=when, who=day.closed_by)
            else:
                state = _("Jornada cerrada el {when}", when=when)
            state_line = para(state, st["closed"])
        else:
            state_line = para(_("Jornada abierta (cifras provisionales)"), st["open"])
        details = [para(self._long_date(), st["date"]), state_line]
        if day.reopened is not None:
            when, who, why = day.reopened
            details.append(para(_("Reabierta el {when} por {who}: {reason}",
                                  when=when.strftime("%d/%m/%Y %H:%M"), who=who, reason=why),
                                st["info"]))  # fmt: skip
        return header_block(self.h, self.title, details, st, self.width)

    def about_the_day(self) -> list[Flowable]:
        """Visitors and the fair day's notes, in one short paragraph."""
        day = self.day
        if day.visitors is not None:
            parts = [escape(_("Visitantes (estimado): {n}", n=count(day.visitors)))]
        else:
            parts = [escape(_("Visitantes: sin estimación"))]
        if day.notes:
            notes = " ".join(day.notes.split())
            if len(notes) > NOTES_MAX:
                notes = notes[: NOTES_MAX - 1].rstrip() + "…"
            parts.append(f"<b>{escape(_('Notas'))}:</b> {escape(notes)}")
        return [Paragraph(" · ".join(parts), self.st["info"])]

    def _h2(self, text: str) -> Paragraph:
        return para(text, self.st["h2"])

    # -- key figures

    def key_figures(self) -> list[Flowable]:
        s, sa = self.s, self.s.sales
        low, high = s.youth_range

        def share_of_sales(cents: int) -> str:
            if not sa.total:
                return ""
            return _(
                "{share} de las ventas",
                share=common.percent(core_stats.percentage(cents, sa.total)),
            )

        entries = self.day.entries
        cells = [
            (
                money(sa.total),
                _("Ventas totales"),
                _("1 registro de venta")
                if entries == 1
                else _("{n} registros de venta", n=count(entries)),
            ),
            (money(sa.by_sex["F"]), _("Ventas de mujeres"), share_of_sales(sa.by_sex["F"])),
            (
                money(sa.youth),
                _("Ventas de jóvenes"),
                [_("de {low} a {high} años", low=low, high=high), share_of_sales(sa.youth)],
            ),
            (
                format_money(s.average_per_vendor_day),
                _("Venta promedio por expositor"),
                _("entre los {n} presentes", n=count(s.vendors.present))
                if s.vendors.present
                else "",
            ),
            (
                count(s.vendors.present),
                _("Expositores presentes"),
                _(
                    "Mujeres: {women} · Jóvenes: {youth}",
                    women=count(s.vendors.by_sex["F"]),
                    youth=count(s.vendors.youth),
                ),
            ),
            (money(s.fees_due), _("Cuotas debidas"), ""),
            (
                money(s.fees_paid),
                _("Cuotas cobradas"),
                _(
                    "{share} de lo debido",
                    share=common.percent(core_stats.percentage(s.fees_paid, s.fees_due)),
                )
                if s.fees_due
                else "",
            ),
            self._outstanding(),
        ]
        return [
            self._h2(_("Cifras de la jornada")),
            kpi_grid(cells, self.width, self.st, padding=5),
        ]

    def _outstanding(self) -> tuple[str, str, str]:
        """The fees still owed for the day: at its closing when it is closed (what was paid
        afterwards belongs to the summaries of the days it was received)."""
        s = self.s
        if self.day.closed_at is not None:
            return (
                money(s.fees_due - s.fees_paid - self.day.paid_later_at_closing),
                _("Cuotas pendientes"),
                _("al cierre de la jornada") if s.fees_due else "",
            )
        detail = (
            _("descontados {amount} pagados después", amount=money(s.fees_paid_later))
            if s.fees_paid_later
            else ""
        )
        return money(s.fees_outstanding), _("Cuotas pendientes"), detail

    # -- sales by payment method and by category

    def sales(self, category_rows: int) -> list[Flowable]:
        sa = self.s.sales
        if not sa.total:
            return [self._h2(_("Ventas")), self.no_sales()]
        methods = [m for m in METHODS if sa.by_payment_method.get(m)]
        gap = 0.04 * self.width
        # the payment methods' table as narrow as its names allow, the categories' the rest
        names = [common.payment_label(m) for m in methods] + [_("Medio de pago")]
        name_width = max(pdfmetrics.stringWidth(n, FONT_BOLD, 8) for n in names) + 14
        left = max(0.36 * self.width, name_width + sum(self._figure_widths()))
        right = self.width - left - gap
        method_table = self._money_table(
            _("Medio de pago"),
            [(common.payment_label(m), sa.by_payment_method[m]) for m in methods],
            left,
        )
        categories = list(sa.by_category.items())
        if len(categories) > category_rows:
            shown = categories[: category_rows - 1]
            rest = categories[category_rows - 1 :]
            label = _("Otros rubros ({n})", n=len(rest))
            categories = [*shown, (label, sum(c for _name, c in rest))]
        category_table = self._money_table(_("Rubro"), categories, right)
        block = grid(
            [
                [self._h2(_("Ventas por medio de pago")), "", self._h2(_("Ventas por rubro"))],
                [method_table, "", category_table],
            ],
            [left, gap, right],
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ],
        )
        return [Spacer(1, 8), block]

    def _money_table(self, heading: str, rows: Sequence[tuple[str, int]], width: float) -> Table:
        total = self.s.sales.total
        body = [
            [
                para(name, self.st["cell"]),
                money(cents),
                common.percent(core_stats.percentage(cents, total)),
            ]
            for name, cents in rows
        ]
        totals = [
            para(_("Total"), self.st["cell_bold"]),
            money(total),
            common.percent(core_stats.percentage(total, total)),
        ]
        amount, share = self._figure_widths()
        return data_table(
            [heading, _("Ventas"), "%"],
            body,
            totals,
            [width - amount - share, amount, share],
            self.st,
            padding=2.2,
        )

    def _figure_widths(self) -> tuple[float, float]:
        """The amount and share columns, as wide as their figures (the total is the
        widest)."""
        amount = pdfmetrics.stringWidth(money(self.s.sales.total), FONT_BOLD, 8) + 14
        share = pdfmetrics.stringWidth("100.0 %", FONT_BOLD, 8) + 12
        return amount, share

    def no_sales(self) -> Table:
        st = self.st
        return grid(
            [
                [para(_("Sin ventas registradas"), st["empty"])],
                [para(_("No se registraron ventas en esta jornada."), st["empty_note"])],
            ],
            [self.width],
            [
                ("BACKGROUND", (0, 0), (-1, -1), PALE_GREEN),
                ("BOX", (0, 0), (-1, -1), 0.8, GREEN),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ],
        )

    # -- vendors present and sales by sex and age group

    def participation(self) -> list[Flowable]:
        s, v, sa = self.s, self.s.vendors, self.s.sales
        low, high = s.youth_range
        sexes = [x for x in core_stats.SEXES if x in ("F", "M") or v.by_sex[x] or sa.by_sex[x]]
        groups = AGE_GROUPS  # youth, non-youth, no birth date
        st = self.st

        def section(title: str) -> list[Any]:
            return [para(title, st["section"]), "", "", "", "", ""]

        def present_row(label: str, by_group: dict[str, int], n: int) -> list[Any]:
            return [
                label,
                *(count(by_group[g]) for g in groups),
                count(n),
                common.percent(s.share(n)) if v.present else "—",
            ]

        def sales_row(label: str, by_group: dict[str, int], cents: int) -> list[Any]:
            return [
                label,
                *(money(by_group[g]) for g in groups),
                money(cents),
                common.percent(core_stats.percentage(cents, sa.total)) if sa.total else "—",
            ]

        present_by_group = {g: sum(v.by_sex_youth[x][g] for x in core_stats.SEXES) for g in groups}
        sales_by_group = {YOUTH: sa.youth, NON_YOUTH: sa.non_youth, NOT_STATED: sa.age_not_stated}
        rows: list[list[Any]] = [section(_("Expositores presentes"))]
        for x in sexes:
            rows.append(present_row(common.sex_label(x), v.by_sex_youth[x], v.by_sex[x]))
        total_present = len(rows)
        rows.append(present_row(_("Total"), present_by_group, v.present))
        rows.append(section(_("Ventas")))
        for x in sexes:
            rows.append(sales_row(common.sex_label(x), sa.by_sex_youth[x], sa.by_sex[x]))
        rows.append(sales_row(_("Total"), sales_by_group, sa.total))
        total_sales = len(rows) - 1

        table = data_table(
            [
                _("Sexo"),
                _("Jóvenes"),
                _("No jóvenes"),
                _("Sin fecha de nacimiento"),
                _("Total"),
                "%",
            ],
            rows,
            None,
            [w * self.width for w in (0.16, 0.18, 0.17, 0.19, 0.19, 0.11)],
            st,
            bold_rows=(total_present, total_sales),
            padding=2.2,
        )
        emphasis = [
            ("BACKGROUND", (0, 1), (-1, 1), colors.white),
            ("BACKGROUND", (0, total_present + 2), (-1, total_present + 2), colors.white),
            ("SPAN", (0, 1), (-1, 1)),
            ("SPAN", (0, total_present + 2), (-1, total_present + 2)),
        ]
        for i in (total_present, total_sales):
            emphasis += [
                ("BACKGROUND", (0, i + 1), (-1, i + 1), PALE_GREEN),
                ("LINEABOVE", (0, i + 1), (-1, i + 1), 0.8, GREEN),
            ]
        table.setStyle(emphasis)
        note = _(
            "Jóvenes: de {low} a {high} años cumplidos. Mujeres jóvenes presentes: {n}.",
            low=low,
            high=high,
            n=v.youth_women,
        )
        return [
            self._h2(_("Expositores presentes y ventas por sexo y edad")),
            table,
            Spacer(1, 2),
            para(note, st["note"]),
        ]

    # -- payments of earlier days' fees received on this day

    def payments_received(self) -> list[Flowable]:
        """Who paid a debt of an earlier, closed fair day on this date, for which day, how
        and how much; nothing when nobody did."""
        if not self.received:
            return []
        st = self.st
        rows = [
            [
                para(f"{p.surnames}, {p.given_names}" if self.people else "—", st["cell"]),
                p.code,
                common.date_text(p.fair_day),
                common.payment_label(p.method),
                money(p.cents),
            ]
            for p in self.received
        ]
        n = len(self.received)
        total = [
            para(_n(n, "Total (1 pago)", "Total ({n} pagos)"), st["cell_bold"]),
            "",
            "",
            "",
            money(sum(p.cents for p in self.received)),
        ]
        table = data_table(
            [_("Expositor"), _("Código"), _("Jornada"), _("Medio de pago"), _("Monto")],
            rows,
            total,
            [w * self.width for w in (0.36, 0.13, 0.14, 0.21, 0.16)],
            st,
            left=4,
            padding=2.2,
        )
        note = _(
            "Deudas de jornadas ya cerradas pagadas este día. Cuentan para la jornada que "
            "pagan, no para las cifras de esta jornada."
        )
        return [
            self._h2(_("Pagos de cuotas de jornadas anteriores")),
            table,
            Spacer(1, 2),
            para(note, st["note"]),
        ]
