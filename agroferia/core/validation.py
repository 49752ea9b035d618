"""Field validators. Each returns the clean value or raises ``Invalid`` with a message.

Services run them through a ``Checker``, which collects every problem of a form at once
(each tied to its field) and raises a single ``ValidationError`` before anything is written.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from enum import StrEnum
from typing import Any, TypeVar

from agroferia.core import ubigeo
from agroferia.core.errors import FieldError, ValidationError
from agroferia.core.models import DocType, PaymentMethod, Sex
from agroferia.core.money import MoneyError, parse_cents
from agroferia.core.plain_text import is_blank, stored
from agroferia.core.ubigeo import Place, fold
from agroferia.i18n import Text, lazy

T = TypeVar("T")

MAX_AGE = 110
PROVINCE = lazy("Provincia")
DISTRICT = lazy("Distrito")


class Invalid(ValueError):  # noqa: N818 (reads as "raise Invalid(...)")
    """A rejected value. ``field``/``label`` name another field than the one checked, when a
    validator of several fields (region, province, district) blames one of the others."""

    def __init__(self, message: Text, field: str | None = None, label: Text | None = None) -> None:
        super().__init__(message.msgid)
        self.message = message
        self.field = field
        self.label = label


class Checker:
    """Collects field errors; ``done()`` raises them all together."""

    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def check(self, field: str, label: Text, fn: Callable[..., T], *args: Any, **kw: Any) -> T:
        try:
            return fn(*args, **kw)
        except Invalid as exc:
            self.errors.append(FieldError(exc.field or field, exc.label or label, exc.message))
            return None  # type: ignore[return-value]
        except MoneyError as exc:
            self.errors.append(FieldError(field, label, exc.message))
            return None  # type: ignore[return-value]

    def add(self, field: str, label: Text, message: Text) -> None:
        self.errors.append(FieldError(field, label, message))

    def done(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def blank(value: object) -> bool:
    """None, or a text with nothing visible in it (spaces, zero-width characters…)."""
    return is_blank(value)


def text(value: object, *, required: bool = False, max_len: int = 200) -> str | None:
    """A name or any free text as it is stored (see ``plain_text.stored``): NFC, without
    escape sequences, control, bidirectional or invisible characters, spaces collapsed. A
    required one needs a letter or a digit."""
    clean = None if value is None else stored(value)
    if required and clean and not any(char.isalnum() for char in clean):
        clean = None  # only marks or punctuation: nothing a person could read as a name
    if not clean:
        if required:
            raise Invalid(lazy("es obligatorio"))
        return None
    if len(clean) > max_len:
        raise Invalid(lazy("admite como máximo {n} caracteres", n=max_len))
    return clean


def doc_type(value: object) -> str:
    if blank(value):
        return DocType.DNI.value
    key = fold(str(value)).replace(".", "").replace(" ", "")
    aliases = {"CARNETDEEXTRANJERIA": "CE", "CARNE": "CE", "FOREIGNERID": "CE"}
    key = aliases.get(key, key)
    if key not in DocType.__members__.values():
        raise Invalid(lazy("debe ser DNI, CE o RUC"))
    return key


def document_key(value: object) -> str:
    """A document number as stored: no spaces, dots or dashes, upper case."""
    if type(value) is str and value.isdigit() and value.isascii():
        return value  # the usual DNI or RUC: digits only, already as stored
    return re.sub(r"[\s.-]", "", unicodedata.normalize("NFKC", stored(value))).upper()


def doc_number(kind: str, value: object) -> str:
    if blank(value):
        raise Invalid(lazy("es obligatorio"))
    number = document_key(value)
    if kind == DocType.DNI:
        if not re.fullmatch(r"[0-9]{8}", number):
            raise Invalid(lazy("el DNI debe tener exactamente 8 dígitos"))
    elif kind == DocType.RUC:
        if not re.fullmatch(r"[0-9]{11}", number):
            raise Invalid(lazy("el RUC debe tener exactamente 11 dígitos"))
        from stdnum.pe import ruc as stdnum_ruc  # loaded only when a RUC is checked

        if not stdnum_ruc.is_valid(number):
            raise Invalid(lazy("el RUC no es válido (el dígito verificador no coincide)"))
    elif not re.fullmatch(r"[A-Z0-9]{8,12}", number):
        raise Invalid(lazy("el carné de extranjería debe tener de 8 a 12 letras o dígitos"))
    return number


_SEX_WORDS = {
    "F": Sex.FEMALE,
    "FEMENINO": Sex.FEMALE,
    "MUJER": Sex.FEMALE,
    "FEMALE": Sex.FEMALE,
    "WOMAN": Sex.FEMALE,
    "M": Sex.MALE,
    "H": Sex.MALE,
    "MASCULINO": Sex.MALE,
    "HOMBRE": Sex.MALE,
    "VARON": Sex.MALE,
    "MALE": Sex.MALE,
    "MAN": Sex.MALE,
    "OTRO": Sex.OTHER,
    "OTHER": Sex.OTHER,
    "NOT_STATED": Sex.NOT_STATED,
    "NO INDICA": Sex.NOT_STATED,
    "NO INDICADO": Sex.NOT_STATED,
    "NOT STATED": Sex.NOT_STATED,
}


def _word(value: object, words: dict[str, StrEnum], default: StrEnum, message: Text) -> str:
    """The code a word stands for (any case, with or without accents); blank gives default."""
    if blank(value):
        return default.value
    found = words.get(fold(str(value)))
    if found is None:
        raise Invalid(message)
    return found.value


def sex(value: object, *, m: str = Sex.MALE.value) -> str:
    """The sex code of a word: Mujer/F/Femenino, Hombre/H/Varón/Masculino, Otro, No indica.
    ``m`` is what the letter M stands for: the code M (male) as the form sends it; a file
    that writes H for men means F (mujer) by it (see the importer)."""
    if not blank(value) and fold(str(value)) == "M":
        return m
    return _word(
        value, _SEX_WORDS, Sex.NOT_STATED, lazy("debe ser Mujer, Hombre, F, H, M, otro o no indica")
    )


def is_sex_word(value: object) -> bool:
    """Whether ``value`` is a word ``sex`` reads (not blank)."""
    return isinstance(value, str) and fold(value) in _SEX_WORDS


_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?")
_DMY_DATE = re.compile(r"(\d{1,2})[/-](\d{1,2})[/-](\d{4}|\d{2})")


def parse_date(value: object) -> dt.date | None:
    """A date from a ``date``, ``yyyy-mm-dd`` or ``dd/mm/yyyy``; blank gives None."""
    if blank(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raw = str(value).strip()
    iso = _ISO_DATE.fullmatch(raw)
    dmy = None if iso else _DMY_DATE.fullmatch(raw)
    if iso or dmy:
        year, month, day = (int(p) for p in (iso.group(1, 2, 3) if iso else dmy.group(3, 2, 1)))
        if year < 100:  # dd/mm/yy: the most recent year ending so (26 -> 2026, 99 -> 1999)
            this_year = dt.date.today().year
            year += this_year - this_year % 100
            if year > this_year:
                year -= 100
        try:
            return dt.date(year, month, day)
        except ValueError:
            raise Invalid(lazy("esa fecha no existe (use dd/mm/aaaa: día, mes y año)")) from None
    raise Invalid(lazy("no es una fecha válida (use dd/mm/aaaa)"))


def past_date(value: object, today: dt.date) -> dt.date | None:
    """A date that has already come (today at the latest)."""
    day = parse_date(value)
    if day is not None and day > today:
        raise Invalid(lazy("no puede estar en el futuro"))
    return day


def birth_date(value: object, today: dt.date) -> dt.date | None:
    born = past_date(value, today)
    if born is None:
        return None
    from agroferia.core.age import age_on

    if age_on(born, today) >= MAX_AGE:
        raise Invalid(lazy("indica una edad de {max} años o más", max=MAX_AGE))
    return born


def phone(value: object) -> str | None:
    if blank(value):
        return None
    digits = re.sub(r"[\s()-]", "", unicodedata.normalize("NFKC", stored(value))).removeprefix("+")
    if not re.fullmatch(r"[0-9]+", digits):
        raise Invalid(lazy("solo admite dígitos"))
    if not 6 <= len(digits) <= 15:
        raise Invalid(lazy("debe tener entre 6 y 15 dígitos"))
    return digits


def email(value: object) -> str | None:
    if blank(value):
        return None
    clean = stored(value)
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", clean):
        raise Invalid(lazy("no es un correo electrónico válido"))
    return clean.lower()


def place(region: object, province: object, district: object) -> Place | None:
    """Checks the three names against the ubigeo list; raises on the first that fails."""
    if blank(region):
        if not (blank(province) and blank(district)):
            raise Invalid(lazy("indique la región antes que la provincia o el distrito"))
        return None
    reg = ubigeo.find_region(str(region))
    if reg is None:
        raise Invalid(lazy("«{name}» no es una región del Perú", name=str(region).strip()))
    if blank(province):
        if not blank(district):
            raise Invalid(lazy("indique la provincia antes que el distrito"), "province", PROVINCE)
        return Place(reg, ubigeo=ubigeo.code_of(reg))
    prov = ubigeo.find_province(reg, str(province))
    if prov is None:
        raise Invalid(
            lazy(
                "«{name}» no es una provincia de {region}", name=str(province).strip(), region=reg
            ),
            "province",
            PROVINCE,
        )
    if blank(district):
        return Place(reg, prov, ubigeo=ubigeo.code_of(reg, prov))
    found = ubigeo.find_district(reg, prov, str(district))
    if found is None:
        raise Invalid(
            lazy(
                "«{name}» no es un distrito de {province}",
                name=str(district).strip(),
                province=prov,
            ),
            "district",
            DISTRICT,
        )
    return Place(reg, prov, found[0], found[1])


_PAYMENT_WORDS = {
    "EFECTIVO": PaymentMethod.CASH,
    "CASH": PaymentMethod.CASH,
    "YAPE": PaymentMethod.YAPE,
    "PLIN": PaymentMethod.PLIN,
    "TARJETA": PaymentMethod.CARD,
    "CARD": PaymentMethod.CARD,
    "POS": PaymentMethod.CARD,
    "TRANSFERENCIA": PaymentMethod.TRANSFER,
    "TRANSFER": PaymentMethod.TRANSFER,
    "BANK TRANSFER": PaymentMethod.TRANSFER,
    "TRANSFERENCIA BANCARIA": PaymentMethod.TRANSFER,
    "OTRO": PaymentMethod.OTHER,
    "OTHER": PaymentMethod.OTHER,
}


def payment_method(value: object) -> str:
    message = lazy("debe ser efectivo, Yape, Plin, tarjeta, transferencia u otro")
    return _word(value, _PAYMENT_WORDS, PaymentMethod.CASH, message)


def positive_cents(value: object, *, decimal: str | None = None) -> int:
    """``decimal``: the decimal mark the value's file shows (see ``money.decimal_mark``)."""
    cents = parse_cents(value, decimal=decimal)
    if cents <= 0:
        raise Invalid(lazy("debe ser mayor que cero"))
    return cents


def non_negative_cents(value: object, *, decimal: str | None = None) -> int:
    return parse_cents(value, decimal=decimal)


def non_negative_int(value: object) -> int | None:
    if blank(value):
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    else:
        raw = unicodedata.normalize("NFKC", str(value)).strip()
        if raw.startswith("-") and re.fullmatch(r"-[0-9]+", raw):
            raise Invalid(lazy("no puede ser negativo"))
        # plain digits, or thousands grouped by ',', '.' or a space: 1500, 1,500, 1.500
        if not re.fullmatch(r"[0-9]+|[1-9][0-9]{0,2}([,. ][0-9]{3})+", raw):
            raise Invalid(lazy("debe ser un número entero"))
        number = int(re.sub(r"[,. ]", "", raw))
    if number < 0:
        raise Invalid(lazy("no puede ser negativo"))
    return number
