"""What the demo's vendors offer: products of their rubros, as at the real fair.

Every product of a rubro in the catalogue is offered by at least one of the rubro's
vendors (so the demo fair brings about 150 products, the native varieties among them), and
a few vendors list names the catalogue lacks, which an organizer can review or merge
(``NEW_NAMES``).  The draws come from a generator of their own, so that the rest of the
demo (people, sales, fees) is the same with or without products.
"""

from __future__ import annotations

import random
from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from agroferia.core.collation import text_key
from agroferia.core.models import Category, Product

# names vendors of the demo offer that the catalogue lacks, by rubro: two of them are
# local names of *papa nativa*, to be merged into it
NEW_NAMES = {
    "Tubérculos, granos y menestras": ("Papa huayro", "Papa peruanita", "Maíz cancha"),
    "Hortalizas y verduras": ("Brócoli", "Coliflor"),
    "Frutas de costa y selva": ("Tuna",),
    "Productos transformados": ("Mermelada de tumbo",),
    "Gastronomía": ("Cebiche de chocho",),
}


def catalogue_by_rubro(session: Session) -> dict[str, list[str]]:
    """The catalogue's product names by rubro name, in dictionary order."""
    by_rubro: dict[str, list[str]] = defaultdict(list)
    for name, rubro in session.execute(
        select(Product.name, Category.name)
        .join(Category, Category.id == Product.category_id)
        .where(Product.merged_into_id.is_(None))
    ):
        by_rubro[rubro].append(name)
    return {rubro: sorted(names, key=text_key) for rubro, names in by_rubro.items()}


def assign(
    rng: random.Random,
    rows: list[dict],
    catalogue: dict[str, list[str]],
    *,
    new_names: dict[str, tuple[str, ...]] | None = None,
) -> None:
    """Adds ``products`` to each vendor row (``main_category``, ``other_categories``): the
    rubro's products dealt out among its vendors, then two to five more of its own rubros."""
    by_rubro: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        row["products"] = []
        by_rubro[row["main_category"]].append(row)
    for rubro, members in by_rubro.items():
        names = list(catalogue.get(rubro, ()))
        rng.shuffle(names)
        for i, name in enumerate(names):  # every product of the rubro offered once at least
            members[i % len(members)]["products"].append(name)
        for i, name in enumerate((new_names or {}).get(rubro, ())):
            members[(i * 3 + 1) % len(members)]["products"].append(name)
    for row in rows:
        pick(rng, row, catalogue)


def pick(rng: random.Random, row: dict, catalogue: dict[str, list[str]]) -> None:
    """Adds two to five products of the vendor row's rubros to its ``products``."""
    listed = row.setdefault("products", [])
    own = [row["main_category"], *row.get("other_categories", ())]
    choices = [name for rubro in own for name in catalogue.get(rubro, ())]
    for name in rng.sample(choices, min(rng.randint(2, 5), len(choices))):
        if name not in listed:
            listed.append(name)
