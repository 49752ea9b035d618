"""initial schema

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=60), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("entity", sa.String(length=30), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=True),
        sa.Column("before", sa.Text(), nullable=True),
        sa.Column("after", sa.Text(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_at"), ["at"], unique=False)
        batch_op.create_index("ix_audit_log_entity", ["entity", "entity_id"], unique=False)

    op.create_table(
        "category",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("description", sa.String(length=200), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_category")),
        sa.UniqueConstraint("name", name=op.f("uq_category_name")),
    )
    op.create_table(
        "fair",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("district", sa.String(length=80), nullable=True),
        sa.Column("municipality", sa.String(length=160), nullable=True),
        sa.Column("address", sa.String(length=200), nullable=True),
        sa.Column("weekday", sa.Integer(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("weekday BETWEEN 0 AND 6", name=op.f("ck_fair_weekday")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fair")),
        sa.UniqueConstraint("name", name=op.f("uq_fair_name")),
    )
    op.create_table(
        "setting",
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.Column("value", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_setting")),
    )
    op.create_table(
        "user_account",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=60), nullable=False),
        sa.Column("display_name", sa.String(length=120), nullable=False),
        sa.Column("role", sa.String(length=12), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "role IN ('admin', 'organizer', 'treasurer', 'viewer')",
            name=op.f("ck_user_account_role"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_account")),
        sa.UniqueConstraint("username", name=op.f("uq_user_account_username")),
    )
    op.create_table(
        "fair_day",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("fair_id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("visitors", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("closed_by", sa.String(length=60), nullable=True),
        sa.CheckConstraint("visitors IS NULL OR visitors >= 0", name=op.f("ck_fair_day_visitors")),
        sa.ForeignKeyConstraint(["fair_id"], ["fair.id"], name=op.f("fk_fair_day_fair_id_fair")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fair_day")),
        sa.UniqueConstraint("fair_id", "date", name=op.f("uq_fair_day_fair_id")),
    )
    with op.batch_alter_table("fair_day", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_fair_day_date"), ["date"], unique=False)

    op.create_table(
        "vendor",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("fair_id", sa.Integer(), nullable=True),
        sa.Column("given_names", sa.String(length=80), nullable=False),
        sa.Column("surnames", sa.String(length=80), nullable=False),
        sa.Column("doc_type", sa.String(length=3), nullable=False),
        sa.Column("doc_number", sa.String(length=12), nullable=False),
        sa.Column("sex", sa.String(length=10), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("phone", sa.String(length=15), nullable=True),
        sa.Column("email", sa.String(length=120), nullable=True),
        sa.Column("region", sa.String(length=60), nullable=True),
        sa.Column("province", sa.String(length=60), nullable=True),
        sa.Column("district", sa.String(length=60), nullable=True),
        sa.Column("ubigeo", sa.String(length=6), nullable=True),
        sa.Column("association", sa.String(length=160), nullable=True),
        sa.Column("main_category_id", sa.Integer(), nullable=False),
        sa.Column("sgp_certified", sa.Boolean(), nullable=False),
        sa.Column("sgp_expires_on", sa.Date(), nullable=True),
        sa.Column("stall", sa.String(length=20), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("registered_on", sa.Date(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("search_key", sa.String(length=400), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("doc_type IN ('DNI', 'CE', 'RUC')", name=op.f("ck_vendor_doc_type")),
        sa.CheckConstraint("sex IN ('F', 'M', 'other', 'not_stated')", name=op.f("ck_vendor_sex")),
        sa.CheckConstraint(
            "status IN ('active', 'suspended', 'withdrawn')", name=op.f("ck_vendor_status")
        ),
        sa.ForeignKeyConstraint(["fair_id"], ["fair.id"], name=op.f("fk_vendor_fair_id_fair")),
        sa.ForeignKeyConstraint(
            ["main_category_id"], ["category.id"], name=op.f("fk_vendor_main_category_id_category")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vendor")),
        sa.UniqueConstraint("code", name=op.f("uq_vendor_code")),
        sa.UniqueConstraint("doc_type", "doc_number", name=op.f("uq_vendor_doc_type")),
    )
    with op.batch_alter_table("vendor", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_vendor_fair_id"), ["fair_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_vendor_main_category_id"), ["main_category_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_vendor_surnames"), ["surnames"], unique=False)

    op.create_table(
        "attendance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("fair_day_id", sa.Integer(), nullable=False),
        sa.Column("vendor_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["fair_day_id"], ["fair_day.id"], name=op.f("fk_attendance_fair_day_id_fair_day")
        ),
        sa.ForeignKeyConstraint(
            ["vendor_id"], ["vendor.id"], name=op.f("fk_attendance_vendor_id_vendor")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendance")),
        sa.UniqueConstraint("fair_day_id", "vendor_id", name=op.f("uq_attendance_fair_day_id")),
    )
    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attendance_vendor_id"), ["vendor_id"], unique=False)

    op.create_table(
        "fee",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("fair_day_id", sa.Integer(), nullable=False),
        sa.Column("vendor_id", sa.Integer(), nullable=False),
        sa.Column("due_cents", sa.Integer(), nullable=False),
        sa.Column("paid_cents", sa.Integer(), nullable=False),
        sa.Column("paid_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint("due_cents >= 0", name=op.f("ck_fee_due")),
        sa.CheckConstraint("paid_cents >= 0", name=op.f("ck_fee_paid")),
        sa.ForeignKeyConstraint(
            ["fair_day_id"], ["fair_day.id"], name=op.f("fk_fee_fair_day_id_fair_day")
        ),
        sa.ForeignKeyConstraint(["vendor_id"], ["vendor.id"], name=op.f("fk_fee_vendor_id_vendor")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fee")),
        sa.UniqueConstraint("fair_day_id", "vendor_id", name=op.f("uq_fee_fair_day_id")),
    )
    with op.batch_alter_table("fee", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_fee_vendor_id"), ["vendor_id"], unique=False)

    op.create_table(
        "sale",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("fair_day_id", sa.Integer(), nullable=False),
        sa.Column("vendor_id", sa.Integer(), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.Column("amount_cents", sa.Integer(), nullable=False),
        sa.Column("payment_method", sa.String(length=10), nullable=False),
        sa.Column("entered_by", sa.String(length=60), nullable=False),
        sa.Column("entered_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "payment_method IN ('cash', 'yape', 'plin', 'card', 'transfer', 'other')",
            name=op.f("ck_sale_payment_method"),
        ),
        sa.CheckConstraint("amount_cents > 0", name=op.f("ck_sale_amount_positive")),
        sa.ForeignKeyConstraint(
            ["category_id"], ["category.id"], name=op.f("fk_sale_category_id_category")
        ),
        sa.ForeignKeyConstraint(
            ["fair_day_id"], ["fair_day.id"], name=op.f("fk_sale_fair_day_id_fair_day")
        ),
        sa.ForeignKeyConstraint(
            ["vendor_id"], ["vendor.id"], name=op.f("fk_sale_vendor_id_vendor")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sale")),
    )
    with op.batch_alter_table("sale", schema=None) as batch_op:
        batch_op.create_index("ix_sale_fair_day_vendor", ["fair_day_id", "vendor_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_sale_vendor_id"), ["vendor_id"], unique=False)

    op.create_table(
        "vendor_category",
        sa.Column("vendor_id", sa.Integer(), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["category_id"], ["category.id"], name=op.f("fk_vendor_category_category_id_category")
        ),
        sa.ForeignKeyConstraint(
            ["vendor_id"], ["vendor.id"], name=op.f("fk_vendor_category_vendor_id_vendor")
        ),
        sa.PrimaryKeyConstraint("vendor_id", "category_id", name=op.f("pk_vendor_category")),
    )


def downgrade() -> None:
    op.drop_table("vendor_category")
    with op.batch_alter_table("sale", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sale_vendor_id"))
        batch_op.drop_index("ix_sale_fair_day_vendor")

    op.drop_table("sale")
    with op.batch_alter_table("fee", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fee_vendor_id"))

    op.drop_table("fee")
    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attendance_vendor_id"))

    op.drop_table("attendance")
    with op.batch_alter_table("vendor", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_vendor_surnames"))
        batch_op.drop_index(batch_op.f("ix_vendor_main_category_id"))
        batch_op.drop_index(batch_op.f("ix_vendor_fair_id"))

    op.drop_table("vendor")
    with op.batch_alter_table("fair_day", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fair_day_date"))

    op.drop_table("fair_day")
    op.drop_table("user_account")
    op.drop_table("setting")
    op.drop_table("fair")
    op.drop_table("category")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_log_entity")
        batch_op.drop_index(batch_op.f("ix_audit_log_at"))

    op.drop_table("audit_log")
