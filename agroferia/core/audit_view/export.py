"""The Registro de cambios to a CSV file: the entries the filters keep, newest first, with
the snapshots of vendors stripped of their personal data (see ``describe``), every field
safe from spreadsheet formulas, the file 0600 and written whole or not at all.  The export
is itself audited: who, how many entries, which filters."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from sqlalchemy.orm import Session

from agroferia.core import audit
from agroferia.core.audit_view.describe import ACTION_LABELS, ENTITY_LABELS, label, scrubbed
from agroferia.core.audit_view.query import Filters, require_reader, walk
from agroferia.core.cell_text import csv_writer
from agroferia.core.files import replacing
from agroferia.core.models import utcnow
from agroferia.i18n import lazy

ENTITY = "audit_log"  # the audit entry of an export
COLUMNS = (
    lazy("Fecha y hora"),
    lazy("Persona"),
    lazy("Acción"),
    lazy("Entidad"),
    lazy("Código"),
    lazy("Resumen"),
    lazy("Motivo"),
    lazy("Antes"),
    lazy("Después"),
)


def _json(entity: str, text: str | None) -> str:
    if not text:
        return ""
    try:
        data = json.loads(text)
    except ValueError:
        return ""
    if not isinstance(data, dict):
        return ""
    return json.dumps(scrubbed(entity, data), ensure_ascii=False, sort_keys=True)


OMITTED = lazy("(texto libre, no se exporta)")


def _local(at: dt.datetime) -> str:
    """A naive UTC time of the trail in this computer's time."""
    local = at.replace(tzinfo=dt.UTC).astimezone().replace(tzinfo=None)
    return local.strftime("%Y-%m-%d %H:%M:%S")


def export_csv(session: Session, actor: str, path: Path | str,
               filters: Filters | None = None) -> int:  # fmt: skip
    """Writes the entries ``filters`` keeps to ``path``; returns how many.  A vendor's
    entries keep their code and which fields changed, never the person's data; no reason
    is written (a reason, typed freely, may name anyone: a sale corrected because «Rosa
    Quispe dijo…», an imported file's name), only that there was one.  The caller commits
    (the export's own entry)."""
    require_reader(session, actor)
    filters = filters or Filters()
    written = 0
    with replacing(path) as temporary, temporary.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv_writer(fh)
        writer.writerow([c.render() for c in COLUMNS])
        for entry in walk(session, filters):
            writer.writerow([
                _local(entry.at), entry.who, label(ACTION_LABELS, entry.action),
                label(ENTITY_LABELS, entry.entity), entry.code, entry.summary,
                OMITTED.render() if entry.reason else "",
                _json(entry.entity, entry.before), _json(entry.entity, entry.after),
            ])  # fmt: skip
            written += 1
    audit.record(session, actor, "export", ENTITY, None,
                 after={"entries": written, "filters": filters.plain(),
                        "at": utcnow().isoformat(timespec="seconds")})  # fmt: skip
    return written
