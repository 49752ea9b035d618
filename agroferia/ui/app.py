"""The application window. For now a summary of the open database; the full pages follow."""

from __future__ import annotations

import sys

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QVBoxLayout, QWidget

from agroferia import __version__
from agroferia.core import stats
from agroferia.core.db import Database, open_database
from agroferia.i18n import _


class MainWindow(QMainWindow):
    def __init__(self, db: Database) -> None:
        super().__init__()
        self.setWindowTitle(_("Agroferia {version}", version=__version__))
        with db.Session() as s:
            info = stats.overview(s)
        last = info.last_fair_day.strftime("%d/%m/%Y") if info.last_fair_day else "—"
        text = "<br>".join(
            [
                f"<h2>{_('Agroferia')}</h2>",
                _("Base de datos: {path}", path=db.location),
                _("Expositores: {n} (activos: {active})", n=info.vendors, active=info.active_vendors),
                _("Ferias: {n} · Jornadas: {days} · Última jornada: {last}", n=info.fairs, days=info.fair_days, last=last),
                "",
                _("Las pantallas de expositores, ventas y reportes llegan en la próxima versión."),
                _("Mientras tanto, use la línea de comandos: agroferia stats --help"),
            ]
        )  # fmt: skip
        label = QLabel(text)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        label.setWordWrap(True)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.addWidget(label)
        self.setCentralWidget(body)
        self.statusBar().showMessage(db.location)
        self.resize(720, 420)


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
