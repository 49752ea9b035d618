"""The padrón: the organization's own workbook of its vendors, with their personal data.

*Padrón* (identity and contact) and *Inscripción* (fair, rubros, stall, SGP, notes) hold
every vendor of the fair (or of every fair), whatever their status; for a period, *Ventas
y cuotas* (each vendor's days, sales and fees, adding up to ``core.stats``) and *Ventas
(detalle)* (every sales entry) follow.  Every sheet starts with, and every printed page is
headed by, *CONFIDENCIAL — datos personales (Ley 29733)*.

``write_roster`` checks that the one asking may export personal data and commits the
export's audit entry (who, when, how many people, which fair and period) once the workbook
is complete and before it is put in place: no padrón appears without its entry.  Should
the last step, renaming the finished file onto ``path``, fail, the entry stays: it records
that the data was taken out of the database, which is what the audit must not miss.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from sqlalchemy.orm import Session

from agroferia import i18n
from agroferia.core import breakdowns, fairs, labels, padron, stats
from agroferia.core.files import replacing
from agroferia.core.money import from_cents
from agroferia.i18n import _
from agroferia.reports.common import Header, check_period, header, sex_label
from agroferia.reports.workbook import listing
from agroferia.reports.workbook import sheet as sh
from agroferia.reports.workbook.printing import Margins
from agroferia.reports.workbook.styles import (
    CENTERED,
    CONFIDENTIAL,
    DATE,
    INTEGER,
    MONEY,
    NOTE,
    SUBTITLE,
    TITLE,
    WRAPPED,
    named_styles,
)

WRAPPED_WIDTH = 24  # long texts (association, rubros, notes) wrap in columns this wide


@dataclass(frozen=True)
class RosterResult:
    path: Path
    sheets: list[str]
    people: int  # vendors in the padrón
    sales_rows: int  # sales entries listed (none without a period)


def confidential() -> str:
    return _("CONFIDENCIAL — datos personales (Ley 29733)")


def _top(sheet: sh.Sheet, title: str, subtitle: str) -> None:
    sheet.add([(confidential(), CONFIDENTIAL)])
    sheet.add([(title, TITLE)])
    sheet.add([(subtitle, SUBTITLE)])


def _registry(head: Header, people: list[padron.PadronRow], actor: str) -> sh.Sheet:
    sheet = sh.Sheet(_("Padrón"))
    _top(sheet, _("Padrón de expositores"), f"{head.organization or 'Agroferia'} · "
         f"{head.fair_label}")  # fmt: skip
    generated = head.generated_at.strftime("%d/%m/%Y %H:%M")
    sheet.add([(_("Generado el {date} por {user}", date=generated, user=actor), NOTE)])
    sheet.paragraph(
        _("Uso interno de la organización. Estos son datos personales protegidos por la Ley "
          "29733: no envíe este libro a la municipalidad (para ella está el resumen "
          "municipal, sin datos personales), no lo publique ni lo reenvíe, y guárdelo donde "
          "solo lo lean quienes lo necesitan.")
    )  # fmt: skip
    sheet.add()
    status = {k: str(t) for k, t in labels.VENDOR_STATUS.items()}
    sheet.table(
        [_("Código"), _("Apellidos"), _("Nombres"), _("Tipo de documento"),
         _("Número de documento"), _("Sexo"), _("Fecha de nacimiento"), _("Edad"),
         _("Teléfono"), _("Correo electrónico"), _("Región"), _("Provincia"), _("Distrito"),
         _("Estado")],
        [
            [(r.code, None), (r.surnames, None), (r.given_names, None), (r.doc_type, None),
             (r.doc_number, None), (sex_label(r.sex, plural=False), None),
             (r.birth_date, DATE), (r.age, INTEGER), (r.phone, None), (r.email, None),
             (r.region, None), (r.province, None), (r.district, None),
             (status.get(r.status, r.status), None)]
            for r in people
        ],
        [None, None, None, None, None, None, DATE, INTEGER, None, None, None, None, None, None],
        freeze_columns=3,
    )  # fmt: skip
    return sheet


def _consent(row: padron.PadronRow) -> str:
    """«Dio su consentimiento (formulario firmado)», or why it is missing."""
    text = labels.CONSENT[row.consent].render()
    if row.consent_how:
        text += f" ({labels.CONSENT_HOW[row.consent_how].render().lower()})"
    return text


def _registration(head: Header, people: list[padron.PadronRow]) -> sh.Sheet:
    sheet = sh.Sheet(_("Inscripción"))
    _top(sheet, _("Inscripción en la feria"), f"{head.organization or 'Agroferia'} · "
         f"{head.fair_label}")  # fmt: skip
    sheet.add()
    yes, no = _("Sí"), _("No")
    # the fair of each vendor, when they are of more than one
    fair = [1] if len({r.fair for r in people}) > 1 else []
    sheet.table(
        [_("Código"), _("Apellidos"), _("Nombres"), *(_("Feria") for _x in fair),
         _("Asociación"), _("Rubro principal"), _("Otros rubros"), _("Productos"), _("Puesto"),
         _("Certificación orgánica SGP"), _("Vencimiento de la certificación SGP"),
         _("Fecha de inscripción"), _("Consentimiento"), _("Fecha del consentimiento"),
         _("Notas")],
        [
            [(r.code, None), (r.surnames, None), (r.given_names, None),
             *((r.fair, WRAPPED) for _x in fair), (r.association, WRAPPED),
             (r.main_category, WRAPPED), (", ".join(r.other_categories) or None, WRAPPED),
             ("; ".join(r.products) or None, WRAPPED), (r.stall, None), (yes if r.sgp_certified else no, CENTERED),
             (r.sgp_expires_on, DATE), (r.registered_on, DATE),
             (_consent(r), WRAPPED), (r.consent_on, DATE), (r.notes, WRAPPED)]
            for r in people
        ],
        [None, None, None, *(WRAPPED for _x in fair), WRAPPED, WRAPPED, WRAPPED, WRAPPED, None,
         CENTERED, DATE, DATE, WRAPPED, DATE, WRAPPED],
        freeze_columns=3,
    )  # fmt: skip
    wrapped = [4, 5, 6, 7, 8, 13, 15] if fair else [4, 5, 6, 7, 12, 14]
    for column in wrapped:
        sheet.fixed_widths[column] = WRAPPED_WIDTH
    return sheet


def _figures(head: Header, s: stats.Stats, vendors: list[breakdowns.VendorRow]) -> sh.Sheet:
    sheet = sh.Sheet(_("Ventas y cuotas"))
    _top(sheet, _("Ventas y cuotas por expositor"), f"{head.fair_label} · {head.period}")
    sheet.add()
    rows = [r for r in vendors if r.days_present or r.sales or r.fees_due or r.fees_paid
            or r.fees_paid_later]  # fmt: skip
    sheet.table(
        [_("Código"), _("Apellidos"), _("Nombres"), _("Jornadas asistidas"), _("Ventas"),
         _("Cuotas debidas"), _("Cuotas cobradas"), _("Cuotas pagadas después"),
         _("Cuotas pendientes")],
        [
            [(r.code, None), (r.surnames, None), (r.given_names, None),
             (r.days_present, INTEGER), (from_cents(r.sales), MONEY),
             (from_cents(r.fees_due), MONEY), (from_cents(r.fees_paid), MONEY),
             (from_cents(r.fees_paid_later), MONEY), (from_cents(r.fees_outstanding), MONEY)]
            for r in rows
        ],
        [None, None, None, INTEGER, MONEY, MONEY, MONEY, MONEY, MONEY],
        total=sh.bold([
            (_("Total"), None), (None, None), (None, None),
            (s.vendors.attendances, INTEGER), (from_cents(s.sales.total), MONEY),
            (from_cents(s.fees_due), MONEY), (from_cents(s.fees_paid), MONEY),
            (from_cents(s.fees_paid_later), MONEY), (from_cents(s.fees_outstanding), MONEY),
        ]),
        freeze_columns=3,
    )  # fmt: skip
    return sheet


def write_roster(
    session: Session,
    actor: str,
    path: Path,
    *,
    fair_id: int | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    lang: str | None = None,
    now: dt.datetime | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> RosterResult:
    """Writes the padrón to ``path`` (replacing it only when complete) and commits its
    audit entry.  With ``start`` and ``end``, each vendor's figures for that period and
    the sales listing come too; ``progress(done, total)`` follows the listing."""
    path = Path(path)
    if (start is None) != (end is None):
        raise ValueError("a period needs both dates")
    with i18n.language(lang) as language:
        if start is not None and end is not None:
            check_period(start, end)
        fair = fairs.get_fair(session, fair_id) if fair_id is not None else None
        padron.check_may_export(session, actor)
        now = now or dt.datetime.now()
        today = now.date()
        head = header(session, start or today, end or today, fair_id, now=now)
        people = padron.rows(session, fair_id, today=today)
        margins = Margins(
            header=confidential(),
            footer=_("Padrón de expositores · {fair}", fair=head.fair_label),
            page_of=_("Página {page} de {pages}"),
            alert=True,
        )
        wb = Workbook(write_only=True)
        try:
            for style in named_styles():
                wb.add_named_style(style)
            sh.set_properties(
                wb,
                _("{mark}: padrón de expositores, {fair}", mark=confidential(),
                  fair=head.fair_label),
                head.organization or "Agroferia",
                language,
                now,
            )  # fmt: skip
            wb.properties.keywords = confidential()
            sheets = [_registry(head, people, actor), _registration(head, people)]
            if start is not None and end is not None:
                figures = stats.compute(session, start, end, fair_id)
                vendors = breakdowns.by_vendor(session, start, end, fair_id)
                sheets.append(_figures(head, figures, vendors))
            titles: list[str] = []
            for sheet in sheets:
                sheet.title = sh.sheet_title(sheet.title, titles)
                titles.append(sh.emit(wb, sheet, margins))
            rows = 0
            detail = None
            if start is not None:
                detail = listing.Listing(wb, session, head, fair_id, titles, margins)
                titles += detail.titles
            with replacing(path) as tmp:
                if detail is None:
                    wb.save(tmp)
                else:
                    rows = detail.save(wb, tmp, progress)
                padron.record_export(
                    session, actor, people=len(people), fair_id=fair_id,
                    fair=fair.name if fair else None, start=start, end=end,
                )  # fmt: skip
                session.commit()
        finally:
            sh.discard_streams(wb)
    return RosterResult(path=path, sheets=titles, people=len(people), sales_rows=rows)
