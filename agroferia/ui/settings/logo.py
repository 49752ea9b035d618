"""The logo of the reports: a small preview, the file's path, «Elegir…» and «Quitar».  A
chosen file is checked by ``core.settings.check_logo`` at once and refused if it is not a
PNG or JPG image that can be read."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from agroferia.core import settings
from agroferia.core.errors import ValidationError
from agroferia.core.validation import Invalid
from agroferia.i18n import _
from agroferia.ui.widgets import ERROR_STYLE, MUTED_STYLE

PREVIEW_SIZE = 72


class LogoPicker(QWidget):
    changed = Signal()  # a logo was chosen or removed
    refused = Signal(object)  # a ValidationError for a file that cannot be the logo

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._path: str | None = None
        self.preview = QLabel()
        self.preview.setObjectName("logo_preview")
        self.preview.setFixedSize(PREVIEW_SIZE, PREVIEW_SIZE)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setStyleSheet("border: 1px solid #c4c7c5; border-radius: 4px;")
        self.path_label = QLabel()  # the path, shortened in the middle to fit; whole on hover
        self.path_label.setObjectName("logo_path")
        self.path_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.state = QLabel()
        self.state.setObjectName("logo_state")
        self.choose_button = QPushButton(_("Elegir…"))
        self.choose_button.clicked.connect(self.choose)
        self.remove_button = QPushButton(_("Quitar"))
        self.remove_button.clicked.connect(self.remove)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.choose_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        column = QVBoxLayout()
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.path_label)
        column.addWidget(self.state)
        column.addLayout(buttons)
        column.addStretch(1)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.preview)
        row.addLayout(column, 1)
        self.setMinimumHeight(PREVIEW_SIZE)
        self._show()

    def path(self) -> str | None:
        return self._path

    def set_path(self, path: str | None) -> None:
        self._path = path or None
        self._show()

    def choose(self) -> None:
        start = str(Path(self._path).parent) if self._path else str(Path.home())
        path, _filter = QFileDialog.getOpenFileName(
            self,
            _("Elegir el logo"),
            start,
            _("Imágenes PNG o JPG (*.png *.jpg *.jpeg *.PNG *.JPG *.JPEG);;Todos los archivos (*)"),
        )
        if path:
            self.use_file(path)

    def use_file(self, path: str) -> bool:
        """Takes ``path`` as the logo if it is a readable image; else says why (``refused``)."""
        try:
            clean = settings.check_logo(str(Path(path).absolute()))
        except Invalid as exc:
            self.refused.emit(ValidationError.single("logo_path", settings.LOGO, exc.message))
            return False
        self.set_path(clean)
        self.changed.emit()
        return True

    def remove(self) -> None:
        if self._path is not None:
            self.set_path(None)
            self.changed.emit()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        text = self._path or ""
        width = max(self.path_label.width(), 80)
        self.path_label.setText(
            self.path_label.fontMetrics().elidedText(text, Qt.TextElideMode.ElideMiddle, width)
        )
        self.path_label.setToolTip(text)
        self.path_label.setVisible(bool(text))

    def _say(self, text: str, style: str) -> None:
        self.state.setText(text)
        self.state.setStyleSheet(style)

    def _show(self) -> None:
        self.remove_button.setEnabled(self._path is not None)
        self.preview.setPixmap(QPixmap())
        self._elide()
        if self._path is None:
            self.preview.setText(_("Sin logo"))
            self._say(_("Los reportes salen sin logo."), MUTED_STYLE)
            return
        pixmap = QPixmap(self._path) if Path(self._path).is_file() else QPixmap()
        if pixmap.isNull():
            self.preview.setText("?")
            self._say(
                _("No se encuentra o no se puede leer; los reportes salen sin logo."), ERROR_STYLE
            )
            return
        self._say(_("Aparece en el encabezado del reporte PDF."), MUTED_STYLE)
        side = PREVIEW_SIZE - 6
        self.preview.setPixmap(
            pixmap.scaled(
                side,
                side,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )
