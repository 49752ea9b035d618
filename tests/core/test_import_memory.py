"""The memory of a sales import does not grow with the file's rows: two real
``agroferia import sales`` processes, one of 55,000 rows and one four times larger, peak
within a few megabytes of each other (a Python object kept per row would cost hundreds).

The peak RSS of each process is read with ``os.wait4`` (by ``bench.import_memory``'s
small starter: not inherited from pytest's); both run at once, each on its own copy of the
demo."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

from bench.import_memory import peak_mb, start, write_sales

# an import's memory, measured on SQLite files
pytestmark = [
    pytest.mark.sqlite_only,
    pytest.mark.skipif(not hasattr(os, "wait4"), reason="os.wait4 (POSIX)"),
]

REPO = Path(__file__).resolve().parents[2]
SMALL_ROWS = 55_000  # past CACHED_ROWS (50,000): read as a stream, like the large one
LARGE_ROWS = 4 * SMALL_ROWS
ROWS_PER_MB = 16_380  # of the sales files ``write_sales`` writes
MAX_GROWTH_MB = 50  # for 165,000 more rows: at most 300 bytes a row, in all


def test_the_memory_of_an_import_does_not_grow_with_its_rows(demo_template, tmp_path):
    runs = {}
    for name, rows in (("small", SMALL_ROWS), ("large", LARGE_ROWS)):
        db = tmp_path / f"{name}.db"
        shutil.copyfile(demo_template, db)
        file = tmp_path / f"{name}.csv"
        written = write_sales(db, file, rows / ROWS_PER_MB, days=50)
        runs[name] = (db, file, written)
    assert runs["large"][2] >= 3.5 * runs["small"][2] >= 3.5 * 50_000
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(REPO),
               os.environ.get("PYTHONPATH")])))  # fmt: skip
    processes = {
        name: start([sys.executable, "-m", "agroferia", "--db", str(db), "import", "sales",
                     str(file)], env, tmp_path / f"{name}.txt", tmp_path / f"{name}.peak")
        for name, (db, file, _) in runs.items()
    }  # fmt: skip
    peaks = {}
    for name, process in processes.items():
        code = process.wait(timeout=300)
        out = (tmp_path / f"{name}.txt").read_text(encoding="utf-8")
        assert code == 0, out[-2000:]
        peaks[name] = peak_mb(tmp_path / f"{name}.peak")
        assert f"Ventas registradas: {runs[name][2]} " in out
    growth = peaks["large"] - peaks["small"]
    assert growth < MAX_GROWTH_MB, (
        f"{runs['large'][2] - runs['small'][2]:,} more rows took {growth:.0f} MB more "
        f"({peaks['small']:.0f} MB, {peaks['large']:.0f} MB)"
    )
