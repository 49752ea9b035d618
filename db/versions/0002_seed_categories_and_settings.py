"""seed the eight Magdalena rubros and the default settings

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# The rubros of the Agroferia Campesina de Magdalena, named as the fair names them.
CATEGORIES = [
    ("Productos transformados", "mermeladas, miel, hojuelas, chifles"),
    ("Frutas de costa y selva", "mango, palta, piña, plátano, cítricos"),
    ("Hortalizas y verduras", "verduras de hoja, hortalizas, hierbas aromáticas"),
    ("Productos frescos", "quesos, yogur"),
    ("Tubérculos, granos y menestras", "papas nativas, maíz, quinua, frejoles"),
    ("Gastronomía", "platos y bebidas preparados"),
    ("Panadería y tamales", "panes, tamales, humitas"),
    ("Artesanía", "bolsas, canastas"),
]

SETTINGS = {
    "organization_name": "",
    "municipality_name": "",
    "logo_path": "",
    "youth_min_age": "15",
    "youth_max_age": "29",
    "currency": "PEN",
    "default_fair_id": "",
    "language": "es",
}

category = sa.table(
    "category",
    sa.column("name", sa.String),
    sa.column("description", sa.String),
    sa.column("active", sa.Boolean),
)
setting = sa.table("setting", sa.column("key", sa.String), sa.column("value", sa.Text))


def upgrade() -> None:
    conn = op.get_bind()
    existing = set(conn.scalars(sa.select(category.c.name)))
    op.bulk_insert(
        category,
        [
            {"name": name, "description": desc, "active": True}
            for name, desc in CATEGORIES
            if name not in existing
        ],
    )
    present = set(conn.scalars(sa.select(setting.c.key)))
    op.bulk_insert(
        setting, [{"key": k, "value": v} for k, v in SETTINGS.items() if k not in present]
    )


def downgrade() -> None:
    op.execute(setting.delete().where(setting.c.key.in_(list(SETTINGS))))
