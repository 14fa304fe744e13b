"""A CRM's API allocation, as the CRM reports it (Salesforce's ``Sforce-Limit-Info:
api-usage=used/total``, a rolling 24 hours shared by every integration of the account).

The newest reading is kept on the connection (``settings.api_usage``, shown by
``GET /v1/integrations``). Past :data:`SLOW_DOWN_AT` of the allocation our syncs slow down: for
:data:`PAUSE` after such a reading, pushes and reconciliation are retried later
(``RateLimited``) instead of calling, which leaves the rest to the account's other
integrations; the first call after the pause reads the usage again.

The reading is written only when its whole percent changed (or it crossed the threshold), so
the connection row is not rewritten by every push.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.connections.models import IntegrationConnection
from integrations.crm import ApiUsage
from integrations.errors import RateLimited

SLOW_DOWN_AT = 0.9
PAUSE = timedelta(minutes=15)


def _stored(settings: Mapping[str, Any]) -> tuple[ApiUsage, datetime] | None:
    raw = settings.get("api_usage")
    if not isinstance(raw, dict):
        return None
    try:
        return ApiUsage(int(raw["used"]), int(raw["total"])), datetime.fromisoformat(raw["at"])
    except (KeyError, TypeError, ValueError):
        return None


def check_allowance(provider: str, settings: Mapping[str, Any], now: datetime) -> None:
    """Raise :class:`RateLimited` while the connection's last reading is past
    :data:`SLOW_DOWN_AT` and younger than :data:`PAUSE`."""
    stored = _stored(settings)
    if stored is None:
        return
    usage, at = stored
    if usage.share >= SLOW_DOWN_AT and now < at + PAUSE:
        wait = max(1.0, (at + PAUSE - now).total_seconds())
        raise RateLimited(
            round(wait),
            provider=provider,
            message=f"{usage.used} of {usage.total} daily API calls used; slowing down",
        )


def worth_recording(settings: Mapping[str, Any], usage: ApiUsage, now: datetime) -> bool:
    stored = _stored(settings)
    if stored is None:
        return True
    before, at = stored
    if usage.share >= SLOW_DOWN_AT:
        return now >= at + PAUSE or before.share < SLOW_DOWN_AT  # restart the pause
    return int(before.share * 100) != int(usage.share * 100) or before.total != usage.total


async def record_usage(
    session: AsyncSession, provider: str, usage: ApiUsage, now: datetime | None = None
) -> None:
    """Merge the reading into the connection's settings in one statement (no lock taken, and
    other settings changed meanwhile are kept)."""
    at = (now or datetime.now(UTC)).isoformat()
    reading = {"used": usage.used, "total": usage.total, "at": at}
    await session.execute(
        update(IntegrationConnection)
        .where(IntegrationConnection.provider == provider)
        .values(settings=IntegrationConnection.settings.op("||")({"api_usage": reading}))
    )
