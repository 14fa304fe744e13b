"""Tenancy and access: organizations, members, roles, API keys, audit log, idempotency.

Every tenant table gets row-level security (ENABLE + FORCE) with a policy on
``organization_id = ANY(app_org_ids())``; organizations are visible along their hierarchy path.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 00:22:16.914882
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "organizations",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("parent_id", sa.String(length=40), nullable=True),
        sa.Column("path", postgresql.ARRAY(sa.Text()), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("plan", sa.String(length=40), nullable=False),
        sa.Column("region", sa.String(length=40), nullable=False),
        sa.Column("settings", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("sandbox_of", sa.String(length=40), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "plan IN ('studio_pro', 'label_enterprise', 'white_label', 'api')",
            name=op.f("ck_organizations_plan"),
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["organizations.id"],
            name=op.f("fk_organizations_parent_id_organizations"),
        ),
        sa.ForeignKeyConstraint(
            ["sandbox_of"],
            ["organizations.id"],
            name=op.f("fk_organizations_sandbox_of_organizations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organizations")),
        sa.UniqueConstraint("sandbox_of", name=op.f("uq_organizations_sandbox_of")),
    )
    op.create_index(
        "ix_organizations_path", "organizations", ["path"], unique=False, postgresql_using="gin"
    )
    op.create_table(
        "api_keys",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("organization_id", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("mode", sa.String(length=10), nullable=False),
        sa.Column("secret_hash", sa.LargeBinary(length=32), nullable=False),
        sa.Column("redacted", sa.String(length=40), nullable=False),
        sa.Column("permissions", postgresql.ARRAY(sa.String(length=60)), nullable=False),
        sa.Column("created_by", sa.String(length=40), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("mode IN ('live', 'test')", name=op.f("ck_api_keys_mode")),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_api_keys_organization_id_organizations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_keys")),
    )
    op.create_index(
        "ix_api_keys_organization_id_created_at",
        "api_keys",
        ["organization_id", "created_at"],
        unique=False,
    )
    op.create_table(
        "audit_chain_heads",
        sa.Column("organization_id", sa.String(length=40), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_audit_chain_heads_organization_id_organizations"),
        ),
        sa.PrimaryKeyConstraint("organization_id", name=op.f("pk_audit_chain_heads")),
    )
    op.create_table(
        "audit_events",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("organization_id", sa.String(length=40), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_type", sa.String(length=20), nullable=False),
        sa.Column("actor_id", sa.String(length=80), nullable=False),
        sa.Column("action", sa.String(length=80), nullable=False),
        sa.Column("target_type", sa.String(length=40), nullable=False),
        sa.Column("target_id", sa.String(length=80), nullable=False),
        sa.Column("changes", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("request_id", sa.String(length=80), nullable=True),
        sa.Column("ip_hmac", sa.String(length=64), nullable=True),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_audit_events_organization_id_organizations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_events")),
        sa.UniqueConstraint(
            "organization_id", "seq", name=op.f("uq_audit_events_organization_id_seq")
        ),
    )
    op.create_index(
        "ix_audit_events_organization_id_action",
        "audit_events",
        ["organization_id", "action"],
        unique=False,
    )
    op.create_index(
        "ix_audit_events_organization_id_target",
        "audit_events",
        ["organization_id", "target_type", "target_id"],
        unique=False,
    )
    op.create_table(
        "idempotency_keys",
        sa.Column("organization_id", sa.String(length=40), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("method", sa.String(length=10), nullable=False),
        sa.Column("path", sa.String(length=500), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=True),
        sa.Column("response_body", sa.LargeBinary(), nullable=True),
        sa.Column("response_headers", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_idempotency_keys_organization_id_organizations"),
        ),
        sa.PrimaryKeyConstraint("organization_id", "key", name=op.f("pk_idempotency_keys")),
    )
    op.create_index(
        "ix_idempotency_keys_expires_at", "idempotency_keys", ["expires_at"], unique=False
    )
    op.create_table(
        "members",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("organization_id", sa.String(length=40), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint("status IN ('active', 'disabled')", name=op.f("ck_members_status")),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_members_organization_id_organizations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_members")),
        sa.UniqueConstraint(
            "organization_id", "email", name=op.f("uq_members_organization_id_email")
        ),
        sa.UniqueConstraint("organization_id", "id", name=op.f("uq_members_organization_id_id")),
    )
    op.create_table(
        "roles",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("organization_id", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("permissions", postgresql.ARRAY(sa.String(length=60)), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_roles_organization_id_organizations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_roles")),
        sa.UniqueConstraint("organization_id", "name", name=op.f("uq_roles_organization_id_name")),
    )
    _secure()


def downgrade() -> None:
    _unsecure()
    op.drop_table("roles")
    op.drop_table("members")
    op.drop_index("ix_idempotency_keys_expires_at", table_name="idempotency_keys")
    op.drop_table("idempotency_keys")
    op.drop_index("ix_audit_events_organization_id_target", table_name="audit_events")
    op.drop_index("ix_audit_events_organization_id_action", table_name="audit_events")
    op.drop_table("audit_events")
    op.drop_table("audit_chain_heads")
    op.drop_index("ix_api_keys_organization_id_created_at", table_name="api_keys")
    op.drop_table("api_keys")
    op.drop_index("ix_organizations_path", table_name="organizations", postgresql_using="gin")
    op.drop_table("organizations")


TENANT_TABLES = (
    "members",
    "roles",
    "api_keys",
    "audit_events",
    "audit_chain_heads",
    "idempotency_keys",
)


def _owner_maintenance(table: str) -> None:
    # FORCE ROW LEVEL SECURITY binds the owner too. Operator tools that run as the owner
    # (audit verification, the key lookup below) opt in per transaction with
    # set_config('app.owner_maintenance', 'on', true); the application role never can.
    op.execute(
        f"CREATE POLICY owner_maintenance ON {table} TO CURRENT_USER "
        "USING (current_setting('app.owner_maintenance', true) = 'on') "
        "WITH CHECK (current_setting('app.owner_maintenance', true) = 'on')"
    )


def _secure() -> None:
    for table in TENANT_TABLES:
        _owner_maintenance(table)
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
        op.execute(
            f"CREATE POLICY tenant_isolation ON {table} "
            "USING (organization_id = ANY (app_org_ids())) "
            "WITH CHECK (organization_id = ANY (app_org_ids()))"
        )

    # An organization is visible to itself and to its ancestors (a label sees its imprints,
    # never the reverse). Its sandbox twin is visible to the live organization it mirrors.
    _owner_maintenance("organizations")
    op.execute("ALTER TABLE organizations ENABLE ROW LEVEL SECURITY")
    op.execute("ALTER TABLE organizations FORCE ROW LEVEL SECURITY")
    op.execute(
        "CREATE POLICY tenant_isolation ON organizations "
        "USING (path && app_org_ids() OR sandbox_of = ANY (app_org_ids())) "
        "WITH CHECK (path && app_org_ids() OR sandbox_of = ANY (app_org_ids()))"
    )
    op.execute(
        """
        CREATE FUNCTION organizations_freeze_hierarchy() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            IF NEW.path IS DISTINCT FROM OLD.path OR NEW.parent_id IS DISTINCT FROM OLD.parent_id
               OR NEW.sandbox_of IS DISTINCT FROM OLD.sandbox_of THEN
                RAISE EXCEPTION 'an organization cannot be moved in the hierarchy'
                    USING ERRCODE = 'check_violation';
            END IF;
            RETURN NEW;
        END
        $$
        """
    )
    op.execute(
        "CREATE TRIGGER organizations_freeze_hierarchy BEFORE UPDATE ON organizations "
        "FOR EACH ROW EXECUTE FUNCTION organizations_freeze_hierarchy()"
    )
    # Visibility follows `path`, so a new row's path must be its parent's path plus itself
    # (or just itself for a root). The parent is read under the inserter's own row-level
    # security: one can only create children under an organization one can see.
    op.execute(
        """
        CREATE FUNCTION organizations_check_path() RETURNS trigger
        LANGUAGE plpgsql AS $$
        DECLARE
            parent_path text[];
        BEGIN
            IF NEW.parent_id IS NULL THEN
                IF NEW.path IS DISTINCT FROM ARRAY[NEW.id::text] THEN
                    RAISE EXCEPTION 'a root organization''s path is its own id'
                        USING ERRCODE = 'check_violation';
                END IF;
            ELSE
                SELECT o.path INTO parent_path FROM organizations o WHERE o.id = NEW.parent_id;
                IF parent_path IS NULL OR NEW.path IS DISTINCT FROM parent_path || NEW.id::text THEN
                    RAISE EXCEPTION 'an organization''s path must be its parent''s path and its id'
                        USING ERRCODE = 'check_violation';
                END IF;
            END IF;
            RETURN NEW;
        END
        $$
        """
    )
    op.execute(
        "CREATE TRIGGER organizations_check_path BEFORE INSERT ON organizations "
        "FOR EACH ROW EXECUTE FUNCTION organizations_check_path()"
    )

    # The audit log is append-only for everyone; the application role may not even try.
    op.execute("REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM auditoryx_app")
    # A chain head only ever moves forward (UPDATE under its row lock); removing one would
    # hide its chain from `auditoryx audit verify`.
    op.execute("REVOKE DELETE, TRUNCATE ON audit_chain_heads FROM auditoryx_app")
    op.execute(
        """
        CREATE FUNCTION audit_events_append_only() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'audit_events is append-only' USING ERRCODE = 'insufficient_privilege';
        END
        $$
        """
    )
    op.execute(
        "CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events "
        "FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()"
    )

    # Authentication has to find a key before it knows the tenant. This definer function is
    # the one narrow door: it returns one key by id, reading as the owner in maintenance mode
    # only while it runs.
    op.execute(
        """
        CREATE FUNCTION auth_api_key(p_id text)
        RETURNS TABLE (organization_id text, mode text, secret_hash bytea, permissions text[],
                       created_by text, expires_at timestamptz, revoked_at timestamptz,
                       last_used_at timestamptz)
        LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        BEGIN
            PERFORM set_config('app.owner_maintenance', 'on', true);
            RETURN QUERY
                SELECT k.organization_id::text, k.mode::text, k.secret_hash,
                       k.permissions::text[], k.created_by::text, k.expires_at, k.revoked_at,
                       k.last_used_at
                FROM api_keys k WHERE k.id = p_id;
            PERFORM set_config('app.owner_maintenance', 'off', true);
        END
        $$
        """
    )
    op.execute("REVOKE ALL ON FUNCTION auth_api_key(text) FROM PUBLIC")
    op.execute("GRANT EXECUTE ON FUNCTION auth_api_key(text) TO auditoryx_app")


def _unsecure() -> None:
    op.execute("DROP FUNCTION IF EXISTS auth_api_key(text)")
    op.execute("DROP TRIGGER IF EXISTS audit_events_append_only ON audit_events")
    op.execute("DROP FUNCTION IF EXISTS audit_events_append_only()")
    op.execute("DROP TRIGGER IF EXISTS organizations_check_path ON organizations")
    op.execute("DROP FUNCTION IF EXISTS organizations_check_path()")
    op.execute("DROP TRIGGER IF EXISTS organizations_freeze_hierarchy ON organizations")
    op.execute("DROP FUNCTION IF EXISTS organizations_freeze_hierarchy()")
