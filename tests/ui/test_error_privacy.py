"""An error in the window reaches the log file, and the details of the error dialog, without
any personal value it carries; the person still reads a plain message."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton

from agroferia import logs
from agroferia.core import vendors
from agroferia.core.audit import SYSTEM
from agroferia.ui import errors
from agroferia.ui.tasks import run_task
from tests import dbread
from tests.cli.test_private_logs import form, leaks, log_text, people
from tests.ui.conftest import answer_dialog

PERSONS = people(3)


@pytest.fixture
def log_dir(tmp_path, monkeypatch):
    folder = tmp_path / "logs"
    monkeypatch.setenv("AGROFERIA_LOG_DIR", str(folder))
    logs.setup()
    return folder


# on a server, a value taken is told as a conflict with another writer, not as a defect
# (tests/cli/test_private_logs.py)
@pytest.mark.sqlite_only
def test_a_failed_background_write_logs_no_value(qtbot, db, db_path, log_dir):
    """A registration that the database itself refuses (the next code was already given
    by another program): the work fails on a worker thread, the dialog shows the details
    to send, and neither they nor the log hold the person's data."""
    with db.Session.begin() as s:
        vendors.register(s, SYSTEM, form(PERSONS[0]))
    dbread.execute(db_path, "UPDATE vendor SET code = 'EXP-0002'")
    details: list[str] = []
    seen = answer_dialog(
        qtbot, QMessageBox.StandardButton.Ok, fill=lambda box: details.append(box.detailedText())
    )

    def work(_progress):
        with db.Session.begin() as s:
            vendors.register(s, SYSTEM, form(PERSONS[1]))

    task = run_task(None, "…", work, lambda _result: None)
    qtbot.waitUntil(lambda: task.done and "title" in seen, timeout=10_000)
    assert seen["title"] == "Error inesperado"
    assert "UNIQUE constraint failed: vendor.code" in details[0]
    log = log_text(log_dir)
    assert "background task failed" in log and "unexpected error" in log
    assert "IntegrityError: SQLITE_CONSTRAINT_UNIQUE" in log
    assert leaks(log + details[0], PERSONS) == []


@pytest.mark.qt_no_exception_capture
def test_an_error_escaping_a_button_logs_no_value(qtbot, db, log_dir, monkeypatch):
    """Exceptions that escape a slot reach the app's excepthook: an expected one (a
    ValidationError naming the vendor who holds that document) is explained to the person,
    a defect (a KeyError holding a name) gets the error dialog; the log keeps neither name."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    errors.install_excepthook()
    with db.Session.begin() as s:
        vendors.register(s, SYSTEM, form(PERSONS[0]))
    twin = form(PERSONS[2]) | {"doc_number": PERSONS[0]["document"]}

    def save() -> None:
        with db.Session.begin() as s:
            vendors.register(s, SYSTEM, twin)

    def look_up() -> None:
        by_name: dict[str, int] = {}
        print(by_name[PERSONS[2]["given"]])

    button = QPushButton()
    qtbot.addWidget(button)
    button.clicked.connect(save)
    seen = answer_dialog(qtbot, QMessageBox.StandardButton.Ok)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "title" in seen, timeout=10_000)
    assert seen["title"] == "No se pudo completar"
    assert f"ya está registrado para {PERSONS[0]['given']}" in seen["text"]  # for the person

    button.clicked.disconnect(save)
    button.clicked.connect(look_up)
    details: list[str] = []
    seen = answer_dialog(
        qtbot, QMessageBox.StandardButton.Ok, fill=lambda box: details.append(box.detailedText())
    )
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "title" in seen, timeout=10_000)
    assert seen["title"] == "Error inesperado"
    assert details[0].rstrip().endswith("KeyError") and "look_up" in details[0]

    log = log_text(log_dir)
    assert log.count("uncaught exception") == 2
    assert "ValidationError: doc_number: ya está registrado para {name} ({code})" in log
    assert leaks(log + details[0], PERSONS) == []
