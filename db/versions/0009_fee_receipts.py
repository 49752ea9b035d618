"""numbered receipts of fee payments, per fair

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30

``receipt`` holds the receipts (*recibos de cuota*): a number per fair, never reused nor
changed, the vendor, the amount, how and when it was received, who issued it and, for one
voided, when, by whom and why.  ``receipt_line`` says which fair days' fees it pays (and the
payment received later of a closed day).  Payments recorded before this version get no
receipts: their numbers would be given now, not when the money was received, and the paper
receipts the fair may have written then would disagree with them.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

METHODS = "'cash', 'yape', 'plin', 'card', 'transfer', 'other'"


def upgrade() -> None:
    op.create_table(
        "receipt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("fair_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("vendor_id", sa.Integer(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("amount_cents", sa.Integer(), nullable=False),
        sa.Column("payment_method", sa.String(length=10), nullable=True),
        sa.Column("issued_by", sa.String(length=60), nullable=False),
        sa.Column("issued_at", sa.DateTime(), nullable=False),
        sa.Column("voided_at", sa.DateTime(), nullable=True),
        sa.Column("voided_by", sa.String(length=60), nullable=True),
        sa.Column("void_reason", sa.Text(), nullable=True),
        sa.CheckConstraint("number > 0", name=op.f("ck_receipt_number_positive")),
        sa.CheckConstraint("amount_cents > 0", name=op.f("ck_receipt_amount_positive")),
        sa.CheckConstraint(
            f"payment_method IS NULL OR payment_method IN ({METHODS})",
            name=op.f("ck_receipt_payment_method"),
        ),
        sa.ForeignKeyConstraint(["fair_id"], ["fair.id"], name=op.f("fk_receipt_fair_id_fair")),
        sa.ForeignKeyConstraint(
            ["vendor_id"], ["vendor.id"], name=op.f("fk_receipt_vendor_id_vendor")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_receipt")),
        sa.UniqueConstraint("fair_id", "number", name=op.f("uq_receipt_fair_id")),
    )
    with op.batch_alter_table("receipt", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_receipt_vendor_id"), ["vendor_id"], unique=False)
    op.create_table(
        "receipt_line",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("receipt_id", sa.Integer(), nullable=False),
        sa.Column("fee_id", sa.Integer(), nullable=False),
        sa.Column("later_payment_id", sa.Integer(), nullable=True),
        sa.Column("amount_cents", sa.Integer(), nullable=False),
        sa.CheckConstraint("amount_cents > 0", name=op.f("ck_receipt_line_amount_positive")),
        sa.ForeignKeyConstraint(["fee_id"], ["fee.id"], name=op.f("fk_receipt_line_fee_id_fee")),
        sa.ForeignKeyConstraint(
            ["later_payment_id"],
            ["later_payment.id"],
            name=op.f("fk_receipt_line_later_payment_id_later_payment"),
        ),
        sa.ForeignKeyConstraint(
            ["receipt_id"], ["receipt.id"], name=op.f("fk_receipt_line_receipt_id_receipt")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_receipt_line")),
    )
    with op.batch_alter_table("receipt_line", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_receipt_line_fee_id"), ["fee_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_receipt_line_receipt_id"), ["receipt_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("receipt_line", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_receipt_line_receipt_id"))
        batch_op.drop_index(batch_op.f("ix_receipt_line_fee_id"))
    op.drop_table("receipt_line")
    with op.batch_alter_table("receipt", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_receipt_vendor_id"))
    op.drop_table("receipt")
