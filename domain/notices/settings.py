"""An organization's communication settings and branding, and how times read to a recipient.

Mail the organization sends in its name goes only to its own people: the weekly report's
recipients and the reply-to address are members' addresses or addresses on one of the
organization's verified custom domains, so the settings cannot turn the report into a relay
that mails anyone on the organization's (and this service's) reputation.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain import records
from domain.audit import service as audit
from domain.dashboard.models import CustomDomain
from domain.errors import InvalidRequest
from domain.notices.models import CommunicationSettings
from domain.tenancy.models import Member, Organization

FIELDS = (
    "brand_name",
    "primary_color",
    "accent_color",
    "logo_url",
    "reply_to",
    "timezone",
    "reminder_offsets_minutes",
    "follow_up_after_minutes",
    "chaser_every_hours",
    "report_enabled",
    "report_cron",
    "report_recipients",
)
CLEARABLE = frozenset({"brand_name", "logo_url", "reply_to"})
FIRST_WRITE = {
    "pk_communication_settings": (
        "the settings were changed at the same moment by someone else; reload and try again",
        "form",
    )
}

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


def snapshot(row: CommunicationSettings) -> dict[str, Any]:
    return {name: getattr(row, name) for name in FIELDS}


async def update_settings(
    session: AsyncSession,
    *,
    organization_id: str,
    changes: dict[str, Any],
    actor: audit.Actor,
) -> CommunicationSettings:
    """Apply ``changes`` (already checked field by field) once the addresses in them are the
    organization's own; audited with what changed. ``None`` clears a clearable field and
    leaves any other as it was."""
    changes = {
        name: value for name, value in changes.items() if value is not None or name in CLEARABLE
    }
    if "report_recipients" in changes or changes.get("reply_to"):
        own = await _own_addresses(session, organization_id)
        for index, address in enumerate(changes.get("report_recipients", [])):
            if not own.includes(address):
                raise InvalidRequest(
                    f"report recipient {address} is neither a member of the organization nor "
                    f"on one of its verified domains{own.hint()}",
                    param=f"report_recipients.{index}",
                    code="recipient_not_allowed",
                )
        if changes.get("reply_to") and not own.includes(changes["reply_to"]):
            raise InvalidRequest(
                f"reply_to {changes['reply_to']} is neither a member's address nor on one of "
                f"the organization's verified domains{own.hint()}",
                param="reply_to",
                code="reply_to_not_allowed",
            )
    row = await get_settings(session, organization_id)
    if row not in session:  # the defaults: stored from the first change on
        # Two first changes at the same instant: one is stored, the other is a 409.
        await records.flush_or_conflict(session, FIRST_WRITE, add=row)
    before = snapshot(row)
    for name, value in changes.items():
        setattr(row, name, value)
    await session.flush()
    await audit.record(
        session,
        organization_id=organization_id,
        actor=actor,
        action="communication_settings.updated",
        target_type="organization",
        target_id=organization_id,
        before=before,
        after=snapshot(row),
    )
    return row


class _OwnAddresses:
    def __init__(self, members: set[str], domains: set[str]) -> None:
        self.members = members
        self.domains = domains

    def includes(self, address: str) -> bool:
        address = address.strip().lower()
        return address in self.members or address.rpartition("@")[2] in self.domains

    def hint(self) -> str:
        if not self.domains:
            return " (it has none)"
        return f" ({', '.join(sorted(self.domains))})"


async def _own_addresses(session: AsyncSession, organization_id: str) -> _OwnAddresses:
    members = await session.execute(
        select(func.lower(Member.email)).where(
            Member.organization_id == organization_id, Member.status == "active"
        )
    )
    domains = await session.execute(
        select(func.lower(CustomDomain.hostname)).where(
            CustomDomain.organization_id == organization_id,
            CustomDomain.verified_at.is_not(None),
        )
    )
    return _OwnAddresses(set(members.scalars()), set(domains.scalars()))


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
