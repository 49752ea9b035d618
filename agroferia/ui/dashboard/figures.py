"""What the panel shows, shaped from one ``core.stats.Stats`` and nothing else (no Qt, no
queries): the texts of the cards and the figures of the charts, so that the panel shows what
the exports show for the same period and fair; and the texts of the comparison of the fairs
(``core.network.comparison``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from agroferia.core import stats as core_stats
from agroferia.core.money import format_money
from agroferia.core.network.comparison import Comparison, Row
from agroferia.core.products.figures import OFFERS, Agrobiodiversity
from agroferia.core.stats import AGE_GROUPS, NOT_STATED, YOUTH, Stats
from agroferia.i18n import _, _n
from agroferia.reports.common import age_group_label, percent, region_label, sex_label
from agroferia.reports.network_text import several_text

NBSP = "\u00a0"
NONE = "—"  # a figure that does not exist for the period (a share of nobody)
TOP_REGIONS = 10  # regions named in the chart; the rest are summed as "Otras"


@dataclass(frozen=True)
class Card:
    key: str  # the value label's objectName is card_<key>
    value: str
    caption: str
    detail: str = ""
    tip: str = ""  # what the figure counts, on hovering the card


def count(n: int) -> str:
    return f"{n:,}"


def cards(s: Stats | None) -> list[Card]:
    """The eight cards, in order; ``None`` (no figures: the dates are wrong) gives dashes."""
    if s is None:
        return [
            Card("fair_days", NONE, _("Jornadas")),
            Card("present", NONE, _("Expositores presentes")),
            Card("women", NONE, _("Mujeres"), _("de los presentes")),
            Card("youth", NONE, _("Jóvenes"), _("de los presentes")),
            Card("products", NONE, _("Productos")),
            Card("sales", NONE, _("Ventas totales")),
            Card("average", NONE, _("Promedio de ventas por expositor y jornada")),
            Card("fees_outstanding", NONE, _("Cuotas pendientes")),
        ]
    v = s.vendors
    low, high = s.youth_range
    anyone = v.present > 0
    return [
        Card("fair_days", count(s.fair_days), _("Jornadas")),
        Card(
            "present",
            count(v.present),
            _("Expositores presentes"),
            _("de {n} inscritos", n=count(v.registered)),
        ),
        Card(
            "women",
            percent(s.share(v.by_sex["F"])) if anyone else NONE,
            _("Mujeres"),
            _("de los presentes"),
        ),
        Card(
            "youth",
            percent(s.share(v.youth)) if anyone else NONE,
            _("Jóvenes ({low}–{high} años)", low=low, high=high),
            _("de los presentes"),
        ),
        products_card(s.products),
        Card("sales", format_money(s.sales.total, cents=True), _("Ventas totales")),
        Card(
            "average",
            format_money(s.average_per_vendor_day) if v.attendances else NONE,
            _("Promedio de ventas por expositor y jornada"),
        ),
        Card(
            "fees_outstanding",
            format_money(s.fees_outstanding, cents=True),
            _("Cuotas pendientes"),
            _(
                "cobrado: {paid} de {due}",
                paid=format_money(s.fees_paid + s.fees_paid_later, cents=True),
                due=format_money(s.fees_due, cents=True),
            )
            if s.fees_due
            else "",
        ),
    ]


def products_card(p: Agrobiodiversity) -> Card:
    """Distinct products of the vendors present, with the native varieties and regions under
    it; a dash, and how to record products, when there are none to count."""
    if not p.products:
        return Card("products", NONE, _("Productos"), tip=no_products_tip())
    parts = (
        _n(
            p.native, "{count} variedad nativa", "{count} variedades nativas", count=count(p.native)
        ),
        _n(p.regions, "{count} región", "{count} regiones", count=count(p.regions)),
    )
    # each part kept on one line: a narrow card breaks the line after the dot only
    detail = f"{NBSP}· ".join(part.replace(" ", NBSP) for part in parts)
    return Card("products", count(p.products), _("Productos"), detail, products_tip(p))


def no_products_tip() -> str:
    return _(
        "Ningún expositor presente tiene productos anotados. Anote lo que ofrece cada uno en "
        "su ficha (Expositores → el expositor → «Productos»), o en la columna «Productos» "
        "al importar la lista de expositores."
    )


def products_tip(p: Agrobiodiversity) -> str:
    """What the products card counts: the offers alone, or the offers and the sales."""
    if p.counted_from == OFFERS:
        source = _(
            "Productos distintos según lo que ofrecen los expositores presentes (lo anotado "
            "en la ficha de cada uno); las ventas no indican producto."
        )
    else:
        source = _(
            "Productos distintos que ofrecen los expositores presentes o que nombran las "
            "ventas del periodo."
        )
    return "\n".join(
        [
            source,
            _("Variedades nativas: cultivos o variedades nativos andinos o amazónicos."),
            _("Regiones: de origen de los expositores presentes que ofrecen algún producto."),
        ]
    )


def products_by_category(s: Stats) -> list[tuple[str, int, int]]:
    """(rubro, products, of them native varieties), the most products first, as
    ``core.products.figures`` ranks them."""
    return [(n, c.products, c.native) for n, c in s.products.by_category.items()]


def native_vendors(s: Stats) -> str:
    """How many vendors present offer at least one native variety, by sex and youth."""
    p = s.products
    vendors = _n(
        p.vendors_present,
        "{count} expositor presente",
        "{count} expositores presentes",
        count=count(p.vendors_present),
    )
    line = _n(
        p.native_vendors,
        "{count} de {vendors} ofrece al menos una variedad nativa",
        "{count} de {vendors} ofrecen al menos una variedad nativa",
        count=count(p.native_vendors),
        vendors=vendors,
    )
    groups = p.native_vendors_by_sex_youth
    parts = [
        f"{sex_label(sex)}: {count(sum(groups[sex].values()))}"
        for sex in core_stats.SEXES
        if sex in ("F", "M") or sum(groups[sex].values())
    ]
    parts.append(f"{age_group_label(YOUTH)}: {count(sum(g[YOUTH] for g in groups.values()))}")
    return "{} — {}".format(line, " · ".join(parts)) if p.native_vendors else line


def sales_by_day(s: Stats) -> list[tuple[dt.date, int]]:
    """Every fair day of the period (days without sales too) and its sales in céntimos."""
    return sorted(s.sales.by_fair_day.items())


def sales_by_category(s: Stats) -> list[tuple[str, int, Decimal]]:
    """(rubro, céntimos, % of sales), largest first, as ``Stats`` ranks them."""
    total = s.sales.total
    return [(n, c, core_stats.percentage(c, total)) for n, c in s.sales.by_category.items()]


def regions(s: Stats, top: int = TOP_REGIONS) -> list[tuple[str, int]]:
    """(region, vendors present), largest first; past ``top`` regions the rest are summed as
    "Otras" (a single remaining region keeps its name)."""
    ranked = [(region_label(r), n) for r, n in s.regions.items()]
    if len(ranked) <= top + 1:
        return ranked
    return [*ranked[:top], (_("Otras"), sum(n for _r, n in ranked[top:]))]


@dataclass(frozen=True)
class Participation:
    """Vendors present and share of sales by sex (the bars' categories) and age group
    (one bar each); groups and sexes nobody belongs to are left out, as in the PDF."""

    sexes: list[str]
    sex_names: list[str]
    groups: list[str]
    group_names: list[str]
    present: dict[str, list[int]] = field(default_factory=dict)  # group -> one per sex
    sales_share: dict[str, list[Decimal]] = field(default_factory=dict)  # % of all sales


def participation(s: Stats) -> Participation:
    v, sa = s.vendors, s.sales
    sexes = [x for x in core_stats.SEXES if x in ("F", "M") or v.by_sex[x] or sa.by_sex[x]]
    groups = [
        g
        for g in AGE_GROUPS
        if g != NOT_STATED or any(v.by_sex_youth[x][g] or sa.by_sex_youth[x][g] for x in sexes)
    ]
    return Participation(
        sexes=sexes,
        sex_names=[sex_label(x) for x in sexes],
        groups=groups,
        group_names=[age_group_label(g) for g in groups],
        present={g: [v.by_sex_youth[x][g] for x in sexes] for g in groups},
        sales_share={
            g: [core_stats.percentage(sa.by_sex_youth[x][g], sa.total) for x in sexes]
            for g in groups
        },
    )


def comparison_headers(c: Comparison) -> list[str]:
    low, high = c.youth_range
    return [
        _("Feria"),
        _("Jornadas"),
        _("Expositores presentes"),
        _("% de mujeres"),
        _("% de jóvenes ({low}–{high} años)", low=low, high=high),
        _("Ventas"),
        _("Promedio de ventas por expositor y jornada"),
    ]


def comparison_rows(c: Comparison) -> list[list[str]]:
    """The texts of the comparison of the fairs: one row per fair, then the network's."""

    def texts(row: Row) -> list[str]:
        anyone = row.present > 0
        return [
            row.fair or _("Red (cada productor una vez)"),
            count(row.fair_days),
            count(row.present),
            percent(row.women_share) if anyone else NONE,
            percent(row.youth_share) if anyone else NONE,
            format_money(row.sales, cents=True),
            format_money(row.average) if row.average is not None else NONE,
        ]

    return [texts(r) for r in [*c.rows, c.total]] if not c.empty else []


def comparison_note(c: Comparison) -> str:
    """Why the network counts fewer vendors than the fairs together (or that there is
    nothing to compare)."""
    if c.empty:
        return _("No hubo jornadas en este periodo.")
    return several_text(c.in_several_fairs)
