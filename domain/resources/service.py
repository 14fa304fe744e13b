"""Bookable resources (creators, rooms) and clients, with their validation rules."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any, Literal

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)
from sqlalchemy import Select, and_, func, literal, or_, select
from sqlalchemy.dialects.postgresql import Range
from sqlalchemy.ext.asyncio import AsyncSession

from core.ids import new_id
from domain import records
from domain.audit import service as audit
from domain.bookings.models import ACTIVE_BOOKING_STATUSES, Booking
from domain.errors import InvalidRequest
from domain.money import check_currency, from_minor, to_minor
from domain.pagination import Page, paginate
from domain.resources.models import Client, Creator, Room, TimeOff
from domain.scheduling import availability

MAX_MINUTES = 60 * 24 * 60  # sixty days of notice is the most anyone needs
CREATOR_UNIQUE = {
    "uq_creators_organization_id_external_ref": (
        "a creator with this external_ref exists",
        "external_ref",
    )
}
ROOM_UNIQUE = {
    "uq_rooms_organization_id_external_ref": (
        "a room with this external_ref exists",
        "external_ref",
    )
}
CLIENT_UNIQUE = {
    "uq_clients_organization_id_external_ref": (
        "a client with this external_ref exists",
        "external_ref",
    )
}

Ranges = list[list[str]]


class BookableInput(BaseModel):
    """Where a creator or room is, what it costs and when it works."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    timezone: str = Field(max_length=64, description="IANA name, e.g. Europe/Berlin")
    city: str | None = Field(default=None, max_length=120)
    country: str | None = Field(
        default=None, pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2"
    )
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180, validate_default=True)
    hourly_rate: Decimal | None = Field(default=None, ge=0, max_digits=14)
    currency: str = Field(min_length=3, max_length=3)
    working_hours: dict[str, Ranges] = Field(
        default_factory=dict,
        description='Weekly rules in local time: {"mon": [["09:00", "18:00"]]}',
    )
    date_overrides: dict[str, Ranges] = Field(
        default_factory=dict, description='Per date: {"2026-12-24": []} closes the day'
    )
    min_notice_minutes: int = Field(default=0, ge=0, le=MAX_MINUTES)
    buffer_before_minutes: int = Field(default=0, ge=0, le=24 * 60)
    buffer_after_minutes: int = Field(default=0, ge=0, le=24 * 60)
    tags: list[str] = Field(default_factory=list, max_length=30)
    status: Literal["active", "inactive"] = "active"
    external_ref: str | None = Field(default=None, min_length=1, max_length=120)

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        availability.zone(value)
        return value

    @field_validator("longitude")
    @classmethod
    def _coordinates(cls, value: float | None, info: ValidationInfo) -> float | None:
        # Checked on the field (not the model) so the 422 names a coordinate, not the body.
        if "latitude" in info.data and (value is None) != (info.data["latitude"] is None):
            raise ValueError("latitude and longitude go together")
        return value

    @field_validator("currency")
    @classmethod
    def _currency(cls, value: str) -> str:
        return check_currency(value)

    @field_validator("working_hours")
    @classmethod
    def _weekly(cls, value: dict[str, Ranges]) -> dict[str, Ranges]:
        availability.validate_weekly(value)
        return value

    @field_validator("date_overrides")
    @classmethod
    def _overrides(cls, value: dict[str, Ranges]) -> dict[str, Ranges]:
        availability.validate_overrides(value)
        if len(value) > 400:
            raise ValueError("at most 400 date overrides")
        return value

    @model_validator(mode="after")
    def _money(self) -> BookableInput:
        for name in ("hourly_rate", "day_rate"):
            amount = getattr(self, name, None)
            if amount is not None:
                to_minor(amount, self.currency)
        return self


class CreatorInput(BookableInput):
    name: str = Field(min_length=1, max_length=200)
    bio: str = Field(default="", max_length=5000)
    email: str | None = Field(default=None, max_length=320)
    roles: list[str] = Field(default_factory=list, max_length=10)
    skills: dict[str, int] = Field(
        default_factory=dict, description="skill → level 1 (learning) … 5 (world class)"
    )
    day_rate: Decimal | None = Field(default=None, ge=0, max_digits=14)

    @field_validator("skills")
    @classmethod
    def _skills(cls, value: dict[str, int]) -> dict[str, int]:
        if len(value) > 50:
            raise ValueError("at most 50 skills")
        for skill, level in value.items():
            if not 1 <= len(skill) <= 60 or skill != skill.strip().lower():
                raise ValueError(f"skill '{skill}': use a lower-case name of 1 to 60 characters")
            if not 1 <= level <= 5:
                raise ValueError(f"skill '{skill}': level must be 1 to 5")
        return value


class RoomInput(BookableInput):
    name: str = Field(min_length=1, max_length=200)
    kind: Literal["studio", "room", "equipment"] = "room"
    description: str = Field(default="", max_length=5000)
    capacity: int | None = Field(default=None, ge=1, le=10000)


class ClientInput(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=200)
    email: str | None = Field(default=None, max_length=320)
    domain: str | None = Field(
        default=None, max_length=255, pattern=r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9-]+)+$"
    )
    phone: str | None = Field(default=None, max_length=40)
    notes: str = Field(default="", max_length=5000)
    external_ref: str | None = Field(default=None, min_length=1, max_length=120)


def _bookable_columns(data: BookableInput) -> dict[str, Any]:
    values = data.model_dump(exclude={"hourly_rate", "day_rate"})
    values["hourly_rate_minor"] = (
        to_minor(data.hourly_rate, data.currency) if data.hourly_rate is not None else None
    )
    if isinstance(data, CreatorInput):
        values["day_rate_minor"] = (
            to_minor(data.day_rate, data.currency) if data.day_rate is not None else None
        )
    return values


def bookable_input_fields(obj: Creator | Room, model: type[BookableInput]) -> dict[str, Any]:
    """The row as the input model's fields (rates back in major units)."""
    values: dict[str, Any] = {}
    for name in model.model_fields:
        if name in ("hourly_rate", "day_rate"):
            minor = getattr(obj, f"{name}_minor")
            values[name] = from_minor(minor, obj.currency) if minor is not None else None
        else:
            values[name] = getattr(obj, name)
    return values


async def create_creator(
    session: AsyncSession, *, organization_id: str, data: CreatorInput, actor: audit.Actor
) -> Creator:
    creator = Creator(id=new_id("cre"), organization_id=organization_id, **_bookable_columns(data))
    return await records.create(
        session, creator, actor=actor, kind="creator", unique_messages=CREATOR_UNIQUE
    )


async def update_creator(
    session: AsyncSession, creator: Creator, changes: dict[str, Any], *, actor: audit.Actor
) -> Creator:
    merged = CreatorInput.model_validate(
        {**bookable_input_fields(creator, CreatorInput), **changes}
    )
    return await records.update(
        session,
        creator,
        _bookable_columns(merged),
        actor=actor,
        kind="creator",
        unique_messages=CREATOR_UNIQUE,
    )


async def create_room(
    session: AsyncSession, *, organization_id: str, data: RoomInput, actor: audit.Actor
) -> Room:
    room = Room(id=new_id("rm"), organization_id=organization_id, **_bookable_columns(data))
    return await records.create(
        session, room, actor=actor, kind="room", unique_messages=ROOM_UNIQUE
    )


async def update_room(
    session: AsyncSession, room: Room, changes: dict[str, Any], *, actor: audit.Actor
) -> Room:
    merged = RoomInput.model_validate({**bookable_input_fields(room, RoomInput), **changes})
    return await records.update(
        session,
        room,
        _bookable_columns(merged),
        actor=actor,
        kind="room",
        unique_messages=ROOM_UNIQUE,
    )


async def create_client(
    session: AsyncSession, *, organization_id: str, data: ClientInput, actor: audit.Actor
) -> Client:
    client = Client(id=new_id("cli"), organization_id=organization_id, **data.model_dump())
    return await records.create(
        session, client, actor=actor, kind="client", unique_messages=CLIENT_UNIQUE
    )


async def update_client(
    session: AsyncSession, client: Client, changes: dict[str, Any], *, actor: audit.Actor
) -> Client:
    current = {name: getattr(client, name) for name in ClientInput.model_fields}
    merged = ClientInput.model_validate({**current, **changes})
    return await records.update(
        session,
        client,
        merged.model_dump(),
        actor=actor,
        kind="client",
        unique_messages=CLIENT_UNIQUE,
    )


# --- search --------------------------------------------------------------------------------


def _utc_offset_hours(tz_column: Any) -> Any:
    now = func.now()
    return func.extract("epoch", func.timezone(tz_column, now) - func.timezone("UTC", now)) / 3600


def _distance_km(lat: Any, lon: Any, at_lat: float, at_lon: float) -> Any:
    """Great-circle distance (haversine) in SQL."""
    rad = func.radians
    a = func.power(func.sin((rad(lat) - rad(literal(at_lat))) / 2), 2) + func.cos(
        rad(literal(at_lat))
    ) * func.cos(rad(lat)) * func.power(func.sin((rad(lon) - rad(literal(at_lon))) / 2), 2)
    return 2 * 6371.0 * func.asin(func.sqrt(func.least(1.0, a)))


class CreatorSearch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    q: str | None = Field(default=None, max_length=200)
    skill: str | None = Field(default=None, max_length=60)
    min_level: int | None = Field(default=None, ge=1, le=5)
    role: str | None = Field(default=None, max_length=60)
    status: Literal["active", "inactive"] | None = None
    utc_offset_min: float | None = Field(default=None, ge=-12, le=14)
    utc_offset_max: float | None = Field(default=None, ge=-12, le=14)
    max_rate: Decimal | None = Field(default=None, ge=0)
    currency: str | None = None
    near_lat: float | None = Field(default=None, ge=-90, le=90)
    near_lon: float | None = Field(default=None, ge=-180, le=180)
    radius_km: float | None = Field(default=None, gt=0, le=20000)
    free_from: AwareDatetime | None = None
    free_to: AwareDatetime | None = None

    @model_validator(mode="after")
    def _pairs(self) -> CreatorSearch:
        if self.min_level is not None and self.skill is None:
            raise ValueError("min_level needs skill")
        if self.max_rate is not None and self.currency is None:
            raise ValueError("max_rate needs currency")
        if self.currency is not None:
            check_currency(self.currency)
        if (self.radius_km is None) != (self.near_lat is None) or (self.near_lat is None) != (
            self.near_lon is None
        ):
            raise ValueError("near_lat, near_lon and radius_km go together")
        if (self.free_from is None) != (self.free_to is None):
            raise ValueError("free_from and free_to go together")
        if self.free_from and self.free_to and self.free_to <= self.free_from:
            raise ValueError("free_to must be after free_from")
        return self


def creator_search_statement(organization_id: str, search: CreatorSearch) -> Select[Any]:
    stmt = select(Creator).where(Creator.organization_id == organization_id)
    if search.q:
        stmt = stmt.where(Creator.search.op("@@")(func.websearch_to_tsquery("simple", search.q)))
    if search.skill:
        level = Creator.skills[search.skill].astext.cast(Creator.min_notice_minutes.type)
        stmt = stmt.where(Creator.skills.has_key(search.skill))
        if search.min_level:
            stmt = stmt.where(level >= search.min_level)
    if search.role:
        stmt = stmt.where(Creator.roles.contains([search.role]))
    if search.status:
        stmt = stmt.where(Creator.status == search.status)
    if search.utc_offset_min is not None:
        stmt = stmt.where(_utc_offset_hours(Creator.timezone) >= search.utc_offset_min)
    if search.utc_offset_max is not None:
        stmt = stmt.where(_utc_offset_hours(Creator.timezone) <= search.utc_offset_max)
    if search.max_rate is not None and search.currency is not None:
        # Rates in another currency are not comparable until exchange rates are configured.
        stmt = stmt.where(
            Creator.currency == search.currency,
            Creator.hourly_rate_minor <= to_minor(search.max_rate, search.currency),
        )
    if search.radius_km is not None and search.near_lat is not None and search.near_lon is not None:
        stmt = stmt.where(
            Creator.latitude.is_not(None),
            _distance_km(Creator.latitude, Creator.longitude, search.near_lat, search.near_lon)
            <= search.radius_km,
        )
    if search.free_from is not None and search.free_to is not None:
        wanted = Range(search.free_from, search.free_to)
        busy = select(literal(1)).where(
            Booking.organization_id == Creator.organization_id,
            Booking.creator_id == Creator.id,
            Booking.creator_block.op("&&")(wanted),
            active_booking_clause(),
        )
        off = select(literal(1)).where(
            TimeOff.organization_id == Creator.organization_id,
            TimeOff.creator_id == Creator.id,
            TimeOff.period.op("&&")(wanted),
        )
        stmt = stmt.where(~busy.exists(), ~off.exists())
    return stmt


def active_booking_clause() -> Any:
    """Active bookings, not counting holds that have already expired."""
    return and_(
        Booking.status.in_(ACTIVE_BOOKING_STATUSES),
        or_(
            Booking.status != "held",
            Booking.hold_expires_at.is_(None),
            Booking.hold_expires_at > func.now(),
        ),
    )


async def search_creators(
    session: AsyncSession,
    *,
    organization_id: str,
    search: CreatorSearch,
    limit: int,
    starting_after: str | None,
) -> Page[Creator]:
    return await paginate(
        session,
        creator_search_statement(organization_id, search),
        Creator.id,
        limit=limit,
        starting_after=starting_after,
    )


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
