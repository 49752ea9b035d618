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

from agroferia.core import settings
from agroferia.core.age import as_ymd
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
)
from agroferia.core.network.memberships import active_in, registered_by
from agroferia.core.stats import (
    AGE_GROUPS,
    NON_YOUTH,
    NOT_STATED,
    SEXES,
    YOUTH,
)

Who = frozenset[int]
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
    people = _People(session, end, fair_id)
    young = _Young(day_keys, people, low, high)
    _presence(session, found, people, young, day_keys)
    _registered(found, people)
    _sales(session, found, people, young, day_keys)
    _fees(session, found, where, day_keys)
    return found


class _People:
    """Every vendor's sex, birth date (as yyyymmdd), rubro, region and status, and whether
    registered by the end of the period (of the fair, if given), and the rubros' names: a
    few thousand rows, read once, so that the age on each attendance and sale is worked out
    here rather than joined in SQL row by row."""

    def __init__(self, session: Session, end: dt.date, fair_id: int | None) -> None:
        enrolled = registered_by(fair_id, end)
        self.rows = {
            vendor_id: (sex, None if born is None else as_ymd(born), category, region,
                        bool(active), bool(by_end))
            for vendor_id, sex, born, category, region, active, by_end in session.execute(
                select(Vendor.id, Vendor.sex, Vendor.birth_date, Vendor.main_category_id,
                       Vendor.region, active_in(fair_id), enrolled)
            )
        }  # fmt: skip
        self.rubros = dict(session.execute(select(Category.id, Category.name)).all())


class _Young:
    """Whether a vendor was young on a fair day of the period: the age in completed years
    as ``age.age_from_ymd`` computes it in SQL (integer division truncating toward zero)."""

    def __init__(self, day_keys: dict, people: _People, low: int, high: int) -> None:
        self.on = {day_id: as_ymd(date) for day_id, (date, _fair) in day_keys.items()}
        self.born = {vendor_id: row[1] for vendor_id, row in people.rows.items()}
        self.low, self.high = low, high

    def __call__(self, vendor_id: int, day_id: int) -> bool:
        born = self.born[vendor_id]
        if born is None:
            return False
        days = self.on[day_id] - born
        age = days // 10000 if days >= 0 else -(-days // 10000)
        return self.low <= age <= self.high


def _rows(session: Session, columns: tuple, day_ids: list[int]):
    """``columns`` of the rows of the fair days ``day_ids`` (ids in lists SQLite takes),
    as plain tuples: the ORM's result handling would double the time."""
    table = columns[0].table
    for start in range(0, len(day_ids), 900):
        chunk = day_ids[start : start + 900]
        yield from session.connection().execute(
            select(*columns).where(table.c.fair_day_id.in_(chunk)).distinct()
        )


def _presence(session: Session, found: Contributors, people: _People, young: _Young,
              day_keys) -> None:  # fmt: skip
    female = Sex.FEMALE.value
    rows = people.rows
    t = Attendance.__table__
    ever_young: set[int] = set()
    for day_id, vendor_id in _rows(session, (t.c.fair_day_id, t.c.vendor_id), list(day_keys)):
        day = found.days[day_keys[day_id]]
        day.present.add(vendor_id)
        if rows[vendor_id][0] == female:
            day.women.add(vendor_id)
        if young(vendor_id, day_id):
            day.youth.add(vendor_id)
            ever_young.add(vendor_id)
        found.present.add(vendor_id)
    names = people.rubros
    for vendor_id in found.present:
        sex, born, category_id, region, _active, _by_end = rows[vendor_id]
        grp = NOT_STATED if born is None else YOUTH if vendor_id in ever_young else NON_YOUTH
        found.present_by_sex_youth[sex][grp].add(vendor_id)
        found.present_by_category[names[category_id]].add(vendor_id)
        found.present_by_region[region or NOT_STATED].add(vendor_id)


def _registered(found: Contributors, people: _People) -> None:
    """Registered by the end of the period, or present in it (as ``core.stats`` counts)."""
    for vendor_id, (*_, active, by_end) in people.rows.items():
        if by_end or vendor_id in found.present:
            found.registered.add(vendor_id)
            if active:
                found.active.add(vendor_id)


def _sales(session: Session, found: Contributors, people: _People, young: _Young,
           day_keys) -> None:  # fmt: skip
    rows = people.rows
    names = people.rubros
    t = Sale.__table__
    columns = (t.c.fair_day_id, t.c.vendor_id, t.c.category_id, t.c.payment_method)
    for day_id, vendor_id, category_id, method in _rows(session, columns, list(day_keys)):
        born = rows[vendor_id][1]
        grp = NOT_STATED if born is None else YOUTH if young(vendor_id, day_id) else NON_YOUTH
        found.sales_by_sex_youth[rows[vendor_id][0]][grp].add(vendor_id)
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
