"""How quickly a fresh process is useful, beside bare baselines measured in the same run.

    python -m bench.bench_startup [--repeat 7]

On the demo database, each repeat runs (interleaved, so that a noisy machine weighs on
both sides alike):

* a bare PySide6 process that shows an empty main window (the baseline), then the app's
  start-up of ``bench.bench_gui`` (signed in, painted window, the panel's figures), then
  the app as a person starts it (``agroferia --user admin``, the password in the
  environment): when its frame is painted, when the signed-in main window is, and when the
  Panel shows its figures (``AGROFERIA_QUIT_WHEN_SHOWN=figures``);
* a bare ``python -c`` that runs three SQL aggregates of one month with ``sqlite3`` (the
  baseline), then the whole command ``agroferia stats --json`` for the same month, and a
  process that only imports the data model (SQLAlchemy's ORM and ``core.models``): the part
  of the command that ``stats`` cannot do without while it computes through the ORM.

Every time counts from the process start, Python and the imports included.  The modules'
bytecode is cached (in a temporary folder), as for an installed app, and a first round warms
it up uncounted.  Runs offscreen (QT_QPA_PLATFORM=offscreen) unless a display is set.
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

from bench.bench_gui import STARTUP

BARE_WINDOW = r"""
import time
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
window.resize(1100, 720)
window.show()
app.processEvents()
print("painted", time.time(), flush=True)
"""

BARE_STATS = r"""
import json, sqlite3, sys
con = sqlite3.connect(sys.argv[1])
period = (sys.argv[2], sys.argv[3])
days = "SELECT id FROM fair_day WHERE date BETWEEN ? AND ?"
sales = con.execute(
    "SELECT v.sex, s.payment_method, count(*), sum(s.amount_cents) FROM sale s "
    f"JOIN vendor v ON v.id = s.vendor_id WHERE s.fair_day_id IN ({days}) "
    "GROUP BY v.sex, s.payment_method", period).fetchall()
fees = con.execute(
    f"SELECT count(*), sum(due_cents), sum(paid_cents) FROM fee WHERE fair_day_id IN ({days})",
    period).fetchone()
present = con.execute(
    "SELECT v.sex, count(DISTINCT a.vendor_id), count(*) FROM attendance a "
    f"JOIN vendor v ON v.id = a.vendor_id WHERE a.fair_day_id IN ({days}) GROUP BY v.sex",
    period).fetchall()
print(json.dumps({"sales": sales, "fees": fees, "present": present}))
"""


def _marks(out: str) -> dict[str, float]:
    return {
        parts[0]: float(parts[1])
        for parts in (line.split() for line in out.splitlines())
        if len(parts) == 2 and parts[0] in ("painted", "figures", "shell")
    }


def _run(argv: list[str], env: dict[str, str]) -> tuple[float, dict[str, float]]:
    """The whole process's time, and the marks it printed (as times since its start)."""
    start = time.time()
    out = subprocess.run(
        argv, env=env, capture_output=True, text=True, check=True, timeout=60
    ).stdout
    elapsed = time.time() - start
    return elapsed, {name: mark - start for name, mark in _marks(out).items()}


def line(name: str, times: list[float], base: list[float] | None = None) -> str:
    median = statistics.median(times)
    text = f"{name:<40} median {median:6.3f} s  (min {min(times):.3f}, max {max(times):.3f})"
    if base:
        text += f"  {median / statistics.median(base):5.1f}× the baseline"
    return text


def measure(db: Path, repeat: int, start: str, end: str) -> dict[str, list[float]]:
    env = {**os.environ, "AGROFERIA_CONFIG_DIR": tempfile.mkdtemp()}
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = tempfile.mkdtemp()
    py = sys.executable
    models_only = [py, "-c", "import agroferia.core.models"]
    stats_argv = [py, "-m", "agroferia", "--db", str(db), "stats", "--from", start,
                  "--to", end, "--json"]  # fmt: skip
    times: dict[str, list[float]] = {
        k: [] for k in ("bare window", "painted", "figures", "bare stats", "stats")
    }
    person = {**env, "AGROFERIA_QUIT_WHEN_SHOWN": "figures", "AGROFERIA_PASSWORD": "demo-admin"}
    app_argv = [py, "-m", "agroferia", "--db", str(db), "--user", "admin"]
    for round in range(repeat + 1):
        if round == 1:  # the first round only wrote the bytecode
            for each in times.values():
                each.clear()
        times["bare window"].append(_run([py, "-c", BARE_WINDOW], env)[1]["painted"])
        marks = _run([py, "-c", STARTUP, str(db)], env)[1]
        times["painted"].append(marks["painted"])
        times["figures"].append(marks["figures"])
        marks = _run(app_argv, person)[1]
        if "shell" in marks:
            times.setdefault("app frame", []).append(marks["shell"])
        times.setdefault("app window", []).append(marks["painted"])
        if "figures" in marks:
            times.setdefault("app figures", []).append(marks["figures"])
        times["bare stats"].append(_run([py, "-c", BARE_STATS, str(db), start, end], env)[0])
        times["stats"].append(_run(stats_argv, env)[0])
        times.setdefault("models", []).append(_run(models_only, env)[0])
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--from", dest="start", default="2026-10-01")
    parser.add_argument("--to", dest="end", default="2026-10-31")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "demo.db"
        subprocess.run([sys.executable, "-m", "agroferia", "--db", str(db), "demo",
                        "--until", "2026-11-29"], check=True, capture_output=True)  # fmt: skip
        t = measure(db, args.repeat, args.start, args.end)
    print(line("bare PySide6 window painted", t["bare window"]))
    print(line("start-up to a painted window", t["painted"], t["bare window"]))
    print(line("start-up to the panel's figures", t["figures"], t["bare window"]))
    if t.get("app frame"):
        print(line("agroferia --user admin: frame painted", t["app frame"], t["bare window"]))
    print(line("agroferia --user admin: window painted", t["app window"], t["bare window"]))
    if t.get("app figures"):
        print(line("agroferia --user admin: panel's figures", t["app figures"], t["bare window"]))
    print(line("bare sqlite3, 3 aggregates, one month", t["bare stats"]))
    print(line("agroferia stats --json, one month", t["stats"], t["bare stats"]))
    print(line("  of which importing the data model", t["models"], t["bare stats"]))


if __name__ == "__main__":
    main()
