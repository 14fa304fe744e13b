"""Integration connections beyond their credentials: reading and changing their settings.

Settings live on the connection row (``settings``): the organization's choices (notice
routes, reconcile interval, invoicing) and history (the last reconciliations).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.audit import service as audit
from domain.connections.models import IntegrationConnection
from domain.errors import NotFound

# Keys of ``settings`` that are the organization's choices or history, not the connection's:
# a reconnect (new token) keeps them.
KEPT_ON_RECONNECT = ("notifications", "reconcile_every_hours", "reconciliations", "invoice_per")


async def connection_for_update(session: AsyncSession, provider: str) -> IntegrationConnection:
    """The organization's live connection to ``provider``, locked until commit; else 404."""
    connection = (
        await session.execute(
            select(IntegrationConnection)
            .where(IntegrationConnection.provider == provider)
            .with_for_update()
        )
    ).scalar_one_or_none()
    if connection is None or connection.status == "disconnected":
        raise NotFound(f"no {provider} connection", param="provider")
    return connection


async def connection_settings(session: AsyncSession, provider: str) -> dict[str, Any]:
    """The settings of the organization's connection to ``provider`` (empty without one)."""
    settings = (
        await session.execute(
            select(IntegrationConnection.settings).where(IntegrationConnection.provider == provider)
        )
    ).scalar_one_or_none()
    return dict(settings or {})


async def change_settings(
    session: AsyncSession,
    connection: IntegrationConnection,
    changes: dict[str, Any],
    *,
    actor: audit.Actor,
) -> None:
    """Merge ``changes`` into the connection's settings, audited."""
    before = {k: (connection.settings or {}).get(k) for k in changes}
    connection.settings = {**(connection.settings or {}), **changes}
    await session.flush()
    await audit.record(
        session,
        organization_id=connection.organization_id,
        actor=actor,
        action="integration.settings_changed",
        target_type="integration",
        target_id=connection.id,
        before=before,
        after=changes,
    )
