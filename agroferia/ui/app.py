"""The application window. For now a summary of the open database; the full pages follow."""

from __future__ import annotations

import datetime as dt
import sys

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QVBoxLayout, QWidget

from agroferia import __version__
from agroferia.core import fairs, stats
from agroferia.core.db import Database, open_database
from agroferia.core.money import format_money
from agroferia.i18n import _


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
        f"<h2>{_('Agroferia')}</h2>",
        _("Ferias: {names}", names=names),
        _("Expositores: {n} (activos: {active})", n=info.vendors, active=info.active_vendors),
        _("Jornadas: {days} · Última jornada: {last}", days=info.fair_days, last=last),
        "",
        f"<b>{_('Últimos doce meses ({start} a {end})', start=start.strftime('%d/%m/%Y'), end=today.strftime('%d/%m/%Y'))}</b>",
        _("Jornadas realizadas: {n}", n=year.fair_days),
        _("Expositores presentes: {n} · mujeres {women} % · jóvenes {youth} %",
          n=v.present, women=year.share(v.by_sex["F"]), youth=year.share(v.youth)),
        _("Ventas totales: {total}", total=format_money(year.sales.total, cents=True)),
        "",
        _("Las pantallas de expositores, ventas y reportes llegan en la próxima versión."),
        _(
            "Mientras tanto, use la línea de comandos (importar, exportar a Excel y PDF, "
            "estadísticas): agroferia --help"
        ),
    ]  # fmt: skip
    return "<br>".join(lines)


class MainWindow(QMainWindow):
    def __init__(self, db: Database) -> None:
        super().__init__()
        self.setWindowTitle(_("Agroferia {version}", version=__version__))
        self.summary = QLabel(summary_html(db))
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.summary.setWordWrap(True)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.addWidget(self.summary)
        self.setCentralWidget(body)
        self.statusBar().showMessage(_("Base de datos: {path}", path=db.location))
        self.resize(760, 440)


def run(target: str) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Agroferia")
    db = open_database(target)
    window = MainWindow(db)
    window.show()
    try:
        return app.exec()
    finally:
        db.close()
