"""Statistics against a small fair whose every figure was computed by hand.

Youth range 15–29.  The people (registered 01/01/2026 unless said):
  Ana   F  born 10/03/1996: 29 on 01/03, turns 30 on 10/03  fair A  Cusco   Gastronomía
  Beto  M  no birth date                                    fair A  Puno    Hortalizas
  Carla F  born 01/01/2000 (26)                             fair B  Cusco   Productos frescos,
                                                                            also Panadería
  Dora  other, born 05/05/1960                              fair A  —       Artesanía
  Eva   F  born 20/03/2011: 14 on 15/03                     fair A  Lima    Gastronomía
  Fede  M  registered 10/04/2026, only sells in April       fair A  Lima    Gastronomía
  Gil   M  suspended, never present                         fair A  —       Artesanía
Fair days: A 01/03 (100 visitors), A 15/03 (200), B 08/03 (no estimate), A 05/04 (999).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from sqlalchemy import literal, select

from agroferia.core import fairs, fees, sales, settings, stats, vendors
from agroferia.core.age import age_on, age_sql
from agroferia.core.models import Date

D = dt.date
MARCH = (D(2026, 3, 1), D(2026, 3, 31))


@pytest.fixture
def fair_data(db):
    with db.Session.begin() as s:
        a = fairs.create_fair(s, "t", name="Feria Norte")
        b = fairs.create_fair(s, "t", name="Feria Sur")
        people = {}
        for key, data in {
            "ana": dict(sex="F", birth_date=D(1996, 3, 10), fair=a.id, region="Cusco",
                        main_category="Gastronomía"),
            "beto": dict(sex="M", fair=a.id, region="Puno", main_category="Hortalizas y verduras"),
            "carla": dict(sex="F", birth_date=D(2000, 1, 1), fair=b.id, region="Cusco",
                          main_category="Productos frescos", other_categories=["Panadería y tamales"]),
            "dora": dict(sex="other", birth_date=D(1960, 5, 5), fair=a.id, main_category="Artesanía"),
            "eva": dict(sex="F", birth_date=D(2011, 3, 20), fair=a.id, region="Lima",
                        main_category="Gastronomía"),
            "fede": dict(sex="M", fair=a.id, region="Lima", main_category="Gastronomía",
                         registered_on=D(2026, 4, 10)),
            "gil": dict(sex="M", fair=a.id, main_category="Artesanía", status="suspended"),
        }.items():  # fmt: skip
            doc = f"{len(people) + 1:08d}"
            data = {"registered_on": D(2026, 1, 1), **data}
            people[key] = vendors.register(
                s,
                "t",
                {"given_names": key.title(), "surnames": "Prueba", "doc_number": doc, **data},
            ).id
        d1 = fairs.add_fair_day(s, "t", a.id, date=D(2026, 3, 1), visitors=100).id
        d15 = fairs.add_fair_day(s, "t", a.id, date=D(2026, 3, 15), visitors=200).id
        d8 = fairs.add_fair_day(s, "t", b.id, date=D(2026, 3, 8)).id
        apr = fairs.add_fair_day(s, "t", a.id, date=D(2026, 4, 5), visitors=999).id
        p = people
        sales.record_sale(s, "t", d1, p["ana"], "100.00")
        sales.record_sale(s, "t", d15, p["ana"], "200", payment_method="Yape")
        sales.record_sale(s, "t", d1, p["beto"], "50,50", payment_method="plin")
        fairs.set_attendance(s, "t", d15, p["beto"], True)
        sales.record_sale(s, "t", d8, p["carla"], "S/ 300.25", category="Panadería y tamales",
                          payment_method="tarjeta")  # fmt: skip
        fairs.set_attendance(s, "t", d1, p["dora"], True)
        sales.record_sale(s, "t", d15, p["eva"], "10")
        sales.record_sale(s, "t", apr, p["fede"], "999.99")
        fees.set_due(s, "t", d1, p["ana"], "10")
        fees.record_payment(s, "t", p["ana"], "10")
        fees.set_due(s, "t", d1, p["beto"], "10")
        fees.set_due(s, "t", d8, p["carla"], "5.50")
        fees.record_payment(s, "t", p["carla"], "2")
        fees.set_due(s, "t", apr, p["fede"], "10")
    return {"fair_a": a.id, "fair_b": b.id}


def compute(db, start, end, fair_id=None):
    with db.Session() as s:
        return stats.compute(s, start, end, fair_id).to_json()


def test_whole_period_every_figure(db, fair_data):
    j = compute(db, *MARCH)
    assert j["period"] == {"from": "2026-03-01", "to": "2026-03-31"}
    assert j["fair"] is None
    assert (j["fair_days"], j["visitors"]) == (3, 300)
    v = j["vendors"]
    assert (v["registered"], v["active"], v["present"]) == (6, 5, 5)
    assert v["by_sex"] == {"F": 3, "M": 1, "other": 1, "not_stated": 0}
    assert (v["youth"], v["youth_women"], v["age_not_stated"]) == (2, 2, 1)
    assert v["by_category"] == {
        "Gastronomía": 2,
        "Artesanía": 1,
        "Hortalizas y verduras": 1,
        "Productos frescos": 1,
    }
    assert v["attendances"] == 7
    s = j["sales"]
    assert s["total"] == "660.75"
    assert s["by_sex"] == {"F": "610.25", "M": "50.50", "other": "0.00", "not_stated": "0.00"}
    assert (s["youth"], s["non_youth"], s["age_not_stated"]) == ("400.25", "210.00", "50.50")
    assert s["by_category"] == {
        "Gastronomía": "310.00",
        "Panadería y tamales": "300.25",
        "Hortalizas y verduras": "50.50",
    }
    assert s["by_fair_day"] == {
        "2026-03-01": "150.50",
        "2026-03-08": "300.25",
        "2026-03-15": "210.00",
    }
    assert s["by_payment_method"] == {
        "cash": "110.00",
        "yape": "200.00",
        "plin": "50.50",
        "card": "300.25",
        "transfer": "0.00",
        "other": "0.00",
    }
    assert s["average_per_vendor_day"] == "94.39"  # 660.75 / 7 vendor-days
    assert j["fees"] == {
        "due": "25.50",
        "paid": "12.00",
        "paid_later": "0.00",
        "outstanding": "13.50",
    }
    assert j["regions"] == {"Cusco": 2, "Lima": 1, "Puno": 1, "not_stated": 1}


def test_one_fair(db, fair_data):
    j = compute(db, *MARCH, fair_id=fair_data["fair_a"])
    assert j["fair"] == "Feria Norte"
    assert (j["fair_days"], j["visitors"]) == (2, 300)
    assert (j["vendors"]["registered"], j["vendors"]["active"]) == (5, 4)
    assert j["vendors"]["present"] == 4
    assert j["vendors"]["youth"] == 1  # Ana, on 01/03
    assert j["sales"]["total"] == "360.50"
    assert j["fees"] == {
        "due": "20.00",
        "paid": "10.00",
        "paid_later": "0.00",
        "outstanding": "10.00",
    }


def test_vendor_turning_30_mid_period_is_young_only_while_29(db, fair_data):
    j = compute(db, D(2026, 3, 10), D(2026, 3, 31))
    assert j["vendors"]["present"] == 3  # Ana, Beto, Eva on 15/03
    assert j["vendors"]["youth"] == 0  # Ana is 30, Eva 14
    assert j["sales"]["youth"] == "0.00"
    assert j["sales"]["non_youth"] == "210.00"


def test_youth_range_comes_from_settings(db, fair_data):
    with db.Session.begin() as s:
        settings.set_youth_range(s, "system", 15, 30)
    j = compute(db, D(2026, 3, 10), D(2026, 3, 31))
    assert j["youth_age_range"] == [15, 30]
    assert j["vendors"]["youth"] == 1
    assert j["sales"]["youth"] == "200.00"


def test_empty_period_is_zero_not_an_error(db, fair_data):
    j = compute(db, D(2020, 1, 1), D(2020, 12, 31))
    assert j["fair_days"] == 0
    assert j["vendors"]["present"] == 0
    assert j["sales"]["total"] == "0.00"
    assert j["sales"]["by_fair_day"] == {}
    assert j["sales"]["average_per_vendor_day"] == "0.00"
    assert j["vendors"]["registered"] == 0  # nobody had registered by 2020


def test_share_and_average_are_exact(db, fair_data):
    with db.Session() as s:
        result = stats.compute(s, *MARCH)
    assert result.share(result.vendors.youth) == Decimal("40.0")
    assert result.average_per_vendor_day == Decimal("94.39")
    assert isinstance(result.sales.total, int)


def test_start_after_end_is_refused(db):
    with db.Session() as s, pytest.raises(ValueError):
        stats.compute(s, D(2026, 2, 1), D(2026, 1, 1))


dates = st.dates(min_value=D(1900, 1, 1), max_value=D(2100, 12, 31))


@hsettings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(born=dates, on=dates)
def test_sql_age_equals_python_age(db, born, on):  # the database is only read
    if born > on:
        born, on = on, born
    with db.engine.connect() as conn:
        sql = conn.scalar(select(age_sql(literal(born, Date), literal(on, Date))))
    assert sql == age_on(born, on)


@pytest.mark.parametrize(
    ("born", "on", "age"),
    [
        (D(2000, 2, 29), D(2001, 2, 28), 0),
        (D(2000, 2, 29), D(2001, 3, 1), 1),
        (D(1996, 3, 10), D(2026, 3, 9), 29),
        (D(1996, 3, 10), D(2026, 3, 10), 30),
    ],
)
def test_age_on_birthdays(born, on, age):
    assert age_on(born, on) == age
