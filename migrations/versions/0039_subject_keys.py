"""``subject_keys``: one data key per person, wrapped under their organization's key.

Row-level security like every tenant table. An erasure destroys the person's key (the row stays
as a tombstone without its wrapped key), so whatever was sealed with it, in the database or in a
backup, can no longer be read; a rotation of the organization's key re-wraps the live ones.
Deleting an organization destroys its keys (0031), and with them every person key they wrapped.

This revision also joins the two branches that grew from 0035 (erasures and the placement
directory) into one head.

Revision ID: 0039
Revises: 0036, 0037
Create Date: 2026-12-03 07:30:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0039"
down_revision: str | tuple[str, ...] | None = ("0036", "0037")
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "subject_keys",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("organization_id", sa.String(40), nullable=False),
        sa.Column("subject_kind", sa.String(20), nullable=False),
        sa.Column("subject_id", sa.String(40), nullable=False),
        sa.Column("organization_key_id", sa.String(40), nullable=True),
        sa.Column("wrapped_key", sa.LargeBinary(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("destroyed_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "subject_kind IN ('artist', 'creator', 'member', 'client')",
            name=op.f("ck_subject_keys_subject_kind"),
        ),
        sa.CheckConstraint(
            "(wrapped_key IS NULL) = (destroyed_at IS NOT NULL) "
            "AND (wrapped_key IS NULL) = (organization_key_id IS NULL)",
            name=op.f("ck_subject_keys_tombstone"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subject_keys")),
        sa.UniqueConstraint(
            "organization_id",
            "subject_kind",
            "subject_id",
            name=op.f("uq_subject_keys_organization_id_subject_kind_subject_id"),
        ),
        sa.UniqueConstraint(
            "organization_id", "id", name=op.f("uq_subject_keys_organization_id_id")
        ),
    )
    op.execute("ALTER TABLE subject_keys ENABLE ROW LEVEL SECURITY")
    op.execute("ALTER TABLE subject_keys FORCE ROW LEVEL SECURITY")
    op.execute(
        "CREATE POLICY tenant_isolation ON subject_keys "
        "USING (organization_id = ANY ((SELECT app_org_ids())::text[])) "
        "WITH CHECK (organization_id = ANY ((SELECT app_org_ids())::text[]))"
    )


def downgrade() -> None:
    op.drop_table("subject_keys")
