"""The core (and the reports, when present) must work without Qt: import them with Qt blocked."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

BLOCKER = textwrap.dedent(
    """
    import importlib, importlib.abc, json, pkgutil, sys

    BLOCKED = ("PySide6", "shiboken6")

    class BlockQt(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in BLOCKED:
                raise ImportError(f"blocked by test_layers: {name}")
            return None

    sys.meta_path.insert(0, BlockQt())
    """
)

IMPORT_ALL = BLOCKER + textwrap.dedent(
    """
    imported, failed = [], {}
    for package_name in ("agroferia.core", "agroferia.reports"):
        try:
            package = importlib.import_module(package_name)
        except ModuleNotFoundError as exc:
            if exc.name == package_name:  # the reports package does not exist (yet)
                continue
            failed[package_name] = repr(exc)
            continue
        except Exception as exc:
            failed[package_name] = repr(exc)
            continue
        imported.append(package_name)
        for info in pkgutil.walk_packages(package.__path__, package_name + "."):
            try:
                importlib.import_module(info.name)
            except Exception as exc:
                failed[info.name] = repr(exc)
            else:
                imported.append(info.name)
    qt = sorted(m for m in sys.modules if m.split(".")[0] in BLOCKED)
    print(json.dumps({"imported": imported, "failed": failed, "qt": qt}))
    """
)

TRY_QT = BLOCKER + textwrap.dedent(
    """
    results = {}
    for name in ("PySide6", "PySide6.QtCore", "shiboken6"):
        try:
            importlib.import_module(name)
        except ImportError as exc:
            results[name] = str(exc)
        else:
            results[name] = None
    print(json.dumps(results))
    """
)


GUI_PROBE = textwrap.dedent(
    """
    try:
        import agroferia.ui.app
    except ImportError as exc:
        print(json.dumps({"ok": False, "error": str(exc)}))
    else:
        print(json.dumps({"ok": True, "error": None}))
    """
)


def _run(code: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_core_imports_without_qt():
    result = _run(IMPORT_ALL)
    assert result["failed"] == {}
    assert result["qt"] == []
    expected = {
        f"agroferia.core.{p.stem}"
        for p in (REPO / "agroferia" / "core").glob("*.py")
        if p.stem != "__init__"
    }
    assert expected  # the discovery found the modules that are on disk
    assert expected <= set(result["imported"])
    if (REPO / "agroferia" / "reports").is_dir():
        assert "agroferia.reports" in result["imported"]


def test_the_blocker_really_blocks_qt():
    results = _run(TRY_QT)
    assert set(results) == {"PySide6", "PySide6.QtCore", "shiboken6"}
    for name, error in results.items():
        assert error is not None, f"{name} was importable despite the blocker"
        assert "blocked by test_layers" in error


def test_the_gui_does_need_qt():
    """The same blocker stops the GUI package: proof that the check above is not vacuous."""
    result = _run(BLOCKER + GUI_PROBE)
    assert result["ok"] is False
    assert "blocked by test_layers" in result["error"]
