"""A fair day that has not come yet can be planned, but receives no sales, attendance or fees
and cannot be closed; the import refuses sales dated in the future."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from agroferia.core import fairs, fees, importing, sales, vendors
from agroferia.core.errors import FutureDayError, ValidationError
from agroferia.core.models import Attendance, AuditLog, FairDay, Fee, Sale

TODAY = dt.date(2026, 12, 1)  # a Tuesday
NEXT_SUNDAY = dt.date(2026, 12, 6)
MESSAGE = "La jornada del 06/12/2026 todavía no llega: no puede tener ventas, asistencia ni cuotas."


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def days(db) -> dict[str, int]:
    """A fair with a Sunday that has come (29/11) and one to come (06/12, planned)."""
    with db.Session.begin() as s:
        fair = fairs.create_fair(s, "ana", name="Feria de Magdalena", weekday=6).id
        vendor = vendors.register(
            s,
            "ana",
            {
                "given_names": "Rosa",
                "surnames": "Quispe",
                "doc_number": "40000001",
                "main_category": "Artesanía",
                "fair": fair,
            },
            today=TODAY,
        ).id
        held = fairs.add_fair_day(s, "ana", fair, date=dt.date(2026, 11, 29)).id
        planned = fairs.add_fair_day(s, "ana", fair, date=NEXT_SUNDAY, notes="Feria navideña").id
        return {"fair": fair, "vendor": vendor, "held": held, "planned": planned}


def test_a_planned_day_receives_nothing_and_writes_nothing(db, days) -> None:
    planned, vendor = days["planned"], days["vendor"]
    with db.Session() as s:
        audits = count(s, AuditLog)
    attempts = {
        "sale": lambda s: sales.record_sale(s, "ana", planned, vendor, "10", today=TODAY),
        "present": lambda s: fairs.set_attendance(s, "ana", planned, vendor, True, today=TODAY),
        "mark": lambda s: fairs.mark_present(s, "system", planned, vendor, today=TODAY),
        "due": lambda s: fees.set_due(s, "ana", planned, vendor, "5", today=TODAY),
        "day fee": lambda s: fees.set_day_fee(s, "ana", planned, vendor, "5", "", today=TODAY),
    }
    for name, attempt in attempts.items():
        with db.Session() as s:
            with pytest.raises(FutureDayError) as refused:
                attempt(s)
            s.commit()
        assert str(refused.value) == MESSAGE, name
        assert refused.value.date == NEXT_SUNDAY
    with db.Session() as s:
        assert (count(s, Sale), count(s, Attendance), count(s, Fee)) == (0, 0, 0)
        assert count(s, AuditLog) == audits


def test_closing_a_planned_day_is_refused(db, days) -> None:
    with db.Session() as s:
        with pytest.raises(FutureDayError) as refused:
            fairs.close_fair_day(s, "ana", days["planned"], today=TODAY)
        assert str(refused.value) == (
            "La jornada del 06/12/2026 todavía no llega: no puede cerrarse antes de ese día."
        )
        assert fairs.get_fair_day(s, days["planned"]).closed_at is None


def test_on_the_day_itself_everything_is_possible(db, days) -> None:
    planned, vendor = days["planned"], days["vendor"]
    with db.Session.begin() as s:
        sale = sales.record_sale(s, "ana", planned, vendor, "10", today=NEXT_SUNDAY)
        sales.correct_sale(s, "ana", sale.id, amount="12", today=NEXT_SUNDAY)
        fees.set_day_fee(s, "ana", planned, vendor, "5", "2", today=NEXT_SUNDAY)
        fees.record_payment(s, "ana", vendor, "3", today=NEXT_SUNDAY)
        fairs.close_fair_day(s, "ana", planned, today=NEXT_SUNDAY)
    with db.Session() as s:
        assert s.scalar(select(Sale.amount_cents)) == 1200
        assert s.scalar(select(Fee.paid_cents)) == 500


def test_without_today_the_computers_date_counts(db, days) -> None:
    with db.Session.begin() as s:
        tomorrow = fairs.add_fair_day(
            s, "ana", days["fair"], date=dt.date.today() + dt.timedelta(1)
        )
    with db.Session() as s, pytest.raises(FutureDayError):
        sales.record_sale(s, "ana", tomorrow.id, days["vendor"], "10")
    with db.Session() as s:  # the day that has come takes it
        sales.record_sale(s, "ana", days["held"], days["vendor"], "10")


def test_what_was_written_on_a_future_day_can_still_be_removed(db, days) -> None:
    """An older database may hold sales on a day to come: they can be corrected away."""
    planned, vendor = days["planned"], days["vendor"]
    with db.Session.begin() as s:  # as an older version could write them
        s.add(Sale(fair_day_id=planned, vendor_id=vendor, category_id=1, amount_cents=900,
                   payment_method="cash", entered_by="ana"))  # fmt: skip
        s.add(Fee(fair_day_id=planned, vendor_id=vendor, due_cents=500, paid_cents=0))
    with db.Session.begin() as s:
        sale_id = s.scalar(select(Sale.id))
        with pytest.raises(FutureDayError):
            sales.correct_sale(s, "ana", sale_id, amount="10", today=TODAY)
        sales.remove_sale(s, "ana", sale_id)
        fairs.set_attendance(s, "ana", planned, vendor, False, today=TODAY)
        fees.set_day_fee(s, "ana", planned, vendor, "", "", today=TODAY)
    with db.Session() as s:
        assert (count(s, Sale), count(s, Attendance)) == (0, 0)
        assert s.scalar(select(Fee.due_cents)) == 0


def test_a_future_days_fee_is_not_owed_yet(db, days) -> None:
    planned, held, vendor = days["planned"], days["held"], days["vendor"]
    with db.Session.begin() as s:
        fees.set_due(s, "ana", held, vendor, "5", today=TODAY)
        s.add(Fee(fair_day_id=planned, vendor_id=vendor, due_cents=500, paid_cents=0))
    with db.Session() as s:
        open_days = fees.statement(s, vendor, unpaid_only=True)
        with pytest.raises(ValidationError, match="supera lo adeudado"):
            fees.plan_payment(open_days, "10", today=TODAY)
        with pytest.raises(ValidationError) as refused:
            fees.record_payment(s, "ana", vendor, "10", today=TODAY)
        assert refused.value.errors[0].message.render() == "supera lo adeudado (S/ 5.00)"
        with pytest.raises(FutureDayError):
            fees.record_payment(s, "ana", vendor, "1", fair_day_id=planned, today=TODAY)
        [(day, part)] = fees.plan_payment(open_days, "5", today=TODAY)
        assert (day.fair_day_id, part) == (held, 500)


def test_a_day_with_sales_keeps_a_date_that_has_come(db, days) -> None:
    held, vendor = days["held"], days["vendor"]
    with db.Session.begin() as s:
        fairs.set_attendance(s, "ana", held, vendor, True, today=TODAY)
    message = (
        "Fecha: es una fecha futura, y la jornada ya tiene ventas, asistencia o cuotas; una "
        "jornada que todavía no llega no puede tenerlas"
    )
    with db.Session() as s:
        with pytest.raises(ValidationError) as refused:
            fairs.update_fair_day(s, "ana", held, date="13/12/2026", today=TODAY)
        assert str(refused.value) == message
        with pytest.raises(ValidationError) as shown:  # as the form checks while typing
            fairs.validate_fair_day(s, days["fair"], {"date": "13/12/2026"}, held, today=TODAY)
        assert str(shown.value) == message
    with db.Session.begin() as s:  # a planned day without anything moves freely
        fairs.update_fair_day(s, "ana", days["planned"], date="13/12/2026", today=TODAY)
        fairs.update_fair_day(s, "ana", held, date="22/11/2026", today=TODAY)
    with db.Session() as s:
        assert sorted(s.scalars(select(FairDay.date))) == [
            dt.date(2026, 11, 22),
            dt.date(2026, 12, 13),
        ]


def test_the_import_refuses_sales_dated_in_the_future(db, days, tmp_path) -> None:
    path = tmp_path / "ventas.csv"
    path.write_text(
        "Documento,Fecha,Monto\n40000001,29/11/2026,10.00\n40000001,06/12/2026,12.00\n",
        encoding="utf-8",
    )
    with db.Session() as s:
        report = importing.import_file(s, "ana", "sales", path, today=TODAY)
        s.commit()
    assert [(e.row, e.message.render()) for e in report.errors] == [
        (3, "no puede estar en el futuro")
    ]
    with db.Session() as s:
        assert count(s, Sale) == 0
