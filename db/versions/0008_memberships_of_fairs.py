"""a vendor may belong to several fairs of a network, each with its own stall, status and
registration date

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30

``membership`` replaces ``vendor.fair_id`` and ``vendor.stall``: every vendor who had a fair
becomes an active member of it, with the stall and the registration date the vendor had.
The vendor keeps its own status and registration date (those of the person in the
organization's registry), which still decide whether it is active: a vendor suspended
before is suspended at its fair through its own status, and reactivated the same way.  A
vendor without a fair gets no membership, as before; a stall it had is kept in its notes
(«Puesto sin feria: A-02»), since there is no fair to give it at.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "membership",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("vendor_id", sa.Integer(), nullable=False),
        sa.Column("fair_id", sa.Integer(), nullable=False),
        sa.Column("stall", sa.String(length=20), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("registered_on", sa.Date(), nullable=False),
        sa.CheckConstraint(
            "status IN ('active', 'suspended', 'withdrawn')", name=op.f("ck_membership_status")
        ),
        sa.ForeignKeyConstraint(["fair_id"], ["fair.id"], name=op.f("fk_membership_fair_id_fair")),
        sa.ForeignKeyConstraint(
            ["vendor_id"], ["vendor.id"], name=op.f("fk_membership_vendor_id_vendor")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_membership")),
        sa.UniqueConstraint("vendor_id", "fair_id", name=op.f("uq_membership_vendor_id")),
    )
    with op.batch_alter_table("membership", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_membership_fair_id"), ["fair_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_membership_vendor_id"), ["vendor_id"], unique=False)
    op.execute(
        "INSERT INTO membership (vendor_id, fair_id, stall, status, registered_on) "
        "SELECT id, fair_id, stall, 'active', registered_on FROM vendor "
        "WHERE fair_id IS NOT NULL ORDER BY id"
    )
    newline = "char(10)" if op.get_bind().dialect.name == "sqlite" else "chr(10)"
    op.execute(
        "UPDATE vendor SET notes = CASE WHEN notes IS NULL OR notes = '' "
        "THEN 'Puesto sin feria: ' || stall "
        f"ELSE notes || {newline} || 'Puesto sin feria: ' || stall END "
        "WHERE fair_id IS NULL AND stall IS NOT NULL AND stall <> ''"
    )
    with op.batch_alter_table("vendor", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_vendor_fair_id"))
        batch_op.drop_constraint(batch_op.f("fk_vendor_fair_id_fair"), type_="foreignkey")
        batch_op.drop_column("fair_id")
        batch_op.drop_column("stall")


def downgrade() -> None:
    with op.batch_alter_table("vendor", schema=None) as batch_op:
        batch_op.add_column(sa.Column("stall", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("fair_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_vendor_fair_id_fair"), "fair", ["fair_id"], ["id"]
        )
        batch_op.create_index(batch_op.f("ix_vendor_fair_id"), ["fair_id"], unique=False)
    # a vendor of several fairs goes back to the first of them
    op.execute(
        "UPDATE vendor SET fair_id = (SELECT m.fair_id FROM membership m "
        "WHERE m.vendor_id = vendor.id ORDER BY m.id LIMIT 1), "
        "stall = (SELECT m.stall FROM membership m "
        "WHERE m.vendor_id = vendor.id ORDER BY m.id LIMIT 1)"
    )
    with op.batch_alter_table("membership", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_membership_vendor_id"))
        batch_op.drop_index(batch_op.f("ix_membership_fair_id"))
    op.drop_table("membership")
