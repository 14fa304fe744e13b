"""``authenticate_key``: a key, its issuer's status and its organization's plan in one call.

Authentication ran ``auth_api_key`` and then, scoped to the key's organization, a second
statement for the issuing member's status and the organization's plan: two more round trips
on every authenticated request. The definer function answers all three at once. The old
function stays for the release still running during a rollout (expand; a later release drops
it, docs/adr/0025).

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-02 13:30:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FUNCTION = """
CREATE FUNCTION authenticate_key(p_id text)
RETURNS TABLE (organization_id text, mode text, secret_hash bytea, permissions text[],
               created_by text, expires_at timestamptz, revoked_at timestamptz,
               last_used_at timestamptz, issuer_status text, plan text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    PERFORM set_config('app.owner_maintenance', 'on', true);
    RETURN QUERY
        SELECT k.organization_id::text, k.mode::text, k.secret_hash, k.permissions::text[],
               k.created_by::text, k.expires_at, k.revoked_at, k.last_used_at,
               m.status::text, o.plan::text
          FROM api_keys k
          JOIN organizations o ON o.id = k.organization_id
          LEFT JOIN members m ON m.id = k.created_by
         WHERE k.id = p_id;
    PERFORM set_config('app.owner_maintenance', 'off', true);
END
$$
"""


def upgrade() -> None:
    op.execute(FUNCTION)
    op.execute("REVOKE ALL ON FUNCTION authenticate_key(text) FROM PUBLIC")
    op.execute("GRANT EXECUTE ON FUNCTION authenticate_key(text) TO auditoryx_app")


def downgrade() -> None:
    op.execute("DROP FUNCTION authenticate_key(text)")
