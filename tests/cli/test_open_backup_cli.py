"""``agroferia FILE.agroferia`` (a backup opened with the app): the file is taken in place of
a command and handed to the window; a file that is missing or is not a backup is a usage
error (exit 2, in the chosen language), and a mistyped command is still one."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from agroferia import cli, cli_open
from agroferia.cli_open import opened_backup

# backups of SQLite files
pytestmark = pytest.mark.sqlite_only

COMMANDS = ("demo", "stats", "restore", "backup")
DISPLAY_VARS = ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")


@pytest.fixture(autouse=True)
def no_display(monkeypatch):
    """As from a terminal without a display: the refusals go to stderr only (the message
    box a double-click gets is tested in ``tests/ui/test_started.py``)."""
    monkeypatch.setattr(cli_open, "has_display", lambda: False)


@pytest.fixture
def copy(tmp_path) -> Path:
    path = tmp_path / "copia de la feria.agroferia"
    path.write_bytes(b"PK")  # what it holds is read by the window, not by the parser
    return path


@pytest.mark.parametrize(
    "before",
    [[], ["--db", "otra.db"], ["--lang", "en", "--db", "otra.db"], ["--db=otra.db", "--lang=es"]],
)
def test_the_backup_is_taken_out_of_the_arguments(copy, before):
    argv, backup = opened_backup([*before, str(copy)], COMMANDS)
    assert argv == before and backup == copy
    args = cli.build_parser().parse_args(argv)
    assert args.command is None  # the window opens, on its usual database


def test_options_may_follow_it_and_a_dash_name_goes_after_two_dashes(copy, tmp_path,
                                                                      monkeypatch):  # fmt: skip
    argv, backup = opened_backup([str(copy), "--lang", "en"], COMMANDS)
    assert argv == ["--lang", "en"] and backup == copy
    odd = tmp_path / "-copia.agroferia"
    odd.write_bytes(b"PK")
    monkeypatch.chdir(tmp_path)
    argv, backup = opened_backup(["--db", "f.db", "--", odd.name], COMMANDS)
    assert argv == ["--db", "f.db"] and backup == odd


def test_a_relative_path_is_made_absolute(copy, monkeypatch):
    monkeypatch.chdir(copy.parent)
    _argv, backup = opened_backup([copy.name], COMMANDS)
    assert backup == copy and backup.is_absolute()


def test_commands_and_options_are_left_to_the_parser(copy):
    for argv in (["stats", "--json"], ["--db", "x.agroferia", "demo"], ["--version"], [],
                 ["statz"], ["restore", str(copy)]):  # fmt: skip
        assert opened_backup(list(argv), COMMANDS) == (argv, None)


def test_the_gui_gets_the_backup(copy, monkeypatch, tmp_path):
    seen = {}

    def gui(args, backup=None):
        seen.update(db=args.db, lang=args.lang, backup=backup)
        return 0

    monkeypatch.setattr(cli, "_gui", gui)
    assert cli.main(["--db", str(tmp_path / "f.db"), "--lang", "es", str(copy)]) == 0
    assert seen == {"db": str(tmp_path / "f.db"), "lang": "es", "backup": copy}


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("no-existe.agroferia", "no existe el archivo {path}"),
        ("carpeta/no-existe.agroferia", "no existe el archivo {path}"),
        ("notas.txt", "{path} no es una copia de seguridad de Agroferia (un archivo .agroferia)"),
        ("copias.agroferia", "{path} no es una copia de seguridad de Agroferia"),
    ],
)
def test_a_missing_or_wrong_file_is_a_usage_error(tmp_path, capsys, monkeypatch, name, message):
    (tmp_path / "notas.txt").write_text("no es una copia")
    (tmp_path / "copias.agroferia").mkdir()  # a folder named like a backup
    monkeypatch.setattr(cli, "_gui", lambda *a, **k: pytest.fail("the window opened"))
    path = str(tmp_path / name)
    assert cli.main(["--db", str(tmp_path / "f.db"), path]) == cli.EXIT_USAGE
    err = capsys.readouterr().err
    assert f"agroferia: error: {message.format(path=path)}" in err
    assert "Use «agroferia --help» para ver las opciones." in err and "Traceback" not in err
    assert not (tmp_path / "f.db").exists()


def test_a_backup_goes_alone(copy, capsys, monkeypatch):
    monkeypatch.setattr(cli, "_gui", lambda *a, **k: pytest.fail("the window opened"))
    assert cli.main([str(copy), "stats"]) == cli.EXIT_USAGE
    assert "una copia de seguridad se abre sola" in capsys.readouterr().err


def test_a_mistyped_command_is_still_named_as_such(capsys):
    assert cli.main(["statz"]) == cli.EXIT_USAGE
    assert "opción no válida: 'statz'" in capsys.readouterr().err


def test_the_error_follows_the_language(tmp_path, capsys):
    path = str(tmp_path / "missing.agroferia")
    assert cli.main(["--lang", "en", path]) == cli.EXIT_USAGE
    err = capsys.readouterr().err
    assert f"agroferia: error: file {path} does not exist" in err


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="always a display there")
def test_the_installed_command_refuses_a_missing_backup(tmp_path):
    path = tmp_path / "no-existe.agroferia"
    env = {k: v for k, v in os.environ.items() if k not in DISPLAY_VARS}
    done = subprocess.run([sys.executable, "-m", "agroferia", "--db", str(tmp_path / "f.db"),
                           str(path)], capture_output=True, text=True, encoding="utf-8",
                          timeout=60, check=False, env=env)  # fmt: skip
    assert done.returncode == 2
    assert done.stderr.startswith(f"agroferia: error: no existe el archivo {path}\n")
    assert not (tmp_path / "f.db").exists()


def test_the_options_taking_a_value_are_the_parsers():
    """``cli_open`` skips the values of the options before a command: the same options as
    the parser's, so that a new one cannot pass for a backup file."""
    parser = cli.build_parser()
    valued = {
        option
        for action in parser._actions
        if action.option_strings and action.nargs is None and action.const is None
        for option in action.option_strings
        if option.startswith("--")
    }
    assert valued == set(cli_open.VALUED_OPTIONS)
