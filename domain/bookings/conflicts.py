"""The answer to a double booking: the exclusion constraint is the truth, this module turns its
violation into a 409 naming who is in the way and the nearest free slots."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.ext.asyncio import AsyncSession

from domain.bookings.models import Booking
from domain.bookings.rules import Resources, _range
from domain.errors import Conflict
from domain.resources.availability import resource_availability
from domain.resources.search import active_booking_clause
from domain.scheduling import availability

SUGGESTION_WINDOW_BEFORE = timedelta(days=2)
SUGGESTION_WINDOW_AFTER = timedelta(days=14)


class ConcurrentOverlap(Conflict):
    """The 409 of a booking that lost a race to an overlapping one PostgreSQL had not
    committed yet (it aborted this transaction as a deadlock). The transaction boundary runs
    the request again first (``retry_transaction``): by then the other booking is committed,
    so the answer names it and suggests free slots; on the last attempt this is the answer."""

    retry_transaction = True

    def __init__(self) -> None:
        super().__init__(
            "the session overlaps another booking made at the same moment",
            param="start",
            code="booking_conflict",
            extra={"conflicting_bookings": [], "suggested_slots": []},
        )


async def booking_conflict(
    session: AsyncSession,
    resources: Resources,
    interval: availability.Interval,
    creator_block: availability.Interval,
    room_block: availability.Interval | None,
    *,
    now: datetime,
    exclude_id: str | None,
) -> Conflict:
    """The 409 for an exclusion violation: who is in the way and where there is room."""
    filters = [
        Booking.creator_id == resources.creator.id,
        Booking.creator_block.op("&&")(_range(creator_block)),
    ]
    clauses = [select(Booking).where(*filters, active_booking_clause())]
    if resources.room is not None and room_block is not None:
        clauses.append(
            select(Booking).where(
                Booking.room_id == resources.room.id,
                Booking.room_block.op("&&")(_range(room_block)),
                active_booking_clause(),
            )
        )
    in_the_way: dict[str, Booking] = {}
    for stmt in clauses:
        for booking in (await session.execute(stmt)).scalars():
            if booking.id != exclude_id:
                in_the_way[booking.id] = booking
    window = availability.Interval(
        max(now, interval.start - SUGGESTION_WINDOW_BEFORE),
        interval.start + SUGGESTION_WINDOW_AFTER,
    )
    free = await resource_availability(
        session, resources.creator, start=window.start, end=window.end, now=now
    )
    if resources.room is not None:
        room_free = await resource_availability(
            session, resources.room, start=window.start, end=window.end, now=now
        )
        free = availability.subtract(free, availability.subtract([window], room_free))
    slots = availability.nearest_slots(free, interval.duration, interval.start)
    return Conflict(
        "the session overlaps another booking"
        + (
            " of the room"
            if any(b.creator_id != resources.creator.id for b in in_the_way.values())
            else ""
        ),
        param="start",
        code="booking_conflict",
        extra={
            "conflicting_bookings": [
                {
                    "id": b.id,
                    "creator_id": b.creator_id,
                    "room_id": b.room_id,
                    "start": b.period.lower.isoformat() if b.period.lower else None,
                    "end": b.period.upper.isoformat() if b.period.upper else None,
                    "status": b.status,
                }
                for b in in_the_way.values()
            ],
            "suggested_slots": [
                {"start": s.start.isoformat(), "end": s.end.isoformat()} for s in slots
            ],
        },
    )


def is_concurrent_overlap(exc: DBAPIError) -> bool:
    """Two transactions inserted overlapping bookings at the same instant: each found the
    other's row and waited for it, and PostgreSQL aborted one of them as a deadlock. Without
    the race the constraint would have refused one of the two all the same; the aborted one is
    that refusal (the other booking is not committed yet, so the 409 may not list it)."""
    return isinstance(exc, OperationalError) and getattr(exc.orig, "sqlstate", None) == "40P01"


def is_exclusion_violation(exc: DBAPIError) -> bool:
    if not isinstance(exc, IntegrityError):
        return False
    constraint = getattr(getattr(exc.orig, "diag", None), "constraint_name", "") or ""
    return constraint.startswith("no_double_booking")
