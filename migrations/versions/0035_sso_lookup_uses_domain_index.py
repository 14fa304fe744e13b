"""The SSO lookup by e-mail reads the GIN index of the claimed domains.

``sso_organization_lookup`` (0033) compared the typed domain with ``= ANY (email_domains)``,
which a GIN index cannot answer: every anonymous submission of the SSO form read every
organization's configuration. Containment (``@>``) is what the index answers; the function
keeps its signature, grants and results.

Revision ID: 0035
Revises: 0034
Create Date: 2026-12-02 21:40:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0035"
down_revision: str | None = "0034"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LOOKUP = """
CREATE OR REPLACE FUNCTION sso_organization_lookup(p_login text)
RETURNS TABLE (organization_id text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    PERFORM set_config('app.owner_maintenance', 'on', true);
    IF position('@' IN p_login) > 0 THEN
        RETURN QUERY
        SELECT min(c.organization_id)::text FROM sso_configurations c
        WHERE c.enabled
          AND {domain_match}
        HAVING count(*) = 1;
    ELSE
        RETURN QUERY
        SELECT c.organization_id::text FROM sso_configurations c
        WHERE c.enabled AND c.slug = lower(p_login);
    END IF;
    PERFORM set_config('app.owner_maintenance', 'off', true);
END
$$
"""
DOMAIN = "lower(split_part(p_login, '@', 2))"


def upgrade() -> None:
    op.execute(LOOKUP.format(domain_match=f"c.email_domains @> ARRAY[{DOMAIN}]"))


def downgrade() -> None:
    op.execute(LOOKUP.format(domain_match=f"{DOMAIN} = ANY (c.email_domains)"))
