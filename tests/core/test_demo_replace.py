"""Replacing the demo: what counts as real data, and what a replacement keeps (the audit
trail, the accounts) and records."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from agroferia.core import accounts, demo, sales, settings, vendors
from agroferia.core.errors import OperationError
from agroferia.core.models import AuditLog, Fair, FairDay, Fee, Sale, User, Vendor
from tests.accounts import add_account
from tests.conftest import DEMO_UNTIL


def _entries(session) -> list[tuple]:
    return list(
        session.execute(
            select(AuditLog.id, AuditLog.actor, AuditLog.action, AuditLog.entity,
                   AuditLog.entity_id, AuditLog.before, AuditLog.after).order_by(AuditLog.id)
        )
    )  # fmt: skip


def _first(session, model) -> int:
    return session.scalar(select(model.id).order_by(model.id).limit(1))


def test_an_empty_database_and_a_fresh_demo_hold_no_real_data(db, demo_db) -> None:
    with db.Session() as s:
        assert not demo.has_real_data(s)
    with demo_db.Session() as s:
        assert demo.has_data(s)
        assert not demo.has_real_data(s)


def test_changes_that_lose_nothing_are_not_real_data(demo_db) -> None:
    with demo_db.Session.begin() as s:
        settings.put(s, "system", "organization_name", "Otra asociación")
        add_account(s, "rosa", "treasurer")
    with demo_db.Session() as s:
        assert not demo.has_real_data(s)


@pytest.mark.parametrize("change", ["sale", "vendor", "fair", "unaudited sale"])
def test_what_people_typed_is_real_data(demo_db, change) -> None:
    with demo_db.Session.begin() as s:
        vendor_id, day_id = _first(s, Vendor), s.scalar(select(func.max(FairDay.id)))
        if change == "sale":
            sales.record_sale(s, "ana", day_id, vendor_id, "12.50", today=DEMO_UNTIL)
        elif change == "vendor":
            vendors.update(s, "ana", vendor_id, {"phone": "987654321"}, today=DEMO_UNTIL)
        elif change == "fair":
            s.add(Fair(name="Feria de Jesús María"))
        else:  # written around the services: caught by the counts
            sale = s.get(Sale, _first(s, Sale))
            s.add(Sale(fair_day_id=sale.fair_day_id, vendor_id=sale.vendor_id,
                       category_id=sale.category_id, amount_cents=100, entered_by="x"))  # fmt: skip
    with demo_db.Session() as s:
        assert demo.has_real_data(s)


def test_data_without_a_demo_are_real(db) -> None:
    from agroferia.core import fairs

    with db.Session.begin() as s:
        fairs.create_fair(s, "ana", name="Bioferia de Surquillo", weekday=5)
    with db.Session() as s:
        assert demo.has_real_data(s)
        with pytest.raises(OperationError, match="datos reales"):
            demo.build(s, seed=4, until=DEMO_UNTIL, replace=True)


def test_a_replacement_keeps_the_trail_and_the_accounts_and_records_itself(demo_db) -> None:
    with demo_db.Session.begin() as s:
        add_account(s, "rosa", "treasurer")
    with demo_db.Session.begin() as s:
        vendor_id = _first(s, Vendor)
        vendors.update(s, "admin", vendor_id, {"phone": "987654321"}, today=DEMO_UNTIL)
    with demo_db.Session() as s:
        before = _entries(s)
        users = list(s.execute(select(User.id, User.username, User.password_hash)))
        old = {"vendors": s.scalar(select(func.count()).select_from(Vendor)),
               "sales": s.scalar(select(func.count()).select_from(Sale)),
               "cents": s.scalar(select(func.sum(Sale.amount_cents))),
               "fees": s.scalar(select(func.count()).select_from(Fee))}  # fmt: skip
        assert demo.has_real_data(s)  # an edited vendor
    with demo_db.Session.begin() as s:
        demo.build(s, seed=4, until=DEMO_UNTIL, replace=True, discard_real_data=True,
                   backup="/copias/demo_antes-de-demo.db", actor="admin")  # fmt: skip
    with demo_db.Session() as s:
        after = _entries(s)
        assert after[: len(before)] == before  # the old entries, unchanged
        assert len(after) > len(before)
        assert list(s.execute(select(User.id, User.username, User.password_hash))) == users
        assert not accounts.account(s, "tesorero")  # the demo's accounts only on none
        (replaced,) = [e for e in after[len(before) :] if e.entity == "demo"]
        assert (replaced.actor, replaced.action) == ("admin", "replace")
        assert json.loads(replaced.before) == {
            "fairs": [demo.FAIR_NAME], "vendors": old["vendors"], "fair_days": 52,
            "sales": old["sales"], "sales_cents": old["cents"], "fees": old["fees"],
            "backup": "/copias/demo_antes-de-demo.db",
        }  # fmt: skip
        assert replaced.after is None
        # the new demo is the demo again: replacing it takes no second word
        assert not demo.has_real_data(s)


def test_a_replacement_needs_an_administrator(demo_db) -> None:
    with demo_db.Session.begin() as s:
        add_account(s, "rosa", "treasurer")
    with demo_db.Session() as s, pytest.raises(accounts.NotAllowedError):
        demo.build(s, seed=4, until=DEMO_UNTIL, replace=True, actor="rosa")
