"""An organization's communication settings and branding, and how times read to a recipient."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.ext.asyncio import AsyncSession

from domain.notices.models import CommunicationSettings
from domain.tenancy.models import Organization

# --- settings and branding ------------------------------------------------------------------


async def get_settings(session: AsyncSession, organization_id: str) -> CommunicationSettings:
    """The organization's settings, or the defaults (not stored until changed)."""
    row = await session.get(CommunicationSettings, organization_id)
    if row is not None:
        return row
    return CommunicationSettings(
        organization_id=organization_id,
        brand_name=None,
        primary_color="#1f2937",
        accent_color="#6d28d9",
        logo_url=None,
        reply_to=None,
        timezone="UTC",
        reminder_offsets_minutes=[24 * 60, 60],
        follow_up_after_minutes=120,
        chaser_every_hours=24,
        report_enabled=True,
        report_cron="0 8 * * MON",
        report_recipients=[],
        updated_at=datetime.now(UTC),
    )


async def brand_of(session: AsyncSession, settings: CommunicationSettings) -> dict[str, Any]:
    org = await session.get(Organization, settings.organization_id)
    return {
        "name": settings.brand_name or (org.name if org else "AuditoryX"),
        "primary_color": settings.primary_color,
        "accent_color": settings.accent_color,
        "logo_url": settings.logo_url,
        "reply_to": settings.reply_to,
    }


def zone(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def local_time(value: datetime, tz: str | None, fmt: str = "%a %-d %b %Y, %H:%M") -> str:
    """A moment as the recipient reads it, in their timezone."""
    return value.astimezone(zone(tz)).strftime(fmt)


def duration_words(delta: timedelta) -> str:
    minutes = max(0, int(delta.total_seconds() // 60))
    if minutes >= 2 * 24 * 60:
        return f"{minutes // (24 * 60)} days"
    if minutes >= 90:
        return f"{round(minutes / 60)} hours"
    return f"{minutes} minutes"
