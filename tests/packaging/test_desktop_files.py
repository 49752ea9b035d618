"""The Linux desktop files: the entry opens the app with a file (a double-clicked backup) and
names its icon; the MIME type makes ``*.agroferia`` files Agroferia backups."""

from __future__ import annotations

import configparser
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DESKTOP = REPO / "packaging" / "agroferia.desktop"
MIME = REPO / "packaging" / "linux" / "agroferia-mime.xml"
NS = "{http://www.freedesktop.org/standards/shared-mime-info}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TYPE = "application/x-agroferia-backup"


def test_the_desktop_entry_opens_a_backup_with_the_app():
    entry = configparser.ConfigParser(interpolation=None, strict=True)
    entry.optionxform = str  # keys are case-sensitive
    entry.read(DESKTOP, encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Exec"] == "agroferia %f"  # %f: one local file, or nothing
    assert desktop["Icon"] == "agroferia"  # the hicolor theme's, made by packaging/icons.py
    assert desktop["MimeType"] == f"{TYPE};"
    assert desktop["Type"] == "Application" and desktop["Terminal"] == "false"


def test_the_mime_type_is_a_zip_named_agroferia():
    root = ET.parse(MIME).getroot()
    assert root.tag == f"{NS}mime-info"
    (kind,) = root.findall(f"{NS}mime-type")
    assert kind.get("type") == TYPE
    assert [g.get("pattern") for g in kind.findall(f"{NS}glob")] == ["*.agroferia"]
    assert [s.get("type") for s in kind.findall(f"{NS}sub-class-of")] == ["application/zip"]
    comments = {c.get(XML_LANG): c.text for c in kind.findall(f"{NS}comment")}
    assert comments == {None: "Agroferia backup", "es": "Copia de seguridad de Agroferia"}


@pytest.mark.skipif(shutil.which("update-mime-database") is None,
                    reason="shared-mime-info is not installed")  # fmt: skip
def test_shared_mime_info_reads_it(tmp_path):
    packages = tmp_path / "mime" / "packages"
    packages.mkdir(parents=True)
    shutil.copyfile(MIME, packages / "agroferia.xml")
    done = subprocess.run(["update-mime-database", str(tmp_path / "mime")],
                          capture_output=True, text=True, timeout=60, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert f"{TYPE}:*.agroferia" in (tmp_path / "mime" / "globs2").read_text()
    assert f"{TYPE} application/zip" in (tmp_path / "mime" / "subclasses").read_text()
