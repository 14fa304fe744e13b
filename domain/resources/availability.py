"""When a creator or room is free (bookings, buffers, working hours, time off), and time off."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import Range
from sqlalchemy.ext.asyncio import AsyncSession

from core.ids import new_id
from domain import records
from domain.audit import service as audit
from domain.bookings.models import Booking
from domain.errors import InvalidRequest
from domain.pagination import Page, paginate
from domain.resources.models import Creator, Room, TimeOff
from domain.resources.search import active_booking_clause
from domain.scheduling import availability

# --- availability ---------------------------------------------------------------------------

MAX_AVAILABILITY_WINDOW = timedelta(days=62)


async def resource_availability(
    session: AsyncSession,
    resource: Creator | Room,
    *,
    start: datetime,
    end: datetime,
    now: datetime,
) -> list[availability.Interval]:
    """Free intervals of a creator or room in ``[start, end)`` (bookings, buffers, time off,
    working hours and minimum notice applied)."""
    if end <= start:
        raise InvalidRequest("'to' must be after 'from'", param="to")
    if end - start > MAX_AVAILABILITY_WINDOW:
        raise InvalidRequest("the window is at most 62 days", param="to")
    window = availability.Interval(start, end)
    is_room = isinstance(resource, Room)
    block_col = Booking.room_block if is_room else Booking.creator_block
    owner_col = Booking.room_id if is_room else Booking.creator_id
    margin = timedelta(days=1)
    probe = Range(start - margin, end + margin)
    blocks = (
        (
            await session.execute(
                select(block_col).where(
                    owner_col == resource.id, block_col.op("&&")(probe), active_booking_clause()
                )
            )
        )
        .scalars()
        .all()
    )
    off_col = TimeOff.room_id if is_room else TimeOff.creator_id
    offs = (
        (
            await session.execute(
                select(TimeOff.period).where(off_col == resource.id, TimeOff.period.op("&&")(probe))
            )
        )
        .scalars()
        .all()
    )
    return availability.free_intervals(
        weekly=resource.working_hours,
        overrides=resource.date_overrides,
        tz_name=resource.timezone,
        window=window,
        time_off=[availability.Interval(r.lower, r.upper) for r in offs],  # type: ignore[arg-type]
        blocks=[availability.Interval(r.lower, r.upper) for r in blocks if r is not None],  # type: ignore[arg-type]
        buffer_before=timedelta(minutes=resource.buffer_before_minutes),
        buffer_after=timedelta(minutes=resource.buffer_after_minutes),
        earliest_start=now + timedelta(minutes=resource.min_notice_minutes),
    )


# --- time off -------------------------------------------------------------------------------


async def add_time_off(
    session: AsyncSession,
    *,
    organization_id: str,
    creator_id: str | None,
    room_id: str | None,
    start: datetime,
    end: datetime,
    reason: str,
    actor: audit.Actor,
) -> TimeOff:
    if (creator_id is None) == (room_id is None):
        raise InvalidRequest("give exactly one of creator_id and room_id", param="creator_id")
    if end <= start:
        raise InvalidRequest("end must be after start", param="end")
    if creator_id:
        await records.get_or_404(session, Creator, creator_id, label="creator", param="creator_id")
    if room_id:
        await records.get_or_404(session, Room, room_id, label="room", param="room_id")
    entry = TimeOff(
        id=new_id("off"),
        organization_id=organization_id,
        creator_id=creator_id,
        room_id=room_id,
        period=Range(start, end),
        reason=reason,
    )
    return await records.create(session, entry, actor=actor, kind="time_off")


async def list_time_off(
    session: AsyncSession,
    *,
    organization_id: str,
    creator_id: str | None = None,
    room_id: str | None = None,
    limit: int,
    starting_after: str | None,
) -> Page[TimeOff]:
    """Time off of the organization's creators and rooms, newest first."""
    stmt = select(TimeOff).where(TimeOff.organization_id == organization_id)
    if creator_id:
        stmt = stmt.where(TimeOff.creator_id == creator_id)
    if room_id:
        stmt = stmt.where(TimeOff.room_id == room_id)
    return await paginate(session, stmt, TimeOff.id, limit=limit, starting_after=starting_after)
