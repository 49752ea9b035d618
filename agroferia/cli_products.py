"""The catalogue of products from the command line.

    agroferia [--db …] products list [--rubro R] [--native] [--unreviewed] [--json]
    agroferia [--db …] [--user NAME] products add --name N --rubro R [--kind K] [--native]
                                                  [--scientific S] [--local-names L]
    agroferia [--db …] [--user NAME] products merge --from NAME --into NAME [--yes]

``list`` shows each product with its rubro, kind, whether it is a native variety and how
many vendors offer it; ``add`` adds a reviewed product; ``merge`` says what merging one
product into another would move and, with ``--yes``, merges them (the vendors who offer the
first offer the second, the sales that name it name the second, and its name finds the
second from then on).
"""

from __future__ import annotations

import argparse
import json

from agroferia.i18n import _, _n, lazy


def add_parser(sub) -> None:
    products = sub.add_parser(
        "products", help=_("el catálogo de productos: listarlo, añadir uno o unir dos")
    )
    actions = products.add_subparsers(dest="action", metavar=_("acción"), required=True)
    one = actions.add_parser("list", help=_("los productos del catálogo, en orden alfabético"))
    one.add_argument("--rubro", metavar=_("RUBRO"), help=_("solo los de este rubro"))
    one.add_argument("--native", action="store_true", help=_("solo las variedades nativas"))
    one.add_argument("--unreviewed", action="store_true", help=_("solo los que faltan revisar"))
    one.add_argument("--json", action="store_true", help=_("en JSON"))
    one = actions.add_parser("add", help=_("añade un producto al catálogo"))
    one.add_argument("--name", required=True, metavar=_("NOMBRE"))
    one.add_argument("--rubro", required=True, metavar=_("RUBRO"))
    one.add_argument(
        "--kind",
        metavar=_("TIPO"),
        help=_("fresco, transformado, preparado o artesanía (fresco si no se indica)"),
    )
    one.add_argument("--native", action="store_true", help=_("es una variedad nativa"))
    one.add_argument("--scientific", metavar=_("NOMBRE"), help=_("nombre científico"))
    one.add_argument(
        "--local-names", metavar=_("NOMBRES"), help=_("nombres locales, separados por ;")
    )
    one = actions.add_parser(
        "merge", help=_("une un producto a otro (por ejemplo, un nombre repetido)")
    )
    one.add_argument("--from", dest="source", required=True, metavar=_("NOMBRE"),
                     help=_("el producto que se une (su nombre seguirá encontrando al otro)"))  # fmt: skip
    one.add_argument("--into", dest="target", required=True, metavar=_("NOMBRE"),
                     help=_("el producto que queda"))  # fmt: skip
    one.add_argument(
        "--yes", action="store_true", help=_("une de verdad (sin él solo dice qué pasaría)")
    )


def run(args: argparse.Namespace) -> int:
    from agroferia.cli import _open

    db = _open(args, create=False)
    try:
        if args.action == "list":
            return _list(db, args)
        return _add(db, args) if args.action == "add" else _merge(db, args)
    finally:
        db.close()


def _product(session, name: str):
    """The product of the catalogue with this name (a merged one as it is: it cannot be
    merged again), or ``NotFoundError``."""
    from agroferia.core.errors import NotFoundError
    from agroferia.core.products import catalogue

    found = catalogue.find(session, name, follow=False)
    if found is None:
        raise NotFoundError(lazy("No hay un producto «{name}» en el catálogo.", name=name))
    return found


def _rubro(session, name: str):
    from agroferia.core import catalog
    from agroferia.core.errors import NotFoundError

    found = catalog.find_category(session, name)
    if found is None:
        raise NotFoundError(lazy("No existe el rubro «{name}».", name=name))
    return found


def _list(db, args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from agroferia.core.models import Category
    from agroferia.core.products import catalogue

    with db.Session() as s:
        category_id = _rubro(s, args.rubro).id if args.rubro else None
        found = catalogue.products(s, category_id=category_id)
        if args.native:
            found = [p for p in found if p.native]
        if args.unreviewed:
            found = [p for p in found if not p.reviewed]
        offering = catalogue.offered_by(s)
        rubros = dict(s.execute(select(Category.id, Category.name)).all())
        rows = [
            {
                "name": p.name,
                "rubro": rubros.get(p.category_id),
                "kind": p.kind,
                "native": bool(p.native),
                "reviewed": bool(p.reviewed),
                "scientific_name": p.scientific_name,
                "local_names": p.local_names,
                "vendors": offering.get(p.id, 0),
            }
            for p in found
        ]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print(_("No hay productos."))
        return 0
    width = max(len(r["name"]) for r in rows)
    rubro_width = max(len(r["rubro"] or "") for r in rows)
    native, unreviewed = _("nativa"), _("por revisar")
    for r in rows:
        kind = catalogue.KIND_LABELS[r["kind"]].render()
        marks = [m for m, on in ((native, r["native"]), (unreviewed, not r["reviewed"])) if on]
        vendors = _n(r["vendors"], "{n} expositor", "{n} expositores")
        print(f"{r['name']:<{width}}  {r['rubro'] or '':<{rubro_width}}  {kind:<12}  "
              f"{vendors:<15}  {', '.join(marks)}".rstrip())  # fmt: skip
    print(_n(len(rows), "{n} producto", "{n} productos"))
    return 0


def _add(db, args: argparse.Namespace) -> int:
    from agroferia.core.products import catalogue

    data = {
        "name": args.name,
        "category": _rubro_name(db, args.rubro),
        "kind": args.kind,
        "native": args.native,
        "scientific_name": args.scientific,
        "local_names": args.local_names,
    }
    with db.Session.begin() as s:
        product = catalogue.add(s, args.actor, data)
        said = _("Producto añadido al catálogo: {name} ({rubro})", name=product.name,
                 rubro=product.category.name)  # fmt: skip
    print(said)
    return 0


def _rubro_name(db, name: str) -> str:
    """The rubro as the catalogue's check takes it, refused in words when it is not one."""
    with db.Session() as s:
        return _rubro(s, name).name


def _merge(db, args: argparse.Namespace) -> int:
    from agroferia.core import accounts
    from agroferia.core.errors import OperationError
    from agroferia.core.products import catalogue

    with db.Session() as s:
        accounts.require(s, args.actor, accounts.Right.REGISTRY)
        source, target = _product(s, args.source), _product(s, args.target)
        if source.id == target.id:
            raise OperationError(lazy("Un producto no se puede unir consigo mismo."))
        for product in (source, target):
            if product.merged_into_id is not None:
                raise OperationError(
                    lazy("«{name}» ya se unió a otro producto.", name=product.name)
                )
        moving = catalogue.merge_count(s, source.id)
        names = {"source": source.name, "target": target.name}
        ids = (source.id, target.id)
    moved = (
        _n(moving.vendors, "{n} expositor", "{n} expositores")
        + ", "
        + _n(moving.sales, "{n} venta", "{n} ventas")
    )
    if not args.yes:
        print(_("Si se une «{source}» a «{target}», pasan a «{target}»: {moved}.", moved=moved,
                **names))  # fmt: skip
        print(_("No se cambió nada: repita el comando con --yes para unirlos."))
        return 0
    with db.Session.begin() as s:
        done = catalogue.merge(s, args.actor, *ids)
    moved = (
        _n(done.vendors, "{n} expositor", "{n} expositores")
        + ", "
        + _n(done.sales, "{n} venta", "{n} ventas")
    )
    print(_("«{source}» se unió a «{target}»: {moved}.", moved=moved, **names))
    return 0
