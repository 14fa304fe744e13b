"""Time off of creators and rooms."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Response, status
from pydantic import AwareDatetime, BaseModel, Field
from sqlalchemy import select

from api.deps import ActorDep, Authorize, TenantSession
from api.schemas import ID_PATTERN, Limit, ListResponse, RequestBody, StartingAfter, id_path
from domain import records
from domain.pagination import paginate
from domain.resources import availability
from domain.resources.models import TimeOff
from domain.tenancy.access import Principal

router = APIRouter(prefix="/v1/time-off", tags=["creators"])


class TimeOffOut(BaseModel):
    object: Literal["time_off"] = "time_off"
    id: str
    creator_id: str | None
    room_id: str | None
    start: datetime
    end: datetime
    reason: str


def time_off_out(entry: TimeOff) -> TimeOffOut:
    assert entry.period.lower is not None and entry.period.upper is not None
    return TimeOffOut(
        id=entry.id,
        creator_id=entry.creator_id,
        room_id=entry.room_id,
        start=entry.period.lower,
        end=entry.period.upper,
        reason=entry.reason,
    )


class TimeOffCreate(RequestBody):
    creator_id: str | None = Field(default=None, pattern=ID_PATTERN)
    room_id: str | None = Field(default=None, pattern=ID_PATTERN)
    start: AwareDatetime
    end: AwareDatetime
    reason: str = Field(default="", max_length=200)


@router.get("", summary="List time off")
async def list_time_off(
    principal: Annotated[Principal, Depends(Authorize("creators:read"))],
    session: TenantSession,
    limit: Limit = 20,
    starting_after: StartingAfter = None,
    creator_id: Annotated[str | None, Query(pattern=ID_PATTERN)] = None,
    room_id: Annotated[str | None, Query(pattern=ID_PATTERN)] = None,
) -> ListResponse[TimeOffOut]:
    stmt = select(TimeOff).where(TimeOff.organization_id == principal.organization_id)
    if creator_id:
        stmt = stmt.where(TimeOff.creator_id == creator_id)
    if room_id:
        stmt = stmt.where(TimeOff.room_id == room_id)
    page = await paginate(session, stmt, TimeOff.id, limit=limit, starting_after=starting_after)
    return ListResponse(data=[time_off_out(t) for t in page.items], has_more=page.has_more)


@router.post("", status_code=status.HTTP_201_CREATED, summary="Add time off")
async def create_time_off(
    body: TimeOffCreate,
    principal: Annotated[Principal, Depends(Authorize("creators:write"))],
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
    id: Annotated[str, id_path("off")],
    principal: Annotated[Principal, Depends(Authorize("creators:write"))],
    session: TenantSession,
    actor: ActorDep,
) -> Response:
    entry = await records.get_or_404(session, TimeOff, id, label="time off")
    await records.delete(session, entry, actor=actor, kind="time_off", in_use_message="in use")
    return Response(status_code=status.HTTP_204_NO_CONTENT)
