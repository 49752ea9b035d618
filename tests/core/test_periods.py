import datetime as dt

import pytest

from agroferia.core import periods as p

D = dt.date


@pytest.mark.parametrize(
    ("kind", "today", "start", "end"),
    [
        (p.THIS_MONTH, D(2026, 11, 24), D(2026, 11, 1), D(2026, 11, 30)),
        (p.THIS_MONTH, D(2028, 2, 10), D(2028, 2, 1), D(2028, 2, 29)),
        (p.THIS_MONTH, D(2026, 12, 31), D(2026, 12, 1), D(2026, 12, 31)),
        (p.LAST_MONTH, D(2026, 11, 24), D(2026, 10, 1), D(2026, 10, 31)),
        (p.LAST_MONTH, D(2027, 1, 5), D(2026, 12, 1), D(2026, 12, 31)),
        (p.LAST_MONTH, D(2026, 3, 31), D(2026, 2, 1), D(2026, 2, 28)),
        (p.QUARTER, D(2026, 11, 24), D(2026, 10, 1), D(2026, 12, 31)),
        (p.QUARTER, D(2026, 1, 1), D(2026, 1, 1), D(2026, 3, 31)),
        (p.QUARTER, D(2026, 6, 30), D(2026, 4, 1), D(2026, 6, 30)),
        (p.QUARTER, D(2026, 8, 15), D(2026, 7, 1), D(2026, 9, 30)),
        (p.YEAR, D(2026, 11, 24), D(2026, 1, 1), D(2026, 12, 31)),
        # last year: the January report of the year just ended, whatever day it is made
        (p.LAST_YEAR, D(2027, 1, 5), D(2026, 1, 1), D(2026, 12, 31)),
        (p.LAST_YEAR, D(2027, 1, 1), D(2026, 1, 1), D(2026, 12, 31)),
        (p.LAST_YEAR, D(2026, 12, 31), D(2025, 1, 1), D(2025, 12, 31)),
        (p.LAST_YEAR, D(2029, 2, 28), D(2028, 1, 1), D(2028, 12, 31)),
    ],
)
def test_date_range(kind, today, start, end):
    assert p.date_range(kind, today) == (start, end)


def test_custom_has_no_fixed_dates():
    with pytest.raises(ValueError):
        p.date_range(p.CUSTOM, D(2026, 11, 24))


def test_every_kind_has_a_label():
    assert set(p.LABELS) == set(p.KINDS)
    assert str(p.LABELS[p.LAST_YEAR]) == "Año pasado"
    # offered after this year, before other dates
    assert p.KINDS.index(p.YEAR) + 1 == p.KINDS.index(p.LAST_YEAR) == p.KINDS.index(p.CUSTOM) - 1
