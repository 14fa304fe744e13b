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

from api.dashboard.charts import (
    BarChart,
    ForecastChart,
    ForecastMonth,
    forecast_chart,
    month_label,
    short_month_label,
    stacked_chart,
)
from api.dashboard.web import Current, DashboardRoute, page
from api.schemas import money
from domain import records
from domain.dashboard import views
from domain.dates import Day
from domain.finance import analytics, budgets, forecasting
from domain.roster import service as roster_service
from domain.roster.models import Artist

router = APIRouter(route_class=DashboardRoute, include_in_schema=False)
ID = r"^[a-z]{2,5}_[0-9a-hjkmnp-tv-z]{26}$"
CHART_MONTHS = 12
FORECAST_MONTHS = 6
FORECAST_HISTORY_SHOWN = 12


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
    async with ctx.tenant(request) as session:
        roster_page = await views.roster(
            session,
            organization_id=ctx.organization_id,
            q=q,
            sort=sort,
            descending=dir == "desc",
            page=page_number,
        )
        usage = await roster_service.roster_usage(session, organization_id=ctx.organization_id)
    currency = roster_page.currency
    return page(
        "roster.html",
        context=ctx,
        active="/dashboard/roster",
        title="Roster",
        rows=roster_page.rows,
        more=roster_page.more,
        currency=currency,
        missing_rates=roster_page.missing_rates,
        q=q or "",
        sort=sort,
        dir=dir,
        page_number=page_number,
        usage=usage,
        can_write=ctx.principal.can("artists:write"),
        columns=[
            ("name", "Artist", False),
            ("status", "Status", False),
            ("sessions", "Sessions", True),
            ("completed", "Completed", True),
            ("next_session", "Next session", False),
            ("contract_end", "Contract ends", False),
            ("spend_committed", f"Committed ({currency})", True),
            ("spend_actual", f"Spent ({currency})", True),
            ("revenue", f"Revenue ({currency})", True),
            ("margin", f"Margin ({currency})", True),
            ("pending_approvals", "Pending approvals", True),
        ],
    )


@router.get("/dashboard/artists/{id}")
async def artist(
    request: Request, ctx: Current, id: Annotated[str, Path(pattern=ID)]
) -> HTMLResponse:
    ctx.require_module("roster")
    ctx.require("artists:read")
    today = datetime.now(UTC).date()
    async with ctx.tenant(request) as session:
        record = await records.get_or_404(session, Artist, id, label="artist")
        figures, bookings = await views.artist_summary(session, ctx.organization_id, id)
        monthly = await views.monthly_figures(
            session, ctx.organization_id, months=CHART_MONTHS, today=today, artist_id=id
        )
        forecast = await forecasting.revenue_forecast(
            session,
            organization_id=ctx.organization_id,
            artist_id=id,
            horizon=FORECAST_MONTHS,
            until=forecasting.add_months(today.replace(day=1), -1),
        )
    show_bookings = ctx.principal.can("bookings:read")
    return page(
        "artist.html",
        context=ctx,
        active="/dashboard/roster",
        title=record.name,
        artist=record,
        figures=figures.rows[0] if figures.rows else None,
        currency=monthly.currency,
        missing_rates=sorted({*figures.missing_rates, *monthly.missing_rates}),
        bookings=[(b, name, money(b.price_minor, b.currency)) for b, name in bookings]
        if show_bookings
        else [],
        charts=_charts("artist", record.name, monthly),
        forecast=_forecast_chart(f"Revenue forecast of {record.name}", forecast),
        forecast_missing=forecast.missing_rates,
    )


def _charts(prefix: str, whose: str, monthly: analytics.MonthlyFigures) -> list[BarChart]:
    """Spend (actual and committed, stacked) per month, and revenue up to the current month."""
    rc = monthly.currency
    this_month = datetime.now(UTC).date().replace(day=1)
    spend = stacked_chart(
        f"{prefix}-spend",
        f"Spend on {whose} per month ({rc})",
        rc,
        ["spent", "committed"],
        [(month_label(m.month), [m.spend_actual, m.spend_committed]) for m in monthly.months],
        short_labels=[short_month_label(m.month) for m in monthly.months],
    )
    past = [m for m in monthly.months if m.month <= this_month]
    revenue = stacked_chart(
        f"{prefix}-revenue",
        f"Revenue of {whose} per month ({rc})",
        rc,
        ["revenue"],
        [(month_label(m.month), [m.revenue]) for m in past],
        short_labels=[short_month_label(m.month) for m in past],
    )
    return [spend, revenue]


def _forecast_chart(title: str, forecast: forecasting.Forecast) -> ForecastChart | None:
    if not forecast.history:
        return None
    return forecast_chart(
        "forecast",
        f"{title} ({forecast.currency})",
        forecast.currency,
        [(h.month, h.value) for h in forecast.history[-FORECAST_HISTORY_SHOWN:]],
        [
            ForecastMonth(p.month, p.value, p.lower_80, p.upper_80, p.lower_95, p.upper_95)
            for p in forecast.forecast
        ],
        method=forecast.method.replace("_", " "),
        mape=forecast.backtest.mape_percent,
    )


@router.get("/dashboard/overview")
async def overview(request: Request, ctx: Current) -> HTMLResponse:
    ctx.require_module("analytics")
    ctx.require("analytics:read")
    today = datetime.now(UTC).date()
    async with ctx.tenant(request) as session:
        monthly = await views.monthly_figures(
            session, ctx.organization_id, months=CHART_MONTHS, today=today
        )
        forecast = await forecasting.revenue_forecast(
            session,
            organization_id=ctx.organization_id,
            artist_id=None,
            horizon=FORECAST_MONTHS,
            until=forecasting.add_months(today.replace(day=1), -1),
        )
    return page(
        "overview.html",
        context=ctx,
        active="/dashboard/overview",
        title="Spend & revenue",
        currency=monthly.currency,
        totals=monthly.totals,
        period=(monthly.months[0].month, monthly.months[-1].month),
        missing_rates=sorted({*monthly.missing_rates, *forecast.missing_rates}),
        charts=_charts("roster", "the roster", monthly),
        forecast=_forecast_chart("Revenue forecast of the roster", forecast),
    )


@router.get("/dashboard/budgets")
async def budget_view(request: Request, ctx: Current) -> HTMLResponse:
    ctx.require_module("analytics")
    ctx.require("analytics:read")
    async with ctx.tenant(request) as session:
        report = await budgets.budget_report(session, organization_id=ctx.organization_id)
        artist_ids = sorted({b.artist_id for b in report.budgets if b.artist_id})
        names = await roster_service.artist_names(
            session, organization_id=ctx.organization_id, artist_ids=artist_ids
        )
    return page(
        "budgets.html",
        context=ctx,
        active="/dashboard/budgets",
        title="Budgets",
        report=report,
        projects=[b for b in report.budgets if b.project_id],
        artists=[b for b in report.budgets if b.artist_id and not b.project_id],
        artist_names=names,
    )


@router.get("/dashboard/calendar")
async def calendar(
    request: Request,
    ctx: Current,
    week: Annotated[Day | None, Query(description="any day of the week to show")] = None,
) -> HTMLResponse:
    ctx.require_module("calendar")
    ctx.require("bookings:read")
    monday = views.monday_of(week or datetime.now(UTC).date())
    async with ctx.tenant(request) as session:
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
    async with ctx.tenant(request) as session:
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
    async with ctx.tenant(request) as session:
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
