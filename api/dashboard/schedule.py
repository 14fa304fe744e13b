"""A creator's week in the dashboard: free slots, time off, and booking one session.

The free slots are ``GET /v1/creators/{id}/availability`` (``resource_availability``: working
hours, time off, bookings with their buffers, minimum notice), cut into sessions of the length
asked for and shown in the creator's time zone. Picking one opens the booking form, which is
``POST /v1/bookings``: validated with ``BookingCreate`` and stored by ``creation.book``, the
same service, so a clash is the API's 409 (the bookings in the way and the nearest free slots);
each suggested slot is a link that fills the form again with it. Time off is
``POST /v1/time-off`` and ``DELETE /v1/time-off/{id}``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.chains import start_chain_after_commit
from api.dashboard.forms import Errors, field_error, placed, posted, schema_errors
from api.dashboard.web import Current, DashboardRoute, PageContext, page
from api.schemas.bookings import BookingCreate
from api.schemas.time_off import TimeOffCreate, time_off_out
from domain import records
from domain.bookings import creation
from domain.dashboard.views import monday_of
from domain.dates import Day
from domain.errors import Conflict, DomainError
from domain.resources import availability, service
from domain.resources.models import Creator, TimeOff
from domain.roster import service as roster
from domain.scheduling.availability import Interval, zone

router = APIRouter(route_class=DashboardRoute, include_in_schema=False)
CREATOR_ID = r"^cre_[0-9a-hjkmnp-tv-z]{26}$"
TIME_OFF_ID = r"^off_[0-9a-hjkmnp-tv-z]{26}$"
CreatorId = Annotated[str, Path(pattern=CREATOR_ID)]
DURATIONS = (30, 60, 90, 120, 180, 240)
LOCAL = "%Y-%m-%dT%H:%M"
KEPT = ("artist_id", "client_id", "room_id", "title", "notes", "status")
OPTIONS = 100


def _local_text(value: str, tz: ZoneInfo) -> str:
    """An instant (ISO 8601 with an offset) as the creator's local ``datetime-local`` text;
    text without an offset is already local and kept as typed."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value[:40]
    return moment.astimezone(tz).strftime(LOCAL) if moment.tzinfo else value[:40]


def _instant(value: str, tz: ZoneInfo) -> str:
    """The creator's local time typed in the form, as the ISO instant the API takes (text
    that is not a time goes through unchanged, for the schema to name)."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    return (moment if moment.tzinfo else moment.replace(tzinfo=tz)).isoformat()


def cut_into_sessions(free: list[Interval], length: timedelta) -> list[Interval]:
    """Back-to-back sessions of ``length`` inside each free interval, from its start."""
    sessions = []
    for interval in free:
        start = interval.start
        while start + length <= interval.end:
            sessions.append(Interval(start, start + length))
            start += length
    return sessions


def _book_link(creator_id: str, slot: Interval | dict[str, str], kept: dict[str, str]) -> str:
    """The booking form's address for ``slot`` (a free session, or a suggested slot of the
    API's 409), with the fields already typed (``kept``)."""
    if isinstance(slot, Interval):
        query = {"start": slot.start.isoformat(), "end": slot.end.isoformat()}
    else:
        query = {"start": slot["start"], "end": slot["end"]}
    query.update({k: v for k, v in kept.items() if v})
    return f"/dashboard/creators/{creator_id}/book?{urlencode(query)}"


# --- availability and time off ---------------------------------------------------------------


async def _week_page(
    request: Request,
    ctx: PageContext,
    creator_id: str,
    *,
    week: date | None,
    minutes: int,
    status: int = 200,
    errors: Errors | None = None,
    values: dict[str, str] | None = None,
) -> HTMLResponse:
    now = datetime.now(UTC)
    async with ctx.tenant(request) as session:
        creator = await records.get_or_404(session, Creator, creator_id, label="creator")
        tz = zone(creator.timezone)
        monday = monday_of(week or now.astimezone(tz).date())
        start = datetime.combine(monday, datetime.min.time(), tzinfo=tz)
        end = datetime.combine(monday + timedelta(days=7), datetime.min.time(), tzinfo=tz)
        free = await availability.resource_availability(
            session, creator, start=start.astimezone(UTC), end=end.astimezone(UTC), now=now
        )
        time_off = await availability.list_time_off(
            session,
            organization_id=ctx.organization_id,
            creator_id=creator.id,
            limit=OPTIONS,
            starting_after=None,
        )
    days: dict[date, list[tuple[str, str]]] = {monday + timedelta(days=n): [] for n in range(7)}
    for slot in cut_into_sessions(free, timedelta(minutes=minutes)):
        local = slot.start.astimezone(tz)
        label = f"{local:%H:%M} to {slot.end.astimezone(tz):%H:%M}"
        days.setdefault(local.date(), []).append((label, _book_link(creator.id, slot, {})))
    return page(
        "availability.html",
        status=status,
        context=ctx,
        active="/dashboard/creators",
        title=f"{creator.name}: week of {monday:%d %b %Y}",
        creator=creator,
        monday=monday,
        days=sorted(days.items()),
        free_hours=sum((f.duration for f in free), timedelta()) / timedelta(hours=1),
        minutes=minutes,
        durations=DURATIONS,
        previous=monday - timedelta(days=7),
        following=monday + timedelta(days=7),
        time_off=[
            (entry.id, out.start.astimezone(tz), out.end.astimezone(tz), out.reason)
            for entry in time_off.items
            for out in [time_off_out(entry)]
        ],
        can_book=ctx.principal.can("bookings:write"),
        can_write=ctx.principal.can("creators:write"),
        errors=placed(errors or {}, {"start", "end", "reason"}),
        values=values or {},
        notice=request.query_params.get("done", ""),
    )


@router.get("/dashboard/creators/{id}/availability")
async def creator_week(
    request: Request,
    ctx: Current,
    id: CreatorId,
    week: Annotated[Day | None, Query(description="any day of the week to show")] = None,
    minutes: Annotated[int, Query(ge=15, le=720)] = 60,
) -> HTMLResponse:
    ctx.require("creators:read")
    return await _week_page(request, ctx, id, week=week, minutes=minutes)


@router.post("/dashboard/creators/{id}/time-off")
async def time_off_add(request: Request, ctx: Current, id: CreatorId) -> Response:
    form = await posted(request, ctx, "creators:write")
    values = {k: str(form.get(k, ""))[:200] for k in ("start", "end", "reason")}
    async with ctx.tenant(request) as session:
        creator = await records.get_or_404(session, Creator, id, label="creator")
    tz = zone(creator.timezone)
    body, errors = schema_errors(
        TimeOffCreate,
        {
            "creator_id": id,
            "start": _instant(values["start"], tz),
            "end": _instant(values["end"], tz),
            "reason": values["reason"],
        },
    )
    status = 422
    if body is not None:
        try:
            async with ctx.tenant(request) as session:
                await availability.add_time_off(
                    session,
                    organization_id=ctx.organization_id,
                    creator_id=id,
                    room_id=None,
                    start=body.start,
                    end=body.end,
                    reason=body.reason,
                    actor=ctx.actor(request),
                )
        except DomainError as exc:
            status, errors = field_error(exc)
    week = _week_of(values["start"])
    if errors:
        return await _week_page(
            request, ctx, id, week=week, minutes=60, status=status, errors=errors, values=values
        )
    return _to_week(id, week, "time-off-added")


def _week_of(local: str) -> date | None:
    try:
        return datetime.fromisoformat(local).date()
    except ValueError:
        return None


def _to_week(creator_id: str, week: date | None, notice: str) -> RedirectResponse:
    query = urlencode({"done": notice, **({"week": week.isoformat()} if week else {})})
    return RedirectResponse(
        f"/dashboard/creators/{creator_id}/availability?{query}", status_code=303
    )


@router.post("/dashboard/time-off/{id}/delete")
async def time_off_delete(
    request: Request, ctx: Current, id: Annotated[str, Path(pattern=TIME_OFF_ID)]
) -> Response:
    await posted(request, ctx, "creators:write")
    async with ctx.tenant(request) as session:
        entry = await records.get_or_404(session, TimeOff, id, label="time off")
        owner = entry.creator_id
        week = entry.period.lower.date() if entry.period.lower else None
        await records.delete(
            session, entry, actor=ctx.actor(request), kind="time_off", in_use_message="in use"
        )
    if owner is None:
        return RedirectResponse("/dashboard/rooms", status_code=303)
    return _to_week(owner, week, "time-off-removed")


# --- one booking ------------------------------------------------------------------------------


async def _booking_page(
    request: Request,
    ctx: PageContext,
    creator_id: str,
    values: dict[str, str],
    *,
    status: int = 200,
    errors: Errors | None = None,
    clash: Conflict | None = None,
) -> HTMLResponse:
    async with ctx.tenant(request) as session:
        creator = await records.get_or_404(session, Creator, creator_id, label="creator")
        org = ctx.organization_id
        artists = (
            await roster.list_artists(
                session,
                request.app.state.sealing,
                organization_id=org,
                limit=OPTIONS,
                starting_after=None,
                status="active",
                genre=None,
                q=None,
            )
            if ctx.principal.can("artists:read")
            else None
        )
        clients = await service.list_clients(
            session,
            request.app.state.sealing,
            organization_id=org,
            limit=OPTIONS,
            starting_after=None,
        )
        rooms = await service.list_rooms(
            session, organization_id=org, limit=OPTIONS, starting_after=None
        )
    tz = zone(creator.timezone)
    kept = {k: values.get(k, "") for k in KEPT}
    in_the_way = clash.extra.get("conflicting_bookings", []) if clash else []
    suggested = clash.extra.get("suggested_slots", []) if clash else []
    return page(
        "booking_form.html",
        status=status,
        context=ctx,
        active="/dashboard/creators",
        title=f"Book {creator.name}",
        creator=creator,
        values=values,
        errors=placed(errors or {}, {*KEPT, "start", "end"}),
        artists=[(a.id, a.name) for a in artists.items] if artists else [],
        clients=[(c.id, c.name) for c in clients.items],
        rooms=[(r.id, r.name) for r in rooms.items if r.status == "active"],
        clash=clash,
        in_the_way=[
            {
                **b,
                "start": _local_text(b["start"] or "", tz).replace("T", " "),
                "end": _local_text(b["end"] or "", tz).replace("T", " "),
            }
            for b in in_the_way
        ],
        suggested=[
            (
                f"{_local_text(s['start'], tz).replace('T', ' ')} to "
                f"{_local_text(s['end'], tz)[-5:]}",
                _book_link(creator.id, s, kept),
            )
            for s in suggested
        ],
    )


@router.get("/dashboard/creators/{id}/book")
async def booking_form(
    request: Request,
    ctx: Current,
    id: CreatorId,
    start: Annotated[str, Query(max_length=40)] = "",
    end: Annotated[str, Query(max_length=40)] = "",
) -> HTMLResponse:
    """The form, filled from a picked slot (``start``/``end`` as instants) and any kept
    fields (``artist_id``, ``title``…) a suggested slot's link carries."""
    ctx.require("creators:read")
    ctx.require("bookings:write")
    async with ctx.tenant(request) as session:
        creator = await records.get_or_404(session, Creator, id, label="creator")
    tz = zone(creator.timezone)
    values = {k: str(request.query_params.get(k, ""))[:200] for k in KEPT}
    values.update(start=_local_text(start, tz), end=_local_text(end, tz))
    values["status"] = values["status"] or "held"
    return await _booking_page(request, ctx, id, values)


@router.post("/dashboard/creators/{id}/book")
async def booking_create(request: Request, ctx: Current, id: CreatorId) -> Response:
    form = await posted(request, ctx, "bookings:write")
    ctx.require("creators:read")
    values = {k: str(form.get(k, ""))[:5000] for k in (*KEPT, "start", "end")}
    async with ctx.tenant(request) as session:
        creator = await records.get_or_404(session, Creator, id, label="creator")
    tz = zone(creator.timezone)
    data: dict[str, Any] = {
        "creator_id": id,
        "start": _instant(values["start"], tz),
        "end": _instant(values["end"], tz),
        "title": values["title"],
        "notes": values["notes"],
        "status": values["status"] or "held",
    }
    data.update({k: values[k] for k in ("artist_id", "client_id", "room_id") if values[k]})
    body, errors = schema_errors(BookingCreate, data)
    status, clash = 422, None
    if body is not None:
        try:
            async with ctx.tenant(request) as session:
                created = await creation.book(
                    session,
                    organization_id=ctx.organization_id,
                    data=body,
                    actor=ctx.actor(request),
                    now=datetime.now(UTC),
                )
                booked = created.booking.status  # read before the commit below expires it
                if created.chain is not None:
                    # As POST /v1/bookings: committed, then the approval chain started.
                    await start_chain_after_commit(session, request.app.state, created.chain)
        except DomainError as exc:
            if isinstance(exc, Conflict) and exc.code == "booking_conflict":
                clash = exc  # the bookings in the way and the suggested slots, as the API's
            status, errors = field_error(exc)
    if errors:
        return await _booking_page(
            request, ctx, id, values, status=status, errors=errors, clash=clash
        )
    return _to_week(id, body.start.astimezone(tz).date(), booked)
