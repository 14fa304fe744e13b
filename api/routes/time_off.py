"""Time off of creators and rooms."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from api.deps import ActorDep, CanReadCreators, CanWriteCreators, TenantSession
from api.loaders import TimeOffDep
from api.schemas import ID_PATTERN, Limit, ListResponse, StartingAfter
from api.schemas.time_off import TimeOffCreate, TimeOffOut, time_off_out
from domain import records
from domain.resources import availability

router = APIRouter(prefix="/v1/time-off", tags=["creators"])


@router.get("", summary="List time off")
async def list_time_off(
    principal: CanReadCreators,
    session: TenantSession,
    limit: Limit = 20,
    starting_after: StartingAfter = None,
    creator_id: Annotated[str | None, Query(pattern=ID_PATTERN)] = None,
    room_id: Annotated[str | None, Query(pattern=ID_PATTERN)] = None,
) -> ListResponse[TimeOffOut]:
    page = await availability.list_time_off(
        session,
        organization_id=principal.organization_id,
        creator_id=creator_id,
        room_id=room_id,
        limit=limit,
        starting_after=starting_after,
    )
    return ListResponse(data=[time_off_out(t) for t in page.items], has_more=page.has_more)


@router.post("", status_code=status.HTTP_201_CREATED, summary="Add time off")
async def create_time_off(
    body: TimeOffCreate,
    principal: CanWriteCreators,
    session: TenantSession,
    actor: ActorDep,
) -> TimeOffOut:
    entry = await availability.add_time_off(
        session,
        organization_id=principal.organization_id,
        creator_id=body.creator_id,
        room_id=body.room_id,
        start=body.start,
        end=body.end,
        reason=body.reason,
        actor=actor,
    )
    return time_off_out(entry)


@router.delete("/{id}", status_code=status.HTTP_204_NO_CONTENT, summary="Remove time off")
async def delete_time_off(
    principal: CanWriteCreators,
    entry: TimeOffDep,
    session: TenantSession,
    actor: ActorDep,
) -> Response:
    await records.delete(session, entry, actor=actor, kind="time_off", in_use_message="in use")
    return Response(status_code=status.HTTP_204_NO_CONTENT)
