"""A plain-text summary of ``core.stats`` for the terminal, in the current language."""

from __future__ import annotations

from agroferia.core import labels
from agroferia.core.money import format_money
from agroferia.core.plain_text import shown
from agroferia.core.products.figures import OFFERS
from agroferia.core.stats import NOT_STATED, Stats
from agroferia.i18n import _


def _money(cents: int) -> str:
    return format_money(cents, cents=True)


def _visitors(stats: Stats) -> str:
    if not stats.visitor_estimates:
        return _("Visitantes: sin estimación")
    text = _("Visitantes (estimado): {n}", n=f"{stats.visitors:,}")
    if stats.visitor_estimates < stats.fair_days:
        text += " " + _(
            "(estimado en {n} de {days} jornadas)", n=stats.visitor_estimates, days=stats.fair_days
        )
    return text


def _fees(stats: Stats) -> str:
    due, paid = _money(stats.fees_due), _money(stats.fees_paid)
    outstanding = _money(stats.fees_outstanding)
    if not stats.fees_paid_later:
        return _("Cuotas: debidas {due}, cobradas {paid}, pendientes {outstanding}",
                 due=due, paid=paid, outstanding=outstanding)  # fmt: skip
    return _(
        "Cuotas: debidas {due}, cobradas {paid}, pagadas después del cierre {later}, "
        "pendientes {outstanding}",
        due=due, paid=paid, later=_money(stats.fees_paid_later), outstanding=outstanding,
    )  # fmt: skip


def _products(stats: Stats) -> list[str]:
    p = stats.products
    if not p.products:
        return [_("Productos: ninguno de los expositores presentes tiene productos registrados")]
    basis = (
        _("  Según lo que ofrecen los expositores presentes; las ventas no indican producto.")
        if p.counted_from == OFFERS
        else _("  Según lo que ofrecen los expositores presentes y lo que nombran las ventas.")
    )
    return [
        _("Productos: {n} (variedades nativas: {native}; regiones de origen: {regions})",
          n=p.products, native=p.native, regions=p.regions),
        basis,
        _("  Expositores con al menos una variedad nativa: {n}", n=p.native_vendors),
    ]  # fmt: skip


def summary_text(stats: Stats) -> str:
    v, s = stats.vendors, stats.sales
    low, high = stats.youth_range
    pct = lambda n: f"{stats.share(n)} %"  # noqa: E731
    lines = [
        _("Estadísticas del {start} al {end}", start=stats.start.strftime("%d/%m/%Y"),
          end=stats.end.strftime("%d/%m/%Y")),
        _("Feria: {fair}", fair=stats.fair or _("todas")),
        "",
        _("Jornadas realizadas: {n}", n=stats.fair_days),
        _visitors(stats),
        "",
        _("Expositores inscritos: {n} (activos: {active})", n=v.registered, active=v.active),
        _("Expositores presentes: {n}", n=v.present),
    ]  # fmt: skip
    for sex, count in v.by_sex.items():
        if count or sex in ("F", "M"):
            lines.append(f"  {labels.SEX_PLURAL[sex]}: {count} ({pct(count)})")
    lines += [
        _("  Jóvenes ({low} a {high} años): {n} ({pct})", low=low, high=high, n=v.youth, pct=pct(v.youth)),
        _("  Mujeres jóvenes: {n}", n=v.youth_women),
        _("  Sin fecha de nacimiento: {n}", n=v.age_not_stated),
        "",
        _("Ventas totales: {total}", total=_money(s.total)),
    ]  # fmt: skip
    for sex, cents in s.by_sex.items():
        if cents or sex in ("F", "M"):
            lines.append(f"  {labels.SEX_PLURAL[sex]}: {_money(cents)}")
    lines += [
        f"  {labels.AGE_GROUP['youth']}: {_money(s.youth)}",
        f"  {labels.AGE_GROUP['non_youth']}: {_money(s.non_youth)}",
        f"  {labels.AGE_GROUP['not_stated']}: {_money(s.age_not_stated)}",
        _("  Promedio por expositor y jornada: {amount}", amount=format_money(stats.average_per_vendor_day)),
        "",
        _fees(stats),
        "",
        *_products(stats),
    ]  # fmt: skip
    sections = [
        (_("Expositores presentes por rubro principal:"), {k: str(n) for k, n in v.by_category.items()}),
        (_("Ventas por rubro:"), {k: _money(c) for k, c in s.by_category.items()}),
        (_("Ventas por medio de pago:"),
         {str(labels.PAYMENT_METHOD[k]): _money(c) for k, c in s.by_payment_method.items() if c}),
        (_("Ventas por jornada:"), {d.strftime("%d/%m/%Y"): _money(c) for d, c in s.by_fair_day.items()}),
        (_("Productos por rubro:"),
         {k: _("{n} ({native} nativos)", n=c.products, native=c.native)
          for k, c in stats.products.by_category.items()}),
        (_("Regiones de origen de los expositores presentes:"),
         {str(labels.NOT_STATED_REGION) if k == NOT_STATED else k: str(n) for k, n in stats.regions.items()}),
    ]  # fmt: skip
    for title, rows in sections:
        if rows:
            lines += ["", title, *(f"  {shown(name)}: {value}" for name, value in rows.items())]
    if not stats.fair_days:
        lines += ["", _("No hubo actividad en este periodo.")]
    return "\n".join(lines)
