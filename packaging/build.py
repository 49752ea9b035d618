"""Builds the one-folder app and its installers from a checkout.

    python packaging/build.py [--dist DIR] [--work DIR] [--no-installers]

1. The icons, drawn from ``resources/icons/agroferia.svg`` (``packaging/icons.py``).
2. The app, with PyInstaller and the shared spec (``packaging/agroferia.spec``), into
   ``DIST/agroferia/`` (the program: ``agroferia``, or ``agroferia.exe`` on Windows).
3. On Linux: ``agroferia-VERSION-linux-x86_64.tar.gz`` (portable: unpack and run) and
   ``agroferia_VERSION_amd64.deb`` (``dpkg-deb``: the app under ``/opt/agroferia``, the
   ``/usr/bin/agroferia`` launcher, the menu entry, its icons and the ``.agroferia`` file
   type).  On Windows: the Inno Setup installer (``packaging/windows/agroferia.iss``).

It prints the sizes against their targets and writes them with the oldest C library the
app needs to ``DIST/build-info.json``.  ``scripts/build-package.sh`` installs what the build
needs first (the ``package`` extra, gcc and binutils) and runs this.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

UNPACKED_TARGET = 150_000_000  # bytes of the one-folder app
COMPRESSED_TARGET = 60_000_000  # bytes of the .tar.gz
LINUX = sys.platform.startswith("linux")
WINDOWS = sys.platform == "win32"
# what the app takes from the system (the spec leaves the C++ runtime and fontconfig to it)
DEB_DEPENDS = (
    "libc6 (>= {glibc}), libstdc++6, libgcc-s1, libgl1, libegl1, libxcb1, libfontconfig1, "
    "libfreetype6"
)
DEB_RECOMMENDS = "libwayland-client0, libwayland-cursor0, fonts-dejavu-core"


def step(text: str) -> float:
    print(f"==> {text}", flush=True)
    return time.monotonic()


def tree_bytes(folder: Path) -> int:
    """Bytes of the files under ``folder``, links counted once, not followed."""
    return sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file() or p.is_symlink())


def oldest_glibc(folder: Path) -> str:
    """The newest ``GLIBC_2.N`` symbol version any bundled binary asks for: the oldest C
    library the app runs on."""
    found = 0
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            data = path.read_bytes()
            if data[:4] == b"\x7fELF":
                found = max([found, *map(int, re.findall(rb"GLIBC_2\.(\d+)", data))])
    return f"2.{found}"


def pyinstaller(dist: Path, work: Path, icons: dict[str, Path]) -> Path:
    env = dict(os.environ)
    if WINDOWS:
        env["AGROFERIA_ICO"] = str(icons["ico"])
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level",
            "WARN",
            "--distpath",
            str(dist),
            "--workpath",
            str(work / "pyinstaller"),
            str(ROOT / "packaging" / "agroferia.spec"),
        ],
        check=True,
        env=env,
    )
    return dist / "agroferia"


def tarball(app: Path, out: Path, top: str) -> Path:
    """A portable archive: ``top/`` holding the app, owned by root, modes kept."""

    def owner(info: tarfile.TarInfo) -> tarfile.TarInfo:
        info.uid = info.gid = 0
        info.uname = info.gname = "root"
        return info

    with (
        gzip.GzipFile(out, "wb", compresslevel=9, mtime=0) as raw,
        tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar,
    ):
        tar.add(app, arcname=top, filter=owner)
    return out


LAUNCHER = """#!/bin/sh
# Agroferia, installed under /opt/agroferia (found relative to this file, so that the
# package also works unpacked in another root).
here=$(dirname "$(readlink -f "$0")")
exec "$here/../../opt/agroferia/agroferia" "$@"
"""

COPYRIGHT = """Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: agroferia

Files: *
Copyright: Agroferia
License: MIT

Files: opt/agroferia/_internal/*
Copyright: their authors
License: various
 The app bundles, each under its own licence: Python (PSF-2.0), Qt 6 and PySide6
 (LGPL-3.0; its libraries are separate files in opt/agroferia/_internal/PySide6 and may be
 replaced), SQLAlchemy, Alembic, openpyxl, Babel, platformdirs (MIT), reportlab, psycopg
 (BSD-3-Clause / LGPL-3.0), Pillow (MIT-CMU), python-stdnum (LGPL-2.1+), ICU (Unicode).
"""
DESCRIPTION = """Registro de agroferias: expositores, ventas y reportes
 Agroferia registra a los expositores de las ferias campesinas, las ventas y cuotas
 de cada jornada, y escribe los reportes para la municipalidad (PDF, Excel), en
 castellano o en inglés. Funciona sin internet.
"""


def deb(app: Path, icons: dict[str, Path], out: Path, work: Path, version: str, glibc: str) -> Path:
    """A ``.deb`` made with ``dpkg-deb``.  It has no maintainer scripts: the menu, icon and
    file-type caches are refreshed by the triggers of desktop-file-utils, hicolor and
    shared-mime-info, and removing it never touches the users' data (kept in their home
    folders, ``~/.local/share/agroferia``)."""
    root = work / "deb"
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(app, root / "opt" / "agroferia", symlinks=True)
    usr = root / "usr"
    launcher = usr / "bin" / "agroferia"
    launcher.parent.mkdir(parents=True)
    launcher.write_text(LAUNCHER)
    launcher.chmod(0o755)
    share = usr / "share"
    for place, source in (
        ("applications/agroferia.desktop", ROOT / "packaging" / "agroferia.desktop"),
        ("mime/packages/agroferia.xml", ROOT / "packaging" / "linux" / "agroferia-mime.xml"),
    ):
        (share / place).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, share / place)
    for name, path in icons.items():
        if name != "ico":
            target = share / "icons" / path.relative_to(path.parents[3])
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    doc = share / "doc" / "agroferia"
    doc.mkdir(parents=True)
    (doc / "copyright").write_text(COPYRIGHT)
    with gzip.GzipFile(doc / "changelog.gz", "wb", compresslevel=9, mtime=0) as changes:
        changes.write((ROOT / "CHANGELOG.md").read_bytes())
    control = root / "DEBIAN" / "control"
    control.parent.mkdir()
    control.write_text(
        f"Package: agroferia\n"
        f"Version: {version}\n"
        f"Architecture: amd64\n"
        f"Maintainer: Agroferia <agroferia@users.noreply.github.com>\n"
        f"Installed-Size: {tree_bytes(root) // 1024}\n"
        f"Depends: {DEB_DEPENDS.format(glibc=glibc)}\n"
        f"Recommends: {DEB_RECOMMENDS}\n"
        f"Section: misc\n"
        f"Priority: optional\n"
        f"Description: {DESCRIPTION}"
    )
    for path in root.rglob("*"):  # what dpkg installs: readable by all, writable by root
        if not path.is_symlink():
            path.chmod(0o755 if path.is_dir() or os.access(path, os.X_OK) else 0o644)
    subprocess.run(
        ["dpkg-deb", "--root-owner-group", "-Zxz", "--build", str(root), str(out)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return out


def inno_setup(app: Path, icons: dict[str, Path], dist: Path, version: str) -> Path:
    candidates = [shutil.which("ISCC"), shutil.which("iscc")] + [
        str(Path(base) / "Inno Setup 6" / "ISCC.exe")
        for base in (
            os.environ.get("PROGRAMFILES(X86)", ""),
            os.environ.get("PROGRAMFILES", ""),
            str(Path(os.environ.get("LOCALAPPDATA", "")) / "Programs"),
        )
        if base
    ]
    iscc = next((c for c in candidates if c and Path(c).exists()), None)
    if iscc is None:
        raise SystemExit(
            "Inno Setup's ISCC.exe was not found (winget install --id JRSoftware.InnoSetup "
            "-e); packaging/README.md gives the command to run it by hand."
        )
    subprocess.run(
        [
            iscc,
            f"/DAppVersion={version}",
            f"/DSourceDir={app}",
            f"/DIconFile={icons['ico']}",
            f"/DOutputDir={dist}",
            str(ROOT / "packaging" / "windows" / "agroferia.iss"),
        ],
        check=True,
    )
    return dist / f"agroferia-{version}-windows-x64-setup.exe"


def megabytes(size: int) -> str:
    return f"{size / 1e6:.1f} MB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Builds Agroferia's app and installers.")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    parser.add_argument("--work", type=Path, default=ROOT / "build")
    parser.add_argument("--no-installers", action="store_true", help="only the app folder")
    args = parser.parse_args(argv)
    os.umask(0o022)  # files everyone may read and run, whatever the caller's umask
    from icons import make_icons  # packaging/icons.py, beside this file

    version = re.search(
        r'__version__ = "([^"]+)"', (ROOT / "agroferia" / "__init__.py").read_text()
    )[1]
    dist, work = args.dist.resolve(), args.work.resolve()
    started = step("Icons")
    icons = make_icons(work / "icons")
    step("PyInstaller (one folder)")
    app = pyinstaller(dist, work, icons)
    info = {
        "version": version,
        "unpacked_bytes": tree_bytes(app),
        "unpacked_target": UNPACKED_TARGET,
        "compressed_target": COMPRESSED_TARGET,
    }
    if LINUX:
        info["glibc"] = oldest_glibc(app)
    if not args.no_installers and LINUX:
        step("Portable archive")
        archive = tarball(
            app, dist / f"agroferia-{version}-linux-x86_64.tar.gz", f"agroferia-{version}"
        )
        info["tar_gz"], info["tar_gz_bytes"] = archive.name, archive.stat().st_size
        step("Debian package")
        package = deb(
            app, icons, dist / f"agroferia_{version}_amd64.deb", work, version, info["glibc"]
        )
        info["deb"], info["deb_bytes"] = package.name, package.stat().st_size
    elif not args.no_installers and WINDOWS:
        step("Inno Setup installer")
        setup = inno_setup(app, icons, dist, version)
        info["setup"], info["setup_bytes"] = setup.name, setup.stat().st_size
    info["seconds"] = round(time.monotonic() - started, 1)
    (dist / "build-info.json").write_text(json.dumps(info, indent=2) + "\n")
    print(f"App: {app} — {megabytes(info['unpacked_bytes'])} (target {megabytes(UNPACKED_TARGET)})")
    if "tar_gz_bytes" in info:
        print(
            f"Portable: {dist / info['tar_gz']} — {megabytes(info['tar_gz_bytes'])} "
            f"(target {megabytes(COMPRESSED_TARGET)})"
        )
        print(f"Debian/Ubuntu: {dist / info['deb']} — {megabytes(info['deb_bytes'])}")
    if "glibc" in info:
        print(f"Needs glibc {info['glibc']} or newer.")
    print(f"Built in {info['seconds']} s.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
