"""«Constancia de ventas…» from the vendor form: choose the period, then where to save the
PDF; it is written off the window's thread and recorded in the audit trail
(``reports.statement``).  The services decide who may; this only asks and shows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from agroferia.core import periods
from agroferia.i18n import _, get_language
from agroferia.ui.context import AppContext
from agroferia.ui.errors import show_error
from agroferia.ui.period import PeriodPicker
from agroferia.ui.reports.common import EXPORT, SavedLine, start_folder, with_suffix, write_problem
from agroferia.ui.tasks import run_task

PDF_FILTER = "PDF (*.pdf)"


class StatementDialog(QDialog):
    """The period of the statement of one vendor, and the button that saves it."""

    def __init__(
        self, ctx: AppContext, vendor_id: int, code: str, today: dt.date, parent: QWidget
    ) -> None:
        super().__init__(parent)
        self.setObjectName("statement_dialog")
        self.setWindowTitle(_("Constancia de ventas de {code}", code=code))
        self.ctx, self.vendor_id, self.code = ctx, vendor_id, code
        self.last_path: Path | None = None
        intro = QLabel(
            _("La constancia de participación y ventas lista las jornadas en que estuvo "
              "presente, sus ventas por mes y rubro y sus cuotas del periodo, con un código "
              "de verificación. Nada de otros expositores. Queda registrada en el historial.")
        )  # fmt: skip
        intro.setWordWrap(True)
        self.period = PeriodPicker(ctx, today, self)
        self.period.set_kind(periods.YEAR)
        for label in self.period.findChildren(QLabel):  # every fair: the statement's choice
            if label.buddy() is self.period.fair:
                label.hide()
        self.period.fair.hide()
        self.problem = QLabel()
        self.problem.setObjectName("statement_problem")
        self.problem.setStyleSheet("color: #b00020;")
        self.saved = SavedLine("statement_saved", self)
        self.save_button = QPushButton(_("Guardar PDF…"))
        self.save_button.setObjectName("save_statement")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.choose_file)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (intro, self.period, self.problem, self.saved, buttons):
            layout.addWidget(widget)
        self.period.changed.connect(self._checked)
        self._checked()

    def _checked(self) -> None:
        self.problem.setText(self.period.problem())
        self.problem.setVisible(bool(self.problem.text()))
        self.save_button.setEnabled(self.period.value() is not None)

    def choose_file(self) -> None:
        chosen = self.period.value()
        if chosen is None:
            return
        name = f"constancia_{self.code}_{chosen.start:%Y%m%d}_{chosen.end:%Y%m%d}.pdf"
        start = str(start_folder(self.ctx.prefs, EXPORT) / name)
        path, _chosen = QFileDialog.getSaveFileName(
            self, _("Guardar la constancia de {code}", code=self.code), start, PDF_FILTER
        )
        if path:
            self.write_to(with_suffix(path, ".pdf"))

    def write_to(self, path: Path):
        """Writes the statement of the chosen period off the GUI thread."""
        from agroferia.reports.statement import export_statement

        chosen = self.period.value()
        if chosen is None:
            return None
        ctx, vendor_id, lang = self.ctx, self.vendor_id, get_language()
        path = Path(path).absolute()
        if path.is_dir() or not path.parent.is_dir():
            error = FileNotFoundError() if not path.parent.is_dir() else IsADirectoryError()
            show_error(self, write_problem(error, path, while_writing=False))  # type: ignore[arg-type]
            return None
        ctx.prefs.set_last_folder(EXPORT, path.parent)
        self.saved.clear()

        def done(st) -> None:
            self.last_path = path
            self.saved.show_saved(
                _("Constancia guardada en {path} · código de verificación {code}",
                  path=path, code=st.verification), path,
            )  # fmt: skip

        def failed(exc: BaseException) -> None:
            show_error(self, write_problem(exc, path) or exc)

        return run_task(
            self, _("Escribiendo la constancia…"),
            lambda _progress: export_statement(ctx.db.Session, ctx.actor, vendor_id,
                                               chosen.start, chosen.end, path, lang=lang),
            done, failed,
        )  # fmt: skip
