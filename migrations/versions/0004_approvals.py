"""Approvals: versioned policies, requests and assignments (the read model), e-mail links,
notifications, contracts, out-of-office delegation, integration connections, chat identities.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24 00:50:10.245318
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "approval_requests",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("organization_id", sa.String(length=40), nullable=False),
        sa.Column("policy_id", sa.String(length=40), nullable=False),
        sa.Column("policy_version", sa.Integer(), nullable=False),
        sa.Column("subject_type", sa.String(length=20), nullable=False),
        sa.Column("subject_id", sa.String(length=40), nullable=False),
        sa.Column("summary", sa.String(length=500), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("steps", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("requested_by", sa.String(length=80), nullable=False),
        sa.Column("workflow_id", sa.String(length=200), nullable=False),
        sa.Column("workflow_started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
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
        sa.CheckConstraint(
            "status IN ('pending', 'approved', 'rejected', 'cancelled')",
            name=op.f("ck_approval_requests_status"),
        ),
        sa.CheckConstraint(
            "subject_type IN ('booking', 'bulk_booking', 'contract', 'budget_change')",
            name=op.f("ck_approval_requests_subject_type"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_approval_requests")),
        sa.UniqueConstraint(
            "organization_id", "id", name=op.f("uq_approval_requests_organization_id_id")
        ),
    )
    op.create_index(
        "ix_approval_requests_organization_id_subject",
        "approval_requests",
        ["organization_id", "subject_type", "subject_id"],
        unique=False,
    )
    op.create_index(
        "ix_approval_requests_unstarted",
        "approval_requests",
        ["created_at"],
        unique=False,
        postgresql_where="workflow_started_at IS NULL",
    )
    op.create_table(
        "approval_assignments",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("organization_id", sa.String(length=40), nullable=False),
        sa.Column("request_id", sa.String(length=40), nullable=False),
        sa.Column("step_index", sa.Integer(), nullable=False),
        sa.Column("step_name", sa.String(length=120), nullable=False),
        sa.Column("member_id", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("on_behalf_of", sa.String(length=40), nullable=True),
        sa.Column("channel", sa.String(length=20), nullable=True),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "status IN ('pending', 'approved', 'rejected', 'delegated', 'skipped')",
            name=op.f("ck_approval_assignments_status"),
        ),
        sa.ForeignKeyConstraint(
            ["organization_id", "request_id"],
            ["approval_requests.organization_id", "approval_requests.id"],
            name=op.f("fk_approval_assignments_organization_id_approval_requests"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_approval_assignments")),
        sa.UniqueConstraint(
            "organization_id",
            "request_id",
            "step_index",
            "member_id",
            name=op.f("uq_approval_assignments_organization_id_request_id_step_index_member_id"),
        ),
    )
    op.create_index(
        "ix_approval_assignments_member",
        "approval_assignments",
        ["organization_id", "member_id", "status"],
        unique=False,
    )
    op.create_table(
        "approval_links",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("organization_id", sa.String(length=40), nullable=False),
        sa.Column("request_id", sa.String(length=40), nullable=False),
        sa.Column("member_id", sa.String(length=40), nullable=False),
        sa.Column("step_index", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.LargeBinary(length=32), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("used_decision", sa.String(length=10), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id", "request_id"],
            ["approval_requests.organization_id", "approval_requests.id"],
            name=op.f("fk_approval_links_organization_id_approval_requests"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_approval_links")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_approval_links_token_hash")),
    )
    op.create_table(
        "approval_notifications",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("organization_id", sa.String(length=40), nullable=False),
        sa.Column("request_id", sa.String(length=40), nullable=False),
        sa.Column("step_index", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("detail", sa.String(length=1000), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind IN ('request', 'reminder', 'escalation')",
            name=op.f("ck_approval_notifications_kind"),
        ),
        sa.ForeignKeyConstraint(
            ["organization_id", "request_id"],
            ["approval_requests.organization_id", "approval_requests.id"],
            name=op.f("fk_approval_notifications_organization_id_approval_requests"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_approval_notifications")),
    )
    op.create_index(
        "ix_approval_notifications_request",
        "approval_notifications",
        ["organization_id", "request_id"],
        unique=False,
    )
    op.create_table(
        "approval_policies",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("organization_id", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("subject_type", sa.String(length=20), nullable=False),
        sa.Column("conditions", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("steps", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
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
        sa.CheckConstraint(
            "subject_type IN ('booking', 'bulk_booking', 'contract', 'budget_change')",
            name=op.f("ck_approval_policies_subject_type"),
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_approval_policies_organization_id_organizations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_approval_policies")),
        sa.UniqueConstraint(
            "organization_id", "id", name=op.f("uq_approval_policies_organization_id_id")
        ),
        sa.UniqueConstraint(
            "organization_id", "name", name=op.f("uq_approval_policies_organization_id_name")
        ),
    )
    op.create_table(
        "integration_connections",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("organization_id", sa.String(length=40), nullable=False),
        sa.Column("provider", sa.String(length=20), nullable=False),
        sa.Column("external_account_id", sa.String(length=120), nullable=True),
        sa.Column("credentials", sa.LargeBinary(), nullable=True),
        sa.Column("settings", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("last_error", sa.String(length=1000), nullable=True),
        sa.Column("last_error_at", sa.DateTime(timezone=True), nullable=True),
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
        sa.CheckConstraint(
            "provider IN ('slack', 'teams', 'hubspot', 'quickbooks', 'smtp')",
            name=op.f("ck_integration_connections_provider"),
        ),
        sa.CheckConstraint(
            "status IN ('connected', 'error', 'disconnected')",
            name=op.f("ck_integration_connections_status"),
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_integration_connections_organization_id_organizations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_integration_connections")),
        sa.UniqueConstraint(
            "organization_id",
            "provider",
            name=op.f("uq_integration_connections_organization_id_provider"),
        ),
    )
    op.create_table(
        "approval_policy_versions",
        sa.Column("organization_id", sa.String(length=40), nullable=False),
        sa.Column("policy_id", sa.String(length=40), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("snapshot", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id", "policy_id"],
            ["approval_policies.organization_id", "approval_policies.id"],
            name=op.f("fk_approval_policy_versions_organization_id_approval_policies"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("policy_id", "version", name=op.f("pk_approval_policy_versions")),
    )
    op.create_table(
        "chat_identities",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("organization_id", sa.String(length=40), nullable=False),
        sa.Column("member_id", sa.String(length=40), nullable=False),
        sa.Column("provider", sa.String(length=20), nullable=False),
        sa.Column("external_user_id", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id", "member_id"],
            ["members.organization_id", "members.id"],
            name=op.f("fk_chat_identities_organization_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chat_identities")),
        sa.UniqueConstraint(
            "organization_id",
            "provider",
            "external_user_id",
            name=op.f("uq_chat_identities_organization_id_provider_external_user_id"),
        ),
    )
    op.create_table(
        "member_absences",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("organization_id", sa.String(length=40), nullable=False),
        sa.Column("member_id", sa.String(length=40), nullable=False),
        sa.Column("delegate_member_id", sa.String(length=40), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "delegate_member_id <> member_id", name=op.f("ck_member_absences_not_self")
        ),
        sa.CheckConstraint("ends_at > starts_at", name=op.f("ck_member_absences_period")),
        sa.ForeignKeyConstraint(
            ["organization_id", "delegate_member_id"],
            ["members.organization_id", "members.id"],
            name="fk_member_absences_delegate",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id", "member_id"],
            ["members.organization_id", "members.id"],
            name="fk_member_absences_member",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_member_absences")),
    )
    op.create_index(
        "ix_member_absences_member",
        "member_absences",
        ["organization_id", "member_id", "ends_at"],
        unique=False,
    )
    op.create_table(
        "contracts",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("organization_id", sa.String(length=40), nullable=False),
        sa.Column("artist_id", sa.String(length=40), nullable=True),
        sa.Column("booking_id", sa.String(length=40), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("terms", sa.Text(), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("document_url", sa.String(length=1000), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("approval_request_id", sa.String(length=40), nullable=True),
        sa.Column("signed_at", sa.DateTime(timezone=True), nullable=True),
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
        sa.CheckConstraint(
            "status IN ('draft', 'pending_approval', 'approved', 'rejected', 'signed')",
            name=op.f("ck_contracts_status"),
        ),
        sa.CheckConstraint("amount_minor >= 0", name=op.f("ck_contracts_amount")),
        sa.CheckConstraint(
            "artist_id IS NOT NULL OR booking_id IS NOT NULL", name=op.f("ck_contracts_attached")
        ),
        sa.ForeignKeyConstraint(
            ["organization_id", "artist_id"],
            ["artists.organization_id", "artists.id"],
            name=op.f("fk_contracts_organization_id_artists"),
        ),
        sa.ForeignKeyConstraint(
            ["organization_id", "booking_id"],
            ["bookings.organization_id", "bookings.id"],
            name=op.f("fk_contracts_organization_id_bookings"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contracts")),
        sa.UniqueConstraint("organization_id", "id", name=op.f("uq_contracts_organization_id_id")),
    )
    _secure()


def downgrade() -> None:
    for function in DEFINER_FUNCTIONS:
        op.execute(f"DROP FUNCTION IF EXISTS {function}")
    op.drop_table("contracts")
    op.drop_index("ix_member_absences_member", table_name="member_absences")
    op.drop_table("member_absences")
    op.drop_table("chat_identities")
    op.drop_table("approval_policy_versions")
    op.drop_table("integration_connections")
    op.drop_table("approval_policies")
    op.drop_index("ix_approval_notifications_request", table_name="approval_notifications")
    op.drop_table("approval_notifications")
    op.drop_table("approval_links")
    op.drop_index("ix_approval_assignments_member", table_name="approval_assignments")
    op.drop_table("approval_assignments")
    op.drop_index(
        "ix_approval_requests_unstarted",
        table_name="approval_requests",
        postgresql_where="workflow_started_at IS NULL",
    )
    op.drop_index("ix_approval_requests_organization_id_subject", table_name="approval_requests")
    op.drop_table("approval_requests")


TENANT_TABLES = (
    "approval_policies",
    "approval_policy_versions",
    "approval_requests",
    "approval_assignments",
    "approval_links",
    "approval_notifications",
    "contracts",
    "member_absences",
    "integration_connections",
    "chat_identities",
)
DEFINER_FUNCTIONS = (
    "unstarted_approval_requests(interval)",
    "approval_link_lookup(bytea)",
    "integration_lookup(text, text)",
)


def _definer(signature: str, returns: str, body: str) -> None:
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
    args = signature[len(name) :]
    arg_types = ", ".join(part.split()[-1] for part in args.strip("()").split(",") if part)
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
    # The worker's outbox relay: requests whose workflow start was lost (ids only).
    _definer(
        "unstarted_approval_requests(p_older_than interval)",
        "organization_id text, id text",
        "SELECT r.organization_id::text, r.id::text FROM approval_requests r "
        "WHERE r.workflow_started_at IS NULL AND r.status = 'pending' "
        "AND r.created_at < now() - p_older_than ORDER BY r.created_at LIMIT 500",
    )
    # An e-mail link carries nothing but its secret; this maps the secret's hash to its link.
    _definer(
        "approval_link_lookup(p_token_hash bytea)",
        "id text, organization_id text",
        "SELECT l.id::text, l.organization_id::text FROM approval_links l "
        "WHERE l.token_hash = p_token_hash",
    )
    # Inbound callbacks (Slack) name their workspace, not our organization.
    _definer(
        "integration_lookup(p_provider text, p_account text)",
        "organization_id text",
        "SELECT c.organization_id::text FROM integration_connections c "
        "WHERE c.provider = p_provider AND c.external_account_id = p_account "
        "AND c.status <> 'disconnected'",
    )
