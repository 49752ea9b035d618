"""Migration 0005: consent and anonymization columns added in place to a database with data."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import select

from agroferia.core.db import current_revision, head_revision, make_engine, open_database, upgrade
from agroferia.core.models import Vendor


@pytest.fixture
def at_0004(tmp_path):
    path = tmp_path / "agroferia.db"
    engine = make_engine(str(path))
    try:
        upgrade(engine, "0004")
        with engine.begin() as conn:
            run = conn.exec_driver_sql
            run(
                "INSERT INTO fair (id, name, active, created_at) "
                "VALUES (1, 'Feria de Prueba', 1, '2025-03-02 14:00:00')"
            )
            run(
                "INSERT INTO vendor (id, code, fair_id, given_names, surnames, doc_type, "
                "doc_number, sex, birth_date, main_category_id, sgp_certified, status, "
                "registered_on, search_key, created_at, updated_at) VALUES (1, 'EXP-0001', 1, "
                "'Rufina', 'Quispe Mamani', 'DNI', '45678912', 'F', '1990-07-15', 1, 0, "
                "'active', '2025-03-02', 'RUFINA', '2025-03-02 14:00:00', "
                "'2025-03-02 14:00:00')"
            )
            run("INSERT INTO fair_day (id, fair_id, date) VALUES (1, 1, '2025-03-09')")
            run("INSERT INTO sale (fair_day_id, vendor_id, category_id, amount_cents, "
                "payment_method, entered_by, entered_at) "
                "VALUES (1, 1, 1, 1250, 'cash', 'ana', '2025-03-09 13:00:00')")  # fmt: skip
        assert current_revision(engine) == "0004"
    finally:
        engine.dispose()
    return path


def test_existing_vendors_get_consent_not_recorded_and_keep_everything(at_0004) -> None:
    db = open_database(at_0004)
    try:
        assert current_revision(db.engine) == head_revision()
        with db.Session() as s:
            vendor = s.scalars(select(Vendor)).one()
            assert (vendor.consent, vendor.consent_on, vendor.consent_how) == (
                "not_recorded", None, None
            )  # fmt: skip
            assert vendor.anonymized_at is None and vendor.doc_number == "45678912"
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []
            assert conn.exec_driver_sql("SELECT count(*) FROM sale").scalar() == 1
    finally:
        db.close()
    with sqlite3.connect(at_0004) as conn:
        with pytest.raises(sqlite3.IntegrityError, match="ck_vendor_consent"):
            conn.execute("UPDATE vendor SET consent = 'maybe'")
        with pytest.raises(sqlite3.IntegrityError, match="ck_vendor_consent_how"):
            conn.execute("UPDATE vendor SET consent_how = 'email'")
    conn.close()
