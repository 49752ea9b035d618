"""Money: integer céntimos in storage, ``Decimal`` in Python, ``S/ 1,234.50`` on screen.

Parsing accepts what people type or what spreadsheets hold: ``12``, ``12.5``, ``12,50``,
``1,234.50``, ``1.234,50``, ``S/ 12.00``, ``S/. 12``, ``PEN 12``.  When a number has a
single separator followed by exactly three digits (``1,234`` or ``1.234``) the separator
groups thousands, as in the way prices are written in Peru.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from agroferia.i18n import Text, lazy

CENT = Decimal("0.01")
MAX_CENTS = 10**12  # S/ 10,000,000,000.00: far beyond any fair, well inside 64-bit

_CURRENCY = re.compile(r"^(S/\.?|PEN|S\.)\s*", re.IGNORECASE)


class MoneyError(ValueError):
    """Text that is not an amount of money; ``message`` explains why."""

    def __init__(self, message: Text) -> None:
        super().__init__(message.msgid)
        self.message = message

    def __str__(self) -> str:
        return self.message.render()


def from_cents(cents: int) -> Decimal:
    return (Decimal(cents) / 100).quantize(CENT)


def to_cents(amount: Decimal) -> int:
    """Exact conversion; an amount with fractions of a céntimo is an error, not a rounding."""
    if not isinstance(amount, Decimal):
        raise TypeError(f"to_cents takes a Decimal, not {type(amount).__name__}")
    if not amount.is_finite():
        raise MoneyError(lazy("no es un número"))
    cents = amount * 100
    if cents != cents.to_integral_value():
        raise MoneyError(lazy("tiene más de dos decimales"))
    if abs(cents) >= MAX_CENTS:
        raise MoneyError(lazy("es demasiado grande"))
    return int(cents)


def _is_grouped(digits: str, sep: str) -> bool:
    return re.fullmatch(rf"[1-9]\d{{0,2}}(\{sep}\d{{3}})+", digits) is not None


def _spaces_as_groups(s: str) -> str:
    """``1 234,50`` groups thousands with spaces; ``12 50`` is not a number."""
    if " " not in s:
        return s
    match = re.fullmatch(r"([0-9 ]+)([.,][0-9]{1,2})?", s)
    if not match or not re.fullmatch(r"[1-9]\d{0,2}( \d{3})+", match.group(1)):
        raise MoneyError(lazy("los separadores de miles están mal ubicados"))
    return match.group(1).replace(" ", "") + (match.group(2) or "")


def _normalise(text: str) -> str:
    """Text with at most one '.' as decimal point and no grouping, or MoneyError."""
    s = unicodedata.normalize("NFKC", text).strip()  # full-width digits, no-break spaces
    sign = ""
    if s.startswith(("-", "+")):
        sign, s = s[0].replace("+", ""), s[1:].strip()
    s = _CURRENCY.sub("", s).strip()
    if s.startswith("-") and not sign:
        sign, s = "-", s[1:].strip()
    if not s:
        raise MoneyError(lazy("está vacío"))
    if not re.fullmatch(r"[0-9., ]+", s) or not re.search(r"[0-9]", s):
        raise MoneyError(lazy("no es un monto válido (ejemplo: 1,234.50)"))
    s = _spaces_as_groups(s)
    last_dot, last_comma = s.rfind("."), s.rfind(",")
    if last_dot >= 0 and last_comma >= 0:
        dec, grp = (".", ",") if last_dot > last_comma else (",", ".")
        whole, frac = s.rsplit(dec, 1)
        if grp not in whole or dec in whole or not _is_grouped(whole, grp):
            raise MoneyError(lazy("los separadores de miles están mal ubicados"))
        whole = whole.replace(grp, "")
    elif last_dot >= 0 or last_comma >= 0:
        sep = "." if last_dot >= 0 else ","
        parts = s.split(sep)
        if len(parts) > 2 or len(parts[-1]) == 3:
            if not _is_grouped(s, sep):
                raise MoneyError(lazy("los separadores de miles están mal ubicados"))
            whole, frac = s.replace(sep, ""), ""
        else:
            whole, frac = parts
    else:
        whole, frac = s, ""
    if len(frac) > 2:
        raise MoneyError(lazy("tiene más de dos decimales"))
    return f"{sign}{whole or '0'}.{frac or '0'}"


def parse_money(value: object, *, allow_negative: bool = False) -> Decimal:
    """An amount from text, an int, a Decimal, or a spreadsheet's float; exact to the céntimo."""
    if isinstance(value, bool) or value is None:
        raise MoneyError(lazy("está vacío"))
    if isinstance(value, Decimal):
        amount = value
    elif isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, float):
        amount = Decimal(repr(value))  # the shortest decimal that round-trips: 12.5 -> 12.5
    elif isinstance(value, str):
        try:
            amount = Decimal(_normalise(value))
        except InvalidOperation as exc:  # pragma: no cover - _normalise only yields numbers
            raise MoneyError(lazy("no es un monto válido (ejemplo: 1,234.50)")) from exc
    else:
        raise TypeError(f"cannot read money from {type(value).__name__}")
    cents = to_cents(amount)  # validates decimals and size
    if cents < 0 and not allow_negative:
        raise MoneyError(lazy("no puede ser negativo"))
    return from_cents(cents)


def parse_cents(value: object, *, allow_negative: bool = False) -> int:
    return to_cents(parse_money(value, allow_negative=allow_negative))


def format_money(amount: Decimal | int, *, cents: bool = False) -> str:
    """``S/ 1,234.50``: Peru's convention (CLDR es_PE) whatever the interface language."""
    from babel.numbers import format_currency

    value = from_cents(amount) if cents else amount
    if not isinstance(value, Decimal):
        raise TypeError(f"format_money takes a Decimal (or cents=True), not {type(value).__name__}")
    text = format_currency(value, "PEN", locale="es_PE")
    return text.replace("\u00a0", " ")


def plain(cents: int) -> str:
    """Two decimals, no grouping, no symbol: ``12345.60`` (JSON, CSV)."""
    return str(from_cents(cents))
