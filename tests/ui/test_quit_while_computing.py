"""Quitting while the Panel computes its figures on a worker thread: the process ends
cleanly, without a traceback, whether the work ends in the wait at exit or after it."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

QUIT_WHILE_COMPUTING = """
import sys, time
import agroferia.core.stats as stats
from agroferia.ui import tasks
tasks.EXIT_WAIT_MS = int(sys.argv[2])
compute = stats.compute

def slow(*args, **kwargs):  # the figures of ten years on a slow machine
    time.sleep(0.5)
    result = compute(*args, **kwargs)
    print("computed", flush=True)
    return result

stats.compute = slow
from PySide6.QtWidgets import QApplication
from agroferia.core.db import open_database
from agroferia.ui.main_window import MainWindow
from agroferia.ui.prefs import Prefs
app = QApplication([])
window = MainWindow(open_database(sys.argv[1], create=False), Prefs())
window.show()
app.processEvents()
assert window.pages["panel"].stats is None  # still computing
window.close()
print("closed", flush=True)
"""


@pytest.mark.parametrize(("wait_ms", "in_time"), [(10_000, True), (1, False)])
def test_quitting_while_the_panel_computes_ends_cleanly(demo_db, tmp_path, wait_ms, in_time):
    demo_db.close()
    env = {**os.environ, "AGROFERIA_CONFIG_DIR": str(tmp_path / "config"),
           "QT_QPA_PLATFORM": "offscreen"}  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-c", QUIT_WHILE_COMPUTING, demo_db.location, str(wait_ms)],
        env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and "RuntimeError" not in done.stderr
    assert done.stdout.split() == ["closed", "computed"]
    # work that outlives the wait at exit is said in the log, and reports to nobody
    assert ("background work still running" in done.stderr) is not in_time
