"""Open milestone sessions: a milestone may ask for "any mixing engineer under 80 EUR/h in a
window" instead of a fixed creator and start. The request is kept as given (``open_request``);
the planner's placement is written onto the row's creator, room and start when the milestone is
booked (``planned_at``), or the reason none exists (``plan_reason``, status ``unplaced``).

A fixed session still names its creator; only an open one may wait for the planner to name it.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01 09:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "milestone_sessions"


def upgrade() -> None:
    op.add_column(
        TABLE, sa.Column("open_request", postgresql.JSONB(astext_type=sa.Text()), nullable=True)
    )
    op.add_column(TABLE, sa.Column("planned_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column(
        TABLE, sa.Column("plan_reason", postgresql.JSONB(astext_type=sa.Text()), nullable=True)
    )
    op.alter_column(TABLE, "creator_id", existing_type=sa.String(length=40), nullable=True)
    op.drop_constraint(op.f("ck_milestone_sessions_status"), TABLE, type_="check")
    op.create_check_constraint(
        op.f("ck_milestone_sessions_status"),
        TABLE,
        "status IN ('planned', 'booked', 'failed', 'unplaced')",
    )
    op.create_check_constraint(
        op.f("ck_milestone_sessions_who"),
        TABLE,
        "creator_id IS NOT NULL OR open_request IS NOT NULL",
    )


def downgrade() -> None:
    # The older schema has no open sessions: those without a creator go with their request,
    # and a session the planner left unplaced is what it called a failed one.
    op.execute("DELETE FROM milestone_sessions WHERE creator_id IS NULL")
    op.execute("UPDATE milestone_sessions SET status = 'failed' WHERE status = 'unplaced'")
    op.drop_constraint(op.f("ck_milestone_sessions_who"), TABLE, type_="check")
    op.drop_constraint(op.f("ck_milestone_sessions_status"), TABLE, type_="check")
    op.create_check_constraint(
        op.f("ck_milestone_sessions_status"), TABLE, "status IN ('planned', 'booked', 'failed')"
    )
    op.alter_column(TABLE, "creator_id", existing_type=sa.String(length=40), nullable=False)
    op.drop_column(TABLE, "plan_reason")
    op.drop_column(TABLE, "planned_at")
    op.drop_column(TABLE, "open_request")
