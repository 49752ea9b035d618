"""The words the window uses for backups: when the last one was made (the status bar),
where they go, and what one holds (the questions before restoring, the messages after)."""

from __future__ import annotations

import datetime as dt
from html import escape
from pathlib import Path

from agroferia.core.backup import describe
from agroferia.core.backup.manifest import BackupInfo
from agroferia.core.backup.restore import RestoreResult
from agroferia.core.money import format_money
from agroferia.i18n import _, _n


def last_text(info: BackupInfo | None, overdue: bool, now: dt.datetime | None = None) -> str:
    """ "Última copia: hoy 21:30" / "ayer 18:02" / "29/11/2026", or, when overdue,
    "Sin copia de seguridad desde hace 9 días"."""
    local_now = (now or dt.datetime.now(dt.UTC)).astimezone()
    if info is None:
        return _("Sin copia de seguridad todavía")
    made = info.created_local.astimezone(local_now.tzinfo)
    days = (local_now.date() - made.date()).days
    if overdue:
        return _n(days, "Sin copia de seguridad desde hace 1 día",
                  "Sin copia de seguridad desde hace {n} días")  # fmt: skip
    if days == 0:
        return _("Última copia: hoy {time}", time=f"{made:%H:%M}")
    if days == 1:
        return _("Última copia: ayer {time}", time=f"{made:%H:%M}")
    return _("Última copia: {date}", date=f"{made:%d/%m/%Y}")


def folders_text(folder: Path, second: Path | None, last: BackupInfo | None) -> str:
    """The tooltip of the status bar: where the copies go, and the last one."""
    lines = [_("Copias automáticas en: {folder}", folder=folder)]
    if second is None:
        lines.append(_("Segunda carpeta: ninguna (elíjala en Configuración)"))
    elif not second.is_dir():
        lines.append(_("Segunda carpeta: {folder} (no conectada ahora)", folder=second))
    else:
        lines.append(_("Segunda carpeta: {folder}", folder=second))
    if last is not None:
        lines.append(_("Última copia: {path}", path=last.path))
    return "\n".join(lines)


def contents_html(info: BackupInfo) -> str:
    """What a backup holds, as a small table: date, fairs, vendors, fair days, sales."""
    c = info.contents
    last = c.last_fair_day.strftime("%d/%m/%Y") if c.last_fair_day else _("ninguna")
    sales = _("{n} por {total}", n=f"{c.sales:,}",
              total=format_money(c.sales_total_cents, cents=True))  # fmt: skip
    made = _("Agroferia {version}; {size}", version=info.app_version,
             size=describe.size(info.size))  # fmt: skip
    rows = [
        (_("Fecha de la copia"), f"{describe.when(info)} ({describe.reason(info)})"),
        (_("Ferias"), describe.fairs(info)),
        (_("Expositores"), f"{c.vendors:,}"),
        (_("Jornadas"), _("{n} (última: {last})", n=f"{c.fair_days:,}", last=last)),
        (_("Ventas"), sales),
        (_("Hecha con"), made),
    ]
    cells = "".join(
        f"<tr><td valign='top' style='padding-right:12px'><b>{escape(label)}</b></td>"
        f"<td>{escape(value)}</td></tr>"
        for label, value in rows
    )
    return f"<table>{cells}</table>"


def restored_text(result: RestoreResult) -> str:
    """What a restore did: which backup went where, and where the data replaced was kept."""
    lines = [_("Se restauró la copia {name} en {path}.", name=result.backup.path.name,
               path=result.target)]  # fmt: skip
    if result.before is not None:
        lines.append(_("Los datos que había antes se guardaron en {path}",
                       path=result.before.path))  # fmt: skip
    if result.set_aside is not None:
        lines.append(_("La base de datos dañada se guardó aparte como {path}",
                       path=result.set_aside))  # fmt: skip
    if result.warning is not None:
        lines.append(result.warning.render())
    return "\n\n".join(lines)
