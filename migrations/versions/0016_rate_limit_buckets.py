"""Request rate limits: ``rate_limit_buckets``, one GCRA bucket per (scope, key).

UNLOGGED: a bucket is a few seconds of recent traffic, rewritten on every request; writing it
to the WAL would cost every API request a flush-worthy record for data nobody needs after a
crash (a crash or failover empties the table, and every caller starts again with a full
burst). No row-level security: the rows hold no tenant data (ids and times) and the limiter
reaches them outside any tenant transaction. See docs/adr/0017-rate-limits.md.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-02 12:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "rate_limit_buckets",
        sa.Column("scope", sa.Text(), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("tat", sa.Double(), nullable=False),
        sa.Column("seen_at", sa.Double(), nullable=False),
        sa.Column("allowed", sa.Boolean(), nullable=False),
        sa.Column("emission_interval", sa.Double(), nullable=False),
        sa.Column("tolerance", sa.Double(), nullable=False),
        sa.PrimaryKeyConstraint("scope", "key", name=op.f("pk_rate_limit_buckets")),
        prefixes=["UNLOGGED"],
    )


def downgrade() -> None:
    op.drop_table("rate_limit_buckets")
