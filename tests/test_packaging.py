"""The wheel carries the migrations and the data, and works away from the source checkout."""

from __future__ import annotations

import importlib.util
import json
import os
import sqlite3
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

REQUIRED = (
    "agroferia/__init__.py",
    "agroferia/__main__.py",
    "agroferia/cli.py",
    "agroferia/core/db.py",
    "agroferia/_db/env.py",
    "agroferia/_db/versions/0001_initial_schema.py",
    "agroferia/_resources/ubigeo/ubigeo_peru.csv",
    "agroferia/_resources/locale/en.po",
    "agroferia/_resources/icons/agroferia.svg",
)

SCRIPT = textwrap.dedent(
    """
    import contextlib, io, json, sys
    from pathlib import Path

    repo, db_path = Path(sys.argv[1]).resolve(), sys.argv[2]
    # nothing may come from the checkout, not even through the editable install's .pth
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != repo]

    import agroferia
    from agroferia import cli, config, i18n
    from agroferia.core import db

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(["--db", db_path, "demo", "--seed", "1", "--until", "2026-11-24"])
    # the project's own folders (a virtual environment may live in the checkout too)
    own = tuple(str(repo / part) + "/" for part in ("agroferia", "db", "resources"))
    from_repo = sorted(
        name
        for name, module in list(sys.modules.items())
        if (getattr(module, "__file__", None) or "").startswith(own)
    )
    print(json.dumps({
        "code": code,
        "stdout": out.getvalue(),
        "stderr": err.getvalue(),
        "package": agroferia.__file__,
        "migrations": str(config.migrations_dir()),
        "resources": str(config.resources_dir()),
        "script_location": db.alembic_config().get_main_option("script_location"),
        "head": db.head_revision(),
        "english": len(i18n.catalogue("en")),
        "from_repo": from_repo,
    }))
    """
)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out)]
    if importlib.util.find_spec("hatchling") is not None:
        command.append("--no-build-isolation")  # offline and fast: use the installed backend
    done = subprocess.run(
        [*command, str(REPO)], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    wheels = list(out.glob("agroferia-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


@pytest.fixture(scope="module")
def unpacked(wheel, tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("unpacked")
    with zipfile.ZipFile(wheel) as zf:
        zf.extractall(target)
    return target


def test_wheel_contains_migrations_and_resources(wheel):
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
        scripts = zf.read(entry_points).decode()
    missing = [n for n in REQUIRED if n not in names]
    assert not missing
    # every migration of the checkout travels, not only the first
    versions = {f"agroferia/_db/versions/{p.name}" for p in (REPO / "db" / "versions").glob("*.py")}
    assert versions
    assert versions <= names
    assert "agroferia = agroferia.cli:main" in scripts
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]


def test_wheel_works_outside_the_checkout(unpacked, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    script = elsewhere / "probe.py"
    script.write_text(SCRIPT, encoding="utf-8")
    db_path = elsewhere / "w.db"
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(unpacked), env.get("PYTHONPATH")]))
    env.pop("AGROFERIA_DB", None)
    done = subprocess.run(
        [sys.executable, str(script), str(REPO), str(db_path)],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])

    inside = unpacked.resolve()
    assert Path(result["package"]).resolve().is_relative_to(inside)
    assert Path(result["migrations"]).resolve() == inside / "agroferia" / "_db"
    assert Path(result["resources"]).resolve() == inside / "agroferia" / "_resources"
    assert Path(result["script_location"]).resolve() == inside / "agroferia" / "_db"
    assert result["from_repo"] == []
    assert result["english"] > 0  # the catalogue was read from the wheel's resources

    assert result["code"] == 0, result["stderr"]
    assert "84 expositores" in result["stdout"]
    assert db_path.is_file()
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (
            result["head"],
        )
        assert conn.execute("SELECT count(*) FROM vendor").fetchone()[0] == 84
        assert conn.execute("SELECT count(*) FROM fair_day").fetchone()[0] == 52
    finally:
        conn.close()
