"""Quitting while work runs off the window's thread (a day being saved or closed, a file
being imported, a backup being taken or restored): the process ends cleanly, without a traceback, once that work has ended
whole; the Panel's figures are in ``test_quit_while_computing``."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile

import pytest
from sqlalchemy import func, select

from agroferia.core import catalog
from agroferia.core.db import open_database
from agroferia.core.models import AuditLog, FairDay, Sale, Vendor

QUIT_WHILE_WORKING = """
import sys, time
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QPushButton
import agroferia.core.backup as backup
import agroferia.core.day_sheet as day_sheet
import agroferia.core.fairs as fairs
from agroferia.core.db import open_database
from agroferia.ui.main_window import MainWindow
from agroferia.ui.prefs import Prefs
from agroferia.ui.sales.sheet_model import SALES_COL

location, kind, target = sys.argv[1], sys.argv[2], sys.argv[3]


def slowly(module, name):  # the work of a large database on a slow machine
    real = getattr(module, name)

    def slow(*args, **kwargs):
        time.sleep(0.6)
        result = real(*args, **kwargs)
        print("worked", flush=True)
        return result

    setattr(module, name, slow)


def answer_yes():
    box = QApplication.activeModalWidget()
    if isinstance(box, QMessageBox) and box.button(QMessageBox.StandardButton.Yes):
        QTimer.singleShot(200, window.close)  # while the day is being closed
        box.button(QMessageBox.StandardButton.Yes).click()
    else:
        QTimer.singleShot(20, answer_yes)


app = QApplication([])
window = MainWindow(open_database(location, create=False), Prefs())
window.show()
app.processEvents()


def start():
    if kind not in ("close", "import", "restore"):
        QTimer.singleShot(300, window.close)  # while the work runs
    if kind == "save":
        slowly(day_sheet, "save")
        page = window.go_to("sales")
        model = page.day.model
        typed = [model.rows[row] for row in range(len(model.rows))
                 if model.setData(model.index(row, SALES_COL), "12,50")]
        print("day", page.day.sheet.day.id, len(typed), flush=True)
        print("saving", flush=True)
        print("saved", page.day.save(), flush=True)
    elif kind == "close":
        slowly(fairs, "close_fair_day")
        page = window.go_to("sales")
        QTimer.singleShot(0, answer_yes)
        print("closing", flush=True)
        page.day.close_day()
        print("closed", page.day.sheet.day.closed, flush=True)
    elif kind == "import":
        from agroferia.ui.reports import import_tab

        slowly(import_tab, "write")
        page = window.go_to("reports")

        def checked(_report):
            QTimer.singleShot(300, window.close)  # while the file is written
            print("importing", flush=True)
            page.imports.import_file()

        page.check_file("vendors", target).finished.connect(checked)
    elif kind == "restore":
        slowly(backup, "restore")

        def confirm():
            box = QApplication.activeModalWidget()
            button = box.findChild(QPushButton, "restore") if box is not None else None
            if button is None:
                QTimer.singleShot(20, confirm)
                return
            QTimer.singleShot(300, window.close)  # while the database is replaced
            print("restoring", flush=True)
            button.click()

        QTimer.singleShot(0, confirm)
        window.backups.restore_backup(target)
    elif kind == "backup":
        slowly(backup, "take")
        QFileDialog.getSaveFileName = staticmethod(lambda *args, **kwargs: (target, ""))
        print("backing up", flush=True)
        window.backups.take_backup()


QTimer.singleShot(0, start)
app.exec()
print("ended", flush=True)
"""


def quit_while(kind: str, location: str, target: str, tmp_path) -> list[str]:
    env = {**os.environ, "AGROFERIA_CONFIG_DIR": str(tmp_path / "config"),
           "QT_QPA_PLATFORM": "offscreen"}  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-c", QUIT_WHILE_WORKING, location, kind, target],
        env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and "Error" not in done.stderr, done.stderr
    return done.stdout.split("\n")[:-1]


@pytest.fixture
def demo_file(demo_db) -> str:
    location = demo_db.location
    demo_db.close()
    return location


def test_quitting_while_the_day_is_saved_ends_once_it_is_saved_whole(demo_file, tmp_path):
    said = quit_while("save", demo_file, "", tmp_path)
    assert said[1:4] == ["saving", "worked", "saved True"], said
    assert said[-1] == "ended"
    day_id, lines = (int(n) for n in said[0].split()[1:])
    db = open_database(demo_file, create=False)
    with db.Session() as s:
        amounts = s.execute(
            select(Sale.vendor_id, Sale.category_id, func.sum(Sale.amount_cents))
            .where(Sale.fair_day_id == day_id)
            .group_by(Sale.vendor_id, Sale.category_id)
        ).all()
    db.close()
    # every line typed was written, in the one transaction
    assert lines > 10 and sum(cents == 1250 for *_key, cents in amounts) == lines


def test_quitting_while_the_day_is_closed_ends_once_it_is_closed(demo_file, tmp_path):
    said = quit_while("close", demo_file, "", tmp_path)
    assert said[:3] == ["closing", "worked", "closed True"], said
    db = open_database(demo_file, create=False)
    with db.Session() as s:
        closed = s.scalars(select(FairDay).where(FairDay.closed_at.is_not(None))).all()
        entries = s.scalars(select(AuditLog).where(AuditLog.action == "close")).all()
    db.close()
    assert len(entries) == 1 and [d.id for d in closed] == [entries[0].entity_id]


@pytest.mark.sqlite_only  # backups of SQLite files
def test_quitting_while_a_backup_is_taken_ends_once_it_is_whole(demo_file, tmp_path):
    target = tmp_path / "copia.agroferia"
    said = quit_while("backup", demo_file, str(target), tmp_path)
    # the window's loop ended first; the process waited for the backup
    assert said == ["backing up", "ended", "worked"], said
    with zipfile.ZipFile(target) as archive:  # complete: every member reads back
        assert archive.testzip() is None


def test_quitting_while_a_file_is_imported_ends_once_it_is_written_whole(demo_file, tmp_path):
    db = open_database(demo_file, create=False)
    with db.Session() as s:
        taken = set(s.scalars(select(Vendor.doc_number)).all())
        before = s.scalar(select(func.count()).select_from(Vendor))
        rubro = catalog.list_categories(s)[0].name
    db.close()
    dnis = [d for d in (f"4{i:07d}" for i in range(1000, 9999)) if d not in taken][:3]
    path = tmp_path / "expositores.csv"
    path.write_text("Nombres,Apellidos,DNI,Sexo,Rubro\n" + "".join(
        f"Nombre{i},Apellido{i},{dni},F,{rubro}\n" for i, dni in enumerate(dnis)
    ), encoding="utf-8")  # fmt: skip
    said = quit_while("import", demo_file, str(path), tmp_path)
    assert said == ["importing", "ended", "worked"], said
    db = open_database(demo_file, create=False)
    with db.Session() as s:
        after = s.scalar(select(func.count()).select_from(Vendor))
        imported = set(s.scalars(select(Vendor.doc_number).where(Vendor.doc_number.in_(dnis))))
    db.close()
    assert after == before + 3 and imported == set(dnis)  # the whole file, in one transaction


@pytest.mark.sqlite_only  # backups of SQLite files
def test_quitting_while_a_backup_is_restored_ends_once_it_is_restored_whole(demo_file, tmp_path):
    from agroferia.core import backup

    copy = backup.take(demo_file, tmp_path / "antes.agroferia").path
    db = open_database(demo_file, create=False)
    with db.Session.begin() as s:  # a change after the backup, which the restore undoes
        before = s.scalar(select(func.count()).select_from(AuditLog))
        s.execute(AuditLog.__table__.delete())
    db.close()
    said = quit_while("restore", demo_file, str(copy), tmp_path)
    assert said == ["restoring", "ended", "worked"], said
    db = open_database(demo_file, create=False)
    with db.Session() as s:
        after = s.scalar(select(func.count()).select_from(AuditLog))
    db.close()
    assert after >= before > 0  # the backup's data, whole (and the restore's own entry)
