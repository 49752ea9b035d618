"""Work on a worker thread that fails: a refusal the person is shown is logged as one line
without a traceback (it is no defect); anything else keeps its traceback."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select

from agroferia.core import backup
from agroferia.core.accounts import NotAllowedError, Right
from agroferia.core.models import AuditLog
from agroferia.i18n import lazy
from agroferia.ui.tasks import run_task


def failing(qtbot, caplog, work) -> tuple[BaseException, list[logging.LogRecord]]:
    """Runs ``work`` as a background task; what reached ``failed`` and what was logged."""
    failed: list[BaseException] = []
    with caplog.at_level(logging.INFO, logger="agroferia.ui.tasks"):
        task = run_task(None, "…", work, lambda _result: None, failed.append)
        qtbot.waitUntil(lambda: task.done and bool(failed), timeout=10_000)
    return failed[0], [r for r in caplog.records if r.name == "agroferia.ui.tasks"]


@pytest.mark.sqlite_only  # restoring an SQLite file from a backup
def test_a_database_in_use_is_logged_as_a_refusal_without_a_traceback(qtbot, caplog, db, tmp_path):
    made = backup.take(db.location, tmp_path / "copia.agroferia")
    with db.Session() as s:
        s.execute(select(AuditLog.id)).all()  # an open connection, as another window keeps

        def work(_progress):
            return backup.restore(made.path, Path(db.location), actor="rosa")

        exc, records = failing(qtbot, caplog, work)
    assert isinstance(exc, backup.DatabaseInUseError)
    assert [(r.levelno, r.exc_info) for r in records] == [(logging.INFO, None)]
    assert "DatabaseInUseError" in records[0].getMessage()
    assert "ciérrelo antes de restaurar" in records[0].getMessage()  # its template
    assert db.location not in records[0].getMessage()  # not the message with values


@pytest.mark.parametrize(
    "refusal",
    [
        NotAllowedError(lazy("Solo una cuenta de administrador."), Right.ADMIN),
        backup.NotABackupError(Path("x.agroferia")),
    ],
)
def test_any_error_of_the_app_is_a_refusal(qtbot, caplog, refusal):
    def work(_progress):
        raise refusal

    exc, records = failing(qtbot, caplog, work)
    assert exc is refusal
    assert [(r.levelno, r.exc_info) for r in records] == [(logging.INFO, None)]


def test_an_unexpected_failure_keeps_its_traceback(qtbot, caplog, tmp_path):
    def work(_progress):
        conn = sqlite3.connect(tmp_path / "feria.db")
        try:
            conn.execute("SELECT * FROM no_such_table")
        finally:
            conn.close()

    exc, records = failing(qtbot, caplog, work)
    assert isinstance(exc, sqlite3.OperationalError)
    assert [r.levelno for r in records] == [logging.ERROR]
    assert records[0].getMessage() == "background task failed"
    assert records[0].exc_info is not None and records[0].exc_info[1] is exc
