"""Receipts of fee payments: one per payment and fair, numbered per fair without gaps,
never reused; a voided one stays with its reason, and the payment it was for stays too."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import func, select, text

from agroferia.core import day_sheet, fairs, fees, vendors
from agroferia.core.accounts import NotAllowedError
from agroferia.core.db import make_engine, open_database, upgrade
from agroferia.core.errors import OperationError, ValidationError
from agroferia.core.fees import receipts
from agroferia.core.models import AuditLog, Receipt, ReceiptLine
from tests.accounts import add_account

D1, D2, D3 = dt.date(2025, 6, 1), dt.date(2025, 6, 8), dt.date(2025, 6, 15)  # Sundays
TODAY = dt.date(2025, 6, 16)


def register(s, doc_number: str, fair: int, name: str = "Rosa") -> int:
    data = {
        "given_names": name,
        "surnames": f"Quispe {doc_number}",
        "doc_number": doc_number,
        "main_category": "Artesanía",
        "fair": fair,
    }
    return vendors.register(s, "ana", data, today=D1).id


@pytest.fixture
def setup(db) -> dict[str, int]:
    """Two fairs. In the first, three Sundays of S/ 10.00 fees for Rosa and Luis, nothing
    paid; the first two closed. In the second, one fair day with a fee for Rosa."""
    with db.Session.begin() as s:
        fair = fairs.create_fair(s, "ana", name="Feria de Magdalena", weekday=6).id
        other = fairs.create_fair(s, "ana", name="Feria de Pueblo Libre", weekday=5).id
        rosa, luis = register(s, "40000001", fair), register(s, "40000002", fair, "Luis")
        days = [fairs.add_fair_day(s, "ana", fair, date=d).id for d in (D1, D2, D3)]
        for day_id in days:
            for vendor in (rosa, luis):
                fees.set_day_fee(s, "ana", day_id, vendor, "10", "", today=TODAY)
        fairs.close_fair_day(s, "ana", days[0], today=TODAY)
        fairs.close_fair_day(s, "ana", days[1], today=TODAY)
        elsewhere = fairs.add_fair_day(s, "ana", other, date=dt.date(2025, 6, 14)).id
        fees.set_day_fee(s, "ana", elsewhere, rosa, "7", "", today=TODAY)
        return {"fair": fair, "other": other, "rosa": rosa, "luis": luis, "d1": days[0],
                "d2": days[1], "d3": days[2], "elsewhere": elsewhere}  # fmt: skip


def numbers(s, fair_id: int) -> list[tuple[int, int, int]]:
    """(number, vendor, céntimos) of a fair's receipts, by number."""
    return [
        (r.number, r.vendor_id, r.amount_cents)
        for r in s.scalars(select(Receipt).where(Receipt.fair_id == fair_id).order_by("number"))
    ]


def test_a_payment_of_several_days_gets_one_receipt_for_the_whole_amount(db, setup) -> None:
    with db.Session.begin() as s:
        applied = fees.record_payment(
            s, "bea", setup["luis"], "25", method="Yape", received_on=D3, today=TODAY
        )
        assert len({a.receipt_id for a in applied}) == 1 and len(applied) == 3
    with db.Session() as s:
        assert numbers(s, setup["fair"]) == [(1, setup["luis"], 2500)]
        [doc] = receipts.documents(s, vendor_id=setup["luis"])
        assert (doc.number_text, doc.fair, doc.method, doc.received_on) == (
            "000001", "Feria de Magdalena", "yape", D3
        )  # fmt: skip
        # two closed days paid later, and the open day's share added to its fee
        assert [(d.date, d.cents, d.later) for d in doc.days] == [
            (D1, 1000, True), (D2, 1000, True), (D3, 500, False)
        ]  # fmt: skip
        assert doc.vendor_name == "Luis Quispe 40000002" and doc.issued_by == "bea"


def test_numbers_run_per_fair_and_a_payment_of_two_fairs_gets_one_in_each(db, setup) -> None:
    with db.Session.begin() as s:
        fees.record_payment(s, "bea", setup["luis"], "10", received_on=D3, today=TODAY)
    with db.Session.begin() as s:  # all Rosa owes: 30 in the first fair, 7 in the second
        applied = fees.record_payment(s, "bea", setup["rosa"], "37", received_on=D3, today=TODAY)
        assert len({a.receipt_id for a in applied}) == 2
    with db.Session() as s:
        rosa, luis = setup["rosa"], setup["luis"]
        assert numbers(s, setup["fair"]) == [(1, luis, 1000), (2, rosa, 3000)]
        assert numbers(s, setup["other"]) == [(1, rosa, 700)]


def test_what_a_sheet_adds_to_the_paid_amount_gets_a_receipt_and_a_lowered_one_none(
    db, setup
) -> None:
    rosa, luis = setup["rosa"], setup["luis"]
    with db.Session() as s:
        sheet = day_sheet.load(s, setup["d3"], today=TODAY)
    sheet.set_paid(rosa, "6")
    sheet.set_paid(luis, "10")
    with db.Session.begin() as s:
        day_sheet.save(s, "bea", sheet)
    with db.Session() as s:
        sheet = day_sheet.load(s, setup["d3"], today=TODAY)
    sheet.set_paid(rosa, "10")  # four more
    sheet.set_paid(luis, "8")  # a slip corrected: the receipt of 10 stays, to be voided
    with db.Session.begin() as s:
        day_sheet.save(s, "bea", sheet)
    with db.Session() as s:
        assert numbers(s, setup["fair"]) == [(1, rosa, 600), (2, luis, 1000), (3, rosa, 400)]
        methods = s.scalars(select(Receipt.payment_method)).all()
        assert methods == [None, None, None]  # the sheet does not say how it was paid
        assert s.scalar(select(func.count()).select_from(ReceiptLine)) == 3


def test_a_voided_receipt_stays_with_its_reason_and_its_number_is_not_given_again(
    db, setup
) -> None:
    rosa = setup["rosa"]
    with db.Session.begin() as s:
        fees.record_payment(s, "bea", rosa, "5", received_on=D3, today=TODAY)
        owed = fees.balance(s, rosa).outstanding
    with db.Session.begin() as s:
        receipt = receipts.find(s, setup["fair"], 1)
        with pytest.raises(ValidationError) as refused:
            receipts.void(s, "bea", receipt.id, "   ")
        assert refused.value.for_field("reason")
        receipts.void(s, "bea", receipt.id, "Se imprimió con el monto equivocado")
    with db.Session.begin() as s, pytest.raises(OperationError, match="ya está anulado"):
        receipts.void(s, "bea", receipts.find(s, setup["fair"], 1).id, "otra vez")
    with db.Session.begin() as s:
        fees.record_payment(s, "bea", rosa, "5", received_on=D3, today=TODAY)
    with db.Session() as s:
        assert numbers(s, setup["fair"]) == [(1, rosa, 500), (2, rosa, 500)]
        first = receipts.find(s, setup["fair"], 1)
        assert first.voided_at is not None and first.voided_by == "bea"
        assert first.void_reason == "Se imprimió con el monto equivocado"
        # voiding the receipt did not undo the payment
        assert fees.balance(s, rosa).outstanding == owed - 5
        trail = s.scalars(
            select(AuditLog).where(AuditLog.entity == "receipt").order_by(AuditLog.id)
        ).all()
        assert [(e.action, e.entity_id, e.reason) for e in trail] == [
            ("create", first.id, None),
            ("void", first.id, "Se imprimió con el monto equivocado"),
            ("create", receipts.find(s, setup["fair"], 2).id, None),
        ]
        assert json.loads(trail[0].after)["number"] == 1
        assert json.loads(trail[1].after)["void_reason"] == "Se imprimió con el monto equivocado"


def test_only_who_handles_the_fair_or_its_money_voids_a_receipt(db, setup) -> None:
    with db.Session.begin() as s:
        fees.record_payment(s, "bea", setup["rosa"], "5", received_on=D3, today=TODAY)
        add_account(s, "consulta", "viewer")
        add_account(s, "organiza", "organizer")
    with db.Session.begin() as s:
        receipt_id = receipts.find(s, setup["fair"], 1).id
        with pytest.raises(NotAllowedError):
            receipts.void(s, "consulta", receipt_id, "por probar")
        receipts.void(s, "organiza", receipt_id, "impreso dos veces")
    with db.Session() as s:
        [doc] = receipts.documents(s, vendor_id=setup["rosa"])
        assert doc.voided and doc.voided_by == "Organiza"


# ---------------------------------------------------------------------------- migration

SETUP_0008 = [
    "INSERT INTO fair (id, name, active, created_at) VALUES (1, 'Feria Uno', true, "
    "'2025-03-02 14:00:00')",
    "INSERT INTO vendor (id, code, given_names, surnames, doc_type, doc_number, sex, "
    "main_category_id, sgp_certified, status, registered_on, search_key, created_at, "
    "updated_at, consent) VALUES (1, 'EXP-0001', 'Nombre', 'Apellido', 'DNI', '45678911', "
    "'F', 1, false, 'active', '2025-03-02', 'NOMBRE', '2025-03-02 14:00:00', "
    "'2025-03-02 14:00:00', 'not_recorded')",
    "INSERT INTO membership (vendor_id, fair_id, status, registered_on) VALUES (1, 1, "
    "'active', '2025-03-02')",
    "INSERT INTO fair_day (id, fair_id, date, closed_at) VALUES (1, 1, '2025-03-09', "
    "'2025-03-09 20:00:00'), (2, 1, '2025-03-16', NULL)",
    "INSERT INTO fee (id, fair_day_id, vendor_id, due_cents, paid_cents) VALUES "
    "(1, 1, 1, 1000, 400), (2, 2, 1, 1000, 0)",
    "INSERT INTO later_payment (fee_id, amount_cents, payment_method, received_on, "
    "recorded_by, recorded_at) VALUES (1, 300, 'cash', '2025-03-16', 'ana', "
    "'2025-03-16 12:00:00')",
]


def _upgraded_with_payments(target) -> None:
    engine = make_engine(str(target))
    try:
        upgrade(engine, "0008")
        with engine.begin() as conn:
            for sql in SETUP_0008:
                conn.execute(text(sql))
    finally:
        engine.dispose()
    database = open_database(target)  # to the head
    try:
        with database.Session() as s:  # the payments made before get no receipts
            assert s.scalar(select(func.count()).select_from(Receipt)) == 0
            assert fees.balance(s, 1).outstanding == 13  # 20 due, 4 + 3 paid
        with database.Session.begin() as s:
            fees.record_payment(s, "ana", 1, "13", received_on=dt.date(2025, 3, 16),
                                today=dt.date(2025, 3, 16))  # fmt: skip
        with database.Session() as s:
            assert numbers(s, 1) == [(1, 1, 1300)]
    finally:
        database.close()


@pytest.mark.sqlite_only
def test_the_migration_gives_payments_made_before_no_receipts(tmp_path) -> None:
    _upgraded_with_payments(tmp_path / "agroferia.db")


def test_a_server_database_is_migrated_the_same(pg_server) -> None:
    url = pg_server.create_database("migracion_0009", template="template0")
    try:
        _upgraded_with_payments(url)
    finally:
        pg_server.drop_database("migracion_0009")
