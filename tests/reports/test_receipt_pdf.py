"""The receipt of a fee payment on an A6 page: its number, the vendor, the days paid and
the total; «COPIA» when printed again, «ANULADO» with the reason when voided; in Spanish
and English. Text read back with pypdf, whitespace collapsed."""

from __future__ import annotations

import datetime as dt

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A6

from agroferia.core import fairs, fees, settings, vendors
from agroferia.core.fees import receipts
from agroferia.reports.receipt import write_receipt

D1, D2 = dt.date(2025, 6, 1), dt.date(2025, 6, 8)
TODAY = dt.date(2025, 6, 9)
NOW = dt.datetime(2025, 6, 20, 9, 30)


def text_of(path) -> str:
    [page] = PdfReader(path).pages
    return " ".join(page.extract_text().split())


@pytest.fixture
def paid(session) -> int:
    """Rosa owed S/ 10.00 on two Sundays, the first one closed, and paid S/ 15.00 by Yape:
    receipt N° 1 of the fair."""
    settings.put(session, "system", "organization_name", "Asociación de Productores de Lima")
    fair = fairs.create_fair(session, "ana", name="Feria de Magdalena", weekday=6).id
    data = {"given_names": "Rosa", "surnames": "Quispe Mamani", "doc_number": "40000001",
            "main_category": "Artesanía", "fair": fair}  # fmt: skip
    rosa = vendors.register(session, "ana", data, today=D1)
    for day in (D1, D2):
        day_id = fairs.add_fair_day(session, "ana", fair, date=day).id
        fees.set_day_fee(session, "ana", day_id, rosa.id, "10", "", today=TODAY)
    fairs.close_fair_day(session, "ana", fairs.find_fair_day(session, fair, D1).id, today=TODAY)
    [applied, *_] = fees.record_payment(
        session, "bea", rosa.id, "15", method="yape", received_on=D2, today=TODAY
    )
    session.commit()
    return applied.receipt_id


def test_the_receipt_says_its_number_vendor_days_and_total(session, paid, tmp_path) -> None:
    result = write_receipt(session, paid, tmp_path / "recibo.pdf", now=NOW)
    text = text_of(result.path)
    assert "Recibo de cuota N° 000001" in text
    assert "Asociación de Productores de Lima" in text and "Feria de Magdalena" in text
    assert "Rosa Quispe Mamani" in text and rosa_code(session) in text
    assert "40000001" not in text  # no document number
    assert "01/06/2025 (deuda anterior) S/ 10.00" in text and "08/06/2025 S/ 5.00" in text
    assert "Total S/ 15.00" in text and "QUINCE CON 00/100 SOLES" in text
    assert "Medio de pago: Yape" in text and "Recibido por: bea" in text
    assert "Firma y sello" in text
    assert "COPIA" not in text and "ANULADO" not in text
    [page] = PdfReader(result.path).pages
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (
        round(A6[0]), round(A6[1])
    )  # fmt: skip


def rosa_code(session) -> str:
    return receipts.document(session, 1).vendor_code


def test_a_reprint_says_copia_and_the_same_receipt_gives_the_same_bytes(
    session, paid, tmp_path
) -> None:
    copy = write_receipt(session, paid, tmp_path / "copia.pdf", copy=True, now=NOW).path
    text = text_of(copy)
    assert "COPIA" in text and "Recibo de cuota N° 000001" in text
    again = write_receipt(session, paid, tmp_path / "otra.pdf", copy=True, now=NOW).path
    assert again.read_bytes() == copy.read_bytes()


def test_a_voided_receipt_says_anulado_with_its_reason(session, paid, tmp_path) -> None:
    receipts.void(session, "bea", paid, "Monto equivocado")
    session.commit()
    text = text_of(write_receipt(session, paid, tmp_path / "anulado.pdf", copy=True, now=NOW).path)
    assert "ANULADO" in text and "Motivo: Monto equivocado" in text
    assert "Total S/ 15.00" in text


def test_in_english(session, paid, tmp_path) -> None:
    text = text_of(write_receipt(session, paid, tmp_path / "r.pdf", copy=True, lang="en",
                                 now=NOW).path)  # fmt: skip
    assert "Fee receipt No. 000001" in text and "COPY" in text
    assert "FIFTEEN AND 00/100 SOLES" in text and "Payment method: Yape" in text
