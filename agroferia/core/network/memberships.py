"""The fairs a vendor belongs to: one producer who sells at two fairs of a network is one
vendor with a membership of each (``models.Membership``), with the stall, status and
registration date that fair gave.  The vendor's own status is the person's in the
organization's registry: a vendor is active at a fair when both are active.

A vendor's ``data`` (``core.vendors``) names memberships two ways: ``fairs``, the whole list
(the vendor form), and ``fair`` with ``stall``, one fair to belong to and the stall there (a
padrón's columns), which adds that membership or changes its stall and leaves the others.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import and_, case, exists, func, or_, select
from sqlalchemy.orm import Session, aliased

from agroferia.core import validation as v
from agroferia.core.models import Attendance, Fair, FairDay, Membership, Vendor, VendorStatus
from agroferia.i18n import Text, lazy, lazy_n

FAIRS = lazy("Ferias")
FAIR = lazy("Feria")
STALL = lazy("Puesto")
ACTIVE = VendorStatus.ACTIVE.value


class Registered(NamedTuple):
    """Enough of a registered vendor to name it in a message."""

    id: int
    full_name: str
    code: str


@dataclass(frozen=True)
class Wanted:
    """One membership as validated: the fair, and the stall, status and registration date
    the vendor has there."""

    fair: Fair
    stall: str | None
    status: str
    registered_on: dt.date


def member_of(fair_id: int):
    """SQL: the vendor belongs to that fair (whatever the membership's status)."""
    m = aliased(Membership)  # a query may join the memberships itself
    return exists().where(m.vendor_id == Vendor.id, m.fair_id == fair_id)


def active_at(fair_id: int):
    """SQL: the vendor and its membership of that fair are both active."""
    m = aliased(Membership)
    return and_(
        Vendor.status == ACTIVE,
        exists().where(m.vendor_id == Vendor.id, m.fair_id == fair_id, m.status == ACTIVE),
    )


def active_in(fair_id: int | None):
    """SQL: the vendor is active at that fair, or in the registry for all fairs."""
    return Vendor.status == ACTIVE if fair_id is None else active_at(fair_id)


def status_at_fair():
    """SQL, with ``Membership`` outer-joined for one fair: the vendor's status there (the
    vendor's own when not active, or when not a member)."""
    return case(
        (Vendor.status != ACTIVE, Vendor.status),
        else_=func.coalesce(Membership.status, Vendor.status),
    )


def registered_by(fair_id: int | None, day: dt.date):
    """SQL: the vendor was registered on or before ``day``: as a member of that fair for
    one; for all fairs, in the organization's registry or at any of its fairs (so that no
    fair counts someone the network does not)."""
    m = aliased(Membership)
    if fair_id is None:
        return or_(
            Vendor.registered_on <= day,
            exists().where(m.vendor_id == Vendor.id, m.registered_on <= day),
        )
    return exists().where(m.vendor_id == Vendor.id, m.fair_id == fair_id, m.registered_on <= day)


def stall_at(vendor: Vendor, fair_id: int | None) -> str | None:
    """The vendor's stall at that fair; for all fairs, its only stall, or its stalls with
    the fairs' names when it has several."""
    if fair_id is not None:
        found = vendor.membership(fair_id)
        return found.stall if found else None
    return stalls_text((m.fair.name, m.stall) for m in vendor.memberships)


def stalls_text(places: Iterable[tuple[str, str | None]]) -> str | None:
    """A vendor's stall for the whole registry, from (fair name, stall) pairs: the only one,
    or each with its fair."""
    given = [(name, stall) for name, stall in places if stall]
    if len(given) <= 1:
        return given[0][1] if given else None
    return "; ".join(f"{stall} ({name})" for name, stall in given)


def status_at(vendor: Vendor, fair_id: int | None) -> str:
    """The vendor's status at that fair: its own when not active, or for all fairs."""
    found = vendor.membership(fair_id) if vendor.status == ACTIVE else None
    return found.status if found else vendor.status


def registered_at(vendor: Vendor, fair_id: int | None) -> dt.date:
    """When the vendor joined that fair; for all fairs, the registry."""
    found = vendor.membership(fair_id)
    return found.registered_on if found else vendor.registered_on


def fair_names(vendor: Vendor) -> str | None:
    """The fairs the vendor belongs to, «; »-separated, in the order they were joined."""
    names = [m.fair.name for m in sorted(vendor.memberships, key=lambda m: m.id or 0)]
    return "; ".join(names) or None


def stall_match_key(stall: str) -> str:
    """A stall as stalls are compared: ``a-12`` and ``A-12 `` are the same stall."""
    return re.sub(r"\s+", "", stall).upper()


def _stall_column():  # the same key, in SQL (upper and replace: SQLite and PostgreSQL)
    return func.upper(func.replace(Membership.stall, " ", ""))


def _holders():
    return (
        select(
            Membership.fair_id, Membership.stall, Vendor.id, Vendor.given_names,
            Vendor.surnames, Vendor.code,
        )
        .join(Vendor, Vendor.id == Membership.vendor_id)
        .where(Membership.stall.is_not(None), Membership.status == ACTIVE,
               Vendor.status == ACTIVE)
        .order_by(Vendor.id)
    )  # fmt: skip


def stall_holder(
    session: Session, fair_id: int | None, stall: str | None, exclude_id: int | None = None
) -> Registered | None:
    """The active vendor of ``fair_id`` (other than ``exclude_id``) already given ``stall``;
    None when there is none (or no fair or stall to compare)."""
    if fair_id is None or v.blank(stall):
        return None
    stmt = _holders().where(
        Membership.fair_id == fair_id, _stall_column() == stall_match_key(str(stall))
    )
    if exclude_id is not None:
        stmt = stmt.where(Vendor.id != exclude_id)
    row = session.execute(stmt.limit(1)).first()
    return Registered(row[2], f"{row[3]} {row[4]}", row[5]) if row else None


def stall_holders(session: Session) -> dict[tuple[int, str], Registered]:
    """Every active vendor's stall: (fair id, ``stall_match_key``) -> the vendor (the first
    registered, when two already share one)."""
    holders: dict[tuple[int, str], Registered] = {}
    for fair_id, stall, vid, given, surnames, code in session.execute(_holders()):
        holders.setdefault(
            (fair_id, stall_match_key(stall)), Registered(vid, f"{given} {surnames}", code)
        )
    return holders


def stall_taken(stall: str, holder: Registered) -> Text:
    """The warning for a stall already given to another active vendor of the fair (a
    warning: two vendors may share a stall, or one is leaving it)."""
    return lazy("el puesto {stall} ya es de {name} ({code})",
                stall=stall, name=holder.full_name, code=holder.code)  # fmt: skip


def values(vendor: Vendor) -> list[dict[str, Any]]:
    """The vendor's memberships as the ``fairs`` of its ``data``."""
    return [
        {"fair": m.fair_id, "stall": m.stall, "status": m.status, "registered_on": m.registered_on}
        for m in vendor.memberships
    ]


# the largest id a fair may have (SQLite and PostgreSQL integers): larger is no fair at all
_LARGEST_ID = 2**31 - 1


def find_fair(session: Session, value: object) -> Fair | None:
    """A fair by id or by name; None for a blank value; ``Invalid`` for an unknown one."""
    if v.blank(value):
        return None
    from agroferia.core import fairs

    if isinstance(value, bool) or not isinstance(value, int | str):
        raise v.Invalid(lazy("«{name}» no es una feria registrada", name=value))
    if isinstance(value, int):
        found = session.get(Fair, value) if 0 < value <= _LARGEST_ID else None
    else:
        found = fairs.find_fair(session, value)
    if found is None:
        raise v.Invalid(lazy("«{name}» no es una feria registrada", name=value))
    return found


def check(
    c: v.Checker,
    session: Session,
    data: Mapping[str, Any],
    *,
    current: Vendor | None,
    status: Callable[[object], str],
    today: dt.date,
    registered_on: dt.date | None,
) -> list[Wanted]:
    """The memberships ``data`` asks for, each checked; problems go to ``c``.

    ``fairs`` is the whole list; an item leaves out what does not change (an item of a
    fair the vendor belongs to keeps the stall, status and date it does not give).  ``fair``
    adds that fair or keeps it, with ``stall`` when given (blank: no stall); ``stall`` alone
    is the stall at the vendor's only fair."""
    listed = data.get("fairs")
    if listed is None:
        listed = values(current) if current is not None else []
    # a new vendor joins its fairs when registered; one already registered, today
    since = (registered_on or today) if current is None else today
    had = {m["fair"]: m for m in values(current)} if current is not None else {}
    if isinstance(listed, str | bytes | Mapping) or not isinstance(listed, Iterable):
        c.add("fairs", FAIRS, lazy("debe ser una lista de ferias"))
        return []
    wanted: dict[int, Wanted] = {}
    errors = len(c.errors)
    for item in listed:
        if not isinstance(item, Mapping):
            c.add("fairs", FAIRS, lazy("debe ser una lista de ferias"))
            continue
        found = _one(c, session, item, had, status, today, since)
        if found is None:
            continue
        if found.fair.id in wanted:
            c.add("fairs", FAIRS, lazy("la feria {name} está dos veces", name=found.fair.name))
        wanted[found.fair.id] = found
    _with_fair(c, session, data, wanted, since)
    if current is not None and len(c.errors) == errors:  # a fair left, not one mistyped
        _left(c, session, current, wanted)
    if current is not None and registered_on and registered_on != current.registered_on:
        # the registration date corrected: the fairs joined that day move along with it
        for fair_id, w in list(wanted.items()):
            if fair_id in had and w.registered_on == current.registered_on:
                wanted[fair_id] = Wanted(w.fair, w.stall, w.status, registered_on)
    return list(wanted.values())


def _one(
    c: v.Checker,
    session: Session,
    item: Mapping[str, Any],
    had: Mapping[int, Mapping[str, Any]],
    status: Callable[[object], str],
    today: dt.date,
    since: dt.date,
) -> Wanted | None:
    fair = c.check("fairs", FAIRS, find_fair, session, item.get("fair"))
    if fair is None:
        if v.blank(item.get("fair")):
            c.add("fairs", FAIRS, lazy("falta la feria de una de las filas"))
        return None
    old = had.get(fair.id, {})
    given = {**old, **item}  # what the item leaves out stays as it was
    stall = c.check("fairs", STALL, v.text, given.get("stall"), max_len=20)
    state = c.check("fairs", FAIRS, status, given.get("status"))
    day = c.check("fairs", FAIRS, v.past_date, given.get("registered_on"), today)
    if state is None:
        return None
    return Wanted(fair, stall, state, day or since)


def _with_fair(
    c: v.Checker,
    session: Session,
    data: Mapping[str, Any],
    wanted: dict[int, Wanted],
    since: dt.date,
) -> None:
    """``fair`` and ``stall``: that membership added, or its stall changed."""
    fair = c.check("fair", FAIR, find_fair, session, data.get("fair"))
    stall_given = data.get("stall") is not None
    stall = c.check("stall", STALL, v.text, data.get("stall"), max_len=20)
    if fair is None:
        if not stall_given or not v.blank(data.get("fair")):
            return
        if len(wanted) != 1:
            c.add("stall", STALL, lazy("indique de qué feria es el puesto"))
            return
        fair = next(iter(wanted.values())).fair
    had = wanted.get(fair.id)
    if had is None:
        wanted[fair.id] = Wanted(fair, stall, ACTIVE, since)
    elif stall_given:
        wanted[fair.id] = Wanted(fair, stall, had.status, had.registered_on)


def _left(c: v.Checker, session: Session, current: Vendor, wanted: dict[int, Wanted]) -> None:
    """A fair the vendor leaves with days present there is refused: its membership is
    marked withdrawn instead, so that the fair's figures keep it."""
    for m in current.memberships:
        if m.fair_id in wanted:
            continue
        present = session.scalar(
            select(func.count())
            .select_from(Attendance)
            .join(FairDay, FairDay.id == Attendance.fair_day_id)
            .where(Attendance.vendor_id == current.id, FairDay.fair_id == m.fair_id)
        )
        if present:
            c.add(
                "fairs",
                FAIRS,
                lazy_n(present,
                       "estuvo {n} día en {fair}: márquelo como retirado de esa feria en lugar "
                       "de quitarla",
                       "estuvo {n} días en {fair}: márquelo como retirado de esa feria en lugar "
                       "de quitarla", fair=m.fair.name),
            )  # fmt: skip


def apply(vendor: Vendor, wanted: Iterable[Wanted]) -> None:
    """Makes the vendor's memberships those ``wanted``: changed in place, added, removed."""
    by_fair = {w.fair.id: w for w in wanted}
    for m in list(vendor.memberships):
        if m.fair_id not in by_fair:
            vendor.memberships.remove(m)
    for fair_id, w in by_fair.items():
        m = vendor.membership(fair_id)
        if m is None:
            m = Membership(fair=w.fair, fair_id=fair_id)
            vendor.memberships.append(m)
        m.stall, m.status, m.registered_on = w.stall, w.status, w.registered_on


def snapshot(vendor: Vendor) -> list[dict[str, Any]]:
    """The memberships for the audit trail."""
    return [
        {"fair": m.fair_id, "stall": m.stall, "status": m.status,
         "registered_on": m.registered_on.isoformat() if m.registered_on else None}
        for m in sorted(vendor.memberships, key=lambda m: m.fair_id or 0)
    ]  # fmt: skip


def members(session: Session, fair_id: int) -> set[int]:
    """The ids of the vendors who belong to that fair."""
    return set(session.scalars(select(Membership.vendor_id).where(Membership.fair_id == fair_id)))
