"""Every aggregate the dashboard, the reports and ``agroferia stats`` show, computed in SQL.

Definitions (for a period and optionally one fair):

- *fair days*: fair days dated within the period; *visitors*: the sum of their estimates.
- *present*: vendors who attended at least one of those fair days (a sale implies attendance:
  a trigger records it with every sale, see migration 0003).
- *young*: age in completed years within the configured range (default 15–29).  A vendor
  counts as young when young on at least one fair day present in the period; a sale counts
  as youth sales when its vendor was young on the sale's date.  Vendors without a birth
  date are counted apart (``age_not_stated``), never guessed.
- *registered*: vendors registered on or before the end of the period (members of the fair
  by then, if a fair is given), and any vendor present in the period, so that registered is
  never less than present; *active*: those of them whose status is active today (at the
  fair, if given).  A producer who belongs to several fairs is one vendor: counted once
  for all fairs.
- *fees*: what was due for the fair days of the period; *paid*, what was collected on those
  days themselves (the days' own collection); *paid later*, the payments of those days'
  fees received after the days were closed, whenever received; *outstanding*, what is still
  owed for them: due less both.
- *products*: the agrobiodiversity the vendors present bring, see ``core.products.figures``.

Money is kept in integer céntimos; ``to_json()`` writes it as ``"12345.60"``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from agroferia.core import fairs, settings
from agroferia.core.age import NON_YOUTH, NOT_STATED, YOUTH
from agroferia.core.models import (
    Attendance,
    Category,
    Fair,
    FairDay,
    Fee,
    LaterPayment,
    PaymentMethod,
    PresenceSummary,
    Sale,
    SalesSummary,
    Sex,
    Vendor,
    VendorStatus,
)
from agroferia.core.money import from_cents, plain
from agroferia.core.network.memberships import active_in, registered_by
from agroferia.core.products import figures
from agroferia.core.products.figures import Agrobiodiversity
from agroferia.core.summaries.dated import age_group, dated_tables

SEXES = tuple(s.value for s in Sex)
METHODS = tuple(m.value for m in PaymentMethod)
AGE_GROUPS = (YOUTH, NON_YOUTH, NOT_STATED)


def _sex_youth() -> dict[str, dict[str, int]]:
    return {sex: dict.fromkeys(AGE_GROUPS, 0) for sex in SEXES}


@dataclass
class VendorStats:
    registered: int = 0
    active: int = 0
    present: int = 0
    by_sex: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SEXES, 0))
    youth: int = 0
    youth_women: int = 0
    age_not_stated: int = 0
    by_category: dict[str, int] = field(default_factory=dict)
    # vendors present by sex and youth group: {"F": {"youth": 3, "non_youth": 9, ...}, ...}
    by_sex_youth: dict[str, dict[str, int]] = field(default_factory=lambda: _sex_youth())
    attendances: int = 0  # vendor-days present


@dataclass
class SalesStats:
    total: int = 0
    by_sex: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SEXES, 0))
    youth: int = 0
    non_youth: int = 0
    age_not_stated: int = 0
    by_category: dict[str, int] = field(default_factory=dict)
    by_fair_day: dict[dt.date, int] = field(default_factory=dict)
    by_payment_method: dict[str, int] = field(default_factory=lambda: dict.fromkeys(METHODS, 0))
    by_sex_youth: dict[str, dict[str, int]] = field(default_factory=lambda: _sex_youth())


@dataclass
class Stats:
    start: dt.date
    end: dt.date
    fair: str | None
    youth_range: tuple[int, int]
    fair_days: int = 0
    visitors: int = 0
    visitor_estimates: int = 0  # fair days with a visitor estimate
    vendors: VendorStats = field(default_factory=VendorStats)
    sales: SalesStats = field(default_factory=SalesStats)
    fees_due: int = 0
    fees_paid: int = 0  # on the fair days themselves
    fees_paid_later: int = 0  # received after the fair days were closed
    regions: dict[str, int] = field(default_factory=dict)
    products: Agrobiodiversity = field(default_factory=Agrobiodiversity)

    @property
    def fees_outstanding(self) -> int:
        return self.fees_due - self.fees_paid - self.fees_paid_later

    @property
    def average_per_vendor_day(self) -> Decimal:
        """Sales per vendor per fair day present, to the céntimo (half up)."""
        if not self.vendors.attendances:
            return Decimal("0.00")
        average = from_cents(self.sales.total) / self.vendors.attendances
        return average.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    def share(self, count: int) -> Decimal:
        """``count`` as a percentage of vendors present, one decimal."""
        return percentage(count, self.vendors.present)

    def to_json(self) -> dict[str, Any]:
        v, s = self.vendors, self.sales

        def money(d: dict) -> dict[str, str]:
            return {str(k): plain(c) for k, c in d.items()}

        return {
            "period": {"from": self.start.isoformat(), "to": self.end.isoformat()},
            "fair": self.fair,
            "youth_age_range": list(self.youth_range),
            "fair_days": self.fair_days,
            "visitors": self.visitors,
            "visitor_estimates": self.visitor_estimates,
            "vendors": {
                "registered": v.registered,
                "active": v.active,
                "present": v.present,
                "by_sex": dict(v.by_sex),
                "youth": v.youth,
                "youth_women": v.youth_women,
                "age_not_stated": v.age_not_stated,
                "by_category": dict(v.by_category),
                "by_sex_youth": v.by_sex_youth,
                "attendances": v.attendances,
            },
            "sales": {
                "total": plain(s.total),
                "by_sex": money(s.by_sex),
                "youth": plain(s.youth),
                "non_youth": plain(s.non_youth),
                "age_not_stated": plain(s.age_not_stated),
                "by_category": money(s.by_category),
                "by_fair_day": {d.isoformat(): plain(c) for d, c in s.by_fair_day.items()},
                "by_payment_method": money(s.by_payment_method),
                "by_sex_youth": {k: money(g) for k, g in s.by_sex_youth.items()},
                "average_per_vendor_day": str(self.average_per_vendor_day),
            },
            "fees": {
                "due": plain(self.fees_due),
                "paid": plain(self.fees_paid),
                "paid_later": plain(self.fees_paid_later),
                "outstanding": plain(self.fees_outstanding),
            },
            "regions": dict(self.regions),
            "products": self.products.to_json(),
        }


def percentage(part: int, whole: int) -> Decimal:
    """``part`` of ``whole`` in per cent, one decimal, half up (0.0 when ``whole`` is 0):
    how every share is shown, so that exports and screens agree to the digit."""
    if not whole:
        return Decimal("0.0")
    return (Decimal(100 * part) / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _ranked(counter: Counter) -> dict[str, int]:
    """Largest first, then by name: the order charts and tables show."""
    return dict(sorted(((k, n) for k, n in counter.items() if n), key=lambda kv: (-kv[1], kv[0])))


def compute(session: Session, start: dt.date, end: dt.date, fair_id: int | None = None) -> Stats:
    if start > end:
        raise ValueError("start after end")
    low, high = settings.youth_range(session)
    fair_name = fairs.get_fair(session, fair_id).name if fair_id is not None else None
    stats = Stats(start=start, end=end, fair=fair_name, youth_range=(low, high))

    in_period = [FairDay.date >= start, FairDay.date <= end]
    if fair_id is not None:
        in_period.append(FairDay.fair_id == fair_id)
    where = and_(*in_period)

    # fair days and visitors
    days = session.execute(select(FairDay.date, FairDay.visitors).where(where)).all()
    stats.fair_days = len(days)
    stats.visitors = sum(n or 0 for _, n in days)
    stats.visitor_estimates = sum(1 for _, n in days if n is not None)
    stats.sales.by_fair_day = {d: 0 for d in sorted({d for d, _ in days})}

    names = _category_names(session)
    people = _vendors(session, stats, names, where, fair_id, low, high)
    stats.products = figures.compute(session, people, where)
    _sales(session, stats, names, where)

    due, paid = session.execute(
        select(
            func.coalesce(func.sum(Fee.due_cents), 0), func.coalesce(func.sum(Fee.paid_cents), 0)
        )
        .join(FairDay, Fee.fair_day_id == FairDay.id)
        .where(where)
    ).one()
    later = session.scalar(
        select(func.coalesce(func.sum(LaterPayment.amount_cents), 0))
        .join(Fee, Fee.id == LaterPayment.fee_id)
        .join(FairDay, Fee.fair_day_id == FairDay.id)
        .where(where)
    )
    stats.fees_due, stats.fees_paid, stats.fees_paid_later = int(due), int(paid), int(later)
    return stats


def _vendors(
    session: Session, stats: Stats, names: dict[int, str], where, fair_id: int | None, low, high
) -> dict[int, tuple[str, str, str]]:
    """Vendors registered and present: every write path records attendance with a sale
    (``sales``, the importer, the demo), so attendance alone says who was there.

    The period's attendance is added up per vendor (``_present``); the vendors themselves
    (a few thousand at most) are gone through here, registered ones included, so that the
    attendance is read once.  The vendors present: id -> sex, age group, region."""
    present = _present(session, stats.start, stats.end, where, fair_id, low, high)
    v = stats.vendors
    categories, regions = Counter(), Counter()
    enrolled = registered_by(fair_id, stats.end)
    people: dict[int, tuple[str, str, str]] = {}
    for row in session.execute(
        select(
            Vendor.id, Vendor.sex, Vendor.birth_date.is_(None), Vendor.main_category_id,
            Vendor.region, active_in(fair_id), enrolled,
        )
    ):  # fmt: skip
        vendor_id, sex, no_birth, category_id, region, active, enrolled_by_end = row
        attended = present.get(vendor_id)
        if attended is None and not enrolled_by_end:
            continue
        v.registered += 1
        v.active += bool(active)
        if attended is None:
            continue
        young, vendor_days = attended
        group = NOT_STATED if no_birth else YOUTH if young else NON_YOUTH
        v.present += 1
        v.attendances += vendor_days
        v.by_sex[sex] += 1
        v.by_sex_youth[sex][group] += 1
        if group == YOUTH:
            v.youth += 1
            if sex == Sex.FEMALE:
                v.youth_women += 1
        elif group == NOT_STATED:
            v.age_not_stated += 1
        categories[names[category_id]] += 1
        regions[region or NOT_STATED] += 1
        people[vendor_id] = (sex, group, region or NOT_STATED)
    v.by_category = _ranked(categories)
    stats.regions = _ranked(regions)
    return people


def _present(
    session: Session, start: dt.date, end: dt.date, where, fair_id: int | None, low, high
) -> dict[int, tuple[bool, int]]:
    """Each vendor present in the period: whether young on at least one of the days present,
    and how many days.  The calendar years the period covers whole are read from the
    presence summary (``core.summaries``), the days before and after them from the
    attendance itself."""
    first = start.year if (start.month, start.day) == (1, 1) else start.year + 1
    last = end.year if (end.month, end.day) == (12, 31) else end.year - 1
    found: dict[int, tuple[bool, int]] = {}
    if first <= last:
        p = PresenceSummary
        whole = select(p.vendor_id, func.sum(p.young_days), func.sum(p.days)).where(
            p.year.between(first, last)
        )
        if fair_id is not None:
            whole = whole.where(p.fair_id == fair_id)
        for vendor_id, young_days, days_present in session.execute(whole.group_by(p.vendor_id)):
            found[vendor_id] = (bool(young_days), int(days_present))
        where = and_(
            where,
            or_(FairDay.date < dt.date(first, 1, 1), FairDay.date > dt.date(last, 12, 31)),
        )
    days, people = dated_tables(where)
    young_that_day = case((age_group(days, people, low, high) == YOUTH, 1), else_=0)
    for vendor_id, young, days_present in session.execute(
        select(Attendance.vendor_id, func.max(young_that_day), func.count())
        .join(days, days.c.id == Attendance.fair_day_id)
        .join(people, people.c.id == Attendance.vendor_id)
        .group_by(Attendance.vendor_id)
    ):
        was_young, before = found.get(vendor_id, (False, 0))
        found[vendor_id] = (was_young or bool(young), before + int(days_present))
    return found


def _category_names(session: Session) -> dict[int, str]:
    return {cid: name for cid, name in session.execute(select(Category.id, Category.name))}


def _sales(session: Session, stats: Stats, names: dict[int, str], where) -> None:
    """The period's sales, from the per-fair-day summary (``core.summaries``): added up
    by the breakdowns in one query and by fair day in another, so that ten years are a few
    hundred rows each."""
    t = SalesSummary
    keys = (t.sex, t.age_group, t.category_id, t.payment_method)
    rows = session.execute(
        select(*keys, func.sum(t.amount_cents))
        .join(FairDay, FairDay.id == t.fair_day_id)
        .where(where)
        .group_by(*keys)
    ).all()
    s = stats.sales
    categories = Counter()
    for sex, grp, category_id, method, cents in rows:
        cents = int(cents)
        s.total += cents
        s.by_sex[sex] += cents
        s.by_sex_youth[sex][grp] += cents
        if grp == YOUTH:
            s.youth += cents
        elif grp == NON_YOUTH:
            s.non_youth += cents
        else:
            s.age_not_stated += cents
        categories[names[category_id]] += cents
        s.by_payment_method[method] += cents
    s.by_category = _ranked(categories)
    for date, cents in session.execute(
        select(FairDay.date, func.sum(t.amount_cents))
        .join(FairDay, FairDay.id == t.fair_day_id)
        .where(where)
        .group_by(FairDay.date)
    ):
        s.by_fair_day[date] = s.by_fair_day.get(date, 0) + int(cents)


@dataclass(frozen=True)
class Overview:
    vendors: int
    active_vendors: int
    fairs: int
    fair_days: int
    last_fair_day: dt.date | None
    sales_rows: int


def overview(session: Session) -> Overview:
    """Counts for a status line or a welcome screen."""
    vendors, active = session.execute(
        select(
            func.count(),
            func.coalesce(
                func.sum(case((Vendor.status == VendorStatus.ACTIVE.value, 1), else_=0)), 0
            ),
        ).select_from(Vendor)
    ).one()
    fair_days, last = session.execute(select(func.count(), func.max(FairDay.date))).one()
    return Overview(
        vendors=vendors,
        active_vendors=int(active),
        fairs=session.scalar(select(func.count()).select_from(Fair)) or 0,
        fair_days=fair_days,
        last_fair_day=last,
        sales_rows=session.scalar(select(func.count()).select_from(Sale)) or 0,
    )
