"""Usage metering: ``usage_daily``, one counter per organization, UTC day, API key and unit.

The API and the worker add their in-memory counts to it every few seconds with one upsert
(``domain/usage/meter.py``). A tenant table under row-level security like every other: an
organization reads only its own usage, and a flush is scoped to the organizations it counts.
No foreign key to ``organizations`` or ``api_keys``: usage is a record of what happened, and a
flush must never fail because a key was revoked and deleted meanwhile. See
docs/adr/0023-usage-metering.md.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-02 13:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "usage_daily",
        sa.Column("organization_id", sa.String(length=40), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("metric", sa.String(length=40), nullable=False),
        sa.Column("category", sa.String(length=60), nullable=False),
        sa.Column("status_class", sa.String(length=3), nullable=False),
        sa.Column("api_key_id", sa.String(length=40), nullable=False),
        sa.Column("n", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("n >= 0", name=op.f("ck_usage_daily_n_not_negative")),
        sa.PrimaryKeyConstraint(
            "organization_id",
            "day",
            "metric",
            "category",
            "status_class",
            "api_key_id",
            name=op.f("pk_usage_daily"),
        ),
    )
    op.execute("ALTER TABLE usage_daily ENABLE ROW LEVEL SECURITY")
    op.execute("ALTER TABLE usage_daily FORCE ROW LEVEL SECURITY")
    # The sub-select makes app_org_ids() an InitPlan, evaluated once per statement: a flush
    # writes many rows in one statement and a month's statement reads many.
    op.execute(
        "CREATE POLICY tenant_isolation ON usage_daily "
        "USING (organization_id = ANY ((SELECT app_org_ids())::text[])) "
        "WITH CHECK (organization_id = ANY ((SELECT app_org_ids())::text[]))"
    )
    op.execute(
        "CREATE POLICY owner_maintenance ON usage_daily TO CURRENT_USER "
        "USING (current_setting('app.owner_maintenance', true) = 'on') "
        "WITH CHECK (current_setting('app.owner_maintenance', true) = 'on')"
    )


def downgrade() -> None:
    op.drop_table("usage_daily")
