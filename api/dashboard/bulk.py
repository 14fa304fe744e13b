"""Bulk booking on a calendar: pick sessions on a week or month grid (or describe open
requests, or upload a CSV), see the dry-run plan on the calendar with each clash, the bookings
in its way and the nearest free slots, move a clash to a suggestion, confirm, and follow the
saga's progress.

Every step takes the API's path (``/v1/bulk-bookings``): the sessions are the API's
``SessionRequest`` models, checked by ``validate_requests``, planned by ``plan_sessions`` and
explained by ``explain_fixed_clashes``; a confirmation is ``create_batch`` (which audits it)
followed by the API's own workflow start. The plan travels in the page as the API's JSON, so a
re-plan or a confirmation is checked again from scratch; its idempotency key is derived from
the sessions, so two managers confirming the same plan make one batch.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import FormData

from api.dashboard import bulk_forms as forms
from api.dashboard.web import Current, DashboardRoute, PageContext, check_csrf, page
from api.routes.bulk_bookings import start_batch
from domain.bulk import batches as service
from domain.bulk.clashes import explain_fixed_clashes
from domain.dashboard import planner, views
from domain.errors import InvalidRequest, NotFound
from domain.scheduling import planning, validation
from domain.scheduling.requests import SessionRequest

router = APIRouter(route_class=DashboardRoute, include_in_schema=False)
BATCH_ID = r"^bulk_[0-9a-hjkmnp-tv-z]{26}$"


def _monday(value: date | None) -> date:
    return views.monday_of(value or datetime.now(UTC).date())


def _shown_for(form: FormData) -> tuple[date, int]:
    """The calendar a refused form comes back on: the one it was sent from, moved to show the
    hours it picked."""
    try:
        first = _monday(date.fromisoformat(forms.text(form, "first", 10)))
    except ValueError:
        first = _monday(None)
    days = 28 if forms.text(form, "days", 3) == "28" else 7
    picked = sorted(s[:10] for s in form.getlist("slot") if isinstance(s, str))
    try:
        earliest, latest = date.fromisoformat(picked[0]), date.fromisoformat(picked[-1])
    except (IndexError, ValueError):
        return first, days
    if not first <= earliest <= latest < first + timedelta(days=days):
        first = _monday(earliest)
        days = 7 if latest < first + timedelta(days=7) else 28
    return first, days


async def _calendar(
    session: AsyncSession,
    ctx: PageContext,
    shown: list[date],
    placed: list[planner.Placed] | None = None,
) -> tuple[list[int], list[planner.Day]]:
    """The grid of ``shown`` days with the bookings already on them (and a plan's sessions)."""
    bookings = await views.bookings_between(
        session,
        ctx.organization_id,
        datetime.combine(shown[0], time(), UTC),
        datetime.combine(shown[-1] + timedelta(days=1), time(), UTC),
    )
    return planner.calendar(shown, bookings, placed or [])


async def _picker(
    request: Request,
    ctx: PageContext,
    *,
    first: date,
    days: int,
    status: int = 200,
    errors: forms.Errors | None = None,
    values: dict[str, Any] | None = None,
) -> HTMLResponse:
    """The planner: the calendar to pick sessions on, and the other two ways in."""
    shown = planner.days_from(first, days)
    async with ctx.tenant(request) as session:
        creators, rooms = await planner.bookable_choices(session, ctx.organization_id)
        hours, grid = await _calendar(session, ctx, shown)
    kept = values or {}
    return page(
        "bulk.html",
        status=status,
        context=ctx,
        active="/dashboard/bulk",
        title="Bulk booking",
        plan=None,
        hours=hours,
        grid=grid,
        first=first,
        days=len(shown),
        previous=first - timedelta(days=len(shown)),
        following=first + timedelta(days=len(shown)),
        creators=creators,
        rooms=rooms,
        errors=errors or {},
        values=kept,
        picked=set(kept.get("slot", [])),
    )


async def _plan_page(
    request: Request, ctx: PageContext, sessions: list[SessionRequest], title: str
) -> HTMLResponse:
    """The dry run of ``sessions`` on the calendar (nothing is held)."""
    now = datetime.now(UTC)
    async with ctx.tenant(request) as session:
        await validation.validate_requests(session, sessions, now=now, max_items=forms.MAX_SESSIONS)
        plan = await planning.plan_sessions(session, sessions, now=now)
        plan = await explain_fixed_clashes(session, sessions, plan, now=now)
        creators, _rooms = await planner.bookable_choices(session, ctx.organization_id)
        placed = planner.placed_sessions(sessions, plan, dict(creators))
        first = min((p.start.date() for p in placed), default=now.date())
        last = max((p.end.date() for p in placed), default=first)
        shown = planner.days_from(first, (last - first).days + 1)
        hours, grid = await _calendar(session, ctx, shown, placed)
    clashes = [p for p in placed if not p.placed]
    unplaced = [i for i in plan.items if not i.placed and i.index not in {c.index for c in clashes}]
    return page(
        "bulk.html",
        context=ctx,
        active="/dashboard/bulk",
        title="Bulk booking: plan",
        plan=plan,
        placed_count=sum(1 for i in plan.items if i.placed),
        hours=hours,
        grid=grid,
        clashes=clashes,
        suggestions={c.index: (c.reason or {}).get("suggested_slots") or [] for c in clashes},
        unplaced=unplaced,
        requests=sessions,
        sessions_json=json.dumps(
            [s.model_dump(mode="json", exclude_defaults=True) for s in sessions],
            separators=(",", ":"),
        ),
        batch_title=title,
        errors={},
        values={},
    )


def _form_values(form: FormData) -> dict[str, Any]:
    kept: dict[str, Any] = {
        k: v[:200] for k, v in form.multi_items() if isinstance(v, str) and k != "slot"
    }
    kept.pop("csrf_token", None)
    kept.pop("sessions", None)
    kept["slot"] = [s for s in form.getlist("slot") if isinstance(s, str)]
    return kept


@router.get("/dashboard/bulk")
async def planner_page(
    request: Request,
    ctx: Current,
    start: Annotated[date | None, Query(description="first day shown")] = None,
    view: Annotated[str, Query(pattern=r"^(week|month)$")] = "week",
) -> HTMLResponse:
    ctx.require_module("calendar")
    ctx.require("bookings:write")
    return await _picker(request, ctx, first=_monday(start), days=28 if view == "month" else 7)


@router.post("/dashboard/bulk/plan")
async def plan(request: Request, ctx: Current) -> Response:
    """Plan from the calendar, the open-request form, a CSV, or the plan carried by the page
    with one clash moved to a suggested slot."""
    form = await request.form(max_files=1, max_fields=forms.MAX_SESSIONS + 50)
    check_csrf(request, ctx.csrf_token, forms.text(form, "csrf_token", 100))
    ctx.require_module("calendar")
    ctx.require("bookings:write")
    source = forms.text(form, "source", 20)
    values = _form_values(form)
    first, days = _shown_for(form)
    fields = forms.OPEN_FIELDS if source == "open" else forms.CALENDAR_FIELDS
    try:
        if source == "open":
            sessions = forms.open_sessions(form)
        elif source == "csv":
            sessions = await forms.csv_sessions(form)
        elif source == "replan":
            sessions = forms.moved(forms.carried(form), forms.text(form, "move", 80))
        else:
            sessions = forms.calendar_sessions(form)
        title = (
            forms.text(form, "batch_title")
            or forms.text(form, "title")
            or forms.text(form, "open_title")
        )
        return await _plan_page(request, ctx, sessions, title)
    except forms.FormRefused as exc:
        errors = exc.errors
    except InvalidRequest as exc:
        errors = forms.refusal_errors(exc, fields if source != "csv" else {"sessions": "file"})
        if source == "csv":
            errors = {"file": next(iter(errors.values()))}
    return await _picker(
        request, ctx, first=first, days=days, status=422, errors=errors, values=values
    )


@router.post("/dashboard/bulk")
async def confirm(request: Request, ctx: Current) -> Response:
    """Confirm a plan: one batch per plan (its key), its saga started as the API starts it."""
    form = await request.form(max_files=0, max_fields=50)
    check_csrf(request, ctx.csrf_token, forms.text(form, "csrf_token", 100))
    ctx.require_module("calendar")
    ctx.require("bookings:write")
    try:
        sessions = forms.carried(form)
        options = service.BatchOptions(
            mode="best_effort" if form.get("mode") == "best_effort" else "all_or_nothing",
            title=forms.text(form, "batch_title"),
        )
    except (forms.FormRefused, ValidationError):
        raise InvalidRequest("the plan on this page is not valid; plan again") from None
    key = planner.plan_key(sessions)
    now = datetime.now(UTC)
    try:
        async with ctx.tenant(request) as session:
            try:
                await validation.validate_requests(
                    session, sessions, now=now, max_items=forms.MAX_SESSIONS
                )
            except InvalidRequest as exc:
                # The world moved since the plan was made (a start passed, a creator left).
                refused = forms.refusal_errors(exc, {})
                return await _picker(
                    request,
                    ctx,
                    first=_monday(sessions[0].start.date() if sessions[0].start else None),
                    days=7,
                    status=422,
                    errors={"form": f"{refused['form']}; plan again"},
                )
            batch, created = await service.create_batch(
                session,
                organization_id=ctx.organization_id,
                options=options,
                sessions=sessions,
                actor=ctx.actor(request),
                idempotency_key=key,
            )
            batch_id = batch.id
    except IntegrityError:
        # Another manager confirmed the same plan at the same instant: theirs is the batch.
        async with ctx.tenant(request) as session:
            existing = await service.find_by_idempotency_key(
                session, organization_id=ctx.organization_id, key=key
            )
        if existing is None:
            raise
        batch_id, created = existing.id, False
    if not created:
        return RedirectResponse(f"/dashboard/bulk/{batch_id}?done=already", status_code=303)
    await start_batch(request.app.state, ctx.organization_id, batch_id)
    return RedirectResponse(f"/dashboard/bulk/{batch_id}", status_code=303)


async def _progress(request: Request, ctx: PageContext, batch_id: str) -> dict[str, Any]:
    ctx.require_module("calendar")
    ctx.require("bookings:read")
    async with ctx.tenant(request) as session:
        batch = await service.get_batch(session, batch_id)
        if batch.organization_id != ctx.organization_id:
            raise NotFound("bulk booking not found")
        items = await service.list_items(
            session, batch, limit=forms.MAX_SESSIONS, starting_after=None, status=None
        )
        creators, _rooms = await planner.bookable_choices(session, ctx.organization_id)
    return {
        "batch": batch,
        "progress": planner.progress_of(batch),
        "items": items.items,
        "more": items.has_more,
        "creators": dict(creators),
    }


@router.get("/dashboard/bulk/{id}")
async def batch_page(
    request: Request, ctx: Current, id: Annotated[str, Path(pattern=BATCH_ID)]
) -> HTMLResponse:
    data = await _progress(request, ctx, id)
    return page(
        "bulk_progress.html",
        context=ctx,
        active="/dashboard/bulk",
        title=data["batch"].title or "Bulk booking",
        notice=request.query_params.get("done", ""),
        fate=planner.item_fate,
        when=planner.when,
        **data,
    )


@router.get("/dashboard/bulk/{id}/progress")
async def batch_progress(
    request: Request, ctx: Current, id: Annotated[str, Path(pattern=BATCH_ID)]
) -> JSONResponse:
    """The progress page's figures, polled by its script."""
    data = await _progress(request, ctx, id)
    progress: planner.BatchProgress = data["progress"]
    return JSONResponse(
        {
            "status": progress.status,
            "final": progress.final,
            "percent": progress.percent,
            "summary": progress.summary,
            "phases": [{"key": p.key, "state": p.state} for p in progress.phases],
            "items": [
                {
                    "index": i.index,
                    "status": i.status,
                    "fate": planner.item_fate(i),
                    "when": planner.when(i.start),
                    "creator": data["creators"].get(i.creator_id or "", ""),
                }
                for i in data["items"]
            ],
        }
    )
