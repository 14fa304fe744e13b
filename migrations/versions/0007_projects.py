"""Projects, milestones and booking reminders: projects with a DAG of milestones and their
session requests; e-mail branding and lifecycle settings, template overrides, the outbox and
the ledger of notices sent (its key is what keeps a reminder from going out twice).

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 10:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TENANT_TABLES = (
    "projects",
    "milestones",
    "milestone_sessions",
    "communication_settings",
    "email_templates",
    "email_outbox",
    "notifications_sent",
)


def upgrade() -> None:
    op.create_table(
        "communication_settings",
        sa.Column("organization_id", sa.String(length=40), nullable=False),
        sa.Column("brand_name", sa.String(length=200), nullable=True),
        sa.Column("primary_color", sa.String(length=7), nullable=False),
        sa.Column("accent_color", sa.String(length=7), nullable=False),
        sa.Column("logo_url", sa.String(length=1000), nullable=True),
        sa.Column("reply_to", sa.String(length=320), nullable=True),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("reminder_offsets_minutes", postgresql.ARRAY(sa.Integer()), nullable=False),
        sa.Column("follow_up_after_minutes", sa.Integer(), nullable=False),
        sa.Column("chaser_every_hours", sa.Integer(), nullable=False),
        sa.Column("report_enabled", sa.Boolean(), nullable=False),
        sa.Column("report_cron", sa.String(length=100), nullable=False),
        sa.Column("report_recipients", postgresql.ARRAY(sa.String(length=320)), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "0 < ALL (reminder_offsets_minutes)",
            name=op.f("ck_communication_settings_offsets_before"),
        ),
        sa.CheckConstraint("chaser_every_hours > 0", name=op.f("ck_communication_settings_chaser")),
        sa.CheckConstraint(
            "follow_up_after_minutes > 0", name=op.f("ck_communication_settings_follow_up")
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_communication_settings_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("organization_id", name=op.f("pk_communication_settings")),
    )
    op.create_table(
        "email_outbox",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("organization_id", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("to_address", sa.String(length=320), nullable=False),
        sa.Column("subject", sa.String(length=500), nullable=False),
        sa.Column("html", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("reply_to", sa.String(length=320), nullable=True),
        sa.Column("subject_id", sa.String(length=40), nullable=True),
        sa.Column("not_after", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(length=1000), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "status IN ('queued', 'sent', 'failed', 'dropped')", name=op.f("ck_email_outbox_status")
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_email_outbox_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_email_outbox")),
    )
    op.create_index(
        "ix_email_outbox_queued",
        "email_outbox",
        ["organization_id", "created_at"],
        unique=False,
        postgresql_where=sa.text("status = 'queued'"),
    )
    op.create_table(
        "email_templates",
        sa.Column("organization_id", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("subject", sa.String(length=500), nullable=False),
        sa.Column("html", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_by", sa.String(length=80), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_email_templates_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("organization_id", "name", name=op.f("pk_email_templates")),
    )
    op.create_table(
        "notifications_sent",
        sa.Column("organization_id", sa.String(length=40), nullable=False),
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("subject_id", sa.String(length=40), nullable=False),
        sa.Column("recipient", sa.String(length=320), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("outbox_id", sa.String(length=40), nullable=True),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_notifications_sent_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("organization_id", "key", name=op.f("pk_notifications_sent")),
    )
    op.create_index(
        "ix_notifications_sent_subject",
        "notifications_sent",
        ["organization_id", "subject_id"],
        unique=False,
    )
    op.create_table(
        "projects",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("organization_id", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("artist_id", sa.String(length=40), nullable=True),
        sa.Column("budget_minor", sa.BigInteger(), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("created_by", sa.String(length=80), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status_reason", sa.String(length=500), nullable=False),
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
            "status IN ('draft', 'active', 'completed', 'cancelled')",
            name=op.f("ck_projects_status"),
        ),
        sa.CheckConstraint(
            "budget_minor IS NULL OR budget_minor >= 0", name=op.f("ck_projects_budget")
        ),
        sa.ForeignKeyConstraint(
            ["organization_id", "artist_id"],
            ["artists.organization_id", "artists.id"],
            name=op.f("fk_projects_organization_id_artists"),
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_projects_organization_id_organizations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_projects")),
        sa.UniqueConstraint("organization_id", "id", name=op.f("uq_projects_organization_id_id")),
    )
    op.create_table(
        "milestones",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("organization_id", sa.String(length=40), nullable=False),
        sa.Column("project_id", sa.String(length=40), nullable=False),
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("depends_on", postgresql.ARRAY(sa.String(length=40)), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("checklist", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("shift_minutes", sa.Integer(), nullable=False),
        sa.Column("booked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
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
            "status IN ('pending', 'booked', 'done', 'cancelled')",
            name=op.f("ck_milestones_status"),
        ),
        sa.CheckConstraint("shift_minutes >= 0", name=op.f("ck_milestones_shift")),
        sa.ForeignKeyConstraint(
            ["organization_id", "project_id"],
            ["projects.organization_id", "projects.id"],
            name=op.f("fk_milestones_organization_id_projects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_milestones")),
        sa.UniqueConstraint("organization_id", "id", name=op.f("uq_milestones_organization_id_id")),
        sa.UniqueConstraint(
            "organization_id",
            "project_id",
            "key",
            name=op.f("uq_milestones_organization_id_project_id_key"),
        ),
    )
    op.create_index(
        "ix_milestones_organization_id_project_id",
        "milestones",
        ["organization_id", "project_id"],
        unique=False,
    )
    op.create_table(
        "milestone_sessions",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("organization_id", sa.String(length=40), nullable=False),
        sa.Column("project_id", sa.String(length=40), nullable=False),
        sa.Column("milestone_id", sa.String(length=40), nullable=False),
        sa.Column("creator_id", sa.String(length=40), nullable=False),
        sa.Column("room_id", sa.String(length=40), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("allow_outside_working_hours", sa.Boolean(), nullable=False),
        sa.Column("booking_id", sa.String(length=40), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("error", sa.String(length=1000), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('planned', 'booked', 'failed')", name=op.f("ck_milestone_sessions_status")
        ),
        sa.CheckConstraint("duration_minutes > 0", name=op.f("ck_milestone_sessions_duration")),
        sa.ForeignKeyConstraint(
            ["organization_id", "creator_id"],
            ["creators.organization_id", "creators.id"],
            name=op.f("fk_milestone_sessions_organization_id_creators"),
        ),
        sa.ForeignKeyConstraint(
            ["organization_id", "milestone_id"],
            ["milestones.organization_id", "milestones.id"],
            name=op.f("fk_milestone_sessions_organization_id_milestones"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id", "room_id"],
            ["rooms.organization_id", "rooms.id"],
            name=op.f("fk_milestone_sessions_organization_id_rooms"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_milestone_sessions")),
        sa.UniqueConstraint(
            "organization_id", "id", name=op.f("uq_milestone_sessions_organization_id_id")
        ),
    )
    op.create_index(
        "ix_milestone_sessions_booking",
        "milestone_sessions",
        ["organization_id", "booking_id"],
        unique=False,
    )
    op.create_index(
        "ix_milestone_sessions_milestone",
        "milestone_sessions",
        ["organization_id", "milestone_id"],
        unique=False,
    )
    _secure()


def downgrade() -> None:
    op.execute("DROP FUNCTION IF EXISTS lifecycle_organization_ids()")
    op.drop_index("ix_milestone_sessions_milestone", table_name="milestone_sessions")
    op.drop_index("ix_milestone_sessions_booking", table_name="milestone_sessions")
    op.drop_table("milestone_sessions")
    op.drop_index("ix_milestones_organization_id_project_id", table_name="milestones")
    op.drop_table("milestones")
    op.drop_table("projects")
    op.drop_index("ix_notifications_sent_subject", table_name="notifications_sent")
    op.drop_table("notifications_sent")
    op.drop_table("email_templates")
    op.drop_index(
        "ix_email_outbox_queued",
        table_name="email_outbox",
        postgresql_where=sa.text("status = 'queued'"),
    )
    op.drop_table("email_outbox")
    op.drop_table("communication_settings")


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
    # The worker keeps one lifecycle dispatcher and one report schedule per organization; it
    # needs the list of organizations (ids only) without being any of them.
    op.execute(
        """
        CREATE FUNCTION lifecycle_organization_ids() RETURNS TABLE (id text)
        LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        BEGIN
            PERFORM set_config('app.owner_maintenance', 'on', true);
            RETURN QUERY SELECT o.id::text FROM organizations o ORDER BY o.id;
            PERFORM set_config('app.owner_maintenance', 'off', true);
        END
        $$
        """
    )
    op.execute("REVOKE ALL ON FUNCTION lifecycle_organization_ids() FROM PUBLIC")
    op.execute("GRANT EXECUTE ON FUNCTION lifecycle_organization_ids() TO auditoryx_app")
