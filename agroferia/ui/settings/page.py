"""Configuración: the language of the window (applied at once), the organization, the youth
range and access (checked as the person types, saved together in one transaction by
``core.settings.update``, by an administrator), the accounts, and what this computer uses."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from agroferia import i18n
from agroferia.core import accounts, settings
from agroferia.core.errors import ValidationError
from agroferia.i18n import _
from agroferia.ui.backup.settings_box import BackupsBox
from agroferia.ui.context import FAIRS, SETTINGS, AppContext
from agroferia.ui.page import Page
from agroferia.ui.settings.accounts import AccountsBox
from agroferia.ui.settings.form import SettingsForm, load
from agroferia.ui.settings.sections import ComputerBox, LanguageBox
from agroferia.ui.tasks import run_blocking
from agroferia.ui.widgets import ERROR_STYLE, MUTED_STYLE, heading, settle_unsaved

CONTENT_WIDTH = 760


class SettingsPage(Page):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.initial: dict[str, Any] = {}
        self.language = LanguageBox()
        self.language.chosen.connect(self.choose_language)
        self.form = SettingsForm()
        self.form.edited.connect(self._edited)
        self.save_button = QPushButton(_("Guardar"))
        self.save_button.setObjectName("save")
        self.save_button.setDefault(True)
        self.save_button.setToolTip(_("Guardar los cambios (Ctrl+S)"))
        self.save_button.clicked.connect(self.save)
        self.discard_button = QPushButton(_("Descartar cambios"))
        self.discard_button.clicked.connect(self.discard)
        self.status = QLabel()
        self.status.setObjectName("status")
        self.status.setWordWrap(True)
        self.computer = ComputerBox(ctx.db.location)
        self.accounts = AccountsBox(ctx)
        self.backups = BackupsBox(ctx)
        self._layout()
        shortcut = QShortcut(QKeySequence.StandardKey.Save, self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.save)
        ctx.changed.connect(self._on_changed)
        self.discard()

    def _layout(self) -> None:
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.discard_button)
        buttons.addWidget(self.status, 1)
        column = QVBoxLayout()
        column.setSpacing(12)
        column.addWidget(heading(_("Configuración")))
        column.addWidget(self.language)
        column.addWidget(self.form)
        column.addLayout(buttons)
        column.addSpacing(12)
        column.addWidget(self.accounts)
        column.addSpacing(12)
        column.addWidget(self.backups)
        column.addSpacing(12)
        column.addWidget(self.computer)
        column.addStretch(1)
        content = QWidget()
        content.setMaximumWidth(CONTENT_WIDTH)
        content.setLayout(column)
        body = QWidget()
        row = QHBoxLayout(body)
        row.setContentsMargins(24, 24, 24, 24)
        row.addWidget(content, 1)
        row.addStretch(0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    # loading -------------------------------------------------------------------------
    def main_control(self) -> QWidget:
        return self.language.combo

    def refresh(self) -> None:
        """Reloads from the database; edits not yet saved are kept (only the list of fairs
        is brought up to date)."""
        values, choices = self.ctx.read(load)
        if self.has_unsaved_changes():
            self.form.set_fair_choices(choices, self.form.default_fair.currentData())
            self._update_buttons()
            return
        self._show(values, choices)

    def discard(self) -> None:
        """Shows the saved values again, dropping every edit."""
        self._show(*self.ctx.read(load))
        self.status.clear()

    def _show(self, values: dict[str, Any], choices: list[tuple[int, str]]) -> None:
        self._may_edit = self.ctx.read(
            lambda s: accounts.Right.ADMIN in accounts.rights_of(s, self.ctx.actor)
        )
        self.form.setEnabled(self._may_edit)
        self.form.setToolTip(
            "" if self._may_edit else _("Solo una cuenta de administrador cambia la configuración.")
        )
        self.form.set_fair_choices(choices, values["default_fair_id"])
        self.form.set_values(values)
        self.initial = self.form.values()
        self.form.show_errors(None)
        self._update_buttons()

    def _on_changed(self, what: str) -> None:
        if what in (FAIRS, SETTINGS):
            self.refresh()
        if what == SETTINGS:
            self.accounts.refresh()

    # editing and saving --------------------------------------------------------------
    def changes(self) -> dict[str, Any]:
        """The values the person changed, as ``core.settings.update`` takes them."""
        return {k: v for k, v in self.form.values().items() if v != self.initial.get(k)}

    def has_unsaved_changes(self) -> bool:
        return bool(self.changes())

    def _errors(self) -> ValidationError | None:
        changes = self.changes()
        try:
            self.ctx.read(lambda session: settings.validate(session, changes))
        except ValidationError as error:
            return error
        return None

    def _edited(self) -> None:
        self.status.clear()
        self.form.show_errors(self._errors())
        self._update_buttons()

    def _update_buttons(self) -> None:
        changed = self.has_unsaved_changes()
        self.save_button.setEnabled(changed)
        self.discard_button.setEnabled(changed)

    def save(self) -> bool:
        changes = self.changes()
        if not changes:
            return True
        db, actor = self.ctx.db, self.ctx.actor

        def work(_progress) -> None:
            # off the window's thread: a new youth range recomputes the statistics' summaries
            with db.Session.begin() as session:
                settings.update(session, actor, changes)

        try:
            run_blocking(self, _("Guardando la configuración…"), work)
            self.ctx.changed.emit(SETTINGS)
        except ValidationError as error:
            self.form.show_errors(error, all_fields=True)
            self._say(_("No se guardó: corrija lo que se indica en rojo."), ERROR_STYLE)
            return False
        self.discard()
        self._say(_("Cambios guardados."), MUTED_STYLE)
        return True

    def _say(self, text: str, style: str) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(style)

    # language ------------------------------------------------------------------------
    def show_language(self) -> None:
        """The language choice shows the language in use (another page kept it)."""
        self.language.select(i18n.get_language())

    def choose_language(self, lang: str) -> None:
        """Switches the window to ``lang`` (the main window rebuilds every page), after
        asking what to do with unsaved changes here."""
        if lang == i18n.get_language():
            return
        if self.has_unsaved_changes() and not settle_unsaved(self, self.save, self.discard):
            self.show_language()
            return
        self.ctx.language_requested.emit(lang)
