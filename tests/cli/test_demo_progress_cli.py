"""``agroferia demo`` shows its progress on stderr while it builds (the first start of
``scripts/run-app.sh`` waits for it), and nothing when there is nothing to build."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.test_backup_cli import env

assert env  # a fixture: the command's own data and log folders

REPO = Path(__file__).resolve().parents[2]
UNTIL = "2026-03-29"
LINE = re.compile(r"^Creando la feria de demostración… (\d+) %$")


def run(args: list[str], env: dict[str, str], **extra) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "agroferia", *args], env=env, cwd=REPO,
                          stdin=subprocess.DEVNULL, timeout=120, check=False,
                          **{"capture_output": True, "text": True} | extra)  # fmt: skip


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    """A demo built into a new file, with what the command printed."""
    folder = tmp_path_factory.mktemp("progress")
    clean = {k: v for k, v in os.environ.items() if not k.startswith("AGROFERIA_")}
    env = clean | {"PYTHONPATH": str(REPO), "XDG_DATA_HOME": str(folder / "datos"),
                   "AGROFERIA_LOG_DIR": str(folder / "logs")}  # fmt: skip
    path = folder / "nueva" / "agroferia.db"
    return path, run(["--db", str(path), "demo", "--until", UNTIL, "--if-new"], env)


def test_a_new_demo_tells_its_progress_on_stderr_up_to_100(built):
    path, done = built
    assert done.returncode == 0, done.stderr
    assert path.exists()
    lines = done.stderr.splitlines()
    percents = [int(LINE.match(line)[1]) for line in lines if LINE.match(line)]
    assert len(percents) == len(lines) >= 5, done.stderr  # only progress: one line a step
    assert percents[0] == 0
    assert percents[-1] == 100
    assert percents == sorted(set(percents))  # always forward, never twice the same
    assert "84 expositores" in done.stdout
    assert "Creando" not in done.stdout  # stdout keeps only the result


def test_demo_if_new_on_an_existing_database_prints_nothing(built, env):
    path, _first = built
    done = run(["--db", str(path), "demo", "--until", UNTIL, "--if-new"], env)
    assert done.returncode == 0, done.stderr
    assert (done.stdout, done.stderr) == ("", "")


def test_a_refused_demo_shows_no_progress(built, env):
    path, _first = built
    admin = env | {"AGROFERIA_PASSWORD": "demo-admin"}
    done = run(["--db", str(path), "--user", "admin", "demo", "--until", UNTIL], admin)
    assert done.returncode != 0
    assert "ya tiene datos" in done.stderr
    assert "Creando" not in done.stderr
    assert "Traceback" not in done.stderr


def test_on_a_terminal_one_line_is_rewritten_in_place_in_the_chosen_language(tmp_path, env):
    main, terminal = pty.openpty()
    try:
        done = run(["--lang", "en", "--db", str(tmp_path / "a.db"), "demo", "--until", UNTIL],
                   env, capture_output=False, stdout=subprocess.PIPE, stderr=terminal)  # fmt: skip
        os.close(terminal)
        terminal = -1
        shown = b""
        while True:
            try:
                chunk = os.read(main, 65536)
            except OSError:  # the other end is closed: all was read
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(main)
        if terminal >= 0:
            os.close(terminal)
    assert done.returncode == 0
    text = shown.decode()
    assert text.startswith("\rCreating the demo fair… 0%\rCreating the demo fair… ")
    assert text.endswith("\rCreating the demo fair… 100%\r\n")  # the terminal's own \r\n
    assert text.count("\n") == 1  # one line, rewritten
    assert text.count("\r") > 10
    assert "84 vendors" in done.stdout
