"""Which organizations an inbound chat callback speaks for.

A callback (a Slack interaction, a Teams activity) names a provider account — a Slack
workspace, a Teams bot's app id — not one of our organizations. One transaction: the definer
function ``integration_lookup`` names the organizations connected to that account, then the
transaction is scoped to exactly those to read their sealed credentials.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.crypto import DecryptionError, SecretBox
from core.db import set_tenant, system_session
from domain.connections.models import IntegrationConnection

log = logging.getLogger("auditoryx.api")


async def connected_credentials(
    sessionmaker: async_sessionmaker[AsyncSession],
    box: SecretBox,
    provider: str,
    account: str,
) -> list[tuple[str, dict[str, Any]]]:
    """Each organization connected to ``provider`` account ``account`` with its opened
    credentials, by organization id (credentials that cannot be decrypted are left out)."""
    async with system_session(sessionmaker) as session:
        org_ids = [
            row[0]
            for row in await session.execute(
                text("SELECT organization_id FROM integration_lookup(:provider, :account)"),
                {"provider": provider, "account": account},
            )
        ]
        if not org_ids:
            return []
        await set_tenant(session, org_ids)
        sealed_by_org = (
            await session.execute(
                select(IntegrationConnection.organization_id, IntegrationConnection.credentials)
                .where(
                    IntegrationConnection.provider == provider,
                    IntegrationConnection.status != "disconnected",
                    IntegrationConnection.organization_id.in_(org_ids),
                )
                .order_by(IntegrationConnection.organization_id)
            )
        ).all()
    opened: list[tuple[str, dict[str, Any]]] = []
    for org_id, sealed in sealed_by_org:
        if sealed is None:
            continue
        try:
            opened.append((org_id, box.open(sealed)))
        except DecryptionError:
            log.warning("%s credentials of %s cannot be decrypted", provider, org_id)
    return opened
