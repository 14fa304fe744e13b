"""Creators: the bookable people, their search, availability and time off."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response, status
from pydantic import ValidationError

from api.deps import ActorDep, CanReadCreators, CanWriteCreators, SealingDep, TenantSession
from api.loaders import CreatorDep
from api.schemas import Limit, ListResponse, StartingAfter
from api.schemas.bookable import AvailabilityOut, Slot
from api.schemas.creators import CreatorCreate, CreatorOut, CreatorUpdate, creator_out
from domain import records
from domain.dates import Timestamp
from domain.errors import InvalidRequest
from domain.resources import availability, service
from domain.resources import search as creator_search

router = APIRouter(prefix="/v1/creators", tags=["creators"])


@router.get("", summary="Search creators")
async def list_creators(
    principal: CanReadCreators,
    session: TenantSession,
    sealing: SealingDep,
    limit: Limit = 20,
    starting_after: StartingAfter = None,
    q: Annotated[
        str | None, Query(max_length=200, description="Full-text search of name and bio")
    ] = None,
    skill: Annotated[str | None, Query(max_length=60)] = None,
    min_level: Annotated[int | None, Query(ge=1, le=5)] = None,
    role: Annotated[str | None, Query(max_length=60)] = None,
    status_: Annotated[Literal["active", "inactive"] | None, Query(alias="status")] = None,
    utc_offset_min: Annotated[float | None, Query(ge=-12, le=14, description="Hours, now")] = None,
    utc_offset_max: Annotated[float | None, Query(ge=-12, le=14)] = None,
    max_rate: Annotated[Decimal | None, Query(ge=0, description="Hourly, in `currency`")] = None,
    currency: Annotated[str | None, Query(min_length=3, max_length=3)] = None,
    near_lat: Annotated[float | None, Query(ge=-90, le=90)] = None,
    near_lon: Annotated[float | None, Query(ge=-180, le=180)] = None,
    radius_km: Annotated[float | None, Query(gt=0, le=20000)] = None,
    free_from: Annotated[Timestamp | None, Query()] = None,
    free_to: Annotated[Timestamp | None, Query()] = None,
) -> ListResponse[CreatorOut]:
    try:
        search = creator_search.CreatorSearch(
            q=q,
            skill=skill,
            min_level=min_level,
            role=role,
            status=status_,
            utc_offset_min=utc_offset_min,
            utc_offset_max=utc_offset_max,
            max_rate=max_rate,
            currency=currency,
            near_lat=near_lat,
            near_lon=near_lon,
            radius_km=radius_km,
            free_from=free_from,
            free_to=free_to,
        )
    except ValidationError as exc:
        raise InvalidRequest(
            str(exc.errors()[0]["msg"]).removeprefix("Value error, "), param="query"
        ) from None
    page = await creator_search.search_creators(
        session,
        sealing,
        organization_id=principal.organization_id,
        search=search,
        limit=limit,
        starting_after=starting_after,
    )
    return ListResponse(data=[creator_out(c) for c in page.items], has_more=page.has_more)


@router.post("", status_code=status.HTTP_201_CREATED, summary="Add a creator")
async def create_creator(
    body: CreatorCreate,
    principal: CanWriteCreators,
    session: TenantSession,
    sealing: SealingDep,
    actor: ActorDep,
) -> CreatorOut:
    creator = await service.create_creator(
        session, sealing, organization_id=principal.organization_id, data=body, actor=actor
    )
    return creator_out(creator)


@router.get("/{id}", summary="A creator")
async def get_creator(
    principal: CanReadCreators,
    creator: CreatorDep,
) -> CreatorOut:
    return creator_out(creator)


@router.patch("/{id}", summary="Change a creator")
async def update_creator(
    body: CreatorUpdate,
    principal: CanWriteCreators,
    creator: CreatorDep,
    session: TenantSession,
    sealing: SealingDep,
    actor: ActorDep,
) -> CreatorOut:
    updated = await service.update_creator(
        session, sealing, creator, body.model_dump(exclude_unset=True), actor=actor
    )
    return creator_out(updated)


@router.delete(
    "/{id}", status_code=status.HTTP_204_NO_CONTENT, summary="Remove a creator without bookings"
)
async def delete_creator(
    principal: CanWriteCreators,
    creator: CreatorDep,
    session: TenantSession,
    actor: ActorDep,
) -> Response:
    await records.delete(
        session,
        creator,
        actor=actor,
        kind="creator",
        in_use_message="the creator has bookings; set status to 'inactive'",
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/{id}/availability", summary="Free intervals of a creator")
async def creator_availability(
    principal: CanReadCreators,
    creator: CreatorDep,
    session: TenantSession,
    start: Annotated[Timestamp, Query(alias="from")],
    end: Annotated[Timestamp, Query(alias="to")],
) -> AvailabilityOut:
    free = await availability.resource_availability(
        session, creator, start=start, end=end, now=datetime.now(UTC)
    )
    return AvailabilityOut(
        resource_id=creator.id,
        timezone=creator.timezone,
        start=start,
        end=end,
        buffer_before_minutes=creator.buffer_before_minutes,
        buffer_after_minutes=creator.buffer_after_minutes,
        free=[Slot(start=f.start, end=f.end) for f in free],
    )
