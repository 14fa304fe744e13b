"""Calendar feeds: secret iCalendar URLs for calendar apps."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Request, Response, status
from pydantic import BaseModel, Field
from sqlalchemy import select

from api.deps import ActorDep, Authorize, SessionmakerDep, SettingsDep, TenantSession
from api.schemas import ID_PATTERN, Limit, ListResponse, RequestBody, StartingAfter, id_path
from domain import records
from domain.bookings import calendar_feeds as calendars
from domain.bookings.models import CalendarFeed
from domain.pagination import paginate
from domain.tenancy.access import Principal

router = APIRouter(prefix="/v1/calendar-feeds", tags=["creators"])
public = APIRouter(tags=["creators"])


class FeedOut(BaseModel):
    object: Literal["calendar_feed"] = "calendar_feed"
    id: str
    creator_id: str | None
    created_at: datetime
    revoked_at: datetime | None


class FeedCreated(FeedOut):
    url: str = Field(description="The secret feed URL. Shown once; subscribe to it now.")


class FeedCreate(RequestBody):
    creator_id: str | None = Field(
        default=None, pattern=ID_PATTERN, description="Omit for the whole organization's bookings"
    )


def _base_url(request: Request, configured: str) -> str:
    return (configured or str(request.base_url)).rstrip("/")


@router.get("", summary="List calendar feeds (never their URLs)")
async def list_feeds(
    principal: Annotated[Principal, Depends(Authorize("bookings:read"))],
    session: TenantSession,
    limit: Limit = 20,
    starting_after: StartingAfter = None,
) -> ListResponse[FeedOut]:
    stmt = select(CalendarFeed).where(CalendarFeed.organization_id == principal.organization_id)
    page = await paginate(
        session, stmt, CalendarFeed.id, limit=limit, starting_after=starting_after
    )
    return ListResponse(
        data=[FeedOut.model_validate(f, from_attributes=True) for f in page.items],
        has_more=page.has_more,
    )


@router.post("", status_code=status.HTTP_201_CREATED, summary="Create a secret calendar feed")
async def create_feed(
    body: FeedCreate,
    request: Request,
    settings: SettingsDep,
    principal: Annotated[Principal, Depends(Authorize("bookings:read"))],
    session: TenantSession,
    actor: ActorDep,
) -> FeedCreated:
    feed, token = await calendars.create_feed(
        session, organization_id=principal.organization_id, creator_id=body.creator_id, actor=actor
    )
    url = f"{_base_url(request, settings.public_base_url)}/calendars/{token}.ics"
    return FeedCreated(**FeedOut.model_validate(feed, from_attributes=True).model_dump(), url=url)


@router.post("/{id}/revoke", summary="Revoke a calendar feed")
async def revoke_feed(
    id: Annotated[str, id_path("cal")],
    principal: Annotated[Principal, Depends(Authorize("bookings:read"))],
    session: TenantSession,
    actor: ActorDep,
) -> FeedOut:
    feed = await records.get_or_404(session, CalendarFeed, id, label="calendar feed")
    if feed.revoked_at is None:
        await records.update(
            session, feed, {"revoked_at": datetime.now(UTC)}, actor=actor, kind="calendar_feed"
        )
    return FeedOut.model_validate(feed, from_attributes=True)


@public.get(
    "/calendars/{token}.ics",
    summary="An iCalendar feed (the URL is the secret)",
    response_class=Response,
    responses={200: {"content": {"text/calendar": {}}}, 404: {}},
)
async def calendar_feed(token: str, sessionmaker: SessionmakerDep) -> Response:
    rendered = await calendars.render_feed(sessionmaker, token)
    return Response(
        rendered.body,
        media_type="text/calendar; charset=utf-8",
        headers={
            "Cache-Control": "private, max-age=300",
            "Content-Disposition": 'inline; filename="bookings.ics"',
        },
    )
