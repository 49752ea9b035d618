"""Expositores and the vendor form on personal data: consent recorded in the form and seen in
the registry, a person's data given to them, and a withdrawn vendor anonymized (asked
twice), driven like a person would."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialogButtonBox, QMessageBox

from agroferia.core import audit, roster, vendors
from agroferia.core.models import Vendor
from agroferia.ui.vendors.form import VendorDialog
from agroferia.ui.vendors.page import VendorsPage
from agroferia.ui.vendors.table_model import CONSENT_COLUMN, NO_CONSENT_BRUSH


def open_form(qtbot, ctx, vendor_id=None) -> VendorDialog:
    dialog = VendorDialog(ctx, vendor_id)
    qtbot.addWidget(dialog, before_close_func=lambda d: setattr(d, "initial", d.values()))
    dialog.show()
    return dialog


def answer_in_turn(answers: list) -> list[str]:
    """Answers the next modal dialogs one after the other, each by its standard button or
    the object name of a button (or ``(do, answer)``: ``do()`` first); returns their texts
    as they were answered."""
    seen: list[str] = []
    timer = QTimer()

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        # a property, not id(): a new dialog's wrapper may take a closed one's address
        if (
            not isinstance(dialog, QMessageBox)
            or dialog.property("answered")
            or not dialog.isVisible()
        ):  # a progress dialog waits for its work
            return
        answer = answers[len(seen)]
        if isinstance(answer, tuple):
            do, answer = answer
            do()
        if isinstance(answer, str):
            button = next(b for b in dialog.findChildren(QAbstractButton)
                          if b.objectName() == answer)  # fmt: skip
        else:
            button = dialog.button(answer)
        dialog.setProperty("answered", True)
        seen.append(dialog.text() + "\n" + dialog.informativeText())
        if len(seen) == len(answers):
            timer.stop()
        button.click()

    timer.timeout.connect(look)
    timer.start(20)
    _TIMERS.append(timer)  # alive until the answers are given
    return seen


_TIMERS: list[QTimer] = []


def without_consent(ctx) -> list[roster.RosterRow]:
    return [r for r in ctx.read(roster.roster) if r.without_consent]


# --------------------------------------------------------------------------- consent


def test_consent_given_in_the_form_leaves_the_registry_filter(qtbot, demo_ctx) -> None:
    page = VendorsPage(demo_ctx)
    qtbot.addWidget(page)
    page.show()
    page.consent.setCurrentIndex(page.consent.findData(roster.CONSENT_MISSING))
    missing = without_consent(demo_ctx)
    shown = [page.model.vendor_at(i) for i in range(page.model.rowCount())]
    assert missing and {r.id for r in shown} == {r.id for r in missing}
    index = page.model.index(0, CONSENT_COLUMN)
    assert page.model.data(index) == "⚠ Sin registrar"
    assert page.model.data(index, Qt.ItemDataRole.BackgroundRole) == NO_CONSENT_BRUSH
    assert "sin su consentimiento" in page.model.data(index, Qt.ItemDataRole.ToolTipRole)
    name = page.model.index(0, 1)  # the mark shows beside the name, not only far right
    assert page.model.data(name, Qt.ItemDataRole.DecorationRole) is not None
    page.consent.setCurrentIndex(page.consent.findData(roster.CONSENT_GIVEN))
    given = page.model.index(0, 1)
    assert page.model.data(given, Qt.ItemDataRole.DecorationRole) is None
    assert page.model.data(page.model.index(0, CONSENT_COLUMN)) == "Sí"
    page.consent.setCurrentIndex(page.consent.findData(roster.CONSENT_MISSING))

    target = shown[0]
    form = open_form(qtbot, demo_ctx, target.id)
    assert form.consent.currentData() == "not_recorded"
    assert not form.consent_how.isEnabled() and not form.consent_on.isEnabled()
    form.consent.setCurrentIndex(form.consent.findData("given"))
    assert form.consent_on.text() == form.today.strftime("%d/%m/%Y")  # dated today, editable
    qtbot.keyClick(form.given_names, Qt.Key.Key_Return)
    assert form.isVisible()  # how it was given is still missing
    assert form.messages.text("consent_how") == (
        "indique cómo se registró: formulario firmado o verbal"
    )
    form.consent_how.setCurrentIndex(form.consent_how.findData("signed"))
    form.consent_on.setText("02/11/2026")
    qtbot.keyClick(form.given_names, Qt.Key.Key_Return)
    assert not form.isVisible()
    saved = demo_ctx.read(lambda s: vendors.get(s, target.id))
    assert (saved.consent, saved.consent_how, saved.consent_on) == (
        "given", "signed", dt.date(2026, 11, 2)
    )  # fmt: skip
    assert target.id not in [page.model.vendor_at(i).id for i in range(page.model.rowCount())]
    page.consent.setCurrentIndex(page.consent.findData(roster.CONSENT_GIVEN))
    assert target.id in [page.model.vendor_at(i).id for i in range(page.model.rowCount())]
    again = open_form(qtbot, demo_ctx, target.id)
    assert again.consent.currentData() == "given" and again.consent_how.currentData() == "signed"
    assert again.consent_on.text() == "02/11/2026" and not again.has_changes()


def test_an_imported_answer_is_shown_and_kept(qtbot, demo_ctx) -> None:
    with demo_ctx.write() as s:
        vendors.update(s, "ana", 3, {"consent": "given", "consent_how": "imported",
                                     "consent_on": None})  # fmt: skip
    form = open_form(qtbot, demo_ctx, 3)
    assert form.consent_how.currentText() == "Importado de un archivo"
    assert form.consent_on.text() == "" and not form.has_changes()


# ------------------------------------------------------------------ giving their data


def test_the_form_gives_the_person_their_data(qtbot, demo_ctx, tmp_path) -> None:
    person = demo_ctx.read(lambda s: s.get(Vendor, 10))
    form = open_form(qtbot, demo_ctx, person.id)
    assert form.privacy.export_button.isEnabled()
    form.privacy.export_to(tmp_path / "datos.pdf")
    qtbot.waitUntil(lambda: form.privacy.last_export is not None, timeout=20000)
    text = "\n".join(p.extract_text() for p in PdfReader(tmp_path / "datos.pdf").pages)
    assert person.doc_number in text and "CONFIDENCIAL" in text
    assert form.privacy.note.text() == f"Datos guardados en {tmp_path / 'datos.pdf'}"
    entry = demo_ctx.read(lambda s: audit.history(s, "vendor", person.id)[-1])
    assert (entry.actor, entry.action, json.loads(entry.after)) == (
        "prueba", "export", {"format": "pdf"}
    )  # fmt: skip
    assert not open_form(qtbot, demo_ctx).privacy.export_button.isEnabled()  # a new vendor


# ------------------------------------------------------------------ removing the person


def test_an_active_vendor_cannot_be_anonymized(qtbot, demo_ctx) -> None:
    form = open_form(qtbot, demo_ctx, 11)
    assert not form.privacy.anonymize_button.isEnabled()
    assert "retírela primero" in form.privacy.note.text()


@pytest.fixture
def withdrawn(demo_ctx):
    with demo_ctx.write() as s:
        vendors.set_status(s, "ana", 14, "withdrawn", "se mudó")
        return s.get(Vendor, 14).full_name


def test_anonymizing_asks_twice_and_either_no_changes_nothing(qtbot, demo_ctx, withdrawn) -> None:
    form = open_form(qtbot, demo_ctx, 14)
    assert form.privacy.anonymize_button.isEnabled()
    seen = answer_in_turn([QMessageBox.StandardButton.No])
    assert form.privacy.anonymize() is False
    assert f"¿Anonimizar a {withdrawn} (EXP-0014) a su pedido?" in seen[0]
    assert "ninguna cifra publicada cambie" in seen[0]
    seen = answer_in_turn([QMessageBox.StandardButton.Yes,
                                  QMessageBox.StandardButton.Cancel])  # fmt: skip
    assert form.privacy.anonymize() is False
    assert "no se puede deshacer" in seen[1]
    assert demo_ctx.read(lambda s: s.get(Vendor, 14).anonymized_at) is None
    assert form.isVisible()


def test_anonymizing_from_the_form(qtbot, demo_ctx, withdrawn) -> None:
    page = VendorsPage(demo_ctx)
    qtbot.addWidget(page)
    form = open_form(qtbot, demo_ctx, 14)
    document = form.doc_number.text()
    seen = answer_in_turn([QMessageBox.StandardButton.Yes, "confirm_anonymize",
                                  QMessageBox.StandardButton.Ok])  # fmt: skip
    assert form.privacy.anonymize() is True
    assert seen[2].startswith("EXP-0014 quedó anonimizado. Fecha de nacimiento conservada: ")
    assert not form.isVisible() and form.saved_id == 14
    record = demo_ctx.read(lambda s: s.get(Vendor, 14))
    assert record.full_name == "Persona anonimizada EXP-0014" and record.doc_number != document
    row = page.model.vendor_at(page.model.row_of(14))
    assert page.model.data(page.model.index(page.model.row_of(14), 1)) == record.full_name
    assert page.model.data(page.model.index(page.model.row_of(14), CONSENT_COLUMN)) == (
        "Anonimizado"
    )
    assert row.age is None and not row.without_consent
    page.select_vendor(14)
    assert not page.reactivate_button.isEnabled()  # the record no longer changes

    shown = open_form(qtbot, demo_ctx, 14)  # shown, read only
    banner = shown.findChild(type(shown.summary), "anonymized_banner")
    assert banner is not None and "Datos anonimizados el" in banner.text()
    assert not shown.given_names.isEnabled() and not shown.consent.isEnabled()
    assert not shown.buttons.button(QDialogButtonBox.StandardButton.Save).isEnabled()
    assert not shown.privacy.anonymize_button.isEnabled()
    assert shown.privacy.export_button.isEnabled()


@pytest.mark.sqlite_only  # the old pages another program keeps in an SQLite file
@pytest.mark.parametrize("retry", [True, False])
def test_anonymizing_while_another_program_reads_the_file(qtbot, demo_ctx, withdrawn,
                                                          retry) -> None:  # fmt: skip
    """Another program reading the database keeps the old pages in the file: the form says
    so, and tries again once it is closed; or says how to finish later."""
    form = open_form(qtbot, demo_ctx, 14)
    document = form.doc_number.text()
    path = Path(demo_ctx.db.location)
    reader = sqlite3.connect(path, isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM vendor").fetchone()

    def close_reader() -> None:
        reader.close()  # ends its reading; closing twice is harmless

    then = (close_reader, QMessageBox.StandardButton.Retry if retry
            else QMessageBox.StandardButton.Close)  # fmt: skip
    seen = answer_in_turn([QMessageBox.StandardButton.Yes, "confirm_anonymize", then,
                           QMessageBox.StandardButton.Ok])  # fmt: skip
    try:
        assert form.privacy.anonymize() is True
    finally:
        close_reader()
    assert seen[2] == (
        "El archivo de la base de datos aún guarda copias antiguas de lo que se borró: otro "
        "programa lo tiene abierto (otra ventana de Agroferia, una copia de seguridad…).\n"
        "La anonimización ya está hecha. Cierre ese programa y pulse Reintentar para terminar "
        "de borrarlos."
    )
    assert seen[3].startswith("EXP-0014 quedó anonimizado.")
    later = f"agroferia --db {path} person compact"
    data = b"".join(p.read_bytes() for p in (path, Path(f"{path}-wal")) if p.exists())
    if retry:
        assert later not in seen[3] and document.encode() not in data
    else:
        assert ("aún guarda copias antiguas de sus datos, mientras otro programa lo tenga "
                f"abierto. Cuando lo cierre, termine de borrarlas con esta orden en una "
                f"terminal (repetirla no hace daño):\n{later}") in seen[3]  # fmt: skip
    assert demo_ctx.read(lambda s: s.get(Vendor, 14).anonymized_at) is not None
