"""The period's figures per fair day and per vendor, and the sales listing.

Same definitions as ``core.stats`` (fair days in the period, of one fair if given; youth on
the day; presence from attendance), so that the rows of a breakdown add up to its totals:
the fair-day rows sum to ``Stats.sales.total``, the vendor rows count ``vendors.registered``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session, selectinload

from agroferia.core import settings
from agroferia.core.age import age_on, age_sql, is_young
from agroferia.core.collation import name_key, text_key
from agroferia.core.collation_sql import bytewise, ranked
from agroferia.core.models import (
    Attendance,
    Category,
    Fair,
    FairDay,
    Fee,
    LaterPayment,
    Membership,
    Sale,
    Sex,
    Vendor,
)
from agroferia.core.network import memberships
from agroferia.core.network.memberships import registered_by
from agroferia.core.people import Named

SALES_PER_BATCH = 5_000


@dataclass(frozen=True)
class DayRow:
    date: dt.date
    fair: str
    visitors: int | None
    present: int
    women: int
    youth: int
    sales: int  # céntimos
    fees_due: int
    fees_paid: int  # on the day itself
    closed: bool
    fees_paid_later: int = 0  # received after the day was closed

    @property
    def fees_outstanding(self) -> int:
        return self.fees_due - self.fees_paid - self.fees_paid_later


@dataclass(frozen=True)
class VendorRow(Named):
    id: int
    code: str
    given_names: str
    surnames: str
    doc_type: str
    doc_number: str | None
    sex: str
    birth_date: dt.date | None
    age: int | None  # at the end of the period
    young: bool | None  # young on a day present (or at the end of the period if absent)
    phone: str | None
    region: str | None
    province: str | None
    district: str | None
    association: str | None
    main_category: str
    other_categories: tuple[str, ...]
    stall: str | None
    status: str
    sgp_certified: bool
    sgp_expires_on: dt.date | None
    registered_on: dt.date
    fair: str | None
    days_present: int
    sales: int  # céntimos in the period
    fees_due: int  # for the period's fair days
    fees_paid: int  # on those days themselves
    fees_paid_later: int = 0  # received after those days were closed

    @property
    def fees_outstanding(self) -> int:
        return self.fees_due - self.fees_paid - self.fees_paid_later


@dataclass(frozen=True)
class SaleRow:
    date: dt.date
    fair: str
    vendor_code: str
    vendor_name: str
    sex: str
    category: str
    payment_method: str
    amount: int  # céntimos


def _young_on_day(youth: tuple[int, int]):
    """1 when the attending vendor was young on the fair day (as ``core.stats`` counts)."""
    low, high = youth
    return case(
        (
            and_(
                Vendor.birth_date.is_not(None),
                age_sql(Vendor.birth_date, FairDay.date).between(low, high),
            ),
            1,
        ),
        else_=0,
    )


def _money(session: Session, where, sale_key, fee_key) -> tuple[dict, dict]:
    """Sales and (fees due, fees paid, fees paid later) of the period, in céntimos, grouped
    by a key (the fair day or the vendor)."""
    sales = {
        key: int(cents)
        for key, cents in session.execute(
            select(sale_key, func.sum(Sale.amount_cents))
            .join(FairDay, FairDay.id == Sale.fair_day_id)
            .where(where)
            .group_by(sale_key)
        )
    }
    later = dict(
        session.execute(
            select(fee_key, func.sum(LaterPayment.amount_cents))
            .join(Fee, Fee.id == LaterPayment.fee_id)
            .join(FairDay, FairDay.id == Fee.fair_day_id)
            .where(where)
            .group_by(fee_key)
        ).all()
    )
    fees = {
        key: (int(due), int(paid), int(later.get(key) or 0))
        for key, due, paid in session.execute(
            select(fee_key, func.sum(Fee.due_cents), func.sum(Fee.paid_cents))
            .join(FairDay, FairDay.id == Fee.fair_day_id)
            .where(where)
            .group_by(fee_key)
        )
    }
    return sales, fees


def _period(start: dt.date, end: dt.date, fair_id: int | None):
    where = [FairDay.date >= start, FairDay.date <= end]
    if fair_id is not None:
        where.append(FairDay.fair_id == fair_id)
    return and_(*where)


def by_day(
    session: Session, start: dt.date, end: dt.date, fair_id: int | None = None
) -> list[DayRow]:
    """One row per fair day of the period, oldest first."""
    where = _period(start, end, fair_id)
    youth = settings.youth_range(session)
    days = session.execute(
        select(FairDay.id, FairDay.date, Fair.name, FairDay.visitors, FairDay.closed_at)
        .join(Fair, Fair.id == FairDay.fair_id)
        .where(where)
    ).all()
    days.sort(key=lambda day: (day.date, text_key(day.name), day.id))
    young = _young_on_day(youth)
    present = {
        day_id: (n, int(women), int(young_count))
        for day_id, n, women, young_count in session.execute(
            select(
                Attendance.fair_day_id,
                func.count(),
                func.sum(case((Vendor.sex == Sex.FEMALE.value, 1), else_=0)),
                func.sum(young),
            )
            .join(FairDay, FairDay.id == Attendance.fair_day_id)
            .join(Vendor, Vendor.id == Attendance.vendor_id)
            .where(where)
            .group_by(Attendance.fair_day_id)
        )
    }
    sales, fees = _money(session, where, Sale.fair_day_id, Fee.fair_day_id)
    rows = []
    for day_id, day_date, fair, visitors, closed_at in days:
        n, women, young = present.get(day_id, (0, 0, 0))
        due, paid, later = fees.get(day_id, (0, 0, 0))
        rows.append(
            DayRow(
                date=day_date,
                fair=fair,
                visitors=visitors,
                present=n,
                women=women,
                youth=young,
                sales=int(sales.get(day_id) or 0),
                fees_due=due,
                fees_paid=paid,
                closed=closed_at is not None,
                fees_paid_later=later,
            )
        )
    return rows


def by_vendor(
    session: Session, start: dt.date, end: dt.date, fair_id: int | None = None
) -> list[VendorRow]:
    """The vendors ``Stats.vendors.registered`` counts, by surname, with their figures."""
    where = _period(start, end, fair_id)
    youth = settings.youth_range(session)
    present_ids = (
        select(Attendance.vendor_id)
        .join(FairDay, FairDay.id == Attendance.fair_day_id)
        .where(where)
    )
    enrolled = registered_by(fair_id, end)
    vendors = sorted(
        session.scalars(
            select(Vendor)
            .where(or_(enrolled, Vendor.id.in_(present_ids)))
            .options(
                selectinload(Vendor.main_category),
                selectinload(Vendor.other_categories),
                selectinload(Vendor.memberships).selectinload(Membership.fair),
            )
        ),
        key=lambda v: name_key(v.surnames, v.given_names, v.id),
    )
    presence = {
        vendor_id: (n, bool(young))
        for vendor_id, n, young in session.execute(
            select(Attendance.vendor_id, func.count(), func.max(_young_on_day(youth)))
            .join(FairDay, FairDay.id == Attendance.fair_day_id)
            .join(Vendor, Vendor.id == Attendance.vendor_id)
            .where(where)
            .group_by(Attendance.vendor_id)
        )
    }
    sales, fees = _money(session, where, Sale.vendor_id, Fee.vendor_id)
    rows = []
    for v in vendors:
        days, young_present = presence.get(v.id, (0, False))
        if v.birth_date is None:
            young = None
        elif days:
            young = young_present
        else:
            young = is_young(v.birth_date, end, youth)
        due, paid, later = fees.get(v.id, (0, 0, 0))
        rows.append(
            VendorRow(
                id=v.id,
                code=v.code,
                given_names=v.given_names,
                surnames=v.surnames,
                doc_type=v.doc_type,
                doc_number=v.doc_number,
                sex=v.sex,
                birth_date=v.birth_date,
                age=age_on(v.birth_date, end) if v.birth_date else None,
                young=young,
                phone=v.phone,
                region=v.region,
                province=v.province,
                district=v.district,
                association=v.association,
                main_category=v.main_category.name,
                other_categories=tuple(sorted((c.name for c in v.other_categories), key=text_key)),
                stall=memberships.stall_at(v, fair_id),
                status=memberships.status_at(v, fair_id),
                sgp_certified=bool(v.sgp_certified),
                sgp_expires_on=v.sgp_expires_on,
                registered_on=memberships.registered_at(v, fair_id),
                fair=memberships.fair_names(v),
                days_present=days,
                sales=int(sales.get(v.id) or 0),
                fees_due=due,
                fees_paid=paid,
                fees_paid_later=later,
            )
        )
    return rows


def count_sales(session: Session, start: dt.date, end: dt.date, fair_id: int | None = None) -> int:
    return session.scalar(
        select(func.count())
        .select_from(Sale)
        .join(FairDay, FairDay.id == Sale.fair_day_id)
        .where(_period(start, end, fair_id))
    )


def iter_sales(
    session: Session, start: dt.date, end: dt.date, fair_id: int | None = None
) -> Iterator[SaleRow]:
    """Every sales entry of the period, by date, fair and vendor code, streamed in batches
    (a million rows never sit in memory at once)."""
    fair_order = ranked(
        {fair_id: name for fair_id, name in session.execute(select(Fair.id, Fair.name))}, Fair.id
    )
    stmt = (
        select(
            FairDay.date,
            Fair.name,
            Vendor.code,
            Vendor.given_names,
            Vendor.surnames,
            Vendor.sex,
            Category.name,
            Sale.payment_method,
            Sale.amount_cents,
        )
        .select_from(Sale)
        .join(FairDay, FairDay.id == Sale.fair_day_id)
        .join(Fair, Fair.id == FairDay.fair_id)
        .join(Vendor, Vendor.id == Sale.vendor_id)
        .join(Category, Category.id == Sale.category_id)
        .where(_period(start, end, fair_id))
        .order_by(FairDay.date, fair_order, bytewise(Vendor.code), Sale.id)
        .execution_options(yield_per=SALES_PER_BATCH)
    )
    # plain rows through the connection: the ORM's result handling would double the time
    rows = session.connection().execute(stmt)
    for day, fair, code, given, surnames, sex, category, method, cents in rows:
        yield SaleRow(day, fair, code, f"{given} {surnames}", sex, category, method, cents)
