"""``format_money`` writes amounts exactly as Babel's es_PE currency format does, without
loading Babel."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal

from babel.numbers import format_currency
from hypothesis import given
from hypothesis import strategies as st

from agroferia.core.money import format_money

AMOUNTS = st.decimals(allow_nan=False, allow_infinity=False, places=None).filter(
    lambda d: abs(d) < Decimal("1e20")
)


def babel_text(value: Decimal) -> str:
    return format_currency(value, "PEN", locale="es_PE").replace("\u00a0", " ")


@given(AMOUNTS)
def test_the_same_text_as_babel(value: Decimal) -> None:
    assert format_money(value) == babel_text(value)


@given(st.integers(min_value=-(10**14), max_value=10**14))
def test_the_same_text_as_babel_from_cents(cents: int) -> None:
    assert format_money(cents, cents=True) == babel_text(Decimal(cents) / 100)


def test_halves_to_even_and_signs_as_babel() -> None:
    for text in ("0.005", "0.015", "2.675", "-0.004", "-0", "1E+3", "12.3456", "-1234.5"):
        assert format_money(Decimal(text)) == babel_text(Decimal(text)), text
    assert format_money(Decimal("-0.004")) == "-S/ 0.00"
    assert format_money(Decimal("1234567.891")) == "S/ 1,234,567.89"


def test_showing_an_amount_does_not_load_babel() -> None:
    code = (
        "import sys\n"
        "from agroferia.core.money import format_money\n"
        "assert format_money(123450, cents=True) == 'S/ 1,234.50'\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'babel'))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
