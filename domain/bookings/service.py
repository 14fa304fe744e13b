"""Bookings: holds, confirmation, the lifecycle, and the no-double-booking guarantee.

The exclusion constraints on ``bookings`` are the truth; the checks here exist to explain a
refusal (which booking is in the way, which nearby slots are free) and to apply the rules a
constraint cannot know (working hours, time off, minimum notice).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationInfo, field_validator
from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import Range
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from core.ids import new_id
from domain import records
from domain.audit import service as audit
from domain.bookings.models import Booking
from domain.errors import Conflict, InvalidRequest
from domain.money import check_currency, from_minor, prorate, to_minor
from domain.pagination import Page, paginate
from domain.resources.models import Client, Creator, Room, TimeOff
from domain.resources.service import active_booking_clause, resource_availability
from domain.roster.models import Artist
from domain.scheduling import availability

ID = r"^[a-z]{2,5}_[0-9a-hjkmnp-tv-z]{26}$"
MAX_SESSION = timedelta(days=14)
HOLD_EXPIRY_ACTOR = audit.Actor(type="system", id="hold-expiry")
SUGGESTION_WINDOW_BEFORE = timedelta(days=2)
SUGGESTION_WINDOW_AFTER = timedelta(days=14)

# action → (statuses it may start from, status it leads to)
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "request_approval": (frozenset({"held"}), "pending_approval"),
    "confirm": (frozenset({"held", "pending_approval"}), "confirmed"),
    "cancel": (frozenset({"held", "pending_approval", "confirmed"}), "cancelled"),
    "complete": (frozenset({"confirmed"}), "completed"),
    "no_show": (frozenset({"confirmed"}), "no_show"),
}


class SessionTimes(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    start: AwareDatetime
    end: AwareDatetime

    # Field validators (not model validators) so a 422 names the field that is wrong.
    @field_validator("end")
    @classmethod
    def _order(cls, end: datetime, info: ValidationInfo) -> datetime:
        start = info.data.get("start")
        if start is None:
            return end
        if end <= start:
            raise ValueError("end must be after start")
        if end - start > MAX_SESSION:
            raise ValueError("a session lasts at most 14 days")
        return end


class BookingInput(SessionTimes):
    creator_id: str = Field(pattern=ID)
    room_id: str | None = Field(default=None, pattern=ID)
    artist_id: str | None = Field(default=None, pattern=ID)
    client_id: str | None = Field(default=None, pattern=ID)
    title: str = Field(default="", max_length=200)
    notes: str = Field(default="", max_length=5000)
    price: Decimal | None = Field(
        default=None,
        ge=0,
        max_digits=14,
        description="Defaults to the creator's (and room's) hourly rate",
    )
    currency: str | None = Field(default=None, min_length=3, max_length=3, validate_default=True)
    status: Literal["held", "confirmed"] = "held"
    hold_minutes: int = Field(default=30, ge=1, le=7 * 24 * 60)
    allow_outside_working_hours: bool = False

    @field_validator("currency")
    @classmethod
    def _money(cls, currency: str | None, info: ValidationInfo) -> str | None:
        if currency is not None:
            return check_currency(currency)
        if info.data.get("price") is not None:
            raise ValueError("price needs currency")
        return currency


@dataclass(frozen=True, slots=True)
class Resources:
    creator: Creator
    room: Room | None


def _range(interval: availability.Interval) -> Range[datetime]:
    return Range(interval.start, interval.end)


def _interval(value: Range[datetime]) -> availability.Interval:
    assert value.lower is not None and value.upper is not None
    return availability.Interval(value.lower, value.upper)


def blocks_for(
    session: availability.Interval, resources: Resources
) -> tuple[availability.Interval, availability.Interval | None]:
    creator, room = resources.creator, resources.room
    creator_block = session.widened(
        timedelta(minutes=creator.buffer_before_minutes),
        timedelta(minutes=creator.buffer_after_minutes),
    )
    room_block = (
        session.widened(
            timedelta(minutes=room.buffer_before_minutes),
            timedelta(minutes=room.buffer_after_minutes),
        )
        if room
        else None
    )
    return creator_block, room_block


async def load_resources(
    session: AsyncSession, *, creator_id: str, room_id: str | None
) -> Resources:
    creator = await records.get_or_404(
        session, Creator, creator_id, label="creator", param="creator_id"
    )
    if creator.status != "active":
        raise InvalidRequest(
            f"creator {creator_id} is inactive", param="creator_id", code="resource_inactive"
        )
    room = None
    if room_id:
        room = await records.get_or_404(session, Room, room_id, label="room", param="room_id")
        if room.status != "active":
            raise InvalidRequest(
                f"room {room_id} is inactive", param="room_id", code="resource_inactive"
            )
    return Resources(creator, room)


async def _check_rules(
    session: AsyncSession,
    resources: Resources,
    interval: availability.Interval,
    *,
    now: datetime,
    allow_outside_working_hours: bool,
) -> None:
    """Minimum notice, working hours and time off, as 422s naming the rule."""
    for resource, label in ((resources.creator, "creator"), (resources.room, "room")):
        if resource is None:
            continue
        notice = timedelta(minutes=resource.min_notice_minutes)
        if interval.start < now + notice:
            raise InvalidRequest(
                f"the {label} needs {resource.min_notice_minutes} minutes' notice; the earliest "
                f"start is {(now + notice).isoformat()}",
                param="start",
                code="min_notice",
            )
        if not allow_outside_working_hours:
            work = availability.working_intervals(
                resource.working_hours, resource.date_overrides, resource.timezone, interval
            )
            if not work or work[0] != interval:
                raise InvalidRequest(
                    f"the session is outside the {label}'s working hours "
                    f"({resource.timezone}); pass allow_outside_working_hours to override",
                    param="start",
                    code="outside_working_hours",
                )
        column = TimeOff.room_id if label == "room" else TimeOff.creator_id
        off = (
            await session.execute(
                select(TimeOff.id)
                .where(column == resource.id, TimeOff.period.op("&&")(_range(interval)))
                .limit(1)
            )
        ).scalar_one_or_none()
        if off is not None:
            raise InvalidRequest(
                f"the {label} is on time off then ({off})", param="start", code="time_off"
            )


def _price(data: BookingInput, resources: Resources, minutes: int) -> tuple[int, str]:
    creator, room = resources.creator, resources.room
    if data.price is not None and data.currency is not None:
        if data.currency != creator.currency:
            raise InvalidRequest(
                f"currency mismatch: the creator is priced in {creator.currency}, "
                f"the booking in {data.currency}",
                param="currency",
                code="currency_mismatch",
            )
        return to_minor(data.price, data.currency), data.currency
    if data.currency is not None and data.currency != creator.currency:
        raise InvalidRequest(
            f"currency mismatch: the creator is priced in {creator.currency}",
            param="currency",
            code="currency_mismatch",
        )
    total = prorate(creator.hourly_rate_minor or 0, minutes)
    if room is not None and room.hourly_rate_minor:
        if room.currency != creator.currency:
            raise InvalidRequest(
                f"currency mismatch: the creator is priced in {creator.currency} and the room "
                f"in {room.currency}; give an explicit price",
                param="price",
                code="currency_mismatch",
            )
        total += prorate(room.hourly_rate_minor, minutes)
    return total, creator.currency


async def expire_stale_holds(
    session: AsyncSession, *, organization_id: str, now: datetime
) -> list[str]:
    """Turn holds past their expiry into ``expired`` (audited); returns their ids."""
    expired = (
        (
            await session.execute(
                update(Booking)
                .where(
                    Booking.organization_id == organization_id,
                    Booking.status == "held",
                    Booking.hold_expires_at <= now,
                )
                .values(status="expired", status_reason="hold expired", updated_at=now)
                .returning(Booking.id)
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


def is_exclusion_violation(exc: IntegrityError) -> bool:
    constraint = getattr(getattr(exc.orig, "diag", None), "constraint_name", "") or ""
    return constraint.startswith("no_double_booking")


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
    except IntegrityError as exc:
        if is_exclusion_violation(exc):
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
    return booking


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
    resources = await load_resources(
        session, creator_id=booking.creator_id, room_id=booking.room_id
    )
    interval = availability.Interval(times.start, times.end)
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
    if start or end:
        stmt = stmt.where(Booking.period.op("&&")(Range(start, end)))
    return await paginate(session, stmt, Booking.id, limit=limit, starting_after=starting_after)
