"""API key invites: how a member who is not the first key's holder gets a key of their own.

An admin invites a member (``POST /v1/members/{id}/api-key-invites``); the invite is a
single-use, expiring token (only its SHA-256 is stored) that the member exchanges for a key
acting as themselves (``POST /v1/api-key-invites/claim``). The claim carries nothing but the
token, so ``api_key_invite_lookup`` maps the token's hash to its organization, as
``approval_link_lookup`` does for e-mail links.

Revision ID: 0021
Revises: 0019
Create Date: 2026-12-02 12:10:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0021"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LOOKUP = """
CREATE FUNCTION api_key_invite_lookup(p_token_hash bytea)
RETURNS TABLE (id text, organization_id text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    PERFORM set_config('app.owner_maintenance', 'on', true);
    RETURN QUERY SELECT i.id::text, i.organization_id::text FROM api_key_invites i
        WHERE i.token_hash = p_token_hash;
    PERFORM set_config('app.owner_maintenance', 'off', true);
END
$$
"""


def upgrade() -> None:
    op.create_table(
        "api_key_invites",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("organization_id", sa.String(40), nullable=False),
        sa.Column("member_id", sa.String(40), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("mode", sa.String(10), nullable=False),
        sa.Column("permissions", postgresql.ARRAY(sa.String(60)), nullable=False),
        sa.Column("token_hash", sa.LargeBinary(32), nullable=False),
        sa.Column("created_by", sa.String(40), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("api_key_id", sa.String(40), nullable=True),
        sa.CheckConstraint("mode IN ('live', 'test')", name=op.f("ck_api_key_invites_mode")),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_api_key_invites_organization_id_organizations"),
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_api_key_invites_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_key_invites")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_api_key_invites_token_hash")),
    )
    op.create_index(
        "ix_api_key_invites_organization_id_member_id",
        "api_key_invites",
        ["organization_id", "member_id"],
    )
    op.execute("ALTER TABLE api_key_invites ENABLE ROW LEVEL SECURITY")
    op.execute("ALTER TABLE api_key_invites FORCE ROW LEVEL SECURITY")
    op.execute(
        "CREATE POLICY tenant_isolation ON api_key_invites "
        # The scope read once per statement, as every tenant policy since migration 0011.
        "USING (organization_id = ANY ((SELECT app_org_ids())::text[])) "
        "WITH CHECK (organization_id = ANY ((SELECT app_org_ids())::text[]))"
    )
    op.execute(
        "CREATE POLICY owner_maintenance ON api_key_invites TO CURRENT_USER "
        "USING (current_setting('app.owner_maintenance', true) = 'on') "
        "WITH CHECK (current_setting('app.owner_maintenance', true) = 'on')"
    )
    op.execute(LOOKUP)
    op.execute("REVOKE ALL ON FUNCTION api_key_invite_lookup(bytea) FROM PUBLIC")
    op.execute("GRANT EXECUTE ON FUNCTION api_key_invite_lookup(bytea) TO auditoryx_app")


def downgrade() -> None:
    op.execute("DROP FUNCTION api_key_invite_lookup(bytea)")
    op.drop_table("api_key_invites")
