"""Creating a booking: validate, price, decide confirmed or pending approval, store it once,
audited once, with its events.

The write is one ``INSERT … ON CONFLICT DO NOTHING``: the exclusion constraints decide about
overlaps (PostgreSQL's speculative insertion never waits while holding a row another writer
waits for, so concurrent overlapping bookings end in one booking and 409s, not deadlocks),
and a refused row aborts nothing, so no savepoint is needed. Holds past their expiry still
count for the constraints; they are expired only when one is actually in the way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncSession

from core.ids import new_id
from domain import records
from domain.approvals.chain_types import ApprovalChainInput
from domain.approvals.matching import governing_booking_policy
from domain.approvals.requests import open_request
from domain.audit import service as audit
from domain.bookings.conflicts import ConcurrentOverlap, booking_conflict, is_concurrent_overlap
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


@dataclass(frozen=True, slots=True)
class NewBooking:
    """A stored booking and, when a policy put it on ``pending_approval``, the approval chain
    to start once the transaction has committed."""

    booking: Booking
    chain: ApprovalChainInput | None = None


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
    """:func:`book`, for callers that only want the booking (a chain it opened is started by
    the approvals relay)."""
    created = await book(
        session,
        organization_id=organization_id,
        data=data,
        actor=actor,
        now=now,
        batch_id=batch_id,
        project_id=project_id,
    )
    return created.booking


async def book(
    session: AsyncSession,
    *,
    organization_id: str,
    data: BookingInput,
    actor: audit.Actor,
    now: datetime,
    batch_id: str | None = None,
    project_id: str | None = None,
) -> NewBooking:
    """Store a booking as a hold, or, when ``data.status`` is ``confirmed``, as confirmed or
    (when an approval policy governs it) pending approval, decided before the row is written:
    one insert, one audit record (``booking.created``, whose snapshot carries the status)."""
    interval = availability.Interval(data.start, data.end)
    resources = await load_resources(
        session, creator_id=data.creator_id, room_id=data.room_id, during=interval
    )
    if data.artist_id:
        await records.get_or_404(session, Artist, data.artist_id, label="artist", param="artist_id")
    if data.client_id:
        await records.get_or_404(session, Client, data.client_id, label="client", param="client_id")
    await _check_rules(
        session,
        resources,
        interval,
        now=now,
        allow_outside_working_hours=data.allow_outside_working_hours,
    )
    minutes = int(interval.duration.total_seconds() // 60)
    price_minor, currency = _price(data, resources, minutes)
    creator_block, room_block = blocks_for(interval, resources)
    values: dict[str, Any] = {
        "id": new_id("bkg"),
        "organization_id": organization_id,
        "creator_id": data.creator_id,
        "room_id": data.room_id,
        "artist_id": data.artist_id,
        "client_id": data.client_id,
        "project_id": project_id,
        "batch_id": batch_id,
        "title": data.title,
        "notes": data.notes,
        "period": _range(interval),
        "creator_block": _range(creator_block),
        "room_block": _range(room_block) if room_block else None,
        "status": data.status,
        "hold_expires_at": now + timedelta(minutes=data.hold_minutes)
        if data.status == "held"
        else None,
        "price_minor": price_minor,
        "currency": currency,
        "created_by": actor.id,
    }
    governed = None
    if data.status == "confirmed":
        # Decided on the booking as it will be stored (never added to the session).
        governed = await governing_booking_policy(session, Booking(**values))
        if governed is not None:
            values["status"] = "pending_approval"
    booking = await _insert(session, values)
    if booking is None and await expire_stale_holds(
        session, organization_id=organization_id, now=now
    ):
        booking = await _insert(session, values)  # an expired hold was in the way
    if booking is None:
        raise await booking_conflict(
            session, resources, interval, creator_block, room_block, now=now, exclude_id=None
        )
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
    if governed is None:
        return NewBooking(booking)
    policy, subject = governed
    chain = await open_request(
        session, organization_id=organization_id, policy=policy, subject=subject, actor=actor
    )
    return NewBooking(booking, chain)


async def _insert(session: AsyncSession, values: dict[str, Any]) -> Booking | None:
    """The stored booking, or ``None`` when an exclusion constraint refused the row."""
    try:
        return (
            await session.execute(
                insert(Booking).values(**values).on_conflict_do_nothing().returning(Booking)
            )
        ).scalar_one_or_none()
    except OperationalError as exc:
        if is_concurrent_overlap(exc):
            raise ConcurrentOverlap from exc
        raise
