"""Rooms and equipment: bookable like creators, with the same availability model."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Response, status
from pydantic import AwareDatetime, Field
from sqlalchemy import select

from api.deps import ActorDep, Authorize, TenantSession
from api.routes.bookable import AvailabilityOut, BookableOut, Slot, bookable_fields
from api.schemas import Limit, ListResponse, RequestBody, StartingAfter, id_path
from domain import records
from domain.pagination import paginate
from domain.resources import availability, service
from domain.resources.models import Room
from domain.tenancy.access import Principal

router = APIRouter(prefix="/v1/rooms", tags=["rooms"])


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


@router.get("", summary="List rooms")
async def list_rooms(
    principal: Annotated[Principal, Depends(Authorize("creators:read"))],
    session: TenantSession,
    limit: Limit = 20,
    starting_after: StartingAfter = None,
    kind: Annotated[Literal["studio", "room", "equipment"] | None, Query()] = None,
) -> ListResponse[RoomOut]:
    stmt = select(Room).where(Room.organization_id == principal.organization_id)
    if kind:
        stmt = stmt.where(Room.kind == kind)
    page = await paginate(session, stmt, Room.id, limit=limit, starting_after=starting_after)
    return ListResponse(data=[room_out(r) for r in page.items], has_more=page.has_more)


@router.post("", status_code=status.HTTP_201_CREATED, summary="Add a room")
async def create_room(
    body: RoomCreate,
    principal: Annotated[Principal, Depends(Authorize("creators:write"))],
    session: TenantSession,
    actor: ActorDep,
) -> RoomOut:
    return room_out(
        await service.create_room(
            session, organization_id=principal.organization_id, data=body, actor=actor
        )
    )


@router.get("/{id}", summary="A room")
async def get_room(
    id: Annotated[str, id_path("rm")],
    principal: Annotated[Principal, Depends(Authorize("creators:read"))],
    session: TenantSession,
) -> RoomOut:
    return room_out(await records.get_or_404(session, Room, id, label="room"))


@router.patch("/{id}", summary="Change a room")
async def update_room(
    id: Annotated[str, id_path("rm")],
    body: RoomUpdate,
    principal: Annotated[Principal, Depends(Authorize("creators:write"))],
    session: TenantSession,
    actor: ActorDep,
) -> RoomOut:
    room = await records.get_or_404(session, Room, id, label="room")
    return room_out(
        await service.update_room(session, room, body.model_dump(exclude_unset=True), actor=actor)
    )


@router.delete(
    "/{id}", status_code=status.HTTP_204_NO_CONTENT, summary="Remove a room without bookings"
)
async def delete_room(
    id: Annotated[str, id_path("rm")],
    principal: Annotated[Principal, Depends(Authorize("creators:write"))],
    session: TenantSession,
    actor: ActorDep,
) -> Response:
    room = await records.get_or_404(session, Room, id, label="room")
    await records.delete(
        session,
        room,
        actor=actor,
        kind="room",
        in_use_message="the room has bookings; set status to 'inactive'",
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/{id}/availability", summary="Free intervals of a room")
async def room_availability(
    id: Annotated[str, id_path("rm")],
    principal: Annotated[Principal, Depends(Authorize("creators:read"))],
    session: TenantSession,
    start: Annotated[AwareDatetime, Query(alias="from")],
    end: Annotated[AwareDatetime, Query(alias="to")],
) -> AvailabilityOut:
    room = await records.get_or_404(session, Room, id, label="room")
    free = await availability.resource_availability(
        session, room, start=start, end=end, now=datetime.now(UTC)
    )
    return AvailabilityOut(
        resource_id=room.id,
        timezone=room.timezone,
        start=start,
        end=end,
        buffer_before_minutes=room.buffer_before_minutes,
        buffer_after_minutes=room.buffer_after_minutes,
        free=[Slot(start=f.start, end=f.end) for f in free],
    )
