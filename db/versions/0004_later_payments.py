"""payments of a closed fair day's fees, received on a date of their own

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30

A closed fair day does not change, so a debt of that day paid afterwards is not added to its
fee: it is recorded here, with the date it was received, how it was paid, and who recorded
it and when.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "later_payment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("fee_id", sa.Integer(), nullable=False),
        sa.Column("amount_cents", sa.Integer(), nullable=False),
        sa.Column("payment_method", sa.String(length=10), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("recorded_by", sa.String(length=60), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("amount_cents > 0", name=op.f("ck_later_payment_amount_positive")),
        sa.CheckConstraint(
            "payment_method IN ('cash', 'yape', 'plin', 'card', 'transfer', 'other')",
            name=op.f("ck_later_payment_payment_method"),
        ),
        sa.ForeignKeyConstraint(["fee_id"], ["fee.id"], name=op.f("fk_later_payment_fee_id_fee")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_later_payment")),
    )
    with op.batch_alter_table("later_payment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_later_payment_fee_id"), ["fee_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_later_payment_received_on"), ["received_on"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("later_payment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_later_payment_received_on"))
        batch_op.drop_index(batch_op.f("ix_later_payment_fee_id"))
    op.drop_table("later_payment")
