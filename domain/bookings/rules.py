"""What a booking must satisfy before it is stored: its resources exist and are active, minimum
notice, working hours and time off (each refusal a 422 naming the rule), and its price."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import Range
from sqlalchemy.ext.asyncio import AsyncSession

from domain import records
from domain.dates import Timestamp
from domain.errors import InvalidRequest, NotFound
from domain.money import check_currency, prorate, to_minor
from domain.resources.models import Creator, Room, TimeOff
from domain.scheduling import availability

ID = r"^[a-z]{2,5}_[0-9a-hjkmnp-tv-z]{26}$"
MAX_SESSION = timedelta(days=14)
# How far ahead a session may start: further out is a typo, not a plan.
BOOKING_HORIZON_YEARS = 10
BOOKING_HORIZON = timedelta(days=365 * BOOKING_HORIZON_YEARS)


class SessionTimes(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    start: Timestamp
    end: Timestamp

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


@dataclass(frozen=True, slots=True)
class Resources:
    creator: Creator
    room: Room | None
    # The time off in the way of the interval the resources were loaded for (its id, or None),
    # when they were loaded for one: the rules then need no query of their own.
    time_off_checked: bool = False
    creator_time_off: str | None = None
    room_time_off: str | None = None


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
    session: AsyncSession,
    *,
    creator_id: str,
    room_id: str | None,
    during: availability.Interval | None = None,
) -> Resources:
    """The creator (and room), active, or a 404/422. With ``during``, each row comes with the
    first time off of its resource that overlaps it, in the same statement."""
    creator, creator_off = await _load(session, Creator, creator_id, "creator", during)
    if creator.status != "active":
        raise InvalidRequest(
            f"creator {creator_id} is inactive", param="creator_id", code="resource_inactive"
        )
    room, room_off = None, None
    if room_id:
        room, room_off = await _load(session, Room, room_id, "room", during)
        if room.status != "active":
            raise InvalidRequest(
                f"room {room_id} is inactive", param="room_id", code="resource_inactive"
            )
    return Resources(
        creator,
        room,
        time_off_checked=during is not None,
        creator_time_off=creator_off,
        room_time_off=room_off,
    )


async def _load(
    session: AsyncSession,
    model: type[Creator] | type[Room],
    ident: str,
    label: str,
    during: availability.Interval | None,
) -> tuple[Any, str | None]:
    if during is None:
        found = await records.get_or_404(session, model, ident, label=label, param=f"{label}_id")
        return found, None
    owner = TimeOff.room_id if model is Room else TimeOff.creator_id
    time_off = (
        select(TimeOff.id)
        .where(owner == model.id, TimeOff.period.op("&&")(_range(during)))
        .limit(1)
        .scalar_subquery()
    )
    row = (await session.execute(select(model, time_off).where(model.id == ident))).first()
    if row is None:
        raise NotFound(f"no {label} {ident}", param=f"{label}_id")
    return row[0], row[1]


async def _check_rules(
    session: AsyncSession,
    resources: Resources,
    interval: availability.Interval,
    *,
    now: datetime,
    allow_outside_working_hours: bool,
) -> None:
    """The booking horizon, minimum notice, working hours and time off, as 422s naming the
    rule."""
    if interval.start > now + BOOKING_HORIZON:
        raise InvalidRequest(
            f"a session starts at most {BOOKING_HORIZON_YEARS} years ahead, by "
            f"{(now + BOOKING_HORIZON).date().isoformat()}",
            param="start",
            code="beyond_booking_horizon",
        )
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
        if resources.time_off_checked:
            off = resources.room_time_off if label == "room" else resources.creator_time_off
        else:
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
    creator = resources.creator
    if data.price is not None and data.currency is not None:
        if data.currency != creator.currency:
            raise InvalidRequest(
                f"currency mismatch: the creator is priced in {creator.currency}, "
                f"the booking in {data.currency}",
                param="currency",
                code="currency_mismatch",
            )
        try:
            return to_minor(data.price, data.currency), data.currency
        except ValueError as exc:  # more decimals than the currency has
            raise InvalidRequest(str(exc), param="price") from None
    if data.currency is not None and data.currency != creator.currency:
        raise InvalidRequest(
            f"currency mismatch: the creator is priced in {creator.currency}",
            param="currency",
            code="currency_mismatch",
        )
    return rated_price(resources, minutes), creator.currency


def rated_price(resources: Resources, minutes: int) -> int:
    """The session's price from the creator's and room's hourly rates, in the creator's
    currency's minor units; a priced room in another currency is refused (422
    ``currency_mismatch``): the two cannot be one amount."""
    creator, room = resources.creator, resources.room
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
    return total


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
