"""The window's frame is painted at once, before the database layer is loaded, and the
main window takes its place (same size and place) once the database is open and the
account signed in."""

from __future__ import annotations

import os
import subprocess
import sys

from PySide6.QtWidgets import QApplication, QListWidget

from agroferia.ui import app as ui_app
from agroferia.ui.shell import Shell
from tests.accounts import PASSWORD, add_account
from tests.ui.conftest import answer_dialog, when_main_window


def shells() -> list[Shell]:
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, Shell) and w.isVisible()]  # fmt: skip


def test_the_frame_shows_while_signing_in_and_the_window_takes_its_place(
    qtbot, demo_db, monkeypatch
):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run() installs its own
    with demo_db.Session.begin() as s:
        add_account(s, "admin", "admin")
    seen: dict = {}

    def sign_in(dialog) -> None:  # the frame is there behind the sign-in dialog
        frames = shells()
        seen["frames"] = len(frames)
        seen["frame_nav"] = [frames[0].findChild(QListWidget).item(i).text() for i in range(8)]
        seen["frame_geometry"] = frames[0].geometry()
        dialog.username.setText("admin")
        dialog.password.setText(PASSWORD)

    answer_dialog(qtbot, "enter", fill=sign_in)

    def look_and_close(window) -> None:
        seen["nav"] = [window.nav.item(i).text() for i in range(window.nav.count())]
        seen["geometry"] = window.geometry()
        seen["frames_left"] = len(shells())
        window.close()

    when_main_window(look_and_close)
    assert ui_app.run(demo_db.location, "es") == 0
    assert seen["frames"] == 1
    assert seen["frame_nav"] == seen["nav"]  # the same pages, in the same order
    assert seen["frame_geometry"] == seen["geometry"]
    assert seen["frames_left"] == 0


FRAME = """
import sys
from PySide6.QtWidgets import QApplication
from agroferia.ui import app
from agroferia.ui.prefs import Prefs
from agroferia.ui.shell import Shell
qt = QApplication([])
app._painted(Shell(Prefs()))
print(sorted({m.split(".")[0] for m in sys.modules} & {"sqlalchemy", "alembic", "reportlab"}))
"""


def test_the_frame_is_painted_before_the_database_layer_is_loaded():
    done = subprocess.run([sys.executable, "-c", FRAME], capture_output=True, text=True,
                          check=True)  # fmt: skip
    assert done.stdout.splitlines()[-1] == "[]"


def test_the_frame_closes_when_the_database_cannot_be_opened(qtbot, tmp_path, monkeypatch):
    from tests.ui.test_backups import answer_in_turn

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    (tmp_path / "notas.db").write_text("no es una base de datos")
    frames: list[int] = []
    answer_in_turn(qtbot, [("leave", lambda _dialog: frames.append(len(shells())))])
    assert ui_app.run(str(tmp_path / "notas.db"), "es") == 1
    assert frames == [1]  # the frame was there behind the explanation
    assert shells() == []


LOADED_WHERE = """
import sys, threading
where = {}

class Watch:
    def find_spec(self, name, path=None, target=None):
        if name in ("sqlalchemy", "agroferia.core.models") and name not in where:
            where[name] = threading.current_thread() is threading.main_thread()
        return None

sys.meta_path.insert(0, Watch())
from agroferia import cli
code = cli.main(["--db", sys.argv[1], "--user", "admin"])
print(code, sorted(where.items()))
"""


def test_the_database_layer_loads_off_the_windows_thread(tmp_path, demo_db):
    """While it loads, the frame keeps painting (the window's thread waits in its loop)."""
    with demo_db.Session.begin() as s:
        add_account(s, "admin", "admin")
    env = {**os.environ, "AGROFERIA_QUIT_WHEN_SHOWN": "1", "AGROFERIA_PASSWORD": PASSWORD,
           "AGROFERIA_CONFIG_DIR": str(tmp_path / "config")}  # fmt: skip
    done = subprocess.run([sys.executable, "-c", LOADED_WHERE, demo_db.location], env=env,
                          capture_output=True, text=True, check=True)  # fmt: skip
    last = done.stdout.splitlines()[-1]
    assert last == "0 [('agroferia.core.models', False), ('sqlalchemy', False)]", done.stdout
