"""Backups in the window: Archivo → Copia de seguridad… writes a checked backup where the
person chooses; Restaurar… shows what the backup holds, keeps a copy of the data in use,
replaces it and signs in again; only an administrator may do either.  The window takes a
backup when it closes and one a day, says in the status bar when the last one was made
(and warns after a week), and Configuración saves the second folder."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialogButtonBox,
    QFileDialog,
    QMessageBox,
    QProgressDialog,
)
from sqlalchemy import select

from agroferia.core import accounts, backup, settings
from agroferia.core.accounts import NotAllowedError
from agroferia.core.models import Sale
from agroferia.ui.backup.texts import last_text
from agroferia.ui.context import Account
from agroferia.ui.main_window import MainWindow
from tests.accounts import add_account
from tests.backups import count
from tests.ui.conftest import answer_dialog, fill_first_admin

# backups of SQLite files
pytestmark = pytest.mark.sqlite_only

RESTORE_REFUSED = "Solo una cuenta de administrador puede restaurar una copia de seguridad."
TAKE_REFUSED = "Solo una cuenta de administrador puede hacer copias de seguridad"


def open_window(qtbot, db, prefs, user: Account | None = None) -> MainWindow:
    window = MainWindow(db, prefs, user)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.idle.stop()
    window.backups.automatic.first.stop()  # the start-up check, run by hand where tested
    return window


@pytest.fixture
def window(qtbot, demo_db, prefs):
    return open_window(qtbot, demo_db, prefs)


def answer_in_turn(qtbot, steps: list) -> list[dict]:
    """Answers the next modal dialogs one after another: each step is a button (a standard
    one, or an object name or text) and, optionally, ``fill(dialog)`` first."""
    seen: list[dict] = []

    def press(i: int, previous) -> None:
        if i == len(steps):
            return
        dialog = QApplication.activeModalWidget()
        if dialog is None or dialog is previous or isinstance(dialog, QProgressDialog):
            QTimer.singleShot(20, lambda: press(i, previous))
            return
        button, fill = steps[i] if isinstance(steps[i], tuple) else (steps[i], None)
        text = (dialog.text() + "\n" + dialog.informativeText()
                if isinstance(dialog, QMessageBox) else "")  # fmt: skip
        seen.append({"title": dialog.windowTitle(), "text": text, "dialog": dialog})
        if fill is not None:
            fill(dialog)
        if isinstance(button, str):
            target = next(b for b in dialog.findChildren(QAbstractButton)
                          if button in (b.objectName(), b.text()))  # fmt: skip
        elif isinstance(dialog, QMessageBox):
            target = dialog.button(button)
        else:
            target = dialog.findChild(QDialogButtonBox).button(button)
        target.click()
        QTimer.singleShot(20, lambda: press(i + 1, dialog))

    QTimer.singleShot(0, lambda: press(0, None))
    return seen


def sales_in(location: str | Path) -> int:
    return count(Path(location), "sale")


# taking a backup by hand -------------------------------------------------------------
def test_the_menu_backup_writes_a_checked_file_where_the_person_chooses(
    qtbot, window, demo_db, tmp_path, monkeypatch
):
    offered = {}

    def answer(parent, title, start, kinds):
        offered["start"], offered["kinds"] = start, kinds
        return str(tmp_path / "mi-copia"), kinds  # typed without ".agroferia"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", answer)
    seen = answer_dialog(qtbot, QMessageBox.StandardButton.Ok)
    window.backups.take_action.trigger()
    qtbot.waitUntil(lambda: "title" in seen, timeout=20_000)
    target = tmp_path / "mi-copia.agroferia"
    assert Path(offered["start"]).name.startswith("agroferia-campesina-de-magdalena_")
    assert offered["start"].endswith(".agroferia") and "*.agroferia" in offered["kinds"]
    assert window.backups.last_backup.path == target
    assert f"Archivo: {target}" in seen["text"]
    assert "Ventas" in seen["text"] and "7,753" in seen["text"]
    info = backup.inspect(target)  # a real backup: its manifest, its checked database
    assert info.contents.sales == sales_in(demo_db.location) == 7753
    with zipfile.ZipFile(target) as archive:
        assert archive.namelist() == ["manifest.json", "agroferia.db"]
        assert archive.testzip() is None
    assert window.prefs.last_folder("backup") == str(tmp_path)
    assert window.backups.proposed_path().parent == tmp_path  # the next time, the same


def test_a_backup_that_cannot_be_written_gets_a_plain_message(qtbot, window, tmp_path,
                                                              monkeypatch):  # fmt: skip
    blocker = tmp_path / "un-archivo"
    blocker.write_text("no es una carpeta")
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a: (str(blocker / "copia.agroferia"), ""))  # fmt: skip
    seen = answer_dialog(qtbot, QMessageBox.StandardButton.Ok)
    window.backups.take_backup()
    qtbot.waitUntil(lambda: "title" in seen, timeout=20_000)
    assert seen["title"] == "No se pudo completar"
    assert str(blocker) in seen["text"] and "Traceback" not in seen["text"]
    assert window.backups.last_backup is None


# restoring ----------------------------------------------------------------------------
def test_restore_replaces_the_data_keeps_a_copy_and_signs_in_again(
    qtbot, window, demo_db, db, tmp_path, data_folder
):
    other = backup.take(db.location, tmp_path / "vacia.agroferia")  # no sales at all
    before = sales_in(demo_db.location)
    assert before == 7753 and other.contents.sales == 0

    seen = answer_in_turn(qtbot, ["restore", QMessageBox.StandardButton.Ok,
                                  ("create", fill_first_admin)])  # fmt: skip
    window.backups.restore_backup(other.path)
    qtbot.waitUntil(lambda: window.ctx.user is not None, timeout=20_000)
    question, done = seen[0], seen[1]
    assert question["title"] == "Restaurar copia de seguridad"
    assert "Ventas" in question["text"] and "0 por S/ 0.00" in question["text"]
    assert "se reemplaza" in question["text"] and str(data_folder / "copias") in question["text"]
    box = question["dialog"]
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
    result = window.backups.last_restore
    assert result.before is not None and result.before.path.parent == data_folder / "copias"
    assert str(result.before.path) in done["text"]
    assert sales_in(demo_db.location) == 0  # the data in use was replaced
    kept = backup.inspect(result.before.path)  # and the copy of it holds what it had
    assert kept.reason == backup.BEFORE_RESTORE and kept.contents.sales == before
    assert window.ctx.user.username == "rosa" and window.ctx.db.location == demo_db.location
    assert window.current_key() == "panel" and window.pages["panel"].isVisible()
    assert window.centralWidget().isEnabled() and window.menuBar().isEnabled()


def test_a_damaged_backup_fails_whole_and_the_window_goes_on(qtbot, window, demo_db, db,
                                                             tmp_path):  # fmt: skip
    from tests.backups import rewrite

    other = backup.take(db.location, tmp_path / "dañada.agroferia")
    rewrite(other.path, database=b"no es una base de datos")  # its manifest still reads
    window.show_page("vendors")
    seen = answer_in_turn(qtbot, ["restore", QMessageBox.StandardButton.Ok])
    window.backups.restore_backup(other.path)
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=20_000)
    assert seen[1]["title"] == "No se pudo completar"
    assert "está dañada o incompleta" in seen[1]["text"] and "Traceback" not in seen[1]["text"]
    assert sales_in(demo_db.location) == 7753 and window.backups.last_restore is None
    qtbot.waitUntil(lambda: window.centralWidget().isEnabled())
    assert window.current_key() == "vendors" and window.pages["vendors"].isVisible()
    assert window.ctx.read(lambda s: len(s.scalars(select(Sale.id)).all())) == 7753


def test_cancelling_a_restore_changes_nothing(qtbot, window, demo_db, db, tmp_path):
    other = backup.take(db.location, tmp_path / "vacia.agroferia")
    seen = answer_dialog(qtbot, QMessageBox.StandardButton.Cancel)
    window.backups.restore_backup(other.path)
    assert "¿Reemplazar los datos actuales" in seen["text"]
    assert sales_in(demo_db.location) == 7753 and window.backups.last_restore is None
    assert backup.list_backups() == []


def test_a_backup_of_a_newer_version_is_refused_with_its_message(qtbot, window, db, tmp_path):
    from tests.backups import rewrite

    other = backup.take(db.location, tmp_path / "nueva.agroferia")
    rewrite(other.path, manifest={"schema_revision": "9999", "app_version": "9.0"})
    seen = answer_dialog(qtbot, QMessageBox.StandardButton.Ok)
    window.backups.restore_backup(other.path)
    assert "fue hecha por Agroferia 9.0" in seen["text"] and "Actualice" in seen["text"]


def test_the_restore_dialog_starts_in_the_automatic_backups_folder(qtbot, window, monkeypatch,
                                                                   data_folder):  # fmt: skip
    asked = {}

    def answer(parent, title, start, kinds):
        asked.update(start=start, kinds=kinds)
        return "", ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", answer)
    window.backups.restore_action.trigger()
    assert asked["start"] == str(data_folder / "copias") and "*.agroferia" in asked["kinds"]


@pytest.fixture
def treasurer_window(qtbot, demo_db, prefs):
    with demo_db.Session.begin() as s:
        add_account(s, "tesorero", "treasurer")
    with demo_db.Session() as s:
        user = Account.of(accounts.find(s, "tesorero"))
    return open_window(qtbot, demo_db, prefs, user)


def test_a_treasurer_may_neither_restore_nor_take_a_backup(qtbot, treasurer_window, demo_db,
                                                           db, tmp_path):  # fmt: skip
    window = treasurer_window
    assert not window.backups.restore_action.isEnabled()
    assert window.backups.restore_action.toolTip() == RESTORE_REFUSED
    assert not window.backups.take_action.isEnabled()
    assert window.backups.take_action.toolTip().startswith(TAKE_REFUSED)
    other = backup.take(db.location, tmp_path / "vacia.agroferia")
    seen = answer_dialog(qtbot, QMessageBox.StandardButton.Ok)
    window.backups.restore_backup(other.path)  # called anyway: refused, nothing asked
    assert seen["text"].startswith(RESTORE_REFUSED)
    with demo_db.Session() as s, pytest.raises(NotAllowedError):  # the service refuses too
        backup.restore(other.path, demo_db.location, actor="tesorero", session=s)
    assert sales_in(demo_db.location) == 7753


# automatic backups and the status bar ---------------------------------------------------
def test_closing_the_window_takes_an_automatic_backup(qtbot, window, demo_db):
    assert backup.list_backups() == []
    window.close()
    made = backup.list_backups()
    assert [i.reason for i in made] == [backup.CLOSE]
    assert made[0].contents.sales == 7753 and made[0].path.parent == backup.backups_folder()


def test_the_daily_backup_is_taken_when_due_and_not_otherwise(qtbot, window):
    auto = window.backups.automatic
    assert auto.timer.isActive() and auto.timer.interval() == 30 * 60_000
    auto.check_daily()
    qtbot.waitUntil(lambda: not auto.running, timeout=20_000)
    assert [i.reason for i in backup.list_backups()] == [backup.DAILY]
    auto.check_daily()  # one today already
    qtbot.waitUntil(lambda: not auto.running, timeout=20_000)
    assert len(backup.list_backups()) == 1
    tomorrow = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
    auto.check_daily(now=tomorrow)
    qtbot.waitUntil(lambda: not auto.running, timeout=20_000)
    assert len(backup.list_backups()) == 2


def test_the_status_bar_says_when_the_last_backup_was_made(qtbot, window, demo_db, data_folder):
    status = window.backups.automatic.status
    assert status.text() == "Sin copia de seguridad todavía" and status.property("overdue")
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=9)
    backup.automatic(demo_db.location, reason=backup.DAILY, now=long_ago)
    window.backups.refresh()
    assert status.text() == "Sin copia de seguridad desde hace 9 días"
    assert status.property("overdue") and "color" in status.styleSheet()
    assert str(data_folder / "copias") in status.toolTip()
    assert "Segunda carpeta: ninguna" in status.toolTip()
    status.click()  # takes one now
    qtbot.waitUntil(lambda: status.text().startswith("Última copia: hoy "), timeout=20_000)
    assert not status.property("overdue") and status.styleSheet() == ""
    assert "Copia de seguridad automática guardada" in window.statusBar().currentMessage()


def test_last_backup_words_for_today_yesterday_and_before(tmp_path, demo_db):
    info = backup.take(demo_db.location, tmp_path)
    made = info.created_local
    assert last_text(info, False, made) == f"Última copia: hoy {made:%H:%M}"
    assert last_text(info, False, made + dt.timedelta(days=1)) == f"Última copia: ayer {made:%H:%M}"
    later = made + dt.timedelta(days=3)
    assert last_text(info, False, later) == f"Última copia: {made:%d/%m/%Y}"
    assert last_text(info, True, made + dt.timedelta(days=8)) == (
        "Sin copia de seguridad desde hace 8 días"
    )


# Configuración -------------------------------------------------------------------------
def test_the_second_folder_is_saved_and_gets_each_automatic_backup(
    qtbot, window, demo_db, tmp_path, monkeypatch, data_folder
):
    usb = tmp_path / "usb"
    usb.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a: str(usb))
    box = window.show_page("settings").backups
    assert box.folder.text() == str(data_folder / "copias")
    assert box.second.text() == "Ninguna" and box.remove_button.isHidden()
    box.choose_button.click()
    with demo_db.Session() as s:
        assert settings.backup_second_folder(s) == usb
    assert box.second.text() == str(usb) and not box.remove_button.isHidden()
    assert f"Segunda carpeta: {usb}" in window.backups.automatic.status.toolTip()
    window.close()
    assert [p.suffix for p in usb.iterdir()] == [".agroferia"]
    box.refresh()  # as when the page is shown again
    assert "al cerrar" in box.recent.text()
    box.remove_button.click()
    with demo_db.Session() as s:
        assert settings.backup_second_folder(s) is None
    assert box.second.text() == "Ninguna"


def test_only_an_administrator_chooses_the_second_folder(qtbot, treasurer_window):
    box = treasurer_window.show_page("settings").backups
    assert not box.choose_button.isEnabled() and not box.remove_button.isEnabled()
