"""a sale implies attendance, whatever writes it

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24

A trigger records the attendance of a vendor on the fair day of each sale inserted (or moved
to another day or vendor), so that "present" can be read from the attendance table alone,
whether the sale came from the app, an import, or a tool writing SQL directly.  Sales that
already lacked their attendance get it now.
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

BACKFILL = """
INSERT INTO attendance (fair_day_id, vendor_id)
SELECT DISTINCT s.fair_day_id, s.vendor_id FROM sale s
WHERE NOT EXISTS (
    SELECT 1 FROM attendance a WHERE a.fair_day_id = s.fair_day_id AND a.vendor_id = s.vendor_id
)
"""

SQLITE = [
    """
    CREATE TRIGGER sale_implies_attendance AFTER INSERT ON sale
    BEGIN
        INSERT OR IGNORE INTO attendance (fair_day_id, vendor_id)
        VALUES (NEW.fair_day_id, NEW.vendor_id);
    END
    """,
    """
    CREATE TRIGGER sale_moved_implies_attendance AFTER UPDATE OF fair_day_id, vendor_id ON sale
    BEGIN
        INSERT OR IGNORE INTO attendance (fair_day_id, vendor_id)
        VALUES (NEW.fair_day_id, NEW.vendor_id);
    END
    """,
]

POSTGRESQL = [
    """
    CREATE FUNCTION sale_implies_attendance() RETURNS trigger AS $$
    BEGIN
        INSERT INTO attendance (fair_day_id, vendor_id)
        VALUES (NEW.fair_day_id, NEW.vendor_id)
        ON CONFLICT DO NOTHING;
        RETURN NEW;
    END
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER sale_implies_attendance
    AFTER INSERT OR UPDATE OF fair_day_id, vendor_id ON sale
    FOR EACH ROW EXECUTE FUNCTION sale_implies_attendance()
    """,
]


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    statements = {"sqlite": SQLITE, "postgresql": POSTGRESQL}.get(dialect)
    if statements is None:
        raise NotImplementedError(f"no attendance trigger for {dialect}")
    op.execute(BACKFILL)
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER sale_moved_implies_attendance")
        op.execute("DROP TRIGGER sale_implies_attendance")
    else:
        op.execute("DROP TRIGGER sale_implies_attendance ON sale")
        op.execute("DROP FUNCTION sale_implies_attendance()")
