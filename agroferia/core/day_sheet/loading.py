"""Reading a fair day into a ``DaySheet``: a handful of queries whatever the number of
vendors, and a vendor's usual day when the sheet first needs it."""

from __future__ import annotations

import datetime as dt
import statistics

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from agroferia.core import fairs, fees, settings
from agroferia.core.age import is_young
from agroferia.core.collation import text_key
from agroferia.core.day_sheet.sheet import (
    DayInfo,
    DaySheet,
    Line,
    VendorDay,
    ordered,
)
from agroferia.core.models import (
    Attendance,
    Category,
    Fair,
    FairDay,
    Fee,
    Sale,
    Vendor,
    VendorStatus,
    vendor_category,
)
from agroferia.core.network import memberships

USUAL_DAYS = 8  # a vendor's usual day is the median of their last days with sales
RECENT_DAYS = 400  # looked at first, for everybody at once
FEW = 20  # up to this many vendors, each one's own query is quicker


def latest_day(session: Session, fair_id: int) -> int | None:
    """The fair's most recent fair day, the one the sheet opens on."""
    return session.scalar(
        select(FairDay.id).where(FairDay.fair_id == fair_id).order_by(FairDay.date.desc()).limit(1)
    )


def _usual_fee(session: Session, fair_id: int, date: dt.date) -> int | None:
    """The fee most vendors owed on the fair's latest fair day with fees, up to ``date``."""
    last = session.scalar(
        select(FairDay.id)
        .join(Fee, Fee.fair_day_id == FairDay.id)
        .where(FairDay.fair_id == fair_id, FairDay.date <= date, Fee.due_cents > 0)
        .order_by(FairDay.date.desc())
        .limit(1)
    )
    if last is None:
        return None
    return session.scalar(
        select(Fee.due_cents)
        .where(Fee.fair_day_id == last, Fee.due_cents > 0)
        .group_by(Fee.due_cents)
        .order_by(func.count().desc(), Fee.due_cents)
        .limit(1)
    )


def usual_day(session: Session, vendor_id: int, before: dt.date) -> int | None:
    """The median of the vendor's sales on their last days with sales before ``before`` (in
    any fair), or None when they have none. One indexed query."""
    totals = session.scalars(
        select(func.sum(Sale.amount_cents))
        .join(FairDay, FairDay.id == Sale.fair_day_id)
        .where(Sale.vendor_id == vendor_id, FairDay.date < before)
        .group_by(FairDay.date)
        .order_by(FairDay.date.desc())
        .limit(USUAL_DAYS)
    ).all()
    return int(statistics.median_low(totals)) if totals else None


def usual_days(session: Session, vendor_ids: list[int], before: dt.date) -> dict[int, int | None]:
    """``usual_day`` of many vendors. For a few, each one's query; for many, one query over
    the last year's fair days (read by date, whoever sold), and each one's query only for
    those with fewer days with sales in that year: the same result, without reading ten
    years of sales."""
    if len(vendor_ids) <= FEW:
        return {vid: usual_day(session, vid, before) for vid in vendor_ids}
    wanted = set(vendor_ids)
    found: dict[int, list[int]] = {}
    since = before - dt.timedelta(days=RECENT_DAYS)
    day_totals = (
        select(
            Sale.vendor_id.label("vendor_id"),
            func.sum(Sale.amount_cents).label("cents"),
            func.row_number()
            .over(partition_by=Sale.vendor_id, order_by=FairDay.date.desc())
            .label("recent"),
        )
        .join(FairDay, FairDay.id == Sale.fair_day_id)
        .where(FairDay.date < before, FairDay.date >= since)
        .group_by(Sale.vendor_id, FairDay.date)
        .subquery()
    )
    for vendor_id, cents in session.execute(
        select(day_totals.c.vendor_id, day_totals.c.cents).where(day_totals.c.recent <= USUAL_DAYS)
    ):
        if vendor_id in wanted:
            found.setdefault(vendor_id, []).append(int(cents))
    return {
        vid: (
            int(statistics.median_low(found[vid]))
            if len(found.get(vid, ())) == USUAL_DAYS
            else usual_day(session, vid, before)
        )
        for vid in vendor_ids
    }


def load(session: Session, fair_day_id: int, *, today: dt.date | None = None) -> DaySheet:
    """The sheet of a fair day: the fair's active vendors (and vendors of no fair in
    particular), plus anyone with something recorded that day whatever their status."""
    day = fairs.get_fair_day(session, fair_day_id)
    fair = session.get(Fair, day.fair_id)
    info = DayInfo(day.id, day.fair_id, fair.name, day.date, day.closed_at, day.closed_by,
                   day.visitors, today or dt.date.today())  # fmt: skip
    youth = settings.youth_range(session)
    of_day = [Sale.fair_day_id == day.id]
    sold: dict[tuple[int, int], dict[str, int]] = {}
    entries: dict[tuple[int, int], int] = {}
    for vid, cid, method, cents, n in session.execute(
        select(
            Sale.vendor_id,
            Sale.category_id,
            Sale.payment_method,
            func.sum(Sale.amount_cents),
            func.count(),
        )
        .where(*of_day)
        .group_by(Sale.vendor_id, Sale.category_id, Sale.payment_method)
    ):
        sold.setdefault((vid, cid), {})[method] = int(cents)
        entries[(vid, cid)] = entries.get((vid, cid), 0) + n
    present = set(
        session.scalars(select(Attendance.vendor_id).where(Attendance.fair_day_id == day.id))
    )
    fee_of = {
        vid: (due, paid)
        for vid, due, paid in session.execute(
            select(Fee.vendor_id, Fee.due_cents, Fee.paid_cents).where(Fee.fair_day_id == day.id)
        )
    }
    later = fees.paid_later(session, day.id)  # paid for this day's fees after closing
    recorded = {vid for vid, _cid in sold} | present | set(fee_of)
    listed = session.scalars(
        select(Vendor)
        .where(
            or_(
                memberships.active_at(day.fair_id),
                (Vendor.status == VendorStatus.ACTIVE.value) & ~Vendor.memberships.any(),
                Vendor.id.in_(recorded),
            )
        )
        .options(selectinload(Vendor.memberships))
    ).all()
    names = dict(session.execute(select(Category.id, Category.name)).all())
    by_name = {c: (text_key(name), c) for c, name in names.items()}
    others: dict[int, list[int]] = {}
    for vid, cid in session.execute(
        select(vendor_category.c.vendor_id, vendor_category.c.category_id)
    ):
        others.setdefault(vid, []).append(cid)
    sold_by: dict[int, list[int]] = {}  # vendor -> rubros with sales that day
    for vid, cid in sold:
        sold_by.setdefault(vid, []).append(cid)
    rows = []
    for vendor in listed:
        vid = vendor.id
        ids = [vendor.main_category_id]
        ids += sorted((c for c in others.get(vid, ()) if c not in ids), key=lambda c: by_name[c])
        ids += sorted((c for c in sold_by.get(vid, ()) if c not in ids), key=lambda c: by_name[c])
        lines = tuple(
            Line(c, names[c], sum(sold.get((vid, c), {}).values()), entries.get((vid, c), 0),
                 ordered(sold.get((vid, c), {})))
            for c in ids
        )  # fmt: skip
        used = {m for ln in lines for m, _cents in ln.saved_split}
        due, paid = fee_of.get(vid, (None, 0))
        rows.append(
            VendorDay(
                vendor_id=vid, code=vendor.code, given_names=vendor.given_names,
                surnames=vendor.surnames, sex=vendor.sex,
                young=is_young(vendor.birth_date, day.date, youth),
                stall=memberships.stall_at(vendor, day.fair_id),
                status=memberships.status_at(vendor, day.fair_id), lines=lines, present=vid in present,
                method=next(iter(used)) if len(used) == 1 else None, due_cents=due,
                paid_cents=paid, paid_later_cents=later.get(vid, 0),
            )
        )  # fmt: skip
    rows.sort(key=lambda r: (r.stall_key, r.sort_name))
    return DaySheet(
        info,
        rows,
        _usual_fee(session, day.fair_id, day.date),
        ceiling_cents=settings.unusual_sale_cents(session),
    )
