"""An organization's artist limit covers its sub-organizations: ``roster_limits``.

A studio_pro label (25 artists) could create an imprint and import any number of artists
into it. An organization's plan limit now counts the artists of the organization and every
sub-organization under it, for each organization on the line from the root down. An imprint
cannot see its parent's row or its siblings' artists, so this definer function is the narrow
door: for an organization in the caller's own scope it locks the line root first (roster
growth of one tree takes turns; FOR NO KEY UPDATE leaves other writes that reference the
organizations alone) and returns each one's plan and the size of its roster, nothing else.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02 10:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        """
        CREATE FUNCTION roster_limits(p_org text)
        RETURNS TABLE (organization_id text, plan text, artists bigint)
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
                         WHERE d.path @> ARRAY[o.id::text])
                FROM organizations o WHERE o.id = ANY (v_path)
                ORDER BY array_position(v_path, o.id::text);
            PERFORM set_config('app.owner_maintenance', 'off', true);
        END
        $$
        """
    )
    op.execute("REVOKE ALL ON FUNCTION roster_limits(text) FROM PUBLIC")
    op.execute("GRANT EXECUTE ON FUNCTION roster_limits(text) TO auditoryx_app")


def downgrade() -> None:
    op.execute("DROP FUNCTION IF EXISTS roster_limits(text)")
