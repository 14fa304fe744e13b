"""Project tools (Asana first): milestones synced as tasks.

``project_tool_containers`` holds, per AuditoryX project and tool, the tool's project (board)
and the webhook that reports its tasks' changes, with the signing secret sealed;
``project_task_links`` maps each milestone to its task with the state both sides last agreed
on. Both are tenant tables under row-level security. The provider CHECKs of connections,
external mappings and sync states are widened to take ``asana`` (additive: the previous
release never writes it).

Revision ID: 0030
Revises: 0029
Create Date: 2026-12-02 18:30:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0030"
down_revision: str | None = "0029"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CONNECTIONS = ("slack", "teams", "hubspot", "quickbooks", "smtp", "xero", "salesforce")
SYNCED = ("hubspot", "quickbooks", "xero", "salesforce")
WIDENED = {
    "integration_connections": CONNECTIONS,
    "external_mappings": SYNCED,
    "sync_states": SYNCED,
}
TOOLS = ("asana", "monday")
TABLES = ("project_tool_containers", "project_task_links")


def _check(table: str, providers: tuple[str, ...]) -> None:
    op.drop_constraint(op.f(f"ck_{table}_provider"), table, type_="check")
    op.create_check_constraint(op.f(f"ck_{table}_provider"), table, f"provider IN {providers!r}")


def _timestamps() -> list[sa.Column[object]]:
    return [
        sa.Column(name, sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False)
        for name in ("created_at", "updated_at")
    ]


def upgrade() -> None:
    for table, providers in WIDENED.items():
        _check(table, (*providers, "asana"))
    op.create_table(
        "project_tool_containers",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("organization_id", sa.String(40), nullable=False),
        sa.Column("provider", sa.String(20), nullable=False),
        sa.Column("project_id", sa.String(40), nullable=False),
        sa.Column("container_id", sa.String(120), nullable=True),
        sa.Column("webhook_id", sa.String(120), nullable=True),
        sa.Column("webhook_secret", sa.LargeBinary(), nullable=True),
        *_timestamps(),
        sa.CheckConstraint(
            f"provider IN {TOOLS!r}", name=op.f("ck_project_tool_containers_provider")
        ),
        sa.ForeignKeyConstraint(
            ["organization_id", "project_id"],
            ["projects.organization_id", "projects.id"],
            name=op.f("fk_project_tool_containers_organization_id_projects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_tool_containers")),
        sa.UniqueConstraint(
            "organization_id",
            "provider",
            "project_id",
            name=op.f("uq_project_tool_containers_organization_id_provider_project_id"),
        ),
    )
    op.create_table(
        "project_task_links",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("organization_id", sa.String(40), nullable=False),
        sa.Column("provider", sa.String(20), nullable=False),
        sa.Column("milestone_id", sa.String(40), nullable=False),
        sa.Column("container_id", sa.String(120), nullable=False),
        sa.Column("task_id", sa.String(120), nullable=False),
        sa.Column("marker", sa.String(120), nullable=False),
        sa.Column("completed", sa.Boolean(), nullable=False),
        sa.Column("provider_modified_at", sa.DateTime(timezone=True), nullable=True),
        *_timestamps(),
        sa.CheckConstraint(f"provider IN {TOOLS!r}", name=op.f("ck_project_task_links_provider")),
        sa.ForeignKeyConstraint(
            ["organization_id", "milestone_id"],
            ["milestones.organization_id", "milestones.id"],
            name=op.f("fk_project_task_links_organization_id_milestones"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_task_links")),
        sa.UniqueConstraint(
            "organization_id",
            "provider",
            "milestone_id",
            name=op.f("uq_project_task_links_organization_id_provider_milestone_id"),
        ),
    )
    op.create_index(
        "ix_project_task_links_task",
        "project_task_links",
        ["organization_id", "provider", "task_id"],
    )
    for table in TABLES:
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
        op.execute(
            f"CREATE POLICY tenant_isolation ON {table} "
            "USING (organization_id = ANY ((SELECT app_org_ids())::text[])) "
            "WITH CHECK (organization_id = ANY ((SELECT app_org_ids())::text[]))"
        )


def downgrade() -> None:
    op.drop_index("ix_project_task_links_task", table_name="project_task_links")
    op.drop_table("project_task_links")
    op.drop_table("project_tool_containers")
    # The older schema knows no Asana: its rows go with it.
    for table, providers in WIDENED.items():
        op.execute(f"DELETE FROM {table} WHERE provider = 'asana'")  # noqa: S608 (constant)
        _check(table, providers)
