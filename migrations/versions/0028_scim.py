"""SCIM 2.0 provisioning: bearer tokens, identity-provider user data, groups and role mappings.

An identity provider (Okta, Entra ID) provisions an organization's members through
``/scim/v2`` with a bearer token that carries nothing but itself, so ``scim_token_lookup``
maps the token's hash to its organization, as ``api_key_invite_lookup`` does for invites.
Every table is new: the change is additive.

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-02 18:30:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0028"
down_revision: str | None = "0027"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("scim_tokens", "scim_users", "scim_groups", "scim_group_members", "scim_role_mappings")

LOOKUP = """
CREATE FUNCTION scim_token_lookup(p_token_hash bytea)
RETURNS TABLE (id text, organization_id text, revoked_at timestamptz)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    PERFORM set_config('app.owner_maintenance', 'on', true);
    RETURN QUERY SELECT t.id::text, t.organization_id::text, t.revoked_at FROM scim_tokens t
        WHERE t.token_hash = p_token_hash;
    PERFORM set_config('app.owner_maintenance', 'off', true);
END
$$
"""


def upgrade() -> None:
    op.create_table(
        "scim_tokens",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("organization_id", sa.String(40), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("token_hash", sa.LargeBinary(32), nullable=False),
        sa.Column("redacted", sa.String(40), nullable=False),
        sa.Column("created_by", sa.String(40), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("rotated_from", sa.String(40), nullable=True),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_scim_tokens_organization_id_organizations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scim_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_scim_tokens_token_hash")),
    )
    op.create_index(
        "ix_scim_tokens_organization_id_created_at",
        "scim_tokens",
        ["organization_id", "created_at"],
    )
    op.create_table(
        "scim_users",
        sa.Column("member_id", sa.String(40), nullable=False),
        sa.Column("organization_id", sa.String(40), nullable=False),
        sa.Column("external_id", sa.String(255), nullable=True),
        sa.Column("given_name", sa.String(200), nullable=True),
        sa.Column("family_name", sa.String(200), nullable=True),
        sa.ForeignKeyConstraint(
            ["organization_id", "member_id"],
            ["members.organization_id", "members.id"],
            name=op.f("fk_scim_users_organization_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("member_id", name=op.f("pk_scim_users")),
        sa.UniqueConstraint(
            "organization_id", "external_id", name=op.f("uq_scim_users_organization_id_external_id")
        ),
    )
    op.create_table(
        "scim_groups",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("organization_id", sa.String(40), nullable=False),
        sa.Column("display_name", sa.String(255), nullable=False),
        sa.Column("external_id", sa.String(255), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_scim_groups_organization_id_organizations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scim_groups")),
        sa.UniqueConstraint(
            "organization_id",
            "display_name",
            name=op.f("uq_scim_groups_organization_id_display_name"),
        ),
        sa.UniqueConstraint(
            "organization_id", "id", name=op.f("uq_scim_groups_organization_id_id")
        ),
    )
    op.create_table(
        "scim_group_members",
        sa.Column("organization_id", sa.String(40), nullable=False),
        sa.Column("group_id", sa.String(40), nullable=False),
        sa.Column("member_id", sa.String(40), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id", "group_id"],
            ["scim_groups.organization_id", "scim_groups.id"],
            name=op.f("fk_scim_group_members_organization_id_scim_groups"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id", "member_id"],
            ["members.organization_id", "members.id"],
            name=op.f("fk_scim_group_members_organization_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "organization_id", "group_id", "member_id", name=op.f("pk_scim_group_members")
        ),
    )
    op.create_index(
        "ix_scim_group_members_member", "scim_group_members", ["organization_id", "member_id"]
    )
    op.create_table(
        "scim_role_mappings",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("organization_id", sa.String(40), nullable=False),
        sa.Column("group", sa.String(255), nullable=False),
        sa.Column("role", sa.String(40), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_scim_role_mappings_organization_id_organizations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scim_role_mappings")),
        sa.UniqueConstraint(
            "organization_id", "group", name=op.f("uq_scim_role_mappings_organization_id_group")
        ),
    )
    for table in TABLES:
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
        op.execute(
            f"CREATE POLICY tenant_isolation ON {table} "
            "USING (organization_id = ANY ((SELECT app_org_ids())::text[])) "
            "WITH CHECK (organization_id = ANY ((SELECT app_org_ids())::text[]))"
        )
    op.execute(
        "CREATE POLICY owner_maintenance ON scim_tokens TO CURRENT_USER "
        "USING (current_setting('app.owner_maintenance', true) = 'on') "
        "WITH CHECK (current_setting('app.owner_maintenance', true) = 'on')"
    )
    op.execute(LOOKUP)
    op.execute("REVOKE ALL ON FUNCTION scim_token_lookup(bytea) FROM PUBLIC")
    op.execute("GRANT EXECUTE ON FUNCTION scim_token_lookup(bytea) TO auditoryx_app")


def downgrade() -> None:
    op.execute("DROP FUNCTION scim_token_lookup(bytea)")
    for table in reversed(TABLES):
        op.drop_table(table)
