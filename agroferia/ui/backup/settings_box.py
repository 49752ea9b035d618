"""The backups' section of Configuración: where the automatic backups go (with a button
that opens the folder and the last few made), and the optional second folder (a USB stick
or a synced folder), chosen or removed by an administrator and saved at once.

A server's database gets no automatic backups from the app: for it the section says so,
who copies it instead, and where the copies taken before an upgrade go."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from agroferia.core import backup, settings
from agroferia.core.accounts import Right
from agroferia.core.backup import describe
from agroferia.core.errors import ValidationError
from agroferia.core.network.urls import is_postgresql
from agroferia.i18n import _
from agroferia.ui.context import SETTINGS, AppContext
from agroferia.ui.permissions import allow
from agroferia.ui.widgets import error_label, note, open_folder

RECENT = 5  # automatic backups listed


def _path_label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _row(*widgets: QWidget) -> QWidget:
    holder = QWidget()
    row = QHBoxLayout(holder)
    row.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        row.addWidget(widget)
    row.addStretch(1)
    return holder


class BackupsBox(QGroupBox):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(_("Copias de seguridad"), parent)
        self.ctx = ctx
        self.folder = _path_label("backups_folder")
        self.open_button = QPushButton(_("Abrir carpeta"))
        self.open_button.clicked.connect(self.open_folder)
        self.recent = QLabel()
        self.recent.setObjectName("recent_backups")
        self.recent.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.second = _path_label("second_folder")
        self.choose_button = QPushButton(_("Elegir carpeta…"))
        self.choose_button.setObjectName("choose_second_folder")
        self.choose_button.clicked.connect(self.choose)
        self.remove_button = QPushButton(_("Quitar"))
        self.remove_button.setObjectName("remove_second_folder")
        self.remove_button.clicked.connect(lambda: self.save(None))
        self.message = error_label("second_folder_error")
        self.message.hide()
        self.may_edit = allow(self.choose_button, ctx, Right.ADMIN)
        allow(self.remove_button, ctx, Right.ADMIN)
        self.on_server = is_postgresql(ctx.db.location)
        column = QVBoxLayout(self)
        if self.on_server:
            self._server_rows(column)
            return
        column.addWidget(note(_(
            "Al cerrar la ventana, y una vez al día mientras está abierta, se guarda una "
            "copia de seguridad revisada. Se conservan la última de cada uno de los últimos "
            "7 días, 4 semanas y 12 meses."
        )))  # fmt: skip
        form = QFormLayout()
        form.addRow(_("Copias automáticas"), self.folder)
        form.addRow("", _row(self.open_button))
        form.addRow(_("Últimas copias"), self.recent)
        form.addRow(_("Segunda carpeta"), self.second)
        form.addRow("", _row(self.choose_button, self.remove_button))
        form.addRow("", self.message)
        column.addLayout(form)
        column.addWidget(note(_(
            "Una memoria USB o una carpeta sincronizada (Google Drive, OneDrive…) recibe "
            "también cada copia automática: si la computadora se pierde o se daña, los datos "
            "siguen ahí."
        )))  # fmt: skip
        ctx.changed.connect(lambda what: self.refresh() if what == SETTINGS else None)
        self.refresh()

    def _server_rows(self, column: QVBoxLayout) -> None:
        """A server's database: no automatic backups, no second folder; only where the
        copies taken before an upgrade go."""
        explanation = note(_(
            "Esta base de datos está en un servidor PostgreSQL: Agroferia no le hace copias "
            "automáticas. Quien administra el servidor debe copiarla cada día (por ejemplo "
            "con pg_dump). Antes de actualizarla, Agroferia guarda una copia hecha con "
            "pg_dump en esta carpeta, si ese programa está instalado."
        ))  # fmt: skip
        explanation.setObjectName("server_backups_note")
        column.addWidget(explanation)
        form = QFormLayout()
        form.addRow(_("Copias antes de actualizar"), self.folder)
        form.addRow("", _row(self.open_button))
        column.addLayout(form)
        self.folder.setText(str(backup.backups_folder()))

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if not self.on_server:
            self.refresh()  # the backups made since it was last shown

    def stored(self) -> Path | None:
        return self.ctx.read(settings.backup_second_folder)

    def refresh(self) -> None:
        self.folder.setText(str(backup.backups_folder()))
        chosen = self.stored()
        if chosen is None:
            self.second.setText(_("Ninguna"))
        elif chosen.is_dir():
            self.second.setText(str(chosen))
        else:
            self.second.setText(_("{folder} (no conectada ahora)", folder=chosen))
        self.remove_button.setVisible(chosen is not None)
        infos = backup.list_backups()[:RECENT]
        lines = [f"{describe.when(i)} · {describe.reason(i)} · {describe.size(i.size)}"
                 for i in infos]  # fmt: skip
        self.recent.setText("\n".join(lines) or _("Ninguna todavía"))

    def choose(self) -> None:
        start = self.stored() or Path.home()
        chosen = QFileDialog.getExistingDirectory(
            self, _("Segunda carpeta de copias de seguridad"), str(start)
        )
        if chosen:
            self.save(chosen)

    def save(self, folder: str | None) -> bool:
        """The second folder (None: none) saved at once, by an administrator."""
        try:
            with self.ctx.write(SETTINGS) as session:
                settings.update(session, self.ctx.actor, {settings.SECOND_FOLDER_KEY: folder})
        except ValidationError as error:
            problems = error.for_field(settings.SECOND_FOLDER_KEY) or error.errors
            self.message.setText("; ".join(p.message.render() for p in problems))
            self.message.show()
            return False
        self.message.hide()
        self.refresh()
        return True

    def open_folder(self) -> None:
        open_folder(self, backup.backups_folder(), _("Copias de seguridad"))
