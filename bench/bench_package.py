"""How quickly the installed app shows its window, against a bare PySide6 window.

    python -m bench.bench_package [--dist dist] [--repeat 7]

Needs a build (``bash scripts/build-package.sh``).  Each round, interleaved: the frozen app
(``DIST/agroferia/agroferia``) on the demo database, signed in with ``--user`` (no dialog
to wait for), until its main window is painted (``AGROFERIA_QUIT_WHEN_SHOWN``); the same
from the virtual environment (``python -m agroferia``); and the baseline, a bare PySide6
window from the virtual environment.  Times count from the process start.  Target: the
frozen app painted within 1.0 s.  Runs offscreen unless a display is set.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.bench_startup import BARE_WINDOW


def painted(command: list[str], env: dict[str, str]) -> float:
    start = time.time()
    out = subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout
    marks = [line.split() for line in out.splitlines() if line.startswith("painted")]
    return float(marks[0][1]) - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dist", type=Path, default=Path("dist"))
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    program = args.dist.resolve() / "agroferia" / "agroferia"
    if not program.exists():
        raise SystemExit(f"{program} not found: build it first (bash scripts/build-package.sh)")
    folder = Path(tempfile.mkdtemp())
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
        "XDG_DATA_HOME": str(folder / "data"),
        "XDG_STATE_HOME": str(folder / "state"),
        "AGROFERIA_CONFIG_DIR": str(folder / "config"),
    }
    db = folder / "demo.db"
    subprocess.run([program, "--db", db, "demo"], env=env, check=True, capture_output=True)
    app_env = {**env, "AGROFERIA_QUIT_WHEN_SHOWN": "1", "AGROFERIA_PASSWORD": "demo-admin"}
    runs: dict[str, list[float]] = {"frozen": [], "venv": [], "bare": []}
    for _ in range(args.repeat):
        runs["frozen"].append(painted([str(program), "--db", str(db), "--user", "admin"], app_env))
        venv = [sys.executable, "-m", "agroferia", "--db", str(db), "--user", "admin"]
        runs["venv"].append(painted(venv, app_env))
        runs["bare"].append(painted([sys.executable, "-c", BARE_WINDOW], env))
    bare = statistics.median(runs["bare"])
    for name, label in (
        ("frozen", "installed app, painted window"),
        ("venv", "same from the virtual environment"),
        ("bare", "baseline: bare PySide6 window"),
    ):
        median = statistics.median(runs[name])
        print(
            f"{label:38} median {median:.2f} s (min {min(runs[name]):.2f}, "
            f"max {max(runs[name]):.2f}) = {median / bare:.1f}× baseline"
        )
    print(f"target: installed app ≤ 1.00 s → {statistics.median(runs['frozen']):.2f} s")


if __name__ == "__main__":
    main()
