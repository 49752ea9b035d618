"""The catalogue of products, what vendors offer, and the agrobiodiversity figures against a
small fair computed by hand.

Products of the fixture (added to the seeded catalogue under names of their own):
  P1 Prueba quinua   native      Tubérculos, granos y menestras
  P2 Prueba oca      native      Tubérculos, granos y menestras
  P3 Prueba haba     not native  Tubérculos, granos y menestras
  P4 Prueba mango    not native  Frutas de costa y selva
  P5 Prueba camu     native      Frutas de costa y selva
  P6 Prueba queso    not native  Productos frescos
People (youth 15–29), their fair, region and what they offer:
  Ana   F  born 2000 (26, young)  fair A  Cusco   P1 P2 P3   present 01/03
  Beto  M  born 1970              fair A  Puno    P1 P4      present 15/03
  Carla F  born 1980              fair B  Loreto  P5 P4      present 08/03 (fair B)
  Dora  F  no birth date          fair A  —       P6         present 01/03
  Eva   M  born 1999 (27, young)  fair A  Cusco   P3         present 05/04 only
  Fede  F  born 2001 (young)      fair A  Lima    nothing    present 01/03
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import unicodedata
from pathlib import Path

import pytest
from sqlalchemy import func, select

from agroferia.core import fairs, sales, stats, vendors
from agroferia.core.accounts import NotAllowedError
from agroferia.core.errors import OperationError, ValidationError
from agroferia.core.models import AuditLog, Category, Product, ProductKind, Sale
from agroferia.core.products import catalogue
from tests.accounts import add_account

D = dt.date
MARCH = (D(2026, 3, 1), D(2026, 3, 31))
APRIL = (D(2026, 4, 1), D(2026, 4, 30))
TUBERS = "Tubérculos, granos y menestras"
FRUITS = "Frutas de costa y selva"
RUBROS = {
    "Productos transformados", FRUITS, "Hortalizas y verduras", "Productos frescos", TUBERS,
    "Gastronomía", "Panadería y tamales", "Artesanía",
}  # fmt: skip
SEED = Path(__file__).resolve().parents[2] / "db" / "seed" / "products_0010.csv"


def folded(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return " ".join(plain.casefold().split())


# ------------------------------------------------------------------------------ the seed
def test_the_seed_has_no_duplicates_and_every_product_in_a_rubro():
    with SEED.open(encoding="utf-8", newline="") as rows:
        seed = list(csv.DictReader(rows))
    assert len(seed) >= 120
    names = [folded(p["name"]) for p in seed]
    assert len(set(names)) == len(names), [n for n in names if names.count(n) > 1]
    assert {p["rubro"] for p in seed} == RUBROS  # every rubro has products, none else
    assert {p["kind"] for p in seed} <= {k.value for k in ProductKind}
    assert {p["native"] for p in seed} == {"yes", "no"}
    for p in seed:
        assert p["name"] == p["name"].strip() and len(p["name"]) <= 80
        if p["kind"] in ("prepared", "handicraft"):
            assert p["native"] == "no", p["name"]  # a dish or a craft is no variety
    native = {folded(p["name"]) for p in seed if p["native"] == "yes"}
    for crop in ("quinua", "kiwicha", "canihua", "tarwi", "maca", "yacon", "oca", "olluco",
                 "mashua", "aguaymanto", "camu camu", "lucuma", "cocona", "papa nativa"):  # fmt: skip
        assert crop in native, crop
    for introduced in ("haba", "trigo", "cebada", "zanahoria", "mango", "cebolla roja"):
        assert introduced in names and introduced not in native, introduced
    assert 40 <= len(native) <= 70


def test_a_new_database_has_the_seed_in_its_rubros(session):
    seeded = session.execute(
        select(Product.name, Category.name, Product.native, Product.reviewed).join(Category)
    ).all()
    with SEED.open(encoding="utf-8", newline="") as rows:
        seed = {p["name"]: (p["rubro"], p["native"] == "yes") for p in csv.DictReader(rows)}
    assert {name: (rubro, native) for name, rubro, native, _ in seeded} == seed
    assert all(reviewed for *_, reviewed in seeded)
    keys = session.execute(select(Product.name, Product.name_key)).all()
    assert all(name_key == catalogue.key(name) for name, name_key in keys)
    tarwi = catalogue.find(session, "TARWI")
    assert tarwi.scientific_name == "Lupinus mutabilis" and "chocho" in tarwi.local_names


# ------------------------------------------------------------------------ the catalogue
def register(s, name: str, doc: str, **data):
    return vendors.register(
        s, "ana", {"given_names": name, "surnames": "Prueba", "doc_number": doc,
                   "main_category": TUBERS, "registered_on": D(2026, 1, 1), **data},
    )  # fmt: skip


def test_offers_take_catalogue_names_and_new_ones(session):
    vendor = register(session, "Rosa", "40000001",
                      products="quinua; PAPA NATIVA;Papa  huayro colorada ; quinua;")  # fmt: skip
    assert [p.name for p in vendor.products] == [
        "Papa huayro colorada", "Papa nativa", "Quinua"]  # fmt: skip
    new = catalogue.find(session, "papa huayro colorada")
    assert not new.reviewed and not new.native
    assert new.category.name == TUBERS and new.kind == ProductKind.FRESH
    # a second vendor naming it again, accents and case aside, gets the same product
    other = register(session, "Luz", "40000002", main_category="Artesanía",
                     products=["Papa Huayro Colorada", "Canasta de junco"])  # fmt: skip
    assert new in other.products
    basket = catalogue.find(session, "canasta de junco")
    assert basket.category.name == "Artesanía" and basket.kind == ProductKind.HANDICRAFT
    entry = session.scalars(
        select(AuditLog).where(AuditLog.entity == "vendor", AuditLog.entity_id == other.id)
    ).one()
    assert sorted(json.loads(entry.after)["products"]) == sorted(p.id for p in other.products)


def test_bad_offers_are_refused_in_words_and_nothing_is_written(session):
    before = session.scalar(select(func.count()).select_from(Product))
    with pytest.raises(ValidationError) as refused:
        register(session, "Rosa", "40000003", products="Quinua; " + "x" * 81)
    assert "Productos" in str(refused.value) and "80" in str(refused.value)
    with pytest.raises(ValidationError) as refused:
        register(session, "Rosa", "40000003", products=[999_999])
    assert "no existe el producto 999999" in str(refused.value)
    for hostile, said in (([2**70], "no existe el producto"), ([True], "separados por «;»"),
                          ([3.5], "separados por «;»"), (dt.date(2026, 1, 1), "separados"),
                          (["Queso; fresco"], "no puede llevar «;»"),
                          ("Mermelada" + "…" * 30, "como máximo 80")):  # fmt: skip
        with pytest.raises(ValidationError, match=said):
            register(session, "Rosa", "40000003", products=hostile)
    assert session.scalar(select(func.count()).select_from(Product)) == before


def test_editing_a_vendor_keeps_its_products_unless_changed(session):
    vendor = register(session, "Rosa", "40000004", products="Oca; Olluco")
    vendors.update(session, "ana", vendor.id, {"phone": "987654321"})
    assert [p.name for p in vendor.products] == ["Oca", "Olluco"]
    vendors.update(session, "ana", vendor.id, {"products": "Mashua"})
    assert [p.name for p in vendor.products] == ["Mashua"]


def test_merging_moves_vendors_and_sales_and_the_old_name_finds_the_new(session):
    day = fairs.add_fair_day(session, "ana", fairs.create_fair(session, "ana", name="F").id,
                             date=D(2026, 3, 1)).id  # fmt: skip
    a = register(session, "Rosa", "40000005", products="Papa huayro; Papa nativa")
    b = register(session, "Luz", "40000006", products="papa huayro")
    huayro = catalogue.find(session, "Papa huayro")
    sale = sales.record_sale(session, "ana", day, b.id, "12.50", product="Papa huayro",
                             today=D(2026, 3, 1))  # fmt: skip
    assert catalogue.merge_count(session, huayro.id) == catalogue.MergeCount(vendors=2, sales=1)
    native = catalogue.find(session, "Papa nativa")
    catalogue.merge(session, "ana", huayro.id, native.id)
    assert [p.name for p in session.get(type(a), a.id).products] == ["Papa nativa"]
    assert [p.name for p in session.get(type(b), b.id).products] == ["Papa nativa"]
    assert session.get(Sale, sale.id).product_id == native.id
    assert catalogue.find(session, "papa HUAYRO").id == native.id
    assert huayro not in catalogue.products(session)
    assert huayro in catalogue.products(session, include_merged=True)
    entry = session.scalars(select(AuditLog).where(AuditLog.action == "merge")).one()
    assert entry.entity == "product" and entry.reason == "Papa huayro → Papa nativa"
    with pytest.raises(OperationError, match="ya se unió"):
        catalogue.merge(session, "ana", huayro.id, native.id)
    with pytest.raises(OperationError, match="consigo mismo"):
        catalogue.merge(session, "ana", native.id, native.id)


def test_adding_and_editing_a_product(session):
    product = catalogue.add(session, "ana", {"name": "Papa cceccorani", "category": TUBERS,
                                             "native": "sí", "kind": "fresco"})  # fmt: skip
    assert product.native and product.reviewed and product.kind == "fresh"
    with pytest.raises(ValidationError, match="ya existe"):
        catalogue.add(session, "ana", {"name": "papa CCECCORANI", "category": TUBERS})
    with pytest.raises(ValidationError, match="no es una variedad"):
        catalogue.add(session, "ana", {"name": "Mate", "category": "Artesanía",
                                       "kind": "artesanía", "native": True})  # fmt: skip
    with pytest.raises(ValidationError, match="no puede llevar"):
        catalogue.add(session, "ana", {"name": "Queso; mantequilla", "category": TUBERS})
    with pytest.raises(ValidationError) as refused:
        catalogue.add(session, "ana", {"name": "", "category": "Minería", "kind": "sólido"})
    text = str(refused.value)
    assert "es obligatorio" in text and "Minería" in text and "fresco, transformado" in text
    catalogue.edit(session, "ana", product.id, {"local_names": "yana papa", "native": "no"})
    assert product.local_names == "yana papa" and not product.native
    assert product.name == "Papa cceccorani" and product.category.name == TUBERS


def test_a_treasurer_may_not_change_the_catalogue(session):
    add_account(session, "teso", "treasurer")
    quinua = catalogue.find(session, "Quinua")
    with pytest.raises(NotAllowedError):
        catalogue.add(session, "teso", {"name": "Algo", "category": TUBERS})
    with pytest.raises(NotAllowedError):
        catalogue.edit(session, "teso", quinua.id, {"native": False})
    assert quinua.native


# ------------------------------------------------------------------------------ figures
@pytest.fixture
def fair_data(db):
    with db.Session.begin() as s:
        a = fairs.create_fair(s, "t", name="Feria Norte").id
        b = fairs.create_fair(s, "t", name="Feria Sur").id
        made = {}
        for key, rubro, native in (("quinua", TUBERS, True), ("oca", TUBERS, True),
                                   ("haba", TUBERS, False), ("mango", FRUITS, False),
                                   ("camu", FRUITS, True), ("queso", "Productos frescos", False)):  # fmt: skip
            made[key] = catalogue.add(
                s, "t", {"name": f"Prueba {key}", "category": rubro, "native": native}
            ).name
        people = {}
        for key, data, offers in (
            ("ana", dict(sex="F", birth_date=D(2000, 1, 1), fair=a, region="Cusco"),
             ("quinua", "oca", "haba")),
            ("beto", dict(sex="M", birth_date=D(1970, 1, 1), fair=a, region="Puno"),
             ("quinua", "mango")),
            ("carla", dict(sex="F", birth_date=D(1980, 1, 1), fair=b, region="Loreto"),
             ("camu", "mango")),
            ("dora", dict(sex="F", fair=a), ("queso",)),
            ("eva", dict(sex="M", birth_date=D(1999, 1, 1), fair=a, region="Cusco"), ("haba",)),
            ("fede", dict(sex="F", birth_date=D(2001, 1, 1), fair=a, region="Lima"), ()),
        ):  # fmt: skip
            doc = f"{len(people) + 1:08d}"
            products = [made[o] for o in offers]
            people[key] = register(s, key.title(), doc, products=products, **data).id
        d1 = fairs.add_fair_day(s, "t", a, date=D(2026, 3, 1)).id
        d15 = fairs.add_fair_day(s, "t", a, date=D(2026, 3, 15)).id
        d8 = fairs.add_fair_day(s, "t", b, date=D(2026, 3, 8)).id
        apr = fairs.add_fair_day(s, "t", a, date=D(2026, 4, 5)).id
        for day, who in ((d1, "ana"), (d15, "beto"), (d8, "carla"), (d1, "dora"), (d1, "fede"),
                         (apr, "eva")):  # fmt: skip
            fairs.set_attendance(s, "t", day, people[who], True)
        sales.record_sale(s, "t", d1, people["ana"], "40")
    return {"a": a, "b": b, "apr": apr, "people": people}


def test_the_figures_of_a_month_for_all_fairs(db, fair_data):
    with db.Session() as s:
        p = stats.compute(s, *MARCH).products
    assert p.counted_from == "offers" and p.sold is None
    assert (p.products, p.native, p.regions) == (6, 3, 3)
    assert (p.vendors_present, p.vendors_listing) == (5, 4)
    assert {k: (c.products, c.native) for k, c in p.by_category.items()} == {
        TUBERS: (3, 2), FRUITS: (2, 1), "Productos frescos": (1, 0)}  # fmt: skip
    assert list(p.by_category) == [TUBERS, FRUITS, "Productos frescos"]  # most first
    assert {k: (c.products, c.native) for k, c in p.by_region.items()} == {
        "Cusco": (3, 2), "Puno": (2, 1), "Loreto": (2, 1), "not_stated": (1, 0)}  # fmt: skip
    assert p.native_vendors == 3
    assert p.native_vendors_by_sex_youth["F"] == {"youth": 1, "non_youth": 1, "not_stated": 0}
    assert p.native_vendors_by_sex_youth["M"] == {"youth": 0, "non_youth": 1, "not_stated": 0}


def test_the_figures_of_one_fair(db, fair_data):
    with db.Session() as s:
        p = stats.compute(s, *MARCH, fair_id=fair_data["a"]).products
    # Ana, Beto, Dora and Fede: quinua, oca, haba, mango, queso; two native; Cusco and Puno
    assert (p.products, p.native, p.regions, p.native_vendors) == (5, 2, 2, 2)
    with db.Session() as s:
        p = stats.compute(s, *MARCH, fair_id=fair_data["b"]).products
    assert (p.products, p.native, p.regions, p.native_vendors) == (2, 1, 1, 1)


def test_sales_that_name_products_are_counted_with_the_offers(db, fair_data):
    people = fair_data["people"]
    with db.Session.begin() as s:
        sale = sales.record_sale(s, "t", fair_data["apr"], people["eva"], "25.50",
                                 product="prueba CAMU")  # fmt: skip
        assert s.get(Category, sale.category_id).name == FRUITS  # the product's rubro
        with pytest.raises(ValidationError, match="no está en el catálogo"):
            sales.record_sale(s, "t", fair_data["apr"], people["eva"], "1", product="Oro")
        with pytest.raises(ValidationError, match="no existe el producto"):
            sales.record_sale(s, "t", fair_data["apr"], people["eva"], "1", product=2**70)
    with db.Session() as s:
        figures = stats.compute(s, *APRIL)
    p = figures.products
    assert p.counted_from == "offers_and_sales"
    assert (p.products, p.native) == (2, 1)  # haba offered, camu camu sold
    assert (p.sold.products, p.sold.native, p.sold.sales_named) == (1, 1, 2550)
    assert p.sold.by_product == {"Prueba camu": 2550}
    # what Eva sold counts as hers everywhere: her region, and she brings a native variety
    assert {k: (c.products, c.native) for k, c in p.by_region.items()} == {"Cusco": (2, 1)}
    assert (p.regions, p.vendors_listing, p.native_vendors) == (1, 1, 1)
    assert p.native_vendors_by_sex_youth["M"]["youth"] == 1
    section = figures.to_json()["products"]
    assert section["counted_from"] == "offers_and_sales"
    assert section["sold"] == {"products": 1, "native": 1, "sales_named": "25.50",
                               "by_product": {"Prueba camu": "25.50"}}  # fmt: skip
    assert section["by_category"][TUBERS] == {"products": 1, "native": 0}
    with db.Session() as s:  # March's sale names none: offers only
        assert stats.compute(s, *MARCH).to_json()["products"]["counted_from"] == "offers"


def test_a_period_without_vendors_present_has_no_products(db, fair_data):
    with db.Session() as s:
        p = stats.compute(s, D(2025, 1, 1), D(2025, 12, 31)).products
    assert (p.products, p.native, p.regions, p.vendors_present, p.native_vendors) == (
        0, 0, 0, 0, 0)  # fmt: skip
    assert p.by_category == {} and p.by_region == {}


def test_an_upgrade_keeps_every_figure_and_a_downgrade_undoes_it(db, fair_data):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from agroferia.core.db import current_revision, downgrade, upgrade
    from agroferia.core.models import Base

    def figures() -> dict:
        with db.Session() as s:
            found = stats.compute(s, *MARCH).to_json()
        found.pop("products")
        return found

    before = figures()
    downgrade(db.engine, "0009")
    assert current_revision(db.engine) == "0009"
    upgrade(db.engine)
    assert figures() == before
    with db.Session.begin() as s:  # a sale still records its vendor's attendance
        sales.record_sale(s, "t", fair_data["apr"], fair_data["people"]["ana"], "5")
    with db.Session() as s:
        assert stats.compute(s, *APRIL).vendors.present == 2  # Eva, and Ana by her sale
    with db.Session() as s:
        assert catalogue.count(s) >= 120  # seeded again; the offers went with the downgrade
        assert s.scalar(select(func.count()).where(Sale.product_id.is_not(None))) == 0
    with db.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []


def test_new_names_that_may_be_another_product_are_suggested_never_merged(session):
    register(session, "Rosa", "40000007", products="Papa huayro; Tarwi")
    register(session, "Luz", "40000008", main_category="Gastronomía",
             products="Cebiche de chocho; Quinua atamalada")  # fmt: skip
    suggested = {
        session.get(Product, new).name: [p.name for p in same]
        for new, same in catalogue.likely_same(session).items()
    }
    # «huayro» is a local name of papa nativa; the dish of chocho is no tarwi, though
    # «chocho» is tarwi's local name, nor the dish of quinua the grain
    assert suggested == {"Papa huayro": ["Papa nativa"]}
    assert not catalogue.find(session, "Papa huayro").merged_into_id


@pytest.fixture
def two_products_sold(db):
    with db.Session.begin() as s:
        fair = fairs.create_fair(s, "ana", name="Norte").id
        day = fairs.add_fair_day(s, "ana", fair, date=D(2026, 3, 1)).id
        vendor = register(s, "Ana", "40000009", products="Quinua; Oca", fair=fair)
        for amount, product in (("10", "Quinua"), ("20", "Oca")):
            sales.record_sale(s, "ana", day, vendor.id, amount, product=product,
                              today=D(2026, 3, 1))  # fmt: skip
        return day, vendor.id, vendor.main_category_id


def sold(db) -> list[tuple[int, str | None]]:
    with db.Session() as s:
        rows = s.execute(
            select(Sale.amount_cents, Product.name)
            .outerjoin(Product, Product.id == Sale.product_id)
            .order_by(Sale.id)
        )
        return [tuple(row) for row in rows]


def save_sheet(db, day: int, vendor: int, category: int, amount: str) -> None:
    from agroferia.core.day_sheet import loading, saving

    with db.Session.begin() as s:
        sheet = loading.load(s, day, today=D(2026, 3, 1))
        sheet.set_amount(vendor, category, amount)
        saving.save(s, "ana", sheet)


def test_the_day_sheet_never_drops_the_products_sales_name(db, two_products_sold):
    day, vendor, category = two_products_sold
    save_sheet(db, day, vendor, category, "35")  # more: one entry more, the others stay
    assert sold(db) == [(1000, "Quinua"), (2000, "Oca"), (500, None)]
    with pytest.raises(OperationError) as refused:  # less: which one? never guessed
        save_sheet(db, day, vendor, category, "25")
    said = str(refused.value)
    assert "Quinua S/ 10.00" in said and "Oca S/ 20.00" in said and "Escriba 0" in said
    assert sold(db) == [(1000, "Quinua"), (2000, "Oca"), (500, None)]
    save_sheet(db, day, vendor, category, "0")  # the way out the message offers
    save_sheet(db, day, vendor, category, "25")
    assert sold(db) == [(2500, None)]


def test_replacing_the_demo_removes_the_names_that_came_with_it(session):
    from agroferia.core import demo_replace

    register(session, "Rosa", "40000010", products="Nuevo A; Nuevo B; Nuevo C; Quinua")
    a, b, c = (catalogue.find(session, name) for name in ("Nuevo A", "Nuevo B", "Nuevo C"))
    catalogue.merge(session, "ana", a.id, b.id)
    catalogue.merge(session, "ana", b.id, c.id)
    catalogue.merge(session, "ana", c.id, catalogue.find(session, "Quinua").id)
    mine = catalogue.add(session, "ana", {"name": "Papa cceccorani", "category": TUBERS})
    demo_replace.clear_data(session, "ana", None)
    assert not session.scalars(select(Product).where(Product.reviewed.is_(False))).all()
    assert catalogue.find(session, "Papa cceccorani").id == mine.id  # the reviewed stay
    assert catalogue.count(session) >= 121
