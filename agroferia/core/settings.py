"""Application settings stored in the database (organization, youth range, language…)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from agroferia.core.age import DEFAULT_YOUTH
from agroferia.core.errors import ValidationError
from agroferia.core.models import Setting
from agroferia.i18n import lazy


def get(session: Session, key: str, default: str | None = None) -> str | None:
    value = session.scalar(select(Setting.value).where(Setting.key == key))
    return default if value in (None, "") else value


def put(session: Session, key: str, value: str | None) -> None:
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value


def youth_range(session: Session) -> tuple[int, int]:
    low = get(session, "youth_min_age")
    high = get(session, "youth_max_age")
    return (
        int(low) if low else DEFAULT_YOUTH[0],
        int(high) if high else DEFAULT_YOUTH[1],
    )


def set_youth_range(session: Session, low: int, high: int) -> None:
    if not 0 <= low <= high <= 120:
        raise ValidationError.single(
            "youth_range",
            lazy("Rango de edad de juventud"),
            lazy("debe ir de una edad menor a una mayor, entre 0 y 120"),
        )
    put(session, "youth_min_age", str(low))
    put(session, "youth_max_age", str(high))
