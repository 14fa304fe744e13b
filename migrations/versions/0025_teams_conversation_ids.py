"""Chat message addresses long enough for Teams conversation ids.

A Teams conversation id (``a:1…`` for a personal chat, ``19:…@thread.tacv2`` for a channel)
is often longer than the 120 characters a Slack channel id needed, and an activity id
(``1:1…`` in a personal chat) longer than a Slack ``ts``. Widening a ``varchar``
rewrites nothing and every release still running reads the column as before (expand).

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-02 16:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0025"
down_revision: str | None = "0024"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        "ALTER TABLE chat_messages ALTER COLUMN channel_id TYPE varchar(400), "
        "ALTER COLUMN message_ts TYPE varchar(200)"
    )


def downgrade() -> None:
    op.execute(
        "ALTER TABLE chat_messages ALTER COLUMN channel_id TYPE varchar(120), "
        "ALTER COLUMN message_ts TYPE varchar(40)"
    )
