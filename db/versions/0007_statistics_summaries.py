"""the sales of each fair day and the attendance of each vendor and year, added up for the
statistics

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30

``sales_summary`` holds each fair day's sales added up by the vendor's sex, the vendor's
age group on that day, the rubro and the payment method; ``presence_summary`` each vendor's
days present at a fair in a calendar year, and how many of them the vendor was young.  The
statistics of ten years then read tens of thousands of rows instead of a million sales and
a million attendances.  Both are derived data: the upgrade fills them from the sales and
the attendance, and ``agroferia summary --rebuild`` does it again.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import Session

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sales_summary",
        sa.Column("fair_day_id", sa.Integer(), nullable=False),
        sa.Column("sex", sa.String(length=10), nullable=False),
        sa.Column("age_group", sa.String(length=10), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.Column("payment_method", sa.String(length=10), nullable=False),
        sa.Column("sales", sa.Integer(), nullable=False),
        sa.Column("amount_cents", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["category_id"], ["category.id"], name=op.f("fk_sales_summary_category_id_category")
        ),
        sa.ForeignKeyConstraint(
            ["fair_day_id"],
            ["fair_day.id"],
            name=op.f("fk_sales_summary_fair_day_id_fair_day"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "fair_day_id",
            "sex",
            "age_group",
            "category_id",
            "payment_method",
            name=op.f("pk_sales_summary"),
        ),
    )
    op.create_table(
        "presence_summary",
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("fair_id", sa.Integer(), nullable=False),
        sa.Column("vendor_id", sa.Integer(), nullable=False),
        sa.Column("days", sa.Integer(), nullable=False),
        sa.Column("young_days", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["fair_id"],
            ["fair.id"],
            name=op.f("fk_presence_summary_fair_id_fair"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["vendor_id"], ["vendor.id"], name=op.f("fk_presence_summary_vendor_id_vendor")
        ),
        sa.PrimaryKeyConstraint("year", "fair_id", "vendor_id", name=op.f("pk_presence_summary")),
    )
    from agroferia.core import summaries

    with Session(bind=op.get_bind()) as session:
        summaries.rebuild(session)


def downgrade() -> None:
    op.drop_table("presence_summary")
    op.drop_table("sales_summary")
