"""``subject_keys`` leaves the data database for the key store (domain/keys/store.py).

A backup of the data database held the person keys beside what they seal, so a backup taken
before an erasure, with the live organization key, re-opened the erased person (ADR 0034).
The keys now live in a database of their own (``KEYSTORE_URL``), whose schema
``auditoryx migrate`` creates. The rows here are not copied (two databases, and a migration
sees one): until this revision no value was sealed with them, so forgetting them loses
nothing. An erased person's tombstone is not carried over either; their row in the data was
already cleared by the erasure, so a key issued to them later would seal nothing of theirs.

Revision ID: 0042
Revises: 0041
Create Date: 2026-12-03 10:40:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0042"
down_revision: str | None = "0041"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_table("subject_keys")


def downgrade() -> None:
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
