"""Money: integer céntimos in storage, ``Decimal`` in Python, ``S/ 1,234.50`` on screen.

Parsing accepts what people type or what spreadsheets hold: ``12``, ``12.5``, ``12,50``,
``1,234.50``, ``1.234,50``, ``S/ 12.00``, ``S/. 12``, ``PEN 12``.  A number with a single
separator followed by exactly three digits (``1.250``, ``1,250``, ``12.505``) is never
read on its own: it groups thousands in one convention and marks decimals in the other.
Typed, it is refused with both readings; in a file, the file's other amounts settle it.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

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


MARK_NAMES = {".": lazy("punto decimal"), ",": lazy("coma decimal")}


class AmbiguousAmount(MoneyError):  # noqa: N818 (reads as "raise AmbiguousAmount")
    """``1.250``, ``1,250``, ``12.505``: one separator followed by exactly three digits,
    which groups thousands in one convention and marks decimals in the other.  Typed, it is
    never read; in a file, only the file's own evidence settles it.  ``thousands`` is the
    reading as thousands, ``decimals`` the reading as decimals (None when it would have
    fractions of a céntimo)."""

    def __init__(self, text: str, thousands: Decimal, decimals: Decimal | None) -> None:
        self.text = text
        self.thousands = thousands
        self.decimals = decimals
        big = format_money(thousands)
        if decimals is not None:
            message = lazy(
                "¿{thousands} o {decimals}? Escriba {plain_thousands} o {plain_decimals}",
                thousands=big,
                decimals=format_money(decimals),
                plain_thousands=_plain_text(thousands),
                plain_decimals=_plain_text(decimals),
            )
        else:
            message = lazy(
                "¿{thousands}, o un monto con decimales? Escriba {plain_thousands}, o el monto "
                "con dos decimales como máximo",
                thousands=big,
                plain_thousands=_plain_text(thousands),
            )
        super().__init__(message)


class ConventionError(MoneyError):
    """An amount written with the decimal mark that the rest of its file does not use
    (``85.00`` in a file of ``1.234,50``). ``own`` is the decimal mark the text itself
    shows and ``reading`` what it would be on its own; ``grouped``: the text shows it only
    by grouping thousands with the other mark (``1.234.567``)."""

    def __init__(
        self, text: str, own: str, reading: Decimal | None, *, grouped: bool = False
    ) -> None:
        self.text = text
        self.own = own
        self.reading = reading
        other = "," if own == "." else "."
        if grouped and reading is not None:
            message = lazy(
                "«{text}» agrupa los miles con {sep} ({reading}), pero el archivo usa {other}",
                text=text,
                sep=lazy("puntos") if other == "." else lazy("comas"),
                reading=format_money(reading),
                other=MARK_NAMES[other],
            )
        elif reading is not None:
            message = lazy(
                "«{text}» se escribe con {own} ({reading}), pero el archivo usa {other}",
                text=text,
                own=MARK_NAMES[own],
                reading=format_money(reading),
                other=MARK_NAMES[other],
            )
        else:
            message = lazy(
                "«{text}» no se puede leer según el archivo, que usa {other}",
                text=text,
                other=MARK_NAMES[other],
            )
        super().__init__(message)


def _plain_text(amount: Decimal) -> str:
    """``1250`` or ``1.25``: what to type to mean exactly that amount."""
    whole = amount.to_integral_value()
    return str(whole) if amount == whole else str(amount.quantize(CENT))


def _cents_or_none(number: str) -> Decimal | None:
    value = Decimal(number)
    return value.quantize(CENT) if value == value.quantize(CENT) else None


def _clean(text: str) -> tuple[str, str]:
    """(sign, digits and separators) of ``text``, without currency or spacing; MoneyError
    for anything that is not a number."""
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
    return sign, _spaces_as_groups(s)


def decimal_mark(text: str) -> str | None:
    """The decimal mark that ``text`` shows beyond doubt, ``"."`` or ``","``: ``85.00`` and
    ``1,234.50`` show a point, ``85,00``, ``1.234,50`` and ``1.234.567`` a comma.  None
    for a number without separators, an ambiguous one (``1.250``) or no number at all."""
    try:
        _sign, s = _clean(text)
    except MoneyError:
        return None
    dots, commas = s.count("."), s.count(",")
    if dots and commas:
        mark = "." if s.rfind(".") > s.rfind(",") else ","
        whole = s.rsplit(mark, 1)[0]
        return mark if _is_grouped(whole, "," if mark == "." else ".") else None
    if not (dots or commas):
        return None
    sep = "." if dots else ","
    other = "," if sep == "." else "."
    if s.count(sep) > 1:
        return other if _is_grouped(s, sep) else None
    frac = s.split(sep)[1]
    return sep if 1 <= len(frac) <= 2 else None


def _normalise(text: str, decimal: str | None = None) -> str:
    """Text with at most one '.' as decimal point and no grouping, or MoneyError.
    ``decimal`` is the decimal mark a file has shown elsewhere (None: no evidence)."""
    sign, s = _clean(text)
    last_dot, last_comma = s.rfind("."), s.rfind(",")
    if last_dot >= 0 and last_comma >= 0:
        dec, grp = (".", ",") if last_dot > last_comma else (",", ".")
        whole, frac = s.rsplit(dec, 1)
        if grp not in whole or dec in whole or not _is_grouped(whole, grp):
            raise MoneyError(lazy("los separadores de miles están mal ubicados"))
        whole = whole.replace(grp, "")
        if decimal is not None and decimal != dec:
            raise ConventionError(text.strip(), dec, _cents_or_none(f"{sign}{whole}.{frac or '0'}"))
    elif last_dot >= 0 or last_comma >= 0:
        sep = "." if last_dot >= 0 else ","
        parts = s.split(sep)
        if len(parts) > 2:
            if not _is_grouped(s, sep):
                raise MoneyError(lazy("los separadores de miles están mal ubicados"))
            whole, frac = s.replace(sep, ""), ""
            if decimal == sep:
                raise ConventionError(
                    text.strip(), "," if sep == "." else ".", Decimal(sign + whole), grouped=True
                )
        elif len(parts[1]) == 3 and _is_grouped(s, sep):
            if decimal is None or decimal == sep:  # thousands or decimals: not settled
                raise AmbiguousAmount(
                    text.strip(),
                    Decimal(sign + s.replace(sep, "")).quantize(CENT),
                    _cents_or_none(sign + s.replace(sep, ".")),
                )
            whole, frac = s.replace(sep, ""), ""  # the file's decimal mark is the other one
        else:
            whole, frac = parts
            if decimal is not None and decimal != sep:
                own = f"{sign}{whole or '0'}.{frac or '0'}"
                raise ConventionError(text.strip(), sep, _cents_or_none(own))
    else:
        whole, frac = s, ""
    if len(frac) > 2:
        raise MoneyError(lazy("tiene más de dos decimales"))
    return f"{sign}{whole or '0'}.{frac or '0'}"


_PLAIN_AMOUNT = re.compile(r"([0-9]{1,9})(?:([.,])([0-9]{1,2}))?")


def _plain_cents(text: str, decimal: str | None) -> int | None:
    """The céntimos of the usual forms, ``1234``, ``12.50``, ``12,5`` (ASCII digits, one
    decimal mark the file does not contradict, nine digits at most before it), read at once;
    None for anything else, left to the general reading, which gives the same amount."""
    found = _PLAIN_AMOUNT.fullmatch(text)
    if found is None:
        return None
    whole, mark, frac = found.groups()
    if mark is None:
        return int(whole) * 100
    if decimal is not None and decimal != mark:
        return None
    return int(whole) * 100 + int(frac) * (10 if len(frac) == 1 else 1)


def parse_money(
    value: object, *, allow_negative: bool = False, decimal: str | None = None
) -> Decimal:
    """An amount from text, an int, a Decimal, or a spreadsheet's float; exact to the céntimo.

    Text that could mean two amounts (``1.250``: S/ 1,250.00 or S/ 1.25) raises
    ``AmbiguousAmount`` unless ``decimal`` (the decimal mark its file shows elsewhere, see
    ``decimal_mark``) settles it; text that contradicts ``decimal`` raises
    ``ConventionError``."""
    if isinstance(value, bool) or value is None:
        raise MoneyError(lazy("está vacío"))
    if isinstance(value, Decimal):
        amount = value
    elif isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, float):
        amount = Decimal(repr(value))  # the shortest decimal that round-trips: 12.5 -> 12.5
    elif isinstance(value, str):
        if (cents := _plain_cents(value, decimal)) is not None:
            return from_cents(cents)
        try:
            amount = Decimal(_normalise(value, decimal))
        except InvalidOperation as exc:  # pragma: no cover - _normalise only yields numbers
            raise MoneyError(lazy("no es un monto válido (ejemplo: 1,234.50)")) from exc
    else:
        raise TypeError(f"cannot read money from {type(value).__name__}")
    cents = to_cents(amount)  # validates decimals and size
    if cents < 0 and not allow_negative:
        raise MoneyError(lazy("no puede ser negativo"))
    return from_cents(cents)


def parse_cents(value: object, *, allow_negative: bool = False, decimal: str | None = None) -> int:
    return to_cents(parse_money(value, allow_negative=allow_negative, decimal=decimal))


def format_money(amount: Decimal | int, *, cents: bool = False) -> str:
    """``S/ 1,234.50``: Peru's convention (CLDR es_PE) whatever the interface language.

    Written out here as Babel writes it for es_PE (``¤ #,##0.00``, halves to even, the
    sign of a negative amount kept even when it rounds to zero), so that showing an amount
    does not load Babel and its locale data; an amount beyond ``Decimal``'s precision is
    left to Babel."""
    value = from_cents(amount) if cents else amount
    if not isinstance(value, Decimal):
        raise TypeError(f"format_money takes a Decimal (or cents=True), not {type(value).__name__}")
    if value.is_finite():
        try:
            rounded = value.quantize(CENT, rounding=ROUND_HALF_EVEN)
        except InvalidOperation:
            pass
        else:
            return f"{'-' if value.is_signed() else ''}S/ {abs(rounded):,.2f}"
    from babel.numbers import format_currency

    text = format_currency(value, "PEN", locale="es_PE")
    return text.replace("\u00a0", " ")


def plain(cents: int) -> str:
    """Two decimals, no grouping, no symbol: ``12345.60`` (JSON, CSV)."""
    return str(from_cents(cents))
