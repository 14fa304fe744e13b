"""Request and response models of ``api/routes/rooms.py``."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field

from api.schemas import RequestBody
from api.schemas.bookable import BookableOut, bookable_fields
from domain.resources import service
from domain.resources.models import Room


class RoomOut(BookableOut):
    object: Literal["room"] = "room"
    kind: str
    description: str
    capacity: int | None


def room_out(room: Room) -> RoomOut:
    return RoomOut(
        **bookable_fields(room),
        kind=room.kind,
        description=room.description,
        capacity=room.capacity,
    )


class RoomCreate(service.RoomInput, RequestBody):
    pass


class RoomUpdate(RequestBody):
    name: str | None = None
    kind: Literal["studio", "room", "equipment"] | None = None
    description: str | None = None
    capacity: int | None = None
    hourly_rate: Decimal | None = None
    currency: str | None = None
    timezone: str | None = None
    city: str | None = None
    country: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    working_hours: dict[str, list[list[str]]] | None = None
    date_overrides: dict[str, list[list[str]]] | None = None
    min_notice_minutes: int | None = None
    buffer_before_minutes: int | None = None
    buffer_after_minutes: int | None = None
    tags: list[str] | None = None
    status: Literal["active", "inactive"] | None = None
    external_ref: str | None = Field(default=None, max_length=120)
