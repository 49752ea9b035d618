"""Errors the person can act on get a plain message; a defect gets a readable dialog with
the details to send, and goes to the log file.  Nothing ends the app silently.

The details, in the dialog and in the log, are ``logs.private_traceback``: where the error
happened and its kind, never a value it carries (a name in a message, a statement's
parameters), since they are meant to be sent to whoever gives support."""

from __future__ import annotations

import logging
import sys
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from agroferia import logs
from agroferia.core.errors import explain
from agroferia.i18n import _

log = logging.getLogger(__name__)


def show_error(parent: QWidget | None, exc: BaseException, title: str | None = None) -> None:
    message = explain(exc)
    if message is not None:
        QMessageBox.warning(parent, title or _("No se pudo completar"), message)
        return
    log.error("unexpected error", exc_info=(type(exc), exc, exc.__traceback__))
    show_defect(parent, type(exc), exc, exc.__traceback__)


def show_defect(
    parent: QWidget | None,
    kind: type[BaseException],
    exc: BaseException,
    tb: TracebackType | None,
) -> None:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(_("Error inesperado"))
    box.setText(_("Ocurrió un error inesperado. Lo que ya estaba guardado no se ha perdido."))
    box.setInformativeText(
        _(
            "Si vuelve a pasar, envíe a quien le da soporte el archivo de registro:\n{path}",
            path=logs.log_file(),
        )
    )
    box.setDetailedText(logs.private_traceback(exc, tb))
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.exec()


def _excepthook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, exc, tb)
        return
    log.error("uncaught exception", exc_info=(kind, exc, tb))
    if QApplication.instance() is None:
        sys.__excepthook__(kind, exc, tb)
        return
    message = explain(exc)
    if message is not None:
        QMessageBox.warning(QApplication.activeWindow(), _("No se pudo completar"), message)
    else:
        show_defect(QApplication.activeWindow(), kind, exc, tb)


def install_excepthook() -> None:
    sys.excepthook = _excepthook
