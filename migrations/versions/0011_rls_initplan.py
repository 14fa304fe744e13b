"""Tenant policies evaluate the organization scope once per statement, not once per row.

``organization_id = ANY (app_org_ids())`` inlines the function into the row filter, so the
setting is read and split into an array for every row scanned. Wrapping it in a sub-select
turns it into an InitPlan that PostgreSQL computes once per statement; the rows visible are
exactly the same. Tables created from 0009 on were written this way from the start.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30 11:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PER_ROW = "organization_id = ANY (app_org_ids())"
ONCE = "organization_id = ANY ((SELECT app_org_ids())::text[])"
ORGS_PER_ROW = "path && app_org_ids() OR sandbox_of = ANY (app_org_ids())"
ORGS_ONCE = (
    "path && (SELECT app_org_ids())::text[] OR sandbox_of = ANY ((SELECT app_org_ids())::text[])"
)


def _tenant_tables(*, per_row: bool) -> list[str]:
    """Tenant tables whose ``tenant_isolation`` policy calls the function per row (or not)."""
    rows = op.get_bind().execute(
        sa.text(
            "SELECT tablename FROM pg_policies WHERE schemaname = 'public' "
            "AND policyname = 'tenant_isolation' AND tablename <> 'organizations' "
            "AND (qual LIKE '%SELECT app_org_ids()%') <> :per_row ORDER BY tablename"
        ),
        {"per_row": per_row},
    )
    return [r[0] for r in rows]


def _replace(table: str, expression: str) -> None:
    op.execute(f"DROP POLICY tenant_isolation ON {table}")
    op.execute(
        f"CREATE POLICY tenant_isolation ON {table} USING ({expression}) WITH CHECK ({expression})"
    )


def upgrade() -> None:
    for table in _tenant_tables(per_row=True):
        _replace(table, ONCE)
    _replace("organizations", ORGS_ONCE)


def downgrade() -> None:
    # Every tenant table gets the per-row form back, the ledger's too: the rows each policy
    # admits are the same either way, only the cost differs.
    for table in _tenant_tables(per_row=False):
        _replace(table, PER_ROW)
    _replace("organizations", ORGS_PER_ROW)
