"""What the workbook's sheet and the PDF's section on agrobiodiversity both say."""

from __future__ import annotations

from agroferia.core import stats
from agroferia.core.disclosure import THRESHOLD
from agroferia.core.products.figures import OFFERS
from agroferia.i18n import _, _n
from agroferia.reports import common
from agroferia.reports.published_products import PublishedProducts


def headline(p: PublishedProducts) -> str:
    """«En el periodo la feria trajo N productos, M de ellos variedades nativas, de R
    regiones.»"""
    f = p.figures
    if not f.products:
        return _("En el periodo los expositores presentes no registraron productos.")
    products = _n(f.products, "1 producto", "{n} productos")
    native = _n(f.native, "1 de ellos variedad nativa", "{n} de ellos variedades nativas")
    if not f.regions:
        return _("En el periodo la feria trajo {products}, {native}.",
                 products=products, native=native)  # fmt: skip
    regions = _n(f.regions, "1 región", "{n} regiones")
    return _("En el periodo la feria trajo {products}, {native}, de {regions}.",
             products=products, native=native, regions=regions)  # fmt: skip


def basis(p: PublishedProducts, sales_total: int) -> str:
    """What the figures rest on."""
    f = p.figures
    if f.counted_from == OFFERS or f.sold is None:
        return _("Cuenta los productos que ofrecen los expositores presentes según el padrón; "
                 "las ventas no indican producto.")  # fmt: skip
    text = _("Cuenta los productos que ofrecen los expositores presentes según el padrón y los "
             "que nombran las ventas del periodo.")  # fmt: skip
    if p.sold_shown and sales_total:
        share = common.percent(stats.percentage(f.sold.sales_named, sales_total))
        text += " " + _("Las ventas que indican su producto son el {share} de las ventas.",
                        share=share)  # fmt: skip
    return text


def native_vendors_title() -> str:
    return _("Expositores presentes que ofrecen al menos una variedad nativa")


def regions_note() -> str:
    return _("Por región de origen: los productos que ofrecen los expositores de cada región "
             "(un producto puede ofrecerse en varias regiones).")  # fmt: skip


def definition() -> str:
    return _(
        "<b>Agrobiodiversidad</b>: los productos distintos que ofrecen, según el padrón, los "
        "expositores presentes en el periodo, más los que nombran las ventas cuando alguna "
        "lo indica. <b>Variedad nativa</b>: cultivo o variedad andina o amazónica nativa, "
        "según el catálogo de productos. <b>Regiones</b>: las de origen de los expositores "
        "presentes que ofrecen algún producto. Las regiones con menos de {n} expositores que "
        "ofrecen productos se suman en «Otras regiones».",
        n=THRESHOLD,
    )
