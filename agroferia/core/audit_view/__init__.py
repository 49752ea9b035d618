"""The audit trail as people read it: the *Registro de cambios* (``query``: filtered pages,
newest first; ``describe``: who, which record, what changed) and its CSV export without
the vendors' personal data (``export``).  Only an organizer's or an administrator's
account reads it."""

from agroferia.core.audit_view.describe import ACTION_LABELS, ENTITY_LABELS, scrubbed
from agroferia.core.audit_view.export import COLUMNS, ENTITY, export_csv
from agroferia.core.audit_view.query import (
    PAGE_SIZE,
    Entry,
    Filters,
    Person,
    choices,
    count,
    page,
    require_reader,
)

__all__ = [
    "ACTION_LABELS",
    "COLUMNS",
    "ENTITY",
    "ENTITY_LABELS",
    "PAGE_SIZE",
    "Entry",
    "Filters",
    "Person",
    "choices",
    "count",
    "export_csv",
    "page",
    "require_reader",
    "scrubbed",
]
