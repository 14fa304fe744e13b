"""Third-party sync state and outbound webhooks: events (the outbox and the public event log),
webhook endpoints with sealed secrets, deliveries and attempts, external id mappings and sync
states. Every table is a tenant table under row-level security.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 10:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TENANT_TABLES = (
    "events",
    "webhook_endpoints",
    "webhook_deliveries",
    "webhook_attempts",
    "external_mappings",
    "sync_states",
)
DEFINER_FUNCTIONS = ("unrelayed_events(integer)", "connected_organizations(text)")


def _timestamps() -> list[sa.Column[object]]:
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


def _org_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["organization_id"],
        ["organizations.id"],
        name=op.f(f"fk_{table}_organization_id_organizations"),
    )


def upgrade() -> None:
    op.create_table(
        "events",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("organization_id", sa.String(length=40), nullable=False),
        sa.Column("type", sa.String(length=80), nullable=False),
        sa.Column("data", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("relayed_at", sa.DateTime(timezone=True), nullable=True),
        _org_fk("events"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
        sa.UniqueConstraint("organization_id", "id", name=op.f("uq_events_organization_id_id")),
    )
    op.create_index("ix_events_organization_id_type", "events", ["organization_id", "type"])
    op.create_index(
        "ix_events_unrelayed", "events", ["created_at"], postgresql_where="relayed_at IS NULL"
    )
    op.create_table(
        "webhook_endpoints",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("organization_id", sa.String(length=40), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=False),
        sa.Column("description", sa.String(length=500), nullable=False),
        sa.Column("event_types", postgresql.ARRAY(sa.String(length=80)), nullable=False),
        sa.Column("secrets", sa.LargeBinary(), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("disabled_reason", sa.String(length=500), nullable=True),
        sa.Column("failing_since", sa.DateTime(timezone=True), nullable=True),
        *_timestamps(),
        sa.CheckConstraint(
            "cardinality(event_types) > 0", name=op.f("ck_webhook_endpoints_event_types")
        ),
        _org_fk("webhook_endpoints"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_endpoints")),
        sa.UniqueConstraint(
            "organization_id", "id", name=op.f("uq_webhook_endpoints_organization_id_id")
        ),
    )
    op.create_table(
        "webhook_deliveries",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("organization_id", sa.String(length=40), nullable=False),
        sa.Column("endpoint_id", sa.String(length=40), nullable=False),
        sa.Column("event_id", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_status_code", sa.Integer(), nullable=True),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        *_timestamps(),
        sa.CheckConstraint(
            "status IN ('pending', 'succeeded', 'failed', 'skipped')",
            name=op.f("ck_webhook_deliveries_status"),
        ),
        sa.ForeignKeyConstraint(
            ["organization_id", "endpoint_id"],
            ["webhook_endpoints.organization_id", "webhook_endpoints.id"],
            name=op.f("fk_webhook_deliveries_organization_id_webhook_endpoints"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id", "event_id"],
            ["events.organization_id", "events.id"],
            name=op.f("fk_webhook_deliveries_organization_id_events"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_deliveries")),
        sa.UniqueConstraint(
            "organization_id",
            "endpoint_id",
            "event_id",
            name=op.f("uq_webhook_deliveries_organization_id_endpoint_id_event_id"),
        ),
    )
    op.create_index(
        "ix_webhook_deliveries_organization_id_status",
        "webhook_deliveries",
        ["organization_id", "status", "created_at"],
    )
    op.create_table(
        "webhook_attempts",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("organization_id", sa.String(length=40), nullable=False),
        sa.Column("endpoint_id", sa.String(length=40), nullable=False),
        sa.Column("event_id", sa.String(length=40), nullable=False),
        sa.Column("delivery_id", sa.String(length=40), nullable=False),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=True),
        sa.Column("error", sa.String(length=500), nullable=True),
        sa.Column("response_excerpt", sa.Text(), nullable=False),
        sa.Column("duration_ms", sa.Integer(), nullable=False),
        sa.Column("attempted_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "outcome IN ('succeeded', 'failed')", name=op.f("ck_webhook_attempts_outcome")
        ),
        sa.ForeignKeyConstraint(
            ["organization_id", "endpoint_id"],
            ["webhook_endpoints.organization_id", "webhook_endpoints.id"],
            name=op.f("fk_webhook_attempts_organization_id_webhook_endpoints"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_attempts")),
    )
    op.create_index(
        "ix_webhook_attempts_organization_id_endpoint_id",
        "webhook_attempts",
        ["organization_id", "endpoint_id", "attempted_at"],
    )
    op.create_table(
        "external_mappings",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("organization_id", sa.String(length=40), nullable=False),
        sa.Column("provider", sa.String(length=20), nullable=False),
        sa.Column("entity_type", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.String(length=40), nullable=False),
        sa.Column("object_type", sa.String(length=40), nullable=False),
        sa.Column("external_id", sa.String(length=120), nullable=False),
        *_timestamps(),
        sa.CheckConstraint(
            "provider IN ('hubspot', 'quickbooks')", name=op.f("ck_external_mappings_provider")
        ),
        _org_fk("external_mappings"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_external_mappings")),
        sa.UniqueConstraint(
            "organization_id",
            "provider",
            "entity_type",
            "entity_id",
            "object_type",
            name=op.f(
                "uq_external_mappings_organization_id_provider_entity_type_entity_id_object_type"
            ),
        ),
    )
    op.create_table(
        "sync_states",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("organization_id", sa.String(length=40), nullable=False),
        sa.Column("provider", sa.String(length=20), nullable=False),
        sa.Column("entity_type", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("last_error", sa.String(length=1000), nullable=True),
        sa.Column("last_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("synced_at", sa.DateTime(timezone=True), nullable=True),
        *_timestamps(),
        sa.CheckConstraint(
            "provider IN ('hubspot', 'quickbooks')", name=op.f("ck_sync_states_provider")
        ),
        sa.CheckConstraint(
            "status IN ('pending', 'synced', 'failed')", name=op.f("ck_sync_states_status")
        ),
        _org_fk("sync_states"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_states")),
        sa.UniqueConstraint(
            "organization_id",
            "provider",
            "entity_type",
            "entity_id",
            name=op.f("uq_sync_states_organization_id_provider_entity_type_entity_id"),
        ),
    )
    _secure()


def downgrade() -> None:
    for function in DEFINER_FUNCTIONS:
        op.execute(f"DROP FUNCTION IF EXISTS {function}")
    op.drop_table("sync_states")
    op.drop_table("external_mappings")
    op.drop_index("ix_webhook_attempts_organization_id_endpoint_id", table_name="webhook_attempts")
    op.drop_table("webhook_attempts")
    op.drop_index("ix_webhook_deliveries_organization_id_status", table_name="webhook_deliveries")
    op.drop_table("webhook_deliveries")
    op.drop_table("webhook_endpoints")
    op.drop_index("ix_events_unrelayed", table_name="events", postgresql_where="relayed_at IS NULL")
    op.drop_index("ix_events_organization_id_type", table_name="events")
    op.drop_table("events")


def _definer(signature: str, returns: str, body: str) -> None:
    """A SECURITY DEFINER function for the worker's sweeps, which span organizations: ids
    only, callable by the application role alone."""
    op.execute(
        f"""
        CREATE FUNCTION {signature} RETURNS TABLE ({returns})
        LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        BEGIN
            PERFORM set_config('app.owner_maintenance', 'on', true);
            RETURN QUERY {body};
            PERFORM set_config('app.owner_maintenance', 'off', true);
        END
        $$
        """
    )
    name = signature.split("(")[0]
    arg_types = ", ".join(
        part.split()[-1] for part in signature[len(name) :].strip("()").split(",") if part
    )
    op.execute(f"REVOKE ALL ON FUNCTION {name}({arg_types}) FROM PUBLIC")
    op.execute(f"GRANT EXECUTE ON FUNCTION {name}({arg_types}) TO auditoryx_app")


def _secure() -> None:
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
    # The event relay: organizations with events not yet fanned out (oldest first).
    _definer(
        "unrelayed_events(p_limit integer)",
        "organization_id text, id text",
        "SELECT e.organization_id::text, e.id::text FROM events e "
        "WHERE e.relayed_at IS NULL ORDER BY e.created_at LIMIT p_limit",
    )
    # Reconciliation schedules: which organizations are connected to a provider.
    _definer(
        "connected_organizations(p_provider text)",
        "organization_id text",
        "SELECT c.organization_id::text FROM integration_connections c "
        "WHERE c.provider = p_provider AND c.status <> 'disconnected'",
    )
