"""indexes the API reads by: change stamps, the change feed, the bounding box

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 06:30:00

- incidents.updated_at and documents.ingested_at: the API's response cache checks
  max() of both on every request (an index makes that one seek, not a table scan),
  and ``updated_since`` reads the incidents changed after a time as a range.
- incidents (lat, lon): ``bbox=`` reads a latitude range instead of the whole table.
- incidents (country, date_start, id) and (grade, date_start, id): a country's or a
  grade's list page (with or without dates) in listing order, with no sort (0003 covers
  a country with a type or a grade, and a type alone).
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_INDEXES = {
    "ix_incidents_updated_at": ("incidents", ["updated_at"]),
    "ix_incidents_lat_lon": ("incidents", ["lat", "lon"]),
    "ix_documents_ingested_at": ("documents", ["ingested_at"]),
    "ix_incidents_country_order": ("incidents", ["country", "date_start", "id"]),
    "ix_incidents_grade_order": ("incidents", ["grade", "date_start", "id"]),
}


def upgrade() -> None:
    for name, (table, columns) in _INDEXES.items():
        op.create_index(name, table, columns, unique=False)


def downgrade() -> None:
    for name, (table, _) in _INDEXES.items():
        op.drop_index(name, table_name=table)
