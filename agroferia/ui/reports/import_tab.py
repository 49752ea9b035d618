"""Importar: vendors or sales from a spreadsheet. The file is checked first (off the GUI
thread, nothing written) and every problem shown row by row; «Importar» then writes the
whole file in one transaction, or nothing if the check no longer passes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import ClassVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from agroferia import i18n
from agroferia.core import fairs, importing, network
from agroferia.core.accounts import Right
from agroferia.core.db import Database
from agroferia.core.errors import explain
from agroferia.core.importing import ImportReport
from agroferia.core.templates import write_template
from agroferia.i18n import N_, _, _n
from agroferia.ui.context import FAIRS, SALES, VENDORS, AppContext
from agroferia.ui.errors import show_error
from agroferia.ui.permissions import allow
from agroferia.ui.reports.common import IMPORT, SavedLine, start_folder, with_suffix, write_problem
from agroferia.ui.tables import Column, RowsModel, row_table
from agroferia.ui.tasks import Task, run_task
from agroferia.ui.widgets import ERROR_STYLE, MUTED_STYLE, confirm, note

VENDOR_FILE, SALES_FILE = "vendors", "sales"  # the kinds, as importing and templates name them
WRAP_ROWS = 300  # up to this many problems, long messages wrap onto more lines


ERROR, WARNING, SKIPPED = "error", "warning", "skipped"
COLORS = {ERROR: QColor("#b3261e"), WARNING: QColor("#8a5a00"), SKIPPED: QColor("#5f6368")}


@dataclass(frozen=True)
class ProblemRow:
    id: int
    row: int | None  # None: the whole file
    column: str
    message: str
    kind: str  # ERROR, WARNING (written all the same) or SKIPPED (a row left out)

    @property
    def error(self) -> bool:
        return self.kind == ERROR


def problem_rows(report: ImportReport) -> list[ProblemRow]:
    """The report's errors, warnings and the rows it leaves out, one table row each."""
    rows = (
        [(p, ERROR) for p in report.errors]
        + [(p, WARNING) for p in report.warnings]
        + [(p, SKIPPED) for p in report.skipped]
    )
    shown = {
        ERROR: lambda p: str(p.message),
        WARNING: lambda p: _("Aviso: {message}", message=p.message),
        SKIPPED: lambda p: _("Se omite: {reason}", reason=p.message),
    }
    found = [
        ProblemRow(id=n, row=p.row, column=p.column or "", message=shown[kind](p), kind=kind)
        for n, (p, kind) in enumerate(rows)
    ]
    for listed, count, kind in (
        (report.errors, report.error_count, ERROR),
        (report.warnings, report.warning_count, WARNING),
        (report.skipped, report.skipped_count, SKIPPED),
    ):
        if rest := report.more(listed, count):  # only the first ones are kept
            message = _n(
                rest, "… y {count} problema más", "… y {count} problemas más", count=f"{rest:,}"
            )
            found.append(ProblemRow(id=len(found), row=None, column="", message=message, kind=kind))
    return found


class ProblemsModel(RowsModel[ProblemRow]):
    columns: ClassVar[list[Column]] = [
        Column(N_("Fila"), lambda r: "—" if r.row is None else str(r.row),
               lambda r: (-1 if r.row is None else r.row, r.id)),
        Column(N_("Columna"), lambda r: r.column or "—", lambda r: r.column.casefold()),
        Column(N_("Problema"), lambda r: r.message, lambda r: r.message.casefold()),
    ]  # fmt: skip

    def extra(self, row: ProblemRow, column: int, role: int) -> object:
        if role == Qt.ItemDataRole.ForegroundRole:
            return COLORS[row.kind]
        if role == Qt.ItemDataRole.ToolTipRole and column == 2:
            return row.message
        return None


@dataclass(frozen=True)
class Request:
    """What to import and how: the check and the import are made with the same one."""

    kind: str
    path: Path
    fair: str | None  # for the rows that do not name theirs
    replace: bool  # sales: replace those already entered for the file's fair days
    today: dt.date
    sex_m: str | None = None  # vendors: what the letter M means (F or M) when the file is silent


def check(session: Session, request: Request) -> ImportReport:
    """The check (a dry run: nothing is written)."""
    return _run(session, request, actor="", dry_run=True)


def _run(session: Session, request: Request, actor: str, dry_run: bool) -> ImportReport:
    return importing.import_file(
        session, actor, request.kind, request.path, fair=request.fair,
        replace=request.replace, sex_m=request.sex_m, dry_run=dry_run, today=request.today,
    )  # fmt: skip


class _RolledBack(Exception):  # noqa: N818 (not an error: a way out of the transaction)
    def __init__(self, report: ImportReport) -> None:
        super().__init__()
        self.report = report


def write(db: Database, request: Request, actor: str) -> ImportReport:
    """Imports the file in one transaction, checked again against the database as it is
    now; if that check finds errors nothing is written and the report says why. After a
    conflict with another writer (on a server) it is done once more, then told."""

    def attempt() -> ImportReport:
        with db.Session() as s:
            try:
                with s.begin():
                    report = _run(s, request, actor, dry_run=False)
                    if not report.ok:
                        raise _RolledBack(report)  # rolls the transaction back
            except _RolledBack as refused:
                return refused.report
        return report

    return network.retrying(attempt)


class ImportTab(QWidget):
    def __init__(self, ctx: AppContext, today: dt.date | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self._today = today
        self.path: Path | None = None
        self.report: ImportReport | None = None  # the last check, while it is current
        self.request: Request | None = None  # what that check was made with
        self.written: ImportReport | None = None  # the last import written
        self.task: Task | None = None
        self._generation = 0  # a check started later makes earlier ones' results moot

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(8)

        kinds = QHBoxLayout()
        kinds.addWidget(QLabel(_("Qué importar:")))
        self.vendors_kind = QRadioButton(_("Expositores"))
        self.vendors_kind.setObjectName("import_vendors")
        self.sales_kind = QRadioButton(_("Ventas"))
        self.sales_kind.setObjectName("import_sales")
        self.kind_group = QButtonGroup(self)
        self.kind_group.addButton(self.vendors_kind)
        self.kind_group.addButton(self.sales_kind)
        self.vendors_kind.setChecked(True)
        kinds.addWidget(self.vendors_kind)
        kinds.addWidget(self.sales_kind)
        kinds.addStretch(1)
        self.template_button = QPushButton()
        self.template_button.setObjectName("download_template")
        kinds.addWidget(self.template_button)
        layout.addLayout(kinds)
        self.intro = note("")
        layout.addWidget(self.intro)
        self.template_saved = SavedLine("template_saved")
        layout.addWidget(self.template_saved)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        file_row = QHBoxLayout()
        self.file_edit = QLineEdit()
        self.file_edit.setObjectName("import_file")
        self.file_edit.setReadOnly(True)
        self.file_edit.setPlaceholderText(_("Ningún archivo elegido (.xlsx o .csv)"))
        self.choose_button = QPushButton(_("Elegir archivo…"))
        self.choose_button.setObjectName("choose_file")
        self.recheck_button = QPushButton(_("Volver a revisar"))
        self.recheck_button.setObjectName("recheck")
        self.recheck_button.setToolTip(_("Revisa otra vez el archivo, por ejemplo después de "
                                         "corregirlo en Excel."))  # fmt: skip
        self.recheck_button.setEnabled(False)
        file_row.addWidget(self.file_edit, 1)
        file_row.addWidget(self.choose_button)
        file_row.addWidget(self.recheck_button)
        form.addRow(_("Archivo:"), file_row)
        fair_row = QHBoxLayout()
        self.fair = QComboBox()
        self.fair.setObjectName("import_fair")
        self.fair.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        fair_row.addWidget(self.fair)
        fair_row.addWidget(note(_("para las filas que no indican su feria")), 1)
        form.addRow(_("Feria:"), fair_row)
        self.replace = QCheckBox(_("Reemplazar las ventas ya registradas de esas jornadas"))
        self.replace.setObjectName("import_replace")
        self.replace.setToolTip(_("Sin esta opción, una jornada que ya tiene ventas no se "
                                  "importa, para no contarlas dos veces."))  # fmt: skip
        form.addRow("", self.replace)
        sex_row = QHBoxLayout()
        self.sex_m = QComboBox()
        self.sex_m.setObjectName("import_sex_m")
        self.sex_m.addItem("—", None)
        self.sex_m.addItem(_("Mujer"), "F")
        self.sex_m.addItem(_("Hombre"), "M")
        sex_row.addWidget(self.sex_m)
        sex_row.addWidget(note(_("en la columna Sexo, cuando el archivo no usa H ni F que lo "
                                 "aclaren")), 1)  # fmt: skip
        self.sex_m_row = QWidget()
        self.sex_m_row.setLayout(sex_row)
        sex_row.setContentsMargins(0, 0, 0, 0)
        form.addRow(_("M significa:"), self.sex_m_row)
        self.form = form
        layout.addLayout(form)

        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        layout.addWidget(line)

        result_row = QHBoxLayout()
        self.status = QLabel()
        self.status.setObjectName("import_status")
        self.status.setWordWrap(True)
        font = QFont(self.status.font())
        font.setBold(True)
        self.status.setFont(font)
        result_row.addWidget(self.status, 1)
        self.import_button = QPushButton(_("Importar"))
        self.import_button.setObjectName("import_button")
        self.import_button.setMinimumWidth(140)
        self.import_button.setMinimumHeight(36)
        self.import_button.setEnabled(False)
        result_row.addWidget(self.import_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(result_row)
        self.summary = QLabel()
        self.summary.setObjectName("import_summary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.summary)
        self.model = ProblemsModel((0, Qt.SortOrder.AscendingOrder), self)
        self.table = row_table("import_problems", model=self.model,
                               sort=(0, Qt.SortOrder.AscendingOrder))  # fmt: skip
        header = self.table.horizontalHeader()
        header.setMinimumSectionSize(72)  # room for the title and the sort arrow
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(0, 72)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.hide()
        layout.addWidget(self.table, 1)
        self.filler = QWidget()
        layout.addWidget(self.filler, 1)

        self.reload_fairs()
        self._kind_shown()
        self.kind_group.buttonToggled.connect(self._kind_toggled)
        self.fair.currentIndexChanged.connect(lambda _i: self._options_changed())
        self.replace.toggled.connect(lambda _on: self._options_changed())
        self.sex_m.currentIndexChanged.connect(lambda _i: self._options_changed())
        self.choose_button.clicked.connect(self.choose_file)
        self.recheck_button.clicked.connect(self.check)
        self.import_button.clicked.connect(self.import_file)
        for button in (self.choose_button, self.import_button):
            allow(button, ctx, Right.REGISTRY)
        self.template_button.clicked.connect(self.choose_template)

    # choices --------------------------------------------------------------------------
    def kind(self) -> str:
        return SALES_FILE if self.sales_kind.isChecked() else VENDOR_FILE

    def set_kind(self, kind: str) -> None:
        (self.sales_kind if kind == SALES_FILE else self.vendors_kind).setChecked(True)

    def _kind_toggled(self, _button: object, checked: bool) -> None:
        if checked:
            self._kind_shown()
            self._options_changed()

    def _kind_shown(self) -> None:
        sales = self.kind() == SALES_FILE
        self.replace.setVisible(sales)
        self._show_sex_m()
        self.template_button.setText(
            _("Descargar plantilla de ventas…")
            if sales
            else _("Descargar plantilla de expositores…")
        )
        self.template_saved.clear()
        self.intro.setText(
            _("Una fila por expositor, fecha, rubro y medio de pago, con el monto vendido.")
            if sales
            else _("Una fila por expositor, con los encabezados de la plantilla.")
        )
        self.intro.setText(
            self.intro.text()
            + " "
            + _("Primero se revisa todo el archivo sin guardar nada; después se importan "
                "todas las filas o ninguna.")
        )  # fmt: skip

    def reload_fairs(self) -> None:
        """The fairs to choose from, keeping the choice."""
        names = self.ctx.read(
            lambda s: [f.name for f in fairs.list_fairs(s, include_inactive=True)]
        )
        keep = self.fair.currentData()
        self.fair.blockSignals(True)
        self.fair.clear()
        self.fair.addItem(_("La que indique el archivo"), None)
        for name in names:
            self.fair.addItem(name, name)
        self.fair.setCurrentIndex(max(self.fair.findData(keep), 0))
        self.fair.blockSignals(False)

    def set_fair(self, name: str | None) -> None:
        self.fair.setCurrentIndex(max(self.fair.findData(name), 0))

    def _request(self) -> Request | None:
        if self.path is None:
            return None
        sales = self.kind() == SALES_FILE
        return Request(
            kind=self.kind(),
            path=self.path,
            fair=self.fair.currentData(),
            replace=sales and self.replace.isChecked(),
            today=self._today or dt.date.today(),
            sex_m=None if sales else self.sex_m.currentData(),
        )

    def _options_changed(self) -> None:
        """Another kind, fair or replace choice: the check shown no longer applies."""
        if self.path is not None:
            self.check()

    def _show_sex_m(self) -> None:
        """The question what M means, for a vendor file whose check asks it (and while it
        is answered)."""
        asked = self.report is not None and self.report.needs_sex_m
        answered = self.sex_m.currentData() is not None
        self.form.setRowVisible(self.sex_m_row, self.kind() == VENDOR_FILE and (asked or answered))

    # checking ---------------------------------------------------------------------------
    def choose_file(self) -> Task | None:
        folder = self.path.parent if self.path else start_folder(self.ctx.prefs, IMPORT)
        path, _filter = QFileDialog.getOpenFileName(
            self,
            _("Elegir el archivo a importar"),
            str(folder),
            _("Hojas de cálculo (*.xlsx *.csv);;Todos los archivos (*)"),
        )
        if not path:
            return None
        return self.check_file(self.kind(), path)

    def check_file(self, kind: str, path: str | Path) -> Task | None:
        """Checks ``path`` as a file of ``kind`` ("vendors" or "sales")."""
        self.kind_group.blockSignals(True)
        self.set_kind(kind)
        self.kind_group.blockSignals(False)
        self.sex_m.blockSignals(True)
        self.sex_m.setCurrentIndex(0)  # another file says for itself what its M means
        self.sex_m.blockSignals(False)
        self._kind_shown()
        self.path = Path(path).absolute()
        self.file_edit.setText(str(self.path))
        self.recheck_button.setEnabled(True)
        self.ctx.prefs.set_last_folder(IMPORT, self.path.parent)
        return self.check()

    def check(self) -> Task | None:
        request = self._request()
        if request is None:
            return None
        self._generation += 1
        generation = self._generation
        self.report, self.request = None, None
        self.import_button.setEnabled(False)
        self._show_status(_("Revisando {name}…", name=request.path.name))
        self.summary.clear()
        self._show_problems([])
        db = self.ctx.db

        def work(_progress) -> ImportReport:
            with db.Session() as s:
                return check(s, request)

        self.task = run_task(
            self,
            _("Revisando {name}…", name=request.path.name),
            work,
            lambda report: self._checked(generation, request, report),
            lambda exc: self._check_failed(generation, exc),
        )
        return self.task

    def _checked(self, generation: int, request: Request, report: ImportReport) -> None:
        if generation != self._generation:
            return
        self.report, self.request = report, request
        self._show_report(report)
        self._show_sex_m()
        ready = report.ok and (report.created > 0 or report.joined > 0)
        self.import_button.setEnabled(ready)
        if ready:
            self._show_status(_("Revisión sin errores: pulse «Importar» para guardarlo todo."))
        elif report.ok:
            self._show_status(_("El archivo no tiene filas para importar."), MUTED_STYLE)
        else:
            self._show_status(
                _("Corrija el archivo y pulse «Volver a revisar»."),
                ERROR_STYLE,
            )  # fmt: skip

    def _check_failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        message = explain(exc)
        if message is None:
            self._show_status("")
            show_error(self, exc)
        else:
            self._show_status(message, ERROR_STYLE)

    # importing --------------------------------------------------------------------------
    def import_file(self) -> Task | None:
        """Writes the checked file (one transaction: all of it or nothing)."""
        report, request = self.report, self.request
        if report is None or request is None or not report.ok:
            return None
        if report.fair_days_replaced and not confirm(
            self,
            _("Reemplazar ventas"),
            _("Se borrarán las ventas ya registradas de estas jornadas y se guardarán las del "
              "archivo en su lugar:\n{days}\n\n¿Continuar?",
              days="\n".join(report.fair_days_replaced)),
        ):  # fmt: skip
            return None
        self._generation += 1  # a check still running no longer counts
        self.import_button.setEnabled(False)
        self.report, self.request = None, None
        db, actor = self.ctx.db, self.ctx.actor
        self.task = run_task(
            self,
            _("Importando {name}…", name=request.path.name),
            lambda _progress: write(db, request, actor),
            lambda result: self._imported(request, result),
            self._import_failed,
        )
        return self.task

    def _imported(self, request: Request, report: ImportReport) -> None:
        self._show_report(report)
        if not report.written:
            self._show_status(
                _("No se importó nada: al importar, el archivo ya no pasó la revisión (los "
                  "datos cambiaron desde entonces). Corríjalo y vuelva a revisarlo."),
                ERROR_STYLE,
            )  # fmt: skip
            return
        self.written = report
        self._show_status(_("Importación terminada."))
        touched = [VENDORS] if request.kind == VENDOR_FILE else [SALES, FAIRS]
        if report.fairs_created and FAIRS not in touched:
            touched.append(FAIRS)
        for what in touched:
            self.ctx.changed.emit(what)

    def _import_failed(self, exc: BaseException) -> None:
        self._show_status(_("No se importó nada."), ERROR_STYLE)
        show_error(self, exc)

    # showing a report ---------------------------------------------------------------------
    def _show_status(self, text: str, style: str = "") -> None:
        self.status.setText(text)
        self.status.setStyleSheet(style)

    def _show_report(self, report: ImportReport) -> None:
        """The summary (what was or would be written) and a table row per problem."""
        lines = [line for line in report.lines() if not line.startswith("  ")]
        html = [escape(line) for line in lines]
        if not report.ok:  # the line that counts the errors
            last = len(lines) - 1
            html[last] = f'<span style="{ERROR_STYLE}">{html[last]}</span>'
        self.summary.setText("<br>".join(html))
        self._show_problems(problem_rows(report))

    def _show_problems(self, rows: list[ProblemRow]) -> None:
        self.model.set_rows(rows)
        self.table.setVisible(bool(rows))
        self.filler.setVisible(not rows)
        self.table.setWordWrap(len(rows) <= WRAP_ROWS)
        if 0 < len(rows) <= WRAP_ROWS:
            self.table.resizeRowsToContents()

    def problems(self) -> list[tuple[str, str, str]]:
        """The table as shown: (Fila, Columna, Problema) per row."""
        cols = range(self.model.columnCount())
        return [
            tuple(self.model.index(r, c).data() for c in cols)  # type: ignore[misc]
            for r in range(self.model.rowCount())
        ]

    # templates ----------------------------------------------------------------------------
    def choose_template(self) -> Task | None:
        kind = self.kind()
        name = (
            _("plantilla_expositores.xlsx") if kind == VENDOR_FILE else _("plantilla_ventas.xlsx")
        )
        folder = start_folder(self.ctx.prefs, IMPORT)
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Descargar plantilla"), str(folder / name), _("Libro de Excel (*.xlsx)")
        )
        if not path:
            return None
        return self.save_template(kind, with_suffix(path, ".xlsx"))

    def save_template(self, kind: str, path: str | Path) -> Task | None:
        """Writes the template for ``kind`` to ``path`` in the window's language."""
        path = Path(path).absolute()
        self.template_saved.clear()
        if path.is_dir() or not path.parent.is_dir():
            error = IsADirectoryError() if path.is_dir() else FileNotFoundError()
            show_error(self, write_problem(error, path, while_writing=False))  # type: ignore[arg-type]
            return None
        self.ctx.prefs.set_last_folder(IMPORT, path.parent)
        lang, db = i18n.get_language(), self.ctx.db

        def work(_progress) -> Path:
            with db.Session() as s:
                return write_template(s, kind, path, lang=lang)

        self.task = run_task(
            self,
            _("Guardando la plantilla…"),
            work,
            lambda _result: self.template_saved.show_saved(
                _("Plantilla guardada en {path}", path=path), path
            ),
            lambda exc: show_error(self, write_problem(exc, path) or exc),
        )
        return self.task
