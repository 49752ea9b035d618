"""Money parsing and formatting: exact céntimos, every way people and spreadsheets write it."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from agroferia.core.money import (
    MAX_CENTS,
    AmbiguousAmount,
    ConventionError,
    MoneyError,
    decimal_mark,
    format_money,
    from_cents,
    parse_cents,
    parse_money,
    plain,
    to_cents,
)

D = Decimal

# céntimos from zero to S/ 99,999,999.99 (and the negatives for allow_negative)
CENTS = st.integers(min_value=0, max_value=9_999_999_999)
SIGNED_CENTS = st.integers(min_value=-9_999_999_999, max_value=9_999_999_999)


def _grouped(whole: int, sep: str) -> str:
    return f"{whole:,}".replace(",", sep)


def plain_dot(cents: int) -> str:
    """1234.50"""
    return f"{cents // 100}.{cents % 100:02d}"


def grouped_dot(cents: int) -> str:
    """1,234.50"""
    return f"{_grouped(cents // 100, ',')}.{cents % 100:02d}"


def grouped_latin(cents: int) -> str:
    """1.234,50"""
    return f"{_grouped(cents // 100, '.')},{cents % 100:02d}"


def with_symbol(cents: int) -> str:
    """S/ 1,234.50"""
    return f"S/ {grouped_dot(cents)}"


# ---------------------------------------------------------------- parse_money: accepted


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12", "12.00"),
        ("12.5", "12.50"),
        ("12,5", "12.50"),
        ("12,50", "12.50"),
        ("12.05", "12.05"),
        ("0.01", "0.01"),
        ("0", "0.00"),
        ("1,234.50", "1234.50"),
        ("1.234,50", "1234.50"),
        ("1,234.5", "1234.50"),
        ("1.234,5", "1234.50"),
        ("1,234,567.89", "1234567.89"),
        ("1.234.567,89", "1234567.89"),
        ("1.234.567", "1234567.00"),
        ("S/ 12.00", "12.00"),
        ("S/12", "12.00"),
        ("s/ 12", "12.00"),
        ("S/. 12", "12.00"),
        ("S/.12,50", "12.50"),
        ("PEN 12", "12.00"),
        ("pen 12.30", "12.30"),
        ("S/ 1,234.50", "1234.50"),
        ("S/\u00a01,234.50", "1234.50"),
        ("  12.50  ", "12.50"),
        ("1 234,50", "1234.50"),
        ("+12", "12.00"),
        ("12.", "12.00"),
        (".5", "0.50"),
    ],
)
def test_parse_money_accepts_common_spellings(text: str, expected: str) -> None:
    result = parse_money(text)
    assert result == D(expected)
    assert result.as_tuple().exponent == -2  # always quantized to céntimos


@pytest.mark.parametrize(
    ("text", "thousands", "decimals"),
    [
        ("1,234", "1234.00", None),
        ("1.234", "1234.00", None),
        ("1.250", "1250.00", "1.25"),
        ("1,250", "1250.00", "1.25"),
        ("12.505", "12505.00", None),
        ("12.345", "12345.00", None),
        ("12,500", "12500.00", "12.50"),
        ("999,999", "999999.00", None),
        ("S/ 1.250", "1250.00", "1.25"),
    ],
)
def test_one_separator_and_three_digits_is_never_guessed(
    text: str, thousands: str, decimals: str | None
) -> None:
    with pytest.raises(AmbiguousAmount) as info:
        parse_money(text)
    assert info.value.thousands == D(thousands)
    assert info.value.decimals == (D(decimals) if decimals else None)


def test_the_ambiguous_message_offers_both_readings() -> None:
    with pytest.raises(AmbiguousAmount) as info:
        parse_money("1.250")
    assert str(info.value) == "¿S/ 1,250.00 o S/ 1.25? Escriba 1250 o 1.25"
    with pytest.raises(AmbiguousAmount) as info:
        parse_money("12.505")
    assert "S/ 12,505.00" in str(info.value)
    assert "12505" in str(info.value)


@pytest.mark.parametrize(
    ("text", "mark", "expected"),
    [
        ("3.500", ",", "3500.00"),  # a comma-decimal file: the point groups thousands
        ("12.345", ",", "12345.00"),
        ("1,250", ".", "1250.00"),
        ("85,00", ",", "85.00"),
        ("1.234,50", ",", "1234.50"),
        ("85.00", ".", "85.00"),
        ("1,234.50", ".", "1234.50"),
        ("1250", ",", "1250.00"),
        ("1 234,50", ",", "1234.50"),
    ],
)
def test_the_files_decimal_mark_settles_three_digits(text: str, mark: str, expected: str) -> None:
    assert parse_money(text, decimal=mark) == D(expected)


@pytest.mark.parametrize(
    ("text", "mark"),
    [("12.50", ","), ("1.234,50", "."), ("85,00", "."), ("1.234.567", "."), ("1,234,567", ",")],
)
def test_an_amount_against_the_files_decimal_mark_is_refused(text: str, mark: str) -> None:
    with pytest.raises(ConventionError) as info:
        parse_money(text, decimal=mark)
    assert text in str(info.value)
    assert info.value.reading is not None  # what it would be on its own is said


@pytest.mark.parametrize(("text", "mark"), [("1.250", "."), ("3,500", ",")])
def test_three_decimals_with_the_files_own_mark_are_still_refused(text: str, mark: str) -> None:
    """Money has two decimals: ``3,500`` in a comma file is not silently S/ 3.50."""
    with pytest.raises(AmbiguousAmount):
        parse_money(text, decimal=mark)


@pytest.mark.parametrize(
    ("text", "mark"),
    [
        ("85.00", "."),
        ("12.5", "."),
        ("1,234.50", "."),
        ("1,234,567", "."),
        ("85,00", ","),
        ("1.234,50", ","),
        ("1.234.567", ","),
        ("1.250", None),
        ("1,250", None),
        ("1250", None),
        ("S/ 40", None),
        ("abc", None),
        ("1234.505", None),
    ],
)
def test_decimal_mark_is_the_evidence_a_text_gives(text: str, mark: str | None) -> None:
    assert decimal_mark(text) == mark


def test_parse_money_returns_decimal_never_float() -> None:
    assert type(parse_money("12.5")) is Decimal
    assert type(parse_money(12.5)) is Decimal


# ---------------------------------------------------------------- parse_money: other types


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (12.5, "12.50"),
        (12.0, "12.00"),
        (0.1, "0.10"),
        (19.99, "19.99"),
        (1234.56, "1234.56"),
        (7, "7.00"),
        (0, "0.00"),
        (D("3.1"), "3.10"),
        (D("1234.50"), "1234.50"),
    ],
)
def test_parse_money_numbers_from_spreadsheets(value: object, expected: str) -> None:
    assert parse_money(value) == D(expected)


def test_float_with_binary_noise_is_not_silently_rounded() -> None:
    with pytest.raises(MoneyError):
        parse_money(0.1 + 0.2)  # 0.30000000000000004


@pytest.mark.parametrize("value", [12.345, D("0.001"), D("1.999")])
def test_fractions_of_a_centimo_refused_for_numbers(value: object) -> None:
    with pytest.raises(MoneyError) as info:
        parse_money(value)
    assert str(info.value) == "tiene más de dos decimales"


@pytest.mark.parametrize("value", [float("nan"), float("inf"), D("NaN"), D("Infinity")])
def test_non_finite_numbers_refused(value: object) -> None:
    with pytest.raises(MoneyError) as info:
        parse_money(value)
    assert str(info.value) == "no es un número"


@pytest.mark.parametrize("value", [None, True, False])
def test_none_and_booleans_are_empty(value: object) -> None:
    with pytest.raises(MoneyError) as info:
        parse_money(value)
    assert str(info.value) == "está vacío"


@pytest.mark.parametrize("value", [[12], {"a": 1}, b"12", object()])
def test_other_types_are_a_programming_error(value: object) -> None:
    with pytest.raises(TypeError):
        parse_money(value)


# ---------------------------------------------------------------- parse_money: refused


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "está vacío"),
        ("   ", "está vacío"),
        ("S/", "está vacío"),
        ("PEN ", "está vacío"),
        ("abc", "no es un monto válido (ejemplo: 1,234.50)"),
        ("12a", "no es un monto válido (ejemplo: 1,234.50)"),
        ("1e5", "no es un monto válido (ejemplo: 1,234.50)"),
        (".", "no es un monto válido (ejemplo: 1,234.50)"),
        (",.", "no es un monto válido (ejemplo: 1,234.50)"),
        ("--12", "no es un monto válido (ejemplo: 1,234.50)"),
        ("12-", "no es un monto válido (ejemplo: 1,234.50)"),
        ("USD 12", "no es un monto válido (ejemplo: 1,234.50)"),
        ("1.2.3,4", "los separadores de miles están mal ubicados"),
        ("1,23,456.00", "los separadores de miles están mal ubicados"),
        ("1,234,56", "los separadores de miles están mal ubicados"),
        ("12,34.50", "los separadores de miles están mal ubicados"),
        ("1.234.5", "los separadores de miles están mal ubicados"),
        ("1234,567.00", "los separadores de miles están mal ubicados"),
        ("1.234.567.89", "los separadores de miles están mal ubicados"),
        ("1,9999", "tiene más de dos decimales"),
        ("1.9999", "tiene más de dos decimales"),
        ("12.3456", "tiene más de dos decimales"),
        ("1,234.567", "tiene más de dos decimales"),
        ("1.234,567", "tiene más de dos decimales"),
        ("10000000000", "es demasiado grande"),
        ("10,000,000,000.00", "es demasiado grande"),
    ],
)
def test_parse_money_refuses_with_a_reason(text: str, message: str) -> None:
    with pytest.raises(MoneyError) as info:
        parse_money(text)
    assert str(info.value) == message
    assert isinstance(info.value, ValueError)


def test_largest_amount_below_the_limit_is_accepted() -> None:
    assert parse_cents("9999999999.99") == MAX_CENTS - 1


@pytest.mark.parametrize("text", ["-12", "- 12", "S/ -12", "-S/ 12", "-0.01", "-1.234,50"])
def test_negatives_refused_by_default(text: str) -> None:
    with pytest.raises(MoneyError) as info:
        parse_money(text)
    assert str(info.value) == "no puede ser negativo"


@pytest.mark.parametrize("value", [-12, -12.5, D("-0.01")])
def test_negative_numbers_refused_by_default(value: object) -> None:
    with pytest.raises(MoneyError):
        parse_money(value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("-12", "-12.00"),
        ("S/ -12", "-12.00"),
        ("-S/ 1,234.50", "-1234.50"),
        ("-1.234,50", "-1234.50"),
        ("-0.01", "-0.01"),
    ],
)
def test_negatives_allowed_on_request(text: str, expected: str) -> None:
    assert parse_money(text, allow_negative=True) == D(expected)


def test_minus_zero_is_zero() -> None:
    assert parse_cents("-0") == 0
    assert parse_money("-0") == D("0.00")


@pytest.mark.parametrize("text", ["0.500", "0,500"])
def test_leading_zero_is_not_a_thousands_group(text: str) -> None:
    with pytest.raises(MoneyError) as info:
        parse_money(text)
    assert str(info.value) == "tiene más de dos decimales"


# ---------------------------------------------------------------- parse_cents / to_cents


@pytest.mark.parametrize(
    ("value", "cents"),
    [("12", 1200), ("12.5", 1250), ("1.234,56", 123456), ("0.01", 1), (12.5, 1250), (3, 300)],
)
def test_parse_cents(value: object, cents: int) -> None:
    result = parse_cents(value)
    assert result == cents
    assert type(result) is int


def test_parse_cents_negative() -> None:
    with pytest.raises(MoneyError):
        parse_cents("-5")
    assert parse_cents("-5", allow_negative=True) == -500


def test_to_cents_exact() -> None:
    assert to_cents(D("12.34")) == 1234
    assert to_cents(D("12.3")) == 1230
    assert to_cents(D("-0.05")) == -5
    assert to_cents(D("12.340000")) == 1234  # trailing zeros are not extra decimals


def test_to_cents_refuses_fractions_of_a_centimo() -> None:
    with pytest.raises(MoneyError):
        to_cents(D("12.345"))


def test_to_cents_refuses_too_large() -> None:
    with pytest.raises(MoneyError):
        to_cents(from_cents(MAX_CENTS))
    with pytest.raises(MoneyError):
        to_cents(-from_cents(MAX_CENTS))
    assert to_cents(from_cents(MAX_CENTS - 1)) == MAX_CENTS - 1


@pytest.mark.parametrize("value", [12.5, 12, "12"])
def test_to_cents_only_takes_decimal(value: object) -> None:
    with pytest.raises(TypeError):
        to_cents(value)  # type: ignore[arg-type]


def test_from_cents() -> None:
    assert from_cents(123450) == D("1234.50")
    assert str(from_cents(5)) == "0.05"
    assert str(from_cents(-5)) == "-0.05"
    assert str(from_cents(0)) == "0.00"


# ---------------------------------------------------------------- formatting


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (D("1234.5"), "S/ 1,234.50"),
        (D("0"), "S/ 0.00"),
        (D("0.05"), "S/ 0.05"),
        (D("12"), "S/ 12.00"),
        (D("999.99"), "S/ 999.99"),
        (D("1000"), "S/ 1,000.00"),
        (D("1234567.89"), "S/ 1,234,567.89"),
    ],
)
def test_format_money(amount: Decimal, text: str) -> None:
    assert format_money(amount) == text
    assert "\u00a0" not in format_money(amount)


def test_format_money_from_cents() -> None:
    assert format_money(123450, cents=True) == "S/ 1,234.50"
    assert format_money(1, cents=True) == "S/ 0.01"


def test_format_money_negative_keeps_sign() -> None:
    text = format_money(D("-1234.5"))
    assert "-" in text
    assert "1,234.50" in text
    assert parse_money(text, allow_negative=True) == D("-1234.50")


def test_format_money_refuses_int_without_cents_flag() -> None:
    with pytest.raises(TypeError):
        format_money(1234)  # an int is céntimos only when said so
    with pytest.raises(TypeError):
        format_money(12.5)  # type: ignore[arg-type]


def test_format_money_is_peruvian_whatever_the_language() -> None:
    from agroferia import i18n

    i18n.set_language("en")
    assert format_money(D("1234.5")) == "S/ 1,234.50"


@pytest.mark.parametrize(
    ("cents", "text"), [(123456, "1234.56"), (5, "0.05"), (0, "0.00"), (-5, "-0.05"), (100, "1.00")]
)
def test_plain(cents: int, text: str) -> None:
    assert plain(cents) == text


# ---------------------------------------------------------------- properties


@given(CENTS)
@example(0)
@example(1)
@example(99_999)
@example(100_000)
@example(9_999_999_999)
def test_every_spelling_parses_back_to_the_same_cents(cents: int) -> None:
    for spelled in (
        plain_dot(cents),
        grouped_dot(cents),
        grouped_latin(cents),
        with_symbol(cents),
        plain(cents),
    ):
        assert parse_cents(spelled) == cents, spelled


def _whole_grouped(cents: int, sep: str) -> str:
    """Whole soles grouped by thousands, no decimals: ``1.234`` or ``1,234``."""
    return _grouped(cents // 100, sep)


@given(CENTS, st.sampled_from([".", ","]), st.booleans())
@example(125_000, ",", True)
@example(350_000, ",", True)
@example(1_234_00, ".", True)
def test_any_amount_in_either_convention_reads_back_exactly_with_the_files_evidence(
    cents: int, mark: str, whole_only: bool
) -> None:
    """A file in one convention: every amount it holds, read with the decimal mark its
    other rows show, is the amount written, to the céntimo."""
    group = "," if mark == "." else "."
    if whole_only and cents % 100 == 0:
        spelled = _whole_grouped(cents, group)
    else:
        spelled = grouped_dot(cents) if mark == "." else grouped_latin(cents)
    assert parse_cents(spelled, decimal=mark) == cents, spelled
    assert parse_cents("S/ " + spelled, decimal=mark) == cents
    shown = decimal_mark(spelled)
    assert shown in (None, mark)  # a text never shows the other convention


@given(st.integers(min_value=1, max_value=999), st.integers(min_value=0, max_value=999))
@example(1, 250)
@example(12, 505)
@example(999, 999)
def test_no_ambiguous_form_is_ever_read_without_evidence(whole: int, three: int) -> None:
    for sep in (".", ","):
        text = f"{whole}{sep}{three:03d}"
        with pytest.raises(AmbiguousAmount):
            parse_money(text)
        with pytest.raises(AmbiguousAmount):
            parse_money(f"S/ {text}")


@given(st.text(alphabet="0123456789.,S/ -", max_size=14))
def test_a_text_is_read_only_when_every_convention_agrees(text: str) -> None:
    """Whatever is typed: when it is read without evidence, both conventions read it the
    same, so no reading was chosen between two."""
    try:
        typed = parse_money(text)
    except MoneyError:
        return
    for mark in (".", ","):
        try:
            settled = parse_money(text, decimal=mark)
        except MoneyError:
            continue  # the text itself contradicts that convention
        assert settled == typed, (text, mark)


@given(CENTS)
def test_format_money_round_trips(cents: int) -> None:
    text = format_money(from_cents(cents))
    assert text.startswith("S/ ")
    assert parse_money(text) == from_cents(cents)
    assert format_money(cents, cents=True) == text


@given(SIGNED_CENTS)
def test_format_money_round_trips_signed(cents: int) -> None:
    assert parse_cents(format_money(cents, cents=True), allow_negative=True) == cents


@given(st.integers(min_value=-(MAX_CENTS - 1), max_value=MAX_CENTS - 1))
def test_to_cents_inverts_from_cents(cents: int) -> None:
    assert to_cents(from_cents(cents)) == cents


@given(SIGNED_CENTS)
def test_plain_round_trips(cents: int) -> None:
    assert parse_cents(plain(cents), allow_negative=True) == cents


@given(st.text(max_size=20))
def test_parse_money_never_crashes_on_text(text: str) -> None:
    try:
        result = parse_money(text)
    except MoneyError:
        return
    assert isinstance(result, Decimal)
    assert result >= 0
    assert result == result.quantize(D("0.01"))
