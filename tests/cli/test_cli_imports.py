"""What the command line loads: its help and version without the data model or the
database layer, a reading command without alembic."""

from __future__ import annotations

import gc
import subprocess
import sys

import pytest

from agroferia import cli, cli_users
from agroferia.core.models import Role

LOADED = """
import sys
from agroferia.cli import main
try:
    status = main(sys.argv[1:])
except SystemExit as exit:
    status = exit.code
heavy = ("sqlalchemy", "alembic", "mako", "PySide6", "reportlab", "openpyxl")
print(status, sorted({m.split(".")[0] for m in sys.modules} & set(heavy)))
"""


def loaded(*argv: str) -> str:
    """The exit status and the heavy libraries loaded, by a fresh process (its environment
    is the test's: its own folders)."""
    done = subprocess.run([sys.executable, "-c", LOADED, *argv], capture_output=True,
                          text=True, check=True)  # fmt: skip
    return done.stdout.splitlines()[-1]


@pytest.mark.parametrize("argv", [["--version"], ["--help"], ["stats", "--help"]])
def test_help_and_version_load_nothing_heavy(argv):
    assert loaded(*argv) == "0 []"


def test_a_months_statistics_do_not_load_alembic_nor_the_window(demo_db):
    demo_db.close()
    out = loaded("--db", demo_db.location, "stats", "--from", "2026-10-01",
                 "--to", "2026-10-31", "--json")  # fmt: skip
    assert out == "0 ['sqlalchemy']"


def test_the_roles_offered_are_the_models():
    assert tuple(role.value for role in Role) == cli_users.ROLES


SPARED = """
import sys
from agroferia.cli import main
status = main(sys.argv[1:])
spared = ("babel", "stdnum", "logging.handlers", "agroferia.core.accounts.manage",
          "agroferia.core.accounts.passwords", "agroferia.core.vendors",
          "agroferia.core.privacy", "agroferia.core.fees", "agroferia.core.demo")
print(status, sorted(m for m in spared if m in sys.modules))
"""


def test_a_months_statistics_load_only_what_reading_needs(demo_db):
    """Not the managing of accounts, the registry, privacy, fees, Babel, the RUC checker
    nor the log's rotating handler (nothing is logged)."""
    demo_db.close()
    argv = ["--db", demo_db.location, "stats", "--from", "2026-10-01", "--to", "2026-10-31"]
    done = subprocess.run([sys.executable, "-c", SPARED, *argv, "--json"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    assert done.stdout.splitlines()[-1] == "0 []"


STATS = ["stats", "--from", "2026-10-01", "--to", "2026-10-31", "--json"]


@pytest.mark.parametrize("enabled", [True, False])
def test_the_cycle_collector_is_left_as_it_was(demo_db, capsys, enabled):
    """Off while the libraries load, on while the command works, and as it was at the
    end (off stays off: the window's collector wants it so)."""
    seen: dict[str, object] = {}
    original = cli._open

    def watched(args, **kwargs):
        seen["loading"] = gc.isenabled()
        db = original(args, **kwargs)
        seen["working"] = gc.isenabled()
        return db

    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        cli._open = watched
        assert cli.main(["--db", demo_db.location, *STATS]) == 0
        assert (gc.isenabled(), gc.get_freeze_count()) == (enabled, 0)
    finally:
        cli._open = original
        (gc.enable if was else gc.disable)()
    assert seen == {"loading": False, "working": enabled}
    assert '"fair_days"' in capsys.readouterr().out
