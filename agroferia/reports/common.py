"""What both exports share: the header (who reports, for which fair and period) and labels."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from sqlalchemy.orm import Session

from agroferia import i18n
from agroferia.core import labels, settings
from agroferia.core.errors import OperationError
from agroferia.core.models import Fair
from agroferia.core.stats import NOT_STATED
from agroferia.i18n import _, lazy


@dataclass(frozen=True)
class Header:
    organization: str | None
    municipality: str | None
    fair: str | None  # None: every fair
    fair_place: str | None  # "Magdalena del Mar" (district of the fair), when known
    logo: Path | None  # an existing image file, when one is configured
    start: dt.date
    end: dt.date
    generated_at: dt.datetime

    @property
    def period(self) -> str:
        return period_text(self.start, self.end)

    @property
    def fair_label(self) -> str:
        return self.fair or _("Todas las ferias")


def header(
    session: Session,
    start: dt.date,
    end: dt.date,
    fair_id: int | None = None,
    *,
    now: dt.datetime | None = None,
) -> Header:
    fair = session.get(Fair, fair_id) if fair_id is not None else None
    logo_setting = settings.get(session, "logo_path")
    logo = Path(logo_setting) if logo_setting else None
    return Header(
        organization=settings.get(session, "organization_name"),
        municipality=(fair.municipality if fair and fair.municipality else None)
        or settings.get(session, "municipality_name"),
        fair=fair.name if fair else None,
        fair_place=fair.district if fair else None,
        logo=logo if logo is not None and logo.is_file() else None,
        start=start,
        end=end,
        generated_at=now or dt.datetime.now(),
    )


def check_period(start: dt.date, end: dt.date) -> None:
    if start > end:
        raise OperationError(
            lazy(
                "la fecha inicial ({start}) es posterior a la final ({end})",
                start=date_text(start),
                end=date_text(end),
            )
        )


def date_text(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


# Babel locales for dates written out: the day before the month in both languages, as in
# every dd/mm/aaaa date of the reports.
DATE_LOCALES = {"es": "es_PE", "en": "en_GB"}


def long_date_text(day: dt.date) -> str:
    """``domingo, 22 de noviembre de 2026`` / ``Sunday, 22 November 2026``."""
    from babel.dates import format_date

    return format_date(day, "full", locale=DATE_LOCALES[i18n.get_language()])


def local_time(utc: dt.datetime) -> dt.datetime:
    """A naive UTC time from the database as naive local time (this computer's zone)."""
    return utc.replace(tzinfo=dt.UTC).astimezone().replace(tzinfo=None)


def period_text(start: dt.date, end: dt.date) -> str:
    return _("del {start} al {end}", start=date_text(start), end=date_text(end))


def percent(value: Decimal) -> str:
    """``54.8 %`` (one decimal, as ``Stats.share`` gives)."""
    return f"{value} %"


def region_label(name: str) -> str:
    return str(labels.NOT_STATED_REGION) if name == NOT_STATED else name


def sex_label(code: str, *, plural: bool = True) -> str:
    return str((labels.SEX_PLURAL if plural else labels.SEX)[code])


def age_group_label(group: str) -> str:
    return str(labels.AGE_GROUP[group])


def payment_label(code: str) -> str:
    return str(labels.PAYMENT_METHOD[code])
