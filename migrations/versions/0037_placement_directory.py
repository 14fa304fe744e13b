"""The directory of placements: which database each organization lives in.

Read in the control database (docs/adr/0035-placements-and-regions.md): an organization with
no row lives in the control database itself, so existing deployments need no backfill. The
table is under row-level security like every table with an ``organization_id``; routing reads
and writes it through two definer functions, because a process routes before it knows any
tenant scope. Every placement gets the table (one schema everywhere); only the control
database's copy is read.

Revision ID: 0037
Revises: 0036
Create Date: 2026-12-03 06:40:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0037"
down_revision: str | None = "0036"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TENANT_SCOPE = "organization_id = ANY ((SELECT app_org_ids())::text[])"
MAINTENANCE = "current_setting('app.owner_maintenance', true) = 'on'"


def upgrade() -> None:
    op.execute(
        """
        CREATE TABLE organization_placements (
            organization_id varchar(40) NOT NULL,
            placement varchar(40) NOT NULL,
            assigned_at timestamptz NOT NULL DEFAULT now(),
            CONSTRAINT pk_organization_placements PRIMARY KEY (organization_id)
        )
        """
    )
    op.execute("ALTER TABLE organization_placements ENABLE ROW LEVEL SECURITY")
    op.execute("ALTER TABLE organization_placements FORCE ROW LEVEL SECURITY")
    op.execute(
        "CREATE POLICY tenant_isolation ON organization_placements "
        f"USING ({TENANT_SCOPE}) WITH CHECK ({TENANT_SCOPE})"
    )
    op.execute(
        "CREATE POLICY owner_maintenance ON organization_placements TO CURRENT_USER "
        f"USING ({MAINTENANCE}) WITH CHECK ({MAINTENANCE})"
    )
    op.execute(
        """
        CREATE FUNCTION placement_of(p_organization_id text)
        RETURNS text
        LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        DECLARE
            found text;
        BEGIN
            PERFORM set_config('app.owner_maintenance', 'on', true);
            SELECT placement INTO found FROM organization_placements
            WHERE organization_id = p_organization_id;
            PERFORM set_config('app.owner_maintenance', 'off', true);
            RETURN found;
        END
        $$
        """
    )
    op.execute(
        """
        CREATE FUNCTION assign_placement(p_organization_id text, p_placement text)
        RETURNS void
        LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        BEGIN
            PERFORM set_config('app.owner_maintenance', 'on', true);
            INSERT INTO organization_placements (organization_id, placement)
            VALUES (p_organization_id, p_placement)
            ON CONFLICT (organization_id)
            DO UPDATE SET placement = excluded.placement, assigned_at = now();
            PERFORM set_config('app.owner_maintenance', 'off', true);
        END
        $$
        """
    )
    for function in ("placement_of(text)", "assign_placement(text, text)"):
        op.execute(f"REVOKE ALL ON FUNCTION {function} FROM PUBLIC")
        op.execute(f"GRANT EXECUTE ON FUNCTION {function} TO auditoryx_app")


def downgrade() -> None:
    op.execute("DROP FUNCTION assign_placement(text, text)")
    op.execute("DROP FUNCTION placement_of(text)")
    op.execute("DROP TABLE organization_placements")
