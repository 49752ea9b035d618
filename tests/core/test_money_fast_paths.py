"""The fast readings of the usual forms (``12.50``, ``12,50``, ``1234``; a DNI of digits)
give exactly what the general readings give, on random text."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from agroferia.core import money
from agroferia.core import validation as v
from agroferia.core.money import MoneyError
from agroferia.core.plain_text import stored

MARKS = st.sampled_from([None, ".", ","])
PLAIN_LOOKING = st.from_regex(r"[0-9]{1,12}([.,][0-9]{0,4})?", fullmatch=True)
ANY_AMOUNT = st.text(alphabet="0123456789.,-+ S/PEN\u00a0\uff11", max_size=14)


def general(text: str, decimal: str | None) -> tuple:
    """``parse_money``'s general reading of a text, without the fast one."""
    try:
        cents = money.to_cents(Decimal(money._normalise(text, decimal)))
    except MoneyError as exc:
        return ("refused", type(exc), exc.message.msgid)
    if cents < 0:
        return ("refused", MoneyError, "no puede ser negativo")
    return ("read", money.from_cents(cents))


def parsed(text: str, decimal: str | None) -> tuple:
    try:
        return ("read", money.parse_money(text, decimal=decimal))
    except MoneyError as exc:
        return ("refused", type(exc), exc.message.msgid)


@given(PLAIN_LOOKING | ANY_AMOUNT, MARKS)
def test_parse_money_reads_as_the_general_reading(text, decimal):
    assert parsed(text, decimal) == general(text, decimal)


@given(PLAIN_LOOKING, MARKS)
def test_the_fast_reading_matches_where_it_answers(text, decimal):
    cents = money._plain_cents(text, decimal)
    if cents is not None:
        assert general(text, decimal) == ("read", money.from_cents(cents))


def test_the_usual_forms_take_the_fast_reading():
    assert money._plain_cents("12.50", None) == 1250
    assert money._plain_cents("12,5", ",") == 1250
    assert money._plain_cents("1234", ".") == 123400
    assert money._plain_cents("0,05", None) == 5
    assert money._plain_cents("12,50", ".") is None  # contradicts the file: general reading
    assert money._plain_cents("1,250", None) is None  # ambiguous: general reading
    assert money.parse_money("12,50") == Decimal("12.50")


def general_key(value: object) -> str:
    return re.sub(r"[\s.-]", "", unicodedata.normalize("NFKC", stored(value))).upper()


@given(st.from_regex(r"[0-9]{1,14}", fullmatch=True) | st.text(max_size=14) | st.integers())
def test_document_key_reads_as_the_general_reading(value):
    assert v.document_key(value) == general_key(value)
