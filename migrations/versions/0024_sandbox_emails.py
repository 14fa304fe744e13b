"""``sandbox_emails``: what a sandbox organization's e-mail would have been.

A sandbox twin (test-mode keys) never reaches a real mailbox: every message the worker or the
API would send for it is stored here instead and listed with ``GET /v1/sandbox/emails``.

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-02 15:30:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0024"
down_revision: str | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sandbox_emails",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("organization_id", sa.String(40), nullable=False),
        sa.Column("recipients", postgresql.ARRAY(sa.String(320)), nullable=False),
        sa.Column("subject", sa.String(500), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("html", sa.Text(), nullable=False),
        sa.Column("reply_to", sa.String(320), nullable=True),
        sa.Column("template", sa.String(60), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_sandbox_emails_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sandbox_emails")),
    )
    op.create_index(
        "ix_sandbox_emails_organization_id_id", "sandbox_emails", ["organization_id", "id"]
    )
    op.execute("ALTER TABLE sandbox_emails ENABLE ROW LEVEL SECURITY")
    op.execute("ALTER TABLE sandbox_emails FORCE ROW LEVEL SECURITY")
    op.execute(
        "CREATE POLICY tenant_isolation ON sandbox_emails "
        "USING (organization_id = ANY ((SELECT app_org_ids())::text[])) "
        "WITH CHECK (organization_id = ANY ((SELECT app_org_ids())::text[]))"
    )


def downgrade() -> None:
    op.drop_table("sandbox_emails")
