"""The dashboard's usage page: a month's daily API requests (a chart stacked by status
class) and the month's usage statement, the same figures as ``GET /v1/usage`` and
``GET /v1/usage/statements/{month}``.

Like those routes it needs ``api_keys:read`` (owners and admins), since usage is what the
organization's keys did.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from api.dashboard.charts import stacked_chart
from api.dashboard.web import Current, DashboardRoute, page
from domain.tenancy import plan_catalog
from domain.usage import service
from domain.usage.meter import API_REQUESTS

router = APIRouter(route_class=DashboardRoute, include_in_schema=False)
STATUS_CLASSES = ("2xx", "4xx", "5xx")
UNIT_LABELS = {
    "api_requests": "API requests",
    "workflow_starts": "Workflow starts",
    "webhook_deliveries": "Webhook deliveries",
    "emails_sent": "E-mails sent",
    "bookings_created": "Bookings created",
    "bulk_sessions": "Bulk-booked sessions",
}


@router.get("/dashboard/usage")
async def usage(
    request: Request,
    ctx: Current,
    month: Annotated[str | None, Query(description="YYYY-MM (UTC); this month by default")] = None,
) -> HTMLResponse:
    ctx.require_module("usage")
    ctx.require("api_keys:read")
    shown = month or datetime.now(UTC).strftime("%Y-%m")
    start, end = service.parse_month(shown)
    async with ctx.tenant(request) as session:
        terms = await plan_catalog.read_entitlements(session, ctx.organization_id)
        statement = await service.monthly_statement(
            session,
            organization_id=ctx.organization_id,
            plan=terms.plan.name,
            pricing=terms.pricing,
            month=shown,
        )
        rows = await service.daily_usage(
            session,
            organization_id=ctx.organization_id,
            query=service.UsageQuery(start, end, metric=API_REQUESTS),
        )
    per_day: dict[str, dict[str, int]] = {}
    for row in rows:
        day = per_day.setdefault(row.day.isoformat(), dict.fromkeys(STATUS_CLASSES, 0))
        day[row.status_class] = day.get(row.status_class, 0) + row.count
    days = [date.fromordinal(n) for n in range(start.toordinal(), end.toordinal() + 1)]
    chart = stacked_chart(
        "usage-requests",
        f"API requests per day, {start:%B %Y} (UTC)",
        "requests",
        STATUS_CLASSES,
        [
            (
                day.isoformat(),
                [
                    Decimal(per_day.get(day.isoformat(), {}).get(status, 0))
                    for status in STATUS_CLASSES
                ],
            )
            for day in days
        ],
        # The 1st and every 5th day: 31 labels would run into each other (" " shows none).
        short_labels=[str(day.day) if day.day == 1 or day.day % 5 == 0 else " " for day in days],
    )
    return page(
        "usage.html",
        context=ctx,
        active="/dashboard/usage",
        title="Usage",
        month=shown,
        chart=chart,
        requests=sum(row.count for row in rows),
        statement=statement,
        unit_labels=UNIT_LABELS,
    )
