"""The password given on the command line, checked on a thread while the window's modules
load: the same outcome as checking it in place (a wrong one counted, the dialog saying
so), nothing tried on a database without accounts, an error raised where it is waited for."""

from __future__ import annotations

import os

import pytest
from sqlalchemy.exc import OperationalError

from agroferia.core import accounts
from agroferia.core.db import Database, make_engine, sessions
from agroferia.ui import signin
from agroferia.ui.signin import PasswordCheck, SignInDialog
from tests.accounts import PASSWORD, add_account
from tests.ui.conftest import PASSWORD_VAR, when_main_window, when_modal


def failed_logins(db, username: str) -> int:
    with db.Session() as s:
        return accounts.find(s, username).failed_logins


def test_the_right_password_signs_in_and_the_name_is_remembered(qtbot, protected, prefs):
    tried = PasswordCheck(protected, "tesorero", PASSWORD).attempt()
    assert tried is not None and tried.account is not None
    assert tried.account.username == "tesorero"
    assert prefs.last_username() != "tesorero"  # not on the thread: by the window, after
    opened = when_modal(SignInDialog, lambda d: d.reject())
    account = signin.start(None, protected, prefs, username="tesorero", password=PASSWORD,
                           tried=tried)  # fmt: skip
    assert account is not None and account.username == "tesorero"
    assert not opened
    assert prefs.last_username() == "tesorero"


def test_a_wrong_password_is_counted_once_and_the_dialog_says_so(qtbot, protected, prefs):
    tried = PasswordCheck(protected, "tesorero", "no es esta").attempt()
    assert tried is not None and tried.account is None
    assert failed_logins(protected, "tesorero") == 1
    seen: dict = {}

    def look(dialog: SignInDialog) -> None:
        seen.update(name=dialog.username.text(), said=dialog.message.text(),
                    failed=failed_logins(protected, "tesorero"))  # fmt: skip
        dialog.password.setText(PASSWORD)
        dialog.enter.click()

    when_modal(SignInDialog, look)
    account = signin.start(None, protected, prefs, username="tesorero", password="no es esta",
                           tried=tried)  # fmt: skip
    assert account is not None and account.username == "tesorero"
    assert seen == {"name": "tesorero", "said": "Usuario o contraseña incorrectos.", "failed": 1}


def test_nothing_is_tried_on_a_database_without_accounts(qtbot, db):
    assert PasswordCheck(db, "rosa", PASSWORD).attempt() is None
    with db.Session() as s:
        assert not accounts.has_accounts(s)


def test_an_error_while_checking_is_raised_where_it_is_waited_for(qtbot, tmp_path):
    location = str(tmp_path / "no hay" / "feria.db")
    engine = make_engine(location)
    check = PasswordCheck(Database(engine, sessions(engine), location), "tesorero", PASSWORD)
    with pytest.raises(OperationalError):
        check.attempt()
    engine.dispose()


def test_started_with_a_wrong_password_the_dialog_asks_again(
    qtbot, protected, started, monkeypatch
):
    monkeypatch.setenv(PASSWORD_VAR, "no es esta")
    seen: dict = {}

    def look(dialog: SignInDialog) -> None:
        seen.update(name=dialog.username.text(), failed=failed_logins(protected, "tesorero"))
        dialog.password.setText(PASSWORD)
        dialog.enter.click()

    def close(window) -> None:
        seen["user"] = window.ctx.user.username
        window.close()

    when_modal(SignInDialog, look)
    when_main_window(close)
    assert started(["--db", protected.location, "--user", "Tesorero"]) == 0
    assert seen == {"name": "tesorero", "failed": 1, "user": "tesorero"}
    assert PASSWORD_VAR not in os.environ


def test_started_to_report_the_figures_it_closes_once_the_panel_shows_them(
    qtbot, demo_db, started, monkeypatch, capsys
):
    with demo_db.Session.begin() as s:
        add_account(s, "tesorero", "treasurer", "Teresa Mamani")
    monkeypatch.setenv(PASSWORD_VAR, PASSWORD)
    monkeypatch.setenv("AGROFERIA_QUIT_WHEN_SHOWN", "figures")
    assert started(["--db", demo_db.location, "--user", "tesorero"]) == 0
    marks = [line.split()[0] for line in capsys.readouterr().out.splitlines()]
    assert marks == ["shell", "painted", "figures"]
