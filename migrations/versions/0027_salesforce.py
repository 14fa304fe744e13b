"""Salesforce as a provider: connections, external mappings and sync states may name it.

The provider CHECK constraints of ``integration_connections``, ``external_mappings`` and
``sync_states`` list the providers by name; each is widened to take ``salesforce``. Widening
a CHECK is additive: the previous release never writes the new name.

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-02 16:30:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0027"
down_revision: str | None = "0026"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CONNECTIONS = ("slack", "teams", "hubspot", "quickbooks", "smtp", "xero")
SYNCED = ("hubspot", "quickbooks", "xero")
TABLES = {
    "integration_connections": CONNECTIONS,
    "external_mappings": SYNCED,
    "sync_states": SYNCED,
}


def _check(table: str, providers: tuple[str, ...]) -> None:
    op.drop_constraint(op.f(f"ck_{table}_provider"), table, type_="check")
    op.create_check_constraint(op.f(f"ck_{table}_provider"), table, f"provider IN {providers!r}")


def upgrade() -> None:
    for table, providers in TABLES.items():
        _check(table, (*providers, "salesforce"))


def downgrade() -> None:
    # The older schema knows no Salesforce: its rows go with it.
    for table, providers in TABLES.items():
        op.execute(f"DELETE FROM {table} WHERE provider = 'salesforce'")  # noqa: S608 (constant)
        _check(table, providers)
