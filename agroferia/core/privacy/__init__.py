"""Personal data (Ley 29733 and its regulation, DS 016-2024-JUS): consent, and each
person's rights.

- ``consent``: whether a vendor agreed to their data being kept, when and how; the import
  column that says so;
- ``person``: everything held about one person, for giving it to them (``gather``,
  ``to_json``; ``reports.person`` writes the PDF), and the audit entry of each export;
- ``trail``: which entries of the audit trail are about one person;
- ``anonymize``: removing a person on request while every published figure stays as it
  was (``anonymize``), with ``birth`` choosing the least precise birth date that keeps them;
- ``storage``: what is left of removed data in the database file and its copies
  (``compact``, ``older_copies``).

``from agroferia.core import privacy`` gives the names below.
"""

from __future__ import annotations

from agroferia.core.privacy.anonymize import ANONYMOUS, REMOVED, Anonymized, anonymize
from agroferia.core.privacy.birth import KeptBirthDate
from agroferia.core.privacy.consent import GIVEN, IMPORTED, NOT_RECORDED, REFUSED, SIGNED, VERBAL
from agroferia.core.privacy.person import PersonData, find, gather, record_export, to_json
from agroferia.core.privacy.storage import StillOpenError, compact, finish_command, older_copies

__all__ = [
    "ANONYMOUS",
    "GIVEN",
    "IMPORTED",
    "NOT_RECORDED",
    "REFUSED",
    "REMOVED",
    "SIGNED",
    "VERBAL",
    "Anonymized",
    "KeptBirthDate",
    "PersonData",
    "StillOpenError",
    "anonymize",
    "compact",
    "find",
    "finish_command",
    "gather",
    "older_copies",
    "record_export",
    "to_json",
]
