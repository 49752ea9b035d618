"""The window's frame, painted at once while the database opens: its size and place, the
list of pages and the Panel's outline, drawn with Qt alone (neither the database layer nor
the pages are loaded yet).  The main window takes its place once it is ready.

What ``MainWindow`` shares with it lives here: the pages' titles, the list's look, the icon.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QVBoxLayout,
    QWidget,
)

from agroferia import __version__
from agroferia.config import resources_dir
from agroferia.i18n import N_, _, translate
from agroferia.ui.prefs import Prefs

# the pages, in the order of the list (and of Ctrl+1…7)
PAGES = (
    ("panel", N_("Panel")),
    ("vendors", N_("Expositores")),
    ("sales", N_("Ventas")),
    ("fairs", N_("Jornadas")),
    ("categories", N_("Rubros")),
    ("products", N_("Productos")),
    ("reports", N_("Reportes")),
    ("settings", N_("Configuración")),
)
DEFAULT_SIZE = (1180, 740)


def app_icon() -> QIcon:
    return QIcon(str(resources_dir() / "icons" / "agroferia.svg"))


def navigation_list() -> QListWidget:
    """The list of pages on the left of the window (empty)."""
    nav = QListWidget()
    nav.setObjectName("navigation")
    nav.setFixedWidth(190)
    nav.setIconSize(QSize(20, 20))
    font = QFont(nav.font())
    font.setPointSizeF(font.pointSizeF() * 1.15)
    nav.setFont(font)
    nav.setStyleSheet("QListWidget::item { padding: 8px 10px; }")
    return nav


def place(window: QMainWindow, prefs: Prefs) -> None:
    """The window's size and place of the last time."""
    geometry = prefs.geometry()
    if geometry is None or not window.restoreGeometry(geometry):
        window.resize(*DEFAULT_SIZE)


class Shell(QMainWindow):
    """The frame shown while the database opens; nothing in it can be used yet."""

    def __init__(self, prefs: Prefs) -> None:
        super().__init__()
        self.setObjectName("shell")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(_("Agroferia {version}", version=__version__))
        self.setWindowIcon(app_icon())
        nav = navigation_list()
        for _key, title in PAGES:
            QListWidgetItem(translate(title), nav)
        nav.setCurrentRow(0)
        nav.setEnabled(False)
        panel = QWidget()
        column = QVBoxLayout(panel)
        title = QLabel(translate(PAGES[0][1]))
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        title.setFont(font)
        column.addWidget(title)
        self.status = QLabel(_("Abriendo la base de datos…"))
        self.status.setObjectName("shell_status")
        self.status.setStyleSheet("color: #616161;")
        column.addWidget(self.status)
        column.addStretch(1)
        body = QWidget()
        layout = QHBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(nav)
        layout.addWidget(panel, 1)
        self.setCentralWidget(body)
        place(self, prefs)
