"""scripts/lib.sh, run by a real bash: waiting for the package manager's lock (an fcntl
lock held by another process, as apt and dpkg take them, on a file named by
AGROFERIA_APT_LOCKS), installing the system packages missing (with stand-ins for dpkg-query,
apt-cache and apt-get) and installing the project only when the source or the extras asked
for are new (with a stand-in for the virtual environment's python that records its calls)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
LIB = REPO / "scripts" / "lib.sh"

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

HOLD_UNTIL_TOLD = """
import fcntl, sys, time
with open(sys.argv[1], "w") as lock:
    fcntl.lockf(lock, fcntl.LOCK_EX)
    print("held", flush=True)
    sys.stdin.readline()
    released = time.time()  # before letting go: nobody can have seen the lock free earlier
    fcntl.lockf(lock, fcntl.LOCK_UN)
    print(released, flush=True)
    time.sleep(30)  # the process stays: only the lock was released
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
    """No timing guessed: the holder lets go only once bash said it waits, and bash returns
    after the moment the holder let go (both read the system's clock)."""
    lock = tmp_path / "lock-frontend"
    holder = subprocess.Popen([sys.executable, "-c", HOLD_UNTIL_TOLD, str(lock)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)  # fmt: skip
    waiting = None
    try:
        assert holder.stdout.readline().strip() == "held"
        waiting = subprocess.Popen(
            ["bash", "-c", f'set -euo pipefail; . {LIB}; wait_for_package_manager; date +%s.%N'],
            env=env | {"AGROFERIA_APT_LOCKS": f"{tmp_path / 'missing'}:{lock}"},
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        said = waiting.stderr.readline()  # blocks until bash says it waits (or ends)
        assert f"PID {holder.pid}) is using the package manager" in said
        assert "Waiting for it to finish" in said
        assert waiting.poll() is None  # still waiting while the lock is held
        holder.stdin.write("release\n")
        holder.stdin.flush()
        released = float(holder.stdout.readline())
        out, rest = waiting.communicate(timeout=60)
    finally:
        holder.kill()
        holder.wait(timeout=30)
        if waiting is not None and waiting.poll() is None:
            waiting.kill()
    assert waiting.returncode == 0, rest
    assert "free again" in rest
    assert float(out) >= released  # bash returned after the lock was let go


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
    # the limit, or a second or two more on a loaded machine
    assert re.search(r"still busy after 0 min [1-5] s", done.stderr), done.stderr
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


GIT = ["git", "-c", "user.name=Ana", "-c", "user.email=ana@example.org"]


@pytest.fixture
def project(tmp_path, env) -> tuple[Path, dict[str, str]]:
    """A git checkout and a stand-in virtual environment."""
    source = tmp_path / "source"
    source.mkdir()
    (source / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    subprocess.run(["git", "init", "-q"], cwd=source, check=True)
    subprocess.run(["git", "add", "."], cwd=source, check=True)
    subprocess.run([*GIT, "commit", "-qm", "uno"], cwd=source, check=True)
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


def test_staging_or_committing_the_same_files_installs_nothing(project):
    source, _env = project
    install(project, "")
    (source / "pyproject.toml").write_text("[project]\nname = 'y'\n")
    (source / "nuevo.py").write_text("x = 1\n")
    assert len(install(project, "")[0]) == 1
    subprocess.run(["git", "add", "."], cwd=source, check=True)
    assert install(project, "") == ([], "")
    subprocess.run([*GIT, "commit", "-qm", "dos"], cwd=source, check=True)
    assert install(project, "") == ([], "")


def test_a_new_untracked_file_or_a_removed_one_installs_again(project):
    source, _env = project
    install(project, "")
    (source / "agroferia").mkdir()
    (source / "agroferia" / "nuevo.py").write_text("x = 1\n")  # not added to git
    assert len(install(project, "")[0]) == 1
    assert install(project, "") == ([], "")
    (source / "agroferia" / "nuevo.py").write_text("x = 2\n")
    assert len(install(project, "")[0]) == 1
    (source / "pyproject.toml").unlink()  # tracked, deleted
    assert len(install(project, "")[0]) == 1
    assert install(project, "") == ([], "")


def test_ignored_files_and_the_virtual_environment_inside_the_source_do_not_count(project):
    source, env = project
    (source / ".gitignore").write_text("*.db\n__pycache__/\n")
    venv = Path(env["AGROFERIA_VENV"])
    inside = source / "entorno"  # a virtual environment git does not ignore
    shutil.copytree(venv, inside)
    project = (source, env | {"AGROFERIA_VENV": str(inside)})
    assert len(install(project, "")[0]) == 1
    assert install(project, "") == ([], "")  # its stamp and calls were written inside
    (source / "agroferia.db").write_text("datos")
    (source / "__pycache__").mkdir()
    (source / "__pycache__" / "x.pyc").write_text("x")
    assert install(project, "") == ([], "")


def test_a_source_outside_git_is_hashed_by_its_files(project, tmp_path):
    _source, env = project
    source = tmp_path / "desde-un-zip"
    (source / "agroferia").mkdir(parents=True)
    (source / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    (source / "agroferia" / "app.py").write_text("x = 1\n")
    shutil.copytree(Path(env["AGROFERIA_VENV"]), source / ".venv")
    project = (source, env | {"AGROFERIA_VENV": str(source / ".venv")})
    assert len(install(project, "")[0]) == 1
    assert install(project, "") == ([], "")
    for made in ["build/lib/x.py", "dist/x.whl", "agroferia/__pycache__/app.pyc",
                 ".ruff_cache/x", "agroferia.egg-info/PKG-INFO"]:  # fmt: skip
        (source / made).parent.mkdir(parents=True, exist_ok=True)
        (source / made).write_text("x")
    assert install(project, "") == ([], "")
    (source / "agroferia" / "app.py").write_text("x = 2\n")
    assert len(install(project, "")[0]) == 1
    (source / "agroferia" / "nuevo.py").write_text("y = 1\n")
    assert len(install(project, "")[0]) == 1
    assert install(project, "") == ([], "")


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


# --- system packages ------------------------------------------------------------------------

DPKG_QUERY = """#!/bin/sh
# dpkg-query -W -f=... NAME: installed when NAME is in $FAKE_INSTALLED
for name; do :; done
case " $FAKE_INSTALLED " in
  *" $name "*) echo "install ok installed" ;;
  *) echo "dpkg-query: no packages found matching $name" >&2; exit 1 ;;
esac
"""

APT_CACHE = """#!/bin/sh
# apt-cache show --no-all-versions NAME: a record when NAME is in $FAKE_KNOWN
for name; do :; done
case " $FAKE_KNOWN " in
  *" $name "*) printf 'Package: %s\\nVersion: 1.0\\n' "$name" ;;
esac
"""

APT_GET = """#!/bin/sh
echo "$*" >>"$(dirname "$0")/apt-get.calls"
"""


@pytest.fixture
def system(tmp_path, env) -> tuple[Path, dict[str, str]]:
    """Stand-ins for dpkg-query, apt-cache, apt-get and sudo first on PATH; no apt lock."""
    stubs = tmp_path / "stubs"
    stubs.mkdir()
    for name, text in [("dpkg-query", DPKG_QUERY), ("apt-cache", APT_CACHE),
                       ("apt-get", APT_GET), ("sudo", '#!/bin/sh\nexec "$@"\n')]:  # fmt: skip
        (stubs / name).write_text(text)
        (stubs / name).chmod(0o755)
    return stubs, env | {"PATH": f"{stubs}:{env['PATH']}",
                         "AGROFERIA_APT_LOCKS": str(tmp_path / "no-lock")}  # fmt: skip


def apt_calls(stubs: Path) -> list[str]:
    calls = stubs / "apt-get.calls"
    return calls.read_text().splitlines() if calls.exists() else []


def test_the_renamed_library_installed_satisfies_its_alternative(system):
    stubs, env = system
    installed = "libegl1 libgl1 libxkbcommon0 libfontconfig1 libfreetype6 libglib2.0-0t64 "
    done = bash('ensure_system_packages "${QT_BASE_PACKAGES[@]}"',
                env | {"FAKE_INSTALLED": installed + "libdbus-1-3"})  # fmt: skip
    assert (done.returncode, done.stderr, apt_calls(stubs)) == (0, "", [])
    # the old name on an older system too
    done = bash('ensure_system_packages "libglib2.0-0t64|libglib2.0-0" libdbus-1-3',
                env | {"FAKE_INSTALLED": "libglib2.0-0 libdbus-1-3"})  # fmt: skip
    assert (done.returncode, done.stderr, apt_calls(stubs)) == (0, "", [])


def test_installs_the_first_alternative_apt_knows_and_says_which(system):
    stubs, env = system
    done = bash('ensure_system_packages libegl1 "libglib2.0-0t64|libglib2.0-0" libdbus-1-3',
                env | {"FAKE_INSTALLED": "libegl1",
                       "FAKE_KNOWN": "libegl1 libglib2.0-0 libdbus-1-3"})  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Installing system packages: libglib2.0-0t64|libglib2.0-0 libdbus-1-3" in done.stderr
    assert "libglib2.0-0t64|libglib2.0-0: installing libglib2.0-0\n" in done.stderr
    update, install = apt_calls(stubs)
    assert update.endswith(" update -qq")
    assert install.endswith(" install -y -qq --no-install-recommends libglib2.0-0 libdbus-1-3")
    (stubs / "apt-get.calls").unlink()
    done = bash('ensure_system_packages "libglib2.0-0t64|libglib2.0-0"',
                env | {"FAKE_KNOWN": "libglib2.0-0t64"})  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert apt_calls(stubs)[1].endswith(" --no-install-recommends libglib2.0-0t64")


@pytest.mark.skipif(
    not (shutil.which("apt-cache") and shutil.which("dpkg-query")), reason="Debian or Ubuntu"
)
def test_each_qt_package_or_one_of_its_alternatives_is_a_real_package_here(env):
    """A library renamed for the 64-bit time_t leaves its old name a virtual package, which
    would be looked for and "installed" again on every run."""
    known = bash("package_known libc6 || package_known libc6.1", env)
    if known.returncode != 0:
        pytest.skip("apt's package lists are empty (apt-get update)")
    done = bash(
        'for spec in "${QT_BASE_PACKAGES[@]}" "${QT_DISPLAY_PACKAGES[@]}"; do\n'
        '  IFS="|" read -r -a names <<<"$spec"; found=""\n'
        '  for name in "${names[@]}"; do package_known "$name" && found=1 && break; done\n'
        '  [ -n "$found" ] || echo "$spec"\n'
        "done",
        env,
    )
    assert (done.returncode, done.stdout) == (0, "")


# --- run-app.sh -----------------------------------------------------------------------------

FAKE_AGROFERIA = """#!/bin/sh
# one line per call, its arguments separated by "|"
(IFS="|"; echo "$*") >>"$(dirname "$0")/../agroferia.calls"
"""


@pytest.fixture
def run_app(project, tmp_path):
    """Runs scripts/run-app.sh with every system package installed and a stand-in virtual
    environment whose agroferia records its calls; returns them."""
    _source, env = project
    venv = Path(env["AGROFERIA_VENV"])
    (venv / "bin" / "agroferia").write_text(FAKE_AGROFERIA)
    (venv / "bin" / "agroferia").chmod(0o755)
    stubs = tmp_path / "installed"
    stubs.mkdir()
    (stubs / "dpkg-query").write_text('#!/bin/sh\necho "install ok installed"\n')
    (stubs / "dpkg-query").chmod(0o755)
    env = env | {"PATH": f"{stubs}:{env['PATH']}", "QT_QPA_PLATFORM": "offscreen"}

    def run(*args: str, more_env: dict[str, str] | None = None) -> list[list[str]]:
        calls = venv / "agroferia.calls"
        calls.unlink(missing_ok=True)
        done = subprocess.run(["bash", str(REPO / "scripts" / "run-app.sh"), *args],
                              env=env | (more_env or {}),
                              capture_output=True, text=True, timeout=120, check=False)  # fmt: skip
        assert done.returncode == 0, done.stderr
        return [line.split("|") if line else [] for line in calls.read_text().splitlines()]

    return run


@pytest.mark.parametrize(
    ("args", "demo"),
    [
        ([], []),
        (["--lang", "en"], ["--lang", "en"]),
        (["copia.agroferia"], []),
        (["--db", "x.db", "copia.agroferia"], ["--db", "x.db"]),
        (["COPIA.AGROFERIA", "--db=x.db", "--user", "ana"], ["--db=x.db", "--user", "ana"]),
        (
            ["--lang=en", "--user=ana", "--db", "a b.db"],
            ["--lang=en", "--user=ana", "--db", "a b.db"],
        ),
        (["--db", "x.db", "template", "--lang", "en", "--out", "p.xlsx"], ["--db", "x.db"]),
        (["--help"], []),
    ],
)
def test_run_app_gives_the_demo_only_the_global_options_and_the_window_everything(
    run_app, args, demo
):
    assert run_app(*args) == [[*demo, "demo", "--if-new"], args]


@pytest.mark.parametrize(
    ("args", "db_env", "extras"),
    [
        (["--db", "postgresql://feria@servidor/ferias"], "", "[postgresql]"),
        (["--db=POSTGRES://feria@servidor/ferias", "--lang", "en"], "", "[postgresql]"),
        ([], "postgresql+psycopg://feria@servidor/ferias", "[postgresql]"),
        (["--db", "x.db"], "postgresql://feria@servidor/ferias", ""),
        (["--db", "x.db"], "", ""),
    ],
)
def test_run_app_installs_the_driver_of_a_server_s_database(project, run_app, args, db_env, extras):
    _source, env = project
    calls = Path(env["AGROFERIA_VENV"]) / "calls"
    run_app(*args, more_env={"AGROFERIA_DB": db_env} if db_env else None)
    installs = [call for call in calls.read_text().splitlines() if "pip install" in call]
    assert installs == [f"-m pip install -q .{extras}"]
