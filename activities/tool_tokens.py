"""A project tool's access token for the milestone sync, refreshed when due and persisted.

A tool connected with a token that never expires (a personal or service-account token, a
Monday.com token) is used as sealed. One connected through OAuth with a refresh token (Asana)
is refreshed a minute before its access token expires, or when the tool refused the very token
we hold, under a lock of the connection's row: two turns that both find it expiring refresh
once, and the second reads what the first sealed. The refreshed credentials are sealed on the
connection in the same transaction. A refresh the tool refuses (the user revoked the app) is
:class:`~integrations.errors.Unauthorized` saying to reconnect; the sync records it on the
connection like any refused token.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from activities.sync import NotConnected, provider_connection
from core.crypto import DecryptionError, SecretBox
from core.db import tenant_session
from integrations.crm import CrmAuth, renew
from integrations.errors import Unauthorized
from integrations.oauth import TokenCredentials
from integrations.registry import display_name

REFRESH_MARGIN = timedelta(minutes=1)


def _opened(box: SecretBox, sealed: bytes | None) -> TokenCredentials | None:
    if sealed is None:
        return None
    try:
        return TokenCredentials.open(box, sealed)
    except (DecryptionError, KeyError, ValueError):
        return None


async def fresh_token(
    sessionmaker: async_sessionmaker[AsyncSession],
    box: SecretBox,
    organization_id: str,
    provider: str,
    auths: Mapping[str, CrmAuth],
    *,
    refused: str | None = None,
) -> tuple[TokenCredentials, dict[str, Any]]:
    """The connection's credentials (refreshed and persisted when due, or when ``refused`` is
    the access token they hold) and its settings; :class:`NotConnected` without usable ones."""
    auth, now = auths.get(provider), datetime.now(UTC)
    async with tenant_session(sessionmaker, [organization_id]) as session:
        connection = await provider_connection(session, provider)
        credentials = _opened(box, connection.credentials if connection else None)
        if connection is None or credentials is None:
            raise NotConnected(provider)
        settings = dict(connection.settings or {})
        if auth is None or not credentials.needs_refresh(now, REFRESH_MARGIN, refused):
            return credentials, settings
        connection = await provider_connection(session, provider, lock=True)
        credentials = _opened(box, connection.credentials if connection else None)
        if connection is None or credentials is None:
            raise NotConnected(provider)
        if not credentials.needs_refresh(now, REFRESH_MARGIN, refused):
            return credentials, settings  # another turn refreshed it while we waited
        try:
            credentials = await renew(auth, credentials)
        except Unauthorized as exc:
            name = display_name(provider)
            raise Unauthorized(
                f"{exc.message}: the {name} authorization was revoked; reconnect {name}",
                provider=provider,
                status=exc.status,
            ) from None
        connection.credentials = credentials.seal(box)
    return credentials, settings
