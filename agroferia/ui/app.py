"""Starting the application: language, error handling, the window's frame (``Shell``) at
once, then the first-run welcome, the database, signing in (or creating the first
administrator) and the window in the frame's place.  What is needed only after the frame is
painted is imported then: the database layer on the thread that opens the database, the
window's modules while a password given on the command line is checked on another, and
each page when it is first shown."""

from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from agroferia import i18n
from agroferia.config import is_url
from agroferia.core.network.urls import masked
from agroferia.i18n import _
from agroferia.ui import qt_language
from agroferia.ui.errors import install_excepthook
from agroferia.ui.prefs import Prefs
from agroferia.ui.shell import Shell, app_icon

if TYPE_CHECKING:
    from agroferia.core.db import Database
    from agroferia.ui.main_window import MainWindow

QT_LOCALES = {"es": "es_PE", "en": "en_US"}
# Set by the installed-app checks and the start-up benchmark: print ``painted <time>`` once
# the main window is on screen, then close it as a person would.
QUIT_WHEN_SHOWN_VAR = "AGROFERIA_QUIT_WHEN_SHOWN"
# …its value for ``figures <time>`` too, once the Panel shows its figures, before closing
FIGURES = "figures"
# how long, once the window has closed, work still running on worker threads is waited for
WORKERS_WAIT_MS = 10_000

log = logging.getLogger(__name__)


def apply_language(lang: str) -> None:
    """The app's own text and Qt's (file dialogs, dialog buttons, context menus) in ``lang``."""
    i18n.set_language(lang)
    QLocale.setDefault(QLocale(QT_LOCALES[lang]))
    qt_language.install(lang)


def first_database(location: str, parent=None) -> Database | None:
    """The database to start with; when there is none yet, the welcome dialog decides how
    to create it. None when the person quits."""
    from agroferia.ui.tasks import run_blocking

    if _existing(location, parent):

        def opened(_progress) -> Database:
            # the data layer (SQLAlchemy, the models) loads here too, off the window's
            # thread: the frame keeps painting meanwhile
            from agroferia.core.db import open_database

            return open_database(location, create=False, read_only=None)

        return run_blocking(parent, _("Abriendo {path}…", path=masked(location)), opened)
    from agroferia.ui import databases
    from agroferia.ui.context import desktop_actor
    from agroferia.ui.welcome import OWN, WelcomeDialog

    welcome = WelcomeDialog(location, parent)
    if welcome.exec() != QDialog.DialogCode.Accepted:
        return None
    if welcome.choice == OWN:
        values, actor = welcome.fair_values(), desktop_actor()
        return run_blocking(
            parent,
            _("Creando la base de datos…"),
            lambda _p: databases.create_with_fair(location, values, actor),
        )
    network = welcome.network_demo
    return run_blocking(
        parent,
        _("Creando la feria de demostración…"),
        lambda _p: databases.create_demo(location, network=network),
    )


def _existing(location: str, parent=None) -> bool:
    """Whether ``location`` holds a database already: a file that exists, or a server's
    database that is no longer empty (asked off the window's thread)."""
    if not is_url(location):
        return Path(location).exists()
    from agroferia.ui.tasks import run_blocking

    def asked(_progress) -> bool:
        from agroferia.core.db import make_engine
        from agroferia.core.network import server

        engine = make_engine(location)
        try:
            return not server.is_new(engine)
        finally:
            engine.dispose()

    return run_blocking(parent, _("Conectando con el servidor…"), asked)


def _painted(shell: Shell) -> None:
    """Paints the frame now, before anything else is loaded."""
    shell.show()
    shell.repaint()
    QApplication.processEvents()
    if os.environ.get(QUIT_WHEN_SHOWN_VAR):
        print("shell", time.time(), flush=True)


def _report_and_close(window: MainWindow) -> None:
    print("painted", time.time(), flush=True)
    if os.environ.get(QUIT_WHEN_SHOWN_VAR) == FIGURES:
        panel = window.pages.get("panel")
        if panel is not None and panel.stats is None:  # type: ignore[attr-defined]
            panel.figures_shown.connect(lambda: _report_figures_and_close(window))  # type: ignore[attr-defined]
            return
        _report_figures_and_close(window)
        return
    window.close()


def _report_figures_and_close(window: MainWindow) -> None:
    print("figures", time.time(), flush=True)
    window.close()


def run(
    target: str,
    lang: str | None = None,
    backup: Path | None = None,
    username: str | None = None,
    password: str | None = None,
) -> int:
    """The app on ``target``; ``backup``: a backup it was opened with, offered for restoring
    once the window shows; ``username`` and ``password``: the account to sign in as (when
    the password is missing or wrong, the dialog asks with the name filled in)."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Agroferia")
    app.setWindowIcon(app_icon())
    prefs = Prefs()
    apply_language(lang or prefs.language() or i18n.DEFAULT_LANGUAGE)
    install_excepthook()
    if backup is not None:
        from agroferia.ui.backup.opened import opened_elsewhere

        if opened_elsewhere(target, backup):
            return 0  # restored from the window that has it open, or once that one is closed
    shell = Shell(prefs)
    _painted(shell)
    try:
        window = _window(target, prefs, username, password)
    except BaseException:
        shell.close()
        raise
    if isinstance(window, int):  # the person quit, or the database could not be opened
        shell.close()
        return window
    window.show()
    shell.close()
    if backup is not None:
        from agroferia.ui.backup.opened import offer_opened_backup

        offer_opened_backup(window, backup)
    if os.environ.get(QUIT_WHEN_SHOWN_VAR):
        QTimer.singleShot(0, lambda: _report_and_close(window))
    try:
        return app.exec()
    finally:
        # work still running (the panel's figures, when the window closes at once) ends
        # before its database closes and before Python tears down what it reports to; a
        # query stuck on a server that is gone is waited for only so long, and its
        # database is then left as it is (closing it would wait for that query too)
        from agroferia.ui import tasks

        if tasks.wait_for_work(WORKERS_WAIT_MS) and window.ctx is not None:
            window.ctx.db.close()


def _window(
    target: str, prefs: Prefs, username: str | None, password: str | None
) -> MainWindow | int:
    """The main window on ``target``, signed in; or the exit status when there is none."""
    from agroferia.core.errors import DamagedDatabaseError, explain

    try:
        db = first_database(target)
    except DamagedDatabaseError as exc:  # offered the latest good backup instead
        from agroferia.ui.backup.damaged import offer_restore

        db = offer_restore(None, exc, leave=_("Salir"))
        if db is None:
            return 1
    except Exception as exc:
        message = explain(exc)
        if message is None:
            raise
        QMessageBox.critical(None, _("No se puede abrir la base de datos"), message)
        return 1
    if db is None:
        return 0
    from agroferia.ui import signin

    # the password given is checked on a thread while the window's modules load
    name = (username or "").strip().lower()
    check = signin.PasswordCheck(db, name, password) if name and password else None
    try:
        from agroferia.ui.dashboard import page  # noqa: F401 (the first page shown)
        from agroferia.ui.main_window import MainWindow
    finally:
        tried = check.attempt() if check is not None else None
    user = (
        None
        if signin.read_without_account(db)
        else signin.start(None, db, prefs, username=username, password=password, tried=tried)
    )
    if user is None and not signin.read_without_account(db):
        db.close()
        return 0
    return MainWindow(db, prefs, user)


def work_left_running() -> bool:
    from agroferia.ui import tasks

    return tasks.work_left_running()
