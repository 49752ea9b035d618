"""the catalogue of products and native varieties, what each vendor offers, a sale's product

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30

``product`` is the catalogue: a name, its rubro, its kind (fresh, processed, prepared,
handicraft), whether it is a native Andean or Amazonian crop or variety, its scientific and
local names.  It is seeded with the products common at Peruvian agroferias (``SEED``);
a seeded product whose rubro the organization has renamed or never had is not seeded.
``vendor_product`` says what each vendor offers; ``sale.product_id`` what a sale was of,
when it says it.
"""

from __future__ import annotations

import csv
import datetime as dt
import unicodedata
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

KINDS = "'fresh', 'processed', 'prepared', 'handicraft'"

# the starter catalogue, one product per line (``native``: yes or no)
SEED = Path(__file__).resolve().parent.parent / "seed" / "products_0010.csv"


def products() -> list[dict[str, str]]:
    with SEED.open(encoding="utf-8", newline="") as rows:
        return list(csv.DictReader(rows))


def _fold(name: str) -> str:
    """Upper case, no accents, single spaces: the product's ``name_key`` (as
    ``core.ubigeo.fold``)."""
    bare = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return " ".join(bare.split()).upper()


def upgrade() -> None:
    op.create_table(
        "product",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("name_key", sa.String(length=80), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("native", sa.Boolean(), nullable=False),
        sa.Column("scientific_name", sa.String(length=120), nullable=True),
        sa.Column("local_names", sa.String(length=200), nullable=True),
        sa.Column("practice", sa.String(length=200), nullable=True),
        sa.Column("reviewed", sa.Boolean(), nullable=False),
        sa.Column("merged_into_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(f"kind IN ({KINDS})", name=op.f("ck_product_kind")),
        sa.ForeignKeyConstraint(
            ["category_id"], ["category.id"], name=op.f("fk_product_category_id_category")
        ),
        sa.ForeignKeyConstraint(
            ["merged_into_id"], ["product.id"], name=op.f("fk_product_merged_into_id_product")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_product")),
        sa.UniqueConstraint("name", name=op.f("uq_product_name")),
        sa.UniqueConstraint("name_key", name=op.f("uq_product_name_key")),
    )
    with op.batch_alter_table("product", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_product_category_id"), ["category_id"], unique=False)
    op.create_table(
        "vendor_product",
        sa.Column("vendor_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["product_id"], ["product.id"], name=op.f("fk_vendor_product_product_id_product")
        ),
        sa.ForeignKeyConstraint(
            ["vendor_id"], ["vendor.id"], name=op.f("fk_vendor_product_vendor_id_vendor")
        ),
        sa.PrimaryKeyConstraint("vendor_id", "product_id", name=op.f("pk_vendor_product")),
    )
    with op.batch_alter_table("vendor_product", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_vendor_product_product_id"), ["product_id"], unique=False
        )
    # a plain ADD COLUMN: the sales table is not copied, however long it is
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "ALTER TABLE sale ADD COLUMN product_id INTEGER"
            " CONSTRAINT fk_sale_product_id_product REFERENCES product (id)"
        )
    else:
        op.add_column(
            "sale",
            sa.Column(
                "product_id",
                sa.Integer(),
                sa.ForeignKey("product.id", name=op.f("fk_sale_product_id_product")),
                nullable=True,
            ),
        )
    with op.batch_alter_table("sale", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sale_product_id"), ["product_id"], unique=False)
    _seed()


def _seed() -> None:
    conn = op.get_bind()
    category = sa.table("category", sa.column("id", sa.Integer), sa.column("name", sa.String))
    rubros = {_fold(name): id_ for id_, name in conn.execute(sa.select(category))}
    product = sa.table(
        "product",
        *(sa.column(name) for name in ("name", "name_key", "category_id", "kind", "native")),
        *(sa.column(name) for name in ("scientific_name", "local_names", "reviewed")),
        sa.column("created_at", sa.DateTime),
    )
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    rows = [
        {"name": p["name"], "name_key": _fold(p["name"]), "category_id": rubros[_fold(p["rubro"])], "kind": p["kind"],
         "native": p["native"] == "yes", "scientific_name": p["scientific_name"] or None,
         "local_names": p["local_names"] or None, "reviewed": True, "created_at": now}
        for p in products()
        if _fold(p["rubro"]) in rubros
    ]  # fmt: skip
    if rows:
        op.bulk_insert(product, rows)


def downgrade() -> None:
    with op.batch_alter_table("sale", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sale_product_id"))
    conn = op.get_bind()
    sqlite = conn.dialect.name == "sqlite"
    # SQLite drops the column by copying the table, which loses its triggers (the sales'
    # attendance, migration 0003): they are made again on the copy
    triggers = (
        list(conn.scalars(sa.text(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'sale'"
        )))
        if sqlite
        else []
    )  # fmt: skip
    with op.batch_alter_table("sale", schema=None) as batch_op:
        if not sqlite:  # SQLite's copy leaves the key out
            batch_op.drop_constraint(batch_op.f("fk_sale_product_id_product"), type_="foreignkey")
        batch_op.drop_column("product_id")
    for trigger in triggers:
        op.execute(trigger)
    with op.batch_alter_table("vendor_product", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_vendor_product_product_id"))
    op.drop_table("vendor_product")
    with op.batch_alter_table("product", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_product_category_id"))
    op.drop_table("product")
