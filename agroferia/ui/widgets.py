"""Small pieces every page uses: headings, messages under fields, questions, dates."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterable
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from agroferia.core.errors import ValidationError
from agroferia.core.files import private_folder
from agroferia.i18n import _
from agroferia.ui import shortcuts

ERROR_STYLE = "color: #b3261e;"
MUTED_STYLE = "color: #5f6368;"


def heading(text: str) -> QLabel:
    label = QLabel(text)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * 1.5)
    font.setBold(True)
    label.setFont(font)
    return label


def subheading(text: str) -> QLabel:
    label = QLabel(text)
    font = QFont(label.font())
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.15)
    label.setFont(font)
    return label


def note(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(MUTED_STYLE)
    return label


def date_text(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def error_label(name: str) -> QLabel:
    """A red, wrapping line for a message about the form (or one field of it)."""
    label = QLabel()
    label.setObjectName(name)
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    return label


class FieldMessages:
    """A red message under each field of a form, filled from a ``ValidationError``."""

    def __init__(self) -> None:
        self.labels: dict[str, QLabel] = {}

    def add_row(self, form: QFormLayout, label: str, field: str, widget: QWidget) -> QLabel:
        message = error_label(f"error_{field}")
        message.hide()
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        column.addWidget(message)
        form.addRow(label, holder)
        if isinstance(form.labelForField(holder), QLabel):
            form.labelForField(holder).setBuddy(widget)
        self.labels[field] = message
        return message

    def show(self, error: ValidationError | None, only: Iterable[str] | None = None) -> None:
        """Shows ``error``'s messages; with ``only``, just for those fields (the ones the
        person has already touched), so that a new form does not open covered in red."""
        shown = set(self.labels) if only is None else set(only)
        for field, label in self.labels.items():
            problems = error.for_field(field) if error is not None and field in shown else []
            label.setText("; ".join(p.message.render() for p in problems))
            label.setVisible(bool(problems))

    def text(self, field: str) -> str:
        """The message shown under ``field`` (empty when there is none)."""
        label = self.labels[field]
        return "" if label.isHidden() else label.text()


def confirm(parent: QWidget | None, title: str, text: str) -> bool:
    answer = QMessageBox.question(
        parent,
        title,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def ask_unsaved(parent: QWidget | None) -> QMessageBox.StandardButton:
    """Save, Discard or Cancel for a form closed with changes not yet saved."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(_("Cambios sin guardar"))
    box.setText(_("Hay cambios sin guardar. ¿Desea guardarlos?"))
    box.setStandardButtons(
        QMessageBox.StandardButton.Save
        | QMessageBox.StandardButton.Discard
        | QMessageBox.StandardButton.Cancel
    )
    box.setDefaultButton(QMessageBox.StandardButton.Save)
    return QMessageBox.StandardButton(box.exec())


def settle_unsaved(
    parent: QWidget | None, save: Callable[[], bool], discard: Callable[[], object] | None = None
) -> bool:
    """Asks Save / Discard / Cancel about unsaved changes and does what was chosen; True
    when the person may go on (the changes saved, or discarded)."""
    answer = ask_unsaved(parent)
    if answer == QMessageBox.StandardButton.Cancel:
        return False
    if answer == QMessageBox.StandardButton.Save:
        return save()
    if discard is not None:
        discard()
    return True


class GuardedDialog(QDialog):
    """A form in a dialog that asks before losing changes (Esc, Cancel, closing the window):
    save, discard, or go back to the form."""

    def save_cancel_buttons(self) -> QDialogButtonBox:
        """Save (the default: Enter in a field saves) and Cancel, wired to accept/reject."""
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        return buttons

    def has_changes(self) -> bool:
        return False

    def reject(self) -> None:
        if self.has_changes():
            answer = ask_unsaved(self)
            if answer == QMessageBox.StandardButton.Cancel:
                return
            if answer == QMessageBox.StandardButton.Save:
                self.accept()
                return
        super().reject()


def fit_height(window: QWidget) -> None:
    """Taller when wrapped lines need it (a window does not follow its labels' height for
    its width by itself)."""
    layout = window.layout()
    layout.activate()
    needed = layout.totalHeightForWidth(window.width())
    if needed > window.height():
        window.resize(window.width(), needed)


def run_dialog(dialog: QDialog) -> bool:
    """Shows a modal dialog and frees it afterwards (a closed dialog left as a child of its
    page lives on until the page goes); True when it was accepted."""
    _RUNNING[0] += 1
    try:
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
    finally:
        _RUNNING[0] -= 1
    dialog.deleteLater()
    return accepted


_RUNNING = [0]  # dialogs of ``run_dialog`` still in their loop


def dialogs_running() -> int:
    """How many dialogs shown by ``run_dialog`` have not returned to their page yet."""
    return _RUNNING[0]


def tab_keys(tabs: QTabWidget) -> None:
    """Ctrl+Tab / Ctrl+PgDown and Ctrl+Shift+Tab / Ctrl+PgUp change tab from anywhere in
    ``tabs`` (a table inside would otherwise keep Ctrl+Tab for itself)."""

    def step(by: int) -> None:
        count = tabs.count()
        if count:
            tabs.setCurrentIndex((tabs.currentIndex() + by) % count)
            tab = tabs.currentWidget()
            main = getattr(tab, "main_control", None)  # a tab may name its main control
            focus_into(main() if main is not None else tab)

    for keys, by in ((shortcuts.NEXT_TAB, 1), (shortcuts.PREVIOUS_TAB, -1)):
        for key in keys:
            shortcut = QShortcut(QKeySequence(key), tabs)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda by=by: step(by))


def focus_into(widget: QWidget) -> None:
    """Gives the focus to ``widget``, or to the first control inside it that takes it."""
    if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isEnabled():
        widget.setFocus(Qt.FocusReason.ShortcutFocusReason)
        return
    candidate = widget.nextInFocusChain()
    while candidate is not None and candidate is not widget:
        if (
            widget.isAncestorOf(candidate)
            and candidate.isVisibleTo(widget)
            and candidate.isEnabled()
            and candidate.focusPolicy() & Qt.FocusPolicy.TabFocus
        ):
            candidate.setFocus(Qt.FocusReason.ShortcutFocusReason)
            return
        candidate = candidate.nextInFocusChain()


def open_folder(parent: QWidget, folder: Path, title: str) -> None:
    """Shows ``folder`` (made, owner only, when missing) in the file manager; says where it
    is when it cannot be shown."""
    with contextlib.suppress(OSError):  # then it cannot be opened, as said below
        private_folder(folder)
    if not (folder.is_dir() and QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))):
        QMessageBox.information(
            parent, title, _("No se pudo abrir la carpeta. Búsquela en: {path}", path=folder)
        )
