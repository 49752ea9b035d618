"""``agroferia person export``: a person's rights from the command line."""

from __future__ import annotations

import contextlib
import io
import json
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from agroferia import cli
from agroferia.core import audit
from agroferia.core.db import open_database
from agroferia.core.models import Vendor


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(argv)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def demo(demo_template, tmp_path) -> Path:
    path = tmp_path / "demo.db"
    shutil.copyfile(demo_template, path)
    return path


def vendor(path: Path, vendor_id: int) -> Vendor:
    db = open_database(path)
    try:
        with db.Session() as s:
            found = s.get(Vendor, vendor_id)
            s.expunge(found)
            return found
    finally:
        db.close()


def test_export_pdf_and_json(demo, tmp_path) -> None:
    person = vendor(demo, 4)
    pdf, data = tmp_path / "datos.pdf", tmp_path / "datos.json"
    code, out, err = run(["--db", str(demo), "person", "export", "--document",
                          person.doc_number, "--out", str(pdf)])  # fmt: skip
    assert code == 0, err
    assert out.strip() == f"Datos de {person.code} guardados en {pdf}"
    text = "\n".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert person.doc_number in text and "CONFIDENCIAL" in text
    code, _out, err = run(["--db", str(demo), "person", "export", "--document",
                           person.doc_number, "--out", str(data)])  # fmt: skip
    assert code == 0, err
    assert json.loads(data.read_text(encoding="utf-8"))["vendor"]["code"] == person.code
    db = open_database(demo)
    with db.Session() as s:
        exports = [e for e in audit.history(s, "vendor", 4) if e.action == "export"]
    db.close()
    assert [json.loads(e.after)["format"] for e in exports] == ["pdf", "json"]


@pytest.mark.parametrize(
    ("args", "status", "message"),
    [
        (["--document", "00000001", "--out", "x.pdf"], 1,
         "No hay ningún expositor con el documento 00000001."),
        (["--document", "00000001", "--out", "x.txt"], 2,
         "el archivo de salida debe terminar en .pdf o .json"),
    ],
)  # fmt: skip
def test_export_refusals(demo, tmp_path, args, status, message) -> None:
    args = [a if not a.startswith("x.") else str(tmp_path / a) for a in args]
    code, _out, err = run(["--db", str(demo), "person", "export", *args])
    assert code == status and message in err
    assert not (tmp_path / "x.pdf").exists() and not (tmp_path / "x.txt").exists()
