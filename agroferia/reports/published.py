"""Which figures a document for the municipality may publish: every one rests on none or at
least three vendors (``core.disclosure``), and none withheld can be worked out from a total.
The municipal workbook and the municipal PDF publish from it (``for_period``), so that
neither shows a figure the other withholds.

The figures are those of ``core.stats`` and ``breakdowns.by_day``, keyed so that the same
figure in two tables (women present: *Resumen* and *Participación*) is one figure:

- ``("v", sex, group)``: vendors present by sex × age group, with ``ALL`` for the totals
  (``("v", ALL, ALL)`` is every vendor present, always published: it is no breakdown);
- ``("s", sex, group)``: the same for sales (``("s", ALL, ALL)``: total sales);
- ``("active",)`` and the unpublished ``("inactive",)`` of the registered vendors;
- ``("fees", what)``: fees due = paid + paid later + outstanding;
- ``("day", i, measure)``: the i-th fair day's figures, whose columns add up to the totals,
  and the day's unpublished remainders, which a reader works out by subtraction:
  present = women + not women = young + not young, fees due = paid + paid later +
  outstanding.  A day whose vendors present, women or young are those of the whole period
  (a period of one fair day) gives the same figures as the table by sex × age group: they
  are bound to it by lines, so that one is withheld where the other is.

- ``("fair", fair_id, measure)``: with every fair of a network (more than one fair), each
  fair's figures in the comparison of the network's fairs (``core.network.comparison``):
  its vendors present and vendor-days (always published, like the days' total; the
  vendor-days are given by the average per vendor-day), women, youth and sales, and the
  unpublished remainders (present less women, less youth).  A fair's sales are its days'
  sales and add up to the total; its women and youth add up to the network's when nobody
  was present at two fairs, and otherwise to the network's and ``("several", measure)``,
  the women (young) among those present at several fairs, unpublished and protected
  like any figure resting on one or two vendors.

One-way tables (rubros, regions, payment methods) fold their small rows into one "others"
row instead (``Folded``).

The agrobiodiversity figures are published by ``published_products``: the native vendors
by sex × age group as ``("nv", sex, group)`` lines bound to ``("v", sex, group)``, the
products by region and the sales by product folded (``Published.products``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from agroferia.core import breakdowns, stats
from agroferia.core.breakdowns import DayRow
from agroferia.core.disclosure import THRESHOLD, Figure, Suppressor, contributors, fold
from agroferia.core.disclosure import products as product_contributors
from agroferia.core.disclosure.contributors import Contributors
from agroferia.core.disclosure.products import ProductContributors
from agroferia.core.disclosure.suppression import CELL, HEADLINE, TOTAL
from agroferia.core.models import Fair
from agroferia.core.network.comparison import Comparison, compare_fairs
from agroferia.reports import published_products
from agroferia.reports.published_products import PublishedProducts

ALL = "*"
V, S = "v", "s"
FEES = ("due", "paid", "paid_later", "outstanding")
DAY_MEASURES = ("present", "women", "youth", "sales", "fees_due", "fees_paid", "fees_paid_later")
# the total each column of the fair days adds up to
DAY_TOTALS = {
    "present": ("days", "present"),
    "women": ("days", "women"),
    "youth": ("days", "youth"),
    "sales": (S, ALL, ALL),
    "fees_due": ("fees", "due"),
    "fees_paid": ("fees", "paid"),
    "fees_paid_later": ("fees", "paid_later"),
    "fees_outstanding": ("fees", "outstanding"),
}
# what a fair day's figures leave over, shown nowhere: the total less the parts shown
DAY_REMAINDERS = {
    "not_women": ("present", ("women",)),
    "not_youth": ("present", ("youth",)),
    "fees_outstanding": ("fees_due", ("fees_paid", "fees_paid_later")),
}
# the period's figure that a day's is when both rest on the same vendors (every day's
# attendance is published in total, and with it the day's present when it is the only day)
DAY_GRID = {"women": (V, "F", ALL), "youth": (V, ALL, stats.YOUTH)}


@dataclass(frozen=True)
class Folded:
    shown: list[str]  # the rows shown, in the table's order
    folded: list[str]  # the rows added into "others"

    def others(self, values: dict[str, int]) -> int:
        return sum(values.get(k, 0) for k in self.folded)


def _figure(value: int, who: set[int] | frozenset[int], rank: int = CELL) -> Figure:
    return Figure(value, frozenset(who), rank)


class Published:
    """The municipal summary's figures and which of them are withheld; with ``network``
    (every fair), those of the comparison of the fairs too; with ``products`` (who stands
    behind the agrobiodiversity figures), those figures (``self.products``; else None)."""

    def __init__(
        self,
        figures: stats.Stats,
        days: list[DayRow],
        who: Contributors,
        threshold: int = THRESHOLD,
        *,
        network: Comparison | None = None,
        products: ProductContributors | None = None,
    ) -> None:
        self.stats, self.days, self.threshold = figures, days, threshold
        self.network = network
        solver = Suppressor(threshold)
        self._grids(solver, who)
        self._registered(solver, who)
        self._fees(solver, who)
        self._days(solver, who)
        if network is not None:
            self._fairs(solver, who, network)
        if products is not None:
            v_cell = {(x, g): solver.figures[(V, x, g)]
                      for x in stats.SEXES for g in stats.AGE_GROUPS}  # fmt: skip
            published_products.native_lines(solver, figures.products, products, v_cell)
        self.figures = solver.figures
        self.hidden = solver.solve()
        self.categories, self.regions, self.methods = self._folded(who)
        self.products: PublishedProducts | None = None
        if products is not None:
            self.products = published_products.fold_products(
                figures.products, products, self.shown((S, ALL, ALL)), threshold
            )

    def shown(self, key: Hashable) -> bool:
        return key not in self.hidden

    def any_withheld(self, prefix: str) -> bool:
        return any(k[0] == prefix for k in self.hidden)

    # ------------------------------------------------------------------ the lines

    def _grids(self, solver: Suppressor, who: Contributors) -> None:
        """Vendors present and sales by sex × age group, with their totals."""
        v, sales = self.stats.vendors, self.stats.sales
        for kind, values, people in (
            (V, v.by_sex_youth, who.present_by_sex_youth),
            (S, sales.by_sex_youth, who.sales_by_sex_youth),
        ):
            headline = {("F", ALL), (ALL, stats.YOUTH), ("F", stats.YOUTH)}
            cells = {
                (x, g): _figure(values[x][g], people[x][g],
                                HEADLINE if (x, g) in headline else CELL)
                for x in stats.SEXES for g in stats.AGE_GROUPS
            }  # fmt: skip
            for (x, g), f in cells.items():
                solver.add((kind, x, g), f)
            for x in stats.SEXES:
                row = [cells[x, g] for g in stats.AGE_GROUPS]
                rank = HEADLINE if (x, ALL) in headline else CELL
                solver.add((kind, x, ALL), _sum(row, rank))
                solver.line((kind, x, ALL), [(kind, x, g) for g in stats.AGE_GROUPS])
            for g in stats.AGE_GROUPS:
                column = [cells[x, g] for x in stats.SEXES]
                rank = HEADLINE if (ALL, g) in headline else CELL
                solver.add((kind, ALL, g), _sum(column, rank))
                solver.line((kind, ALL, g), [(kind, x, g) for x in stats.SEXES])
            every = _sum(list(cells.values()), TOTAL)
            if kind == V:
                every = Figure(every.value, every.who, TOTAL, fixed=True)
            solver.add((kind, ALL, ALL), every)
            solver.line((kind, ALL, ALL), [(kind, x, ALL) for x in stats.SEXES])
            solver.line((kind, ALL, ALL), [(kind, ALL, g) for g in stats.AGE_GROUPS])

    def _registered(self, solver: Suppressor, who: Contributors) -> None:
        """Active vendors are a breakdown by status: the others (not published) are the
        registered ones less them."""
        v = self.stats.vendors
        registered = Figure(v.registered, frozenset(who.registered), TOTAL, fixed=True)
        solver.add(("registered",), registered)
        solver.add(("active",), _figure(v.active, who.active, HEADLINE))
        solver.add(("inactive",), _figure(v.registered - v.active, who.registered - who.active))
        solver.line(("registered",), [("active",), ("inactive",)])

    def _fees(self, solver: Suppressor, who: Contributors) -> None:
        s = self.stats
        values = {
            "due": s.fees_due,
            "paid": s.fees_paid,
            "paid_later": s.fees_paid_later,
            "outstanding": s.fees_outstanding,
        }
        people = {
            "due": who.fees_due,
            "paid": who.fees_paid,
            "paid_later": who.fees_paid_later,
            "outstanding": who.fees_outstanding,
        }
        for what in FEES:
            # key figures of the summary: the fair days' fees are withheld before them
            rank = TOTAL if what == "due" else HEADLINE
            solver.add(("fees", what), _figure(values[what], people[what], rank))
        solver.line(("fees", "due"), [("fees", w) for w in FEES[1:]])

    def _days(self, solver: Suppressor, who: Contributors) -> None:
        """Each fair day's figures, the remainders they leave, and the column totals."""
        columns: dict[str, list[Figure]] = {m: [] for m in (*DAY_MEASURES, *DAY_REMAINDERS)}
        for i, d in enumerate(self.days):
            people = who.days[(d.date, d.fair)]
            for measure in DAY_MEASURES:
                f = _figure(getattr(d, measure), getattr(people, measure))
                solver.add(("day", i, measure), f)
                columns[measure].append(f)
                grid = DAY_GRID.get(measure)
                if grid is not None and f.who == solver.figures[grid].who:
                    solver.line(grid, [("day", i, measure)])  # the same figure
            for remainder, (total, parts) in DAY_REMAINDERS.items():
                value = getattr(d, total) - sum(getattr(d, p) for p in parts)
                f = Figure(value, frozenset(getattr(people, remainder)), published=False)
                solver.add(("day", i, remainder), f)
                columns[remainder].append(f)
                solver.line(("day", i, total), [*(("day", i, p) for p in parts),
                                                ("day", i, remainder)])  # fmt: skip
        for measure, total in DAY_TOTALS.items():
            if total not in solver.figures:
                # attendances are counts of everyone; those of women or youth are a
                # breakdown, as the period's women or youth are (one fair day: the same)
                fixed = measure == "present"
                rank = TOTAL if fixed else HEADLINE
                solver.add(total, Figure(*_pair(columns[measure]), rank, fixed=fixed))
            solver.line(total, [("day", i, measure) for i in range(len(self.days))])

    def _fairs(self, solver: Suppressor, who: Contributors, network: Comparison) -> None:
        """Each fair's row of the comparison: its figures rest on the vendors of its days."""
        sales = []
        behind: dict[tuple[int | None, str], frozenset[int]] = {}

        def people_of(fair_id: int | None, measure: str) -> frozenset[int]:
            return behind[(fair_id, measure)]

        for row in network.rows:
            days = [i for i, d in enumerate(self.days) if d.fair == row.fair]
            people = [who.days[(self.days[i].date, row.fair)] for i in days]

            def of(measure: str, people=people, fair_id=row.fair_id) -> frozenset[int]:
                found = frozenset().union(*(getattr(p, measure) for p in people))
                behind[(fair_id, measure)] = found
                return found

            def key(measure: str, fair_id=row.fair_id) -> tuple:
                return ("fair", fair_id, measure)

            present = of("present")
            solver.add(key("present"), Figure(row.present, present, TOTAL, fixed=True))
            for measure, value, remainder in (
                ("women", row.women, "not_women"),
                ("youth", row.youth, "not_youth"),
            ):
                solver.add(key(measure), _figure(value, of(measure)))
                rest = present - of(measure)
                solver.add(key(remainder), Figure(row.present - value, rest, published=False))
                solver.line(key("present"), [key(measure), key(remainder)])
            solver.add(key("sales"), _figure(row.sales, of("sales")))
            solver.line(key("sales"), [("day", i, "sales") for i in days])
            # vendor-days, as the days' total: a count of everyone present, not a breakdown
            attendances = Figure(row.attendances, present, TOTAL, fixed=True)
            solver.add(key("attendances"), attendances)
            solver.line(key("attendances"), [("day", i, "present") for i in days])
            sales.append(key("sales"))
        if network.rows:
            solver.line((S, ALL, ALL), sales)
        if network.rows and not network.in_several_fairs:
            # each producer at one fair only: the network's women and youth are the sums
            for measure, total in DAY_GRID.items():
                solver.line(total, [("fair", r.fair_id, measure) for r in network.rows])
        elif network.rows:
            self._several(solver, network, people_of)

    def _several(self, solver: Suppressor, network: Comparison, people_of) -> None:
        """With producers present at several fairs, the fairs' women (youth) less the
        network's are the women (young) among them, counted once per fair beyond the first: a
        figure no table shows, resting on those few, and protected like one (else the
        sheet would tell the sex and age of one or two producers)."""
        present = [people_of(r.fair_id, "present") for r in network.rows]
        several = _in_two_or_more(present)
        extra = sum(r.present for r in network.rows) - network.total.present
        solver.add(("several", "present"), Figure(extra, several, TOTAL, fixed=True))
        for measure, total in DAY_GRID.items():
            sets = [people_of(r.fair_id, measure) for r in network.rows]
            parts = [("fair", r.fair_id, measure) for r in network.rows]
            value = sum(solver.figures[p].value for p in parts) - solver.figures[total].value
            among = _in_two_or_more(sets)
            rest = ("several", "not_" + measure)
            solver.add(("several", measure), Figure(value, among, published=False))
            solver.add(rest, Figure(extra - value, several - among, published=False))
            # Σ the fairs' + the others at several fairs = the network's + all at several:
            # written so that the fairs' own figures are next to what they would give away
            side = ("fairs_and_rest", measure)
            solver.add(
                side,
                Figure(
                    solver.figures[total].value + extra,
                    frozenset().union(*sets) | several,
                    published=False,
                ),
            )
            solver.line(side, [*parts, rest])
            solver.line(side, [total, ("several", "present")])
            solver.line(("several", "present"), [("several", measure), rest])

    def fair_shown(self, fair_id: int, measure: str) -> bool:
        return ("fair", fair_id, measure) not in self.hidden

    def _folded(self, who: Contributors) -> tuple[Folded, Folded, Folded]:
        v, sales = self.stats.vendors, self.stats.sales
        money = [1] if self.shown((S, ALL, ALL)) else []
        names = list(sales.by_category) + [n for n in v.by_category if n not in sales.by_category]
        rows = [
            (n, [_figure(v.by_category.get(n, 0), who.present_by_category[n]),
                 _figure(sales.by_category.get(n, 0), who.sales_by_category[n])])
            for n in names
        ]  # fmt: skip
        categories = Folded(*fold(rows, measures=[0, *money], threshold=self.threshold))
        rows = [(k, [_figure(n, who.present_by_region[k])]) for k, n in self.stats.regions.items()]
        regions = Folded(*fold(rows, threshold=self.threshold))
        rows = [
            (m, [_figure(c, who.sales_by_method[m])]) for m, c in sales.by_payment_method.items()
        ]
        methods = Folded(*fold(rows, measures=[0] if money else [], threshold=self.threshold))
        return categories, regions, methods


def for_period(
    session: Session, start: dt.date, end: dt.date, fair_id: int | None = None
) -> Published:
    """The period's figures (``stats.compute``, ``breakdowns.by_day``, and with every fair
    of a network of several ``comparison.compare_fairs``) and which of them are withheld:
    every municipal document (the workbook, the PDF) publishes from this."""
    figures = stats.compute(session, start, end, fair_id)
    days = breakdowns.by_day(session, start, end, fair_id)
    network = None
    if fair_id is None and session.scalar(select(func.count()).select_from(Fair)) > 1:
        network = compare_fairs(session, start, end, every=figures)
    who = contributors.compute(session, start, end, fair_id)
    products = product_contributors.compute(session, who, start, end, fair_id)
    return Published(figures, days, who, network=network, products=products)


def _in_two_or_more(sets: list[frozenset[int]]) -> frozenset[int]:
    """Those in at least two of ``sets``."""
    seen: set[int] = set()
    twice: set[int] = set()
    for found in sets:
        twice |= seen & found
        seen |= found
    return frozenset(twice)


def _pair(figures: list[Figure]) -> tuple[int, frozenset[int]]:
    value, who = 0, frozenset[int]()
    for f in figures:
        value += f.value
        who |= f.who
    return value, who


def _sum(figures: list[Figure], rank: int) -> Figure:
    return Figure(*_pair(figures), rank)
