"""The demo as a network of fairs: Magdalena as the plain demo builds it, two smaller fairs
over the same weeks, a third of whose vendors are producers of Magdalena too (one vendor,
two memberships), counted once for all fairs; replacing it is replacing a demo."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from collections import Counter

import pytest
from sqlalchemy import func, select

from agroferia.core import demo, demo_network, stats, vendors
from agroferia.core.db import open_database
from agroferia.core.models import AuditLog, Fair, FairDay, Membership, Sale, Vendor
from agroferia.core.network import compare_fairs, memberships
from tests.conftest import DEMO_UNTIL, copy_of, drop, summary_current

OTHERS = {"Feria de La Punta": (5, 30, 10), "Agroferia de Jesús María": (4, 32, 11)}
START, END = dt.date(2025, 11, 30), DEMO_UNTIL  # the demo's weeks and a day either side


@pytest.fixture(scope="module")
def network_template(pytestconfig, template_db, tmp_path_factory):
    """The network demo (seed 3 until 24/11/2026, as the plain demo's fixture), once."""
    path = copy_of(pytestconfig, template_db, tmp_path_factory.mktemp("red"), "red.db")
    database = open_database(path)
    with database.Session.begin() as s:
        built = demo_network.build(s, seed=3, until=DEMO_UNTIL, with_accounts=False)
    database.close()
    yield path, built
    drop(pytestconfig, path)


@pytest.fixture
def network(pytestconfig, network_template, tmp_path):
    """A copy of the network demo for one test."""
    path = copy_of(pytestconfig, network_template[0], tmp_path, "red.db")
    database = open_database(path)
    yield database
    database.close()
    summary_current(path)
    drop(pytestconfig, path)


def _count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def _fair_id(session, name: str) -> int:
    return session.scalar(select(Fair.id).where(Fair.name == name))


def test_three_fairs_over_the_same_weeks(network, network_template) -> None:
    built = network_template[1]
    with network.Session() as s:
        assert sorted(s.scalars(select(Fair.name))) == sorted([demo.FAIR_NAME, *OTHERS])
        main = built.main
        assert (main.vendors, main.fair_days) == (84, 52)
        for name, (weekday, members, shared) in OTHERS.items():
            fair = s.get(Fair, _fair_id(s, name))
            assert fair.weekday == weekday and fair.active
            days = list(s.scalars(select(FairDay.date).where(FairDay.fair_id == fair.id)))
            assert len(days) == 51
            assert all(d.weekday() == weekday for d in days)
            assert main.first_day < min(days) and max(days) < main.last_day
            assert len(memberships.members(s, fair.id)) == members
            (summary,) = [o for o in built.others if o.name == name]
            assert (summary.vendors, summary.shared, summary.fair_days) == (members, shared, 51)
            assert summary.sales_rows == s.scalar(
                select(func.count())
                .select_from(Sale)
                .join(FairDay, FairDay.id == Sale.fair_day_id)
                .where(FairDay.fair_id == fair.id)
            )
        # one person, one vendor: 84 of Magdalena, and each other fair's own
        assert _count(s, Vendor) == 84 + (30 - 10) + (32 - 11)
        assert s.scalar(select(func.count(func.distinct(Vendor.doc_number)))) == 125


def test_a_shared_producer_is_one_vendor_with_two_memberships(network) -> None:
    with network.Session() as s:
        main_id = _fair_id(s, demo.FAIR_NAME)
        fairs_of = Counter(s.scalars(select(Membership.vendor_id)))
        shared = sorted(v for v, n in fairs_of.items() if n > 1)
        assert len(shared) == 10 + 11
        assert set(fairs_of.values()) == {1, 2}
        for vendor_id in shared:
            vendor = s.get(Vendor, vendor_id)
            (main, other) = vendor.memberships
            assert main.fair_id == main_id and other.fair.name in OTHERS
            assert main.stall and other.stall  # a stall of each fair
            assert other.registered_on >= vendor.registered_on
            assert memberships.stall_at(vendor, other.fair_id) == other.stall
            # its sales at the other fair since it joined it, and only there and at Magdalena
            at = set(
                s.scalars(
                    select(FairDay.fair_id)
                    .join(Sale, Sale.fair_day_id == FairDay.id)
                    .where(Sale.vendor_id == vendor_id)
                )
            )
            assert at == {main_id, other.fair_id}
        # the registry of one fair lists its members, shared producers included
        for name, (_weekday, members, shared_here) in OTHERS.items():
            fair_id = _fair_id(s, name)
            listed = vendors.search(s, fair_id=fair_id)
            assert len(listed) == members
            assert sum(1 for v in listed if fairs_of[v.id] == 2) == shared_here


def test_all_fairs_count_a_producer_once(network) -> None:
    with network.Session() as s:
        every = stats.compute(s, START, END)
        each = {
            name: stats.compute(s, START, END, fair_id=_fair_id(s, name))
            for name in [demo.FAIR_NAME, *OTHERS]
        }
        present = sum(f.vendors.present for f in each.values())
        assert every.vendors.present < present
        comparison = compare_fairs(s, START, END, every=every)
        assert comparison.in_several_fairs == 21
        assert every.vendors.present == present - comparison.in_several_fairs == 125
        assert every.fair_days == sum(f.fair_days for f in each.values()) == 52 + 51 + 51
        assert every.sales.total == sum(f.sales.total for f in each.values())
        assert every.vendors.attendances == sum(f.vendors.attendances for f in each.values())
        assert [r.fair for r in comparison.rows] == [
            "Agroferia Campesina de Magdalena", "Agroferia de Jesús María", "Feria de La Punta"
        ]  # fmt: skip
        assert [r.present for r in comparison.rows] == [84, 32, 30]
        assert comparison.total.present == 125
        assert all(r.sales > 0 and r.women_share > 0 for r in comparison.rows)


def test_magdalena_is_the_plain_demo(network, demo_db) -> None:
    """The network's Magdalena fair is the plain demo's (same seed), figure for figure."""
    with network.Session() as net, demo_db.Session() as plain:
        ours = stats.compute(net, START, END, fair_id=_fair_id(net, demo.FAIR_NAME))
        theirs = stats.compute(plain, START, END, fair_id=_fair_id(plain, demo.FAIR_NAME))
        assert ours.to_json() == theirs.to_json()
        assert ours.vendors.present == 84 and ours.fair_days == 52


def test_the_plain_demo_is_one_fair_as_before(demo_db) -> None:
    with demo_db.Session() as s:
        assert list(s.scalars(select(Fair.name))) == [demo.FAIR_NAME]
        assert (_count(s, Vendor), _count(s, FairDay), _count(s, Membership)) == (84, 52, 84)
        marker = s.scalar(select(AuditLog.after).where(AuditLog.action == "demo"))
        assert set(json.loads(marker)) == {"seed", "vendors", "fair_days", "sales"}
        assert json.loads(marker)["sales"] == _count(s, Sale)


def test_the_same_seed_gives_the_same_network_with_its_progress(network, db) -> None:
    def fingerprint(session) -> tuple:
        people = list(
            session.execute(
                select(Vendor.doc_number, Vendor.given_names, Vendor.surnames).order_by(Vendor.id)
            )
        )
        places = list(
            session.execute(
                select(Membership.vendor_id, Membership.fair_id, Membership.stall).order_by(
                    Membership.id
                )
            )
        )
        money = session.scalar(select(func.sum(Sale.amount_cents)))
        return people, places, money, _count(session, Sale)

    told: list[float] = []
    with db.Session.begin() as s:
        demo_network.build(s, seed=3, until=DEMO_UNTIL, with_accounts=False,
                           progress=told.append)  # fmt: skip
    with network.Session() as a, db.Session() as b:
        assert fingerprint(a) == fingerprint(b)
    # the progress of the whole network, never backwards, in small steps up to 85 % (the
    # rest is the demo's accounts, none here)
    assert (told[0], told[-1]) == (0.0, 1.0)
    assert told == sorted(told)
    assert max(b - a for a, b in itertools.pairwise(told) if b <= 0.85) <= 0.1


def test_replacing_a_network_demo_takes_no_second_word(network) -> None:
    with network.Session() as s:
        assert demo.has_data(s) and not demo.has_real_data(s)
    with network.Session.begin() as s:  # the plain demo replaces the network
        demo.build(s, seed=4, until=DEMO_UNTIL, replace=True, with_accounts=False)
    with network.Session() as s:
        assert list(s.scalars(select(Fair.name))) == [demo.FAIR_NAME]
        assert not demo.has_real_data(s)
    with network.Session.begin() as s:  # and the network the plain demo
        demo_network.build(s, seed=4, until=DEMO_UNTIL, replace=True, with_accounts=False)
    with network.Session() as s:
        assert _count(s, Fair) == 3
        assert not demo.has_real_data(s)
        replaced = [json.loads(b) for b in s.scalars(
            select(AuditLog.before).where(AuditLog.action == "replace").order_by(AuditLog.id)
        )]  # fmt: skip
        assert [r["fairs"] for r in replaced] == [sorted([demo.FAIR_NAME, *OTHERS]),
                                                  [demo.FAIR_NAME]]  # fmt: skip
        assert replaced[0]["vendors"] == 125


@pytest.mark.parametrize("change", ["vendor", "fair", "membership", "fair day"])
def test_what_people_did_in_the_network_is_real_data(network, change) -> None:
    with network.Session.begin() as s:
        punta = _fair_id(s, "Feria de La Punta")
        own = s.scalar(
            select(Vendor.id).where(~Vendor.memberships.any(Membership.fair_id != punta))
        )
        if change == "vendor":  # a producer of La Punta joins Magdalena
            vendors.update(s, "ana", own, {"fair": _fair_id(s, demo.FAIR_NAME),
                                           "stall": "Z-01"}, today=DEMO_UNTIL)  # fmt: skip
        elif change == "fair":
            s.add(Fair(name="Bioferia de Surco", weekday=6))
        elif change == "membership":  # written around the services: caught by the counts
            s.add(Membership(vendor_id=own, fair_id=_fair_id(s, demo.FAIR_NAME),
                             registered_on=DEMO_UNTIL))  # fmt: skip
        else:
            s.add(FairDay(fair_id=punta, date=dt.date(2026, 11, 28) - dt.timedelta(weeks=60)))
    with network.Session() as s:
        assert demo.has_real_data(s)
