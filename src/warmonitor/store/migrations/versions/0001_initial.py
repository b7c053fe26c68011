"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-22 05:44:29.809524
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.String(length=200), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("outlet", sa.String(length=300), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("path", sa.Text(), nullable=True),
        sa.Column("language", sa.String(length=16), nullable=True),
        sa.Column("meta", sa.JSON(), nullable=False),
        sa.Column("ingested_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("sha256"),
    )
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_documents_outlet"), ["outlet"], unique=False)
        batch_op.create_index(batch_op.f("ix_documents_published"), ["published"], unique=False)

    op.create_table(
        "incident_events",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("incident_id", sa.String(length=64), nullable=False),
        sa.Column("other_ids", sa.JSON(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("document_id", sa.String(length=200), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("incident_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_incident_events_incident_id"), ["incident_id"], unique=False
        )

    op.create_table(
        "incidents",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("event_type", sa.String(length=64), nullable=False),
        sa.Column("date_start", sa.Date(), nullable=True),
        sa.Column("date_end", sa.Date(), nullable=True),
        sa.Column("date_precision", sa.String(length=8), nullable=True),
        sa.Column("country", sa.String(length=8), nullable=True),
        sa.Column("admin1", sa.String(length=200), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("fatalities_best", sa.Integer(), nullable=True),
        sa.Column("grade", sa.String(length=16), nullable=False),
        sa.Column("contested", sa.Boolean(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_incidents_admin1"), ["admin1"], unique=False)
        batch_op.create_index(batch_op.f("ix_incidents_contested"), ["contested"], unique=False)
        batch_op.create_index(batch_op.f("ix_incidents_country"), ["country"], unique=False)
        batch_op.create_index(batch_op.f("ix_incidents_date_end"), ["date_end"], unique=False)
        batch_op.create_index("ix_incidents_date_range", ["date_start", "date_end"], unique=False)
        batch_op.create_index(batch_op.f("ix_incidents_date_start"), ["date_start"], unique=False)
        batch_op.create_index(batch_op.f("ix_incidents_event_type"), ["event_type"], unique=False)
        batch_op.create_index(batch_op.f("ix_incidents_grade"), ["grade"], unique=False)

    op.create_table(
        "claims",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("incident_id", sa.String(length=64), nullable=False),
        sa.Column("field", sa.String(length=40), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=True),
        sa.Column("attributed_to", sa.String(length=300), nullable=True),
        sa.Column("hedged", sa.Boolean(), nullable=False),
        sa.Column("document_id", sa.String(length=200), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["incident_id"], ["incidents.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_claims_document_id"), ["document_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_claims_incident_id"), ["incident_id"], unique=False)

    op.create_table(
        "reports",
        sa.Column("key", sa.String(length=240), nullable=False),
        sa.Column("document_id", sa.String(length=200), nullable=False),
        sa.Column("idx", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.String(length=64), nullable=True),
        sa.Column("event_type", sa.String(length=64), nullable=False),
        sa.Column("date_start", sa.Date(), nullable=True),
        sa.Column("date_end", sa.Date(), nullable=True),
        sa.Column("aggregate", sa.Boolean(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["incident_id"], ["incidents.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("key"),
    )
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reports_document_id"), ["document_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_reports_incident_id"), ["incident_id"], unique=False)

    op.create_table(
        "places",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("document_id", sa.String(length=200), nullable=False),
        sa.Column("report_key", sa.String(length=240), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("geonames_id", sa.Integer(), nullable=True),
        sa.Column("feature", sa.String(length=40), nullable=True),
        sa.Column("country", sa.String(length=8), nullable=True),
        sa.Column("admin1", sa.Text(), nullable=True),
        sa.Column("admin2", sa.Text(), nullable=True),
        sa.Column("precision", sa.Integer(), nullable=True),
        sa.Column("score", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["report_key"], ["reports.key"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("places", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_places_document_id"), ["document_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_places_report_key"), ["report_key"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("places", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_places_report_key"))
        batch_op.drop_index(batch_op.f("ix_places_document_id"))

    op.drop_table("places")
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reports_incident_id"))
        batch_op.drop_index(batch_op.f("ix_reports_document_id"))

    op.drop_table("reports")
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claims_incident_id"))
        batch_op.drop_index(batch_op.f("ix_claims_document_id"))

    op.drop_table("claims")
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incidents_grade"))
        batch_op.drop_index(batch_op.f("ix_incidents_event_type"))
        batch_op.drop_index(batch_op.f("ix_incidents_date_start"))
        batch_op.drop_index("ix_incidents_date_range")
        batch_op.drop_index(batch_op.f("ix_incidents_date_end"))
        batch_op.drop_index(batch_op.f("ix_incidents_country"))
        batch_op.drop_index(batch_op.f("ix_incidents_contested"))
        batch_op.drop_index(batch_op.f("ix_incidents_admin1"))

    op.drop_table("incidents")
    with op.batch_alter_table("incident_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incident_events_incident_id"))

    op.drop_table("incident_events")
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_documents_published"))
        batch_op.drop_index(batch_op.f("ix_documents_outlet"))

    op.drop_table("documents")
