"""Rooms and equipment: bookable like creators, with the same availability model."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response, status

from api.deps import ActorDep, CanReadCreators, CanWriteCreators, TenantSession
from api.loaders import RoomDep
from api.schemas import Limit, ListResponse, StartingAfter
from api.schemas.bookable import AvailabilityOut, Slot
from api.schemas.rooms import RoomCreate, RoomOut, RoomUpdate, room_out
from domain import records
from domain.dates import Timestamp
from domain.resources import availability, service

router = APIRouter(prefix="/v1/rooms", tags=["rooms"])


@router.get("", summary="List rooms")
async def list_rooms(
    principal: CanReadCreators,
    session: TenantSession,
    limit: Limit = 20,
    starting_after: StartingAfter = None,
    kind: Annotated[Literal["studio", "room", "equipment"] | None, Query()] = None,
) -> ListResponse[RoomOut]:
    page = await service.list_rooms(
        session,
        organization_id=principal.organization_id,
        kind=kind,
        limit=limit,
        starting_after=starting_after,
    )
    return ListResponse(data=[room_out(r) for r in page.items], has_more=page.has_more)


@router.post("", status_code=status.HTTP_201_CREATED, summary="Add a room")
async def create_room(
    body: RoomCreate,
    principal: CanWriteCreators,
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
    principal: CanReadCreators,
    room: RoomDep,
) -> RoomOut:
    return room_out(room)


@router.patch("/{id}", summary="Change a room")
async def update_room(
    body: RoomUpdate,
    principal: CanWriteCreators,
    room: RoomDep,
    session: TenantSession,
    actor: ActorDep,
) -> RoomOut:
    return room_out(
        await service.update_room(session, room, body.model_dump(exclude_unset=True), actor=actor)
    )


@router.delete(
    "/{id}", status_code=status.HTTP_204_NO_CONTENT, summary="Remove a room without bookings"
)
async def delete_room(
    principal: CanWriteCreators,
    room: RoomDep,
    session: TenantSession,
    actor: ActorDep,
) -> Response:
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
    principal: CanReadCreators,
    room: RoomDep,
    session: TenantSession,
    start: Annotated[Timestamp, Query(alias="from")],
    end: Annotated[Timestamp, Query(alias="to")],
) -> AvailabilityOut:
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
