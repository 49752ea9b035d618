"""The demo fair: the Agroferia Campesina de Magdalena (Sundays, Magdalena del Mar, Lima).

84 vendors whose main categories follow the real fair, from 19 regions, a little over half
women and about a quarter young; the 52 Sundays up to a given date with attendance, sales
per category with seasonal variation, payment methods, stall fees and visitor estimates.
Everything comes from one ``random.Random(seed)``: the same seed and the same end date give
the same database.  Vendors go through the validated services; the thousands of sales rows
are inserted in bulk.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from agroferia.core import accounts, audit, fairs, settings, summaries, ubigeo, vendors
from agroferia.core.accounts import Right
from agroferia.core.demo_replace import (
    REAL_DATA_REFUSAL,
    backup_before_replace,
    clear_data,
    has_data,
    has_real_data,
)
from agroferia.core.errors import OperationError
from agroferia.core.models import Attendance, FairDay, Fee, Sale
from agroferia.core.products import demo as offers
from agroferia.i18n import lazy

__all__ = [  # what replacing needs, at hand with the rest of the demo
    "REAL_DATA_REFUSAL",
    "DemoSummary",
    "backup_before_replace",
    "build",
    "has_data",
    "has_real_data",
]

FAIR_NAME = "Agroferia Campesina de Magdalena"
SUNDAY = 6
FEE_CENTS = 1500  # S/ 15.00 per fair day

# main category -> (vendors, typical sales of a fair day in soles)
CATEGORY_PLAN = {
    "Productos transformados": (19, 380),
    "Frutas de costa y selva": (20, 460),
    "Hortalizas y verduras": (14, 300),
    "Productos frescos": (10, 420),
    "Tubérculos, granos y menestras": (9, 390),
    "Gastronomía": (8, 560),
    "Panadería y tamales": (3, 330),
    "Artesanía": (1, 190),
}

# region -> vendors (19 regions, 84 vendors; Lima's provinces send the most)
REGION_PLAN = {
    "Lima": 25, "Junín": 8, "Cusco": 5, "Huánuco": 5, "Áncash": 4, "Ayacucho": 4,
    "Puno": 4, "Cajamarca": 3, "Apurímac": 3, "Piura": 3, "Ica": 3, "Arequipa": 3,
    "San Martín": 3, "La Libertad": 2, "Lambayeque": 2, "Pasco": 2, "Huancavelica": 2,
    "Amazonas": 2, "Ucayali": 1,
}  # fmt: skip

WOMEN_GIVEN = (
    "María", "Rosa", "Juana", "Carmen", "Luz", "Ana", "Elena", "Marleni", "Yolanda", "Gladys",
    "Flor", "Norma", "Sonia", "Maribel", "Lucía", "Nelly", "Teresa", "Delia", "Hilda", "Rocío",
    "Milagros", "Yesenia", "Judith", "Edith", "Vilma", "Rufina", "Sabina", "Isabel", "Pilar",
    "Celia", "Dina", "Lourdes", "Mirian", "Haydée", "Eulalia", "Nilda", "Fortunata", "Betty",
)  # fmt: skip
MEN_GIVEN = (
    "Juan", "José", "Luis", "Carlos", "Pedro", "Jorge", "Víctor", "Julio", "Mario", "Teodoro",
    "Santos", "Alejandro", "Hugo", "Wilber", "Edwin", "Percy", "Rubén", "Fredy", "Efraín",
    "Nicanor", "Hilario", "Marcelino", "Germán", "Raúl", "Walter", "César", "Óscar", "Félix",
    "Ronald", "Elmer", "Abel", "Saturnino",
)  # fmt: skip
SURNAMES = (
    "Quispe", "Mamani", "Huamán", "Flores", "Condori", "Chávez", "Ramos", "Rojas", "Sánchez",
    "García", "Torres", "Mendoza", "Vargas", "Gutiérrez", "Ccallo", "Huanca", "Apaza", "Choque",
    "Cusi", "Pari", "Yupanqui", "Ticona", "Cárdenas", "Salazar", "Castillo", "Espinoza",
    "Ñahui", "Taipe", "Villanueva", "Paucar", "Inga", "Llanos", "Poma", "Cahuana", "Huillca",
    "Puma", "Zevallos", "Aguirre", "Córdova", "Palomino", "Soto", "Tello", "Valverde", "Zúñiga",
    "Ccori", "Nina", "Huaraca", "Ayala", "Llacza", "Ordóñez",
)  # fmt: skip
ASSOCIATION_KINDS = (
    "Asociación de Productores Agropecuarios de {place}",
    "Asociación de Productores Agroecológicos de {place}",
    "Cooperativa Agraria de {place}",
    "Asociación de Mujeres Emprendedoras de {place}",
)

# Month factors (percent, January first) by category: summer fruit, winter tubers, and the
# July (Fiestas Patrias) and December holidays.
SEASON = {
    "Frutas de costa y selva": (130, 135, 125, 110, 95, 85, 90, 85, 90, 100, 105, 120),
    "Tubérculos, granos y menestras": (90, 90, 95, 105, 115, 120, 115, 105, 100, 95, 95, 100),
    "Panadería y tamales": (90, 85, 90, 95, 95, 100, 125, 100, 95, 100, 105, 145),
    "Productos transformados": (95, 95, 95, 100, 100, 100, 110, 100, 100, 100, 105, 135),
}
ALL_YEAR = (100, 95, 95, 100, 100, 95, 110, 100, 100, 100, 100, 125)


@dataclass(frozen=True)
class DemoSummary:
    fair_id: int
    vendors: int
    fair_days: int
    sales_rows: int
    first_day: dt.date
    last_day: dt.date


ADMIN = "admin"
# the demo's accounts, one per role: username, display name, role
DEMO_ACCOUNTS = (
    (ADMIN, lazy("Administración (demostración)"), "admin"),
    ("organizador", lazy("Organización (demostración)"), "organizer"),
    ("tesorero", lazy("Tesorería (demostración)"), "treasurer"),
    ("consulta", lazy("Consulta (demostración)"), "viewer"),
)


def last_sunday(on: dt.date) -> dt.date:
    return on - dt.timedelta(days=(on.weekday() - SUNDAY) % 7)


def _birth_date(rng: random.Random, ref: dt.date, young: bool) -> dt.date:
    age = rng.randint(18, 28) if young else rng.randint(31, 70)
    return ref - dt.timedelta(days=365 * age + rng.randint(0, 364))


def _place(rng: random.Random, region: str) -> tuple[str, str]:
    province = rng.choice(ubigeo.provinces(region))
    return province, rng.choice(ubigeo.districts(region, province))


def _dni(rng: random.Random, used: set[str]) -> str:
    while True:
        number = f"{rng.randint(10_000_000, 79_999_999)}"
        if number not in used:
            used.add(number)
            return number


def _vendor_rows(rng: random.Random, first_day: dt.date, last_day: dt.date) -> list[dict]:
    categories = [c for c, (n, _) in CATEGORY_PLAN.items() for _ in range(n)]
    regions = [r for r, n in REGION_PLAN.items() for _ in range(n)]
    rng.shuffle(categories)
    rng.shuffle(regions)
    count = len(categories)
    women = set(rng.sample(range(count), 46))
    young = set(rng.sample(range(count), 21))
    no_birth = set(rng.sample(sorted(set(range(count)) - young), 4))
    latecomers = set(rng.sample(range(count), 6))
    all_categories = list(CATEGORY_PLAN)
    used: set[str] = set()
    rows = []
    stall_numbers: dict[str, int] = {}
    for i, (category, region) in enumerate(zip(categories, regions, strict=True)):
        female = i in women
        province, district = _place(rng, region)
        letter = "ABCDEFGH"[all_categories.index(category)]
        stall_numbers[letter] = stall_numbers.get(letter, 0) + 1
        registered = (
            first_day + dt.timedelta(days=rng.randint(60, 250))
            if i in latecomers
            else first_day - dt.timedelta(days=rng.randint(30, 1800))
        )
        others = []
        if rng.random() < 0.15:
            others = [rng.choice([c for c in all_categories if c != category])]
        certified = rng.random() < 0.3
        rows.append(
            {
                "given_names": rng.choice(WOMEN_GIVEN if female else MEN_GIVEN),
                "surnames": " ".join(rng.sample(SURNAMES, 2)),
                "doc_type": "DNI",
                "doc_number": _dni(rng, used),
                "sex": "F" if female else "M",
                "birth_date": None if i in no_birth else _birth_date(rng, last_day, i in young),
                "phone": f"9{rng.randint(10_000_000, 99_999_999)}",
                "region": region,
                "province": province,
                "district": district,
                "association": rng.choice(ASSOCIATION_KINDS).format(place=province)
                if rng.random() < 0.8
                else None,
                "main_category": category,
                "other_categories": others,
                "sgp_certified": certified,
                "sgp_expires_on": last_day + dt.timedelta(days=rng.randint(-60, 700))
                if certified
                else None,
                "stall": f"{letter}-{stall_numbers[letter]:02d}",
                "registered_on": registered,
                **_consent(i, registered),
            }
        )
    return rows


def _consent(i: int, registered: dt.date) -> dict:
    """Most signed the form when they registered, some said so aloud, and for one in twelve
    nobody has asked yet (no random draw: the rest of the demo stays as it was)."""
    if i % 12 == 5:
        return {}
    return {"consent": "given", "consent_how": "verbal" if i % 5 == 2 else "signed",
            "consent_on": registered}  # fmt: skip


def _split_payments(rng: random.Random, cents: int) -> list[tuple[str, int]]:
    """A day's takings as a cash entry and, often, a digital one."""
    if rng.random() < 0.25:
        return [("cash", cents)]
    digital = rng.choices(("yape", "plin", "card", "transfer"), weights=(70, 18, 7, 5))[0]
    share = round(cents * rng.uniform(0.15, 0.55) / 10) * 10
    if share <= 0 or share >= cents:
        return [("cash", cents)]
    return [("cash", cents - share), (digital, share)]


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
    extend: Callable[[Session, str, DemoSummary], dict] | None = None,
) -> DemoSummary:
    """Fills the database. Refuses (OperationError) when it already has data, unless
    ``replace``, which only an administrator may do once accounts exist, and which also
    needs ``discard_real_data`` when the data are not only the demo's (``has_real_data``).
    A replacement keeps the audit trail and the accounts and records itself there (with
    ``backup``, where the caller copied the old data).  ``with_accounts``: a database
    without accounts gets the demo's (``DEMO_ACCOUNTS``, each with the password ``demo-``
    + its name).  ``progress`` is told the share of the work done, from 0.0 to 1.0.
    ``extend`` adds to the demo before it is recorded (``core.demo_network``: more fairs),
    and returns what to record of it (its counts replace the fair's)."""
    step = progress or (lambda _done: None)
    if has_data(session):
        if not replace:
            raise OperationError(
                lazy(
                    "La base de datos ya tiene datos; la demostración solo se crea en una base "
                    "vacía. Use --replace para reemplazarlos (se guarda una copia antes)."
                )
            )
        accounts.require(session, actor, Right.ADMIN)
        if not discard_real_data and has_real_data(session):
            raise OperationError(REAL_DATA_REFUSAL)
        clear_data(session, actor, backup)
    elif accounts.has_accounts(session):
        accounts.require(session, actor, Right.ADMIN)
    today = dt.date.today()
    if until is not None and until > today:
        raise OperationError(
            lazy("La demostración termina hoy como muy tarde; {date} está en el futuro.",
                 date=until.strftime("%d/%m/%Y"))
        )  # fmt: skip
    step(0.0)
    rng = random.Random(seed)
    last_day = last_sunday(until or today)
    days = [last_day - dt.timedelta(weeks=w) for w in range(51, -1, -1)]

    fair = fairs.create_fair(
        session,
        actor,
        name=FAIR_NAME,
        district="Magdalena del Mar",
        municipality="Municipalidad Distrital de Magdalena del Mar",
        address="Av. Brasil, cuadra 35, Magdalena del Mar, Lima",
        weekday=SUNDAY,
    )
    settings.put(
        session,
        actor,
        "organization_name",
        "Asociación de Productores de la Agroferia Campesina de Magdalena",
    )
    settings.put(
        session, actor, "municipality_name", "Municipalidad Distrital de Magdalena del Mar"
    )
    settings.put(session, actor, "default_fair_id", str(fair.id))

    # the shares of the work below follow where the time goes (registering the vendors
    # one by one through the service, inserting the sales, hashing the accounts' passwords)
    step(0.05)
    registered = []
    rows = _vendor_rows(rng, days[0], last_day)
    offers.assign(random.Random(f"products-{seed}"), rows, offers.catalogue_by_rubro(session),
                  new_names=offers.NEW_NAMES)  # fmt: skip
    for number, row in enumerate(rows, 1):
        vendor = vendors.register(session, actor, {**row, "fair": fair.id}, today=last_day)
        registered.append((vendor, CATEGORY_PLAN[row["main_category"]][1]))
        step(0.05 + 0.4 * number / len(rows))

    day_rows = []
    for date in days:
        month = date.month - 1
        visitors = int(15 * ALL_YEAR[month] * rng.uniform(0.8, 1.2))
        day_rows.append({"fair_id": fair.id, "date": date, "visitors": round(visitors, -1)})
    session.execute(insert(FairDay), day_rows)
    day_ids = dict(
        session.execute(select(FairDay.date, FairDay.id).where(FairDay.fair_id == fair.id)).all()
    )

    attendance, sales_rows, fee_rows = [], [], []
    entered_at = dt.datetime.combine(last_day, dt.time(21, 0))
    for number, (vendor, typical) in enumerate(registered, 1):
        step(0.45 + 0.1 * number / len(registered))
        reliability = rng.uniform(0.72, 0.97)
        strength = rng.lognormvariate(0, 0.3)
        others = [c.id for c in vendor.other_categories]
        main_name = vendor.main_category.name
        for date in days:
            if date < vendor.registered_on or rng.random() > reliability:
                continue
            day_id = day_ids[date]
            attendance.append({"fair_day_id": day_id, "vendor_id": vendor.id})
            season = SEASON.get(main_name, ALL_YEAR)[date.month - 1]
            # random draws are floats; what is stored is a whole number of céntimos
            soles = typical * strength * season / 100 * rng.uniform(0.8, 1.2)
            cents = max(1000, round(soles * 10) * 10)
            parts = [(vendor.main_category_id, cents)]
            if others:
                side = round(cents * rng.uniform(0.15, 0.35) / 10) * 10
                parts = [(vendor.main_category_id, cents - side), (others[0], side)]
            for category_id, amount in parts:
                for method, part in _split_payments(rng, amount):
                    sales_rows.append(
                        {
                            "fair_day_id": day_id,
                            "vendor_id": vendor.id,
                            "category_id": category_id,
                            "amount_cents": part,
                            "payment_method": method,
                            "entered_by": actor,
                            "entered_at": entered_at,
                        }
                    )
            recent = (last_day - date).days < 35
            paid = 0 if rng.random() < (0.25 if recent else 0.05) else FEE_CENTS
            fee_rows.append(
                {
                    "fair_day_id": day_id,
                    "vendor_id": vendor.id,
                    "due_cents": FEE_CENTS,
                    "paid_cents": paid,
                    "paid_at": dt.datetime.combine(date, dt.time(13, 0)) if paid else None,
                }
            )
    session.execute(insert(Attendance), attendance)
    step(0.6)
    session.execute(insert(Sale), sales_rows)
    summaries.refresh_days(session, {row["fair_day_id"] for row in sales_rows})
    step(0.75)
    session.execute(insert(Fee), fee_rows)
    summary = DemoSummary(fair.id, len(registered), len(days), len(sales_rows), days[0], last_day)
    built = {"seed": seed, "vendors": len(registered), "fair_days": len(days),
             "sales": len(sales_rows)}  # fmt: skip
    if extend is not None:
        built.update(extend(session, actor, summary))
    audit.record(session, actor, "demo", "fair", fair.id, after=built)
    session.flush()
    step(0.8)
    if with_accounts and not accounts.has_accounts(session):
        for number, (username, display_name, role) in enumerate(DEMO_ACCOUNTS, 1):
            accounts.create_user(session, ADMIN, username, str(display_name), role,
                                 demo_password(username))  # fmt: skip
            step(0.8 + 0.2 * number / len(DEMO_ACCOUNTS))
    step(1.0)
    return summary


def demo_password(username: str) -> str:
    """The password of a demo account: ``demo-`` and its name (shown on the welcome dialog
    and in the README: a demo is for trying, not for real data)."""
    return f"demo-{username}"
