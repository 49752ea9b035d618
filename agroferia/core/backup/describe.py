"""What a backup holds, in words: for the command line and the window."""

from __future__ import annotations

from agroferia.core.backup import manifest as mf
from agroferia.core.backup.manifest import BackupInfo
from agroferia.core.money import format_money
from agroferia.i18n import N_, _, translate

REASONS = {
    mf.MANUAL: N_("manual"),
    mf.CLOSE: N_("al cerrar"),
    mf.DAILY: N_("diaria"),
    mf.BEFORE_RESTORE: N_("antes de restaurar"),
    mf.BEFORE_DEMO: N_("antes de la demo"),
}


def reason(info: BackupInfo) -> str:
    return translate(REASONS.get(info.reason, mf.MANUAL))


def when(info: BackupInfo) -> str:
    return f"{info.created_local:%d/%m/%Y %H:%M}"


def size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 100_000 else f"{n / 1e3:.0f} kB"


def fairs(info: BackupInfo) -> str:
    return ", ".join(info.contents.fairs) or _("ninguna")


def lines(info: BackupInfo) -> list[str]:
    """Date, fairs, vendors, fair days, sales and their total, version."""
    c = info.contents
    last = c.last_fair_day.strftime("%d/%m/%Y") if c.last_fair_day else _("ninguna")
    return [
        _("  Fecha: {date} ({reason})", date=when(info), reason=reason(info)),
        _("  Ferias: {fairs}", fairs=fairs(info)),
        _("  Expositores: {n}", n=f"{c.vendors:,}"),
        _("  Jornadas: {n} (última: {last})", n=f"{c.fair_days:,}", last=last),
        _("  Ventas: {n} por {total}", n=f"{c.sales:,}",
          total=format_money(c.sales_total_cents, cents=True)),
        _("  Hecha con Agroferia {version} (esquema {revision}); {size}", version=info.app_version,
          revision=info.schema_revision, size=size(info.size)),
    ]  # fmt: skip


def table(infos: list[BackupInfo]) -> list[str]:
    """One line per backup, with a header."""
    header = (_("Fecha"), _("Tipo"), _("Ferias"), _("Expos."), _("Jornadas"),
              _("Última jornada"), _("Ventas"), _("Total"), _("Tamaño"), _("Archivo"))  # fmt: skip
    rows = [header]
    for info in infos:
        c = info.contents
        rows.append((
            when(info), reason(info), fairs(info), f"{c.vendors:,}", f"{c.fair_days:,}",
            c.last_fair_day.strftime("%d/%m/%Y") if c.last_fair_day else "—",
            f"{c.sales:,}", format_money(c.sales_total_cents, cents=True), size(info.size),
            info.path.name,
        ))  # fmt: skip
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    right = {3, 4, 6, 7, 8}
    return [
        "  ".join(cell.rjust(w) if i in right else cell.ljust(w)
                  for i, (cell, w) in enumerate(zip(row, widths, strict=True))).rstrip()
        for row in rows
    ]  # fmt: skip
