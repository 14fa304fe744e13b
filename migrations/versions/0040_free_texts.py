"""``free_texts``: what a person typed into a workflow message, carried by reference.

An approval comment, a delegation's note, a cancel reason or a re-plan reason is written here
and the update names the row, so the text is not recorded in a Temporal history, where an
erasure could not reach it. Row-level security like every tenant table.

Revision ID: 0040
Revises: 0039
Create Date: 2026-12-03 10:30:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0040"
down_revision: str | None = "0039"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "free_texts",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("organization_id", sa.String(40), nullable=False),
        sa.Column("author_type", sa.String(20), nullable=False),
        sa.Column("author_id", sa.String(120), nullable=False),
        sa.Column("subject_type", sa.String(40), nullable=False),
        sa.Column("subject_id", sa.String(40), nullable=False),
        sa.Column("purpose", sa.String(40), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "purpose IN ('approval_comment', 'delegation_comment', 'cancel_reason', "
            "'replan_reason')",
            name=op.f("ck_free_texts_purpose"),
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_free_texts_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_free_texts")),
        sa.UniqueConstraint("organization_id", "id", name=op.f("uq_free_texts_organization_id_id")),
    )
    op.create_index(
        "ix_free_texts_organization_id_subject", "free_texts", ["organization_id", "subject_id"]
    )
    op.execute("ALTER TABLE free_texts ENABLE ROW LEVEL SECURITY")
    op.execute("ALTER TABLE free_texts FORCE ROW LEVEL SECURITY")
    op.execute(
        "CREATE POLICY tenant_isolation ON free_texts "
        "USING (organization_id = ANY ((SELECT app_org_ids())::text[])) "
        "WITH CHECK (organization_id = ANY ((SELECT app_org_ids())::text[]))"
    )


def downgrade() -> None:
    op.drop_table("free_texts")
