"""The benchmarks' large databases are made with the current schema: every vendor a member of
the test fair, with the figures the statistics give."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from agroferia.core import stats, summaries
from agroferia.core.db import open_database
from agroferia.core.models import Membership, Sale, Vendor
from bench.large_data import build


@pytest.mark.sqlite_only
def test_the_large_database_has_its_vendors_as_members_of_its_fair(tmp_path) -> None:
    info = build(tmp_path / "grande.db", sales=5200, vendors=120)
    db = open_database(tmp_path / "grande.db")
    try:
        with db.Session.begin() as s:  # written in bulk: summed up afterwards, as benchmarks do
            summaries.rebuild(s)
        with db.Session() as s:
            members = s.scalar(select(func.count()).select_from(Membership))
            assert members == s.scalar(select(func.count()).select_from(Vendor)) == 120
            fair_id = s.scalar(select(Membership.fair_id).limit(1))
            figures = stats.compute(s, dt.date(2016, 1, 1), dt.date(2026, 12, 31), fair_id)
            written = s.scalar(select(func.coalesce(func.sum(Sale.amount_cents), 0)))
        assert info["sales"] > 0 and info["vendors"] == 120
        assert figures.vendors.registered == 120 and figures.vendors.active == 120
        assert figures.sales.total == written > 0
    finally:
        db.close()
