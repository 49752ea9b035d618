"""Exports run on a worker thread: the window keeps turning while the padrón is written,
the progress bar counts its sales entries, a failure is a message, and closing the window
while an export runs ends the process cleanly."""

from __future__ import annotations

import datetime as dt
import errno
import os
import subprocess
import sys
import threading
from decimal import Decimal
from itertools import islice

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox, QProgressBar

from agroferia.core import breakdowns, stats
from agroferia.ui.reports.export_tab import ROSTER
from agroferia.ui.reports.page import ReportsPage
from tests.ui.conftest import TODAY, answer_dialog

YEAR = (dt.date(2026, 1, 1), dt.date(2026, 11, 30))


@pytest.fixture
def page(qtbot, demo_ctx) -> ReportsPage:
    widget = ReportsPage(demo_ctx, today=TODAY)
    qtbot.addWidget(widget)
    widget.show()
    picker = widget.exports.picker
    picker.start.setDate(YEAR[0])
    picker.end.setDate(YEAR[1])
    return widget


@pytest.fixture
def gate(monkeypatch):
    """Holds the listing's rows back until the test opens the gate: the export is then
    surely running while the test looks at the window."""
    reached, opened = threading.Event(), threading.Event()
    rows = breakdowns.iter_sales

    def held(*args, **kwargs):
        reached.set()
        assert opened.wait(30), "the test never opened the gate"
        yield from rows(*args, **kwargs)

    monkeypatch.setattr(breakdowns, "iter_sales", held)
    return reached, opened


def test_the_window_keeps_turning_while_the_padron_is_written(qtbot, page, demo_ctx, tmp_path,
                                                               gate):  # fmt: skip
    reached, opened = gate
    ticks = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    path = tmp_path / "padron.xlsx"
    task = page.exports.export(ROSTER, path)
    assert task is not None and not task.done
    qtbot.waitUntil(reached.is_set, timeout=30_000)
    before = len(ticks)
    qtbot.wait(300)  # the worker is inside the export all this time
    assert len(ticks) - before >= 5 and not task.done
    assert not page.exports.roster_button.isEnabled()  # one export at a time
    total = demo_ctx.read(lambda s: breakdowns.count_sales(s, *YEAR))
    bar = task.dialog.findChild(QProgressBar, "export_progress")
    qtbot.waitUntil(lambda: bar.maximum() == total, timeout=10_000)
    assert bar.text() == f"0 de {total} ventas escritas"
    qtbot.waitUntil(task.dialog.isVisible, timeout=10_000)  # after its half second
    opened.set()
    qtbot.waitUntil(lambda: task.done, timeout=60_000)
    timer.stop()
    assert page.exports.roster_button.isEnabled()
    ws = load_workbook(path, read_only=True)["Ventas (detalle)"]
    rows = list(ws.iter_rows(min_row=5, values_only=True))
    figures = demo_ctx.read(lambda s: stats.compute(s, *YEAR))
    assert len(rows) == total > 0
    assert sum(Decimal(str(r[7])) for r in rows) == Decimal(figures.sales.total) / 100
    assert str(path) in page.exports.saved.label.text()


def test_a_full_disk_midway_is_a_message_and_leaves_no_file(qtbot, page, tmp_path,
                                                             monkeypatch):  # fmt: skip
    rows = breakdowns.iter_sales

    def disk_full(*args, **kwargs):
        yield from islice(rows(*args, **kwargs), 2500)
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(breakdowns, "iter_sales", disk_full)
    folder = tmp_path / "archivos"
    folder.mkdir()
    task = page.exports.export(ROSTER, folder / "padron.xlsx")
    task.dialog.setMinimumDuration(3_600_000)  # the message box is the modal window to answer
    seen = answer_dialog(qtbot, QMessageBox.StandardButton.Ok)
    qtbot.waitUntil(lambda: "text" in seen, timeout=60_000)
    assert "No queda espacio en el disco" in seen["text"]
    assert "No quedó ningún archivo a medio escribir" in seen["text"]
    assert task.done and list(folder.iterdir()) == []
    assert page.exports.roster_button.isEnabled()


CLOSE_WHILE_EXPORTING = """
import sys, time
from pathlib import Path
from agroferia.core import breakdowns
from agroferia.ui import tasks
tasks.EXIT_WAIT_MS = int(sys.argv[3])
rows = breakdowns.iter_sales

def slow(*args, **kwargs):  # ten years of sales on a slow machine
    time.sleep(0.5)
    yield from rows(*args, **kwargs)
    print("listed", flush=True)

breakdowns.iter_sales = slow
from PySide6.QtWidgets import QApplication
from agroferia.core.db import open_database
from agroferia.ui.main_window import MainWindow
from agroferia.ui.prefs import Prefs
from agroferia.ui.reports.export_tab import ROSTER
app = QApplication([])
window = MainWindow(open_database(sys.argv[1], create=False), Prefs())
window.show()
app.processEvents()
task = window.page("reports").exports.export(ROSTER, Path(sys.argv[2]))
app.processEvents()
assert not task.done
window.close()
print("closed", flush=True)
"""


@pytest.mark.parametrize(("wait_ms", "in_time"), [(10_000, True), (1, False)])
def test_closing_the_window_while_exporting_ends_cleanly(demo_db, tmp_path, wait_ms, in_time):
    demo_db.close()
    path = tmp_path / "padron.xlsx"
    env = {**os.environ, "AGROFERIA_CONFIG_DIR": str(tmp_path / "config"),
           "QT_QPA_PLATFORM": "offscreen"}  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-c", CLOSE_WHILE_EXPORTING, demo_db.location, str(path),
         str(wait_ms)],
        env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and "RuntimeError" not in done.stderr
    assert done.stdout.split()[0] == "closed"
    if in_time:  # the wait at exit let the export finish: the file is whole
        assert done.stdout.split() == ["closed", "listed"]
        assert load_workbook(path, read_only=True).sheetnames[-1] == "Ventas (detalle)"
    assert ("background work still running" in done.stderr) is not in_time
