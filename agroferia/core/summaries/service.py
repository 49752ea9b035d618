"""Checking and rebuilding the summaries on request (``agroferia summary``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from agroferia.core import accounts, audit
from agroferia.core.models import FairDay
from agroferia.core.summaries.maintain import rebuild, recomputed, stored


@dataclass(frozen=True)
class Check:
    rows: int  # rows the summaries should have
    stale_days: list[dt.date] = field(default_factory=list)  # whose sales differ
    stale_years: list[int] = field(default_factory=list)  # whose attendance differs

    @property
    def current(self) -> bool:
        return not self.stale_days and not self.stale_years


def check(session: Session) -> Check:
    """Compares the summaries with a recomputation (reads only)."""
    have, want = stored(session), recomputed(session)
    differing = have ^ want
    day_ids = {row[1] for row in differing if row[0] == "sales"}
    dates = []
    if day_ids:
        dates = sorted(session.scalars(select(FairDay.date).where(FairDay.id.in_(day_ids))))
    years = sorted({row[1] for row in differing if row[0] == "presence"})
    return Check(rows=len(want), stale_days=dates, stale_years=years)


def rebuild_by(session: Session, actor: str) -> int:
    """Rebuilds the summaries (an administrator's); how many rows they have.  Audited, in
    the caller's transaction."""
    accounts.require(session, actor, accounts.Right.ADMIN)
    rows = rebuild(session)
    audit.record(session, actor, "rebuild", "sales_summary", None, after={"rows": rows})
    return rows
