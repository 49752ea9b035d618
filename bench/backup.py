"""How long a backup and a restore of ten years of history (about a million sales) take.

    python -m bench.backup [--db LARGE.db] [--repeat 3]

The database (``/work/benchdata/large.db`` or one made by ``bench.large_data``) is copied
into a temporary folder first and brought to the current schema there; the original is
never touched.  Each is compared with a baseline measured in the same run: SQLite's backup
API into an uncompressed file (for the backup) and ``shutil.copyfile`` of the database (for
the restore), which do no checking and no compression.  Medians, because this machine is
noisy.  Targets: backup ≤ 10 s, restore ≤ 15 s.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import statistics
import tempfile
from pathlib import Path

from agroferia.core import backup
from agroferia.core.db import open_database
from bench.bench_stats import timed

DEFAULT_DB = Path("/work/benchdata/large.db")
TARGETS = {"backup": 10.0, "restore": 15.0}


def line(name: str, times: list[float], baseline: list[float], target: float) -> str:
    median, base = statistics.median(times), statistics.median(baseline)
    verdict = "ok" if median <= target else "OVER"
    return (f"{name:<8} median {median:6.2f} s  min {min(times):6.2f}  max {max(times):6.2f}  "
            f"baseline {base:5.2f} s  ratio {median / base:5.1f}x  target ≤ {target:.0f} s: "
            f"{verdict}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=DEFAULT_DB)
    parser.add_argument("--repeat", type=int, default=3)
    ns = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        source = folder / "large.db"
        if ns.db.exists():
            shutil.copyfile(ns.db, source)
        else:
            from bench.large_data import build

            build(source)
        open_database(source).close()  # the current schema, as a backup of today's app has
        size = source.stat().st_size / 1e6
        copies = folder / "copias"
        copies.mkdir()

        def bare_backup() -> None:
            src, out = sqlite3.connect(source), sqlite3.connect(folder / "bare.db")
            src.backup(out)
            out.close()
            src.close()

        made: list[Path] = []

        def take() -> None:
            made.append(backup.take(source, copies).path)

        baseline_backup = timed(bare_backup, ns.repeat)
        backups = timed(take, ns.repeat)
        target = folder / "restaurada.db"
        shutil.copyfile(source, target)
        baseline_restore = timed(lambda: shutil.copyfile(source, folder / "copia.db"), ns.repeat)
        restores = timed(lambda: backup.restore(made[-1], target, actor="bench",
                                                folder=folder / "antes"), ns.repeat)  # fmt: skip
        packed = made[-1].stat().st_size / 1e6
        print(f"database {size:.0f} MB, backup file {packed:.0f} MB "
              f"({backup.inspect(made[-1]).contents.sales:,} sales)")  # fmt: skip
        print(line("backup", backups, baseline_backup, TARGETS["backup"]))
        print(line("restore", restores, baseline_restore, TARGETS["restore"]))
        print("(a restore includes checking the backup and a backup of the database it replaces)")


if __name__ == "__main__":
    main()
