"""Monday.com as a project tool: the provider CHECKs of connections, external mappings and sync
states are widened to take ``monday`` (additive: the previous release never writes it). The
project-tool tables of 0030 already take it.

Revision ID: 0034
Revises: 0033
Create Date: 2026-12-02 20:10:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0034"
down_revision: str | None = "0033"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CONNECTIONS = ("slack", "teams", "hubspot", "quickbooks", "smtp", "xero", "salesforce", "asana")
SYNCED = ("hubspot", "quickbooks", "xero", "salesforce", "asana")
WIDENED = {
    "integration_connections": CONNECTIONS,
    "external_mappings": SYNCED,
    "sync_states": SYNCED,
}


def _check(table: str, providers: tuple[str, ...]) -> None:
    op.drop_constraint(op.f(f"ck_{table}_provider"), table, type_="check")
    op.create_check_constraint(op.f(f"ck_{table}_provider"), table, f"provider IN {providers!r}")


def upgrade() -> None:
    for table, providers in WIDENED.items():
        _check(table, (*providers, "monday"))


def downgrade() -> None:
    for table, providers in WIDENED.items():
        op.execute(f"DELETE FROM {table} WHERE provider = 'monday'")  # noqa: S608 (constant)
        _check(table, providers)
