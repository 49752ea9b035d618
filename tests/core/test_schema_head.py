"""The stored schema head follows the migrations, and an up-to-date database opens without
loading alembic."""

from __future__ import annotations

import subprocess
import sys

from alembic.script import ScriptDirectory

from agroferia.core import db as dbmod
from agroferia.core.schema_head import HEAD_REVISION


def test_the_stored_head_is_alembics_head():
    script = ScriptDirectory.from_config(dbmod.alembic_config())
    assert script.get_current_head() == HEAD_REVISION, (
        "a new migration: set HEAD_REVISION in agroferia/core/schema_head.py to its revision"
    )


OPEN = """
import sys
from agroferia.core.db import open_database
db = open_database(sys.argv[1], create=False)
with db.engine.connect() as conn:
    print(conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar())
db.close()
print(sorted(m for m in sys.modules if m.split(".")[0] in ("alembic", "mako")))
"""


def test_an_up_to_date_database_opens_without_alembic(db_path):  # made at the head
    out = subprocess.run([sys.executable, "-c", OPEN, str(db_path)], capture_output=True,
                         text=True, check=True).stdout.splitlines()  # fmt: skip
    assert out == [HEAD_REVISION, "[]"]


def test_an_older_database_is_still_upgraded(tmp_path):
    db_path = tmp_path / "old.db"
    engine = dbmod.make_engine(str(db_path))
    dbmod.upgrade(engine, "0004")
    engine.dispose()
    out = subprocess.run([sys.executable, "-c", OPEN, str(db_path)], capture_output=True,
                         text=True, check=True).stdout.splitlines()  # fmt: skip
    assert out[0] == HEAD_REVISION
    assert "alembic" in out[1]
