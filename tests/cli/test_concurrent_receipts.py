"""Receipts of payments made at the same moment by several processes, against one SQLite
file and against one database of a real PostgreSQL server: numbered per fair without gaps,
none given twice, and a payment refused takes no number."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from agroferia.core import fairs, fees, vendors
from agroferia.core.db import open_database
from agroferia.core.models import Receipt
from tests.cli.test_concurrent_writers import at_once, refused, service

DAY = dt.date(2025, 6, 1)
VENDORS = 4


def _owing(target: str) -> tuple[int, int, list[int]]:
    """A fair with a fair day on which four vendors owe S/ 10.00 each: (fair, day, vendors)."""
    database = open_database(target)
    try:
        with database.Session.begin() as s:
            fair = fairs.create_fair(s, "ana", name="Feria de Magdalena", weekday=6).id
            day = fairs.add_fair_day(s, "ana", fair, date=DAY).id
            ids = []
            for n in range(VENDORS):
                data = {"given_names": "Rosa", "surnames": f"Quispe {n}",
                        "doc_number": f"4000000{n}", "main_category": "Artesanía", "fair": fair}  # fmt: skip
                ids.append(vendors.register(s, "ana", data, today=DAY).id)
                fees.set_day_fee(s, "ana", day, ids[-1], "10", "", today=DAY)
        return fair, day, ids
    finally:
        database.close()


def _receipts(target: str, fair: int) -> list[tuple[int, int, int]]:
    database = open_database(target)
    try:
        with database.Session() as s:
            return [
                (r.number, r.vendor_id, r.amount_cents)
                for r in s.scalars(
                    select(Receipt).where(Receipt.fair_id == fair).order_by(Receipt.number)
                )
            ]
    finally:
        database.close()


@pytest.fixture(params=("sqlite", "postgresql"))
def target(request, tmp_path) -> str:
    if request.param == "sqlite":
        yield str(tmp_path / "agroferia.db")
        return
    server = request.getfixturevalue("pg_server")
    name = f"recibos_{tmp_path.name[-20:].lower().replace('-', '_')}"
    yield server.create_database(name, template="template0")
    server.drop_database(name)


def test_payments_at_once_get_consecutive_numbers_and_a_refused_one_none(target, tmp_path) -> None:
    fair, day, ids = _owing(target)
    last = ids[-1]
    payments = [service("payment", target, vendor=v, amount="10.00", day=day) for v in ids[:-1]]
    whole = service("payment", target, vendor=last, amount="10.00", day=day)
    results = at_once(tmp_path, *payments, whole, whole)  # the last debt paid twice at once
    [loser] = refused(results)
    assert "S/" in loser
    got = _receipts(target, fair)
    assert [number for number, _vendor, _cents in got] == list(range(1, VENDORS + 1))
    assert sorted(vendor for _number, vendor, _cents in got) == sorted(ids)  # one each
    assert {cents for _number, _vendor, cents in got} == {1000}


def test_a_sheet_and_a_payment_at_once_number_their_receipts_in_turn(target, tmp_path) -> None:
    """The sheet raises what two vendors paid on the day; a payment of a third is recorded
    in Cuotas at the same moment: three receipts, numbered 1 to 3."""
    fair, day, ids = _owing(target)
    sheet = service("sheet", target, day=day, amounts=[], paid=[[ids[0], "10"], [ids[1], "4"]])
    payment = service("payment", target, vendor=ids[2], amount="10.00", day=day)
    results = at_once(tmp_path, sheet, payment)
    assert refused(results) == []
    got = _receipts(target, fair)
    assert [number for number, _vendor, _cents in got] == [1, 2, 3]
    assert sorted((vendor, cents) for _number, vendor, cents in got) == sorted(
        [(ids[0], 1000), (ids[1], 400), (ids[2], 1000)]
    )
