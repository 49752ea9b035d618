"""Personal data (Ley 29733 and its regulation, DS 016-2024-JUS): consent, and each
person's rights.

- ``consent``: whether a vendor agreed to their data being kept, when and how; the import
  column that says so;
- ``person``: everything held about one person, for giving it to them (``gather``,
  ``to_json``; ``reports.person`` writes the PDF), and the audit entry of each export.

``from agroferia.core import privacy`` gives the names below.
"""

from __future__ import annotations

from agroferia.core.privacy.consent import GIVEN, IMPORTED, NOT_RECORDED, REFUSED, SIGNED, VERBAL
from agroferia.core.privacy.person import PersonData, find, gather, record_export, to_json

__all__ = [
    "GIVEN",
    "IMPORTED",
    "NOT_RECORDED",
    "REFUSED",
    "SIGNED",
    "VERBAL",
    "PersonData",
    "find",
    "gather",
    "record_export",
    "to_json",
]
