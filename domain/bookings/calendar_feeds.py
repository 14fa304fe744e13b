"""Calendar feeds: a secret iCalendar URL per creator or for the whole organization.

Calendar apps poll ``/calendars/{token}.ics`` with nothing but the token, so the token is the
credential: 256 random bits, stored only as SHA-256, revocable.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, text
from sqlalchemy.dialects.postgresql import Range
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.db import find_anywhere, tenant_session
from core.ids import new_id
from core.security import random_secret, sha256
from domain import records
from domain.audit import service as audit
from domain.bookings.ical import FeedEvent, render_calendar
from domain.bookings.models import Booking, CalendarFeed
from domain.errors import NotFound, PermissionDenied
from domain.pagination import Page, paginate
from domain.resources.models import Creator
from domain.tenancy.models import Organization

FEED_PAST = timedelta(days=30)
FEED_FUTURE = timedelta(days=365)
_STATUS = {
    "held": "TENTATIVE",
    "pending_approval": "TENTATIVE",
    "confirmed": "CONFIRMED",
    "completed": "CONFIRMED",
    "cancelled": "CANCELLED",
    "no_show": "CANCELLED",
    "expired": "CANCELLED",
}


async def create_feed(
    session: AsyncSession,
    *,
    organization_id: str,
    creator_id: str | None,
    api_key_id: str | None,
    granted_by: frozenset[str],
    actor: audit.Actor,
) -> tuple[CalendarFeed, str]:
    """A new feed and its one-time token. The feed shows bookings to whoever holds the URL, so
    only a caller who reads bookings (``granted_by``) may mint one; a feed made with a key
    (``api_key_id``) serves only while that key could act."""
    if "bookings:read" not in granted_by:
        raise PermissionDenied(
            "a calendar feed shows bookings: creating one needs 'bookings:read' too",
            code="missing_permission",
            extra={"missing_permission": "bookings:read"},
        )
    if creator_id is not None:
        await records.get_or_404(session, Creator, creator_id, label="creator", param="creator_id")
    token = random_secret(32)
    feed = CalendarFeed(
        id=new_id("cal"),
        organization_id=organization_id,
        creator_id=creator_id,
        token_hash=sha256(token),
        api_key_id=api_key_id,
    )
    await records.create(session, feed, actor=actor, kind="calendar_feed")
    return feed, token


@dataclass(frozen=True, slots=True)
class RenderedFeed:
    name: str
    body: str


async def render_feed(
    sessionmaker: async_sessionmaker[AsyncSession], token: str, *, now: datetime | None = None
) -> RenderedFeed:
    """The feed's calendar, or NotFound for an unknown or revoked token."""
    if not 20 <= len(token) <= 100 or not token.isalnum():
        raise NotFound("no such calendar")
    # The feed's organization may live in any placement (docs/adr/0035).
    row = await find_anywhere(
        sessionmaker,
        text("SELECT id, organization_id, creator_id FROM calendar_feed_lookup(:h)"),
        {"h": sha256(token)},
    )
    if row is None:
        raise NotFound("no such calendar")
    _feed_id, organization_id, creator_id = row
    now = now or datetime.now(UTC)
    async with tenant_session(sessionmaker, [organization_id]) as session:
        org = await session.get(Organization, organization_id)
        window = Range(now - FEED_PAST, now + FEED_FUTURE)
        stmt = (
            select(Booking, Creator.name)
            .join(Creator, Creator.id == Booking.creator_id)
            .where(Booking.period.op("&&")(window), Booking.status != "expired")
            .order_by(Booking.period)
        )
        if creator_id:
            stmt = stmt.where(Booking.creator_id == creator_id)
            creator = await session.get(Creator, creator_id)
            name = f"{creator.name if creator else 'Creator'} · {org.name if org else ''}"
        else:
            name = f"{org.name if org else 'AuditoryX'} bookings"
        rows = (await session.execute(stmt)).all()
    events = []
    for booking, creator_name in rows:
        assert booking.period.lower is not None and booking.period.upper is not None
        title = booking.title or "Session"
        events.append(
            FeedEvent(
                uid=booking.id,
                start=booking.period.lower,
                end=booking.period.upper,
                summary=f"{title} · {creator_name}" if not creator_id else title,
                description=f"Status: {booking.status.replace('_', ' ')}"
                + (f"\n{booking.notes}" if booking.notes else ""),
                status=_STATUS[booking.status],
                sequence=booking.version - 1,
                last_modified=booking.updated_at,
            )
        )
    return RenderedFeed(name=name, body=render_calendar(name=name, events=events, generated_at=now))


async def list_feeds(
    session: AsyncSession, *, organization_id: str, limit: int, starting_after: str | None
) -> Page[CalendarFeed]:
    """The organization's calendar feeds, newest first (revoked ones too)."""
    stmt = select(CalendarFeed).where(CalendarFeed.organization_id == organization_id)
    return await paginate(
        session, stmt, CalendarFeed.id, limit=limit, starting_after=starting_after
    )
