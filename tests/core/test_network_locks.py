"""The locks a write takes on what it checks, on a real PostgreSQL server (and nothing on
SQLite), and what becomes of a conflict with another writer."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError, OperationalError

from agroferia.core import fairs, network
from agroferia.core.db import open_database
from agroferia.core.errors import explain
from agroferia.core.models import FairDay
from agroferia.core.network.locks import key_of


@pytest.fixture
def server_db(pg_server):
    url = pg_server.create_database("cerrojos")
    database = open_database(url)
    with database.Session.begin() as s:
        fair = fairs.create_fair(s, "ana", name="Feria de Prueba")
        fairs.add_fair_day(s, "ana", fair.id, date=dt.date(2026, 11, 22))
    yield database
    database.close()
    pg_server.drop_database("cerrojos")


def test_a_key_is_the_same_in_every_process_and_tells_values_apart() -> None:
    assert key_of("fair_day", 1, dt.date(2026, 11, 22)) == key_of("fair_day", 1, "2026-11-22")
    assert key_of("fair_day", 1, dt.date(2026, 11, 22)) != key_of("fair_day", 1, "2026-11-29")
    assert key_of("fair_day", 12, 3) != key_of("fair_day", 1, 23)
    assert -(2**63) <= key_of("vendor_registry") < 2**63


def test_a_key_lock_is_held_until_the_transaction_ends(server_db) -> None:
    key = key_of("fair_day", 1, dt.date(2026, 11, 29))
    taken = text("SELECT pg_try_advisory_xact_lock(:key)")
    with server_db.Session.begin() as first:
        network.lock_key(first, "fair_day", 1, dt.date(2026, 11, 29))
        with server_db.Session.begin() as second:
            assert second.scalar(taken, {"key": key}) is False
            assert second.scalar(taken, {"key": key_of("fair_day", 1, "other")}) is True
    with server_db.Session.begin() as later:
        assert later.scalar(taken, {"key": key}) is True


def test_a_fair_days_row_lock_keeps_another_writer_waiting(server_db) -> None:
    with server_db.Session() as s:
        day_id = s.scalar(select(FairDay.id))
    with server_db.Session.begin() as first:
        assert network.lock_fair_day(first, day_id).id == day_id
        with server_db.Session.begin() as second, pytest.raises(OperationalError) as waited:
            second.execute(select(FairDay).where(FairDay.id == day_id).with_for_update(nowait=True))
        assert waited.value.orig.sqlstate == "55P03"  # the row is locked
    assert network.lock_fair_day(server_db.Session(), 999) is None


@pytest.mark.sqlite_only
def test_the_locks_do_nothing_on_sqlite(db) -> None:
    with db.Session.begin() as s:
        assert not network.on_server(s)
        network.lock_key(s, "vendor_registry")
        network.lock_fees(s, vendor_id=1)
        assert network.lock_fair_day(s, 1) is None


def test_a_value_taken_first_by_another_writer_is_told_in_plain_words(server_db) -> None:
    insert = text(
        "INSERT INTO fair (name, active, created_at) VALUES ('Feria de Prueba', true, now())"
    )
    with server_db.Session.begin() as s, pytest.raises(IntegrityError) as taken:
        s.execute(insert)
    assert network.is_conflict(taken.value)
    assert explain(taken.value) == str(network.WriteConflictError())
    assert "Otra persona acaba de guardar" in explain(taken.value)


def test_a_conflict_is_tried_once_more_then_refused(server_db) -> None:
    tries: list[int] = []

    def clashing() -> None:
        tries.append(1)
        with server_db.Session.begin() as s:
            s.execute(
                text(
                    "INSERT INTO fair (name, active, created_at) VALUES ('Feria de Prueba', true, now())"
                )
            )

    with pytest.raises(network.WriteConflictError) as refused:
        network.retrying(clashing)
    assert len(tries) == 2 and "vuelva a cargarlos" in str(refused.value)

    outcomes = iter([network.WriteConflictError(), None])

    def second_time_lucky() -> str:
        failure = next(outcomes)
        if failure is not None:
            raise failure
        return "hecho"

    assert network.retrying(second_time_lucky) == "hecho"


def test_other_failures_are_not_tried_again() -> None:
    tries: list[int] = []

    def wrong() -> None:
        tries.append(1)
        raise ValueError("a defect")

    with pytest.raises(ValueError):
        network.retrying(wrong)
    assert tries == [1]


def test_a_vendor_changed_while_another_writer_adds_a_sale_leaves_the_summaries_right(
    server_db,
) -> None:
    """Changing a vendor's sex moves their sales in the statistics' summary; a sale added at
    the same moment on a day the vendor had no sale yet is summed with the sex that is
    stored once both have committed, never with the one the first writer replaced."""
    from agroferia.core import sales, summaries, vendors

    with server_db.Session.begin() as s:
        first = s.scalar(select(FairDay))
        second = fairs.add_fair_day(s, "ana", first.fair_id, date=dt.date(2026, 11, 15))
        vendor = vendors.register(
            s, "ana", {"given_names": "Rosa", "surnames": "Quispe", "doc_number": "40000001",
                       "main_category": "Hortalizas y verduras", "sex": "F"},
            today=dt.date(2026, 11, 1),
        )  # fmt: skip
        sales.record_sale(s, "ana", first.id, vendor.id, "25", today=dt.date(2026, 11, 23))
        day_id, vendor_id = second.id, vendor.id

    added = threading.Event()

    def add_sale() -> None:
        with server_db.Session.begin() as s:
            sales.record_sale(s, "luis", day_id, vendor_id, "40", today=dt.date(2026, 11, 23))
        added.set()

    with server_db.Session.begin() as changing:
        vendors.update(changing, "ana", vendor_id, {"sex": "M"}, today=dt.date(2026, 11, 23))
        changing.flush()  # the vendor's sales moved in the summary, not committed yet
        writer = threading.Thread(target=add_sale)
        writer.start()
        added.wait(1.5)  # the other writer waits for this one, or has finished
    writer.join(20)
    assert added.is_set()
    with server_db.Session() as s:
        assert summaries.differences(s) == (set(), set())


def test_changing_a_fair_day_while_an_import_writes_it_never_deadlocks(server_db) -> None:
    """An import takes a fair day's date lock, then its row; changing the day (its visitors)
    takes them in the same order, so that neither waits for the other in a circle (the
    server would break the circle by failing one of them)."""
    with server_db.Session() as s:
        day = s.scalar(select(FairDay))
        fair_id, day_id, date = day.fair_id, day.id, day.date
    failures: list[BaseException] = []
    changed = threading.Event()

    def change_day() -> None:
        try:
            with server_db.Session.begin() as s:
                fairs.update_fair_day(s, "luis", day_id, visitors=120)
            changed.set()
        except BaseException as exc:  # reported below
            failures.append(exc)

    try:
        with server_db.Session.begin() as importing:
            fairs.ensure_fair_day(importing, "ana", fair_id, date)  # the date's lock
            writer = threading.Thread(target=change_day)
            writer.start()
            changed.wait(0.5)  # the other writer now waits for this one
            assert fairs.locked_day(importing, day_id).id == day_id  # then the row
    except OperationalError as exc:
        failures.append(exc)
    writer.join(20)
    assert failures == [] and changed.is_set()
    with server_db.Session() as s:
        assert s.get(FairDay, day_id).visitors == 120
