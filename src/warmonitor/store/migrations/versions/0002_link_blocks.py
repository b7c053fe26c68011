"""link blocks and features on reports; text columns for what inputs name; read indexes

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02 04:00:00

- reports gain linking's view of each report, stored once: its block
  (block_lo, block_hi, block_country, block_family, block_span) under an index
  that candidate lookups range-scan, and its scoring features (JSON). Existing
  linked reports are backfilled here; features are left empty and recomputed
  on read (the store treats missing features as stale).
- On PostgreSQL, identifiers and names that come from inputs (document ids,
  outlets, languages, report keys, claim sources) become TEXT, as SQLite
  stores them already: the two backends accept the same documents.
- Indexes for reads: the listing order (date_start, id) and lower(admin1).
"""

import datetime as dt

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# (table, column, old length) of columns that become TEXT on PostgreSQL.
_TEXT_COLUMNS = (
    ("documents", "id", 200),
    ("documents", "outlet", 300),
    ("documents", "language", 16),
    ("reports", "key", 240),
    ("reports", "document_id", 200),
    ("places", "document_id", 200),
    ("places", "report_key", 240),
    ("claims", "document_id", 200),
    ("claims", "source", 300),
    ("claims", "attributed_to", 300),
    ("incident_events", "document_id", 200),
)


def upgrade() -> None:
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.add_column(sa.Column("block_lo", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("block_hi", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("block_country", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("block_family", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("block_span", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("features", sa.JSON(), nullable=True))
        batch_op.create_index(
            "ix_reports_block", ["block_country", "block_span", "block_lo"], unique=False
        )
        batch_op.create_index(
            "ix_reports_block_any_country", ["block_span", "block_lo"], unique=False
        )
    op.create_index("ix_incidents_order", "incidents", ["date_start", "id"], unique=False)
    op.create_index("ix_incidents_admin1_lower", "incidents", [sa.text("lower(admin1)")])
    if op.get_bind().dialect.name == "postgresql":  # SQLite never enforced the lengths
        for table, column, length in _TEXT_COLUMNS:
            op.alter_column(table, column, type_=sa.Text(), existing_type=sa.String(length=length))
    _backfill_blocks()


def _backfill_blocks() -> None:
    """Blocks of the reports stored before this revision (linked ones only)."""
    from warmonitor.link import blocking_key, span_class
    from warmonitor.records import report_from_dict

    bind = op.get_bind()
    reports = sa.table(
        "reports",
        sa.column("key"),
        sa.column("document_id"),
        sa.column("incident_id"),
        sa.column("data", sa.JSON()),
        sa.column("block_lo", sa.Date()),
        sa.column("block_hi", sa.Date()),
        sa.column("block_country"),
        sa.column("block_family"),
        sa.column("block_span"),
    )
    documents = sa.table("documents", sa.column("id"), sa.column("published", sa.Date()))
    query = (
        sa.select(reports.c.key, reports.c.data, documents.c.published)
        .join(documents, documents.c.id == reports.c.document_id)
        .where(reports.c.incident_id.is_not(None))
        .order_by(reports.c.key)
    )
    update = (
        reports.update()
        .where(reports.c.key == sa.bindparam("k"))
        .values(
            block_lo=sa.bindparam("lo"),
            block_hi=sa.bindparam("hi"),
            block_country=sa.bindparam("country"),
            block_family=sa.bindparam("family"),
            block_span=sa.bindparam("span"),
        )
    )
    updates: list[dict] = []
    for key, data, published in bind.execute(query).fetchall():
        if isinstance(published, str):  # SQLite through a bare table() gives text
            published = dt.date.fromisoformat(published)
        block = blocking_key(report_from_dict(data), published=published)
        updates.append(
            {
                "k": key,
                "lo": block.date_lo,
                "hi": block.date_hi,
                "country": block.country,
                "family": block.family,
                "span": span_class(block),
            }
        )
        if len(updates) >= 5000:  # bounded memory on a large database
            bind.execute(update, updates)
            updates = []
    if updates:
        bind.execute(update, updates)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table, column, length in _TEXT_COLUMNS:
            op.alter_column(table, column, type_=sa.String(length=length), existing_type=sa.Text())
    op.drop_index("ix_incidents_admin1_lower", table_name="incidents")
    op.drop_index("ix_incidents_order", table_name="incidents")
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.drop_index("ix_reports_block_any_country")
        batch_op.drop_index("ix_reports_block")
        for column in (
            "features",
            "block_span",
            "block_family",
            "block_country",
            "block_hi",
            "block_lo",
        ):
            batch_op.drop_column(column)
