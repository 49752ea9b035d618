"""``agroferia backup`` of a database in places that cannot be written (a read-only tmpfs in
a user namespace: a rescued disk mounted read-only): a backup writes nothing into the
database, so it is made all the same."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest

from tests.backups import count
from tests.cli.test_backup_cli import ADMIN, REPO, _namespace_works, demo, demo_template, env

# backups of SQLite files
pytestmark = pytest.mark.sqlite_only

assert demo and demo_template and env  # fixtures


@pytest.mark.skipif(not _namespace_works(), reason="no user namespaces to mount a tmpfs in")
def test_a_database_on_a_read_only_disk_is_backed_up(demo, tmp_path, env):
    disk = tmp_path / "disco"
    disk.mkdir()
    out = tmp_path / "rescate.agroferia"
    script = ('mount -t tmpfs tmpfs "$1" && cp "$2" "$1/agroferia.db" && '
              'mount -o remount,ro "$1" && shift 2 && "$@"')  # fmt: skip
    done = subprocess.run(
        ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", script, "sh",
         str(disk), str(demo), sys.executable, "-m", "agroferia", "--db",
         str(disk / "agroferia.db"), "--user", "admin", "backup", "--out", str(out)],
        env=env | ADMIN, cwd=REPO, capture_output=True, text=True, stdin=subprocess.DEVNULL,
        timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and "solo lectura" not in done.stderr
    with zipfile.ZipFile(out) as archive:
        (tmp_path / "copia.db").write_bytes(archive.read("agroferia.db"))
    assert count(tmp_path / "copia.db", "sale") == count(demo, "sale")
