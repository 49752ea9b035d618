"""Personal data (Ley 29733 and its regulation, DS 016-2024-JUS): consent, and each
person's rights.

- ``consent``: whether a vendor agreed to their data being kept, when and how; the import
  column that says so.

``from agroferia.core import privacy`` gives the names below.
"""

from __future__ import annotations

from agroferia.core.privacy.consent import GIVEN, IMPORTED, NOT_RECORDED, REFUSED, SIGNED, VERBAL

__all__ = ["GIVEN", "IMPORTED", "NOT_RECORDED", "REFUSED", "SIGNED", "VERBAL"]
