"""The demo as a network of fairs: the Magdalena demo (``core.demo``, unchanged) and two
smaller fairs of the same organization, the Feria de La Punta (Saturdays, Callao) and the
Agroferia de Jesús María (Fridays, Lima), each with its fair days over the same weeks.

About a third of each fair's vendors are producers of Magdalena who also sell there: the
same vendor, with a second membership and its own stall (``vendors.update`` with the
``fairs`` list); the others are the fair's own, registered like the demo's.  Each producer
sells at one of the two smaller fairs at most, so a shared producer has two memberships.
Everything comes from the seed (the smaller fairs from a generator of their own, so the
Magdalena fair is the plain demo's to the céntimo).  The demo's audit entry names the
other fairs and counts the whole network's rows, so that replacing a network demo is
replacing a demo (``core.demo_replace.has_real_data``).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from agroferia.core import audit, demo, fairs, summaries, vendors
from agroferia.core.demo import ALL_YEAR, CATEGORY_PLAN, SEASON, DemoSummary
from agroferia.core.models import Attendance, FairDay, Fee, Membership, Sale, Vendor
from agroferia.core.network import memberships
from agroferia.core.products import demo as offers

ACTIVE = "active"


@dataclass(frozen=True)
class FairPlan:
    name: str
    district: str
    municipality: str
    address: str
    weekday: int  # Monday 0
    shared: int  # producers of Magdalena who also sell here
    regions: dict[str, int]  # the fair's own vendors by region
    scale: float  # sales of a day, against Magdalena's
    visitors: int  # a typical day's visitors, in tens
    fee_cents: int


# the fairs' own vendors by region: La Punta's from Lima, Callao and the north coast,
# Jesús María's from the central highlands
PUNTA_REGIONS = {
    "Lima": 6, "Callao": 3, "Piura": 2, "La Libertad": 2, "Lambayeque": 2, "Áncash": 2,
    "Cajamarca": 1, "Ica": 1, "Junín": 1,
}  # fmt: skip
JESUS_MARIA_REGIONS = {
    "Lima": 5, "Junín": 3, "Huánuco": 2, "Cusco": 2, "Ayacucho": 2, "Puno": 2, "Apurímac": 1,
    "Huancavelica": 1, "Pasco": 1, "Arequipa": 1, "San Martín": 1,
}  # fmt: skip

PLANS = (
    FairPlan(
        name="Feria de La Punta",
        district="La Punta",
        municipality="Municipalidad Distrital de La Punta",
        address="Malecón Figueredo, La Punta, Callao",
        weekday=5,
        shared=10,
        regions=PUNTA_REGIONS,
        scale=0.8,
        visitors=6,
        fee_cents=1000,
    ),
    FairPlan(
        name="Agroferia de Jesús María",
        district="Jesús María",
        municipality="Municipalidad Distrital de Jesús María",
        address="Campo de Marte, Av. de la Peruanidad, Jesús María, Lima",
        weekday=4,
        shared=11,
        regions=JESUS_MARIA_REGIONS,
        scale=0.9,
        visitors=9,
        fee_cents=1200,
    ),
)


@dataclass(frozen=True)
class FairSummary:
    fair_id: int
    name: str
    vendors: int  # members
    shared: int  # of them, producers of Magdalena too
    fair_days: int
    sales_rows: int


@dataclass(frozen=True)
class NetworkSummary:
    main: DemoSummary  # the Magdalena fair
    others: tuple[FairSummary, ...]


def build(
    session: Session,
    *,
    seed: int = 2026,
    until: dt.date | None = None,
    replace: bool = False,
    discard_real_data: bool = False,
    backup: str | None = None,
    actor: str = audit.SYSTEM,
    with_accounts: bool = True,
    progress: Callable[[float], None] | None = None,
) -> NetworkSummary:
    """``demo.build`` (which checks and refuses as it does for the plain demo) with the
    network's other fairs added before the demo is recorded."""
    step = progress or (lambda _done: None)
    others: list[FairSummary] = []

    def main_step(done: float) -> None:  # the plain demo's shares, around the other fairs'
        step(done * 0.6 if done <= 0.75 else 0.85 + (done - 0.8) * 0.75)

    def extend(s: Session, actor: str, main: DemoSummary) -> dict:
        rng = random.Random(f"network-{seed}")
        for number, plan in enumerate(PLANS):
            share = 0.4 / len(PLANS)
            others.append(
                _fair(s, actor, rng, plan, main,
                      lambda done, n=number, w=share: step(min(0.85, 0.45 + w * (n + done))))
            )  # fmt: skip
        return {
            "other_fairs": [o.fair_id for o in others],
            "vendors": _count(s, Vendor),
            "fair_days": _count(s, FairDay),
            "sales": _count(s, Sale),
            "memberships": _count(s, Membership),
        }

    main = demo.build(session, seed=seed, until=until, replace=replace,
                      discard_real_data=discard_real_data, backup=backup, actor=actor,
                      with_accounts=with_accounts, progress=main_step, extend=extend)  # fmt: skip
    return NetworkSummary(main, tuple(others))


def _count(session: Session, model: type) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def _fair(
    session: Session,
    actor: str,
    rng: random.Random,
    plan: FairPlan,
    main: DemoSummary,
    step: Callable[[float], None],
) -> FairSummary:
    fair = fairs.create_fair(session, actor, name=plan.name, district=plan.district,
                             municipality=plan.municipality, address=plan.address,
                             weekday=plan.weekday)  # fmt: skip
    first = main.first_day + dt.timedelta(days=(plan.weekday - main.first_day.weekday()) % 7)
    days = []
    while first <= main.last_day:
        days.append(first)
        first += dt.timedelta(weeks=1)
    stalls: dict[str, int] = {}
    letters = list(CATEGORY_PLAN)

    def stall(category: str) -> str:
        letter = "ABCDEFGH"[letters.index(category)]
        stalls[letter] = stalls.get(letter, 0) + 1
        return f"{letter}-{stalls[letter]:02d}"

    members = _shared(session, actor, rng, plan, fair.id, main, stall)
    step(0.3)
    members += _own(session, actor, rng, plan, fair.id, main, stall)
    step(0.7)
    day_rows = [
        {"fair_id": fair.id, "date": date,
         "visitors": round(int(plan.visitors * ALL_YEAR[date.month - 1]
                               * rng.uniform(0.8, 1.2)), -1)}
        for date in days
    ]  # fmt: skip
    session.execute(insert(FairDay), day_rows)
    day_ids = dict(
        session.execute(select(FairDay.date, FairDay.id).where(FairDay.fair_id == fair.id)).all()
    )
    sales_rows = _days(session, actor, rng, plan, members, days, day_ids, main.last_day)
    summaries.refresh_days(session, day_ids.values())
    step(1.0)
    return FairSummary(fair.id, plan.name, len(members), plan.shared, len(days), sales_rows)


Member = tuple[Vendor, dt.date, float]  # a vendor, since when at the fair, how often there


def _shared(
    session: Session,
    actor: str,
    rng: random.Random,
    plan: FairPlan,
    fair_id: int,
    main: DemoSummary,
    stall: Callable[[str], str],
) -> list[Member]:
    """Producers of Magdalena who join this fair too, each at one other fair at most."""
    candidates = list(
        session.scalars(
            select(Vendor)
            .where(memberships.member_of(main.fair_id), ~Vendor.memberships.any(
                Membership.fair_id != main.fair_id))
            .order_by(Vendor.id)
        )
    )  # fmt: skip
    chosen = sorted(rng.sample(candidates, plan.shared), key=lambda v: v.id)
    members = []
    for vendor in chosen:
        main_name = vendor.main_category.name
        since = max(
            vendor.registered_on,
            main.first_day + dt.timedelta(days=rng.randint(40, 200))
            if rng.random() < 0.25
            else main.first_day - dt.timedelta(days=rng.randint(0, 700)),
        )
        joined = {"fair": fair_id, "stall": stall(main_name), "status": ACTIVE,
                  "registered_on": since}  # fmt: skip
        vendors.update(session, actor, vendor.id,
                       {"fairs": [*memberships.values(vendor), joined]},
                       today=main.last_day)  # fmt: skip
        members.append((vendor, since, rng.uniform(0.45, 0.8)))
    return members


def _own(
    session: Session,
    actor: str,
    rng: random.Random,
    plan: FairPlan,
    fair_id: int,
    main: DemoSummary,
    stall: Callable[[str], str],
) -> list[Member]:
    """The fair's own vendors, registered like the demo's."""
    regions = [r for r, n in plan.regions.items() for _ in range(n)]
    rng.shuffle(regions)
    names = list(CATEGORY_PLAN)
    weights = [n for n, _ in CATEGORY_PLAN.values()]
    used = set(session.scalars(select(Vendor.doc_number)))
    catalogue = offers.catalogue_by_rubro(session)
    products_rng = random.Random(f"products-{plan.name}")  # the other draws stay as they were
    members = []
    for i, region in enumerate(regions):
        female = rng.random() < 0.56
        young = rng.random() < 0.26
        category = rng.choices(names, weights)[0]
        province, district = demo._place(rng, region)
        since = (
            main.first_day + dt.timedelta(days=rng.randint(40, 250))
            if rng.random() < 0.1
            else main.first_day - dt.timedelta(days=rng.randint(30, 1500))
        )
        certified = rng.random() < 0.25
        row = {
            "given_names": rng.choice(demo.WOMEN_GIVEN if female else demo.MEN_GIVEN),
            "surnames": " ".join(rng.sample(demo.SURNAMES, 2)),
            "doc_type": "DNI",
            "doc_number": demo._dni(rng, used),
            "sex": "F" if female else "M",
            "birth_date": demo._birth_date(rng, main.last_day, young),
            "phone": f"9{rng.randint(10_000_000, 99_999_999)}",
            "region": region,
            "province": province,
            "district": district,
            "association": rng.choice(demo.ASSOCIATION_KINDS).format(place=province)
            if rng.random() < 0.7
            else None,
            "main_category": category,
            "sgp_certified": certified,
            "sgp_expires_on": main.last_day + dt.timedelta(days=rng.randint(-60, 700))
            if certified
            else None,
            "registered_on": since,
            "fair": fair_id,
            "stall": stall(category),
            **demo._consent(i, since),
        }
        offers.pick(products_rng, row, catalogue)
        vendor = vendors.register(session, actor, row, today=main.last_day)
        members.append((vendor, since, rng.uniform(0.7, 0.95)))
    return members


def _days(
    session: Session,
    actor: str,
    rng: random.Random,
    plan: FairPlan,
    members: list[Member],
    days: list[dt.date],
    day_ids: dict[dt.date, int],
    last_day: dt.date,
) -> int:
    """Attendance, sales and fees of the fair's members, as the demo's; how many sales."""
    attendance, sales_rows, fee_rows = [], [], []
    entered_at = dt.datetime.combine(last_day, dt.time(21, 0))
    for vendor, since, reliability in members:
        main_name = vendor.main_category.name
        typical = CATEGORY_PLAN[main_name][1] * plan.scale
        strength = rng.lognormvariate(0, 0.3)
        for date in days:
            if date < since or rng.random() > reliability:
                continue
            day_id = day_ids[date]
            attendance.append({"fair_day_id": day_id, "vendor_id": vendor.id})
            season = SEASON.get(main_name, ALL_YEAR)[date.month - 1]
            soles = typical * strength * season / 100 * rng.uniform(0.8, 1.2)
            cents = max(1000, round(soles * 10) * 10)
            for method, part in demo._split_payments(rng, cents):
                sales_rows.append(
                    {"fair_day_id": day_id, "vendor_id": vendor.id,
                     "category_id": vendor.main_category_id, "amount_cents": part,
                     "payment_method": method, "entered_by": actor, "entered_at": entered_at}
                )  # fmt: skip
            recent = (last_day - date).days < 35
            paid = 0 if rng.random() < (0.25 if recent else 0.05) else plan.fee_cents
            fee_rows.append(
                {"fair_day_id": day_id, "vendor_id": vendor.id, "due_cents": plan.fee_cents,
                 "paid_cents": paid,
                 "paid_at": dt.datetime.combine(date, dt.time(13, 0)) if paid else None}
            )  # fmt: skip
    session.execute(insert(Attendance), attendance)
    session.execute(insert(Sale), sales_rows)
    session.execute(insert(Fee), fee_rows)
    return len(sales_rows)
