"""The window as the command line starts it (``cli.main`` without a command): the password
of ``--user`` taken out of the environment, and work stuck on a worker thread when the
window closes not waited for; a file double-clicked that cannot be opened explained in a
message box too."""

from __future__ import annotations

import os
import sys
import threading
import time

import pytest
from PySide6.QtCore import QRunnable, QThreadPool
from PySide6.QtWidgets import QMessageBox

from agroferia import cli
from agroferia.ui import app as ui_app
from tests.accounts import PASSWORD
from tests.ui.conftest import PASSWORD_VAR, answer_dialog, when_main_window


def close_window(seen: dict, before=lambda: None) -> None:
    """Once the main window shows: ``before()``, then the window (kept in ``seen``) closes."""

    def act(window) -> None:
        seen["window"] = window
        seen["environment"] = os.environ.get(PASSWORD_VAR)
        before()
        window.close()

    when_main_window(act)


def test_the_password_given_in_the_environment_signs_in_and_leaves_it(
    qtbot, protected, started, monkeypatch
):
    monkeypatch.setenv(PASSWORD_VAR, PASSWORD)
    seen: dict = {}
    close_window(seen)
    assert started(["--db", protected.location, "--user", "tesorero"]) == 0
    assert seen["window"].ctx.user.username == "tesorero"
    # what the window starts (the program opening an exported file) does not inherit it
    assert seen["environment"] is None and PASSWORD_VAR not in os.environ


class _Stuck(QRunnable):
    """Work that does not end until released (a query to a server that is gone)."""

    def __init__(self, release: threading.Event) -> None:
        super().__init__()
        self.release = release

    def run(self) -> None:
        self.release.wait(60)


def test_work_stuck_when_the_window_closes_is_not_waited_for(
    qtbot, protected, started, monkeypatch
):
    monkeypatch.setattr(ui_app, "WORKERS_WAIT_MS", 300)
    monkeypatch.setenv(PASSWORD_VAR, PASSWORD)
    ended: list[int] = []
    monkeypatch.setattr(cli.os, "_exit", ended.append)  # the process would end here
    release = threading.Event()
    stuck = _Stuck(release)
    seen: dict = {}
    close_window(seen, lambda: QThreadPool.globalInstance().start(stuck))
    began = time.monotonic()
    try:
        assert started(["--db", protected.location, "--user", "tesorero"]) == 0
        waited = time.monotonic() - began
        assert ended == [0]  # ended at once, with the window's status
        assert waited < 8
        # its database was left open: closing it would have waited for the query too
        assert seen["window"].ctx.db.engine.pool.checkedin() > 0
    finally:
        release.set()
        assert QThreadPool.globalInstance().waitForDone(10_000)


def test_when_the_work_ends_in_time_the_database_is_closed(qtbot, protected, started,
                                                          monkeypatch):  # fmt: skip
    monkeypatch.setenv(PASSWORD_VAR, PASSWORD)
    ended: list[int] = []
    monkeypatch.setattr(cli.os, "_exit", ended.append)
    release = threading.Event()
    seen: dict = {}
    close_window(seen, lambda: QThreadPool.globalInstance().start(_Stuck(release)))
    threading.Timer(0.5, release.set).start()  # it ends well within the wait
    assert started(["--db", protected.location, "--user", "tesorero"]) == 0
    assert ended == []
    assert seen["window"].ctx.db.engine.pool.checkedin() == 0  # closed


# ----------------------------------------------------------------- a file double-clicked


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("no-existe.agroferia", "No existe el archivo {path}"),
        ("notas.txt", "{path} no es una copia de seguridad de Agroferia (un archivo .agroferia)"),
    ],
)
def test_a_file_that_cannot_be_opened_is_explained_in_a_box_too(
    qtbot, tmp_path, started, capsys, name, message
):
    (tmp_path / "notas.txt").write_text("no es una copia")
    path = str(tmp_path / name)
    seen = answer_dialog(qtbot, QMessageBox.StandardButton.Ok)
    assert started(["--db", str(tmp_path / "f.db"), path]) == cli.EXIT_USAGE
    assert seen["title"] == "No se puede abrir el archivo"
    assert seen["text"].strip() == message.format(path=path)
    err = capsys.readouterr().err  # and on stderr, as before
    assert f"agroferia: error: {message.format(path=path)[:1].lower()}" in err
    assert message.format(path=path)[1:] in err
    assert not (tmp_path / "f.db").exists()  # nothing opened


def test_a_backup_followed_by_a_command_is_explained_in_a_box(qtbot, tmp_path, started):
    copy = tmp_path / "copia.agroferia"
    copy.write_bytes(b"PK")
    seen = answer_dialog(qtbot, QMessageBox.StandardButton.Ok)
    assert started([str(copy), "stats"]) == cli.EXIT_USAGE
    assert "Una copia de seguridad se abre sola" in seen["text"]


def test_without_a_display_only_stderr_tells(tmp_path, started, capsys, monkeypatch):
    for name in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    boxes = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: boxes.append(box) or 0)
    path = str(tmp_path / "no-existe.agroferia")
    assert started([path]) == cli.EXIT_USAGE
    assert boxes == []
    assert f"no existe el archivo {path}" in capsys.readouterr().err
