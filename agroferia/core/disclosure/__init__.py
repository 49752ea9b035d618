"""What may be published about vendors: every figure of the municipal summary rests on at
least ``THRESHOLD`` vendors, or is not shown.

- ``contributors``: who stands behind each figure of ``core.stats`` and of the fair-day
  breakdown (the same definitions, as sets of vendor ids);
- ``suppression``: which figures to withhold so that none resting on fewer vendors is shown
  or can be worked out from the others (``Suppressor``), and folding the small rows of a
  one-way table into one "others" row (``fold``).
"""

from agroferia.core.disclosure.suppression import THRESHOLD, Figure, Suppressor, fold

__all__ = ["THRESHOLD", "Figure", "Suppressor", "fold"]
