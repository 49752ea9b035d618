"""The app's icons, drawn from its one SVG (``resources/icons/agroferia.svg``):

    python packaging/icons.py OUTDIR

writes ``OUTDIR/hicolor/NxN/apps/agroferia.png`` for the freedesktop icon theme (16 to 512
pixels), ``OUTDIR/hicolor/scalable/apps/agroferia.svg`` (the SVG itself) and
``OUTDIR/agroferia.ico``, the Windows icon holding every size Windows asks for (16 to 256).
Qt draws the SVG (the same renderer the window uses for its icon); Pillow writes the .ico.
Nothing drawn here is kept in the repository: the build makes it again from the SVG.
"""

from __future__ import annotations

import io
import os
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SVG = REPO / "resources" / "icons" / "agroferia.svg"
NAME = "agroferia"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def _application():
    """A Qt application to draw with: the one running, or an offscreen one."""
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance()
    if app is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QGuiApplication(sys.argv[:1])
    return app


def render_png(svg: Path, size: int) -> bytes:
    """``svg`` drawn on a transparent ``size``×``size`` square, as PNG bytes."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _application()
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise ValueError(f"{svg} is not an SVG Qt can draw")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(0)  # transparent
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise OSError(f"could not encode the {size}px icon as PNG")
    buffer.close()
    return bytes(data.data())


def make_icons(out: Path, svg: Path = SVG) -> dict[str, Path]:
    """Writes every icon into ``out``; returns them by name (``"16"`` … ``"512"``,
    ``"scalable"``, ``"ico"``)."""
    from PIL import Image

    out = Path(out)
    made: dict[str, Path] = {}
    drawn: dict[int, bytes] = {}
    for size in PNG_SIZES:
        drawn[size] = render_png(svg, size)
        target = out / "hicolor" / f"{size}x{size}" / "apps" / f"{NAME}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(drawn[size])
        made[str(size)] = target
    scalable = out / "hicolor" / "scalable" / "apps" / f"{NAME}.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(svg, scalable)
    made["scalable"] = scalable
    # each size drawn by Qt at that size (sharper than Pillow shrinking the largest one)
    images = [Image.open(io.BytesIO(drawn[size])).convert("RGBA") for size in ICO_SIZES]
    largest = images[-1]
    ico = out / f"{NAME}.ico"
    largest.save(ico, format="ICO", sizes=[(s, s) for s in ICO_SIZES], append_images=images[:-1])
    made["ico"] = ico
    return made


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1 or args[0].startswith("-"):
        print("usage: python packaging/icons.py OUTDIR", file=sys.stderr)
        return 2
    made = make_icons(Path(args[0]))
    for path in made.values():
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
