"""accounts that sign in: a forced password change, waits after wrong passwords, and the
account behind every audit entry

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07

``user_account`` gains whether its password must be changed at the next sign-in (after an
administrator reset it), the wrong passwords typed in a row and until when it must wait,
and its last sign-in.  ``audit_log.user_id`` names the account that made each change;
entries written before keep their old actor text and no account.

Columns are added in place (``ALTER TABLE … ADD COLUMN``), as in 0005.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "user_account",
        sa.Column("must_change_password", sa.Boolean(), nullable=False,
                  server_default=sa.false()),
    )  # fmt: skip
    op.add_column(
        "user_account",
        sa.Column("failed_logins", sa.Integer(), nullable=False, server_default="0"),
    )
    op.add_column("user_account", sa.Column("wait_until", sa.DateTime(), nullable=True))
    op.add_column("user_account", sa.Column("last_sign_in", sa.DateTime(), nullable=True))
    fk = op.f("fk_audit_log_user_id_user_account")
    if op.get_bind().dialect.name == "sqlite":  # no constraint added apart from its column
        op.execute(f"ALTER TABLE audit_log ADD COLUMN user_id INTEGER CONSTRAINT {fk} "
                   "REFERENCES user_account (id)")  # fmt: skip
    else:
        op.add_column("audit_log", sa.Column("user_id", sa.Integer(), nullable=True))
        op.create_foreign_key(fk, "audit_log", "user_account", ["user_id"], ["id"])
    op.create_index(op.f("ix_audit_log_user_id"), "audit_log", ["user_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_audit_log_user_id"), table_name="audit_log")
    with op.batch_alter_table("audit_log") as batch:
        batch.drop_column("user_id")
    with op.batch_alter_table("user_account") as batch:
        for column in ("last_sign_in", "wait_until", "failed_logins", "must_change_password"):
            batch.drop_column(column)
