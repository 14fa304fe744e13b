"""Usage of the organization: daily counters and the monthly statement, as JSON or CSV.

Readable by whoever may see the organization's API keys (``api_keys:read``: owners and
admins by default), since usage is broken down by key.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Header, Path, Query
from fastapi.responses import Response

from api.deps import CanReadApiKeys, TenantSession
from api.schemas.usage import (
    CSV_MEDIA_TYPE,
    StatementOut,
    UsageReport,
    statement_csv,
    statement_out,
    usage_csv,
    usage_report,
)
from domain.tenancy import plan_catalog
from domain.usage import service

router = APIRouter(prefix="/v1/usage", tags=["usage"])
Format = Annotated[
    str | None, Query(description="`json` (default) or `csv` (or send `Accept: text/csv`)")
]
_CSV: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/csv": {"schema": {"type": "string"}}}}
}


def _wants_csv(format: str | None, accept: str | None) -> bool:
    if format is not None:
        return service.wants_csv(format)
    return accept is not None and "text/csv" in accept.lower()


def _csv(body: str, filename: str) -> Response:
    return Response(
        body,
        media_type=CSV_MEDIA_TYPE,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.get(
    "",
    summary="Daily usage by metric, group, status class and API key",
    response_model=UsageReport,
    responses=_CSV,
)
async def daily_usage(
    principal: CanReadApiKeys,
    session: TenantSession,
    start: Annotated[
        str | None, Query(alias="from", description="First day (UTC), YYYY-MM-DD")
    ] = None,
    end: Annotated[str | None, Query(alias="to", description="Last day (UTC), YYYY-MM-DD")] = None,
    metric: Annotated[str | None, Query(description="One metric only")] = None,
    api_key_id: Annotated[
        str | None, Query(description="One key only; `none` for dashboard sessions and system")
    ] = None,
    group: Annotated[
        str | None, Query(description="One route group, workflow kind or outcome")
    ] = None,
    format: Format = None,
    accept: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> UsageReport | Response:
    query = service.parse_query(
        start=start,
        end=end,
        metric=metric,
        api_key_id=api_key_id,
        group=group,
        today=datetime.now(UTC).date(),
    )
    rows = await service.daily_usage(
        session, organization_id=principal.organization_id, query=query
    )
    if _wants_csv(format, accept):
        return _csv(usage_csv(rows), f"usage-{query.start}-{query.end}.csv")
    return usage_report(query.start, query.end, rows)


@router.get(
    "/statements/{month}",
    summary="The month's usage statement: used, included, overage and price per unit",
    response_model=StatementOut,
    responses=_CSV,
)
async def monthly_statement(
    principal: CanReadApiKeys,
    session: TenantSession,
    month: Annotated[str, Path(description="YYYY-MM (UTC)")],
    format: Format = None,
    accept: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> StatementOut | Response:
    terms = await plan_catalog.read_entitlements(session, principal.organization_id)
    statement = await service.monthly_statement(
        session,
        organization_id=principal.organization_id,
        plan=terms.plan.name,
        pricing=terms.pricing,
        month=month,
    )
    if _wants_csv(format, accept):
        return _csv(statement_csv(statement), f"usage-statement-{month}.csv")
    return statement_out(statement)
