"""Exportar: the period and fair, how many fair days they hold, the two documents for the
municipality (the summary workbook and the PDF, aggregates only) and, apart and labelled as
such, the organization's confidential padrón; all written off the GUI thread.  The padrón
is written only after the person confirms, and each export goes to the audit log."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QGridLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from agroferia import i18n
from agroferia.core import stats
from agroferia.core.accounts import Right
from agroferia.core.money import format_money
from agroferia.core.periods import Period
from agroferia.i18n import _, _n
from agroferia.ui.context import AppContext
from agroferia.ui.errors import show_error
from agroferia.ui.period import PeriodPicker
from agroferia.ui.permissions import allow
from agroferia.ui.reports.common import (
    EXPORT,
    SavedLine,
    start_folder,
    with_suffix,
    write_problem,
)
from agroferia.ui.tasks import Progress, QuietJobs, Task, run_task
from agroferia.ui.widgets import error_label, note

EXCEL, PDF, ROSTER = "excel", "pdf", "roster"
SUFFIX = {EXCEL: ".xlsx", PDF: ".pdf", ROSTER: ".xlsx"}


def _slug(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")


def default_name(period: Period, fair_name: str | None, fmt: str) -> str:
    """``agroferia_2026-11-01_2026-11-30.xlsx``, with the fair's name when there is one
    (``padron_confidencial_…`` for the padrón)."""
    parts = ["padron_confidencial" if fmt == ROSTER else "agroferia"]
    if fair_name and _slug(fair_name):
        parts.append(_slug(fair_name))
    parts += [period.start.isoformat(), period.end.isoformat()]
    return "_".join(parts) + SUFFIX[fmt]


def _big_button(text: str, name: str) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    font = QFont(button.font())
    font.setPointSizeF(font.pointSizeF() * 1.15)
    font.setBold(True)
    button.setFont(font)
    button.setMinimumHeight(48)
    button.setMinimumWidth(340)
    return button


class ExportTab(QWidget):
    def __init__(self, ctx: AppContext, today: dt.date | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.task: Task | None = None
        self._counts = QuietJobs()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(10)
        layout.addWidget(
            note(_("Elija el periodo y la feria; los dos archivos muestran las mismas cifras."))
        )
        self.picker = PeriodPicker(ctx, today=today)
        layout.addWidget(self.picker)
        self.days_note = note("")
        self.days_note.setObjectName("fair_days_note")
        layout.addWidget(self.days_note)
        self.problem = error_label("period_problem")
        self.problem.hide()
        layout.addWidget(self.problem)
        layout.addSpacing(8)

        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(12)
        self.excel_button = _big_button(_("Exportar resumen en Excel…"), "export_excel")
        self.pdf_button = _big_button(_("Exportar reporte municipal en PDF…"), "export_pdf")
        for row, (button, text) in enumerate(
            (
                (self.excel_button, _("Un libro para la municipalidad: el resumen, las ventas "
                                      "y la asistencia por jornada, por rubro, la "
                                      "participación y las regiones; solo cifras agregadas, "
                                      "sin datos personales.")),
                (self.pdf_button, _("Un informe de pocas páginas para la municipalidad: las "
                                    "cifras del periodo con gráficos, sin datos personales.")),
            )
        ):  # fmt: skip
            grid.addWidget(button, row, 0)
            grid.addWidget(note(text), row, 1)
        grid.setColumnStretch(1, 1)
        layout.addLayout(grid)
        layout.addSpacing(8)

        # the padrón: apart, and said to be confidential
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        layout.addWidget(line)
        title = QLabel(_("Solo para la organización: datos personales"))
        title.setObjectName("roster_heading")
        font = QFont(title.font())
        font.setBold(True)
        title.setFont(font)
        layout.addWidget(title)
        roster = QGridLayout()
        roster.setHorizontalSpacing(16)
        self.roster_button = _big_button(_("Exportar padrón (confidencial)…"), "export_roster")
        roster.addWidget(self.roster_button, 0, 0)
        roster.addWidget(
            note(_("El padrón de expositores con nombres, documentos, fechas de nacimiento, "
                   "teléfonos y correos, y las ventas y cuotas de cada uno en el periodo: datos "
                   "personales protegidos por la Ley 29733. No lo envíe a la municipalidad. "
                   "Cada exportación queda registrada.")),
            0,
            1,
        )  # fmt: skip
        roster.setColumnStretch(1, 1)
        layout.addLayout(roster)
        layout.addSpacing(8)
        self.saved = SavedLine("saved")
        layout.addWidget(self.saved)
        layout.addStretch(1)

        self.excel_button.clicked.connect(lambda: self.choose(EXCEL))
        self.pdf_button.clicked.connect(lambda: self.choose(PDF))
        self.roster_button.clicked.connect(lambda: self.choose(ROSTER))
        allow(self.roster_button, ctx, Right.PERSONAL_DATA)
        # the note and the buttons follow the dates however they change (the person, or
        # the picker's own set_kind), once per change
        self._follow = QTimer(self)
        self._follow.setSingleShot(True)
        self._follow.setInterval(0)
        self._follow.timeout.connect(self.period_changed)
        for signal in (
            self.picker.changed,
            self.picker.start.dateChanged,
            self.picker.end.dateChanged,
            self.picker.fair.currentIndexChanged,
        ):
            signal.connect(lambda *_args: self._follow.start())
        self.period_changed()

    # the period ---------------------------------------------------------------------
    def period_changed(self) -> None:
        problem = self.picker.problem()
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem))
        self._set_busy(self.task is not None and not self.task.done)
        self.count_days()

    def count_days(self) -> None:
        """The note of how many fair days the period has, worked out off the GUI thread."""
        period = self.picker.value()
        if period is None:
            self.days_note.clear()
            return
        self.days_note.setText(_("Calculando…"))
        db = self.ctx.db

        def work() -> tuple[int, int]:
            with db.Session() as s:
                figures = stats.compute(s, period.start, period.end, period.fair_id)
            return figures.fair_days, figures.sales.total

        self._counts.start(period, work, self._counted)

    def _counted(self, period: object, result: object) -> None:
        if period != self.picker.value():
            return  # the person chose another period meanwhile
        if result is None:
            self.days_note.clear()
            return
        days, total = result  # type: ignore[misc]
        money = format_money(total, cents=True)
        if days == 0:
            text = _("Este periodo no tiene jornadas de feria: los archivos dirán que no hubo "
                     "actividad.")  # fmt: skip
        elif days == 1:
            text = _("En este periodo: {summary}",
                     summary=_("1 jornada · ventas en total: {total}", total=money))  # fmt: skip
        else:
            text = _("En este periodo: {summary}",
                     summary=_("{n} jornadas · ventas en total: {total}", n=days, total=money))  # fmt: skip
        self.days_note.setText(text)

    # exporting --------------------------------------------------------------------------
    def choose(self, fmt: str) -> Task | None:
        """Asks for the file name (for the padrón, first whether to write it), then exports."""
        period = self.picker.value()
        if period is None:
            return None
        if fmt == ROSTER and not self.confirm_roster():
            return None
        folder = start_folder(self.ctx.prefs, EXPORT)
        title = {
            EXCEL: _("Exportar resumen en Excel"),
            PDF: _("Exportar reporte municipal en PDF"),
            ROSTER: _("Exportar padrón (confidencial)"),
        }[fmt]
        kind = _("Documento PDF (*.pdf)") if fmt == PDF else _("Libro de Excel (*.xlsx)")
        name = default_name(period, self.picker.fair_name(), fmt)
        path, _filter = QFileDialog.getSaveFileName(self, title, str(folder / name), kind)
        if not path:
            return None
        return self.export(fmt, with_suffix(path, SUFFIX[fmt]))

    def confirm_roster(self) -> bool:
        """Whether the person, told what the padrón holds, wants to write it."""
        period = self.picker.value()
        fair_id = period.fair_id if period else None

        def count(session) -> int:
            from agroferia.core import padron

            return padron.count(session, fair_id)

        people = self.ctx.read(count)
        box = QMessageBox(self)
        box.setObjectName("confirm_roster")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(_("Exportar padrón (confidencial)"))
        box.setText(
            _n(people, "El padrón tiene los datos personales de 1 expositor: nombre, documento, "
               "fecha de nacimiento, teléfono y correo.",
               "El padrón tiene los datos personales de {n} expositores: nombres, documentos, "
               "fechas de nacimiento, teléfonos y correos.")
        )  # fmt: skip
        box.setInformativeText(
            _("La Ley 29733 los protege: guarde el archivo donde solo lo lean quienes lo "
              "necesitan y no lo envíe a la municipalidad (para ella están el resumen en Excel "
              "y el reporte en PDF). La exportación quedará registrada: quién, cuándo y de "
              "cuántas personas. ¿Exportar el padrón?")
        )  # fmt: skip
        write = box.addButton(_("Exportar padrón"), QMessageBox.ButtonRole.AcceptRole)
        write.setObjectName("roster_yes")
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.exec()
        return box.clickedButton() is write

    def export_excel(self, path: str | Path) -> Task | None:
        return self.export(EXCEL, Path(path))

    def export_pdf(self, path: str | Path) -> Task | None:
        return self.export(PDF, Path(path))

    def export_roster(self, path: str | Path) -> Task | None:
        """The padrón to ``path``, once the person has confirmed (None if not)."""
        if self.picker.value() is None or not self.confirm_roster():
            return None
        return self.export(ROSTER, Path(path))

    def export(self, fmt: str, path: Path) -> Task | None:
        """Writes the chosen period's file to ``path`` off the GUI thread; None when it could
        not start (the dates are the wrong way round, the folder is missing)."""
        period = self.picker.value()
        if period is None:
            return None
        path = Path(path).absolute()
        self.saved.clear()
        if path.is_dir() or not path.parent.is_dir():
            error = FileNotFoundError() if not path.parent.is_dir() else IsADirectoryError()
            show_error(self, write_problem(error, path, while_writing=False))  # type: ignore[arg-type]
            return None
        self.ctx.prefs.set_last_folder(EXPORT, path.parent)
        lang = i18n.get_language()
        db, actor = self.ctx.db, self.ctx.actor
        write = {EXCEL: _excel_work, PDF: _pdf_work, ROSTER: _roster_work}[fmt]
        title = {
            EXCEL: _("Exportando el resumen en Excel…"),
            PDF: _("Exportando el reporte municipal en PDF…"),
            ROSTER: _("Exportando el padrón…"),
        }[fmt]
        self._set_busy(True)
        self.task = run_task(
            self,
            title,
            lambda progress: write(db, actor, period, path, lang, progress),
            lambda _result: self._exported(path, fmt),
            lambda exc: self._failed(exc, path),
        )
        if not self.task.done:
            _count_on_bar(self.task, fmt)
        return self.task

    def _exported(self, path: Path, fmt: str = EXCEL) -> None:
        self._set_busy(False)
        if fmt == ROSTER:
            text = _("Padrón guardado en {path}. Es confidencial: no lo comparta.", path=path)
        else:
            text = _("Guardado en {path}", path=path)
        self.saved.show_saved(text, path)

    def _failed(self, exc: BaseException, path: Path) -> None:
        self._set_busy(False)
        show_error(self, write_problem(exc, path) or exc)

    def _set_busy(self, busy: bool) -> None:
        ready = not busy and self.picker.value() is not None
        self.excel_button.setEnabled(ready)
        self.pdf_button.setEnabled(ready)
        self.roster_button.setEnabled(ready)

    def refresh(self) -> None:
        self.picker.reload_fairs()
        self._follow.start()


def _count_on_bar(task: Task, fmt: str) -> None:
    """The progress bar says what it counts: the padrón's sales entries written of all of
    them, the summary's sheets (the PDF's few pages come at once: the bar only moves)."""
    if fmt == PDF:
        return
    bar = QProgressBar()
    bar.setObjectName("export_progress")
    bar.setRange(0, 0)  # busy until the work says how much there is
    # at its minimum, as the dialog's own bar was: the dialog then still waits its minimum
    # duration before it shows (and a new minimum duration counts from now)
    bar.setValue(0)
    # %v and %m are the bar's own: the value and the maximum
    bar.setFormat(_("%v de %m ventas escritas") if fmt == ROSTER else _("%v de %m hojas"))
    task.dialog.setBar(bar)


def _excel_work(db, _actor, period: Period, path: Path, lang: str, progress: Progress) -> Path:
    from agroferia.reports.excel import write_workbook  # openpyxl only when exporting

    with db.Session() as s:
        write_workbook(s, period.start, period.end, path, fair_id=period.fair_id, lang=lang,
                       progress=progress)  # fmt: skip
    return path


def _roster_work(db, actor: str, period: Period, path: Path, lang: str, progress: Progress):
    from agroferia.reports.workbook.padron import write_roster

    with db.Session() as s:
        return write_roster(s, actor, path, fair_id=period.fair_id, start=period.start,
                            end=period.end, lang=lang, progress=progress)  # fmt: skip


def _pdf_work(db, _actor, period: Period, path: Path, lang: str, _progress: Progress) -> Path:
    from agroferia.reports.pdf import write_pdf  # reportlab only when exporting

    with db.Session() as s:
        write_pdf(s, period.start, period.end, path, fair_id=period.fair_id, lang=lang)
    return path
