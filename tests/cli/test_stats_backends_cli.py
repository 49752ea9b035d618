"""``agroferia stats --json`` of the demo gives the same bytes from a SQLite file and from a
PostgreSQL server (two real ``python -m agroferia`` processes)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from agroferia.core import demo
from agroferia.core.db import open_database
from tests.conftest import DEMO_UNTIL

REPO = Path(__file__).resolve().parents[2]
NAME = "demo_ambos"


@pytest.fixture(scope="module")
def places(pg_server, tmp_path_factory) -> tuple[Path, str]:
    """The demo (as the ``demo_template`` fixture builds it) in a file and on the server."""
    path = tmp_path_factory.mktemp("ambos") / "demo.db"
    url = pg_server.create_database(NAME, template="template0")
    for place in (path, url):
        database = open_database(place)
        with database.Session.begin() as s:
            demo.build(s, seed=3, until=DEMO_UNTIL, with_accounts=False)
        database.close()
    yield path, url
    pg_server.drop_database(NAME)


def stats_json(place: Path | str, args: list[str], tmp_path: Path) -> bytes:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("AGROFERIA_", "PG"))}
    env = clean | {"PYTHONPATH": str(REPO), "XDG_DATA_HOME": str(tmp_path / "datos"),
                   "AGROFERIA_LOG_DIR": str(tmp_path / "logs"), "LANG": "C.UTF-8"}  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-m", "agroferia", "--db", str(place), "stats", *args, "--json"],
        env=env, cwd=REPO, capture_output=True, stdin=subprocess.DEVNULL, timeout=120,
        check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["--from", "2025-11-24", "--to", DEMO_UNTIL.isoformat()],
        ["--from", "2026-03-01", "--to", "2026-03-31", "--fair", demo.FAIR_NAME],
        ["--from", "2020-01-01", "--to", "2020-12-31"],  # nothing in it
    ],
    ids=["year", "month_of_the_fair", "empty"],
)
def test_stats_json_is_byte_identical_on_sqlite_and_postgresql(places, args, tmp_path):
    path, url = places
    on_sqlite = stats_json(path, args, tmp_path)
    on_server = stats_json(url, args, tmp_path)
    assert on_server == on_sqlite
    figures = json.loads(on_sqlite)
    assert figures["period"]["from"] == args[1]
    if args[1] != "2020-01-01":  # the demo's figures, not two empty reports that agree
        assert figures["fair_days"] > 0 and int(figures["sales"]["total"].split(".")[0]) > 0
