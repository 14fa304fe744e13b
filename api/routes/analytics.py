"""Label analytics: roster, comparison, utilisation, pipeline, budgets, forecast, scenarios.

The figures are computed by ``domain.finance.analytics`` / ``domain.finance.forecasting`` in
PostgreSQL, in
the organization's reporting currency (``GET /v1/exchange-rates``).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import CanReadAnalytics, TenantSession
from api.schemas import ID_PATTERN
from api.schemas.analytics import ScenarioBody
from core.ids import is_valid_id
from domain import records
from domain.dates import Day
from domain.errors import InvalidRequest
from domain.finance import amounts, analytics, budgets, forecasting, pipeline, scenarios
from domain.roster.models import Artist

router = APIRouter(prefix="/v1/analytics", tags=["analytics"])
From = Annotated[Day | None, Query(alias="from", description="First day (inclusive), YYYY-MM-DD")]
To = Annotated[Day | None, Query(alias="to", description="Last day (inclusive), YYYY-MM-DD")]
MAX_DAYS = 3 * 366


def _today() -> date:
    return datetime.now(UTC).date()


def _period(start: date | None, end: date | None) -> amounts.Period:
    if start is not None and end is not None and end < start:
        raise InvalidRequest("'to' is before 'from'", param="to")
    return amounts.Period(start, end)


def _bounded(start: date | None, end: date | None, *, default_months: int) -> tuple[date, date]:
    """A closed period for series: default the last ``default_months`` months to today."""
    end = end or _today()
    if start is None:
        first = end.replace(day=1)
        start = forecasting.add_months(first, -(default_months - 1))
    _period(start, end)
    if (end - start).days > MAX_DAYS:
        raise InvalidRequest("the period is at most 3 years", param="from")
    return start, end


@router.get("/roster", summary="Roster overview: per artist sessions, spend, revenue, margin")
async def roster(
    principal: CanReadAnalytics,
    session: TenantSession,
    start: From = None,
    end: To = None,
    q: Annotated[str | None, Query(max_length=200, description="Artist name contains")] = None,
    sort: Annotated[
        str, Query(description=f"One of {', '.join(analytics.SORT_FIELDS)}; '-' = descending")
    ] = "name",
) -> analytics.RosterOverview:
    if sort.lstrip("-") not in analytics.SORT_FIELDS:
        raise InvalidRequest(
            f"sort by one of {', '.join(analytics.SORT_FIELDS)} (prefix - for descending)",
            param="sort",
        )
    return await analytics.roster_overview(
        session,
        organization_id=principal.organization_id,
        period=_period(start, end),
        q=q,
        sort=sort,
    )


@router.get("/artist-comparison", summary="Artists side by side, month by month")
async def artist_comparison(
    principal: CanReadAnalytics,
    session: TenantSession,
    artist_id: Annotated[
        list[str] | None,
        Query(description="Repeat for each artist (at most 20); default: all, up to 20"),
    ] = None,
    start: From = None,
    end: To = None,
) -> analytics.ArtistComparison:
    start, end = _bounded(start, end, default_months=12)
    ids = artist_id or []
    if len(ids) > 20:
        raise InvalidRequest("compare at most 20 artists", param="artist_id")
    for value in ids:
        if not is_valid_id(value, "art"):
            raise InvalidRequest(f"'{value[:60]}' is not an artist id", param="artist_id")
    if not ids:
        overview = await analytics.roster_overview(
            session, organization_id=principal.organization_id
        )
        ids = [a.artist_id for a in overview.artists[:20]]
    return await analytics.compare_artists(
        session, organization_id=principal.organization_id, artist_ids=ids, start=start, end=end
    )


@router.get("/creator-utilisation", summary="Booked hours of each creator against their week")
async def creator_utilisation(
    principal: CanReadAnalytics, session: TenantSession, start: From = None, end: To = None
) -> pipeline.CreatorUtilisation:
    start, end = _bounded(start, end, default_months=1)
    return await pipeline.creator_utilisation(
        session, organization_id=principal.organization_id, start=start, end=end
    )


@router.get("/booking-pipeline", summary="Bookings and their value by status")
async def booking_pipeline(
    principal: CanReadAnalytics, session: TenantSession, start: From = None, end: To = None
) -> pipeline.BookingPipeline:
    return await pipeline.booking_pipeline(
        session, organization_id=principal.organization_id, period=_period(start, end)
    )


@router.get("/budgets", summary="Budget vs committed vs actual, with alerts")
async def budget_report(
    principal: CanReadAnalytics,
    session: TenantSession,
    artist_id: Annotated[str | None, Query(pattern=ID_PATTERN)] = None,
    project_id: Annotated[str | None, Query(pattern=ID_PATTERN)] = None,
) -> budgets.BudgetReport:
    return await budgets.budget_report(
        session,
        organization_id=principal.organization_id,
        artist_id=artist_id,
        project_id=project_id,
    )


@router.get("/forecast", summary="Revenue forecast with prediction intervals and a backtest")
async def forecast(
    principal: CanReadAnalytics,
    session: TenantSession,
    artist_id: Annotated[
        str | None, Query(pattern=ID_PATTERN, description="Default: the whole label")
    ] = None,
    months: Annotated[int, Query(ge=1, le=36, description="Months to forecast")] = 12,
    until: Annotated[
        Day | None, Query(description="Last month of history (default: last month)")
    ] = None,
) -> forecasting.Forecast:
    if artist_id is not None:
        await records.get_or_404(session, Artist, artist_id, label="artist", param="artist_id")
    last = until or forecasting.add_months(_today().replace(day=1), -1)
    return await forecasting.revenue_forecast(
        session,
        organization_id=principal.organization_id,
        artist_id=artist_id,
        horizon=months,
        until=last,
    )


@router.post(
    "/budget-scenarios",
    summary="What if we book X more sessions at Y per month: the projected spend curve",
    description="Computes a plan; stores nothing.",
)
async def budget_scenario(
    body: ScenarioBody, principal: CanReadAnalytics, session: TenantSession
) -> scenarios.Scenario:
    if body.artist_id is not None:
        await records.get_or_404(session, Artist, body.artist_id, label="artist", param="artist_id")
    if body.project_id is not None:
        await budgets.project_or_404(session, body.project_id)
    return await scenarios.plan_scenario(
        session, organization_id=principal.organization_id, data=body, today=_today()
    )
