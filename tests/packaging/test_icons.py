"""The icons are drawn from the SVG at build time: every PNG of the hicolor theme at its
size, the SVG beside them, and one Windows .ico holding every size Windows asks for."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "packaging" / "icons.py"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def load_icons():
    spec = importlib.util.spec_from_file_location("agroferia_icons", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def made(tmp_path_factory, qapp) -> dict[str, Path]:  # qapp: a full QApplication first
    return load_icons().make_icons(tmp_path_factory.mktemp("icons"))


def drawn(image: Image.Image) -> tuple[int, int]:
    """How many pixels are not transparent, and how many colours they have."""
    rgba = image.convert("RGBA")
    alpha = rgba.getchannel("A")
    opaque = sum(1 for a in alpha.tobytes() if a > 0)
    colours = rgba.getcolors(maxcolors=rgba.width * rgba.height)
    return opaque, len(colours)


def test_every_png_has_its_size_and_the_drawing(made):
    for size in PNG_SIZES:
        path = made[str(size)]
        assert path.parts[-4:] == ("hicolor", f"{size}x{size}", "apps", "agroferia.png")
        with Image.open(path) as image:
            assert image.format == "PNG" and image.size == (size, size)
            opaque, colours = drawn(image)
        # the green square with rounded corners covers most of it; the corners stay clear
        assert 0.6 * size * size < opaque < size * size, size
        assert colours > 5, size


def test_the_svg_is_copied_as_the_scalable_icon(made):
    scalable = made["scalable"]
    assert scalable.parts[-4:] == ("hicolor", "scalable", "apps", "agroferia.svg")
    assert scalable.read_bytes() == (REPO / "resources" / "icons" / "agroferia.svg").read_bytes()


def test_the_windows_icon_holds_every_size(made):
    ico = made["ico"]
    assert ico.name == "agroferia.ico" and ico.parent == made["scalable"].parents[3]
    with Image.open(ico) as image:
        assert image.format == "ICO"
        assert sorted(image.ico.sizes()) == [(s, s) for s in ICO_SIZES]
        for size in ICO_SIZES:
            frame = image.ico.getimage((size, size))
            assert frame.size == (size, size)
            opaque, colours = drawn(frame)
            assert opaque > 0.6 * size * size and colours > 5, size


def test_the_script_writes_them_from_the_command_line(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, str(SCRIPT), str(tmp_path / "out")], env=env,
                          capture_output=True, text=True, timeout=120, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / "agroferia.ico").is_file()
    assert (tmp_path / "out" / "hicolor" / "512x512" / "apps" / "agroferia.png").is_file()
    assert len(done.stdout.splitlines()) == len(PNG_SIZES) + 2
    wrong = subprocess.run([sys.executable, str(SCRIPT)], env=env, capture_output=True,
                           text=True, timeout=60, check=False)  # fmt: skip
    assert wrong.returncode == 2 and "usage" in wrong.stderr
