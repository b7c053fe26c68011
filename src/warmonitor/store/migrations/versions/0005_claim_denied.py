"""claims.denied: a claim that denies its value (a named perpetrator disowning the act)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04 05:00:00

Existing claims assert their values, so they take ``false``.
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN (SQLite has one for a constant default): no batch copy of the table.
    op.add_column(
        "claims", sa.Column("denied", sa.Boolean(), nullable=False, server_default=sa.false())
    )


def downgrade() -> None:
    with op.batch_alter_table("claims") as batch:
        batch.drop_column("denied")
