"""Small-cell suppression (no published figure rests on one or two vendors, none withheld
can be worked out from a total) and the sets of vendors behind each figure of stats."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from sqlalchemy import distinct, func, select

from agroferia.core import breakdowns, stats
from agroferia.core.disclosure import THRESHOLD, Figure, Suppressor, contributors, fold
from agroferia.core.disclosure.suppression import HEADLINE, TOTAL
from agroferia.core.models import Category, FairDay, Sale

_ids = itertools.count(1)


def people(n: int) -> frozenset[int]:
    return frozenset(next(_ids) for _ in range(n))


def fig(n: int, rank: int = 0, *, fixed: bool = False) -> Figure:
    """A figure that ``n`` new vendors stand behind, worth ``n``."""
    return Figure(n, people(n), rank, fixed)


def total_of(figures: list[Figure], rank: int = TOTAL, *, fixed: bool = False) -> Figure:
    return Figure(sum(f.value for f in figures), frozenset().union(*(f.who for f in figures)),
                  rank, fixed)  # fmt: skip


def test_the_threshold_is_three_and_zeros_are_published():
    assert THRESHOLD == 3
    assert [fig(n).fails() for n in (0, 1, 2, 3, 40)] == [False, True, True, False, False]
    assert not fig(1, fixed=True).fails()  # a count of everyone: no breakdown


def line(figures: list[Figure], total: Figure) -> Suppressor:
    s = Suppressor()
    for i, f in enumerate(figures):
        s.add(i, f)
    s.add("total", total)
    s.line("total", range(len(figures)))
    return s


def test_a_small_cell_is_withheld_with_the_smallest_other_so_the_total_does_not_give_it():
    days = [fig(50), fig(2), fig(40), fig(60), fig(0)]
    hidden = line(days, total_of(days)).solve()
    assert hidden == {1, 2}  # the zero is never chosen: it would give its neighbour back


def test_withheld_cells_resting_on_the_same_vendors_are_not_enough():
    """Two days of one vendor only: their sum (the total less the rest) is still theirs."""
    alone = frozenset({1})
    cells = [Figure(5, alone), Figure(7, alone), fig(10), fig(30)]
    hidden = line(cells, total_of(cells)).solve()
    assert hidden == {0, 1, 2}
    assert len(frozenset().union(*(cells[k].who for k in hidden))) >= THRESHOLD


def test_nothing_is_withheld_when_every_figure_rests_on_three():
    cells = [fig(3), fig(5), fig(0)]
    assert line(cells, total_of(cells)).solve() == set()


def test_a_total_resting_on_two_is_withheld_and_everything_in_it():
    cells = [fig(1), fig(1)]
    assert line(cells, total_of(cells)).solve() == {0, 1, "total"}


def test_a_published_count_of_everyone_is_never_withheld():
    cells = [fig(1), fig(1)]
    assert line(cells, total_of(cells, fixed=True)).solve() == {0, 1}


def test_the_same_figure_in_two_tables_is_one_figure():
    s = Suppressor()
    women = fig(10)
    s.add(("v", "F"), women)
    s.add(("v", "F"), Figure(women.value, women.who, HEADLINE))  # same figure: fine
    with pytest.raises(ValueError):
        s.add(("v", "F"), fig(11))
    with pytest.raises(KeyError):
        s.line(("v", "F"), [("v", "M")])


def test_what_a_line_leaves_over_is_protected_though_no_table_shows_it():
    """A day's present = women + the others, who are shown nowhere: when one man is the
    others, the women (or the present) are withheld, and the day's figures beside them
    with them, so that no subtraction gives him."""
    women, men = fig(30), fig(1)
    s = Suppressor()
    s.add("present", total_of([women, men], rank=0))
    s.add("women", women)
    s.add("men", Figure(men.value, men.who, published=False))
    s.line("present", ["women", "men"])
    hidden = s.solve()
    assert "men" not in hidden  # never published, so never said to be withheld
    assert hidden & {"present", "women"}


def test_what_a_line_leaves_over_on_three_needs_nothing():
    women, men = fig(30), fig(3)
    s = Suppressor()
    s.add("present", total_of([women, men], rank=0))
    s.add("women", women)
    s.add("men", Figure(men.value, men.who, published=False))
    s.line("present", ["women", "men"])
    assert s.solve() == set()


SEXES, GROUPS = ("F", "M", "o"), ("y", "n", "s")


def grid(values: dict[tuple[str, str], int]) -> tuple[Suppressor, dict]:
    """A table by sex × age group with its totals (the grand total always published)."""
    s = Suppressor()
    cells = {(x, g): fig(values.get((x, g), 0), HEADLINE if g == "y" else 0)
             for x in SEXES for g in GROUPS}  # fmt: skip
    for k, f in cells.items():
        s.add(k, f)
    for x in SEXES:
        s.add((x, "T"), total_of([cells[x, g] for g in GROUPS], 0))
        s.line((x, "T"), [(x, g) for g in GROUPS])
    for g in GROUPS:
        s.add(("T", g), total_of([cells[x, g] for x in SEXES], 0))
        s.line(("T", g), [(x, g) for x in SEXES])
    s.add(("T", "T"), total_of(list(cells.values()), fixed=True))
    s.line(("T", "T"), [(x, "T") for x in SEXES])
    s.line(("T", "T"), [("T", g) for g in GROUPS])
    return s, cells


def on_a_cycle(hidden: set, key: tuple[str, str]) -> bool:
    """Whether ``key`` lies on a cycle of withheld cells of the table with its totals (rows
    and columns as the nodes of a graph, withheld cells as its edges).  Along a cycle one
    can add to every other cell and take from the rest without changing any published
    figure, so ``key`` cannot be worked out; a cell on no cycle can."""
    edges = [k for k in hidden if k != key]
    start, goal = ("row", key[0]), ("col", key[1])
    seen, todo = {start}, [start]
    while todo:
        kind, name = todo.pop()
        for x, g in edges:
            ends = (("row", x), ("col", g))
            if (kind, name) in ends:
                other = ends[1] if ends[0] == (kind, name) else ends[0]
                if other not in seen:
                    seen.add(other)
                    todo.append(other)
    return goal in seen


def test_a_two_way_table_withholds_a_rectangle():
    """Two women and two men without a birth date: their cells go, and the non-youth of
    each sex with them (not the youth, a headline figure); no total goes."""
    s, _cells = grid({("F", "y"): 10, ("F", "n"): 34, ("F", "s"): 2,
                      ("M", "y"): 11, ("M", "n"): 25, ("M", "s"): 2})  # fmt: skip
    hidden = s.solve()
    assert hidden == {("F", "s"), ("M", "s"), ("F", "n"), ("M", "n")}
    assert all(on_a_cycle(set(hidden), k) for k in hidden)


@pytest.mark.parametrize(
    "values",
    [
        {("F", "y"): 1, ("F", "n"): 20, ("M", "n"): 15, ("M", "y"): 9},
        {("F", "y"): 6, ("F", "n"): 20, ("M", "n"): 15, ("o", "n"): 1},
        {("F", "s"): 1, ("M", "s"): 1, ("o", "y"): 2, ("F", "n"): 30, ("M", "n"): 30,
         ("F", "y"): 7, ("M", "y"): 4},
    ],
)  # fmt: skip
def test_no_withheld_cell_of_a_two_way_table_can_be_worked_out(values):
    s, cells = grid(values)
    hidden = set(s.solve())
    small = {k for k, f in cells.items() if f.fails()}
    assert small <= hidden
    for key in hidden:
        assert on_a_cycle(hidden, key), key
    assert ("T", "T") not in hidden


def test_fold_adds_small_rows_into_others_until_others_rests_on_three():
    rows = [("Lima", [fig(24)]), ("Puno", [fig(1)]), ("Cusco", [fig(3)]), ("Tacna", [fig(1)])]
    assert fold(rows) == (["Lima"], ["Puno", "Cusco", "Tacna"])
    rows = [("Lima", [fig(24)]), ("Puno", [fig(1)]), ("Cusco", [fig(3)]), ("Tacna", [fig(2)])]
    assert fold(rows) == (["Lima", "Cusco"], ["Puno", "Tacna"])
    assert fold([("Lima", [fig(24)]), ("Cusco", [fig(3)])]) == (["Lima", "Cusco"], [])
    # rows of zeros add no one: they stay where they are
    rows = [("Efectivo", [fig(80)]), ("Yape", [fig(2)]), ("Plin", [fig(0)]), ("Otro", [fig(0)])]
    assert fold(rows) == (["Plin", "Otro"], ["Efectivo", "Yape"])


def test_fold_checks_every_measure_it_is_told_to():
    rows = [("Frutas", [fig(10), fig(8)]), ("Artesanía", [fig(4), fig(1)]),
            ("Gastronomía", [fig(5), fig(6)])]  # fmt: skip
    assert fold(rows) == (["Frutas"], ["Artesanía", "Gastronomía"])
    assert fold(rows, measures=[0]) == (["Frutas", "Artesanía", "Gastronomía"], [])


# ------------------------------------------------------------------ who stands behind


def test_the_vendors_behind_each_figure_are_as_many_as_stats_counts(demo_db):
    start, end = dt.date(2026, 1, 1), dt.date(2026, 6, 30)
    with demo_db.Session() as s:
        figures = stats.compute(s, start, end)
        who = contributors.compute(s, start, end)
        days = breakdowns.by_day(s, start, end)
        sellers = dict(
            s.execute(
                select(Category.name, func.count(distinct(Sale.vendor_id)))
                .join(Sale, Sale.category_id == Category.id)
                .join(FairDay, FairDay.id == Sale.fair_day_id)
                .where(FairDay.date.between(start, end))
                .group_by(Category.name)
            ).all()
        )
    v = figures.vendors
    assert len(who.present) == v.present > 0
    assert len(who.registered) == v.registered and len(who.active) == v.active
    for x in stats.SEXES:
        for g in stats.AGE_GROUPS:
            assert len(who.present_by_sex_youth[x][g]) == v.by_sex_youth[x][g], (x, g)
            # a vendor has sales in a group exactly when the group has sales of theirs
            assert bool(who.sales_by_sex_youth[x][g]) == bool(figures.sales.by_sex_youth[x][g])
    assert {k: len(ids) for k, ids in who.present_by_category.items()} == v.by_category
    assert {k: len(ids) for k, ids in who.present_by_region.items()} == figures.regions
    assert {k: len(ids) for k, ids in who.sales_by_category.items()} == sellers
    assert who.sales == who.present  # in the demo every vendor present sells
    for day in days:
        people = who.days[(day.date, day.fair)]
        assert (len(people.present), len(people.women), len(people.youth)) == (
            day.present, day.women, day.youth,
        )  # fmt: skip
        assert bool(people.fees_due) == bool(day.fees_due)
    assert sum(len(who.days[(d.date, d.fair)].present) for d in days) == v.attendances
    assert bool(who.fees_outstanding) == bool(figures.fees_outstanding)
