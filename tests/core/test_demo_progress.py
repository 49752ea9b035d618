"""``demo.build`` tells how far it got (the command line shows it while the demo is made)."""

from __future__ import annotations

from itertools import pairwise

import pytest

from agroferia.core import demo
from agroferia.core.errors import OperationError
from tests.conftest import DEMO_UNTIL


def test_the_demo_tells_its_progress_from_nothing_to_all(db) -> None:
    told: list[float] = []
    with db.Session.begin() as s:
        demo.build(s, seed=3, until=DEMO_UNTIL, progress=told.append)
    assert told[0] == 0.0
    assert told[-1] == 1.0
    assert told == sorted(told)  # never backwards
    assert len(told) > 84  # at least a step per vendor: it moves while the slow part runs
    assert max(b - a for a, b in pairwise(told)) <= 0.2


def test_a_refused_demo_tells_nothing(demo_db) -> None:
    told: list[float] = []
    with demo_db.Session() as s, pytest.raises(OperationError):
        demo.build(s, seed=3, until=DEMO_UNTIL, progress=told.append)
    assert told == []
