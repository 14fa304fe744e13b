"""Deleting an organization: its request, grace period and the record that it was deleted.

``organization_deletions`` (read in the control database) holds one row per request: the
organization, who asked (an id), when it may be carried out (``delete_after``), its state
(``scheduled`` → ``deleting`` → ``deleted``, or ``cancelled`` during the grace period), the
organizations the deletion covered and the rows it removed per table. The row is the record
that stays once the organization's data is gone: it has no foreign key to ``organizations``,
and no tenant move, deletion or sandbox reset removes it (domain/placements/tables.py). At
most one open request per organization (a unique index over the rows not cancelled), so two
concurrent requests give one deletion.

Revision ID: 0046
Revises: 0045
Create Date: 2026-12-03 15:30:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0046"
down_revision: str | None = "0045"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _tenant_rls(table: str) -> None:
    op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
    op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
    op.execute(
        f"CREATE POLICY tenant_isolation ON {table} "
        "USING (organization_id = ANY ((SELECT app_org_ids())::text[])) "
        "WITH CHECK (organization_id = ANY ((SELECT app_org_ids())::text[]))"
    )
    op.execute(
        f"CREATE POLICY owner_maintenance ON {table} TO CURRENT_USER "
        "USING (current_setting('app.owner_maintenance', true) = 'on') "
        "WITH CHECK (current_setting('app.owner_maintenance', true) = 'on')"
    )


def upgrade() -> None:
    op.create_table(
        "organization_deletions",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("organization_id", sa.String(length=40), nullable=False),
        sa.Column(
            "organization_ids", postgresql.ARRAY(sa.Text()), server_default="{}", nullable=False
        ),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("requested_by_type", sa.String(length=20), nullable=False),
        sa.Column("requested_by_id", sa.String(length=80), nullable=False),
        sa.Column(
            "requested_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column("delete_after", sa.DateTime(timezone=True), nullable=False),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cancelled_by_id", sa.String(length=80), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "counts", postgresql.JSONB(astext_type=sa.Text()), server_default="{}", nullable=False
        ),
        sa.Column("workflow_id", sa.String(length=200), nullable=False),
        sa.CheckConstraint(
            "state IN ('scheduled', 'cancelled', 'deleting', 'deleted')",
            name=op.f("ck_organization_deletions_state"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organization_deletions")),
    )
    op.create_index(
        "uq_organization_deletions_organization_id_open",
        "organization_deletions",
        ["organization_id"],
        unique=True,
        postgresql_where=sa.text("state <> 'cancelled'"),
    )
    _tenant_rls("organization_deletions")


def downgrade() -> None:
    op.drop_index(
        "uq_organization_deletions_organization_id_open", table_name="organization_deletions"
    )
    op.drop_table("organization_deletions")
