"""Quotas by plan: ``organization_quotas``, one row per (organization, quota).

The row is what a quota check locks (``INSERT … ON CONFLICT DO UPDATE`` takes its row lock
until the creating transaction ends) before it counts what the organization has and inserts
one more, so concurrent creations of one organization take turns on that quota only, and
nothing else of the organization waits for them. The row also holds the operator's override
of the plan's limit for that organization (``auditoryx org set-quota``; NULL: the plan's).

``roster_limits`` (0015) returns each organization's artist override beside its plan, so the
roster's tree-wide check honours it on every organization of the line.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-02 13:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

QUOTAS = (
    "artists",
    "seats",
    "webhook_endpoints",
    "bulk_concurrent_batches",
    "bulk_sessions_per_day",
)

TENANT_SCOPE = "organization_id = ANY ((SELECT app_org_ids())::text[])"


def _roster_limits(with_override: bool) -> str:
    columns = ", artists_override integer" if with_override else ""
    override = (
        ", (SELECT q.limit_override FROM organization_quotas q"
        " WHERE q.organization_id = o.id AND q.quota = 'artists')"
        if with_override
        else ""
    )
    return f"""
        CREATE FUNCTION roster_limits(p_org text)
        RETURNS TABLE (organization_id text, plan text, artists bigint{columns})
        LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        DECLARE
            v_path text[];
        BEGIN
            IF NOT p_org = ANY (app_org_ids()) THEN
                RETURN;
            END IF;
            PERFORM set_config('app.owner_maintenance', 'on', true);
            SELECT o.path INTO v_path FROM organizations o WHERE o.id = p_org;
            PERFORM 1 FROM organizations o WHERE o.id = ANY (v_path)
                ORDER BY array_position(v_path, o.id::text) FOR NO KEY UPDATE;
            RETURN QUERY
                SELECT o.id::text, o.plan::text,
                       (SELECT count(*) FROM artists a
                          JOIN organizations d ON d.id = a.organization_id
                         WHERE d.path @> ARRAY[o.id::text]){override}
                FROM organizations o WHERE o.id = ANY (v_path)
                ORDER BY array_position(v_path, o.id::text);
            PERFORM set_config('app.owner_maintenance', 'off', true);
        END
        $$
        """  # noqa: S608 (the parts are this module's constants)


def _replace_roster_limits(with_override: bool) -> None:
    op.execute("DROP FUNCTION IF EXISTS roster_limits(text)")
    op.execute(_roster_limits(with_override))
    op.execute("REVOKE ALL ON FUNCTION roster_limits(text) FROM PUBLIC")
    op.execute("GRANT EXECUTE ON FUNCTION roster_limits(text) TO auditoryx_app")


def upgrade() -> None:
    op.create_table(
        "organization_quotas",
        sa.Column("organization_id", sa.String(length=40), nullable=False),
        sa.Column("quota", sa.String(length=40), nullable=False),
        sa.Column("limit_override", sa.Integer(), nullable=True),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.CheckConstraint(f"quota IN {QUOTAS!r}", name=op.f("ck_organization_quotas_quota")),
        sa.CheckConstraint(
            "limit_override >= 0", name=op.f("ck_organization_quotas_limit_override")
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_organization_quotas_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("organization_id", "quota", name=op.f("pk_organization_quotas")),
    )
    op.execute("ALTER TABLE organization_quotas ENABLE ROW LEVEL SECURITY")
    op.execute("ALTER TABLE organization_quotas FORCE ROW LEVEL SECURITY")
    # The scope read once per statement (an InitPlan), as every tenant policy since 0011.
    op.execute(
        "CREATE POLICY tenant_isolation ON organization_quotas "
        f"USING ({TENANT_SCOPE}) WITH CHECK ({TENANT_SCOPE})"
    )
    op.execute(
        "CREATE POLICY owner_maintenance ON organization_quotas TO CURRENT_USER "
        "USING (current_setting('app.owner_maintenance', true) = 'on') "
        "WITH CHECK (current_setting('app.owner_maintenance', true) = 'on')"
    )
    _replace_roster_limits(with_override=True)


def downgrade() -> None:
    _replace_roster_limits(with_override=False)
    op.drop_table("organization_quotas")
