"""Fairs, fair days (jornadas) and attendance."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from agroferia.core import accounts, audit, settings
from agroferia.core.accounts import Right
from agroferia.core.collation import text_key
from agroferia.core.errors import (
    FieldError,
    FutureDayError,
    NotFoundError,
    OperationError,
    ValidationError,
)
from agroferia.core.models import Attendance, Fair, FairDay, Fee, Sale, utcnow
from agroferia.core.network.locks import lock_fair_day, lock_key
from agroferia.core.ubigeo import fold
from agroferia.core.validation import Checker, Invalid, non_negative_int, parse_date, text
from agroferia.i18n import Text, lazy

FAIR_NAME = lazy("Nombre de la feria")
DISTRICT = lazy("Distrito")
MUNICIPALITY = lazy("Municipalidad")
ADDRESS = lazy("Dirección")
WEEKDAY = lazy("Día habitual")
DATE = lazy("Fecha")
VISITORS = lazy("Visitantes")
NOTES = lazy("Notas")
REASON = lazy("Motivo")


def list_fairs(session: Session, *, include_inactive: bool = False) -> list[Fair]:
    stmt = select(Fair)
    if not include_inactive:
        stmt = stmt.where(Fair.active.is_(True))
    return sorted(session.scalars(stmt), key=lambda fair: (text_key(fair.name), fair.id))


def find_fair(session: Session, name: str) -> Fair | None:
    key = fold(name)
    return next(
        (f for f in list_fairs(session, include_inactive=True) if fold(f.name) == key), None
    )


def get_fair(session: Session, fair_id: int) -> Fair:
    fair = session.get(Fair, fair_id)
    if fair is None:
        raise NotFoundError(lazy("No existe la feria {id}.", id=fair_id))
    return fair


def default_fair(session: Session) -> Fair | None:
    """The fair new records belong to: the one chosen in the settings, else the only active one."""
    chosen = settings.get(session, "default_fair_id")
    fair = session.get(Fair, int(chosen)) if chosen and chosen.isdigit() else None
    if fair is not None:
        return fair
    active = list_fairs(session)
    return active[0] if len(active) == 1 else None


def set_default_fair(session: Session, actor: str, fair_id: int) -> Fair:
    """The fair new vendors and fair days belong to unless another is chosen."""
    accounts.require(session, actor, Right.REGISTRY)
    fair = get_fair(session, fair_id)
    before = settings.get(session, "default_fair_id")
    settings.put(session, actor, "default_fair_id", str(fair.id), right=Right.REGISTRY)
    audit.record(
        session, actor, "update", "setting", None,
        {"default_fair_id": before}, {"default_fair_id": str(fair.id)},
    )  # fmt: skip
    return fair


def fair_by_name(session: Session, name: str) -> Fair:
    fair = find_fair(session, name)
    if fair is None:
        raise NotFoundError(lazy("No existe una feria llamada «{name}».", name=name))
    return fair


def _weekday(value: object) -> int | None:
    number = non_negative_int(value)
    if number is not None and number > 6:
        raise Invalid(lazy("debe ir de 0 (lunes) a 6 (domingo)"))
    return number


def validate_fair(session: Session | None, data: dict, exclude: int | None = None) -> dict:
    """Clean values, or ValidationError by field. Without a session (a database not yet
    created) the name is not compared with other fairs."""
    c = Checker()
    clean = {
        "name": c.check("name", FAIR_NAME, text, data.get("name"), required=True, max_len=120),
        "district": c.check("district", DISTRICT, text, data.get("district"), max_len=80),
        "municipality": c.check(
            "municipality", MUNICIPALITY, text, data.get("municipality"), max_len=160
        ),
        "address": c.check("address", ADDRESS, text, data.get("address"), max_len=200),
        "weekday": c.check("weekday", WEEKDAY, _weekday, data.get("weekday")),
    }
    if clean["name"] and session is not None:
        other = find_fair(session, clean["name"])
        if other is not None and other.id != exclude:
            c.add("name", FAIR_NAME, lazy("ya existe una feria con ese nombre"))
    c.done()
    return clean


def create_fair(session: Session, actor: str, **data: object) -> Fair:
    accounts.require(session, actor, Right.REGISTRY)
    lock_key(session, "fair_name")  # two new fairs of one name: the second is refused
    fair = Fair(**validate_fair(session, data, None), active=True)
    session.add(fair)
    session.flush()
    audit.record(session, actor, "create", "fair", fair.id, after=audit.snapshot(fair))
    return fair


def update_fair(session: Session, actor: str, fair_id: int, **data: object) -> Fair:
    accounts.require(session, actor, Right.REGISTRY)
    unknown = set(data) - {"name", "district", "municipality", "address", "weekday"}
    if unknown:
        raise ValueError(f"unknown fair fields: {sorted(unknown)}")
    fair = get_fair(session, fair_id)
    before = audit.snapshot(fair)
    merged = {**before, **data}
    lock_key(session, "fair_name")
    for key, value in validate_fair(session, merged, fair.id).items():
        setattr(fair, key, value)
    session.flush()
    audit.record(session, actor, "update", "fair", fair.id, before, audit.snapshot(fair))
    return fair


def set_fair_active(session: Session, actor: str, fair_id: int, active: bool) -> Fair:
    """A fair that no longer runs is deactivated, never deleted: its history stays."""
    accounts.require(session, actor, Right.REGISTRY)
    fair = get_fair(session, fair_id)
    before = audit.snapshot(fair)
    fair.active = active
    session.flush()
    audit.record(session, actor, "update", "fair", fair.id, before, audit.snapshot(fair))
    return fair


def get_fair_day(session: Session, fair_day_id: int) -> FairDay:
    day = session.get(FairDay, fair_day_id)
    if day is None:
        raise NotFoundError(lazy("No existe la jornada {id}.", id=fair_day_id))
    return day


def locked_day(session: Session, fair_day_id: int) -> FairDay:
    """The fair day, read again under its row's lock, held until the transaction ends: a
    writer closing it, importing into it or saving its sheet at the same moment has either
    finished or waits for this one (on SQLite, writers already take turns)."""
    day = lock_fair_day(session, fair_day_id)
    if day is None:
        raise NotFoundError(lazy("No existe la jornada {id}.", id=fair_day_id))
    return day


def find_fair_day(session: Session, fair_id: int, date: dt.date) -> FairDay | None:
    return session.scalar(select(FairDay).where(FairDay.fair_id == fair_id, FairDay.date == date))


def _validate_day(data: dict) -> dict:
    c = Checker()
    clean = {
        "date": c.check("date", DATE, parse_date, data.get("date")),
        "visitors": c.check("visitors", VISITORS, non_negative_int, data.get("visitors")),
        "notes": c.check("notes", NOTES, text, data.get("notes"), max_len=2000),
    }
    if clean["date"] is None and not c.errors:
        c.add("date", DATE, lazy("es obligatorio"))
    c.done()
    return clean


def add_fair_day(session: Session, actor: str, fair_id: int, **data: object) -> FairDay:
    accounts.require(session, actor, Right.REGISTRY, Right.SALES)
    fair = get_fair(session, fair_id)
    clean = _validate_day(data)
    # another writer may be creating the same day: the second waits, then finds it
    lock_key(session, "fair_day", fair.id, clean["date"])
    if find_fair_day(session, fair.id, clean["date"]) is not None:
        raise ValidationError.single(
            "date",
            DATE,
            lazy(
                "la feria ya tiene una jornada el {date}", date=clean["date"].strftime("%d/%m/%Y")
            ),
        )
    day = FairDay(fair_id=fair.id, **clean)
    session.add(day)
    session.flush()
    audit.record(session, actor, "create", "fair_day", day.id, after=audit.snapshot(day))
    return day


def ensure_fair_day(
    session: Session, actor: str, fair_id: int, date: dt.date
) -> tuple[FairDay, bool]:
    """The fair day on that date, created if missing; the flag says whether it was created."""
    accounts.require(session, actor, Right.REGISTRY, Right.SALES)
    lock_key(session, "fair_day", fair_id, date)  # as ``add_fair_day`` does
    day = find_fair_day(session, fair_id, date)
    if day is not None:
        return day, False
    return add_fair_day(session, actor, fair_id, date=date), True


def update_fair_day(
    session: Session,
    actor: str,
    fair_day_id: int,
    *,
    today: dt.date | None = None,
    **data: object,
) -> FairDay:
    """Changes a fair day's date, visitors or notes; a closed day is refused (reopen it
    first). A day that has sales, attendance or fees keeps a date that has come (it would
    otherwise be a future day with sales)."""
    accounts.require(session, actor, Right.REGISTRY, Right.SALES)
    unknown = set(data) - {"date", "visitors", "notes"}
    if unknown:
        raise ValueError(f"unknown fair day fields: {sorted(unknown)}")
    day = get_fair_day(session, fair_day_id)
    require_open(day)  # a closed day's date, visitors and notes are printed as closed
    # the lock of the date it will have, then the day's row: in the order an import or a
    # new fair day takes them (the other order could leave two writers waiting for each other)
    target = _validate_day({**audit.snapshot(day), **data})["date"]
    lock_key(session, "fair_day", day.fair_id, target)
    day = locked_day(session, fair_day_id)
    require_open(day)
    before = audit.snapshot(day)
    clean = _validate_day({**before, **data})
    if clean["date"] != target:  # its date changed meanwhile, and stays
        lock_key(session, "fair_day", day.fair_id, clean["date"])
    other = find_fair_day(session, day.fair_id, clean["date"])
    if other is not None and other.id != day.id:
        raise ValidationError.single(
            "date",
            DATE,
            lazy(
                "la feria ya tiene una jornada el {date}", date=clean["date"].strftime("%d/%m/%Y")
            ),
        )
    moved = _moved_to_future(session, day.id, clean["date"], today)
    if moved is not None:
        raise ValidationError.single("date", DATE, moved)
    for key, value in clean.items():
        setattr(day, key, value)
    session.flush()
    audit.record(session, actor, "update", "fair_day", day.id, before, audit.snapshot(day))
    return day


@dataclass(frozen=True)
class DaySummary:
    """A fair day as the Jornadas page lists it."""

    id: int
    date: dt.date
    present: int  # vendors with attendance recorded
    sales_cents: int
    visitors: int | None
    notes: str | None
    closed: bool


def day_summaries(session: Session, fair_id: int) -> list[DaySummary]:
    """The fair's days, newest first, with vendors present and sales counted as
    ``breakdowns.by_day`` counts them: three queries whatever the number of days."""
    of_fair = FairDay.fair_id == fair_id
    present = {
        day_id: n
        for day_id, n in session.execute(
            select(Attendance.fair_day_id, func.count())
            .join(FairDay, FairDay.id == Attendance.fair_day_id)
            .where(of_fair)
            .group_by(Attendance.fair_day_id)
        )
    }
    sales = {
        day_id: cents
        for day_id, cents in session.execute(
            select(Sale.fair_day_id, func.sum(Sale.amount_cents))
            .join(FairDay, FairDay.id == Sale.fair_day_id)
            .where(of_fair)
            .group_by(Sale.fair_day_id)
        )
    }
    days = session.execute(
        select(FairDay.id, FairDay.date, FairDay.visitors, FairDay.notes, FairDay.closed_at)
        .where(of_fair)
        .order_by(FairDay.date.desc())
    )
    return [
        DaySummary(
            id=day_id,
            date=date,
            present=int(present.get(day_id, 0)),
            sales_cents=int(sales.get(day_id) or 0),
            visitors=visitors,
            notes=notes,
            closed=closed_at is not None,
        )
        for day_id, date, visitors, notes, closed_at in days
    ]


@dataclass(frozen=True)
class DayChoice:
    """A fair day as a list to choose from shows it."""

    id: int
    date: dt.date
    closed: bool


def day_choices(session: Session, fair_id: int) -> list[DayChoice]:
    """The fair's days, newest first, without figures: one indexed query, for pickers."""
    rows = session.execute(
        select(FairDay.id, FairDay.date, FairDay.closed_at)
        .where(FairDay.fair_id == fair_id)
        .order_by(FairDay.date.desc())
    )
    return [DayChoice(day_id, date, closed_at is not None) for day_id, date, closed_at in rows]


def validate_fair_day(
    session: Session,
    fair_id: int,
    data: dict,
    exclude: int | None = None,
    *,
    today: dt.date | None = None,
) -> dict:
    """Clean values of a fair day (date, visitors, notes) or ValidationError by field, with
    the same checks ``add_fair_day`` and ``update_fair_day`` (``exclude``: the day being
    edited) make, so that a form can show them as the person types."""
    problems: list[FieldError] = []
    try:
        clean = _validate_day(data)
    except ValidationError as error:
        problems, clean = list(error.errors), {}
    try:
        date = parse_date(data.get("date"))
    except Invalid:
        date = None
    other = find_fair_day(session, fair_id, date) if date is not None else None
    if other is not None and other.id != exclude:
        message = lazy("la feria ya tiene una jornada el {date}", date=date.strftime("%d/%m/%Y"))
        problems.append(FieldError("date", DATE, message))
    elif exclude is not None and date is not None:
        moved = _moved_to_future(session, exclude, date, today)
        if moved is not None:
            problems.append(FieldError("date", DATE, moved))
    if problems:
        raise ValidationError(problems)
    return clean


def next_fair_day_date(session: Session, fair_id: int, today: dt.date) -> dt.date:
    """The date a new fair day most likely has: the day just held, to be typed in, which is
    the fair's latest usual weekday that is not in the future (today for a fair without a
    usual weekday), unless the fair already has a fair day on that date or after it. Then,
    since that day is already there, the usual weekday after its latest fair day (the day
    after it, without a usual weekday): a future date, which can be planned but receives
    nothing until it comes. Earlier dates without a fair day are never proposed: a week
    without a fair is usual, and back-filling is typed."""
    fair = get_fair(session, fair_id)
    latest = session.scalar(select(func.max(FairDay.date)).where(FairDay.fair_id == fair.id))
    if fair.weekday is None:
        held = today
    else:
        held = today - dt.timedelta(days=(today.weekday() - fair.weekday) % 7)
    if latest is None or latest < held:
        return held
    start = latest + dt.timedelta(days=1)
    if fair.weekday is None:
        return start
    return start + dt.timedelta(days=(fair.weekday - start.weekday()) % 7)


def require_not_future(
    day: FairDay, today: dt.date | None = None, *, closing: bool = False
) -> None:
    """Refuses (``FutureDayError``) a fair day dated after ``today`` (the computer's date by
    default): it can be created and planned, but it cannot receive sales, attendance or fees
    (``closing``: or be closed) before it comes."""
    if day.date <= (today or dt.date.today()):
        return
    date = day.date.strftime("%d/%m/%Y")
    if closing:
        message = lazy(
            "La jornada del {date} todavía no llega: no puede cerrarse antes de ese día.",
            date=date,
        )
    else:
        message = lazy(
            "La jornada del {date} todavía no llega: no puede tener ventas, asistencia ni cuotas.",
            date=date,
        )
    raise FutureDayError(message, day.date)


def _has_records(session: Session, fair_day_id: int) -> bool:
    """Whether the fair day has any sale, attendance or fee."""
    return any(
        session.scalar(select(model.id).where(model.fair_day_id == fair_day_id).limit(1))
        is not None
        for model in (Sale, Attendance, Fee)
    )


def _moved_to_future(
    session: Session, fair_day_id: int, date: dt.date, today: dt.date | None
) -> Text | None:
    """The refusal of moving a fair day with sales, attendance or fees to a future date."""
    if date <= (today or dt.date.today()) or not _has_records(session, fair_day_id):
        return None
    return lazy(
        "es una fecha futura, y la jornada ya tiene ventas, asistencia o cuotas; una jornada "
        "que todavía no llega no puede tenerlas"
    )


def require_open(day: FairDay) -> None:
    if day.closed_at is not None:
        raise OperationError(
            lazy(
                "La jornada del {date} está cerrada; reábrala para hacer cambios.",
                date=day.date.strftime("%d/%m/%Y"),
            )
        )


def close_fair_day(
    session: Session, actor: str, fair_day_id: int, *, today: dt.date | None = None
) -> FairDay:
    """Closes a fair day that has come: its sales, attendance and fees no longer change
    (``reopen_fair_day`` is the only way back)."""
    accounts.require(session, actor, Right.SALES)
    day = locked_day(session, fair_day_id)
    require_open(day)
    require_not_future(day, today, closing=True)
    before = audit.snapshot(day)
    day.closed_at, day.closed_by = utcnow(), actor
    session.flush()
    audit.record(session, actor, "close", "fair_day", day.id, before, audit.snapshot(day))
    return day


def reopen_fair_day(session: Session, actor: str, fair_day_id: int, reason: str) -> FairDay:
    accounts.require(session, actor, Right.ADMIN)
    day = locked_day(session, fair_day_id)
    c = Checker()
    why = c.check("reason", REASON, text, reason, required=True, max_len=500)
    c.done()
    before = audit.snapshot(day)
    day.closed_at, day.closed_by = None, None
    session.flush()
    audit.record(session, actor, "reopen", "fair_day", day.id, before, audit.snapshot(day), why)
    return day


def mark_present(
    session: Session,
    actor: str,
    fair_day_id: int,
    vendor_id: int,
    *,
    today: dt.date | None = None,
) -> bool:
    """Records attendance; returns False when it was already recorded. A fair day that has
    not come yet is refused."""
    accounts.require(session, actor, Right.SALES)
    require_not_future(get_fair_day(session, fair_day_id), today)
    exists = session.scalar(
        select(Attendance.id).where(
            Attendance.fair_day_id == fair_day_id, Attendance.vendor_id == vendor_id
        )
    )
    if exists is not None:
        return False
    from agroferia.core import vendors  # loaded only when attendance is recorded

    vendors.get(session, vendor_id)
    session.add(Attendance(fair_day_id=fair_day_id, vendor_id=vendor_id))
    session.flush()
    return True


def set_attendance(
    session: Session,
    actor: str,
    fair_day_id: int,
    vendor_id: int,
    present: bool,
    *,
    today: dt.date | None = None,
) -> None:
    """Marks a vendor present or absent on an open fair day. Present needs a day that has
    come; absent is always possible (it only removes)."""
    accounts.require(session, actor, Right.SALES)
    day = get_fair_day(session, fair_day_id)
    require_open(day)
    if present:
        if mark_present(session, actor, fair_day_id, vendor_id, today=today):
            audit.record(
                session,
                actor,
                "present",
                "attendance",
                None,
                after={"fair_day_id": fair_day_id, "vendor_id": vendor_id},
            )
        return
    has_sales = session.scalar(
        select(func.count())
        .select_from(Sale)
        .where(Sale.fair_day_id == fair_day_id, Sale.vendor_id == vendor_id)
    )
    if has_sales:
        raise OperationError(
            lazy("El expositor tiene ventas en esta jornada; no puede marcarse ausente.")
        )
    row = session.scalar(
        select(Attendance).where(
            Attendance.fair_day_id == fair_day_id, Attendance.vendor_id == vendor_id
        )
    )
    if row is not None:
        session.delete(row)
        audit.record(
            session,
            actor,
            "absent",
            "attendance",
            None,
            before={"fair_day_id": fair_day_id, "vendor_id": vendor_id},
        )
