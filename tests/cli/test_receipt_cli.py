"""``agroferia export receipt`` and ``agroferia receipt list|void``."""

from __future__ import annotations

import contextlib
import datetime as dt
import io

import pytest
from pypdf import PdfReader

from agroferia import cli
from agroferia.core import fairs, fees, vendors
from agroferia.core.db import open_database
from agroferia.core.fees import receipts

DAY = dt.date(2025, 6, 1)
FAIR = "Feria de Magdalena"


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(argv)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def paid(db_path) -> str:
    """Rosa paid S/ 12.00 of her fee: receipt N° 1 of the fair."""
    database = open_database(db_path)
    try:
        with database.Session.begin() as s:
            fair = fairs.create_fair(s, "ana", name=FAIR, weekday=6).id
            data = {"given_names": "Rosa", "surnames": "Quispe", "doc_number": "40000001",
                    "main_category": "Artesanía", "fair": fair}  # fmt: skip
            rosa = vendors.register(s, "ana", data, today=DAY).id
            day = fairs.add_fair_day(s, "ana", fair, date=DAY).id
            fees.set_day_fee(s, "ana", day, rosa, "20", "", today=DAY)
            fees.record_payment(s, "bea", rosa, "12", method="plin", received_on=DAY, today=DAY)
    finally:
        database.close()
    return str(db_path)


def test_a_receipt_printed_again_says_copia(paid, tmp_path) -> None:
    out = tmp_path / "recibo.pdf"
    code, said, err = run(["--db", paid, "export", "receipt", "--fair", FAIR, "--number", "1",
                           "--out", str(out)])  # fmt: skip
    assert code == 0, err
    assert str(out) in said
    text = " ".join(PdfReader(out).pages[0].extract_text().split())
    assert "Recibo de cuota N° 000001" in text and "COPIA" in text and "S/ 12.00" in text


def test_voiding_keeps_the_number_and_the_list_says_why(paid, tmp_path) -> None:
    void = ["--db", paid, "receipt", "void", "--fair", FAIR, "--number", "1"]
    code, said, err = run([*void, "--reason", "Se imprimió dos veces"])
    assert code == 0, err
    assert "Recibo N° 000001 anulado" in said
    code, _said, err = run([*void, "--reason", "otra vez"])
    assert code == 1 and "ya está anulado" in err and "Traceback" not in err
    code, said, _err = run(["--db", paid, "receipt", "list", "--fair", FAIR])
    assert "000001" in said and "ANULADO: Se imprimió dos veces" in said and "Plin" in said
    database = open_database(paid)
    try:
        with database.Session.begin() as s:
            fees.record_payment(s, "bea", 1, "8", received_on=DAY, today=DAY)
        with database.Session() as s:
            fair = fairs.fair_by_name(s, FAIR).id
            assert receipts.find(s, fair, 2).amount_cents == 800  # the next number
            assert fees.balance(s, 1).outstanding == 0  # the voided one's payment stays
    finally:
        database.close()


def test_a_receipt_that_does_not_exist_is_told_in_words(paid, tmp_path) -> None:
    code, _said, err = run(["--db", paid, "export", "receipt", "--fair", FAIR, "--number", "9",
                            "--out", str(tmp_path / "x.pdf")])  # fmt: skip
    assert code == 1 and "No existe el recibo N° 000009" in err
    assert not (tmp_path / "x.pdf").exists()
