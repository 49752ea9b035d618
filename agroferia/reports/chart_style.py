"""What the charts of the PDF report and of the Panel share, without reportlab (the Panel
draws with Qt and should not load it): the palette and the labels of the fair days' axis."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence

GREEN = "#2E7D32"
DARK_GREEN = "#1B5E20"
PALE_GREEN = "#E8F5E9"
AMBER = "#F9A825"
GREY = "#9E9E9E"
LIGHT_GREY = "#E0E0E0"
TEXT = "#212121"
MUTED = "#616161"
SLATE = "#546E7A"

# one colour per age group, the same in every chart and in the legend
AGE_COLOURS = {"youth": AMBER, "non_youth": GREEN, "not_stated": GREY}


def day_labels(days: Sequence[dt.date], most: int = 12) -> list[str]:
    """Labels for the sales-per-fair-day axis (one per bar, most of them blank), at most
    ``most`` of them, so that they never overlap however many fair days there are.

    Within one calendar year (or half a year): ``dd/mm`` on every n-th fair day.  Over up to three years:
    ``mm/aa`` on the first fair day of every n-th month.  Longer: the year on the first fair
    day of every n-th year.
    """
    if not days:
        return []
    if days[0].year == days[-1].year or (days[-1] - days[0]).days <= 183:
        every = max(1, math.ceil(len(days) / most))
        return [d.strftime("%d/%m") if i % every == 0 else "" for i, d in enumerate(days)]
    long = days[-1].year - days[0].year >= 3
    key = (lambda d: d.year) if long else (lambda d: (d.year, d.month))
    firsts = [i for i, d in enumerate(days) if i == 0 or key(d) != key(days[i - 1])]
    every = max(1, math.ceil(len(firsts) / most))
    chosen = firsts[::every]
    # the period may start late in a month or year: its label would touch the next one
    if len(chosen) > 1 and chosen[1] - chosen[0] < (chosen[-1] - chosen[1]) / len(chosen) * 0.6:
        chosen = chosen[1:]
    labels = [""] * len(days)
    for i in chosen:
        labels[i] = days[i].strftime("%Y" if long else "%m/%y")
    return labels
