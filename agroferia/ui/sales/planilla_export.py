"""«Imprimir planilla…» on the fair-day sheet: the day's paper planilla (``reports.planilla``)
saved where the person chooses, written off the window's thread, then opened to print; the
day's summary is written the same way (``write_day_document``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog

from agroferia.core.backup.manifest import slug
from agroferia.i18n import _, get_language
from agroferia.ui.errors import show_error
from agroferia.ui.reports.common import EXPORT, start_folder, with_suffix, write_problem
from agroferia.ui.tasks import run_task

if TYPE_CHECKING:
    from agroferia.ui.sales.day_panel import DayPanel


def choose(panel: DayPanel) -> None:
    """Asks where to save the planilla of the day shown, then writes it."""
    if panel.sheet is None:
        return
    day = panel.sheet.day  # the fair in the name: two fairs may meet on one date
    name = _("planilla_{fair}_{date}.pdf", fair=slug(day.fair), date=day.date.isoformat())
    start = str(start_folder(panel.ctx.prefs, EXPORT) / name)
    path, _filter = QFileDialog.getSaveFileName(
        panel, _("Guardar la planilla de la jornada"), start, _("Documentos PDF (*.pdf)")
    )
    if path:
        export(panel, with_suffix(path, ".pdf"))


def export(panel: DayPanel, path: Path, open_when_done: bool = True):
    """Writes the planilla of the day shown to ``path`` off the GUI thread, then opens it
    (or says where it is); the task, or None when ``path`` cannot be written."""

    def kept(result) -> str:
        panel.last_planilla = result.path
        return _("Planilla guardada en {path}", path=result.path)

    from agroferia.reports.planilla import write_planilla

    return write_day_document(panel, path, write_planilla, kept,
                              _("Escribiendo la planilla de la jornada…"), open_when_done)  # fmt: skip


def write_day_document(
    panel: DayPanel,
    path: Path,
    write: Callable[..., Any],
    kept: Callable[[Any], str],
    busy: str,
    open_when_done: bool = True,
):
    """Writes a document of the day shown (``write(session, day_id, path, lang=, actor=)``,
    a ``reports`` writer) to ``path`` off the GUI thread; ``kept(result)`` remembers it and
    says where it went, and the file is opened.  The task, or None when ``path`` cannot be
    written (said at once)."""
    if panel.sheet is None:
        return None
    day_id, db, lang, actor = panel.sheet.day.id, panel.ctx.db, get_language(), panel.ctx.actor
    path = Path(path).absolute()
    if path.is_dir() or not path.parent.is_dir():
        error = FileNotFoundError() if not path.parent.is_dir() else IsADirectoryError()
        show_error(panel, write_problem(error, path, while_writing=False))  # type: ignore[arg-type]
        return None
    panel.ctx.prefs.set_last_folder(EXPORT, path.parent)

    def work(_progress):
        with db.Session() as session:
            return write(session, day_id, path, lang=lang, actor=actor)

    def done(result) -> None:
        panel.saved_note.setText(kept(result))
        if open_when_done:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(result.path)))

    def failed(exc: BaseException) -> None:
        show_error(panel, write_problem(exc, path) or exc)

    return run_task(panel, busy, work, done, failed)
