"""``agroferia export statement``: a producer's constancia from the command line, and a
statement looked up by its verification code."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from agroferia import cli
from agroferia.core import privacy, vendors
from agroferia.core.db import open_database
from agroferia.core.models import Vendor
from tests.accounts import PASSWORD, add_account

PERSON = 12
PERIOD = ["--from", "2026-07-01", "--to", "2026-11-30"]


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(argv)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def demo(demo_template, copy_database) -> Path:
    return copy_database(demo_template, "demo.db")


def vendor(path, vendor_id: int = PERSON) -> Vendor:
    db = open_database(path)
    try:
        with db.Session() as s:
            found = s.get(Vendor, vendor_id)
            s.expunge(found)
            return found
    finally:
        db.close()


def test_the_statement_is_written_and_verified(demo, tmp_path) -> None:
    person = vendor(demo)
    out_file = tmp_path / "constancia.pdf"
    code, out, err = run(["--db", str(demo), "export", "statement", "--document",
                          person.doc_number, *PERIOD, "--out", str(out_file)])  # fmt: skip
    assert code == 0, err
    found = re.fullmatch(
        rf"Constancia de {person.code} guardada en {re.escape(str(out_file))} \(código de "
        r"verificación ([A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{2})\)\n",
        out,
    )
    assert found, out
    verification = found.group(1)
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(out_file).pages).split())
    assert f"{person.given_names} {person.surnames}" in text and verification in text
    code, out, err = run(["--db", str(demo), "export", "statement", "--verify",
                          verification.lower().replace("-", "")])  # fmt: skip
    assert code == 0, err
    assert out.splitlines()[:3] == [
        f"Constancia auténtica {verification}",
        f"  Expositor: {person.given_names} {person.surnames} ({person.code})",
        "  Periodo: del 01/07/2026 al 30/11/2026",
    ]
    assert out.splitlines()[-1] == "  Las cifras registradas hoy son las mismas."


@pytest.mark.parametrize(
    ("args", "status", "message"),
    [
        (["--document", "00000001", *PERIOD, "--out", "x.pdf"], 1,
         "No hay ningún expositor con el documento 00000001."),
        (["--document", "DOC", "--from", "2020-01-01", "--to", "2020-12-31", "--out", "x.pdf"],
         1, "EXP-0012 no tiene jornadas, ventas ni cuotas del 01/01/2020 al 31/12/2020."),
        (["--document", "DOC", *PERIOD, "--out", "x.txt"], 2,
         "el archivo de salida debe terminar en .pdf"),
        (["--document", "DOC", "--out", "x.pdf"], 2, "faltan --from, --to"),
        (["--document", "DOC", "--to", "2026-01-01", "--from", "2026-02-01", "--out", "x.pdf"],
         2, "la fecha inicial (2026-02-01) es posterior a la final (2026-01-01)"),
        (["--verify", "ABCD-EFGH-JK", "--out", "x.pdf"], 2, "--verify va solo: sin --out"),
        (["--verify", "ABCD-EFGH-JK"], 1, "Ninguna constancia emitida tiene el código "
         "ABCD-EFGH-JK"),
    ],
)  # fmt: skip
def test_refusals(demo, tmp_path, args, status, message) -> None:
    document = vendor(demo).doc_number
    args = [str(tmp_path / a) if a.startswith("x.") else document if a == "DOC" else a
            for a in args]  # fmt: skip
    code, _out, err = run(["--db", str(demo), "export", "statement", *args])
    assert code == status and message in err, err
    assert not (tmp_path / "x.pdf").exists() and not (tmp_path / "x.txt").exists()


def test_an_anonymized_vendor_is_refused_with_the_reason(demo, tmp_path) -> None:
    document = vendor(demo).doc_number
    db = open_database(demo)
    with db.Session.begin() as s:
        vendors.set_status(s, "ana", PERSON, "withdrawn")
        privacy.anonymize(s, "ana", PERSON)
    db.close()
    code, _out, err = run(["--db", str(demo), "export", "statement", "--document", document,
                           *PERIOD, "--out", str(tmp_path / "x.pdf")])  # fmt: skip
    # the document is gone with the rest of the person's data: no one has it any more
    assert code == 1 and f"No hay ningún expositor con el documento {document}." in err
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.parametrize("role", ["treasurer", "viewer"])
def test_an_account_without_the_right_is_refused(demo, tmp_path, monkeypatch, role) -> None:
    document = vendor(demo).doc_number
    db = open_database(demo)
    with db.Session.begin() as s:
        add_account(s, "mirona", role)
    db.close()
    monkeypatch.setenv("AGROFERIA_PASSWORD", PASSWORD)
    out_file = tmp_path / "x.pdf"
    code, _out, err = run(["--db", str(demo), "--user", "mirona", "export", "statement",
                           "--document", document, *PERIOD, "--out", str(out_file)])  # fmt: skip
    assert code == 1 and "solo una cuenta de administrador o de organizador" in err, err
    assert not out_file.exists()
    code, _out, err = run(["--db", str(demo), "--user", "admin", "export", "statement",
                           "--document", document, *PERIOD, "--out", str(out_file)])  # fmt: skip
    assert code == 0, err
    assert out_file.exists()
