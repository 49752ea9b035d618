"""Qt's own words (file dialogs, message-box buttons, context menus) in the app's language.

Qt ships its Spanish in ``qtbase_es.qm``, written in Spain: "fichero" where Peru says
"archivo", "directorio" where a file dialog shows a "carpeta", and a few strings of the file
dialog missing ("&Look in:", "Files of &type:", the type "Folder" of a folder) or wrong.
:class:`PeruvianQt` answers Qt from that catalogue with those words changed.  English is
Qt's own, untouched.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import PySide6
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator

log = logging.getLogger(__name__)

CATALOGUE = "qtbase"  # QtCore, QtGui and QtWidgets: the only Qt modules the app uses

# (context, source text) -> the text Peru reads, where qtbase_es (Qt 6.11) lacks the string,
# says "directorio" for a folder (a change of gender, so not a rule) or gets it wrong.
PERU: dict[tuple[str, str], str] = {
    # missing: the file dialog's own form (qfiledialog.ui) has mnemonics the catalogue lacks
    ("QFileDialog", "&Look in:"): "&Buscar en:",
    ("QFileDialog", "Files of &type:"): "&Tipo de archivo:",
    # missing: the "Tipo" column of the file view and the places of the "Buscar en" list
    ("QAbstractFileIconProvider", "Folder"): "Carpeta",
    ("QAbstractFileIconProvider", "File Folder"): "Carpeta de archivos",
    ("QAbstractFileIconProvider", "Drive"): "Unidad",
    ("QAbstractFileIconProvider", "File"): "Archivo",
    ("QAbstractFileIconProvider", "Shortcut"): "Acceso directo",
    ("QAbstractFileIconProvider", "Alias"): "Alias",
    ("QAbstractFileIconProvider", "Unknown"): "Desconocido",
    # a folder, not a directory
    ("QFileDialog", "Directory:"): "Carpeta:",
    ("QFileDialog", "Directories"): "Carpetas",
    ("QFileDialog", "Parent Directory"): "Carpeta superior",
    ("QFileDialog", "Go to the parent directory"): "Ir a la carpeta superior",
    ("QFileDialog", "Find Directory"): "Buscar carpeta",
    ("QFileDialog", "Could not delete directory."): "No se pudo borrar la carpeta.",
    (
        "QFileDialog",
        "%1\nDirectory not found.\nPlease verify the correct directory name was given.",
    ): "%1\nNo se encontró la carpeta.\nVerifique que el nombre de la carpeta sea correcto.",
    # wrong or awkward in qtbase_es
    ("QFileDialog", "File Folder"): "Carpeta de archivos",  # qtbase_es: "Nueva carpeta"
    ("QFileDialog", "Change to list view mode"): "Cambiar a modo de vista de lista",
    ("QFileDialog", "Show &hidden files"): "Mostrar archivos &ocultos",  # "fic&heros"
}

_SPAIN = re.compile(r"\b(fichero)(s?)\b", re.IGNORECASE)


def peruvian(text: str) -> str:
    """``text`` with Spain's "fichero(s)" said as Peru says it, "archivo(s)", keeping case."""

    def word(match: re.Match[str]) -> str:
        spain, plural = match.group(1), match.group(2)
        peru = "archivo" + ("s" if plural else "")
        if spain.isupper():
            return peru.upper()
        return peru.capitalize() if spain[0].isupper() else peru

    return _SPAIN.sub(word, text)


class PeruvianQt(QTranslator):
    """Qt's Spanish catalogue with Peru's words on top; Qt calls :meth:`translate`."""

    def __init__(self, spain: QTranslator, parent=None) -> None:
        super().__init__(parent)
        self.spain = spain  # the loaded qtbase_es, kept alive with this translator

    def translate(self, context, source_text, disambiguation=None, n=-1):
        own = PERU.get((context, source_text))
        if own is not None:
            return own
        text = self.spain.translate(context, source_text, disambiguation, n)
        # None (not "") tells Qt there is no translation here, so it shows the source text
        return peruvian(text) if text else None

    def isEmpty(self) -> bool:  # noqa: N802
        return False

    def language(self) -> str:
        return "es_PE"


def folders() -> list[Path]:
    """Where Qt's translations may be: Qt's own setting, then PySide6's folder (a frozen
    app keeps them in its bundle under ``PySide6/Qt/translations`` on Linux and
    ``PySide6/translations`` on Windows)."""
    qt = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    package = Path(PySide6.__file__).parent
    bundled = [package / "Qt" / "translations", package / "translations"]
    return [Path(qt), *bundled] if qt else bundled


def load(lang: str) -> QTranslator | None:
    """Qt's catalogue for ``lang``, from the first folder holding it; None (with a warning
    in the log) when there is none."""
    name = f"{CATALOGUE}_{lang}"
    for folder in folders():
        if (folder / f"{name}.qm").is_file():
            translator = QTranslator()
            if translator.load(name, str(folder)):
                return translator
    log.warning("Qt's translations %s.qm not found: Qt's dialogs stay in English", name)
    return None


_installed: list[QTranslator] = []  # what Qt uses, kept alive here (Qt holds no reference)


def install(lang: str) -> None:
    """Qt's own strings in ``lang`` from now on; English is Qt's own."""
    app = QCoreApplication.instance()
    if app is None:
        return
    while _installed:
        app.removeTranslator(_installed.pop())
    if lang == "en":
        return
    translator = load(lang)
    if translator is None:
        return
    if lang == "es":
        translator = PeruvianQt(translator)
    app.installTranslator(translator)
    _installed.append(translator)
