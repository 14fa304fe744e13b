"""Calendar feeds: secret iCalendar URLs for calendar apps."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter, Request, Response, status

from api.deps import (
    ActorDep,
    CanReadBookings,
    CanWriteCalendarFeeds,
    SessionmakerDep,
    SettingsDep,
    TenantSession,
)
from api.loaders import CalendarFeedDep
from api.schemas import Limit, ListResponse, StartingAfter
from api.schemas.calendars import FeedCreate, FeedCreated, FeedOut
from domain import records
from domain.bookings import calendar_feeds as calendars

router = APIRouter(prefix="/v1/calendar-feeds", tags=["creators"])
public = APIRouter(tags=["creators"])


def _base_url(request: Request, configured: str) -> str:
    return (configured or str(request.base_url)).rstrip("/")


@router.get("", summary="List calendar feeds (never their URLs)")
async def list_feeds(
    principal: CanReadBookings,
    session: TenantSession,
    limit: Limit = 20,
    starting_after: StartingAfter = None,
) -> ListResponse[FeedOut]:
    page = await calendars.list_feeds(
        session,
        organization_id=principal.organization_id,
        limit=limit,
        starting_after=starting_after,
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
    principal: CanWriteCalendarFeeds,
    session: TenantSession,
    actor: ActorDep,
) -> FeedCreated:
    feed, token = await calendars.create_feed(
        session,
        organization_id=principal.organization_id,
        creator_id=body.creator_id,
        api_key_id=principal.actor_id if principal.actor_type == "api_key" else None,
        granted_by=principal.permissions,
        actor=actor,
    )
    url = f"{_base_url(request, settings.public_base_url)}/calendars/{token}.ics"
    return FeedCreated(**FeedOut.model_validate(feed, from_attributes=True).model_dump(), url=url)


@router.post("/{id}/revoke", summary="Revoke a calendar feed")
async def revoke_feed(
    principal: CanWriteCalendarFeeds,
    feed: CalendarFeedDep,
    session: TenantSession,
    actor: ActorDep,
) -> FeedOut:
    if feed.revoked_at is None:
        await records.update(
            session, feed, {"revoked_at": datetime.now(UTC)}, actor=actor, kind="calendar_feed"
        )
    return FeedOut.model_validate(feed, from_attributes=True)


@public.get(
    "/calendars/{token}.ics",
    summary="An iCalendar feed (the URL is the secret)",
    response_class=Response,
    responses={200: {"content": {"text/calendar": {"schema": {"type": "string"}}}}, 404: {}},
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
