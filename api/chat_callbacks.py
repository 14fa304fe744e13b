"""Which organizations an inbound chat callback speaks for.

A callback (a Slack interaction, a Teams activity) names a provider account — a Slack
workspace, a Teams bot's app id — not one of our organizations. The definer function
``integration_lookup``, asked in every placement, names the organizations connected to that
account; then a transaction per database, scoped to exactly those, reads their sealed
credentials.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.crypto import DecryptionError, SecretBox
from core.db import by_database, find_everywhere, tenant_session
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
    # The organizations connected to the account may live in any placements (docs/adr/0035):
    # each database names its own, then each is read in its own scope.
    org_ids = [
        row[0]
        for row in await find_everywhere(
            sessionmaker,
            text("SELECT organization_id FROM integration_lookup(:provider, :account)"),
            {"provider": provider, "account": account},
            owner="organization_id",
        )
    ]
    sealed_by_org: list[tuple[str, bytes | None]] = []
    for target, group in await by_database(sessionmaker, org_ids):
        async with tenant_session(target, group) as session:
            sealed_by_org.extend(
                (row[0], row[1])
                for row in await session.execute(
                    select(
                        IntegrationConnection.organization_id, IntegrationConnection.credentials
                    ).where(
                        IntegrationConnection.provider == provider,
                        IntegrationConnection.status != "disconnected",
                        IntegrationConnection.organization_id.in_(group),
                    )
                )
            )
    sealed_by_org.sort(key=lambda pair: pair[0])
    opened: list[tuple[str, dict[str, Any]]] = []
    for org_id, sealed in sealed_by_org:
        if sealed is None:
            continue
        try:
            opened.append((org_id, box.open(sealed)))
        except DecryptionError:
            log.warning("%s credentials of %s cannot be decrypted", provider, org_id)
    return opened
