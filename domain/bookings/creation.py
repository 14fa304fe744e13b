"""Creating a booking: validate, price, store as a hold or confirmed, audited, with its event."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.ext.asyncio import AsyncSession

from core.ids import new_id
from domain import records
from domain.audit import service as audit
from domain.bookings.conflicts import (
    booking_conflict,
    is_concurrent_overlap,
    is_exclusion_violation,
)
from domain.bookings.lifecycle import expire_stale_holds, snapshot
from domain.bookings.models import Booking
from domain.bookings.rules import (
    BookingInput,
    _check_rules,
    _price,
    _range,
    blocks_for,
    load_resources,
)
from domain.resources.models import Client
from domain.roster.models import Artist
from domain.scheduling import availability
from domain.usage import meter as usage


async def create_booking(
    session: AsyncSession,
    *,
    organization_id: str,
    data: BookingInput,
    actor: audit.Actor,
    now: datetime,
    batch_id: str | None = None,
    project_id: str | None = None,
) -> Booking:
    resources = await load_resources(session, creator_id=data.creator_id, room_id=data.room_id)
    if data.artist_id:
        await records.get_or_404(session, Artist, data.artist_id, label="artist", param="artist_id")
    if data.client_id:
        await records.get_or_404(session, Client, data.client_id, label="client", param="client_id")
    interval = availability.Interval(data.start, data.end)
    await _check_rules(
        session,
        resources,
        interval,
        now=now,
        allow_outside_working_hours=data.allow_outside_working_hours,
    )
    minutes = int(interval.duration.total_seconds() // 60)
    price_minor, currency = _price(data, resources, minutes)
    await expire_stale_holds(session, organization_id=organization_id, now=now)
    creator_block, room_block = blocks_for(interval, resources)
    booking = Booking(
        id=new_id("bkg"),
        organization_id=organization_id,
        creator_id=data.creator_id,
        room_id=data.room_id,
        artist_id=data.artist_id,
        client_id=data.client_id,
        project_id=project_id,
        batch_id=batch_id,
        title=data.title,
        notes=data.notes,
        period=_range(interval),
        creator_block=_range(creator_block),
        room_block=_range(room_block) if room_block else None,
        status=data.status,
        hold_expires_at=now + timedelta(minutes=data.hold_minutes)
        if data.status == "held"
        else None,
        price_minor=price_minor,
        currency=currency,
        created_by=actor.id,
    )
    try:
        # Add inside the savepoint: begin_nested() flushes pending objects before it starts.
        async with session.begin_nested():
            session.add(booking)
            await session.flush()
    except (IntegrityError, OperationalError) as exc:
        if is_exclusion_violation(exc) or is_concurrent_overlap(exc):
            raise await booking_conflict(
                session, resources, interval, creator_block, room_block, now=now, exclude_id=None
            ) from None
        raise
    await audit.record(
        session,
        organization_id=organization_id,
        actor=actor,
        action="booking.created",
        target_type="booking",
        target_id=booking.id,
        after=snapshot(booking),
    )
    usage.count_on_commit(
        session, organization_id, usage.BOOKINGS_CREATED, api_key_id=usage.api_key_of(actor)
    )
    return booking
