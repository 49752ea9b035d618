"""Qt's own dialogs in Spanish as Peru speaks it: the file dialog Qt draws itself (on Linux
without a desktop portal), message-box buttons, the context menu of a text field."""

from __future__ import annotations

import gc
import logging
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QTreeView,
    QWidget,
)

from agroferia import i18n
from agroferia.ui import app as ui_app
from agroferia.ui import qt_language

ENGLISH = [
    "Look in:", "File name:", "Files of type:", "Cancel", "Open", "Save", "Detail View",
    "List View", "Back", "Forward", "Parent Directory", "Create New Folder", "Folder",
    "Directory:", "Directories", "Name", "Size", "Type", "Date Modified", "Rename", "Delete",
    "Show hidden files", "New Folder",
]  # fmt: skip


@pytest.fixture
def languages(qapp):
    """Switches languages as Configuración does; afterwards Qt's strings are as before."""
    locale, spanish_before = QLocale(), bool(qt_language._installed)
    yield ui_app.apply_language
    ui_app.apply_language("es" if spanish_before else "en")
    QLocale.setDefault(locale)
    i18n.set_language("es")


def file_dialog(qtbot, folder: Path, save: bool = True) -> QFileDialog:
    """The file dialog Qt draws itself, in detail view over ``folder`` (one subfolder, one
    spreadsheet), once the view shows the type of each entry."""
    (folder / "ventas").mkdir(exist_ok=True)
    (folder / "ventas.xlsx").write_bytes(b"")
    dialog = QFileDialog(None, "Guardar el reporte", str(folder), "Excel (*.xlsx);;CSV (*.csv)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setAcceptMode(
        QFileDialog.AcceptMode.AcceptSave if save else QFileDialog.AcceptMode.AcceptOpen
    )
    dialog.setViewMode(QFileDialog.ViewMode.Detail)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    view = dialog.findChild(QTreeView, "treeView")
    qtbot.waitUntil(lambda: all(column(view, 2)) and len(column(view, 2)) == 2)
    return dialog


def column(view: QTreeView, number: int) -> list[str]:
    model, root = view.model(), view.rootIndex()
    return [model.index(row, number, root).data() for row in range(model.rowCount(root))]


def visible_texts(dialog: QWidget) -> set[str]:
    """Every text the dialog shows or can show: labels, buttons, tool tips, list items, the
    file view's header and types, the actions of its context menus."""
    texts: set[str] = set()
    for widget in [dialog, *dialog.findChildren(QWidget)]:
        if isinstance(widget, (QLabel, QAbstractButton)):
            texts.add(widget.text())
        texts.add(widget.toolTip())
        if isinstance(widget, QComboBox):
            texts.update(widget.itemText(i) for i in range(widget.count()))
        if isinstance(widget, QTreeView):
            model = widget.model()
            texts.update(
                model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())
            )
            texts.update(column(widget, 2))
        texts.update(action.text() for action in widget.actions())
    texts.update(action.text() for action in dialog.findChildren(QAction))  # context menus
    return {text for text in texts if text and text.strip()}


def plain(texts: set[str]) -> set[str]:
    """Without mnemonics: "&Look in:" reads "Look in:"."""
    return {text.replace("&", "") for text in texts}


def test_the_file_dialog_reads_as_in_peru(qtbot, languages, tmp_path) -> None:
    languages("es")
    gc.collect()  # the translator lives on without a reference held by the caller
    texts = plain(visible_texts(file_dialog(qtbot, tmp_path)))
    assert [t for t in texts if "ficher" in t.lower() or "directori" in t.lower()] == []
    assert [t for t in texts if t in ENGLISH] == []
    assert {
        "Buscar en:", "Nombre de archivo:", "Tipo de archivo:", "Guardar", "Cancelar",
        "Atrás", "Siguiente", "Carpeta superior", "Crear nueva carpeta", "Vista de lista",
        "Vista detallada", "Nombre", "Tamaño", "Tipo", "Última modificación", "Carpeta",
        "Cambiar de nombre", "Borrar", "Mostrar archivos ocultos", "Nueva carpeta",
    } <= texts  # fmt: skip


def test_choosing_a_folder_and_the_dialog_s_questions_say_carpeta_and_archivo(
    qtbot, languages, tmp_path
) -> None:
    languages("es")
    dialog = file_dialog(qtbot, tmp_path, save=False)
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    texts = plain(visible_texts(dialog))
    assert {"Carpeta:", "Carpetas", "Seleccionar"} <= texts
    assert not [t for t in texts if "directori" in t.lower()]

    def qt(source: str, context: str = "QFileDialog") -> str:
        return QCoreApplication.translate(context, source)

    assert qt("%1 already exists.\nDo you want to replace it?") == (
        "El archivo %1 ya existe.\n¿Desea reemplazarlo?"
    )
    assert qt("%1\nFile not found.\nPlease verify the correct file name was given.") == (
        "%1\nArchivo no encontrado.\nVerifique que el nombre del archivo es correcto."
    )
    assert qt("All Files (*)") == "Todos los archivos (*)"
    assert qt("Invalid filename", "QFileSystemModel") == "Nombre de archivo no válido"


def test_message_box_buttons_and_the_text_field_menu_are_spanish(qtbot, languages) -> None:
    languages("es")
    box = QMessageBox()
    qtbot.addWidget(box)
    shown = {}
    for name in ("Yes", "No", "Cancel", "Save", "Discard", "Ok"):
        standard = getattr(QMessageBox.StandardButton, name)
        shown[name] = box.addButton(standard).text()
    assert shown == {
        "Yes": "&Sí", "No": "&No", "Cancel": "Cancelar", "Save": "Guardar",
        "Discard": "Descartar", "Ok": "Aceptar",
    }  # fmt: skip
    field = QLineEdit()
    qtbot.addWidget(field)
    menu = field.createStandardContextMenu()
    assert [action.text().split("\t")[0] for action in menu.actions()] == [
        "&Deshacer", "&Rehacer", "", "Cor&tar", "&Copiar", "&Pegar", "Borrar", "",
        "Seleccionar todo",
    ]  # fmt: skip


def test_switching_to_english_gives_qt_its_own_words_and_back(qtbot, languages, tmp_path):
    languages("en")
    texts = visible_texts(file_dialog(qtbot, tmp_path))
    assert {"&Look in:", "File &name:", "Files of &type:", "Folder", "Detail View"} <= texts
    assert QMessageBox().addButton(QMessageBox.StandardButton.Yes).text() == "&Yes"
    languages("es")
    texts = visible_texts(file_dialog(qtbot, tmp_path))
    assert {"&Buscar en:", "&Nombre de archivo:", "&Tipo de archivo:", "Carpeta"} <= texts
    assert "&Look in:" not in texts
    languages("es")  # choosing Spanish again installs it once, not twice
    assert len(qt_language._installed) == 1


@pytest.mark.parametrize(
    ("spain", "peru"),
    [
        ("Nombre de fichero no válido", "Nombre de archivo no válido"),
        ("Fichero no encontrado", "Archivo no encontrado"),
        ("Demasiados ficheros abiertos", "Demasiados archivos abiertos"),
        ("FICHEROS", "ARCHIVOS"),
        ("Ficheros de tipo:", "Archivos de tipo:"),
        ("Archivo «fichero.txt»", "Archivo «archivo.txt»"),
        ("Ficherito", "Ficherito"),
    ],
)
def test_spain_s_word_for_a_file_is_peru_s(spain: str, peru: str) -> None:
    assert qt_language.peruvian(spain) == peru


def test_the_translations_are_found_where_a_frozen_app_keeps_them(
    qapp, languages, monkeypatch, tmp_path
) -> None:
    """Where Qt's own setting points to a folder without them, PySide6's folder has them
    (as the bundle has them under PySide6/Qt/translations)."""
    monkeypatch.setattr(qt_language.QLibraryInfo, "path", lambda _which: str(tmp_path))
    assert qt_language.folders()[0] == tmp_path
    translator = qt_language.load("es")
    assert translator is not None
    assert translator.translate("QPlatformTheme", "Cancel") == "Cancelar"


def test_without_translations_qt_stays_english_and_the_log_says_so(
    qapp, languages, monkeypatch, tmp_path, caplog
) -> None:
    monkeypatch.setattr(qt_language, "folders", lambda: [tmp_path / "qt", tmp_path / "bundle"])
    with caplog.at_level(logging.WARNING, logger="agroferia.ui.qt_language"):
        languages("es")
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"
    assert [r.getMessage() for r in caplog.records] == [
        "Qt's translations qtbase_es.qm not found: Qt's dialogs stay in English"
    ]
    assert str(tmp_path) not in caplog.text
