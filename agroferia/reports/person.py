"""A person's own data, given to them at their request (Ley 29733, right of access): a PDF
that reads like a statement, or the JSON of ``privacy.to_json``.

The PDF: the header of every report (logo, municipality, organization), marked confidential
on every page; the registry fields and the consent; the totals; each fair day with a record
of the person (present, sales, fee, paid on the day and later, pending) and the sales by
rubro and payment method; the payments received after a day was closed; the entries of the
audit trail that mention them.  Nothing about any other vendor.  Layout pieces come from
``reports.pdf_layout``; the same data and ``now`` give the same bytes.

``write_person_export`` writes either file and records the export in the audit trail, in the
caller's transaction (the caller commits; nothing is recorded if writing fails);
``export_person`` does both in a transaction of its own.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from agroferia import i18n
from agroferia.core import accounts, labels, privacy
from agroferia.core.errors import OperationError
from agroferia.core.files import replacing
from agroferia.core.models import Category, Fair, Product
from agroferia.core.privacy.person import DayRecord, PersonData
from agroferia.i18n import _, lazy
from agroferia.reports import common
from agroferia.reports.pdf_charts import LIGHT_GREY, register_fonts
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
from agroferia.reports.person_text import ACTIONS, ENTITIES, describe, label, value_text

__all__ = ["export_person", "write_person_export"]

KINDS = {".pdf": "pdf", ".json": "json"}
ROWS_PER_TABLE = 150  # reportlab slows down with one huge table
TOP_MARGIN = 2 * cm
CONFIDENTIAL = lazy("CONFIDENCIAL — datos personales (Ley 29733)")
REFUSED = lazy(
    "Los datos de una persona son datos personales: solo una cuenta de administrador o de "
    "organizador puede exportarlos."
)


def write_person_export(
    session: Session,
    actor: str,
    vendor_id: int,
    path: Path,
    *,
    lang: str | None = None,
    now: dt.datetime | None = None,
) -> Path:
    """Writes the person's data to ``path`` (``.pdf`` or ``.json``, atomically) and records
    the export in the audit trail (who, when, which vendor, which format).  An account that
    may not take personal data out of the app is refused, as for the padrón."""
    path = Path(path)
    kind = KINDS.get(path.suffix.lower())
    if kind is None:
        raise OperationError(lazy("El archivo debe terminar en .pdf o .json."))
    accounts.require(session, actor, accounts.Right.PERSONAL_DATA, refusal=REFUSED)
    with i18n.language(lang):
        data = privacy.gather(session, vendor_id)
        if kind == "pdf":
            head = common.header(session, *_span(data), None, now=now)
            content = _PersonReport(data, head, _names(session)).render()
        else:
            text = json.dumps(privacy.to_json(data), ensure_ascii=False, indent=2)
            content = (text + "\n").encode("utf-8")
        privacy.record_export(session, actor, vendor_id, kind)
        session.flush()
        with replacing(path) as temp:
            temp.write_bytes(content)
    return path


def export_person(
    sessions: sessionmaker[Session],
    actor: str,
    vendor_id: int,
    path: Path,
    *,
    lang: str | None = None,
) -> Path:
    """``write_person_export`` in a transaction of its own: the file and its audit entry, both
    or neither (a file whose entry could not be committed is removed: an export is never
    handed out unrecorded)."""
    path = Path(path)
    written = False
    try:
        with sessions.begin() as session:
            write_person_export(session, actor, vendor_id, path, lang=lang)
            written = True
    except BaseException:
        if written:
            path.unlink(missing_ok=True)
        raise
    return path


def _names(session: Session) -> dict[str, dict[int, str]]:
    """Rubros, fairs and products by id, for the audit entries that name them by id."""
    categories = dict(session.execute(select(Category.id, Category.name)).all())
    fairs = dict(session.execute(select(Fair.id, Fair.name)).all())
    products = dict(session.execute(select(Product.id, Product.name)).all())
    return {"category_id": categories, "main_category_id": categories, "fair_id": fairs,
            "product_id": products, "products": products}  # fmt: skip


def _span(data: PersonData) -> tuple[dt.date, dt.date]:
    registered = data.registry["registered_on"]
    days = [d.date for d in data.days]
    return min([registered, *days]), max([registered, *days])


def _chunks(rows: list, size: int = ROWS_PER_TABLE) -> Iterable[list]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


# ---------------------------------------------------------------------------- the report


class _PersonReport:
    def __init__(
        self, data: PersonData, head: common.Header, names: dict[str, dict[int, str]]
    ) -> None:
        self.d = data
        self.names = names  # snapshot key -> id -> name (rubros, fairs)
        self.h = dataclasses.replace(head, fair=", ".join(data.fairs) or None)
        self.st = styles()
        self.width = A4[0] - 2 * MARGIN

    def render(self) -> bytes:
        register_fonts()
        doc = Document(
            title=_("Datos personales de {name}", name=self.d.full_name),
            author=self.h.organization or self.h.municipality or "",
            subject=CONFIDENTIAL.render(),
            top=TOP_MARGIN,
            bottom=2 * cm,
        )
        return build(doc, self.story(), self._footer)[0]

    def _footer(self, canvas: Canvas, page: int, total: int) -> None:
        creation_date(canvas, self.h.generated_at)
        draw_footer(canvas, self.h.generated_at, page, total, CONFIDENTIAL.render())

    def _h2(self, text: str) -> Paragraph:
        return para(text, self.st["h2"])

    def story(self) -> list[Flowable]:
        d, st = self.d, self.st
        registry = d.registry
        details = [
            para(_("{name} · {code}", name=d.full_name, code=registry["code"]), st["fair"]),
            para(CONFIDENTIAL.render(), st["period"]),
            para(_("Todo lo que la aplicación guarda sobre esta persona, entregado a su "
                   "pedido."), st["note"]),
        ]  # fmt: skip
        story = header_block(self.h, _("Datos personales"), details, st, self.width)
        story += self.registry()
        story += self.totals()
        story += self.days()
        story += self.sales()
        story += self.later_payments()
        story += self.audit()
        return story

    def registry(self) -> list[Flowable]:
        st = self.st
        anonymized = self.d.registry["anonymized_at"] is not None

        def name(key: str) -> str:
            if anonymized and key == "birth_date":
                return _("Fecha de nacimiento (aproximada, solo para las estadísticas)")
            return label(key)

        rows = [
            [para(name(k), st["cell_bold"]), para(value_text(k, v), st["cell"])]
            for k, v in self.d.registry.items()
            if k != "anonymized_at" or anonymized
        ]
        table = grid(rows, [self.width * 0.32, self.width * 0.68], [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, -1), 0.3, LIGHT_GREY),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ])  # fmt: skip
        return [self._h2(_("Datos del registro")), table]

    def totals(self) -> list[Flowable]:
        d = self.d
        cells = [
            (count(d.days_present), _("Jornadas presente"), ""),
            (money(d.sales_cents), _("Ventas registradas"), ""),
            (money(d.fees_due), _("Cuotas"), ""),
            (money(d.fees_paid), _("Cuotas pagadas"), _("el mismo día o después")),
        ]
        fairs = _("Ferias: {names}", names=", ".join(d.fairs) or "—")
        return [
            self._h2(_("Ferias y jornadas")),
            para(fairs, self.st["body"]),
            kpi_grid(cells, self.width, self.st),
        ]

    def days(self) -> list[Flowable]:
        title = self._h2(_("Por jornada"))
        if not self.d.days:
            return [title, para(_("No tiene jornadas registradas."), self.st["body"])]
        headers = [_("Fecha"), _("Feria"), _("Presente"), _("Ventas"), _("Cuota"),
                   _("Pagado el día"), _("Pagado después"), _("Pendiente")]  # fmt: skip
        w = self.width
        widths = [w * 0.11, w * 0.21, w * 0.1, w * 0.12, w * 0.1, w * 0.12, w * 0.13, w * 0.11]
        rows = [self._day_row(d) for d in self.d.days]
        out: list[Flowable] = [title]
        for chunk in _chunks(rows):
            out.append(data_table(headers, chunk, None, widths, self.st, left=3))
        return out

    def _day_row(self, d: DayRecord) -> list[Any]:
        fee = d.fee_due is not None
        return [
            common.date_text(d.date),
            para(d.fair, self.st["cell"]),
            _("Sí") if d.present else _("No"),
            money(d.sales_cents),
            money(d.fee_due) if fee else "—",
            money(d.fee_paid) if fee else "—",
            money(d.paid_later_cents) if fee else "—",
            money(d.outstanding_cents) if fee else "—",
        ]

    def sales(self) -> list[Flowable]:
        rows = [
            [common.date_text(d.date), para(s.category, self.st["cell"]),
             labels.PAYMENT_METHOD[s.method].render(), count(s.entries), money(s.cents)]
            for d in self.d.days for s in d.sales
        ]  # fmt: skip
        if not rows:
            return []
        headers = [_("Fecha"), _("Rubro"), _("Medio de pago"), _("Anotaciones"), _("Monto")]
        w = self.width
        widths = [w * 0.14, w * 0.34, w * 0.2, w * 0.15, w * 0.17]
        out: list[Flowable] = [self._h2(_("Ventas por rubro y medio de pago"))]
        for chunk in _chunks(rows):
            out.append(data_table(headers, chunk, None, widths, self.st, left=3))
        return out

    def later_payments(self) -> list[Flowable]:
        rows = [
            [common.date_text(p.received_on), common.date_text(d.date),
             labels.PAYMENT_METHOD[p.method].render(), money(p.cents)]
            for d in self.d.days for p in d.later
        ]  # fmt: skip
        if not rows:
            return []
        headers = [_("Recibido el"), _("Cuota de la jornada"), _("Medio de pago"), _("Monto")]
        w = self.width
        table = data_table(headers, rows, None, [w * 0.25] * 4, self.st, left=3)
        return [self._h2(_("Pagos recibidos después del cierre de la jornada")), table]

    def audit(self) -> list[Flowable]:
        title = self._h2(_("Historial de cambios (registro de auditoría)"))
        if not self.d.audit:
            return [title, para(_("No hay entradas."), self.st["body"])]
        st = self.st
        rows = [
            [
                value_text("at", e.at),
                para(e.actor, st["cell"]),
                para(f"{ENTITIES[e.entity].render() if e.entity in ENTITIES else e.entity}: "
                     f"{ACTIONS[e.action].render() if e.action in ACTIONS else e.action}",
                     st["cell"]),
                para(describe(e, self.names), st["cell"]),
            ]
            for e in self.d.audit
        ]  # fmt: skip
        headers = [_("Fecha y hora"), _("Usuario"), _("Qué"), _("Detalle")]
        w = self.width
        widths = [w * 0.16, w * 0.13, w * 0.19, w * 0.52]
        out: list[Flowable] = [title]
        for chunk in _chunks(rows):
            out.append(data_table(headers, chunk, None, widths, st, left=4, split_in_row=True))
        return out
