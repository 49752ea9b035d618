"""``agroferia person export|anonymize``: a person's rights from the command line."""

from __future__ import annotations

import contextlib
import io
import json
import os
import pty
import select
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select as query

from agroferia import cli
from agroferia.core import audit, vendors
from agroferia.core.db import open_database
from agroferia.core.models import Vendor

REPO = Path(__file__).resolve().parents[2]


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(argv)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def demo(demo_template, copy_database) -> Path:
    return copy_database(demo_template, "demo.db")


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


@pytest.mark.sqlite_only  # the bytes of an SQLite file
def test_anonymize_needs_a_withdrawn_vendor_and_a_confirmation(demo) -> None:
    person = vendor(demo, 6)
    base = ["--db", str(demo), "person", "anonymize", "--document", person.doc_number]
    code, _out, err = run([*base, "--yes"])
    assert code == 1 and "Solo se anonimiza a un expositor retirado" in err
    db = open_database(demo)
    with db.Session.begin() as s:
        vendors.set_status(s, "ana", 6, "withdrawn")
    db.close()
    code, _out, err = run(base)  # no terminal to ask in, and no --yes
    assert code == 1
    assert "Anonimizar no se deshace: confírmelo en una terminal, o agregue --yes." in err
    assert vendor(demo, 6).anonymized_at is None
    code, out, err = run([*base, "--yes"])
    assert code == 0, err
    assert out.startswith(f"{person.code} anonimizado. Se conservan su sexo, región y rubro "
                          "principal; fecha de nacimiento conservada: ")  # fmt: skip
    after = vendor(demo, 6)
    assert after.anonymized_at is not None and after.full_name.startswith("Persona anonimizada")
    assert person.doc_number.encode() not in demo.read_bytes()  # compacted at once
    code, _out, err = run([*base, "--yes"])  # the document is gone with the person
    assert code == 1 and f"documento {person.doc_number}" in err


@pytest.mark.sqlite_only  # the copies beside an SQLite file
def test_anonymize_names_the_copies_that_still_hold_the_data(demo) -> None:
    copy = demo.with_name("demo.0004.20261101-120000.bak")
    shutil.copyfile(demo, copy)
    db = open_database(demo)
    with db.Session.begin() as s:
        vendors.set_status(s, "ana", 8, "withdrawn")
        document = s.scalar(query(Vendor.doc_number).where(Vendor.id == 8))
    db.close()
    code, out, err = run(["--db", str(demo), "person", "anonymize", "--document", document,
                          "--yes"])  # fmt: skip
    assert code == 0, err
    assert "Estas copias anteriores de la base de datos aún tienen sus datos" in out
    assert str(copy) in out


@pytest.mark.sqlite_only  # the bytes of an SQLite file
def test_while_another_program_reads_the_file_anonymize_says_it_is_unfinished(demo) -> None:
    """Another program reading the database keeps its old pages in the file: the person is
    anonymized, but the command says the file still holds old copies and how to finish;
    finishing later is harmless, and leaves nothing."""
    db = open_database(demo)
    with db.Session.begin() as s:
        vendors.set_status(s, "ana", 4, "withdrawn")
        person = s.get(Vendor, 4)
        document, code = person.doc_number, person.code
    db.close()
    files = (demo, Path(f"{demo}-wal"))
    reader = sqlite3.connect(demo, isolation_level=None)
    try:
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM vendor").fetchone()  # reading, as it was
        status, out, err = run(["--db", str(demo), "person", "anonymize", "--document",
                                document, "--yes"])  # fmt: skip
        assert status == 1
        assert out.startswith(f"{code} anonimizado.")
        command = f"agroferia --db {demo} person compact"
        assert err.strip().splitlines()[-1] == (
            "agroferia: error: El archivo de la base de datos aún guarda copias antiguas de lo "
            "que se borró: otro programa lo tiene abierto (otra ventana de Agroferia, una copia "
            f"de seguridad…). Ciérrelo y termine con: {command} (repetirlo no hace daño)."
        )
        assert vendor(demo, 4).anonymized_at is not None  # done, but not yet clean:
        assert any(document.encode() in p.read_bytes() for p in files if p.exists())
    finally:
        reader.execute("COMMIT")
        reader.close()
    for _twice in range(2):
        status, out, err = run(["--db", str(demo), "person", "compact"])
        assert status == 0, err
        assert out.strip() == ("Archivo reescrito: no quedan en él copias antiguas de los "
                               "datos borrados.")  # fmt: skip
        assert not any(document.encode() in p.read_bytes() for p in files if p.exists())


def at_a_terminal(argv: list[str], answer: str) -> tuple[int, str]:
    """Runs the command on a real pseudo-terminal, typing ``answer`` after its question."""
    main, child = pty.openpty()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    process = subprocess.Popen([sys.executable, "-m", "agroferia", *argv], stdin=child,
                               stdout=child, stderr=child, cwd=REPO, env=env)  # fmt: skip
    os.close(child)
    seen = b""
    try:
        while b"para continuar:" not in seen:
            ready, _w, _x = select.select([main], [], [], 30)
            assert ready, seen
            seen += os.read(main, 4096)
        os.write(main, answer.encode() + b"\n")
        while True:
            ready, _w, _x = select.select([main], [], [], 30)
            if not ready:
                break
            try:
                chunk = os.read(main, 4096)
            except OSError:  # the command ended and closed the terminal
                break
            if not chunk:
                break
            seen += chunk
        return process.wait(timeout=30), seen.decode("utf-8", "replace")
    finally:
        os.close(main)


def test_anonymize_asks_on_a_terminal(demo) -> None:
    db = open_database(demo)
    with db.Session.begin() as s:
        vendors.set_status(s, "ana", 9, "withdrawn")
        person = s.get(Vendor, 9)
        document, name = person.doc_number, person.full_name
    db.close()
    argv = ["--db", str(demo), "person", "anonymize", "--document", document]
    code, out = at_a_terminal(argv, "no")
    assert f"¿Anonimizar a {name} ({person.code})?" in out
    assert code == 1 and "No se anonimizó a nadie." in out
    assert vendor(demo, 9).anonymized_at is None
    code, out = at_a_terminal(argv, "Sí")
    assert code == 0, out
    assert vendor(demo, 9).anonymized_at is not None
