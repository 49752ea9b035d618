"""What the export and import tabs share: the folder a file dialog starts in, the line that
says where a file was saved (with buttons to open it), the explanation of a file that could
not be written."""

from __future__ import annotations

import errno
import logging
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from agroferia.core.errors import AgroferiaError, OperationError
from agroferia.i18n import _, lazy
from agroferia.ui.prefs import Prefs

log = logging.getLogger(__name__)

EXPORT, IMPORT = "export", "import"  # the two folders remembered


def start_folder(prefs: Prefs, purpose: str) -> Path:
    """Where a file dialog opens: the folder last used, else the Documents folder."""
    last = prefs.last_folder(purpose)
    if last:
        return Path(last)
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if documents and Path(documents).is_dir():
        return Path(documents)
    return Path.home()


def with_suffix(path: str | Path, suffix: str) -> Path:
    """``path`` ending in ``suffix`` (a name typed without it gets it)."""
    path = Path(path)
    return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)


def write_problem(
    exc: BaseException, path: Path, *, while_writing: bool = True
) -> AgroferiaError | None:
    """Why ``path`` could not be written, in words a person can act on; None when ``exc``
    is not a problem with the file. ``while_writing``: the writing had begun (and was
    undone)."""
    if not isinstance(exc, OSError):
        return None
    if isinstance(exc, PermissionError):
        text = lazy(
            "No se pudo guardar {path}: el archivo está abierto en otro programa (Excel o un "
            "lector de PDF) o no hay permiso para escribir en esa carpeta. Cierre el archivo, "
            "o elija otro nombre u otra carpeta, e intente de nuevo.",
            path=path,
        )
    elif isinstance(exc, IsADirectoryError):
        text = lazy("{path} es una carpeta: escriba el nombre del archivo.", path=path)
    elif isinstance(exc, FileNotFoundError | NotADirectoryError):
        text = lazy("No existe la carpeta {path}: elija otra.", path=path.parent)
    elif exc.errno in (errno.ENOSPC, errno.EDQUOT):
        text = lazy(
            "No queda espacio en el disco para guardar {path}. Libere espacio o guárdelo en "
            "otro disco (una memoria USB, por ejemplo).",
            path=path,
        )
    elif exc.errno == errno.EROFS:
        text = lazy(
            "No se puede escribir en la carpeta de {path} (es de solo lectura): elija otra.",
            path=path,
        )
    else:
        text = lazy("No se pudo guardar {path} ({detail}).", path=path, detail=exc.strerror or exc)
    if not while_writing:
        return OperationError(text)
    return OperationError(lazy("{problem} No quedó ningún archivo a medio escribir.", problem=text))


class SavedLine(QWidget):
    """«Guardado en …» with «Abrir archivo» and «Abrir carpeta»; hidden until a file is
    saved. ``file_url()`` and ``folder_url()`` are what the buttons open."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.path: Path | None = None
        self.label = QLabel()
        self.label.setObjectName(f"{name}_text")
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_file = QPushButton(_("Abrir archivo"))
        self.open_file.setObjectName(f"{name}_open_file")
        self.open_folder = QPushButton(_("Abrir carpeta"))
        self.open_folder.setObjectName(f"{name}_open_folder")
        self.open_file.clicked.connect(lambda: QDesktopServices.openUrl(self.file_url()))
        self.open_folder.clicked.connect(lambda: QDesktopServices.openUrl(self.folder_url()))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label, 1)
        row.addWidget(self.open_file)
        row.addWidget(self.open_folder)
        self.hide()

    def show_saved(self, text: str, path: Path) -> None:
        self.path = Path(path).absolute()
        self.label.setText(text)
        self.show()

    def clear(self) -> None:
        self.path = None
        self.label.clear()
        self.hide()

    def file_url(self) -> QUrl:
        return QUrl.fromLocalFile(str(self.path)) if self.path else QUrl()

    def folder_url(self) -> QUrl:
        return QUrl.fromLocalFile(str(self.path.parent)) if self.path else QUrl()
