"""The registry of names organizations claim across placements: SSO sign-in names, SSO e-mail
domains, custom domains.

A claim is unique within a database by its own table's constraint, but an organization of
another placement could claim the same name in its database: an SSO claim made twice signed in
to neither organization, a custom domain was served by the first placement found. The control
database's copy of this table is the one registry (docs/adr/0035-placements-and-regions.md):
its primary key serialises two claims of one name, whichever placements their organizations
live in. Claims are written through ``claim_names()``, a definer function, because a claim
must see (and be refused by) another organization's row. Every placement gets the table (one
schema everywhere); only the control database's copy is read. Under row-level security like
every table with an ``organization_id``.

Revision ID: 0041
Revises: 0040
Create Date: 2026-12-03 10:40:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0041"
down_revision: str | None = "0040"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TENANT_SCOPE = "organization_id = ANY ((SELECT app_org_ids())::text[])"
MAINTENANCE = "current_setting('app.owner_maintenance', true) = 'on'"


def upgrade() -> None:
    op.execute(
        """
        CREATE TABLE organization_claims (
            kind varchar(40) NOT NULL,
            value varchar(320) NOT NULL,
            organization_id varchar(40) NOT NULL,
            claimed_at timestamptz NOT NULL DEFAULT now(),
            CONSTRAINT pk_organization_claims PRIMARY KEY (kind, value)
        )
        """
    )
    op.execute(
        "CREATE INDEX ix_organization_claims_organization_id "
        "ON organization_claims (organization_id, kind)"
    )
    op.execute("ALTER TABLE organization_claims ENABLE ROW LEVEL SECURITY")
    op.execute("ALTER TABLE organization_claims FORCE ROW LEVEL SECURITY")
    op.execute(
        "CREATE POLICY tenant_isolation ON organization_claims "
        f"USING ({TENANT_SCOPE}) WITH CHECK ({TENANT_SCOPE})"
    )
    op.execute(
        "CREATE POLICY owner_maintenance ON organization_claims TO CURRENT_USER "
        f"USING ({MAINTENANCE}) WITH CHECK ({MAINTENANCE})"
    )
    # The organization's claims of ``p_kind`` become exactly ``p_values``; returns the first
    # value another organization holds, else NULL (the caller then rolls its transaction back:
    # nothing of the claim stays). A concurrent claim of one value waits on the primary key
    # for the other's commit, then sees it.
    op.execute(
        """
        CREATE FUNCTION claim_names(p_organization_id text, p_kind text, p_values text[])
        RETURNS text
        LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        DECLARE
            taken text;
        BEGIN
            PERFORM set_config('app.owner_maintenance', 'on', true);
            INSERT INTO organization_claims (kind, value, organization_id)
            SELECT p_kind, v, p_organization_id FROM unnest(p_values) AS v ORDER BY v
            ON CONFLICT (kind, value) DO NOTHING;
            SELECT value INTO taken FROM organization_claims
            WHERE kind = p_kind AND value = ANY (p_values)
              AND organization_id <> p_organization_id
            ORDER BY value LIMIT 1;
            IF taken IS NULL THEN
                DELETE FROM organization_claims
                WHERE organization_id = p_organization_id AND kind = p_kind
                  AND NOT value = ANY (p_values);
            END IF;
            PERFORM set_config('app.owner_maintenance', 'off', true);
            RETURN taken;
        END
        $$
        """
    )
    op.execute("REVOKE ALL ON FUNCTION claim_names(text, text, text[]) FROM PUBLIC")
    op.execute("GRANT EXECUTE ON FUNCTION claim_names(text, text, text[]) TO auditoryx_app")


def downgrade() -> None:
    op.execute("DROP FUNCTION claim_names(text, text, text[])")
    op.execute("DROP TABLE organization_claims")
