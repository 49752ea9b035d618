"""Who stands behind each figure of ``core.stats`` and of ``breakdowns.by_day``: the same
definitions (vendors present from attendance, youth on the fair day or on the sale's date,
fees of the period's fair days), as sets of vendor ids instead of counts and sums.

Only ``disclosure.suppression`` reads these sets; nothing here is ever published.  A test
checks that each set is as large as the count ``core.stats`` gives for it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from agroferia.core import settings, stats
from agroferia.core.models import (
    Attendance,
    Category,
    Fair,
    FairDay,
    Fee,
    LaterPayment,
    Sale,
    Sex,
    Vendor,
    VendorStatus,
)
from agroferia.core.stats import (
    AGE_GROUPS,
    NON_YOUTH,
    NOT_STATED,
    SEXES,
    YOUTH,
)
from agroferia.core.summaries.dated import age_group, dated_tables

Who = frozenset[int]
ROWS_PER_BATCH = 5_000  # a year of a large fair has 100,000 attendances: streamed
DayKey = tuple[dt.date, str]  # a fair day: its date and its fair's name, as ``DayRow`` has them


def _sets() -> defaultdict[object, set[int]]:
    return defaultdict(set)


@dataclass
class DayContributors:
    present: set[int] = field(default_factory=set)
    women: set[int] = field(default_factory=set)
    youth: set[int] = field(default_factory=set)
    sales: set[int] = field(default_factory=set)
    fees_due: set[int] = field(default_factory=set)
    fees_paid: set[int] = field(default_factory=set)
    fees_paid_later: set[int] = field(default_factory=set)
    # those whose fee of the day is not settled: due − paid − paid later ≠ 0
    fees_outstanding: set[int] = field(default_factory=set)

    @property
    def not_women(self) -> set[int]:
        """Present and not women (men, other, not stated): those present less the women."""
        return self.present - self.women

    @property
    def not_youth(self) -> set[int]:
        """Present and not young that day (or without a birth date)."""
        return self.present - self.youth


@dataclass
class Contributors:
    """For each figure, the ids of the vendors whose data make it up."""

    registered: set[int] = field(default_factory=set)
    active: set[int] = field(default_factory=set)
    present: set[int] = field(default_factory=set)
    # present vendors, each in one cell: sex -> age group -> ids
    present_by_sex_youth: dict[str, dict[str, set[int]]] = field(default_factory=dict)
    present_by_category: defaultdict[object, set[int]] = field(default_factory=_sets)
    present_by_region: defaultdict[object, set[int]] = field(default_factory=_sets)
    # vendors with sales: sex -> age group on the sale's date -> ids (one vendor may be in
    # two groups: young on some days of the period, not on others)
    sales_by_sex_youth: dict[str, dict[str, set[int]]] = field(default_factory=dict)
    sales_by_category: defaultdict[object, set[int]] = field(default_factory=_sets)
    sales_by_method: defaultdict[object, set[int]] = field(default_factory=_sets)
    fees_due: set[int] = field(default_factory=set)
    fees_paid: set[int] = field(default_factory=set)
    fees_paid_later: set[int] = field(default_factory=set)
    fees_outstanding: set[int] = field(default_factory=set)
    days: defaultdict[DayKey, DayContributors] = field(
        default_factory=lambda: defaultdict(DayContributors)
    )

    def __post_init__(self) -> None:
        for table in ("present_by_sex_youth", "sales_by_sex_youth"):
            if not getattr(self, table):
                setattr(self, table, {s: {g: set() for g in AGE_GROUPS} for s in SEXES})

    @property
    def sales(self) -> set[int]:
        return set().union(*(ids for groups in self.sales_by_sex_youth.values()
                             for ids in groups.values()))  # fmt: skip


def compute(
    session: Session, start: dt.date, end: dt.date, fair_id: int | None = None
) -> Contributors:
    low, high = settings.youth_range(session)
    in_period = [FairDay.date >= start, FairDay.date <= end]
    if fair_id is not None:
        in_period.append(FairDay.fair_id == fair_id)
    where = and_(*in_period)
    found = Contributors()
    day_keys = {
        day_id: (date, fair)
        for day_id, date, fair in session.execute(
            select(FairDay.id, FairDay.date, Fair.name)
            .join(Fair, Fair.id == FairDay.fair_id)
            .where(where)
        )
    }
    _registered(session, found, where, end, fair_id)
    _presence(session, found, where, low, high, day_keys)
    _sales(session, found, where, low, high, day_keys)
    _fees(session, found, where, day_keys)
    return found


def _registered(session: Session, found: Contributors, where, end: dt.date, fair_id) -> None:
    for vendor_id, status in session.execute(
        select(Vendor.id, Vendor.status).where(stats.registered(where, end, fair_id))
    ):
        found.registered.add(vendor_id)
        if status == VendorStatus.ACTIVE.value:
            found.active.add(vendor_id)


def _presence(session: Session, found: Contributors, where, low, high, day_keys) -> None:
    days, people = dated_tables(where)
    group = age_group(days, people, low, high).label("grp")
    young: set[int] = set()
    female = Sex.FEMALE.value
    # plain rows through the connection: the ORM's result handling would double the time
    for day_id, vendor_id, sex, grp in session.connection().execute(
        select(Attendance.fair_day_id, Attendance.vendor_id, Vendor.sex, group)
        .join(days, days.c.id == Attendance.fair_day_id)
        .join(people, people.c.id == Attendance.vendor_id)
        .join(Vendor, Vendor.id == Attendance.vendor_id)
        .execution_options(yield_per=ROWS_PER_BATCH)
    ):
        day = found.days[day_keys[day_id]]
        day.present.add(vendor_id)
        if sex == female:
            day.women.add(vendor_id)
        if grp == YOUTH:
            day.youth.add(vendor_id)
            young.add(vendor_id)
        found.present.add(vendor_id)
    names = {cid: name for cid, name in session.execute(select(Category.id, Category.name))}
    present = list(found.present)
    for i in range(0, len(present), 900):  # SQLite takes at most 999 parameters
        for vendor_id, sex, born, category_id, region in session.execute(
            select(Vendor.id, Vendor.sex, Vendor.birth_date, Vendor.main_category_id,
                   Vendor.region).where(Vendor.id.in_(present[i : i + 900]))
        ):  # fmt: skip
            grp = NOT_STATED if born is None else YOUTH if vendor_id in young else NON_YOUTH
            found.present_by_sex_youth[sex][grp].add(vendor_id)
            found.present_by_category[names[category_id]].add(vendor_id)
            found.present_by_region[region or NOT_STATED].add(vendor_id)


def _sales(session: Session, found: Contributors, where, low, high, day_keys) -> None:
    days, people = dated_tables(where)
    group = age_group(days, people, low, high).label("grp")
    names = {cid: name for cid, name in session.execute(select(Category.id, Category.name))}
    for vendor_id, sex, grp, day_id, category_id, method in session.connection().execute(
        select(Sale.vendor_id, Vendor.sex, group, Sale.fair_day_id, Sale.category_id,
               Sale.payment_method)
        .distinct()
        .select_from(Sale)
        .join(days, days.c.id == Sale.fair_day_id)
        .join(people, people.c.id == Sale.vendor_id)
        .join(Vendor, Vendor.id == Sale.vendor_id)
        .where(Sale.amount_cents != 0)
        .execution_options(yield_per=ROWS_PER_BATCH)
    ):  # fmt: skip
        found.sales_by_sex_youth[sex][grp].add(vendor_id)
        found.sales_by_category[names[category_id]].add(vendor_id)
        found.sales_by_method[method].add(vendor_id)
        found.days[day_keys[day_id]].sales.add(vendor_id)


def _fees(session: Session, found: Contributors, where, day_keys) -> None:
    later = (
        select(LaterPayment.fee_id, func.sum(LaterPayment.amount_cents).label("cents"))
        .group_by(LaterPayment.fee_id)
        .subquery("later")
    )
    for day_id, vendor_id, due, paid, paid_later in session.execute(
        select(Fee.fair_day_id, Fee.vendor_id, Fee.due_cents, Fee.paid_cents,
               func.coalesce(later.c.cents, 0))
        .join(FairDay, FairDay.id == Fee.fair_day_id)
        .outerjoin(later, later.c.fee_id == Fee.id)
        .where(where)
    ):  # fmt: skip
        day = found.days[day_keys[day_id]]
        for amount, total, on_day in (
            (due, found.fees_due, day.fees_due),
            (paid, found.fees_paid, day.fees_paid),
            (paid_later, found.fees_paid_later, day.fees_paid_later),
        ):
            if amount:
                total.add(vendor_id)
                on_day.add(vendor_id)
        if (due or 0) - (paid or 0) - (paid_later or 0):
            found.fees_outstanding.add(vendor_id)
            day.fees_outstanding.add(vendor_id)
