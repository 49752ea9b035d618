"""Holes found in review: each input here was once accepted when it should not have been."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from agroferia.core import demo, fairs, sales, stats, vendors
from agroferia.core.errors import OperationError, ValidationError
from agroferia.core.models import Sale
from agroferia.core.money import MoneyError, parse_money
from agroferia.core.validation import Invalid, non_negative_int


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("1 234,50", "1234.50"),
        ("1 234.50", "1234.50"),
        ("12 345", "12345.00"),
        ("S/ 1 500", "1500.00"),
    ],
)
def test_spaces_group_thousands(text, amount):
    assert parse_money(text) == Decimal(amount)


@pytest.mark.parametrize("text", ["12 50", "1 5", "1 2345", "12 345 6"])
def test_spaces_elsewhere_are_refused(text):
    with pytest.raises(MoneyError):
        parse_money(text)


@pytest.mark.parametrize(
    ("text", "number"), [("1500", 1500), ("1,500", 1500), ("1.500", 1500), (" 12 ", 12), (7, 7)]
)
def test_visitor_counts(text, number):
    assert non_negative_int(text) == number


@pytest.mark.parametrize("text", ["1,5", "12.5", "1,50", "abc", "-3"])
def test_visitor_counts_refused(text):
    with pytest.raises(Invalid):
        non_negative_int(text)


def _vendor(session, **extra):
    return vendors.register(
        session,
        "t",
        {
            "given_names": "Ana",
            "surnames": "Quispe",
            "doc_number": "12345678",
            "main_category": "Gastronomía",
            **extra,
        },
    )


def test_registration_date_cannot_be_in_the_future(session):
    with pytest.raises(ValidationError) as info:
        _vendor(session, registered_on="2099-01-01")
    assert [e.field for e in info.value.errors] == ["registered_on"]


def test_a_withdrawn_vendor_gets_no_new_sales(session):
    fair = fairs.create_fair(session, "t", name="Feria")
    day = fairs.add_fair_day(session, "t", fair.id, date="2026-03-01")
    vendor = _vendor(session)
    vendors.set_status(session, "t", vendor.id, "retirado")
    with pytest.raises(OperationError, match="retirado"):
        sales.record_sale(session, "t", day.id, vendor.id, "10")
    assert session.scalar(select(func.count()).select_from(Sale)) == 0


def test_unknown_fair_fields_are_refused_and_fairs_can_be_deactivated(session):
    fair = fairs.create_fair(session, "t", name="Feria")
    with pytest.raises(ValueError, match="unknown fair fields"):
        fairs.update_fair(session, "t", fair.id, active=False)
    fairs.set_fair_active(session, "t", fair.id, False)
    assert fairs.list_fairs(session) == []
    assert fairs.list_fairs(session, include_inactive=True) == [fair]


def test_demo_refuses_a_future_end(session):
    with pytest.raises(OperationError, match="futuro"):
        demo.build(session, until=dt.date.today() + dt.timedelta(days=8))
    assert not demo.has_data(session)


def test_shares_round_half_up(db):
    result = stats.Stats(
        start=dt.date(2026, 1, 1), end=dt.date(2026, 1, 31), fair=None, youth_range=(15, 29)
    )
    result.vendors.present = 80
    assert result.share(1) == Decimal("1.3")  # 1.25 %


def test_text_summary_adds_up_with_every_sex_and_unknown_visitors():
    from agroferia.core.summary import summary_text

    result = stats.Stats(
        start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31), fair=None, youth_range=(15, 29)
    )
    result.fair_days = 2
    result.vendors.present = 3
    result.vendors.by_sex.update({"F": 1, "other": 1, "not_stated": 1})
    result.sales.total = 1000
    result.sales.by_sex.update({"F": 400, "other": 600})
    text = summary_text(result)
    assert "  Mujeres: 1 (33.3 %)" in text
    assert "  Hombres: 0 (0.0 %)" in text
    assert "  Otro: 1 (33.3 %)" in text
    assert "  No indica: 1 (33.3 %)" in text
    assert "  Otro: S/ 6.00" in text
    assert "Visitantes: sin estimación" in text
