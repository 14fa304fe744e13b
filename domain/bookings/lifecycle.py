"""A booking's life after it is created: transitions (confirm, cancel, complete …), reschedule,
expiry of stale holds, and reading bookings back."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select, text, update
from sqlalchemy.dialects.postgresql import Range
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.ext.asyncio import AsyncSession

from domain import records
from domain.audit import service as audit
from domain.bookings.conflicts import (
    ConcurrentOverlap,
    booking_conflict,
    is_concurrent_overlap,
    is_exclusion_violation,
)
from domain.bookings.models import Booking
from domain.bookings.rules import (
    Resources,
    SessionTimes,
    _check_rules,
    _range,
    blocks_for,
    load_resources,
)
from domain.errors import Conflict, InvalidRequest
from domain.money import from_minor
from domain.pagination import Page, paginate
from domain.scheduling import availability

HOLD_EXPIRY_ACTOR = audit.Actor(type="system", id="hold-expiry")

# action → (statuses it may start from, status it leads to)
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "request_approval": (frozenset({"held"}), "pending_approval"),
    "confirm": (frozenset({"held", "pending_approval"}), "confirmed"),
    "cancel": (frozenset({"held", "pending_approval", "confirmed"}), "cancelled"),
    "complete": (frozenset({"confirmed"}), "completed"),
    "no_show": (frozenset({"confirmed"}), "no_show"),
}


async def expire_stale_holds(
    session: AsyncSession, *, organization_id: str, now: datetime
) -> list[str]:
    """Turn holds past their expiry into ``expired`` (audited); returns their ids.

    Rows are locked in id order and a hold another transaction has locked is left to it:
    concurrent sweeps never wait on each other in crossed order (no deadlock), nor at all.
    """
    stale = (
        select(Booking.id)
        .where(
            Booking.organization_id == organization_id,
            Booking.status == "held",
            Booking.hold_expires_at <= now,
        )
        .order_by(Booking.id)
        .with_for_update(skip_locked=True)
        .cte("stale")
    )
    expired = (
        (
            await session.execute(
                update(Booking)
                .where(Booking.id.in_(select(stale.c.id)))
                .values(status="expired", status_reason="hold expired", updated_at=now)
                .returning(Booking.id)
                .execution_options(synchronize_session="fetch")
            )
        )
        .scalars()
        .all()
    )
    for booking_id in expired:
        await audit.record(
            session,
            organization_id=organization_id,
            actor=HOLD_EXPIRY_ACTOR,
            action="booking.expired",
            target_type="booking",
            target_id=booking_id,
            before={"status": "held"},
            after={"status": "expired"},
        )
    return list(expired)


def snapshot(booking: Booking) -> dict[str, Any]:
    return {
        "status": booking.status,
        "start": booking.period.lower,
        "end": booking.period.upper,
        "creator_id": booking.creator_id,
        "room_id": booking.room_id,
        "artist_id": booking.artist_id,
        "client_id": booking.client_id,
        "price": str(from_minor(booking.price_minor, booking.currency)),
        "currency": booking.currency,
        "title": booking.title,
        "hold_expires_at": booking.hold_expires_at,
    }


async def get_booking(session: AsyncSession, booking_id: str, *, now: datetime) -> Booking:
    booking = await records.get_or_404(session, Booking, booking_id, label="booking")
    if booking.status == "held" and booking.hold_expires_at and booking.hold_expires_at <= now:
        await expire_stale_holds(session, organization_id=booking.organization_id, now=now)
        await session.refresh(booking)
    return booking


async def transition(
    session: AsyncSession,
    booking: Booking,
    action: str,
    *,
    actor: audit.Actor,
    now: datetime,
    reason: str = "",
) -> Booking:
    allowed_from, target = TRANSITIONS[action]
    if booking.status not in allowed_from:
        raise Conflict(
            f"a {booking.status} booking cannot be {target.replace('_', ' ')}"
            + (" (its hold expired; book again)" if booking.status == "expired" else ""),
            code="invalid_status_transition",
            extra={"booking_status": booking.status},
        )
    if action in ("complete", "no_show") and booking.period.lower and booking.period.lower > now:
        raise Conflict("the session has not started yet", code="session_not_started")
    before = snapshot(booking)
    booking.status = target
    booking.status_reason = reason
    if target != "held":
        booking.hold_expires_at = None
    booking.version += 1
    await session.flush()
    await audit.record(
        session,
        organization_id=booking.organization_id,
        actor=actor,
        action=f"booking.{target}",
        target_type="booking",
        target_id=booking.id,
        before=before,
        after=snapshot(booking),
    )
    return booking


async def reschedule(
    session: AsyncSession,
    booking: Booking,
    times: SessionTimes,
    *,
    actor: audit.Actor,
    now: datetime,
    allow_outside_working_hours: bool = False,
) -> Booking:
    if booking.status not in ("held", "pending_approval", "confirmed"):
        raise Conflict(
            f"a {booking.status} booking cannot be rescheduled",
            code="invalid_status_transition",
            extra={"booking_status": booking.status},
        )
    interval = availability.Interval(times.start, times.end)
    resources = await load_resources(
        session, creator_id=booking.creator_id, room_id=booking.room_id, during=interval
    )
    await _check_rules(
        session,
        resources,
        interval,
        now=now,
        allow_outside_working_hours=allow_outside_working_hours,
    )
    creator_block, room_block = blocks_for(interval, resources)
    before = snapshot(booking)
    booking_id = booking.id  # a rolled-back savepoint expires the object's attributes
    await lock_calendars(session, booking.organization_id, resources)
    try:
        # Change inside the savepoint: begin_nested() flushes pending changes before it starts,
        # and a violation there would abort the whole transaction, not just the savepoint.
        async with session.begin_nested():
            booking.period = _range(interval)
            booking.creator_block = _range(creator_block)
            booking.room_block = _range(room_block) if room_block else None
            booking.version += 1
            await session.flush()
    except IntegrityError as exc:
        if is_exclusion_violation(exc):
            raise await booking_conflict(
                session,
                resources,
                interval,
                creator_block,
                room_block,
                now=now,
                exclude_id=booking_id,
            ) from None
        raise
    except OperationalError as exc:
        if is_concurrent_overlap(exc):  # against a writer that does not take the locks
            raise ConcurrentOverlap from exc
        raise
    await audit.record(
        session,
        organization_id=booking.organization_id,
        actor=actor,
        action="booking.rescheduled",
        target_type="booking",
        target_id=booking.id,
        before=before,
        after=snapshot(booking),
    )
    return booking


async def lock_calendars(session: AsyncSession, organization_id: str, resources: Resources) -> None:
    """Take the transaction's locks on the calendars of a booking's creator and room, creator
    first: moving a booking updates its row, and two moves onto each other's new times would
    each wait for the other's row (a deadlock PostgreSQL breaks only after a second). Under
    these locks moves of one calendar take turns, so the second sees the first committed and
    is told 409. New bookings need no lock: their insert never waits holding a row."""
    keys = [f"calendar:{organization_id}:creator:{resources.creator.id}"]
    if resources.room is not None:
        keys.append(f"calendar:{organization_id}:room:{resources.room.id}")
    await session.execute(
        text(
            "SELECT pg_advisory_xact_lock(hashtextextended(k, 0)) "
            "FROM unnest(CAST(:keys AS text[])) AS k"
        ),
        {"keys": keys},
    )


async def list_bookings(
    session: AsyncSession,
    *,
    organization_id: str,
    limit: int,
    starting_after: str | None,
    filters: dict[str, Any],
) -> Page[Booking]:
    stmt = select(Booking).where(Booking.organization_id == organization_id)
    for column in ("creator_id", "room_id", "artist_id", "client_id", "batch_id", "status"):
        if filters.get(column):
            stmt = stmt.where(getattr(Booking, column) == filters[column])
    start, end = filters.get("from"), filters.get("to")
    if start and end and end < start:
        raise InvalidRequest("'to' is before 'from'", param="to")
    if start or end:
        stmt = stmt.where(Booking.period.op("&&")(Range(start, end)))
    return await paginate(session, stmt, Booking.id, limit=limit, starting_after=starting_after)
