"""A plain-text summary of ``core.stats`` for the terminal, in the current language."""

from __future__ import annotations

from agroferia.core import labels
from agroferia.core.money import format_money
from agroferia.core.stats import NOT_STATED, Stats
from agroferia.i18n import _


def _pct(stats: Stats, count: int) -> str:
    return f"{stats.share(count)} %"


def summary_text(stats: Stats) -> str:
    v, s = stats.vendors, stats.sales
    money = lambda cents: format_money(cents, cents=True)  # noqa: E731
    low, high = stats.youth_range
    lines = [
        _("Estadísticas del {start} al {end}", start=stats.start.strftime("%d/%m/%Y"), end=stats.end.strftime("%d/%m/%Y")),
        _("Feria: {fair}", fair=stats.fair or _("todas")),
        "",
        _("Jornadas realizadas: {n}", n=stats.fair_days),
        _("Visitantes (estimado): {n}", n=f"{stats.visitors:,}"),
        "",
        _("Expositores inscritos: {n} (activos: {active})", n=v.registered, active=v.active),
        _("Expositores presentes: {n}", n=v.present),
        _("  Mujeres: {n} ({pct})", n=v.by_sex["F"], pct=_pct(stats, v.by_sex["F"])),
        _("  Hombres: {n} ({pct})", n=v.by_sex["M"], pct=_pct(stats, v.by_sex["M"])),
        _("  Jóvenes ({low} a {high} años): {n} ({pct})", low=low, high=high, n=v.youth, pct=_pct(stats, v.youth)),
        _("  Mujeres jóvenes: {n}", n=v.youth_women),
        _("  Sin fecha de nacimiento: {n}", n=v.age_not_stated),
        "",
        _("Ventas totales: {total}", total=money(s.total)),
        _("  De mujeres: {amount}", amount=money(s.by_sex["F"])),
        _("  De jóvenes: {amount}", amount=money(s.youth)),
        _("  Promedio por expositor y jornada: {amount}", amount=format_money(stats.average_per_vendor_day)),
        "",
        _("Cuotas: debidas {due}, cobradas {paid}, pendientes {outstanding}",
          due=money(stats.fees_due), paid=money(stats.fees_paid), outstanding=money(stats.fees_outstanding)),
    ]  # fmt: skip
    if s.by_category:
        lines += ["", _("Ventas por rubro:")]
        lines += [f"  {name}: {money(cents)}" for name, cents in s.by_category.items()]
    methods = {k: c for k, c in s.by_payment_method.items() if c}
    if methods:
        lines += ["", _("Ventas por medio de pago:")]
        lines += [f"  {labels.PAYMENT_METHOD[k]}: {money(c)}" for k, c in methods.items()]
    if stats.regions:
        lines += ["", _("Regiones de origen de los expositores presentes:")]
        lines += [
            f"  {labels.NOT_STATED_REGION if name == NOT_STATED else name}: {n}"
            for name, n in stats.regions.items()
        ]
    if not stats.fair_days:
        lines += ["", _("No hubo actividad en este periodo.")]
    return "\n".join(lines)
