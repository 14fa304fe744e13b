"""Web dashboard: member sign-in sessions, branding and custom domains.

Member passwords (scrypt hashes), server-side dashboard sessions (token hashes, expiry, CSRF
secret), single-use password links, failed sign-ins for rate limiting (keyed by HMAC, not a
tenant table), and custom domains. Branding is the organization's communication settings (0007).

A browser presents only a cookie or a host name before its organization is known, so four
narrow definer functions map those to an organization, as ``approval_link_lookup`` does.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30 10:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TENANT_TABLES = ("member_credentials", "dashboard_sessions", "password_tokens", "custom_domains")
DEFINER_FUNCTIONS = (
    "dashboard_session_lookup(bytea)",
    "password_token_lookup(bytea)",
    "custom_domain_lookup(text)",
    "dashboard_sign_in_candidates(text)",
)


def _member_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["organization_id", "member_id"],
        ["members.organization_id", "members.id"],
        name=op.f(f"fk_{table}_organization_id_members"),
        ondelete="CASCADE",
    )


def upgrade() -> None:
    op.create_table(
        "member_credentials",
        sa.Column("organization_id", sa.String(length=40), nullable=False),
        sa.Column("member_id", sa.String(length=40), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        _member_fk("member_credentials"),
        sa.PrimaryKeyConstraint("organization_id", "member_id", name=op.f("pk_member_credentials")),
    )
    op.create_table(
        "dashboard_sessions",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("organization_id", sa.String(length=40), nullable=False),
        sa.Column("member_id", sa.String(length=40), nullable=False),
        sa.Column("token_hash", sa.LargeBinary(length=32), nullable=False),
        sa.Column("csrf_secret", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_agent", sa.String(length=300), nullable=False),
        sa.Column("ip_hmac", sa.String(length=64), nullable=True),
        _member_fk("dashboard_sessions"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dashboard_sessions")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_dashboard_sessions_token_hash")),
    )
    op.create_index(
        "ix_dashboard_sessions_organization_id_member_id",
        "dashboard_sessions",
        ["organization_id", "member_id"],
    )
    op.create_index("ix_dashboard_sessions_expires_at", "dashboard_sessions", ["expires_at"])
    op.create_table(
        "password_tokens",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("organization_id", sa.String(length=40), nullable=False),
        sa.Column("member_id", sa.String(length=40), nullable=False),
        sa.Column("token_hash", sa.LargeBinary(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        _member_fk("password_tokens"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_password_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_password_tokens_token_hash")),
    )
    op.create_table(
        "sign_in_failures",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("failed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sign_in_failures")),
    )
    op.create_index("ix_sign_in_failures_key_failed_at", "sign_in_failures", ["key", "failed_at"])
    op.create_table(
        "custom_domains",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("organization_id", sa.String(length=40), nullable=False),
        sa.Column("hostname", sa.String(length=253), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("verified_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_custom_domains_organization_id_organizations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_custom_domains")),
        sa.UniqueConstraint("hostname", name=op.f("uq_custom_domains_hostname")),
    )
    op.create_index("ix_custom_domains_organization_id", "custom_domains", ["organization_id"])
    _secure()


def downgrade() -> None:
    for signature in DEFINER_FUNCTIONS:
        op.execute(f"DROP FUNCTION IF EXISTS {signature}")
    op.drop_index("ix_custom_domains_organization_id", table_name="custom_domains")
    op.drop_table("custom_domains")
    op.drop_index("ix_sign_in_failures_key_failed_at", table_name="sign_in_failures")
    op.drop_table("sign_in_failures")
    op.drop_table("password_tokens")
    op.drop_index("ix_dashboard_sessions_expires_at", table_name="dashboard_sessions")
    op.drop_index(
        "ix_dashboard_sessions_organization_id_member_id", table_name="dashboard_sessions"
    )
    op.drop_table("dashboard_sessions")
    op.drop_table("member_credentials")


def _definer(signature: str, returns: str, body: str) -> None:
    op.execute(
        f"""
        CREATE FUNCTION {signature} RETURNS TABLE ({returns})
        LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        BEGIN
            PERFORM set_config('app.owner_maintenance', 'on', true);
            RETURN QUERY {body};
            PERFORM set_config('app.owner_maintenance', 'off', true);
        END
        $$
        """
    )
    name = signature.split("(")[0]
    arg_types = ", ".join(
        part.split()[-1] for part in signature[len(name) :].strip("()").split(",") if part
    )
    op.execute(f"REVOKE ALL ON FUNCTION {name}({arg_types}) FROM PUBLIC")
    op.execute(f"GRANT EXECUTE ON FUNCTION {name}({arg_types}) TO auditoryx_app")


def _secure() -> None:
    for table in TENANT_TABLES:
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
        op.execute(
            # The sub-select is an InitPlan: the scope is read once per statement, not per row.
            f"CREATE POLICY tenant_isolation ON {table} "
            "USING (organization_id = ANY ((SELECT app_org_ids())::text[])) "
            "WITH CHECK (organization_id = ANY ((SELECT app_org_ids())::text[]))"
        )
        op.execute(
            f"CREATE POLICY owner_maintenance ON {table} TO CURRENT_USER "
            "USING (current_setting('app.owner_maintenance', true) = 'on') "
            "WITH CHECK (current_setting('app.owner_maintenance', true) = 'on')"
        )
    # A session cookie carries nothing but its secret; this maps the secret's hash to a session.
    _definer(
        "dashboard_session_lookup(p_token_hash bytea)",
        "id text, organization_id text",
        "SELECT s.id::text, s.organization_id::text FROM dashboard_sessions s "
        "WHERE s.token_hash = p_token_hash AND s.expires_at > now()",
    )
    _definer(
        "password_token_lookup(p_token_hash bytea)",
        "id text, organization_id text",
        "SELECT t.id::text, t.organization_id::text FROM password_tokens t "
        "WHERE t.token_hash = p_token_hash",
    )
    # The Host header names a domain, not an organization; only verified domains answer.
    _definer(
        "custom_domain_lookup(p_hostname text)",
        "organization_id text",
        "SELECT d.organization_id::text FROM custom_domains d "
        "WHERE d.hostname = lower(p_hostname) AND d.verified_at IS NOT NULL",
    )
    # Sign-in knows an e-mail, which may be a member of several organizations: every active
    # membership with a password (at most 10), so the password decides which one it is.
    _definer(
        "dashboard_sign_in_candidates(p_email text)",
        "organization_id text, member_id text, password_hash text, organization_name text",
        "SELECT m.organization_id::text, m.id::text, c.password_hash, o.name::text "
        "FROM members m "
        "JOIN member_credentials c ON c.organization_id = m.organization_id "
        "AND c.member_id = m.id "
        "JOIN organizations o ON o.id = m.organization_id "
        "WHERE m.email = lower(p_email) AND m.status = 'active' "
        "ORDER BY o.name, m.organization_id LIMIT 10",
    )
