"""composite indexes for the filtered, paged incident list

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 05:30:00

The API's and the dashboard's list pages filter by country with a type or a grade and page in
(date_start, id) order. Without a composite index SQLite reads each candidate's wide row just to
test the type; with these the filter and the order come from one index range.
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_INDEXES = {
    "ix_incidents_country_type_order": ["country", "event_type", "date_start", "id"],
    "ix_incidents_country_grade_order": ["country", "grade", "date_start", "id"],
    "ix_incidents_type_order": ["event_type", "date_start", "id"],
}


def upgrade() -> None:
    for name, columns in _INDEXES.items():
        op.create_index(name, "incidents", columns, unique=False)


def downgrade() -> None:
    for name in _INDEXES:
        op.drop_index(name, table_name="incidents")
