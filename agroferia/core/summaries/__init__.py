"""The summaries the statistics read instead of every sale and every attendance.

- ``sales_summary``: for each fair day, the day's sales added up by the vendor's sex, the
  vendor's age group on that day (under the configured youth range), the rubro and the
  payment method;
- ``presence_summary``: for each vendor, fair and calendar year, the days present and how
  many of them the vendor was young.

Both are derived data, kept current in the transaction of every write that changes what
they add up:

- written through the session (a sale recorded, corrected or deleted, an attendance marked,
  a fair day's date, a vendor's sex or birth date, the youth range): ``upkeep`` watches
  every flush of the application's sessions;
- written with bulk statements (the day sheet's batch, the import, the demo): those writers
  call ``refresh_days`` with the fair days they wrote.

``rebuild`` recomputes them and ``differences`` compares them with a recomputation;
``agroferia summary --check`` and ``--rebuild`` do both on request (sales or attendance
written into the file by hand, outside the application, need a rebuild).
"""

from typing import Any

from agroferia.core.summaries.upkeep import keep_current

# loaded on first use: opening a database needs only ``keep_current``
_MAINTAIN = ("differences", "rebuild", "recomputed", "refresh_attendance", "refresh_days",
             "stored", "vendor_changed")  # fmt: skip
_SERVICE = ("Check", "check", "rebuild_by")

__all__ = ["keep_current", *_MAINTAIN, *_SERVICE]


def __getattr__(name: str) -> Any:
    if name in _MAINTAIN:
        from agroferia.core.summaries import maintain

        return getattr(maintain, name)
    if name in _SERVICE:
        from agroferia.core.summaries import service

        return getattr(service, name)
    raise AttributeError(name)
