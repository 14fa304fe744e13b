"""Foundation: the application role, the tenant-scope helper, health probes.

Revision ID: 0001
Revises:
Create Date: 2026-11-24
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # The role every application connection assumes (SET ROLE on connect). It owns nothing,
    # so row-level security always applies to it. Roles are cluster-wide: create it once.
    op.execute(
        """
        DO $$
        BEGIN
            IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'auditoryx_app') THEN
                CREATE ROLE auditoryx_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
            END IF;
        END
        $$;
        """
    )
    op.execute("GRANT USAGE ON SCHEMA public TO auditoryx_app")
    op.execute(
        "ALTER DEFAULT PRIVILEGES IN SCHEMA public "
        "GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO auditoryx_app"
    )
    op.execute(
        "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO auditoryx_app"
    )
    op.execute("REVOKE ALL ON TABLE alembic_version FROM auditoryx_app")

    # The organizations the current transaction may see, as set by the application with
    # set_config('app.org_ids', 'org_a,org_b', true). Unset or empty means none.
    op.execute(
        """
        CREATE FUNCTION app_org_ids() RETURNS text[]
        LANGUAGE sql STABLE PARALLEL SAFE AS $$
            SELECT coalesce(
                string_to_array(nullif(current_setting('app.org_ids', true), ''), ','),
                '{}'::text[])
        $$
        """
    )

    op.create_table(
        "health_probes",
        sa.Column("id", sa.String(length=80), nullable=False),
        sa.Column("worker_identity", sa.String(length=200), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_health_probes")),
    )


def downgrade() -> None:
    op.drop_table("health_probes")
    op.execute("DROP FUNCTION app_org_ids()")
    op.execute(
        "ALTER DEFAULT PRIVILEGES IN SCHEMA public "
        "REVOKE SELECT, INSERT, UPDATE, DELETE ON TABLES FROM auditoryx_app"
    )
    op.execute(
        "ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE USAGE, SELECT ON SEQUENCES FROM auditoryx_app"
    )
