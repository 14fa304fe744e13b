"""The dashboard's read-only pages: roster, artist, spend and revenue, calendar, progress of
projects and bulk bookings, and the audit log.

Each page checks the same permission the matching API route checks, and reads through the
member's tenant session, so another organization's row is simply not found (404).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.dashboard.charts import BarChart, monthly_chart
from api.dashboard.web import Current, DashboardRoute, page
from api.routes.bookable import money
from core.db import tenant_session
from domain import dashboard_views as views
from domain import records
from domain.scheduling_models import Artist

router = APIRouter(route_class=DashboardRoute, include_in_schema=False)
ID = r"^[a-z]{2,5}_[0-9a-hjkmnp-tv-z]{26}$"
CHART_MONTHS = 12


def _session(request: Request, ctx: Current) -> Any:
    return tenant_session(request.app.state.sessionmaker, [ctx.organization_id])


def _spend_text(spend: dict[str, int]) -> str:
    return ", ".join(f"{money(v, c)} {c}" for c, v in spend.items()) or "—"


@router.get("/dashboard")
async def home(ctx: Current) -> Response:
    return RedirectResponse(ctx.landing(), status_code=303)


@router.get("/dashboard/account")
async def account(ctx: Current) -> HTMLResponse:
    return page("account.html", context=ctx, title="Your account")


@router.get("/dashboard/roster")
async def roster(
    request: Request,
    ctx: Current,
    q: Annotated[str | None, Query(max_length=100)] = None,
    sort: views.RosterSort = "name",
    dir: Literal["asc", "desc"] = "asc",
    page_number: Annotated[int, Query(alias="page", ge=1, le=10_000)] = 1,
) -> HTMLResponse:
    ctx.require_module("roster")
    ctx.require("artists:read")
    async with _session(request, ctx) as session:
        rows, more = await views.roster(
            session,
            organization_id=ctx.organization_id,
            q=q,
            sort=sort,
            descending=dir == "desc",
            page=page_number,
        )
    return page(
        "roster.html",
        context=ctx,
        active="/dashboard/roster",
        title="Roster",
        rows=[(r, _spend_text(r.spend)) for r in rows],
        q=q or "",
        sort=sort,
        dir=dir,
        page_number=page_number,
        more=more,
        columns=[
            ("name", "Artist"),
            ("status", "Status"),
            ("sessions", "Sessions"),
            ("completed", "Completed"),
            ("next_session", "Next session"),
            ("contract_end", "Contract ends"),
        ],
    )


@router.get("/dashboard/artists/{id}")
async def artist(
    request: Request, ctx: Current, id: Annotated[str, Path(pattern=ID)]
) -> HTMLResponse:
    ctx.require_module("roster")
    ctx.require("artists:read")
    async with _session(request, ctx) as session:
        record = await records.get_or_404(session, Artist, id, label="artist")
        figures, bookings = await views.artist_summary(session, ctx.organization_id, id)
        spend = await views.monthly_spend(
            session,
            ctx.organization_id,
            months=CHART_MONTHS,
            today=datetime.now(UTC).date(),
            artist_id=id,
        )
        revenue = await views.monthly_revenue(
            session,
            ctx.organization_id,
            months=CHART_MONTHS,
            today=datetime.now(UTC).date(),
            artist_id=id,
        )
    show_bookings = ctx.principal.can("bookings:read")
    return page(
        "artist.html",
        context=ctx,
        active="/dashboard/roster",
        title=record.name,
        artist=record,
        figures=figures,
        spend_text=_spend_text(figures.spend) if figures else "—",
        bookings=[(b, name, money(b.price_minor, b.currency)) for b, name in bookings]
        if show_bookings
        else [],
        charts=_charts("artist-spend", f"Spend on {record.name}", spend)
        + _charts("artist-revenue", f"Revenue of {record.name}", revenue),
    )


def _charts(prefix: str, title: str, series: dict[str, list[tuple[date, int]]]) -> list[BarChart]:
    return [
        monthly_chart(
            f"{prefix}-{currency.lower()}", f"{title} per month ({currency})", currency, s
        )
        for currency, s in series.items()
    ]


@router.get("/dashboard/overview")
async def overview(request: Request, ctx: Current) -> HTMLResponse:
    ctx.require_module("analytics")
    ctx.require("analytics:read")
    today = datetime.now(UTC).date()
    async with _session(request, ctx) as session:
        spend = await views.monthly_spend(
            session, ctx.organization_id, months=CHART_MONTHS, today=today
        )
        revenue = await views.monthly_revenue(
            session, ctx.organization_id, months=CHART_MONTHS, today=today
        )
    return page(
        "overview.html",
        context=ctx,
        active="/dashboard/overview",
        title="Spend & revenue",
        spend_charts=_charts("spend", "Booked spend", spend),
        revenue_charts=_charts("revenue", "Revenue", revenue),
    )


@router.get("/dashboard/calendar")
async def calendar(
    request: Request,
    ctx: Current,
    week: Annotated[date | None, Query(description="any day of the week to show")] = None,
) -> HTMLResponse:
    ctx.require_module("calendar")
    ctx.require("bookings:read")
    monday = views.monday_of(week or datetime.now(UTC).date())
    async with _session(request, ctx) as session:
        bookings = await views.week_of_bookings(session, ctx.organization_id, monday)
    days: list[tuple[date, list[dict[str, Any]]]] = []
    for offset in range(7):
        day = monday + timedelta(days=offset)
        start = datetime.combine(day, datetime.min.time(), tzinfo=UTC)
        end = start + timedelta(days=1)
        items = []
        for booking, creator, artist_name in bookings:
            lower, upper = booking.period.lower, booking.period.upper
            if lower is None or upper is None or upper <= start or lower >= end:
                continue
            top = max(lower, start) - start
            bottom = min(upper, end) - start
            items.append(
                {
                    "booking": booking,
                    "creator": creator,
                    "artist": artist_name,
                    "top": round(top / timedelta(days=1) * 100, 2),
                    "height": max(2.0, round((bottom - top) / timedelta(days=1) * 100, 2)),
                    "time": f"{lower:%H:%M} to {upper:%H:%M}",
                }
            )
        days.append((day, items))
    return page(
        "calendar.html",
        context=ctx,
        active="/dashboard/calendar",
        title=f"Week of {monday:%d %b %Y}",
        days=days,
        previous=monday - timedelta(days=7),
        following=monday + timedelta(days=7),
        hours=list(range(0, 24, 3)),
    )


@router.get("/dashboard/progress")
async def progress(request: Request, ctx: Current) -> HTMLResponse:
    ctx.require_module("projects")
    ctx.require("projects:read")
    async with _session(request, ctx) as session:
        projects = await views.project_progress(session, ctx.organization_id)
        batches = (
            await views.bulk_progress(session, ctx.organization_id)
            if ctx.principal.can("bookings:read")
            else []
        )
    return page(
        "progress.html",
        context=ctx,
        active="/dashboard/progress",
        title="Projects & bulk bookings",
        projects=projects,
        batches=batches,
    )


@router.get("/dashboard/audit")
async def audit_log(
    request: Request,
    ctx: Current,
    action: Annotated[str | None, Query(max_length=80, pattern=r"^[a-z_.]*$")] = None,
    before: Annotated[int | None, Query(ge=1)] = None,
) -> HTMLResponse:
    ctx.require_module("audit")
    ctx.require("audit:read")
    async with _session(request, ctx) as session:
        events, more = await views.audit_trail(
            session, ctx.organization_id, action=action or None, before_seq=before
        )
    return page(
        "audit.html",
        context=ctx,
        active="/dashboard/audit",
        title="Audit log",
        events=events,
        action=action or "",
        next_before=events[-1].seq if more and events else None,
    )
