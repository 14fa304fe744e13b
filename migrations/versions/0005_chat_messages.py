"""Chat messages posted about approvals (channel and ts, so Slack messages can be updated).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25 09:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "chat_messages",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("organization_id", sa.String(length=40), nullable=False),
        sa.Column("request_id", sa.String(length=40), nullable=False),
        sa.Column("step_index", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.String(length=40), nullable=True),
        sa.Column("provider", sa.String(length=20), nullable=False),
        sa.Column("channel_id", sa.String(length=120), nullable=False),
        sa.Column("message_ts", sa.String(length=40), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
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
            "provider IN ('slack', 'teams')", name=op.f("ck_chat_messages_provider")
        ),
        sa.ForeignKeyConstraint(
            ["organization_id", "request_id"],
            ["approval_requests.organization_id", "approval_requests.id"],
            name=op.f("fk_chat_messages_organization_id_approval_requests"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chat_messages")),
        sa.UniqueConstraint(
            "organization_id",
            "provider",
            "channel_id",
            "message_ts",
            name=op.f("uq_chat_messages_organization_id_provider_channel_id_message_ts"),
        ),
    )
    op.create_index(
        "ix_chat_messages_request",
        "chat_messages",
        ["organization_id", "request_id", "step_index"],
        unique=False,
    )
    op.execute("ALTER TABLE chat_messages ENABLE ROW LEVEL SECURITY")
    op.execute("ALTER TABLE chat_messages FORCE ROW LEVEL SECURITY")
    op.execute(
        "CREATE POLICY tenant_isolation ON chat_messages "
        "USING (organization_id = ANY (app_org_ids())) "
        "WITH CHECK (organization_id = ANY (app_org_ids()))"
    )
    op.execute(
        "CREATE POLICY owner_maintenance ON chat_messages TO CURRENT_USER "
        "USING (current_setting('app.owner_maintenance', true) = 'on') "
        "WITH CHECK (current_setting('app.owner_maintenance', true) = 'on')"
    )


def downgrade() -> None:
    op.drop_index("ix_chat_messages_request", table_name="chat_messages")
    op.drop_table("chat_messages")
