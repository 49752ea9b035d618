"""Migration 0008: each vendor's fair and stall become a membership of that fair, on a SQLite
file and on a PostgreSQL server, with every sale, fee and attendance kept."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, text

from agroferia.core import stats, vendors
from agroferia.core.db import (
    current_revision,
    downgrade,
    head_revision,
    make_engine,
    open_database,
    upgrade,
)
from agroferia.core.models import Membership, Vendor

VENDOR = (
    "INSERT INTO vendor (id, code, fair_id, stall, given_names, surnames, doc_type, doc_number, "
    "sex, birth_date, main_category_id, sgp_certified, status, registered_on, search_key, "
    "created_at, updated_at, consent) VALUES ({id}, 'EXP-000{id}', {fair}, {stall}, 'Nombre', "
    "'Apellido {id}', 'DNI', '4567891{id}', 'F', '1998-07-15', 1, false, '{status}', "
    "'{since}', 'NOMBRE', '2025-03-02 14:00:00', '2025-03-02 14:00:00', 'not_recorded')"
)


def _before(target) -> None:
    """Two fairs; a vendor of each (one suspended, with a stall), one of no fair; sales."""
    engine = make_engine(str(target))
    try:
        upgrade(engine, "0006")  # the next upgrade sums the sales up
        with engine.begin() as conn:
            run = lambda sql: conn.execute(text(sql))  # noqa: E731
            run("INSERT INTO fair (id, name, active, created_at) VALUES "
                "(1, 'Feria Uno', true, '2025-03-02 14:00:00'), "
                "(2, 'Feria Dos', true, '2025-03-02 14:00:00')")  # fmt: skip
            run(VENDOR.format(id=1, fair=1, stall="'A-12'", status="suspended", since="2025-03-02"))
            run(
                VENDOR.format(id=2, fair="NULL", stall="'B-3'", status="active", since="2024-05-01")
            )
            run(VENDOR.format(id=3, fair=2, stall="NULL", status="active", since="2024-06-01"))
            run("INSERT INTO fair_day (id, fair_id, date) VALUES (1, 1, '2025-03-09'), "
                "(2, 2, '2025-03-10')")  # fmt: skip
            for day, vendor, cents in ((1, 1, 1250), (1, 2, 800), (2, 3, 999)):
                run("INSERT INTO sale (fair_day_id, vendor_id, category_id, amount_cents, "
                    "payment_method, entered_by, entered_at) "
                    f"VALUES ({day}, {vendor}, 1, {cents}, 'cash', 'ana', '2025-03-09 13:00:00')")  # fmt: skip
                run("INSERT INTO attendance (fair_day_id, vendor_id) "
                    f"SELECT {day}, {vendor} WHERE NOT EXISTS (SELECT 1 FROM attendance "
                    f"WHERE fair_day_id = {day} AND vendor_id = {vendor})")  # fmt: skip
        assert current_revision(engine) == "0006"
    finally:
        engine.dispose()


def _check_upgraded(target) -> None:
    db = open_database(target)
    try:
        assert current_revision(db.engine) == head_revision()
        with db.Session() as s:
            got = {
                (m.vendor_id, m.fair.name, m.stall, m.status, m.registered_on)
                for m in s.scalars(select(Membership))
            }
            assert got == {
                # active at its fair: the vendor's own status says it is suspended
                (1, "Feria Uno", "A-12", "active", dt.date(2025, 3, 2)),
                (3, "Feria Dos", None, "active", dt.date(2024, 6, 1)),
            }
            assert s.get(Vendor, 2).memberships == []  # of no fair, as before…
            assert s.get(Vendor, 2).notes == "Puesto sin feria: B-3"  # …its stall not lost
            assert s.get(Vendor, 1).status == "suspended"  # the person's own status stays
            figures = stats.compute(s, dt.date(2025, 3, 1), dt.date(2025, 3, 31))
            assert (figures.sales.total, figures.vendors.present) == (1250 + 800 + 999, 3)
            one = stats.compute(s, dt.date(2025, 3, 1), dt.date(2025, 3, 31), fair_id=1)
            # of Feria Uno: its member and the vendor of no fair who sold there
            assert (one.vendors.registered, one.vendors.active, one.vendors.present) == (2, 0, 2)
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM sale")).scalar() == 3
            assert conn.execute(text("SELECT count(*) FROM attendance")).scalar() == 3
            if conn.dialect.name == "sqlite":
                assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []
                assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        db.close()


@pytest.mark.sqlite_only
def test_a_sqlite_file_keeps_every_vendor_sale_and_attendance(tmp_path) -> None:
    path = tmp_path / "agroferia.db"
    _before(path)
    _check_upgraded(path)
    db = open_database(path)
    try:  # the vendor suspended before the upgrade is reactivated as before
        with db.Session.begin() as s:
            vendors.set_status(s, "ana", 1, "active")
        with db.Session() as s:
            one = stats.compute(s, dt.date(2025, 3, 1), dt.date(2025, 3, 31), fair_id=1)
        assert one.vendors.active == 1
    finally:
        db.close()


def test_a_server_database_is_upgraded_the_same(pg_server) -> None:
    url = pg_server.create_database("migracion_0008", template="template0")
    try:
        _before(url)
        _check_upgraded(url)
    finally:
        pg_server.drop_database("migracion_0008")


@pytest.mark.sqlite_only
def test_the_downgrade_gives_each_vendor_its_first_fair_back(tmp_path) -> None:
    path = tmp_path / "agroferia.db"
    _before(path)
    engine = make_engine(str(path))
    try:
        upgrade(engine, "0008")
        assert current_revision(engine) == "0008"
        downgrade(engine, "0007")
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT id, fair_id, stall FROM vendor ORDER BY id")).all()
        assert [tuple(r) for r in rows] == [(1, 1, "A-12"), (2, None, None), (3, 2, None)]
        with engine.connect() as conn:
            status = conn.execute(text("SELECT status FROM vendor WHERE id = 1")).scalar()
        assert status == "suspended"
    finally:
        engine.dispose()


@pytest.mark.sqlite_only
def test_a_reference_broken_before_the_upgrade_does_not_stop_it(tmp_path) -> None:
    import sqlite3

    path = tmp_path / "agroferia.db"
    _before(path)
    with sqlite3.connect(path) as conn:  # foreign keys unchecked: as a hand edit would leave
        conn.execute("INSERT INTO attendance (fair_day_id, vendor_id) VALUES (2, 99)")
    conn.close()
    db = open_database(path)
    try:
        assert current_revision(db.engine) == head_revision()
        with db.engine.connect() as conn:
            broken = conn.exec_driver_sql("PRAGMA foreign_key_check").all()
        assert [row[0] for row in broken] == ["attendance"]  # still there, not made worse
    finally:
        db.close()
