"""Sales entries and stall fees: exact amounts, audit trail, closed days."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from agroferia.core import audit, catalog, fairs, fees, sales, vendors
from agroferia.core.errors import NotFoundError, OperationError, ValidationError
from agroferia.core.models import Attendance, AuditLog, Fee, Sale

D = Decimal
DAY = dt.date(2025, 6, 15)


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def new_vendor(s, doc_number: str, category: str = "Hortalizas y verduras") -> int:
    return vendors.register(
        s,
        "ana",
        {
            "given_names": "Rosa",
            "surnames": f"Quispe {doc_number}",
            "doc_number": doc_number,
            "main_category": category,
        },
        today=DAY,
    ).id


@pytest.fixture
def setup(db) -> dict[str, int]:
    with db.Session.begin() as s:
        fair = fairs.create_fair(s, "ana", name="Feria Campesina de Magdalena")
        day = fairs.add_fair_day(s, "ana", fair.id, date=DAY)
        return {
            "fair": fair.id,
            "day": day.id,
            "vendor": new_vendor(s, "40000001"),
            "other": new_vendor(s, "40000002", "Gastronomía"),
        }


def add_day(db, fair_id: int, date: dt.date) -> int:
    with db.Session.begin() as s:
        return fairs.add_fair_day(s, "ana", fair_id, date=date).id


# ---------------------------------------------------------------- record


def test_record_sale_defaults_and_audit(db, setup) -> None:
    with db.Session.begin() as s:
        sale_id = sales.record_sale(s, "ana", setup["day"], setup["vendor"], "S/ 1,234.50").id
    with db.Session() as s:
        sale = sales.get_sale(s, sale_id)
        assert sale.amount_cents == 123450
        assert sale.payment_method == "cash"
        assert sale.category_id == catalog.find_category(s, "Hortalizas y verduras").id
        assert sale.entered_by == "ana"
        [entry] = audit.history(s, "sale", sale_id)
        assert (entry.actor, entry.action, entry.before) == ("ana", "create", None)
        after = json.loads(entry.after)
        assert after["amount_cents"] == 123450
        assert after["vendor_id"] == setup["vendor"]


def test_record_sale_with_category_and_method(db, setup) -> None:
    with db.Session.begin() as s:
        sale = sales.record_sale(
            s,
            "ana",
            setup["day"],
            setup["vendor"],
            12.5,
            category="artesania",
            payment_method="Yape",
        )
        assert sale.amount_cents == 1250
        assert sale.payment_method == "yape"
        assert sale.category_id == catalog.find_category(s, "Artesanía").id


def test_sale_implies_attendance(db, setup) -> None:
    with db.Session.begin() as s:
        sales.record_sale(s, "ana", setup["day"], setup["vendor"], "10")
        sales.record_sale(s, "ana", setup["day"], setup["vendor"], "20")
    with db.Session() as s:
        rows = s.scalars(select(Attendance)).all()
        assert [(a.fair_day_id, a.vendor_id) for a in rows] == [(setup["day"], setup["vendor"])]
        assert [x.amount_cents for x in sales.sales_of_day(s, setup["day"])] == [1000, 2000]


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("0", "debe ser mayor que cero"),
        ("0.00", "debe ser mayor que cero"),
        ("-5", "no puede ser negativo"),
        ("1000000.01", "supera S/ 1,000,000.00; revise el monto"),
        ("2,000,000", "supera S/ 1,000,000.00; revise el monto"),
        ("", "está vacío"),
        ("diez", "no es un monto válido (ejemplo: 1,234.50)"),
        ("1.2.3,4", "los separadores de miles están mal ubicados"),
        ("10,5555", "tiene más de dos decimales"),
    ],
)
def test_bad_amounts_refused_and_nothing_written(db, setup, amount: str, message: str) -> None:
    with db.Session() as s:
        audit_before = count(s, AuditLog)
    with db.Session() as s:
        with pytest.raises(ValidationError) as info:
            sales.record_sale(s, "ana", setup["day"], setup["vendor"], amount)
        s.commit()
    assert [e.field for e in info.value.errors] == ["amount"]
    assert info.value.errors[0].message.render() == message
    with db.Session() as s:
        assert count(s, Sale) == 0
        assert count(s, Attendance) == 0
        assert count(s, AuditLog) == audit_before


def test_amount_at_the_limit_accepted(db, setup) -> None:
    with db.Session.begin() as s:
        sale = sales.record_sale(s, "ana", setup["day"], setup["vendor"], "1,000,000.00")
        assert sale.amount_cents == sales.MAX_SALE_CENTS


def test_record_sale_all_errors_at_once(db, setup) -> None:
    with db.Session() as s, pytest.raises(ValidationError) as info:
        sales.record_sale(
            s, "ana", setup["day"], setup["vendor"], "0", category="Minería", payment_method="oro"
        )
    assert [e.field for e in info.value.errors] == ["amount", "category", "payment_method"]


def test_record_sale_unknown_vendor_or_day(db, setup) -> None:
    with db.Session() as s:
        with pytest.raises(NotFoundError):
            sales.record_sale(s, "ana", setup["day"], 999, "10")
        with pytest.raises(NotFoundError):
            sales.record_sale(s, "ana", 999, setup["vendor"], "10")


def test_deactivated_category_stays_usable_for_its_own_vendors_only(db, setup) -> None:
    with db.Session.begin() as s:
        catalog.set_active(s, "ana", catalog.find_category(s, "Hortalizas y verduras").id, False)
    with db.Session.begin() as s:  # the vendor's main rubro: they still sell in it
        sale = sales.record_sale(s, "ana", setup["day"], setup["vendor"], "10")
        assert sale.category_id == catalog.find_category(s, "Hortalizas y verduras").id
    with db.Session() as s, pytest.raises(ValidationError) as info:  # not the other's rubro
        sales.record_sale(
            s, "ana", setup["day"], setup["other"], "10", category="Hortalizas y verduras"
        )
    assert info.value.errors[0].field == "category"


# ---------------------------------------------------------------- correct and remove


def test_correct_sale_keeps_history(db, setup) -> None:
    with db.Session.begin() as s:
        sale_id = sales.record_sale(s, "ana", setup["day"], setup["vendor"], "100").id
    with db.Session.begin() as s:
        sales.correct_sale(s, "luis", sale_id, reason="error de digitación", amount="10.00")
    with db.Session.begin() as s:
        sales.correct_sale(s, "luis", sale_id, payment_method="plin")
    with db.Session() as s:
        sale = sales.get_sale(s, sale_id)
        assert (sale.amount_cents, sale.payment_method) == (1000, "plin")
        assert sale.entered_by == "ana"  # who entered it does not change
        created, fixed, method = audit.history(s, "sale", sale_id)
        assert [e.action for e in (created, fixed, method)] == ["create", "update", "update"]
        assert json.loads(created.after)["amount_cents"] == 10000
        assert json.loads(fixed.before) == {"amount_cents": 10000}
        assert json.loads(fixed.after) == {"amount_cents": 1000}
        assert (fixed.actor, fixed.reason) == ("luis", "error de digitación")
        assert json.loads(method.before) == {"payment_method": "cash"}
        assert json.loads(method.after) == {"payment_method": "plin"}


def test_correct_sale_category(db, setup) -> None:
    with db.Session.begin() as s:
        sale_id = sales.record_sale(s, "ana", setup["day"], setup["vendor"], "10").id
        old = catalog.find_category(s, "Hortalizas y verduras").id
        new = catalog.find_category(s, "Artesanía").id
        sales.correct_sale(s, "ana", sale_id, category="Artesanía")
    with db.Session() as s:
        assert sales.get_sale(s, sale_id).category_id == new
        entry = audit.history(s, "sale", sale_id)[-1]
        assert json.loads(entry.before) == {"category_id": old}
        assert json.loads(entry.after) == {"category_id": new}


def test_correct_sale_bad_amount_changes_nothing(db, setup) -> None:
    with db.Session.begin() as s:
        sale_id = sales.record_sale(s, "ana", setup["day"], setup["vendor"], "10").id
    with db.Session() as s:
        with pytest.raises(ValidationError):
            sales.correct_sale(s, "ana", sale_id, amount="-1")
        s.commit()
    with db.Session() as s:
        assert sales.get_sale(s, sale_id).amount_cents == 1000
        assert len(audit.history(s, "sale", sale_id)) == 1


def test_correct_sale_unknown_field(db, setup) -> None:
    with db.Session.begin() as s:
        sale_id = sales.record_sale(s, "ana", setup["day"], setup["vendor"], "10").id
    with db.Session() as s, pytest.raises(ValueError, match="vendor_id"):
        sales.correct_sale(s, "ana", sale_id, vendor_id=setup["other"])


def test_remove_sale_audited(db, setup) -> None:
    with db.Session.begin() as s:
        sale_id = sales.record_sale(s, "ana", setup["day"], setup["vendor"], "55.20").id
    with db.Session.begin() as s:
        sales.remove_sale(s, "luis", sale_id, reason="duplicada")
    with db.Session() as s:
        assert count(s, Sale) == 0
        with pytest.raises(NotFoundError):
            sales.get_sale(s, sale_id)
        entry = audit.history(s, "sale", sale_id)[-1]
        assert (entry.actor, entry.action, entry.reason) == ("luis", "delete", "duplicada")
        assert json.loads(entry.before)["amount_cents"] == 5520
        assert entry.after is None
        # the vendor still attended; now without sales, attendance can be removed
        fairs.set_attendance(s, "ana", setup["day"], setup["vendor"], False)


def test_closed_day_blocks_correct_and_remove(db, setup) -> None:
    with db.Session.begin() as s:
        sale_id = sales.record_sale(s, "ana", setup["day"], setup["vendor"], "10").id
        fairs.close_fair_day(s, "ana", setup["day"])
    with db.Session() as s:
        with pytest.raises(OperationError):
            sales.correct_sale(s, "ana", sale_id, amount="20")
        with pytest.raises(OperationError):
            sales.remove_sale(s, "ana", sale_id)
        assert sales.get_sale(s, sale_id).amount_cents == 1000


def test_correct_amount_of_sale_in_deactivated_category(db, setup) -> None:
    with db.Session.begin() as s:
        sale_id = sales.record_sale(s, "ana", setup["day"], setup["vendor"], "100").id
        catalog.set_active(s, "ana", catalog.find_category(s, "Hortalizas y verduras").id, False)
    with db.Session.begin() as s:
        sales.correct_sale(s, "ana", sale_id, amount="10")
    with db.Session() as s:
        assert sales.get_sale(s, sale_id).amount_cents == 1000


# ---------------------------------------------------------------- fees


def test_set_due_creates_then_updates(db, setup) -> None:
    with db.Session.begin() as s:
        fee_id = fees.set_due(s, "ana", setup["day"], setup["vendor"], "15").id
    with db.Session.begin() as s:
        again = fees.set_due(s, "luis", setup["day"], setup["vendor"], "20.50")
        assert again.id == fee_id
    with db.Session() as s:
        fee = s.get(Fee, fee_id)
        assert (fee.due_cents, fee.paid_cents) == (2050, 0)
        created, updated = audit.history(s, "fee", fee_id)
        assert created.action == "create"
        assert updated.action == "update"
        assert json.loads(updated.before) == {"due_cents": 1500}
        assert json.loads(updated.after) == {"due_cents": 2050}
        assert count(s, Fee) == 1


def test_set_due_zero_allowed_negative_refused(db, setup) -> None:
    with db.Session.begin() as s:
        assert fees.set_due(s, "ana", setup["day"], setup["vendor"], "0").due_cents == 0
    with db.Session() as s, pytest.raises(ValidationError) as info:
        fees.set_due(s, "ana", setup["day"], setup["vendor"], "-1")
    assert info.value.errors[0].field == "due"


def test_set_due_below_paid_refused(db, setup) -> None:
    with db.Session.begin() as s:
        fees.set_due(s, "ana", setup["day"], setup["vendor"], "20")
        fees.record_payment(s, "ana", setup["vendor"], "15")
    with db.Session() as s, pytest.raises(ValidationError) as info:
        fees.set_due(s, "ana", setup["day"], setup["vendor"], "10")
    assert info.value.errors[0].message.render() == "no puede ser menor que lo ya pagado (S/ 15.00)"


def test_set_due_on_closed_day_or_unknown_vendor(db, setup) -> None:
    with db.Session() as s, pytest.raises(NotFoundError):
        fees.set_due(s, "ana", setup["day"], 999, "10")
    with db.Session.begin() as s:
        fairs.close_fair_day(s, "ana", setup["day"])
    with db.Session() as s, pytest.raises(OperationError):
        fees.set_due(s, "ana", setup["day"], setup["vendor"], "10")


def test_payment_applies_to_oldest_fees_first(db, setup) -> None:
    vendor = setup["vendor"]
    # fair days created out of date order, so ids do not follow dates
    late = add_day(db, setup["fair"], DAY + dt.timedelta(days=14))
    early = add_day(db, setup["fair"], DAY - dt.timedelta(days=14))
    middle = setup["day"]
    with db.Session.begin() as s:
        for day_id in (late, middle, early):
            fees.set_due(s, "ana", day_id, vendor, "10")
    with db.Session.begin() as s:
        touched = fees.record_payment(s, "ana", vendor, "15")
        assert [f.fair_day_id for f in touched] == [early, middle]
    with db.Session() as s:
        paid = {f.fair_day_id: f.paid_cents for f in s.scalars(select(Fee))}
        assert paid == {early: 1000, middle: 500, late: 0}
        assert all(f.paid_at is not None for f in s.scalars(select(Fee)) if f.fair_day_id != late)
        payment_entries = s.scalars(select(AuditLog).where(AuditLog.action == "payment")).all()
        assert len(payment_entries) == 2
    with db.Session.begin() as s:
        touched = fees.record_payment(s, "ana", vendor, "10")
        assert [f.fair_day_id for f in touched] == [middle, late]
    with db.Session() as s:
        paid = {f.fair_day_id: f.paid_cents for f in s.scalars(select(Fee))}
        assert paid == {early: 1000, middle: 1000, late: 500}


def test_payment_to_one_fair_day(db, setup) -> None:
    vendor = setup["vendor"]
    later = add_day(db, setup["fair"], DAY + dt.timedelta(days=7))
    with db.Session.begin() as s:
        fees.set_due(s, "ana", setup["day"], vendor, "10")
        fees.set_due(s, "ana", later, vendor, "10")
        [applied] = fees.record_payment(s, "ana", vendor, "4", fair_day_id=later)
        assert (applied.fair_day_id, applied.fee.paid_cents, applied.cents) == (later, 400, 400)
    with db.Session() as s, pytest.raises(ValidationError):
        fees.record_payment(s, "ana", vendor, "7", fair_day_id=later)  # only 6 owed there


def test_overpayment_refused_and_writes_nothing(db, setup) -> None:
    vendor = setup["vendor"]
    with db.Session.begin() as s:
        fees.set_due(s, "ana", setup["day"], vendor, "10")
        fees.set_due(s, "ana", setup["day"], setup["other"], "99")  # another vendor's debt
    with db.Session() as s:
        audit_before = count(s, AuditLog)
    with db.Session() as s:
        with pytest.raises(ValidationError) as info:
            fees.record_payment(s, "ana", vendor, "10.01")
        s.commit()
    assert info.value.errors[0].field == "payment"
    assert info.value.errors[0].message.render() == "supera lo adeudado (S/ 10.00)"
    with db.Session() as s:
        assert {f.vendor_id: f.paid_cents for f in s.scalars(select(Fee))} == {
            vendor: 0,
            setup["other"]: 0,
        }
        assert count(s, AuditLog) == audit_before


@pytest.mark.parametrize("amount", ["0", "-5", "abc"])
def test_payment_must_be_positive(db, setup, amount: str) -> None:
    with db.Session.begin() as s:
        fees.set_due(s, "ana", setup["day"], setup["vendor"], "10")
    with db.Session() as s, pytest.raises(ValidationError) as info:
        fees.record_payment(s, "ana", setup["vendor"], amount)
    assert info.value.errors[0].field == "payment"


def test_payment_when_nothing_owed(db, setup) -> None:
    with db.Session() as s, pytest.raises(ValidationError) as info:
        fees.record_payment(s, "ana", setup["vendor"], "1")
    assert info.value.errors[0].message.render() == "supera lo adeudado (S/ 0.00)"


def test_balances_are_exact_decimals(db, setup) -> None:
    vendor = setup["vendor"]
    days = [setup["day"]] + [
        add_day(db, setup["fair"], DAY + dt.timedelta(days=7 * i)) for i in (1, 2)
    ]
    with db.Session.begin() as s:
        for day_id in days:
            fees.set_due(s, "ana", day_id, vendor, "0.10")
        fees.set_due(s, "ana", days[0], setup["other"], "5")
    with db.Session.begin() as s:
        fees.record_payment(s, "ana", vendor, "0.1")
        fees.record_payment(s, "ana", vendor, "0.1")
    with db.Session() as s:
        bal = fees.balance(s, vendor)
        assert bal.due == D("0.30")  # not 0.30000000000000004
        assert bal.paid == D("0.20")
        assert bal.outstanding == D("0.10")
        assert isinstance(bal.due, Decimal)
        assert str(bal.outstanding) == "0.10"
        everyone = fees.balances(s)
        assert set(everyone) == {vendor, setup["other"]}
        assert everyone[setup["other"]].outstanding == D("5.00")


def test_balance_of_vendor_without_fees(db, setup) -> None:
    with db.Session() as s:
        bal = fees.balance(s, setup["vendor"])
        assert (bal.due, bal.paid, bal.outstanding) == (D("0.00"), D("0.00"), D("0.00"))


def test_balances_per_fair(db, setup) -> None:
    vendor = setup["vendor"]
    with db.Session.begin() as s:
        other_fair = fairs.create_fair(s, "ana", name="Feria de Surco").id
    other_day = add_day(db, other_fair, DAY)
    with db.Session.begin() as s:
        fees.set_due(s, "ana", setup["day"], vendor, "12.34")
        fees.set_due(s, "ana", other_day, vendor, "100")
    with db.Session() as s:
        assert fees.balances(s, fair_id=setup["fair"])[vendor].due == D("12.34")
        assert fees.balances(s, fair_id=other_fair)[vendor].due == D("100.00")
        assert fees.balance(s, vendor).due == D("112.34")


# ---------------------------------------------------------------- a day's fee as the sheet sets it


def test_set_day_fee_creates_updates_and_audits(db, setup) -> None:
    with db.Session.begin() as s:
        assert fees.set_day_fee(s, "ana", setup["day"], setup["vendor"], "", "") is None
        assert count(s, Fee) == 0
        fee = fees.set_day_fee(s, "ana", setup["day"], setup["vendor"], "15", "")
        assert (fee.due_cents, fee.paid_cents, fee.paid_at) == (1500, 0, None)
    with db.Session.begin() as s:
        fee = fees.set_day_fee(s, "bea", setup["day"], setup["vendor"], "S/ 15.00", "10,50")
        assert (fee.due_cents, fee.paid_cents) == (1500, 1050)
        assert fee.paid_at is not None
        fee_id = fee.id
    with db.Session.begin() as s:  # the same values again: nothing new in the audit log
        fees.set_day_fee(s, "bea", setup["day"], setup["vendor"], "15.00", "10.50")
        trail = audit.history(s, "fee", fee_id)
        assert [(e.actor, e.action) for e in trail] == [("ana", "create"), ("bea", "update")]
        assert json.loads(trail[1].before) == {"paid_at": None, "paid_cents": 0}
        assert json.loads(trail[1].after)["paid_cents"] == 1050


def test_set_day_fee_refuses_paying_more_than_due(db, setup) -> None:
    with db.Session.begin() as s:
        with pytest.raises(ValidationError) as refused:
            fees.set_day_fee(s, "ana", setup["day"], setup["vendor"], "10", "12")
        assert refused.value.for_field("paid")[0].message.render() == "supera la cuota (S/ 10.00)"
        with pytest.raises(ValidationError) as bad:
            fees.set_day_fee(s, "ana", setup["day"], setup["vendor"], "diez", "-1")
        assert {e.field for e in bad.value.errors} == {"due", "paid"}
        assert count(s, Fee) == 0


def test_set_day_fee_on_a_closed_day_is_refused(db, setup) -> None:
    with db.Session.begin() as s:
        fairs.close_fair_day(s, "ana", setup["day"])
    with db.Session.begin() as s, pytest.raises(OperationError):
        fees.set_day_fee(s, "ana", setup["day"], setup["vendor"], "15", "15")


def test_statement_lists_days_oldest_first(db, setup) -> None:
    later = add_day(db, setup["fair"], DAY + dt.timedelta(days=7))
    with db.Session.begin() as s:
        fees.set_day_fee(s, "ana", later, setup["vendor"], "15", "")
        fees.set_day_fee(s, "ana", setup["day"], setup["vendor"], "15", "15")
        fees.set_day_fee(s, "ana", setup["day"], setup["other"], "20", "")
    with db.Session() as s:
        rows = fees.statement(s, setup["vendor"])
        assert [(r.date, r.due_cents, r.paid_cents, r.outstanding_cents) for r in rows] == [
            (DAY, 1500, 1500, 0),
            (DAY + dt.timedelta(days=7), 1500, 0, 1500),
        ]
        assert rows[0].fair == "Feria Campesina de Magdalena"
        assert [r.date for r in fees.statement(s, setup["vendor"], unpaid_only=True)] == [
            DAY + dt.timedelta(days=7)
        ]


# ---------------------------------------------------------------- the Cuotas panel's rows


def test_vendor_fees_one_row_per_vendor_of_the_fair(db, setup) -> None:
    vendor, other = setup["vendor"], setup["other"]
    later = add_day(db, setup["fair"], DAY + dt.timedelta(days=7))
    with db.Session.begin() as s:
        other_fair = fairs.create_fair(s, "ana", name="Feria de Surco").id
        elsewhere = fairs.add_fair_day(s, "ana", other_fair, date=DAY).id
        outsider = new_vendor(s, "40000003")  # no fair, no fee: not listed
        visitor = new_vendor(s, "40000004")  # of no fair, but with a fee in this one
        member = new_vendor(s, "40000005")  # of this fair, owes nothing
        withdrawn = new_vendor(s, "40000006")  # of this fair, withdrawn, owes nothing
        for vid in (member, withdrawn, vendor, other):
            vendors.update(s, "ana", vid, {"fair": setup["fair"]}, today=DAY)
        vendors.update(s, "ana", vendor, {"stall": "B-07"}, today=DAY)
        vendors.set_status(s, "ana", withdrawn, "withdrawn")
        fees.set_day_fee(s, "ana", setup["day"], vendor, "15", "15")
        fees.set_day_fee(s, "ana", later, vendor, "15", "5")
        fees.set_day_fee(s, "ana", elsewhere, vendor, "100", "")  # another fair: left out
        fees.set_day_fee(s, "ana", setup["day"], other, "20", "20")
        fees.set_day_fee(s, "ana", later, visitor, "12.50", "")
    with db.Session() as s:
        rows = {r.id: r for r in fees.vendor_fees(s, setup["fair"])}
        assert set(rows) == {vendor, other, visitor, member}
        assert outsider not in rows and withdrawn not in rows
        mine = rows[vendor]
        assert (mine.due_cents, mine.paid_cents, mine.outstanding_cents) == (3000, 2000, 1000)
        assert (mine.days_owed, mine.stall, mine.doc_number) == (1, "B-07", "40000001")
        assert mine.full_name == "Rosa Quispe 40000001"
        assert "40000001" in mine.search_key
        assert (rows[other].outstanding_cents, rows[other].days_owed) == (0, 0)
        assert (rows[visitor].outstanding_cents, rows[visitor].days_owed) == (1250, 1)
        nothing = rows[member]
        assert (nothing.due_cents, nothing.paid_cents, nothing.days_owed) == (0, 0, 0)
        # the same sums as balances()
        for vid, bal in fees.balances(s, fair_id=setup["fair"]).items():
            assert rows[vid].due_cents == int(bal.due * 100)
            assert rows[vid].outstanding_cents == int(bal.outstanding * 100)
        assert fees.vendor_fees(s, other_fair)[0].id == vendor


def test_vendor_fees_of_a_fair_without_anything(db, setup) -> None:
    with db.Session.begin() as s:
        empty = fairs.create_fair(s, "ana", name="Feria vacía").id
    with db.Session() as s:
        assert fees.vendor_fees(s, empty) == []


def test_plan_payment_is_what_record_payment_does(db, setup) -> None:
    vendor = setup["vendor"]
    late = add_day(db, setup["fair"], DAY + dt.timedelta(days=14))
    early = add_day(db, setup["fair"], DAY - dt.timedelta(days=14))
    with db.Session.begin() as s:
        for day_id in (late, setup["day"], early):
            fees.set_day_fee(s, "ana", day_id, vendor, "10", "")
        fees.set_day_fee(s, "ana", early, vendor, "10", "4")
    with db.Session() as s:
        open_days = fees.statement(s, vendor, unpaid_only=True)
        plan = fees.plan_payment(open_days, "S/ 12,50")
        assert [(d.fair_day_id, part) for d, part in plan] == [(early, 600), (setup["day"], 650)]
        assert [d.fair_day_id for d, _ in fees.plan_payment(open_days, "26")] == [
            early,
            setup["day"],
            late,
        ]
    with db.Session.begin() as s:
        touched = fees.record_payment(s, "ana", vendor, "S/ 12,50")
        paid = [(a.fair_day_id, a.fee.paid_cents) for a in touched]
        assert paid == [(early, 1000), (setup["day"], 650)]


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("26.01", "supera lo adeudado (S/ 26.00)"),
        ("0", "debe ser mayor que cero"),
        ("", "está vacío"),
        ("quince", "no es un monto válido (ejemplo: 1,234.50)"),
    ],
)
def test_plan_payment_refuses_as_record_payment_does(db, setup, amount, message) -> None:
    later = add_day(db, setup["fair"], DAY + dt.timedelta(days=7))
    with db.Session.begin() as s:
        fees.set_day_fee(s, "ana", setup["day"], setup["vendor"], "16", "")
        fees.set_day_fee(s, "ana", later, setup["vendor"], "10", "")
    with db.Session() as s:
        open_days = fees.statement(s, setup["vendor"], unpaid_only=True)
        with pytest.raises(ValidationError) as planned:
            fees.plan_payment(open_days, amount)
        with pytest.raises(ValidationError) as recorded:
            fees.record_payment(s, "ana", setup["vendor"], amount)
    for refused in (planned.value, recorded.value):
        assert [(e.field, e.message.render()) for e in refused.errors] == [("payment", message)]
