"""Xero as a provider: connections, external mappings and sync states may name it.

Widening a CHECK is additive: the release still running during a rollout never writes
``xero``, and every row it wrote satisfies the wider check.

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-02 16:40:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0026"
down_revision: str | None = "0025"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CONNECTIONS = ("slack", "teams", "hubspot", "quickbooks", "smtp")
SYNCED = ("hubspot", "quickbooks")
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
        _check(table, (*providers, "xero"))


def downgrade() -> None:
    # The older schema knows no Xero: its rows go with it.
    for table, providers in TABLES.items():
        op.execute(f"DELETE FROM {table} WHERE provider = 'xero'")  # noqa: S608 (constant)
        _check(table, providers)
