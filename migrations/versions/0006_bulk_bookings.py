"""Bulk booking batches and their items (the saga's read model).

Both tables are tenant tables with row-level security forced. A definer function lists the
batches whose workflow start was lost (ids only), for the worker's outbox relay. Bookings get a
partial index on their batch, which the saga's compensation and the bookings filter use.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 10:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TENANT_TABLES = ("bulk_bookings", "bulk_booking_items")
BATCH_STATUSES = (
    "'pending', 'planning', 'holding', 'awaiting_approval', 'confirming', 'releasing', "
    "'confirmed', 'failed', 'rejected', 'cancelled'"
)
ITEM_STATUSES = (
    "'pending', 'unplaced', 'held', 'conflict', 'failed', 'pending_approval', 'confirmed', "
    "'released'"
)


def _timestamps() -> list[sa.Column]:
    return [
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
    ]


def upgrade() -> None:
    op.create_table(
        "bulk_bookings",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("organization_id", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("mode", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("idempotency_key", sa.String(length=255), nullable=True),
        sa.Column("request", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("plan", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("hold_minutes", sa.Integer(), nullable=False),
        sa.Column("item_count", sa.Integer(), nullable=False),
        sa.Column("counts", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("total_price_minor", sa.BigInteger(), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("approval_request_id", sa.String(length=40), nullable=True),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("created_by", sa.String(length=80), nullable=False),
        sa.Column("workflow_id", sa.String(length=200), nullable=False),
        sa.Column("workflow_started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        *_timestamps(),
        sa.CheckConstraint(f"status IN ({BATCH_STATUSES})", name=op.f("ck_bulk_bookings_status")),
        sa.CheckConstraint(
            "mode IN ('all_or_nothing', 'best_effort')", name=op.f("ck_bulk_bookings_mode")
        ),
        sa.CheckConstraint("item_count > 0", name=op.f("ck_bulk_bookings_item_count")),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_bulk_bookings_organization_id_organizations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bulk_bookings")),
        sa.UniqueConstraint(
            "organization_id", "id", name=op.f("uq_bulk_bookings_organization_id_id")
        ),
        sa.UniqueConstraint(
            "organization_id",
            "idempotency_key",
            name=op.f("uq_bulk_bookings_organization_id_idempotency_key"),
        ),
    )
    op.create_index(
        "ix_bulk_bookings_unstarted",
        "bulk_bookings",
        ["created_at"],
        unique=False,
        postgresql_where="workflow_started_at IS NULL",
    )
    op.create_table(
        "bulk_booking_items",
        sa.Column("organization_id", sa.String(length=40), nullable=False),
        sa.Column("batch_id", sa.String(length=40), nullable=False),
        sa.Column("index", sa.Integer(), nullable=False),
        sa.Column("ref", sa.String(length=120), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("creator_id", sa.String(length=40), nullable=True),
        sa.Column("room_id", sa.String(length=40), nullable=True),
        sa.Column("start", sa.DateTime(timezone=True), nullable=True),
        sa.Column("end", sa.DateTime(timezone=True), nullable=True),
        sa.Column("price_minor", sa.BigInteger(), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("booking_id", sa.String(length=40), nullable=True),
        sa.Column("reason", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("suggestions", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            f"status IN ({ITEM_STATUSES})", name=op.f("ck_bulk_booking_items_status")
        ),
        sa.ForeignKeyConstraint(
            ["organization_id", "batch_id"],
            ["bulk_bookings.organization_id", "bulk_bookings.id"],
            name=op.f("fk_bulk_booking_items_organization_id_bulk_bookings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id", "booking_id"],
            ["bookings.organization_id", "bookings.id"],
            name=op.f("fk_bulk_booking_items_organization_id_bookings"),
        ),
        sa.PrimaryKeyConstraint(
            "organization_id", "batch_id", "index", name=op.f("pk_bulk_booking_items")
        ),
    )
    op.create_index(
        "ix_bookings_organization_id_batch_id",
        "bookings",
        ["organization_id", "batch_id"],
        unique=False,
        postgresql_where=sa.text("batch_id IS NOT NULL"),
    )
    for table in TENANT_TABLES:
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
        op.execute(
            f"CREATE POLICY tenant_isolation ON {table} "
            "USING (organization_id = ANY (app_org_ids())) "
            "WITH CHECK (organization_id = ANY (app_org_ids()))"
        )
        op.execute(
            f"CREATE POLICY owner_maintenance ON {table} TO CURRENT_USER "
            "USING (current_setting('app.owner_maintenance', true) = 'on') "
            "WITH CHECK (current_setting('app.owner_maintenance', true) = 'on')"
        )
    # The worker's outbox relay: batches accepted by the API whose workflow start was lost.
    op.execute(
        """
        CREATE FUNCTION unstarted_bulk_bookings(p_older_than interval)
        RETURNS TABLE (organization_id text, id text)
        LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        BEGIN
            PERFORM set_config('app.owner_maintenance', 'on', true);
            RETURN QUERY SELECT b.organization_id::text, b.id::text FROM bulk_bookings b
                WHERE b.workflow_started_at IS NULL AND b.status = 'pending'
                AND b.created_at < now() - p_older_than ORDER BY b.created_at LIMIT 500;
            PERFORM set_config('app.owner_maintenance', 'off', true);
        END
        $$
        """
    )
    op.execute("REVOKE ALL ON FUNCTION unstarted_bulk_bookings(interval) FROM PUBLIC")
    op.execute("GRANT EXECUTE ON FUNCTION unstarted_bulk_bookings(interval) TO auditoryx_app")


def downgrade() -> None:
    op.execute("DROP FUNCTION IF EXISTS unstarted_bulk_bookings(interval)")
    op.drop_index(
        "ix_bookings_organization_id_batch_id",
        table_name="bookings",
        postgresql_where=sa.text("batch_id IS NOT NULL"),
    )
    op.drop_table("bulk_booking_items")
    op.drop_index(
        "ix_bulk_bookings_unstarted",
        table_name="bulk_bookings",
        postgresql_where="workflow_started_at IS NULL",
    )
    op.drop_table("bulk_bookings")
