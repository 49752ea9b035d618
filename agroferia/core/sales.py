"""Sales entries: record, correct, remove. Every change goes to the audit trail."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from agroferia.core import accounts, audit, catalog, fairs, vendors
from agroferia.core import validation as v
from agroferia.core.accounts import Right
from agroferia.core.errors import NotFoundError, OperationError
from agroferia.core.models import Product, Sale, Vendor, VendorStatus
from agroferia.core.money import from_cents
from agroferia.core.products import catalogue as products
from agroferia.i18n import lazy

AMOUNT = lazy("Monto")
CATEGORY = lazy("Rubro")
PAYMENT = lazy("Medio de pago")
PRODUCT = lazy("Producto")
VENDOR = lazy("Expositor")
MAX_SALE_CENTS = 100_000_000  # S/ 1,000,000.00 in one entry is a typing mistake


def check_amount(value: object, *, decimal: str | None = None) -> int:
    """A sale's amount in céntimos: positive and not absurdly large. ``decimal``: the
    decimal mark of the file it comes from, when the file shows one."""
    cents = v.positive_cents(value, decimal=decimal)
    if cents > MAX_SALE_CENTS:
        raise v.Invalid(lazy("supera S/ 1,000,000.00; revise el monto"))
    return cents


def _validate(
    session: Session, vendor: Vendor, data: dict[str, Any], keep: tuple[int, ...] = ()
) -> dict[str, Any]:
    c = v.Checker()
    amount = c.check("amount", AMOUNT, check_amount, data.get("amount"))
    product = c.check("product", PRODUCT, sale_product, session, data.get("product"))
    category = data.get("category")
    if v.blank(category) and product is not None:
        category = product.category_id  # a product's sale is of the product's rubro
    cat = c.check(
        "category",
        CATEGORY,
        catalog.resolve,
        session,
        vendor.main_category_id if v.blank(category) else category,
        keep=keep,
    )
    method = c.check("payment_method", PAYMENT, v.payment_method, data.get("payment_method"))
    c.done()
    return {
        "amount_cents": amount,
        "category_id": cat.id,
        "payment_method": method,
        "product_id": product.id if product is not None else None,
    }


def sale_product(session: Session, value: object) -> Product | None:
    """The product a sale names (by id or name), which must be in the catalogue; a product
    merged into another gives that one."""
    if v.blank(value):
        return None
    if isinstance(value, Product):
        value = value.id
    if isinstance(value, int) and not isinstance(value, bool):
        return products.surviving(session, products.get_or_invalid(session, value))
    found = products.find(session, str(value)) if isinstance(value, str) else None
    if found is None:
        raise v.Invalid(lazy("«{name}» no está en el catálogo de productos", name=value))
    return products.surviving(session, found)


def _own_categories(vendor: Vendor) -> tuple[int, ...]:
    """A vendor's own rubros stay usable for their sales after a rubro is deactivated (it
    is no longer offered to new vendors; those who sell in it still do)."""
    return (vendor.main_category_id, *(c.id for c in vendor.other_categories))


def require_selling(vendor: Vendor) -> None:
    """Refuses new sales of a vendor withdrawn from the fair."""
    if vendor.status == VendorStatus.WITHDRAWN:
        raise OperationError(
            lazy(
                "{name} está retirado de la feria; reactívelo antes de registrarle ventas.",
                name=vendor.full_name,
            )
        )


def check_entry(
    session: Session, vendor: Vendor, data: dict[str, Any], keep: tuple[int, ...] = ()
) -> dict[str, Any]:
    """An entry's clean values, as ``record_sale`` (``keep``: none besides the vendor's own
    rubros) or ``correct_sale`` (``keep``: the entry's rubro) check them; ``ValidationError``."""
    return _validate(session, vendor, data, keep=(*keep, *_own_categories(vendor)))


def get_sale(session: Session, sale_id: int) -> Sale:
    sale = session.get(Sale, sale_id)
    if sale is None:
        raise NotFoundError(lazy("No existe la venta {id}.", id=sale_id))
    return sale


def record_sale(
    session: Session,
    actor: str,
    fair_day_id: int,
    vendor_id: int,
    amount: object,
    *,
    category: object = None,
    payment_method: object = None,
    product: object = None,
    today: dt.date | None = None,
) -> Sale:
    """One sales entry; the vendor's main category (or the product's, when it names one)
    and cash unless said otherwise. The fair day must be open and have come (``today``: the
    computer's date by default).

    The database records the vendor's attendance on that fair day with it (migration 0003).
    """
    accounts.require(session, actor, Right.SALES)
    day = fairs.locked_day(session, fair_day_id)  # not closed meanwhile
    fairs.require_open(day)
    fairs.require_not_future(day, today)
    vendor = vendors.get(session, vendor_id)
    require_selling(vendor)
    clean = _validate(
        session,
        vendor,
        {
            "amount": amount,
            "category": category,
            "payment_method": payment_method,
            "product": product,
        },
        keep=_own_categories(vendor),
    )
    sale = Sale(fair_day_id=day.id, vendor_id=vendor.id, entered_by=actor, **clean)
    session.add(sale)
    session.flush()
    audit.record(session, actor, "create", "sale", sale.id, after=audit.snapshot(sale))
    return sale


def correct_sale(
    session: Session,
    actor: str,
    sale_id: int,
    reason: str | None = None,
    *,
    today: dt.date | None = None,
    **changes: Any,
) -> Sale:
    """Changes the amount, category, payment method or product of an entry, keeping the old
    values.  The fair day must be open and have come."""
    accounts.require(session, actor, Right.SALES)
    unknown = set(changes) - {"amount", "category", "payment_method", "product"}
    if unknown:
        raise ValueError(f"unknown sale fields: {sorted(unknown)}")
    sale = get_sale(session, sale_id)
    day = fairs.locked_day(session, sale.fair_day_id)
    fairs.require_open(day)
    fairs.require_not_future(day, today)
    vendor = vendors.get(session, sale.vendor_id)
    current = {
        "amount": from_cents(sale.amount_cents),
        "category": sale.category_id,
        "payment_method": sale.payment_method,
        "product": sale.product_id,
    }
    clean = _validate(
        session, vendor, {**current, **changes}, keep=(sale.category_id, *_own_categories(vendor))
    )
    before = audit.snapshot(sale)
    for key, value in clean.items():
        setattr(sale, key, value)
    session.flush()
    audit.record(session, actor, "update", "sale", sale.id, before, audit.snapshot(sale), reason)
    return sale


def remove_sale(session: Session, actor: str, sale_id: int, reason: str | None = None) -> None:
    accounts.require(session, actor, Right.SALES)
    sale = get_sale(session, sale_id)
    fairs.require_open(fairs.locked_day(session, sale.fair_day_id))
    before = audit.snapshot(sale)
    session.delete(sale)
    session.flush()
    audit.record(session, actor, "delete", "sale", sale_id, before=before, reason=reason)


def sales_of_day(session: Session, fair_day_id: int) -> list[Sale]:
    stmt = select(Sale).where(Sale.fair_day_id == fair_day_id).order_by(Sale.vendor_id, Sale.id)
    return list(session.scalars(stmt))
