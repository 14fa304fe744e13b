"""Events: what happened in the organization, as webhook receivers get it; and the catalog."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import CanReadWebhooks, SealingDep, TenantSession
from api.loaders import EventDep
from api.schemas import Limit, ListResponse, StartingAfter
from api.schemas.events import EventOut, EventTypeOut, event_out
from domain.events import service as events
from domain.events.service import CATALOG

router = APIRouter(tags=["webhooks"])


@router.get("/v1/event-types", summary="The event catalog, with an example payload of each")
async def list_event_types(principal: CanReadWebhooks) -> ListResponse[EventTypeOut]:
    return ListResponse(
        data=[
            EventTypeOut(type=t, description=description, example=example)
            for t, (description, example) in CATALOG.items()
        ],
        has_more=False,
    )


@router.get("/v1/events", summary="List events, newest first")
async def list_events(
    principal: CanReadWebhooks,
    session: TenantSession,
    sealing: SealingDep,
    limit: Limit = 20,
    starting_after: StartingAfter = None,
    type: Annotated[str | None, Query(max_length=80, description="Only this event type")] = None,
) -> ListResponse[EventOut]:
    page = await events.list_events(
        session,
        organization_id=principal.organization_id,
        type=type,
        limit=limit,
        starting_after=starting_after,
    )
    await events.open_events(session, sealing, page.items)
    return ListResponse(data=[event_out(e) for e in page.items], has_more=page.has_more)


@router.get("/v1/events/{id}", summary="An event")
async def get_event(principal: CanReadWebhooks, event: EventDep) -> EventOut:
    return event_out(event)
