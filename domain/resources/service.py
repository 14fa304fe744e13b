"""Bookable resources (creators, rooms) and clients, with their validation rules."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.ids import new_id
from domain import records
from domain.audit import service as audit
from domain.keys.sealed import Sealing
from domain.money import check_currency, from_minor, to_minor
from domain.pagination import Page, paginate
from domain.resources.models import Client, Creator, Room
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
    session: AsyncSession,
    sealing: Sealing,
    *,
    organization_id: str,
    data: CreatorInput,
    actor: audit.Actor,
) -> Creator:
    """A new creator; their e-mail is sealed with the creator's own key."""
    creator = Creator(id=new_id("cre"), organization_id=organization_id, **_bookable_columns(data))
    await sealing.seal(session, creator, actor=actor)
    return await records.create(
        session, creator, actor=actor, kind="creator", unique_messages=CREATOR_UNIQUE
    )


async def update_creator(
    session: AsyncSession,
    sealing: Sealing,
    creator: Creator,
    changes: dict[str, Any],
    *,
    actor: audit.Actor,
) -> Creator:
    """Change a creator (opened by its loader); a changed e-mail is sealed again."""
    merged = _bookable_columns(
        CreatorInput.model_validate({**bookable_input_fields(creator, CreatorInput), **changes})
    )
    contact = {name: merged.pop(name) for name in Creator.sealed_fields}
    merged.update(await sealing.changed_columns(session, creator, contact, actor=actor))
    return await records.update(
        session,
        creator,
        merged,
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
    session: AsyncSession,
    sealing: Sealing,
    *,
    organization_id: str,
    data: ClientInput,
    actor: audit.Actor,
) -> Client:
    """A new client; its contact fields are sealed with the client's own key."""
    client = Client(id=new_id("cli"), organization_id=organization_id, **data.model_dump())
    await sealing.seal(session, client, actor=actor)
    return await records.create(
        session, client, actor=actor, kind="client", unique_messages=CLIENT_UNIQUE
    )


async def update_client(
    session: AsyncSession,
    sealing: Sealing,
    client: Client,
    changes: dict[str, Any],
    *,
    actor: audit.Actor,
) -> Client:
    """Change a client (opened by its loader); changed contact fields are sealed again."""
    current = {name: getattr(client, name) for name in ClientInput.model_fields}
    merged = ClientInput.model_validate({**current, **changes}).model_dump()
    contact = {name: merged.pop(name) for name in Client.sealed_fields}
    merged.update(await sealing.changed_columns(session, client, contact, actor=actor))
    return await records.update(
        session,
        client,
        merged,
        actor=actor,
        kind="client",
        unique_messages=CLIENT_UNIQUE,
    )


async def list_clients(
    session: AsyncSession,
    sealing: Sealing,
    *,
    organization_id: str,
    q: str | None = None,
    email: str | None = None,
    limit: int,
    starting_after: str | None,
) -> Page[Client]:
    """The organization's clients, newest first, their contact fields opened (a page's keys
    in one batch); ``q``: the name contains it (any case); ``email``: exactly this e-mail
    (any case), through the blind index."""
    stmt = select(Client).where(Client.organization_id == organization_id)
    if q:
        stmt = stmt.where(func.lower(Client.name).contains(q.lower()))
    if email is not None:
        stmt = stmt.where(await sealing.email_matches(session, organization_id, Client, email))
    page = await paginate(session, stmt, Client.id, limit=limit, starting_after=starting_after)
    await sealing.open(session, page.items)
    return page


async def list_rooms(
    session: AsyncSession,
    *,
    organization_id: str,
    kind: str | None = None,
    limit: int,
    starting_after: str | None,
) -> Page[Room]:
    """The organization's rooms and equipment, newest first; only ``kind`` when given."""
    stmt = select(Room).where(Room.organization_id == organization_id)
    if kind:
        stmt = stmt.where(Room.kind == kind)
    return await paginate(session, stmt, Room.id, limit=limit, starting_after=starting_after)
