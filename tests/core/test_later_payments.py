"""A closed fair day does not change: a debt of that day paid afterwards is recorded as a
payment received on its own date, and every figure of what is owed counts it."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, inspect, select, text

from agroferia.core import audit, fairs, fees, stats, vendors
from agroferia.core.db import make_engine, open_database, upgrade
from agroferia.core.errors import OperationError, ValidationError
from agroferia.core.models import AuditLog, Base, Fee, LaterPayment
from agroferia.core.summary import summary_text

D = Decimal
D1, D2, D3 = dt.date(2025, 6, 1), dt.date(2025, 6, 8), dt.date(2025, 6, 15)  # Sundays
TODAY = dt.date(2025, 6, 16)


def register(s, doc_number: str, fair: int) -> int:
    data = {
        "given_names": "Rosa",
        "surnames": f"Quispe {doc_number}",
        "doc_number": doc_number,
        "main_category": "Artesanía",
        "fair": fair,
    }
    return vendors.register(s, "ana", data, today=D1).id


@pytest.fixture
def setup(db) -> dict[str, int]:
    """Three Sundays of S/ 10.00 fees for Rosa: 01/06 unpaid, 08/06 with S/ 4.00 paid, both
    closed; 15/06 unpaid and still open. Luis owes S/ 10.00 on 01/06."""
    with db.Session.begin() as s:
        fair = fairs.create_fair(s, "ana", name="Feria de Magdalena", weekday=6).id
        rosa, luis = register(s, "40000001", fair), register(s, "40000002", fair)
        days = [fairs.add_fair_day(s, "ana", fair, date=d).id for d in (D1, D2, D3)]
        for day_id, paid in zip(days, ("", "4", ""), strict=True):
            fees.set_day_fee(s, "ana", day_id, rosa, "10", paid, today=TODAY)
        fees.set_day_fee(s, "ana", days[0], luis, "10", "", today=TODAY)
        fairs.close_fair_day(s, "ana", days[0], today=TODAY)
        fairs.close_fair_day(s, "ana", days[1], today=TODAY)
        return {"fair": fair, "rosa": rosa, "luis": luis, "d1": days[0], "d2": days[1],
                "d3": days[2]}  # fmt: skip


def fee_rows(s) -> dict[int, tuple[int, int, int]]:
    return {f.id: (f.due_cents, f.paid_cents, f.vendor_id) for f in s.scalars(select(Fee))}


def test_paying_a_closed_days_debt_leaves_that_day_as_it_was_closed(db, setup) -> None:
    rosa = setup["rosa"]
    with db.Session() as s:
        before = fee_rows(s)
        fee_audit = s.scalar(select(func.count()).where(AuditLog.entity == "fee"))
    with db.Session.begin() as s:
        applied = fees.record_payment(
            s, "bea", rosa, "12", method="Yape", received_on="15/06/2025", today=TODAY
        )
        assert [(a.fair_day_id, a.cents, a.later is not None) for a in applied] == [
            (setup["d1"], 1000, True),
            (setup["d2"], 200, True),
        ]
    with db.Session() as s:
        assert fee_rows(s) == before  # no fee of a closed day changed
        assert s.scalar(select(func.count()).where(AuditLog.entity == "fee")) == fee_audit
        rows = s.scalars(select(LaterPayment).order_by(LaterPayment.id)).all()
        assert [(p.amount_cents, p.payment_method, p.received_on, p.recorded_by) for p in rows] == [
            (1000, "yape", D3, "bea"),
            (200, "yape", D3, "bea"),
        ]
        assert all(p.recorded_at is not None for p in rows)
        [entry, _second] = audit.history(s, "later_payment", rows[0].id) + audit.history(
            s, "later_payment", rows[1].id
        )
        assert (entry.actor, entry.action, entry.before) == ("bea", "payment", None)
        assert json.loads(entry.after)["amount_cents"] == 1000


def test_what_is_owed_counts_the_payments_received_later(db, setup) -> None:
    rosa, fair = setup["rosa"], setup["fair"]
    with db.Session.begin() as s:
        fees.record_payment(s, "bea", rosa, "12", method="plin", today=TODAY)
    with db.Session() as s:
        bal = fees.balance(s, rosa)
        assert (bal.due, bal.paid, bal.paid_later, bal.outstanding) == (
            D("30.00"),
            D("4.00"),
            D("12.00"),
            D("14.00"),
        )
        assert fees.balances(s, fair_id=fair)[rosa].outstanding == D("14.00")
        [d1, d2, d3] = fees.statement(s, rosa)
        assert (d1.closed, d1.due_cents, d1.paid_cents, d1.paid_later_cents) == (
            True,
            1000,
            0,
            1000,
        )
        assert d1.outstanding_cents == 0
        assert [(p.received_on, p.method, p.cents) for p in d1.later] == [(TODAY, "plin", 1000)]
        assert (d2.paid_cents, d2.paid_later_cents, d2.outstanding_cents) == (400, 200, 400)
        assert (d3.closed, d3.later, d3.outstanding_cents) == (False, (), 1000)
        unpaid = fees.statement(s, rosa, unpaid_only=True)
        assert [d.fair_day_id for d in unpaid] == [setup["d2"], setup["d3"]]
        row = {r.id: r for r in fees.vendor_fees(s, fair)}[rosa]
        assert (row.due_cents, row.paid_cents, row.paid_later_cents) == (3000, 400, 1200)
        assert (row.outstanding_cents, row.days_owed) == (1400, 2)
        # the next payment goes to what is left of 08/06, then to the open day
        plan = fees.plan_payment(unpaid, "6", today=TODAY)
        assert [(d.fair_day_id, d.closed, part) for d, part in plan] == [
            (setup["d2"], True, 400),
            (setup["d3"], False, 200),
        ]


def test_an_open_days_share_is_that_days_own_collection(db, setup) -> None:
    rosa = setup["rosa"]
    with db.Session.begin() as s:
        applied = fees.record_payment(s, "bea", rosa, "19", today=TODAY)
        assert [(a.fair_day_id, a.cents, a.later is None) for a in applied] == [
            (setup["d1"], 1000, False),
            (setup["d2"], 600, False),
            (setup["d3"], 300, True),
        ]
    with db.Session() as s:
        open_fee = s.scalar(
            select(Fee).where(Fee.fair_day_id == setup["d3"], Fee.vendor_id == rosa)
        )
        assert (open_fee.paid_cents, open_fee.paid_at is not None) == (300, True)
        assert s.scalar(select(func.count()).select_from(LaterPayment)) == 2
        assert s.scalar(select(LaterPayment.payment_method)) == "cash"  # when none is said


def test_the_date_received_is_never_in_the_future_and_limits_the_days_paid(db, setup) -> None:
    rosa = setup["rosa"]
    with db.Session() as s:
        with pytest.raises(ValidationError) as future:
            fees.record_payment(s, "bea", rosa, "1", received_on="17/06/2025", today=TODAY)
        assert [(e.field, e.message.render()) for e in future.value.errors] == [
            ("received_on", "no puede estar en el futuro")
        ]
        # received on 08/06, it can only pay 01/06 and 08/06 (S/ 16.00)
        with pytest.raises(ValidationError) as early:
            fees.record_payment(s, "bea", rosa, "17", received_on="09/06/2025", today=TODAY)
        assert str(early.value) == "Pago: supera lo adeudado hasta el 09/06/2025 (S/ 16.00)"
        with pytest.raises(ValidationError) as planned:
            fees.plan_payment(
                fees.statement(s, rosa, unpaid_only=True), "17", received_on=D2 + dt.timedelta(1),
                today=TODAY,
            )  # fmt: skip
        assert str(planned.value) == str(early.value)
        with pytest.raises(ValidationError) as bad:
            fees.record_payment(s, "bea", rosa, "0", method="oro", received_on="ayer", today=TODAY)
        assert [e.field for e in bad.value.errors] == ["payment", "method", "received_on"]


def test_a_payment_received_on_a_closed_days_date_waits_for_it_to_be_reopened(db, setup) -> None:
    """The summary of the fair day of the date received lists the payment: when that day is
    closed already, its summary would change, so the payment is refused until it is
    reopened."""
    rosa = setup["rosa"]
    message = (
        "Fecha de pago: la jornada del 08/06/2025 (Feria de Magdalena) ya está cerrada y su "
        "resumen no cambia; para registrar un pago recibido ese día, reábrala primero"
    )
    with db.Session() as s:
        with pytest.raises(ValidationError) as refused:
            fees.record_payment(s, "bea", rosa, "5", received_on=D2, today=TODAY)
        assert str(refused.value) == message
        assert s.scalar(select(func.count()).select_from(LaterPayment)) == 0
    with db.Session.begin() as s:
        fairs.reopen_fair_day(s, "ana", setup["d2"], "pago recibido después del cierre")
        applied = fees.record_payment(s, "bea", rosa, "5", received_on=D2, today=TODAY)
    # 01/06 is closed: a later payment; 08/06 is open again: none of it went there (the
    # oldest day first), and on a Tuesday without fair day nothing is closed
    assert [(a.fair_day_id, a.later is not None) for a in applied] == [(setup["d1"], True)]
    with db.Session.begin() as s:
        fees.record_payment(s, "bea", rosa, "1", received_on="10/06/2025", today=TODAY)


def test_paid_later_bounds_a_reopened_days_sheet(db, setup) -> None:
    rosa, d2 = setup["rosa"], setup["d2"]
    with db.Session.begin() as s:
        fees.record_payment(s, "bea", rosa, "13", today=TODAY)  # 10 to 01/06, 3 to 08/06
        assert fees.paid_later(s, d2) == {rosa: 300}
        assert fees.paid_later(s, setup["d1"]) == {rosa: 1000}
        assert fees.paid_later(s, setup["d3"]) == {}
        fairs.reopen_fair_day(s, "ana", d2, "corregir la cuota")
    with db.Session() as s:
        with pytest.raises(ValidationError) as too_much:
            fees.set_day_fee(s, "ana", d2, rosa, "10", "7.01", today=TODAY)
        assert str(too_much.value) == (
            "Pagado: supera lo que falta de la cuota (S/ 7.00): S/ 3.00 se pagó después del "
            "cierre de la jornada"
        )
        with pytest.raises(ValidationError) as below:
            fees.set_day_fee(s, "ana", d2, rosa, "2.99", "", today=TODAY)
        assert str(below.value) == (
            "Cuota: no puede ser menor que lo ya pagado después del cierre de la jornada (S/ 3.00)"
        )
        with pytest.raises(ValidationError) as set_due:
            fees.set_due(s, "ana", d2, rosa, "6.99", today=TODAY)
        assert str(set_due.value) == (
            "Cuota: no puede ser menor que lo ya pagado (S/ 7.00, de ello S/ 3.00 después del "
            "cierre)"
        )
    with db.Session.begin() as s:
        fee = fees.set_day_fee(s, "ana", d2, rosa, "10", "7", today=TODAY)
        assert (fee.due_cents, fee.paid_cents) == (1000, 700)
    with db.Session() as s:
        assert fees.balance(s, rosa).outstanding == D("10.00")  # only the open 15/06


def test_payments_received_on_a_date_at_a_fair(db, setup) -> None:
    rosa, luis = setup["rosa"], setup["luis"]
    with db.Session.begin() as s:
        other = fairs.create_fair(s, "ana", name="Feria de Surco").id
        elsewhere = fairs.add_fair_day(s, "ana", other, date=D1).id
        fees.set_day_fee(s, "ana", elsewhere, luis, "50", "", today=TODAY)
        fairs.close_fair_day(s, "ana", elsewhere, today=TODAY)
        fees.record_payment(s, "bea", luis, "10", method="yape", received_on=D3, today=TODAY)
        fees.record_payment(s, "bea", luis, "5", received_on=D3, today=TODAY)  # Surco's
        fees.record_payment(s, "bea", rosa, "1", received_on=TODAY, today=TODAY)
        fees.record_payment(s, "bea", rosa, "15", received_on=D3, today=TODAY)
    with db.Session() as s:
        listed = fees.payments_received(s, setup["fair"], D3)
        assert [(p.vendor_id, p.fair_day, p.method, p.cents) for p in listed] == [
            (rosa, D1, "cash", 900),  # by name: Quispe 40000001 first
            (rosa, D2, "cash", 600),
            (luis, D1, "yape", 1000),
        ]
        assert (listed[0].full_name, listed[0].code) == ("Rosa Quispe 40000001", "EXP-0001")
        [surco] = fees.payments_received(s, other, D3)
        assert (surco.vendor_id, surco.cents) == (luis, 500)
        assert fees.payments_received(s, setup["fair"], D2) == []
        assert [p.cents for p in fees.payments_received(s, setup["fair"], TODAY)] == [100]


def test_the_period_statistics_count_them_apart(db, setup) -> None:
    with db.Session.begin() as s:
        fees.record_payment(s, "bea", setup["rosa"], "12", today=TODAY)
    with db.Session() as s:
        june = stats.compute(s, D1, D3, fair_id=setup["fair"])
        assert (june.fees_due, june.fees_paid, june.fees_paid_later) == (4000, 400, 1200)
        assert june.fees_outstanding == 2400
        assert june.to_json()["fees"] == {
            "due": "40.00",
            "paid": "4.00",
            "paid_later": "12.00",
            "outstanding": "24.00",
        }
        assert (
            "Cuotas: debidas S/ 40.00, cobradas S/ 4.00, pagadas después del cierre S/ 12.00, "
            "pendientes S/ 24.00"
        ) in summary_text(june)
        first = stats.compute(s, D1, D1, fair_id=setup["fair"])
        assert (first.fees_paid_later, first.fees_outstanding) == (1000, 1000)  # Luis's


def test_a_closed_day_cannot_be_paid_through_its_own_fee(db, setup) -> None:
    with db.Session() as s, pytest.raises(OperationError):
        fees.set_day_fee(s, "ana", setup["d1"], setup["rosa"], "10", "10", today=TODAY)


# ------------------------------------------------------------------------------ migration


def test_migration_0004_adds_the_table_to_a_database_with_data(tmp_path) -> None:
    path = tmp_path / "old.db"
    engine = make_engine(str(path))
    upgrade(engine, "0003")
    with engine.begin() as conn:
        conn.execute(
            text("INSERT INTO fair (id, name, active, created_at) VALUES (1, 'F', 1, '2026-01-01')")
        )
        conn.execute(text("INSERT INTO fair_day (id, fair_id, date) VALUES (1, 1, '2026-03-01')"))
        assert "later_payment" not in inspect(conn).get_table_names()
    engine.dispose()
    database = open_database(path)
    try:
        with database.engine.connect() as conn:
            assert "later_payment" in inspect(conn).get_table_names()
            indexes = {i["name"] for i in inspect(conn).get_indexes("later_payment")}
            assert indexes == {"ix_later_payment_fee_id", "ix_later_payment_received_on"}
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
            assert diff == []  # the migrated schema is the models' one
            with pytest.raises(Exception, match="CHECK constraint failed"):
                conn.execute(
                    text(
                        "INSERT INTO later_payment (fee_id, amount_cents, payment_method,"
                        " received_on, recorded_by, recorded_at)"
                        " VALUES (1, 100, 'oro', '2026-03-08', 'x', '2026-03-08')"
                    )
                )
        assert backed_up(path)
    finally:
        database.close()


def backed_up(path) -> bool:
    return any(p.name.startswith("old.0003.") for p in path.parent.iterdir())


def test_the_breakdowns_add_up_to_the_statistics(db, setup) -> None:
    from agroferia.core import breakdowns

    with db.Session.begin() as s:
        fees.record_payment(s, "bea", setup["rosa"], "12", today=TODAY)
        fees.record_payment(s, "bea", setup["luis"], "2.50", method="card", today=TODAY)
    with db.Session() as s:
        total = stats.compute(s, D1, D3)
        days = breakdowns.by_day(s, D1, D3)
        people = breakdowns.by_vendor(s, D1, D3)
        assert [(d.date, d.fees_paid_later, d.fees_outstanding) for d in days] == [
            (D1, 1250, 750),
            (D2, 200, 400),
            (D3, 0, 1000),
        ]
        for rows in (days, people):
            assert sum(r.fees_paid_later for r in rows) == total.fees_paid_later == 1450
            assert sum(r.fees_outstanding for r in rows) == total.fees_outstanding == 2150
        by_id = {r.id: r for r in people}
        assert (by_id[setup["rosa"]].fees_paid_later, by_id[setup["luis"]].fees_paid_later) == (
            1200,
            250,
        )


def test_an_open_days_share_keeps_its_method_and_date_in_the_cell_history(db, setup) -> None:
    from agroferia.core import cell_history
    from agroferia.core.day_sheet import PAID

    rosa = setup["rosa"]
    with db.Session.begin() as s:
        fees.record_payment(s, "bea", rosa, "10", fair_day_id=setup["d3"], method="plin",
                            received_on="15/06/2025", today=TODAY)  # fmt: skip
    with db.Session() as s:
        changes = cell_history.history(s, setup["d3"], rosa, PAID)
    assert changes[-1].text == (
        "Pago registrado: pagado S/ 0.00 → S/ 10.00 (Plin, recibido el 15/06/2025)"
    )


def test_the_demo_replaces_a_database_with_later_payments(db, setup) -> None:
    from agroferia.core import demo

    with db.Session.begin() as s:
        fees.record_payment(s, "bea", setup["rosa"], "5", received_on=D3, today=TODAY)
    # typed data are real: replacing them takes a second word
    with db.Session() as s, pytest.raises(OperationError, match="datos reales"):
        demo.build(s, seed=3, until=TODAY, replace=True)
    with db.Session.begin() as s:
        demo.build(s, seed=3, until=TODAY, replace=True, discard_real_data=True)
    with db.Session() as s:
        assert s.scalar(select(func.count()).select_from(LaterPayment)) == 0
        assert s.scalar(select(func.count()).select_from(Fee)) > 0
