"""Categories (rubros): list, add, rename, deactivate. Never deleted, so history stays."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from agroferia.core import accounts, audit
from agroferia.core.accounts import Right
from agroferia.core.collation import text_key
from agroferia.core.errors import NotFoundError
from agroferia.core.models import Category, Vendor, VendorStatus
from agroferia.core.ubigeo import fold
from agroferia.core.validation import Checker, Invalid, blank, text
from agroferia.i18n import lazy

NAME = lazy("Nombre del rubro")


class _Keep:
    """The default that leaves a field as it is."""


KEEP = _Keep()
DESCRIPTION = lazy("Descripción")


def list_categories(session: Session, *, include_inactive: bool = False) -> list[Category]:
    stmt = select(Category)
    if not include_inactive:
        stmt = stmt.where(Category.active.is_(True))
    return sorted(
        session.scalars(stmt), key=lambda category: (text_key(category.name), category.id)
    )


def get_category(session: Session, category_id: int) -> Category:
    found = session.get(Category, category_id)
    if found is None:
        raise NotFoundError(lazy("No existe el rubro {id}.", id=category_id))
    return found


def find_category(session: Session, name: str) -> Category | None:
    """By name, ignoring case, accents and spacing."""
    key = fold(name)
    return next(
        (c for c in list_categories(session, include_inactive=True) if fold(c.name) == key), None
    )


def resolve(session: Session, value: object, *, keep: Iterable[int] = ()) -> Category:
    """A category from its id or name. Inactive ones are refused for new data, except those
    in ``keep`` (what a record already has, so that editing it elsewhere stays possible)."""
    if blank(value):
        raise Invalid(lazy("es obligatorio"))
    found = (
        session.get(Category, value)
        if isinstance(value, int)
        else find_category(session, str(value))
    )
    if found is None:
        raise Invalid(lazy("«{name}» no es un rubro registrado", name=value))
    if not found.active and found.id not in set(keep):
        raise Invalid(lazy("el rubro «{name}» está desactivado", name=found.name))
    return found


def _check_name(
    session: Session, checker: Checker, name: object, exclude: int | None
) -> str | None:
    clean = checker.check("name", NAME, text, name, required=True, max_len=80)
    if clean:
        other = find_category(session, clean)
        if other is not None and other.id != exclude:
            checker.add("name", NAME, lazy("ya existe un rubro con ese nombre"))
    return clean


def validate_category(
    session: Session, name: object, description: object, category_id: int | None = None
) -> tuple[str, str | None]:
    """Clean name and description for a new rubro (``category_id`` None) or a renamed one,
    or ValidationError by field; nothing is written."""
    checker = Checker()
    clean = _check_name(session, checker, name, category_id)
    desc = checker.check("description", DESCRIPTION, text, description, max_len=200)
    checker.done()
    return clean, desc  # type: ignore[return-value]  # done() raised if the name was missing


def add_category(
    session: Session, actor: str, name: str, description: str | None = None
) -> Category:
    accounts.require(session, actor, Right.REGISTRY)
    clean, desc = validate_category(session, name, description)
    category = Category(name=clean, description=desc, active=True)
    session.add(category)
    session.flush()
    audit.record(session, actor, "create", "category", category.id, after=audit.snapshot(category))
    return category


def rename_category(
    session: Session,
    actor: str,
    category_id: int,
    name: str,
    description: str | _Keep | None = KEEP,
) -> Category:
    """Renames; the description changes only when one is given (``None`` clears it)."""
    accounts.require(session, actor, Right.REGISTRY)
    category = get_category(session, category_id)
    before = audit.snapshot(category)
    if isinstance(description, _Keep):
        description = category.description
    clean, desc = validate_category(session, name, description, category.id)
    category.name, category.description = clean, desc
    session.flush()
    audit.record(
        session, actor, "update", "category", category.id, before, audit.snapshot(category)
    )
    return category


def set_active(session: Session, actor: str, category_id: int, active: bool) -> Category:
    accounts.require(session, actor, Right.REGISTRY)
    category = get_category(session, category_id)
    before = audit.snapshot(category)
    category.active = active
    session.flush()
    audit.record(
        session, actor, "update", "category", category.id, before, audit.snapshot(category)
    )
    return category


def vendor_counts(session: Session) -> dict[int, int]:
    """Active vendors per main category id."""
    stmt = (
        select(Vendor.main_category_id, func.count())
        .where(Vendor.status == VendorStatus.ACTIVE.value)
        .group_by(Vendor.main_category_id)
    )
    return {category_id: count for category_id, count in session.execute(stmt)}
