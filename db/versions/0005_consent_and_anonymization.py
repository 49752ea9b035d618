"""consent to keeping a vendor's data, and vendors anonymized on request

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04

Each vendor records whether they agreed to their personal data being kept (Ley 29733):
given, refused or not recorded, when, and how (a signed form, verbally, or read from an
imported file).  Vendors registered before have it "not recorded": nobody asked the app.

``anonymized_at`` marks a vendor whose personal data were removed at their request; the row
stays, under a neutral name, because their sales and fees still belong to someone.

The columns are added in place (``ALTER TABLE … ADD COLUMN``), never by copying the table:
on SQLite a copy of ``vendor`` would have to drop the table that sales, fees and attendance
refer to, which the enforced foreign keys forbid inside the upgrade's transaction.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "vendor",
        sa.Column(
            "consent",
            sa.String(length=12),
            sa.CheckConstraint(
                "consent IN ('given', 'refused', 'not_recorded')", name=op.f("ck_vendor_consent")
            ),
            nullable=False,
            server_default="not_recorded",
        ),
    )
    op.add_column("vendor", sa.Column("consent_on", sa.Date(), nullable=True))
    op.add_column(
        "vendor",
        sa.Column(
            "consent_how",
            sa.String(length=10),
            sa.CheckConstraint(
                "consent_how IS NULL OR consent_how IN ('signed', 'verbal', 'imported')",
                name=op.f("ck_vendor_consent_how"),
            ),
            nullable=True,
        ),
    )
    op.add_column("vendor", sa.Column("anonymized_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    for column in ("anonymized_at", "consent_how", "consent_on", "consent"):
        op.drop_column("vendor", column)  # in place too (SQLite 3.35 or newer)
