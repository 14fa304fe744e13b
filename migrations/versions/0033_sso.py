"""Single sign-on with OpenID Connect: one identity provider per organization.

``sso_configurations`` holds an organization's issuer, client id, the client secret sealed
with ``SECRET_KEY`` (never in clear), the e-mail domains whose people may join on first
sign-in, the role mapping and the "SSO required" switch. ``slug`` is the name people type on
the SSO sign-in page, unique across organizations.

A browser starting SSO knows only a slug or an e-mail, not an organization, so one narrow
definer function maps either to the organization (and only an enabled configuration
answers); an e-mail domain claimed by two organizations answers nothing, never a guess.

Revision ID: 0033
Revises: 0032
Create Date: 2026-12-02 18:30:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0033"
down_revision: str | None = "0032"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LOOKUP = "sso_organization_lookup(text)"


def upgrade() -> None:
    op.create_table(
        "sso_configurations",
        sa.Column("organization_id", sa.String(length=40), nullable=False),
        sa.Column("slug", sa.String(length=63), nullable=False),
        sa.Column("issuer", sa.String(length=2000), nullable=False),
        sa.Column("client_id", sa.String(length=255), nullable=False),
        sa.Column("client_secret_sealed", sa.LargeBinary(), nullable=False),
        sa.Column("email_domains", postgresql.ARRAY(sa.Text()), nullable=False),
        sa.Column("role_claim", sa.String(length=100), nullable=False),
        sa.Column("role_mapping", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("default_role", sa.String(length=40), nullable=False),
        sa.Column("sso_required", sa.Boolean(), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_sso_configurations_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("organization_id", name=op.f("pk_sso_configurations")),
        sa.UniqueConstraint("slug", name=op.f("uq_sso_configurations_slug")),
    )
    op.create_index(
        "ix_sso_configurations_email_domains",
        "sso_configurations",
        ["email_domains"],
        postgresql_using="gin",
    )
    op.execute("ALTER TABLE sso_configurations ENABLE ROW LEVEL SECURITY")
    op.execute("ALTER TABLE sso_configurations FORCE ROW LEVEL SECURITY")
    op.execute(
        "CREATE POLICY tenant_isolation ON sso_configurations "
        "USING (organization_id = ANY ((SELECT app_org_ids())::text[])) "
        "WITH CHECK (organization_id = ANY ((SELECT app_org_ids())::text[]))"
    )
    op.execute(
        "CREATE POLICY owner_maintenance ON sso_configurations TO CURRENT_USER "
        "USING (current_setting('app.owner_maintenance', true) = 'on') "
        "WITH CHECK (current_setting('app.owner_maintenance', true) = 'on')"
    )
    # A slug (exact) or an e-mail (its domain, claimed by exactly one organization).
    op.execute(
        """
        CREATE FUNCTION sso_organization_lookup(p_login text)
        RETURNS TABLE (organization_id text)
        LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        BEGIN
            PERFORM set_config('app.owner_maintenance', 'on', true);
            IF position('@' IN p_login) > 0 THEN
                RETURN QUERY
                SELECT min(c.organization_id)::text FROM sso_configurations c
                WHERE c.enabled
                  AND lower(split_part(p_login, '@', 2)) = ANY (c.email_domains)
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
    )
    op.execute(f"REVOKE ALL ON FUNCTION {LOOKUP} FROM PUBLIC")
    op.execute(f"GRANT EXECUTE ON FUNCTION {LOOKUP} TO auditoryx_app")


def downgrade() -> None:
    op.execute(f"DROP FUNCTION IF EXISTS {LOOKUP}")
    op.drop_index("ix_sso_configurations_email_domains", table_name="sso_configurations")
    op.drop_table("sso_configurations")
