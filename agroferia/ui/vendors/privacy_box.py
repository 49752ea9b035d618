"""The vendor form's part on personal data (Ley 29733): the person's consent, giving them
their data (PDF or JSON), and removing them on request (anonymizing a withdrawn vendor,
asked twice).  The services decide; this only asks and shows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QWidget,
)

from agroferia.core import labels, privacy, vendors
from agroferia.core.accounts import Right
from agroferia.i18n import _, get_language
from agroferia.ui.context import VENDORS
from agroferia.ui.errors import show_error
from agroferia.ui.permissions import allow
from agroferia.ui.reports.common import EXPORT, start_folder, write_problem
from agroferia.ui.tasks import run_blocking, run_task
from agroferia.ui.vendors import form_fields as ff
from agroferia.ui.widgets import date_text

if TYPE_CHECKING:
    from agroferia.ui.vendors.form import VendorDialog
    from agroferia.ui.vendors.statement_dialog import StatementDialog

PDF_FILTER, JSON_FILTER = "PDF (*.pdf)", "JSON (*.json)"
ANONYMIZED_STYLE = "background: #eef1f3; padding: 6px; border-radius: 4px;"


class PrivacyBox(QGroupBox):
    """Consent (answer, how, when) and the two rights; its fields are the form's fields."""

    def __init__(self, form: VendorDialog) -> None:
        super().__init__(_("Consentimiento y derechos (Ley 29733)"))
        self.form = form
        self.consent = QComboBox()
        self.consent.setObjectName("consent")
        for code in (privacy.NOT_RECORDED, privacy.GIVEN, privacy.REFUSED):
            self.consent.addItem(labels.CONSENT[code].render(), code)
        self.consent_how = QComboBox()
        self.consent_how.setObjectName("consent_how")
        self.consent_how.addItem(_("(elija cómo)"), None)
        for code in (privacy.SIGNED, privacy.VERBAL):
            self.consent_how.addItem(labels.CONSENT_HOW[code].render(), code)
        self.consent_on = ff.date_edit()
        self.export_button = QPushButton(_("Entregarle sus datos…"))
        self.export_button.setObjectName("export_person")
        self.export_button.setToolTip(
            _("Todo lo que la aplicación guarda sobre esta persona, en PDF o JSON")
        )
        self.export_button.clicked.connect(self.choose_export)
        self.statement_button = QPushButton(_("Constancia de ventas…"))
        self.statement_button.setObjectName("statement")
        self.statement_button.setToolTip(
            _("Constancia de participación y ventas de un periodo, con código de verificación")
        )
        self.statement_button.clicked.connect(self.open_statement)
        self.statement_dialog: StatementDialog | None = None
        self.anonymize_button = QPushButton(_("Anonimizar…"))
        self.anonymize_button.setObjectName("anonymize")
        self.anonymize_button.clicked.connect(self.anonymize)
        for button in (self.export_button, self.statement_button, self.anonymize_button):
            button.setAutoDefault(False)  # Enter in a field still saves the form
            allow(button, form.ctx, Right.PERSONAL_DATA)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setObjectName("privacy_note")

        layout = QFormLayout(self)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        messages = form.messages
        for field, widget in (
            ("consent", self.consent),
            ("consent_how", self.consent_how),
            ("consent_on", self.consent_on),
        ):
            messages.add_row(layout, vendors.LABELS[field].render(), field, widget)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.statement_button)
        buttons.addWidget(self.anonymize_button)
        buttons.addStretch(1)
        holder = QWidget()
        holder.setLayout(buttons)
        layout.addRow(holder)
        layout.addRow(self.note)
        self.consent.currentIndexChanged.connect(self._answered)
        self.last_export: Path | None = None

    # values ----------------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        answered = self.consent.currentData() != privacy.NOT_RECORDED
        return {
            "consent": self.consent.currentData(),
            "consent_how": self.consent_how.currentData() if answered else None,
            "consent_on": self.consent_on.text() if answered else "",
        }

    def set_values(self, data: dict[str, Any]) -> None:
        ff.select(self.consent, data.get("consent") or privacy.NOT_RECORDED)
        how = data.get("consent_how")
        if how is not None and self.consent_how.findData(how) < 0:  # read from a file
            self.consent_how.addItem(labels.CONSENT_HOW[how].render(), how)
        ff.select(self.consent_how, how)
        self.consent_on.setText(date_text(data.get("consent_on")))
        self._enable()
        self._rights(data)

    def _answered(self) -> None:
        """An answer recorded now is dated today unless the person writes another date."""
        if self.consent.currentData() != privacy.NOT_RECORDED and not self.consent_on.text():
            self.consent_on.setText(date_text(self.form.today))
        self._enable()

    def _enable(self) -> None:
        answered = self.consent.currentData() != privacy.NOT_RECORDED
        self.consent_how.setEnabled(answered and not self.form.anonymized)
        self.consent_on.setEnabled(answered and not self.form.anonymized)

    def _rights(self, data: dict[str, Any]) -> None:
        saved = self.form.vendor_id is not None
        withdrawn = data.get("status") == "withdrawn"
        self.export_button.setEnabled(saved)
        self.statement_button.setEnabled(saved and not self.form.anonymized)
        self.anonymize_button.setEnabled(saved and withdrawn and not self.form.anonymized)
        if self.form.anonymized:
            self.note.setText("")
        elif saved and not withdrawn:
            self.note.setText(
                _("Para anonimizar a una persona que lo pide, retírela primero (Retirar… en la "
                  "lista).")
            )  # fmt: skip
        else:
            self.note.setText("")
        self.note.setVisible(bool(self.note.text()))

    # giving the person their data --------------------------------------------------------
    def choose_export(self) -> None:
        code = self.form.choices.code
        start = str(start_folder(self.form.ctx.prefs, EXPORT) / f"datos_{code}.pdf")
        path, chosen = QFileDialog.getSaveFileName(
            self, _("Guardar los datos de {code}", code=code), start,
            f"{PDF_FILTER};;{JSON_FILTER}",
        )  # fmt: skip
        if path:
            suffix = ".json" if chosen == JSON_FILTER else ".pdf"
            target = Path(path)
            if target.suffix.lower() not in (".pdf", ".json"):
                target = target.with_name(target.name + suffix)
            self.export_to(target)

    def export_to(self, path: Path):
        """Writes the person's data off the GUI thread; the export is audited."""
        from agroferia.reports.person import export_person

        ctx, vendor_id, lang = self.form.ctx, self.form.vendor_id, get_language()
        path = Path(path).absolute()
        if path.is_dir() or not path.parent.is_dir():
            error = FileNotFoundError() if not path.parent.is_dir() else IsADirectoryError()
            show_error(self, write_problem(error, path, while_writing=False))  # type: ignore[arg-type]
            return None
        ctx.prefs.set_last_folder(EXPORT, path.parent)

        def done(result: Path) -> None:
            self.last_export = result
            self.note.setText(_("Datos guardados en {path}", path=result))
            self.note.show()

        def failed(exc: BaseException) -> None:
            show_error(self, write_problem(exc, path) or exc)

        return run_task(
            self, _("Escribiendo los datos de la persona…"),
            lambda _progress: export_person(ctx.db.Session, ctx.actor, vendor_id, path, lang=lang),
            done, failed,
        )  # fmt: skip

    # a statement of their participation and sales ---------------------------------------
    def open_statement(self) -> StatementDialog:
        """The period and the file of the statement, in a window of its own."""
        from agroferia.ui.vendors.statement_dialog import StatementDialog

        form = self.form
        self.statement_dialog = StatementDialog(
            form.ctx, form.vendor_id, form.choices.code, form.today, self
        )
        self.statement_dialog.open()
        return self.statement_dialog

    # removing the person on request ----------------------------------------------------
    def anonymize(self) -> bool:
        """Asks twice, then anonymizes; True when done (the form then closes)."""
        form = self.form
        name, code = f"{form.given_names.text()} {form.surnames.text()}", form.choices.code
        first = QMessageBox(QMessageBox.Icon.Warning, _("Anonimizar a {code}", code=code),
                            _("¿Anonimizar a {name} ({code}) a su pedido?", name=name, code=code),
                            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)  # fmt: skip
        first.setInformativeText(
            _("Se borran para siempre su nombre, documento, teléfono, correo, provincia y "
              "distrito, asociación, puesto, notas y su fecha de nacimiento exacta, y el "
              "historial deja de decir quién era. Quedan su código, sexo, región, rubro "
              "principal, ventas y cuotas, para que ninguna cifra publicada cambie. Si la "
              "persona los quiere, entrégele antes sus datos.")
        )  # fmt: skip
        first.setDefaultButton(QMessageBox.StandardButton.No)
        if first.exec() != QMessageBox.StandardButton.Yes:
            return False
        second = QMessageBox(QMessageBox.Icon.Warning, _("Anonimizar a {code}", code=code),
                             _("Esto no se puede deshacer. ¿Anonimizar a {code} ahora?", code=code),
                             QMessageBox.StandardButton.Cancel, self)  # fmt: skip
        confirm = second.addButton(_("Anonimizar"), QMessageBox.ButtonRole.DestructiveRole)
        confirm.setObjectName("confirm_anonymize")
        second.setDefaultButton(QMessageBox.StandardButton.Cancel)
        second.exec()
        if second.clickedButton() is not confirm:
            return False
        try:
            with form.ctx.write(VENDORS) as session:
                done = privacy.anonymize(session, form.ctx.actor, form.vendor_id)
        except Exception as exc:  # refused (no longer withdrawn, say): shown, nothing written
            show_error(self, exc)
            return False
        engine, location = form.ctx.db.engine, form.ctx.db.location
        text = _("{code} quedó anonimizado. Fecha de nacimiento conservada: {kept}.",
                 code=done.code, kept=_kept(done.birth_date.precision))  # fmt: skip
        cleaned = self.compact(engine)
        if not cleaned:
            text += "\n\n" + _(
                "El archivo de la base de datos aún guarda copias antiguas de sus datos, "
                "mientras otro programa lo tenga abierto. Cuando lo cierre, termine de borrarlas "
                "con esta orden en una terminal (repetirla no hace daño):\n{command}",
                command=privacy.finish_command(location),
            )  # fmt: skip
        copies = privacy.older_copies(location)
        if copies:
            text += "\n\n" + _(
                "Las copias anteriores de la base de datos aún tienen sus datos; bórrelas si "
                "ya no las necesita:\n{paths}", paths="\n".join(str(p) for p in copies),
            )  # fmt: skip
        tell = QMessageBox.information if cleaned else QMessageBox.warning
        tell(self, _("Anonimizado"), text)
        form.finish_anonymized()
        return True

    def compact(self, engine: Any) -> bool:
        """Rewrites the file without old copies of what was removed (off the GUI thread);
        while another program keeps them in it, offers to try again.  False when given up."""
        while True:
            try:
                run_blocking(self, _("Borrando los restos de sus datos del archivo…"),
                             lambda _progress: privacy.compact(engine))  # fmt: skip
                return True
            except privacy.StillOpenError as exc:
                box = QMessageBox(QMessageBox.Icon.Warning, _("Quedan restos en el archivo"),
                                  str(exc), QMessageBox.StandardButton.Retry
                                  | QMessageBox.StandardButton.Close, self)  # fmt: skip
                box.setInformativeText(_("La anonimización ya está hecha. Cierre ese programa y "
                                         "pulse Reintentar para terminar de borrarlos."))  # fmt: skip
                box.setDefaultButton(QMessageBox.StandardButton.Retry)
                if box.exec() != QMessageBox.StandardButton.Retry:
                    return False
            except Exception as exc:  # the anonymization stands; the rewriting failed
                show_error(self, exc)
                return False


def _kept(precision: str) -> str:
    from agroferia.reports.person_text import PRECISION

    return PRECISION[precision].render()


def anonymized_banner(at: dt.datetime) -> QLabel:
    """What the form of an anonymized vendor says at its top."""
    from agroferia.reports.common import local_time

    banner = QLabel(
        _("Datos anonimizados el {date} a pedido de la persona: solo quedan su código, sexo, "
          "región y rubro principal, y lo que las estadísticas de sus jornadas necesitan. El "
          "registro ya no se modifica.", date=local_time(at).strftime("%d/%m/%Y"))
    )  # fmt: skip
    banner.setObjectName("anonymized_banner")
    banner.setWordWrap(True)
    banner.setStyleSheet(ANONYMIZED_STYLE)
    return banner
