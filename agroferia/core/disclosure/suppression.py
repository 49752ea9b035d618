"""Small-cell suppression: no published figure rests on fewer than ``THRESHOLD`` vendors,
and none that is withheld can be worked out from the others.

A *figure* is a number (a count of vendors or an amount in céntimos) with the set of vendors
behind it.  It may be published when nobody stands behind it (a zero) or at least
``THRESHOLD`` vendors do: with one vendor the figure *is* that person's; with two, each of
them learns the other's by subtracting their own.  Three is the usual minimum of national
statistical offices (the "threshold rule" for tables of magnitudes).

Withholding a figure is not enough when a total in the same table gives it back
(``total − the others``).  The tables are therefore written as *lines*, ``total = Σ parts``,
and ``Suppressor.solve`` withholds more figures (the smallest ones that close the gap,
never a zero, which would give its neighbours back since amounts cannot be negative) until

- no withheld figure can be computed exactly from the published ones and the lines (tested
  by linear algebra: the figure's unit vector is not in the row space of the lines
  restricted to the withheld figures), and
- where a line's total is published, the withheld parts together rest on none or at least
  ``THRESHOLD`` vendors (their sum is known, so it is a published figure too).

A line may also hold a figure that no table shows but a reader can work out, such as the
men present on a fair day (those present less the women): it is added as *unpublished*,
unknown from the start and protected like a withheld figure when it rests on one or two
vendors, so that the figures it is the difference of are not both shown.

``fold`` does the same for a one-way table (by rubro, by region): the small rows are added
into one "others" row, which is made large enough by adding the next smallest rows.
"""

from __future__ import annotations

import itertools
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

THRESHOLD = 3

CELL, HEADLINE, TOTAL = 0, 1, 2  # Figure.rank: what secondary suppression prefers to withhold
_POOL = 12  # the cheapest candidates tried in pairs and triples
_LARGEST_SET = 3  # a withheld cell of a two-way table needs three more to close a cycle


@dataclass(frozen=True)
class Figure:
    value: int
    who: frozenset[int]  # the vendors behind it
    rank: int = CELL  # CELL, HEADLINE (withheld only if nothing cheaper does) or TOTAL (never
    # withheld to protect another figure)
    fixed: bool = False  # always published: a count of every vendor present, not a breakdown
    published: bool = True  # False: shown nowhere, only bound to the others by lines

    def fails(self, threshold: int = THRESHOLD) -> bool:
        return not self.fixed and 0 < len(self.who) < threshold


def merge(figures: Iterable[Figure]) -> Figure:
    """The sum of ``figures`` and everyone behind any of them."""
    value, who = 0, frozenset[int]()
    for f in figures:
        value += f.value
        who |= f.who
    return Figure(value, who)


def fold(
    rows: Sequence[tuple[Hashable, Sequence[Figure]]],
    *,
    measures: Sequence[int] | None = None,
    threshold: int = THRESHOLD,
) -> tuple[list[Hashable], list[Hashable]]:
    """Which rows of a one-way table to show and which to add into an "others" row.

    Each row is a key and its figures (one per measure: vendors, sales…); ``measures`` are
    the positions checked (by default all; leave out a measure whose total is withheld).
    A row is shown when each of its checked figures may be; the others row, when it has
    any, is then made publishable by moving the smallest shown rows into it.  Returns the
    keys shown (in the given order) and the keys folded."""
    checked = range(len(rows[0][1])) if rows and measures is None else (measures or ())

    def ok(figures: Sequence[Figure]) -> bool:
        return not any(figures[m].fails(threshold) for m in checked)

    def size(figures: Sequence[Figure]) -> tuple[int, int]:
        return (sum(len(figures[m].who) for m in checked), sum(f.value for f in figures))

    shown = [(key, figs) for key, figs in rows if ok(figs)]
    folded = [(key, figs) for key, figs in rows if not ok(figs)]
    while folded:
        others = [merge(figs[m] for _key, figs in folded) for m in range(len(folded[0][1]))]
        if ok(others):
            break
        # the smallest row that adds someone (a row of zeros would change nothing)
        helpful = [row for row in shown if any(row[1][m].who - others[m].who for m in checked)]
        if not helpful:
            break
        smallest = min(helpful, key=lambda row: size(row[1]))
        shown.remove(smallest)
        folded.append(smallest)
    order = {key: i for i, (key, _figs) in enumerate(rows)}
    folded.sort(key=lambda row: order[row[0]])
    return [key for key, _figs in shown], [key for key, _figs in folded]


class Suppressor:
    """Figures by key and the lines that bind them; ``solve()`` gives the keys to withhold.

    The same key may appear in several tables (women present: in the summary and in the
    table by sex and age): it is one figure, withheld everywhere or nowhere."""

    def __init__(self, threshold: int = THRESHOLD) -> None:
        self.threshold = threshold
        self.figures: dict[Hashable, Figure] = {}
        self.lines: list[tuple[Hashable, tuple[Hashable, ...]]] = []
        self._lines_of: dict[Hashable, list[int]] = {}
        self._indexed = 0  # how many of ``lines`` ``_lines_of`` covers

    def add(self, key: Hashable, figure: Figure) -> Hashable:
        known = self.figures.get(key)
        if known is not None and (known.value, known.who) != (figure.value, figure.who):
            raise ValueError(f"two different figures under one key {key!r}")
        if known is None or figure.rank > known.rank or figure.fixed:
            self.figures[key] = figure
        return key

    def line(self, total: Hashable, parts: Iterable[Hashable]) -> None:
        """``total = Σ parts`` (every key already added)."""
        parts = tuple(parts)
        for key in (total, *parts):
            if key not in self.figures:
                raise KeyError(key)
        self.lines.append((total, parts))

    # ------------------------------------------------------------------ solving

    def solve(self) -> frozenset[Hashable]:
        """The published figures to withhold (unpublished ones are never shown anyway)."""
        hidden = {k for k, f in self.figures.items() if f.fails(self.threshold) or not f.published}
        while True:
            more = self._exposed(hidden) or self._small_sums(hidden)
            if not more:
                return frozenset(k for k in hidden if self.figures[k].published)
            hidden |= more

    def _protected(self, key: Hashable) -> bool:
        """Whether ``key``, unknown to a reader, must stay so: a withheld figure, or an
        unpublished one resting on one or two vendors (one resting on more may be worked
        out: it could have been published)."""
        figure = self.figures[key]
        return figure.published or figure.fails(self.threshold)

    def _candidates(self, keys: Iterable[Hashable], hidden: set[Hashable]) -> list[Hashable]:
        """Figures that may be withheld to protect others, cheapest first."""
        order = {k: i for i, k in enumerate(self.figures)}
        found = {
            k
            for k in keys
            if k not in hidden
            and not self.figures[k].fixed
            and self.figures[k].rank < TOTAL
            and self.figures[k].value > 0
        }
        return sorted(found, key=lambda k: (*self._cost([k]), order[k]))

    def _cost(self, keys: Iterable[Hashable]) -> tuple[int, int, int]:
        figures = [self.figures[k] for k in keys]
        return (
            sum(f.rank for f in figures),
            sum(len(f.who) for f in figures),
            sum(f.value for f in figures),
        )

    def _small_sums(self, hidden: set[Hashable]) -> set[Hashable]:
        """Where a line's total is published, its withheld parts add up to a known figure:
        it must rest on none or at least ``threshold`` vendors."""
        for total, parts in self.lines:
            if total in hidden:
                continue
            withheld = [p for p in parts if p in hidden]
            who = merge(self.figures[p] for p in withheld).who
            if not 0 < len(who) < self.threshold:
                continue
            helpful = [p for p in parts if self.figures[p].who - who]
            for key in self._candidates(helpful, hidden):
                return {key}
            if not self.figures[total].fixed:
                return {total}
        return set()

    def _exposed(self, hidden: set[Hashable]) -> set[Hashable]:
        """More figures to withhold, when one withheld can be worked out exactly."""
        span = _Span(self._rows(hidden, range(len(self.lines))))
        for key in self.figures:
            if key not in hidden or not self._protected(key) or not span.contains(key):
                continue
            near = self._neighbours({key})
            mates = self._candidates(near, hidden)
            pool = self._candidates(near | self._neighbours(near), hidden)
            # the cheapest of the pool, and the line mates of ``key`` whatever their cost
            order = {k: i for i, k in enumerate(pool)}
            few = sorted({*pool[:_POOL], *mates[:_POOL]}, key=order.__getitem__)
            # a set that withholds none of the figures in the lines that give ``key``
            # leaves it given by them: not worth trying
            lines = self._component(key, hidden)
            given = _Span(self._rows(hidden, lines), track=True).derivation(key) or {}
            useful = {k for k in pool if self._weight(k, lines, given)}
            for n in range(1, _LARGEST_SET + 1):
                best = None
                for extra in itertools.combinations(pool if n == 1 else few, n):
                    if not useful.intersection(extra):
                        continue
                    if best is not None and self._cost(extra) >= self._cost(best):
                        continue
                    if not self._determined(key, hidden | set(extra)):
                        best = extra
                        if n == 1:
                            break
                if best is not None:
                    return set(best)
            # nothing small enough closes the gap: withhold the line mates and try again
            if mates:
                return set(mates)
        return set()

    def _weight(self, key: Hashable, lines: list[int], given: dict[int, Fraction]) -> Fraction:
        """What ``key`` would add, as an unknown, to the sum of ``lines`` (by position in
        the list) weighted by ``given``; zero when that sum would still give the figure."""
        weight = Fraction(0)
        for at, i in enumerate(lines):
            coefficient = given.get(at)
            if coefficient:
                total, parts = self.lines[i]
                weight += coefficient * ((total == key) - parts.count(key))
        return weight

    def _component(self, key: Hashable, hidden: set[Hashable]) -> list[int]:
        """The lines joined to ``key`` through unknown figures: only they can give it."""
        index = self._index()
        lines: set[int] = set()
        todo, seen = [key], {key}
        while todo:
            for i in index.get(todo.pop(), ()):
                if i in lines:
                    continue
                lines.add(i)
                total, parts = self.lines[i]
                for k in (total, *parts):
                    if k in hidden and k not in seen:
                        seen.add(k)
                        todo.append(k)
        return sorted(lines)

    def _determined(self, key: Hashable, hidden: set[Hashable]) -> bool:
        """Whether ``key`` can be worked out when ``hidden`` are unknown."""
        return _Span(self._rows(hidden, self._component(key, hidden))).contains(key)

    def _index(self) -> dict[Hashable, list[int]]:
        """The lines each figure is in (by position in ``lines``)."""
        if self._indexed != len(self.lines):
            self._lines_of = {}
            for i, (total, parts) in enumerate(self.lines):
                for k in dict.fromkeys((total, *parts)):
                    self._lines_of.setdefault(k, []).append(i)
            self._indexed = len(self.lines)
        return self._lines_of

    def _neighbours(self, keys: set[Hashable]) -> set[Hashable]:
        index = self._index()
        near: set[Hashable] = set()
        for i in {i for k in keys for i in index.get(k, ())}:
            total, parts = self.lines[i]
            near.update((total, *parts))
        return near - keys

    def _rows(self, hidden: set[Hashable], lines: Iterable[int]) -> list[dict[Hashable, Fraction]]:
        """Those lines as equations in the withheld figures (the published ones are known)."""
        rows = []
        for i in lines:
            total, parts = self.lines[i]
            row: dict[Hashable, Fraction] = {}
            if total in hidden:
                row[total] = Fraction(1)
            for p in parts:
                if p in hidden:
                    row[p] = row.get(p, Fraction(0)) - 1
            row = {k: c for k, c in row.items() if c}
            if row:
                rows.append(row)
        return rows


class _Span:
    """The row space of some linear equations, in echelon form, to ask whether one unknown
    is fixed by them (its unit vector lies in the space) and, with ``track``, by which sum
    of the equations."""

    def __init__(self, rows: list[dict[Hashable, Fraction]], *, track: bool = False) -> None:
        self.track = track
        # pivot -> (row, the sum of the given rows it is: position -> coefficient)
        self.basis: dict[Hashable, tuple[dict[Hashable, Fraction], dict[int, Fraction]]] = {}
        for at, row in enumerate(rows):
            reduced, combo = self._reduce(dict(row), {at: Fraction(1)} if track else {})
            if reduced:
                pivot = next(iter(reduced))
                scale = reduced[pivot]
                self.basis[pivot] = (
                    {k: c / scale for k, c in reduced.items()},
                    {k: c / scale for k, c in combo.items()},
                )

    def _reduce(
        self, row: dict[Hashable, Fraction], combo: dict[int, Fraction]
    ) -> tuple[dict[Hashable, Fraction], dict[int, Fraction]]:
        # a basis row holds no pivot found before its own: one pass in that order clears
        # every pivot from ``row``
        for pivot, (base, made_of) in self.basis.items():
            factor = row.get(pivot)
            if factor:
                _subtract(row, factor, base)
                if self.track:
                    _subtract(combo, factor, made_of)
        return row, combo

    def contains(self, key: Hashable) -> bool:
        return not self._reduce({key: Fraction(1)}, {})[0]

    def derivation(self, key: Hashable) -> dict[int, Fraction] | None:
        """The sum of the rows (position -> coefficient) that gives ``key`` alone, if any."""
        row, combo = self._reduce({key: Fraction(1)}, {})
        if row:
            return None
        return {at: -c for at, c in combo.items()}


def _subtract(target: dict, factor: Fraction, source: dict) -> None:
    """``target -= factor * source``, in place, keeping no zero."""
    for k, c in source.items():
        value = target.get(k, 0) - factor * c
        if value:
            target[k] = value
        else:
            del target[k]
