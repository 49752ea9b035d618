"""The catalogue of products: list, find, add, edit, review and merge.

A product is never deleted: one merged into another stays, pointing at it
(``merged_into_id``), so that its name, typed again in a form or a file, finds the product
it was merged into.  Names are unique ignoring case, accents and spacing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from agroferia.core import accounts, audit, catalog
from agroferia.core.accounts import Right
from agroferia.core.collation import text_key
from agroferia.core.errors import NotFoundError, OperationError
from agroferia.core.models import Product, ProductKind, Sale, vendor_product
from agroferia.core.ubigeo import fold
from agroferia.core.validation import Checker, Invalid, blank, text
from agroferia.i18n import Text, lazy

LABELS: dict[str, Text] = {
    "name": lazy("Producto"),
    "category": lazy("Rubro"),
    "kind": lazy("Tipo"),
    "native": lazy("Variedad nativa"),
    "scientific_name": lazy("Nombre científico"),
    "local_names": lazy("Nombres locales"),
    "practice": lazy("Práctica agroecológica / SGP"),
    "reviewed": lazy("Revisado"),
}

KIND_LABELS: dict[str, Text] = {
    ProductKind.FRESH: lazy("fresco"),
    ProductKind.PROCESSED: lazy("transformado"),
    ProductKind.PREPARED: lazy("preparado"),
    ProductKind.HANDICRAFT: lazy("artesanía"),
}

NAME_MAX = 80


def key(name: str) -> str:
    """What two names must share to be the same product: case, accents and spaces aside."""
    return fold(name)


def products(
    session: Session, *, category_id: int | None = None, include_merged: bool = False
) -> list[Product]:
    """The catalogue in dictionary order (merged products left out unless asked)."""
    stmt = select(Product)
    if category_id is not None:
        stmt = stmt.where(Product.category_id == category_id)
    if not include_merged:
        stmt = stmt.where(Product.merged_into_id.is_(None))
    return sorted(session.scalars(stmt), key=lambda p: (text_key(p.name), p.id))


def get(session: Session, product_id: int) -> Product:
    found = session.get(Product, product_id)
    if found is None:
        raise NotFoundError(lazy("No existe el producto {id}.", id=product_id))
    return found


def surviving(session: Session, product: Product) -> Product:
    """The product a merged one now is (itself when not merged)."""
    seen = {product.id}
    while product.merged_into_id is not None:
        product = get(session, product.merged_into_id)
        if product.id in seen:  # never made so, but a loop must not hang the app
            break
        seen.add(product.id)
    return product


_FOUND = "products_found"  # the transaction's memo of names found: key -> product id


def find(session: Session, name: str, *, follow: bool = True) -> Product | None:
    """By name, ignoring case, accents and spacing; a merged product gives the one it was
    merged into (unless ``follow`` is false).  Names found are remembered for the
    transaction (an import names the same products over many rows)."""
    wanted, known = key(name), audit.per_transaction(session, _FOUND)
    product = session.get(Product, known[wanted]) if wanted in known else None
    if product is None:
        product = session.scalars(select(Product).where(Product.name_key == wanted)).first()
        if product is not None:
            known[wanted] = product.id
    if product is None or not follow:
        return product
    return surviving(session, product)


@dataclass(frozen=True)
class Offer:
    """A product a vendor offers: one of the catalogue, or a new name (``product`` None)
    added to the catalogue, unreviewed, when the vendor is saved."""

    name: str
    product_id: int | None = None


SEPARATED = lazy("escriba los nombres de los productos separados por «;»")
_ID_LIMIT = 2**31  # ids are 32-bit integers: a larger number names no product


def offers(session: Session, value: object) -> list[Offer]:
    """What a vendor offers, from product ids, names, or a text of names separated by
    ``;``.  A name the catalogue lacks is a new product; one named twice counts once.
    Anything else (a date, a decimal number, yes/no from a spreadsheet) is refused."""
    if blank(value):
        return []
    if isinstance(value, str):
        items: list[Any] = value.replace("\n", ";").split(";")
    elif isinstance(value, list | tuple | set | frozenset):
        items = list(value)
    else:
        raise Invalid(SEPARATED)
    found: dict[str, Offer] = {}
    for item in items:
        if isinstance(item, Product):
            item = item.id
        if isinstance(item, int) and not isinstance(item, bool):
            product = surviving(session, get_or_invalid(session, item))
            found.setdefault(key(product.name), Offer(product.name, product.id))
            continue
        if not isinstance(item, str):
            raise Invalid(SEPARATED)
        if blank(item):
            continue
        name = check_name(item)
        product = find(session, name)
        offer = Offer(product.name, product.id) if product else Offer(name)
        found.setdefault(key(offer.name), offer)
    return sorted(found.values(), key=lambda o: text_key(o.name))


def check_name(value: object) -> str:
    """A product's name as stored: required, at most 80 characters (also once folded: «…»
    is three), and without «;», which separates the products of a vendor."""
    name = text(value, required=True, max_len=NAME_MAX)
    assert name is not None  # required
    if ";" in name:
        raise Invalid(lazy("no puede llevar «;», que separa un producto de otro"))
    if len(key(name)) > NAME_MAX:
        raise Invalid(lazy("admite como máximo {n} caracteres", n=NAME_MAX))
    return name


def get_or_invalid(session: Session, product_id: int) -> Product:
    product = session.get(Product, product_id) if 0 < product_id < _ID_LIMIT else None
    if product is None:
        raise Invalid(lazy("no existe el producto {id}", id=product_id))
    return product


def default_kind(session: Session, category_id: int) -> str:
    """The kind most products of the rubro have (fresh when it has none)."""
    row = session.execute(
        select(Product.kind, func.count())
        .where(Product.category_id == category_id)
        .group_by(Product.kind)
        .order_by(func.count().desc(), Product.kind)
        .limit(1)
    ).first()
    return row[0] if row else ProductKind.FRESH.value


def apply_offers(session: Session, vendor, chosen: list[Offer]) -> list[Product]:
    """Sets what the vendor offers; new names become unreviewed products of the vendor's
    main rubro.  The products added to the catalogue."""
    added: list[Product] = []
    listed: list[Product] = []
    for offer in chosen:
        product = (
            session.get(Product, offer.product_id)
            if offer.product_id is not None
            else find(session, offer.name)  # perhaps added for an earlier row
        )
        if product is None:
            category_id = vendor.main_category_id or vendor.main_category.id
            product = Product(
                name=offer.name,
                name_key=key(offer.name),
                category_id=category_id,
                kind=default_kind(session, category_id),
                native=False,
                reviewed=False,
            )
            session.add(product)
            session.flush()
            added.append(product)
        listed.append(product)
    vendor.products = listed
    return added


def snapshot(product: Product) -> dict[str, Any]:
    return audit.snapshot(product)


def _kind(value: object) -> str:
    if blank(value):
        return ProductKind.FRESH.value
    wanted = fold(str(value))
    for kind, label in KIND_LABELS.items():
        if wanted in (fold(kind.value), fold(str(label))):
            return kind.value
    raise Invalid(lazy("debe ser fresco, transformado, preparado o artesanía"))


def _yes(value: object) -> bool:
    if isinstance(value, bool):
        return value
    if blank(value):
        return False
    word = fold(str(value))
    if word in {"SI", "S", "1", "X", "YES", "Y", "TRUE", "NATIVA", "NATIVO"}:
        return True
    if word in {"NO", "N", "0", "FALSE"}:
        return False
    raise Invalid(lazy("debe ser sí o no"))


def validate(
    session: Session, data: Mapping[str, Any], *, current: Product | None = None
) -> dict[str, Any]:
    """Clean values of a product, or ValidationError by field; nothing is written."""
    c = Checker()
    L = LABELS  # noqa: N806
    get = data.get
    name = c.check("name", L["name"], check_name, get("name"))
    if name:
        other = find(session, name, follow=False)
        if other is not None and (current is None or other.id != current.id):
            c.add("name", L["name"], lazy("ya existe: «{name}»", name=other.name))
    keep = {current.category_id} if current else set()
    category = c.check("category", L["category"], catalog.resolve, session, get("category"),
                       keep=keep)  # fmt: skip
    clean = {
        "name": name,
        "category_id": category.id if category else None,
        "kind": c.check("kind", L["kind"], _kind, get("kind")),
        "native": c.check("native", L["native"], _yes, get("native")),
        "scientific_name": c.check(
            "scientific_name", L["scientific_name"], text, get("scientific_name"), max_len=120
        ),
        "local_names": c.check(
            "local_names", L["local_names"], text, get("local_names"), max_len=200
        ),
        "practice": c.check("practice", L["practice"], text, get("practice"), max_len=200),
    }
    if clean["native"] and clean["kind"] in (ProductKind.PREPARED, ProductKind.HANDICRAFT):
        c.add("native", L["native"], lazy("un plato, un pan o una artesanía no es una variedad"))
    c.done()
    return clean


def add(session: Session, actor: str, data: Mapping[str, Any]) -> Product:
    """A reviewed product of the catalogue."""
    accounts.require(session, actor, Right.REGISTRY)
    clean = validate(session, data)
    product = Product(**clean, name_key=key(clean["name"]), reviewed=True)
    session.add(product)
    session.flush()
    audit.record(session, actor, "create", "product", product.id, after=snapshot(product))
    return product


def edit(session: Session, actor: str, product_id: int, data: Mapping[str, Any]) -> Product:
    """Changes a product; saving it marks it reviewed."""
    accounts.require(session, actor, Right.REGISTRY)
    product = get(session, product_id)
    if product.merged_into_id is not None:
        raise OperationError(
            lazy("«{name}» se unió a otro producto: edite ese.", name=product.name)
        )
    before = snapshot(product)
    merged = {
        "category": product.category_id,
        **{k: getattr(product, k) for k in LABELS if k not in ("category", "reviewed")},
    }
    merged.update(data)
    for field, value in validate(session, merged, current=product).items():
        setattr(product, field, value)
    product.name_key = key(product.name)
    product.reviewed = True
    audit.per_transaction(session, _FOUND).clear()  # the old name is no longer its
    session.flush()
    audit.record(session, actor, "update", "product", product.id, before, snapshot(product))
    return product


@dataclass(frozen=True)
class MergeCount:
    vendors: int  # vendors who offer the product merged
    sales: int  # sales that name it


def merge_count(session: Session, source_id: int) -> MergeCount:
    """What merging a product moves, to say it before it is done."""
    vp = vendor_product
    return MergeCount(
        vendors=session.scalar(
            select(func.count()).select_from(vp).where(vp.c.product_id == source_id)
        )
        or 0,
        sales=session.scalar(select(func.count()).where(Sale.product_id == source_id)) or 0,
    )


def merge(session: Session, actor: str, source_id: int, target_id: int) -> MergeCount:
    """Merges ``source`` into ``target``: the vendors who offer it offer the target instead
    and the sales that name it name the target; the source stays, merged, so that its
    name finds the target from now on.  What moved."""
    accounts.require(session, actor, Right.REGISTRY)
    source, target = get(session, source_id), get(session, target_id)
    if source.id == target.id:
        raise OperationError(lazy("Un producto no se puede unir consigo mismo."))
    for product in (source, target):
        if product.merged_into_id is not None:
            raise OperationError(lazy("«{name}» ya se unió a otro producto.", name=product.name))
    moved = merge_count(session, source.id)
    vp = vendor_product
    both = select(vp.c.vendor_id).where(vp.c.product_id == target.id)
    session.execute(delete(vp).where(vp.c.product_id == source.id, vp.c.vendor_id.in_(both)))
    session.execute(update(vp).where(vp.c.product_id == source.id).values(product_id=target.id))
    session.execute(update(Sale).where(Sale.product_id == source.id).values(product_id=target.id))
    before = snapshot(source)
    source.merged_into_id = target.id
    session.flush()
    after = {**snapshot(source), "vendors_moved": moved.vendors, "sales_moved": moved.sales}
    session.expire_all()  # the vendors' products were changed under the ORM
    reason = f"{before['name']} → {target.name}"
    audit.record(session, actor, "merge", "product", source_id, before, after, reason=reason)
    return moved


def offered_by(session: Session) -> dict[int, int]:
    """How many vendors offer each product (by id)."""
    vp = vendor_product
    return dict(
        session.execute(select(vp.c.product_id, func.count()).group_by(vp.c.product_id)).all()
    )


def count(session: Session) -> int:
    """How many products the catalogue has (merged ones aside)."""
    stmt = select(func.count()).select_from(Product).where(Product.merged_into_id.is_(None))
    return session.scalar(stmt) or 0


_LINKS = frozenset({"A", "AL", "CON", "DE", "DEL", "EL", "EN", "LA", "LAS", "LOS", "Y"})


def _words(text: str) -> set[str]:
    return {word for word in key(text).split() if word not in _LINKS}


def _other_name_of(words: set[str], product: Product) -> bool:
    """Whether a name of these words may be ``product`` under another name: it contains
    one of the product's local names, or the product's name, whole."""
    names = [product.name, *(product.local_names or "").split(";")]
    return any(_words(name) and _words(name) <= words for name in names)


def likely_same(session: Session) -> dict[int, list[Product]]:
    """For each unreviewed product, the reviewed ones of the same kind it may be another
    name of (*Papa huayro* and *Papa nativa*, locally «huayro»; a dish of tarwi is no
    tarwi).  Suggestions for an organizer, never merged alone."""
    every = products(session)
    reviewed = [p for p in every if p.reviewed]
    found: dict[int, list[Product]] = {}
    for new in (p for p in every if not p.reviewed):
        words = _words(new.name)
        matches = [p for p in reviewed if p.kind == new.kind and _other_name_of(words, p)]
        if matches:
            found[new.id] = matches
    return found
