"""Events: what happened in the organization, as webhook receivers get it; and the catalog."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel
from sqlalchemy import select

from api.deps import Authorize, TenantSession
from api.schemas import Limit, ListResponse, StartingAfter, id_path
from domain import records
from domain.errors import InvalidRequest
from domain.events.models import Event
from domain.events.service import CATALOG, EVENT_ID_PREFIX, EVENT_TYPES
from domain.pagination import paginate
from domain.tenancy.access import Principal

router = APIRouter(tags=["webhooks"])
Read = Annotated[Principal, Depends(Authorize("webhooks:read"))]


class EventOut(BaseModel):
    object: Literal["event"] = "event"
    id: str
    type: str
    data: dict[str, Any]
    created_at: datetime


class EventTypeOut(BaseModel):
    object: Literal["event_type"] = "event_type"
    type: str
    description: str
    example: dict[str, Any]


def event_out(event: Event) -> EventOut:
    return EventOut(id=event.id, type=event.type, data=event.data, created_at=event.created_at)


@router.get("/v1/event-types", summary="The event catalog, with an example payload of each")
async def list_event_types(principal: Read) -> ListResponse[EventTypeOut]:
    return ListResponse(
        data=[
            EventTypeOut(type=t, description=description, example=example)
            for t, (description, example) in CATALOG.items()
        ],
        has_more=False,
    )


@router.get("/v1/events", summary="List events, newest first")
async def list_events(
    principal: Read,
    session: TenantSession,
    limit: Limit = 20,
    starting_after: StartingAfter = None,
    type: Annotated[str | None, Query(max_length=80, description="Only this event type")] = None,
) -> ListResponse[EventOut]:
    stmt = select(Event).where(Event.organization_id == principal.organization_id)
    if type is not None:
        if type not in CATALOG:
            raise InvalidRequest(
                f"unknown event type {type!r}; valid types are: {', '.join(EVENT_TYPES)}",
                param="type",
                code="unknown_event_type",
                extra={"valid_event_types": list(EVENT_TYPES)},
            )
        stmt = stmt.where(Event.type == type)
    page = await paginate(session, stmt, Event.id, limit=limit, starting_after=starting_after)
    return ListResponse(data=[event_out(e) for e in page.items], has_more=page.has_more)


@router.get("/v1/events/{id}", summary="An event")
async def get_event(
    id: Annotated[str, id_path(EVENT_ID_PREFIX)], principal: Read, session: TenantSession
) -> EventOut:
    return event_out(await records.get_or_404(session, Event, id, label="event"))
