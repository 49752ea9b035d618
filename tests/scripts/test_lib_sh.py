"""scripts/lib.sh, run by a real bash: waiting for the package manager's lock (an fcntl
lock held by another process, as apt and dpkg take them, on a file named by
AGROFERIA_APT_LOCKS), and installing the project only when the source or the extras asked
for are new (with a stand-in for the virtual environment's python that records its calls)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
LIB = REPO / "scripts" / "lib.sh"
HOLD = 2.0

pytestmark = pytest.mark.skipif(
    not (shutil.which("bash") and Path("/proc/locks").exists()), reason="bash and Linux"
)

HOLDER = """
import fcntl, sys, time
with open(sys.argv[1], "w") as lock:
    fcntl.lockf(lock, fcntl.LOCK_EX)
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def bash(script: str, env: dict[str, str], cwd: Path = REPO) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", "-c", f"set -euo pipefail; . {LIB}; {script}"], env=env,
                          cwd=cwd, capture_output=True, text=True, timeout=60,
                          check=False)  # fmt: skip


@pytest.fixture
def env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("AGROFERIA_")}


def hold(path: Path, seconds: float) -> subprocess.Popen:
    """Another process holding an fcntl lock on ``path`` for ``seconds``."""
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(path), str(seconds)],
                              stdout=subprocess.PIPE, text=True)  # fmt: skip
    assert holder.stdout.readline().strip() == "held"
    return holder


def test_waits_while_another_program_holds_the_lock_and_says_which(tmp_path, env):
    lock = tmp_path / "lock-frontend"
    holder = hold(lock, HOLD)
    try:
        start = time.monotonic()
        done = bash("wait_for_package_manager",
                    env | {"AGROFERIA_APT_LOCKS": f"{tmp_path / 'missing'}:{lock}"})  # fmt: skip
        elapsed = time.monotonic() - start
    finally:
        holder.wait(timeout=30)
    assert done.returncode == 0, done.stderr
    assert f"PID {holder.pid}) is using the package manager" in done.stderr
    assert "Waiting for it to finish" in done.stderr
    assert "free again" in done.stderr
    assert elapsed >= HOLD - 0.5  # it waited for the other program (started before the clock)


def test_a_lock_nobody_holds_costs_nothing(tmp_path, env):
    lock = tmp_path / "lock"
    lock.touch()
    hold(lock, 0).wait(timeout=30)  # held once, released: no longer in /proc/locks
    done = bash("wait_for_package_manager", env | {"AGROFERIA_APT_LOCKS": str(lock)})
    assert (done.returncode, done.stderr) == (0, "")


def test_gives_up_after_the_limit_with_what_to_do(tmp_path, env):
    lock = tmp_path / "lock"
    holder = hold(lock, 30)
    try:
        start = time.monotonic()
        done = bash("wait_for_package_manager",
                    env | {"AGROFERIA_APT_LOCKS": str(lock), "AGROFERIA_APT_WAIT": "1"})  # fmt: skip
        elapsed = time.monotonic() - start
    finally:
        holder.kill()
        holder.wait(timeout=30)
    assert done.returncode == 1
    assert "Waiting for it to finish" in done.stderr
    assert "still busy after 0 min 1 s" in done.stderr
    assert "run this command again" in done.stderr
    assert elapsed < 10


# --- installing the project -----------------------------------------------------------------

FAKE_PYTHON = """#!/bin/sh
# records how it was called; "import agroferia" works once something was installed
echo "$*" >>"$(dirname "$0")/../calls"
case "$*" in
  *"-m pip install"*) touch "$(dirname "$0")/../installed" ;;
  *"import agroferia"*) [ -f "$(dirname "$0")/../installed" ] ;;
esac
"""


@pytest.fixture
def project(tmp_path, env) -> tuple[Path, dict[str, str]]:
    """A git checkout and a stand-in virtual environment."""
    source = tmp_path / "source"
    source.mkdir()
    (source / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    git = ["git", "-c", "user.name=Ana", "-c", "user.email=ana@example.org"]
    subprocess.run(["git", "init", "-q"], cwd=source, check=True)
    subprocess.run(["git", "add", "."], cwd=source, check=True)
    subprocess.run([*git, "commit", "-qm", "uno"], cwd=source, check=True)
    python = tmp_path / "venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text(FAKE_PYTHON)
    python.chmod(0o755)
    return source, env | {"AGROFERIA_VENV": str(tmp_path / "venv")}


def install(project, extras: str) -> tuple[list[str], str]:
    """The pip installs ``install_project extras`` made, and what it said."""
    source, env = project
    calls = Path(env["AGROFERIA_VENV"]) / "calls"
    calls.unlink(missing_ok=True)
    done = bash(f"install_project '{extras}'", env, cwd=source)
    assert done.returncode == 0, done.stderr
    made = calls.read_text().splitlines() if calls.exists() else []
    return [call for call in made if "pip install" in call], done.stderr


def test_installs_once_for_the_extras_asked_and_those_installed_before(project):
    pips, said = install(project, "")
    assert pips == ["-m pip install -q ."]
    assert said.startswith("Installing Agroferia into")
    assert install(project, "") == ([], "")  # the same again: nothing to do, nothing said
    pips, said = install(project, "[test]")
    assert pips == ["-m pip install -q .[test]"]
    assert "Installing Agroferia[test] into" in said
    assert install(project, "") == ([], "")  # run-app.sh after test.sh: test's extras stay
    assert install(project, "[test]") == ([], "")  # and test.sh after run-app.sh
    pips, _said = install(project, "[test,package]")
    assert pips == ["-m pip install -q .[package,test]"]
    assert install(project, "[package]") == ([], "")  # a part of what is installed
    assert install(project, "[ test , package ]") == ([], "")


def test_a_change_of_the_source_installs_again_with_the_extras_it_had(project):
    source, _env = project
    install(project, "[test]")
    (source / "pyproject.toml").write_text("[project]\nname = 'y'\n")  # not committed yet
    pips, _said = install(project, "")
    assert pips == ["-m pip install -q .[test]"]
    assert install(project, "") == ([], "")
    subprocess.run(["git", "add", "."], cwd=source, check=True)  # staged: the same files
    pips, _said = install(project, "")
    assert pips == ["-m pip install -q .[test]"]  # the index changed: installed once more
    assert install(project, "[test]") == ([], "")


def test_a_stamp_from_before_or_a_broken_install_installs_again(project):
    _source, env = project
    venv = Path(env["AGROFERIA_VENV"])
    install(project, "[test]")
    (venv / ".agroferia-installed").write_text("0123abcd\n")  # the one-line stamp of old
    pips, _said = install(project, "[test]")
    assert pips == ["-m pip install -q .[test]"]
    (venv / "installed").unlink()  # agroferia no longer imports
    pips, _said = install(project, "")
    assert pips == ["-m pip install -q .[test]"]
    assert install(project, "[test]") == ([], "")
