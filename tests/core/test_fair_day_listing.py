"""The Jornadas page's listing of fair days, its checks as the person types, and the date a
new fair day is offered."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import event

from agroferia.core import fairs, sales, vendors
from agroferia.core.errors import ValidationError
from agroferia.core.fairs import DaySummary

SUNDAY = 6
D1, D2, D3 = dt.date(2025, 6, 1), dt.date(2025, 6, 8), dt.date(2025, 6, 15)


def new_vendor(s, doc_number: str) -> int:
    data = {
        "given_names": "Rosa",
        "surnames": f"Quispe {doc_number}",
        "doc_number": doc_number,
        "main_category": "Hortalizas y verduras",
    }
    return vendors.register(s, "ana", data, today=D1).id


@pytest.fixture
def fair(db) -> dict[str, int]:
    """Three Sundays of one fair, and a day of another fair that must not count."""
    with db.Session.begin() as s:
        fair = fairs.create_fair(s, "ana", name="Feria de Magdalena", weekday=SUNDAY)
        other = fairs.create_fair(s, "ana", name="Feria de Surco")
        rosa, juan = new_vendor(s, "40000001"), new_vendor(s, "40000002")
        d1 = fairs.add_fair_day(s, "ana", fair.id, date=D1).id
        d2 = fairs.add_fair_day(s, "ana", fair.id, date=D2, visitors="1,200", notes="Lluvia").id
        d3 = fairs.add_fair_day(s, "ana", fair.id, date=D3).id
        elsewhere = fairs.add_fair_day(s, "ana", other.id, date=D2).id
        sales.record_sale(s, "ana", d1, rosa, Decimal("100.50"))
        sales.record_sale(s, "ana", d1, rosa, Decimal("20.00"))
        sales.record_sale(s, "ana", d1, juan, Decimal("5.00"))
        fairs.mark_present(s, "system", d2, rosa)  # present without sales
        sales.record_sale(s, "ana", elsewhere, juan, Decimal("999.00"))
        fairs.close_fair_day(s, "ana", d3)
        return {"fair": fair.id, "other": other.id, "d1": d1, "d2": d2, "d3": d3}


def test_day_summaries_newest_first_with_presence_and_sales(session, fair):
    assert fairs.day_summaries(session, fair["fair"]) == [
        DaySummary(fair["d3"], D3, 0, 0, None, None, True),
        DaySummary(fair["d2"], D2, 1, 0, 1200, "Lluvia", False),
        DaySummary(fair["d1"], D1, 2, 12550, None, None, False),
    ]
    assert fairs.day_summaries(session, fair["other"])[0].sales_cents == 99900
    assert fairs.day_summaries(session, 999) == []


def test_day_summaries_costs_three_queries_whatever_the_number_of_days(db, fair):
    with db.Session.begin() as s:
        for week in range(1, 101):
            fairs.add_fair_day(s, "ana", fair["fair"], date=D3 + dt.timedelta(weeks=week))
    statements: list[str] = []

    def count(*args) -> None:
        statements.append(args[2])

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        with db.Session() as s:
            rows = fairs.day_summaries(s, fair["fair"])
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert len(rows) == 103
    assert len([q for q in statements if q.lstrip().upper().startswith("SELECT")]) == 3


def test_validate_fair_day_reports_a_taken_date_and_other_problems_together(session, fair):
    with pytest.raises(ValidationError) as caught:
        fairs.validate_fair_day(session, fair["fair"], {"date": "08/06/2025", "visitors": "-3"})
    error = caught.value
    assert [e.message.render() for e in error.for_field("date")] == [
        "la feria ya tiene una jornada el 08/06/2025"
    ]
    assert [e.message.render() for e in error.for_field("visitors")] == ["no puede ser negativo"]


def test_validate_fair_day_accepts_the_day_itself_and_other_fairs_dates(session, fair):
    clean = fairs.validate_fair_day(
        session, fair["fair"], {"date": "08/06/2025", "visitors": "90"}, exclude=fair["d2"]
    )
    assert clean == {"date": D2, "visitors": 90, "notes": None}
    assert fairs.validate_fair_day(session, fair["fair"], {"date": "2025-06-22"})["date"] == (
        dt.date(2025, 6, 22)
    )
    with pytest.raises(ValidationError) as caught:
        fairs.validate_fair_day(session, fair["fair"], {"date": "31/02/2025"})
    assert caught.value.for_field("date")[0].message.render().startswith("esa fecha no existe")
    with pytest.raises(ValidationError, match="es obligatorio"):
        fairs.validate_fair_day(session, fair["fair"], {"date": " "})


def test_next_date_is_the_latest_usual_weekday_that_has_come(session, fair):
    """The latest fair day is Sunday 15/06; on Tuesday 01/07 the day just held, Sunday 29/06,
    is offered (not Sunday 22/06 after the latest day, nor Sunday 06/07 to come)."""
    assert fairs.next_fair_day_date(session, fair["fair"], dt.date(2025, 7, 1)) == dt.date(
        2025, 6, 29
    )
    # on the Sunday itself, that Sunday
    assert fairs.next_fair_day_date(session, fair["fair"], dt.date(2025, 6, 29)) == dt.date(
        2025, 6, 29
    )


def test_next_date_when_the_day_held_is_already_there_is_the_next_one(session, fair):
    """On Monday 16/06 the Sunday just held (15/06) already has its fair day: the next
    Sunday, a date to come, is offered for planning (never an earlier Sunday without one)."""
    monday = dt.date(2025, 6, 16)
    assert fairs.next_fair_day_date(session, fair["fair"], monday) == dt.date(2025, 6, 22)
    fairs.add_fair_day(session, "ana", fair["fair"], date=dt.date(2025, 6, 22))
    assert fairs.next_fair_day_date(session, fair["fair"], monday) == dt.date(2025, 6, 29)


def test_next_date_without_days_is_the_latest_usual_weekday_that_has_come(db):
    with db.Session.begin() as s:
        sunday_fair = fairs.create_fair(s, "ana", name="Dominical", weekday=SUNDAY).id
        any_day = fairs.create_fair(s, "ana", name="Sin día fijo").id
    with db.Session() as s:
        tuesday, sunday = dt.date(2025, 7, 1), dt.date(2025, 7, 6)
        assert fairs.next_fair_day_date(s, sunday_fair, tuesday) == dt.date(2025, 6, 29)
        assert fairs.next_fair_day_date(s, sunday_fair, sunday) == sunday
        assert fairs.next_fair_day_date(s, any_day, tuesday) == tuesday


def test_next_date_without_usual_weekday_is_today_or_after_the_latest(db):
    with db.Session.begin() as s:
        fair = fairs.create_fair(s, "ana", name="Sin día fijo").id
        fairs.add_fair_day(s, "ana", fair, date=dt.date(2025, 7, 1))
    with db.Session() as s:
        assert fairs.next_fair_day_date(s, fair, dt.date(2025, 7, 10)) == dt.date(2025, 7, 10)
        assert fairs.next_fair_day_date(s, fair, dt.date(2025, 7, 1)) == dt.date(2025, 7, 2)
