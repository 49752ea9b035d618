"""Configuración: loaded from the demo database, edited and saved like a person would."""

from __future__ import annotations

import json
import threading

import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from agroferia import __version__, logs
from agroferia.core import fairs, settings, summaries
from agroferia.core.models import AuditLog
from agroferia.ui.settings.page import SettingsPage
from tests.ui.conftest import answer_dialog

ORGANIZATION = "Asociación de Productores de la Agroferia Campesina de Magdalena"


@pytest.fixture
def page(qtbot, demo_ctx) -> SettingsPage:
    widget = SettingsPage(demo_ctx)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def setting_audits(ctx) -> list[AuditLog]:
    return ctx.read(lambda s: list(s.scalars(select(AuditLog).where(AuditLog.entity == "setting"))))


def stored(ctx) -> dict:
    return ctx.read(settings.current)


def test_shows_the_values_of_the_demo_database(page, demo_ctx):
    form = page.form
    assert form.organization_name.text() == ORGANIZATION
    assert form.municipality_name.text() == "Municipalidad Distrital de Magdalena del Mar"
    assert form.logo.path() is None
    fair = demo_ctx.read(fairs.default_fair)
    assert form.default_fair.currentText() == fair.name
    assert (form.youth_min.value(), form.youth_max.value()) == (15, 29)
    assert page.language.current() == "es"
    assert page.computer.database.text() == demo_ctx.db.location
    assert page.computer.log.text() == str(logs.log_file())
    assert page.computer.version.text() == __version__
    assert not page.has_unsaved_changes()
    assert not page.save_button.isEnabled() and not page.discard_button.isEnabled()


def test_change_organization_and_youth_range_then_save(qtbot, page, demo_ctx, tmp_path):
    before = len(setting_audits(demo_ctx))
    page.form.organization_name.clear()
    qtbot.keyClicks(page.form.organization_name, "Asociacion Frutos del Valle")
    page.form.youth_min.setValue(18)
    page.form.youth_max.setValue(30)
    logo = tmp_path / "logo.png"
    Image.new("RGB", (60, 30), (20, 110, 50)).save(logo)
    assert page.form.logo.use_file(str(logo))
    assert page.has_unsaved_changes() and page.save_button.isEnabled()
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    values = stored(demo_ctx)
    assert values["organization_name"] == "Asociacion Frutos del Valle"
    assert (values["youth_min_age"], values["youth_max_age"]) == (18, 30)
    assert values["logo_path"] == str(logo)
    audits = setting_audits(demo_ctx)
    assert len(audits) == before + 1
    entry = audits[-1]
    assert entry.actor == "prueba"
    assert json.loads(entry.before)["organization_name"] == ORGANIZATION
    assert json.loads(entry.after)["youth_min_age"] == "18"
    assert not page.has_unsaved_changes() and not page.save_button.isEnabled()
    assert page.status.text() == "Cambios guardados."
    assert not page.form.logo.preview.pixmap().isNull()


def test_a_new_youth_range_is_saved_off_the_window_s_thread(qtbot, page, demo_ctx, monkeypatch):
    """The statistics' summaries are recomputed with it: the window keeps painting."""
    threads = []
    update = settings.update

    def watched(*args, **kwargs):
        threads.append(threading.current_thread())
        return update(*args, **kwargs)

    monkeypatch.setattr(settings, "update", watched)
    page.form.youth_max.setValue(35)
    assert page.save() is True
    assert threads and threads[0] is not threading.main_thread()
    assert stored(demo_ctx)["youth_max_age"] == 35
    with demo_ctx.db.Session() as s:
        assert summaries.differences(s) == (set(), set())


def test_youth_range_backwards_shows_a_message_and_writes_nothing(qtbot, page, demo_ctx):
    before = len(setting_audits(demo_ctx))
    page.form.youth_min.setValue(40)
    message = page.form.messages.text("youth_range")
    assert "mínima (40) es mayor que la máxima (29)" in message
    assert page.save() is False
    assert page.form.messages.text("youth_range") == message
    assert "No se guardó" in page.status.text()
    assert stored(demo_ctx)["youth_min_age"] == 15
    assert len(setting_audits(demo_ctx)) == before
    page.form.youth_default.click()
    assert page.form.messages.text("youth_range") == ""
    assert not page.has_unsaved_changes()


def test_a_name_too_long_is_refused_next_to_the_field(qtbot, page):
    page.form.municipality_name.clear()
    qtbot.keyClicks(page.form.municipality_name, "M" * 161)
    assert "160" in page.form.messages.text("municipality_name")
    assert page.form.messages.text("organization_name") == ""  # untouched: no red


def test_a_file_that_is_not_an_image_is_refused_with_a_message(page, tmp_path):
    fake = tmp_path / "logo.png"
    fake.write_text("esto no es una imagen", encoding="utf-8")
    assert page.form.logo.use_file(str(fake)) is False
    assert "no es una imagen PNG o JPG" in page.form.messages.text("logo_path")
    assert page.form.logo.path() is None
    assert not page.has_unsaved_changes()
    good = tmp_path / "bueno.jpg"
    Image.new("RGB", (10, 10)).save(good, "JPEG")
    assert page.form.logo.use_file(str(good))
    assert page.form.messages.text("logo_path") == ""
    page.form.logo.remove_button.click()
    assert page.form.logo.path() is None and not page.has_unsaved_changes()


def test_unsaved_changes_toggle_and_discard(qtbot, page):
    assert not page.has_unsaved_changes()
    qtbot.keyClicks(page.form.organization_name, "!")
    assert page.has_unsaved_changes() and page.discard_button.isEnabled()
    qtbot.keyClick(page.form.organization_name, Qt.Key.Key_Backspace)
    assert not page.has_unsaved_changes() and not page.save_button.isEnabled()
    qtbot.keyClicks(page.form.organization_name, "!")
    page.discard_button.click()
    assert page.form.organization_name.text() == ORGANIZATION
    assert not page.has_unsaved_changes()


def test_choose_another_active_fair(qtbot, page, demo_ctx):
    with demo_ctx.write("fairs") as s:
        other = fairs.create_fair(s, "prueba", name="Feria de Lurín").id
    index = page.form.default_fair.findData(other)
    assert index >= 0  # the new fair is offered without reopening the page
    page.form.default_fair.setCurrentIndex(index)
    page.form.default_fair.activated.emit(index)
    assert page.save()
    assert demo_ctx.read(fairs.default_fair).id == other


def test_choosing_english_asks_the_window_to_switch(qtbot, page, demo_ctx):
    combo = page.language.combo
    with qtbot.waitSignal(demo_ctx.language_requested, timeout=1000) as signal:
        combo.setCurrentIndex(combo.findData("en"))
        combo.activated.emit(combo.currentIndex())
    assert signal.args == ["en"]


def test_switching_language_with_unsaved_changes_asks_first(qtbot, page, demo_ctx):
    qtbot.keyClicks(page.form.organization_name, " 2")
    combo = page.language.combo
    answer_dialog(qtbot, QMessageBox.StandardButton.Cancel)
    with qtbot.assertNotEmitted(demo_ctx.language_requested):
        combo.setCurrentIndex(combo.findData("en"))
        combo.activated.emit(combo.currentIndex())
    assert page.language.current() == "es" and page.has_unsaved_changes()
    answer_dialog(qtbot, QMessageBox.StandardButton.Save)
    with qtbot.waitSignal(demo_ctx.language_requested, timeout=2000):
        combo.setCurrentIndex(combo.findData("en"))
        combo.activated.emit(combo.currentIndex())
    assert stored(demo_ctx)["organization_name"] == ORGANIZATION + " 2"
