"""Panel: what the database holds and the last twelve months' key figures, computed off the
GUI thread.  The cards and charts of the full dashboard come in the next version."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout

from agroferia.core import fairs, stats
from agroferia.core.db import Database
from agroferia.core.money import format_money
from agroferia.i18n import _
from agroferia.ui.context import CATEGORIES, FAIRS, VENDORS, AppContext
from agroferia.ui.page import Page
from agroferia.ui.tasks import run_task
from agroferia.ui.widgets import heading, note


def summary_html(db: Database, today: dt.date | None = None) -> str:
    """What the database holds, and the last twelve months' key figures."""
    today = today or dt.date.today()
    start = today.replace(year=today.year - 1) + dt.timedelta(days=1)
    with db.Session() as s:
        info = stats.overview(s)
        names = ", ".join(f.name for f in fairs.list_fairs(s)) or "—"
        year = stats.compute(s, start, today)
    last = info.last_fair_day.strftime("%d/%m/%Y") if info.last_fair_day else "—"
    v = year.vendors
    lines = [
        _("Ferias: {names}", names=names),
        _("Expositores: {n} (activos: {active})", n=info.vendors, active=info.active_vendors),
        _("Jornadas: {days} · Última jornada: {last}", days=info.fair_days, last=last),
        "",
        f"<b>{_('Últimos doce meses ({start} a {end})', start=start.strftime('%d/%m/%Y'), end=today.strftime('%d/%m/%Y'))}</b>",
        _("Jornadas realizadas: {n}", n=year.fair_days),
        _("Expositores presentes: {n} · mujeres {women} % · jóvenes {youth} %",
          n=v.present, women=year.share(v.by_sex["F"]), youth=year.share(v.youth)),
        _("Ventas totales: {total}", total=format_money(year.sales.total, cents=True)),
    ]  # fmt: skip
    return "<br>".join(lines)


class PanelPage(Page):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.addWidget(heading(_("Panel")))
        self.summary = QLabel(_("Calculando…"))
        self.summary.setObjectName("summary")
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        layout.addWidget(
            note(
                _(
                    "Las tarjetas y gráficos del panel (por periodo y feria) llegan en la "
                    "próxima versión."
                )
            )
        )
        layout.addStretch(1)
        self.task = None
        ctx.changed.connect(lambda what: what in (VENDORS, FAIRS, CATEGORIES) and self.refresh())
        self.refresh()

    def refresh(self) -> None:
        db = self.ctx.db
        self.task = run_task(self, _("Calculando el panel…"), lambda _p: summary_html(db),
                             self.summary.setText)  # fmt: skip
