"""The two sections of Configuración that are not saved with the form: the language of the
window (applied at once, remembered by this computer) and what this computer uses (the
database, the log file, the version), shown read-only."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from agroferia import __version__, i18n, logs
from agroferia.core.network.urls import masked
from agroferia.i18n import _
from agroferia.ui.widgets import note, open_folder

# Each language by its own name, so that it can be found whatever the window speaks.
LANGUAGE_NAMES = {"es": "Español", "en": "English"}


class LanguageBox(QGroupBox):
    chosen = Signal(str)  # a language code of i18n.LANGUAGES

    def __init__(self, parent: QWidget | None = None) -> None:
        # Both languages in the title, for whoever chose the wrong one by mistake.
        super().__init__(_("Idioma / Language"), parent)
        self.combo = QComboBox()
        self.combo.setObjectName("language")
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.combo.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        for code in i18n.LANGUAGES:
            self.combo.addItem(LANGUAGE_NAMES.get(code, code), code)
        self.select(i18n.get_language())
        self.combo.activated.connect(lambda index: self.chosen.emit(self.combo.itemData(index)))
        form = QFormLayout(self)
        form.addRow(_("Idioma de la ventana"), self.combo)
        form.addRow(
            note(_("La ventana cambia de idioma al elegirlo; esta computadora lo recuerda."))
        )

    def select(self, lang: str) -> None:
        self.combo.setCurrentIndex(max(self.combo.findData(lang), 0))

    def current(self) -> str:
        return self.combo.currentData()


def _path_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class ComputerBox(QGroupBox):
    def __init__(self, db_location: str, parent: QWidget | None = None) -> None:
        super().__init__(_("Esta computadora"), parent)
        self.log_file = logs.log_file()
        self.database = _path_label(masked(db_location))
        self.database.setObjectName("database_location")
        self.log = _path_label(str(self.log_file))
        self.log.setObjectName("log_file")
        self.version = _path_label(__version__)
        self.open_logs = QPushButton(_("Abrir carpeta de registros"))
        self.open_logs.clicked.connect(self.open_log_folder)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.open_logs)
        buttons.addStretch(1)
        form = QFormLayout(self)
        form.addRow(_("Base de datos"), self.database)
        form.addRow(_("Archivo de registro"), self.log)
        form.addRow(_("Versión de Agroferia"), self.version)
        form.addRow("", buttons)
        form.addRow(
            note(_("Si algo falla, envíe el archivo de registro a quien le da soporte técnico."))
        )

    def log_folder(self) -> Path:
        return self.log_file.parent

    def open_log_folder(self) -> None:
        open_folder(self, self.log_folder(), _("Carpeta de registros"))
