"""Data exports and retention periods.

``data_exports`` is the read model of an export (status, progress, counts, manifest);
``data_export_files`` holds its files as bytea chunks (the API and the workers share no disk,
so the database is where the app keeps files; rows go with their export). The organization's
retention periods live in ``retention_policies``; each sweep records what it removed in
``retention_runs``. Every table is tenant-owned under row-level security.

Revision ID: 0029
Revises: 0028
Create Date: 2026-12-02 18:30:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0029"
down_revision: str | None = "0028"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("data_exports", "data_export_files", "retention_policies", "retention_runs")


def _org_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["organization_id"],
        ["organizations.id"],
        name=op.f(f"fk_{table}_organization_id_organizations"),
        ondelete="CASCADE",
    )


def upgrade() -> None:
    op.create_table(
        "data_exports",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("organization_id", sa.String(40), nullable=False),
        sa.Column("scope", sa.String(20), nullable=False),
        sa.Column("subject_kind", sa.String(20), nullable=True),
        sa.Column("subject_id", sa.String(40), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("entities_total", sa.Integer(), nullable=False),
        sa.Column("entities_done", sa.Integer(), nullable=False),
        sa.Column("rows_exported", sa.BigInteger(), nullable=False),
        sa.Column("counts", postgresql.JSONB(), nullable=False),
        sa.Column("manifest", postgresql.JSONB(), nullable=True),
        sa.Column("error", sa.String(1000), nullable=True),
        sa.Column("requested_by", sa.String(60), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("downloaded_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "scope IN ('organization', 'person')", name=op.f("ck_data_exports_scope")
        ),
        sa.CheckConstraint(
            "status IN ('pending', 'running', 'ready', 'failed')",
            name=op.f("ck_data_exports_status"),
        ),
        _org_fk("data_exports"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_data_exports")),
        sa.UniqueConstraint(
            "organization_id", "id", name=op.f("uq_data_exports_organization_id_id")
        ),
    )
    op.create_table(
        "data_export_files",
        sa.Column("organization_id", sa.String(40), nullable=False),
        sa.Column("export_id", sa.String(40), nullable=False),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id", "export_id"],
            ["data_exports.organization_id", "data_exports.id"],
            name=op.f("fk_data_export_files_organization_id_data_exports"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "organization_id", "export_id", "name", "seq", name=op.f("pk_data_export_files")
        ),
    )
    op.create_table(
        "retention_policies",
        sa.Column("organization_id", sa.String(40), nullable=False),
        sa.Column("bookings_days", sa.Integer(), nullable=True),
        sa.Column("sent_emails_days", sa.Integer(), nullable=True),
        sa.Column("webhook_attempts_days", sa.Integer(), nullable=True),
        sa.Column("events_days", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        _org_fk("retention_policies"),
        sa.PrimaryKeyConstraint("organization_id", name=op.f("pk_retention_policies")),
    )
    op.create_table(
        "retention_runs",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("organization_id", sa.String(40), nullable=False),
        sa.Column("ran_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("removed", postgresql.JSONB(), nullable=False),
        _org_fk("retention_runs"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_retention_runs")),
    )
    op.create_index(
        "ix_retention_runs_organization_id_id", "retention_runs", ["organization_id", "id"]
    )
    op.create_index("ix_data_exports_organization_id_id", "data_exports", ["organization_id", "id"])
    for table in TABLES:
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
        op.execute(
            f"CREATE POLICY tenant_isolation ON {table} "
            "USING (organization_id = ANY ((SELECT app_org_ids())::text[])) "
            "WITH CHECK (organization_id = ANY ((SELECT app_org_ids())::text[]))"
        )
    # The worker's schedule sweep: which organizations have retention periods at all.
    op.execute(
        "CREATE POLICY owner_maintenance ON retention_policies "
        "USING (current_setting('app.owner_maintenance', true) = 'on')"
    )
    op.execute(
        """
        CREATE FUNCTION retention_organizations()
        RETURNS TABLE (organization_id text)
        LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        BEGIN
            PERFORM set_config('app.owner_maintenance', 'on', true);
            RETURN QUERY SELECT p.organization_id::text FROM retention_policies p
                ORDER BY p.organization_id;
            PERFORM set_config('app.owner_maintenance', 'off', true);
        END
        $$
        """
    )
    op.execute("REVOKE ALL ON FUNCTION retention_organizations() FROM PUBLIC")
    op.execute("GRANT EXECUTE ON FUNCTION retention_organizations() TO auditoryx_app")


def downgrade() -> None:
    op.execute("DROP FUNCTION IF EXISTS retention_organizations()")
    for table in reversed(TABLES):
        op.drop_table(table)
