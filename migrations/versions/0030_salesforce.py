"""Salesforce is a provider: its connection, its external-id mappings and its sync states.

The provider CHECK constraints of ``integration_connections``, ``external_mappings`` and
``sync_states`` list the providers by name; each is widened to take ``salesforce``. Widening
a CHECK is additive: the previous release never writes the new name.

Revision ID: 0030
Revises: 0025
Create Date: 2026-12-02 16:30:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0030"
down_revision: str | None = "0025"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# table → (its providers before, after)
CHECKS = {
    "integration_connections": (
        "('slack', 'teams', 'hubspot', 'quickbooks', 'smtp')",
        "('slack', 'teams', 'hubspot', 'quickbooks', 'smtp', 'salesforce')",
    ),
    "external_mappings": ("('hubspot', 'quickbooks')", "('hubspot', 'quickbooks', 'salesforce')"),
    "sync_states": ("('hubspot', 'quickbooks')", "('hubspot', 'quickbooks', 'salesforce')"),
}


def _replace(table: str, providers: str) -> None:
    op.drop_constraint(op.f(f"ck_{table}_provider"), table, type_="check")
    op.create_check_constraint(op.f(f"ck_{table}_provider"), table, f"provider IN {providers}")


def upgrade() -> None:
    for table, (_, after) in CHECKS.items():
        _replace(table, after)


def downgrade() -> None:
    # The older schema knows no Salesforce: its rows go with it.
    for table in ("sync_states", "external_mappings", "integration_connections"):
        op.execute(f"DELETE FROM {table} WHERE provider = 'salesforce'")  # noqa: S608
    for table, (before, _) in CHECKS.items():
        _replace(table, before)
