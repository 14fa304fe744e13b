"""Settings → Export data: request an export of the organization or of one person, follow its
progress, download it once; and the organization's retention periods.

Each form goes the API's way: the body is checked with the API's request schema
(``ExportCreate``, ``RetentionUpdate``), the permission is ``data:export`` on the signed-in
member's principal, and the export or the change is made, and audited, by the service the API
routes call (``domain/privacy``). A refusal that names a field is shown beside it with the
input kept. The page refreshes itself while an export is running.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from api.dashboard.forms import Errors, done, field_error, schema_errors
from api.dashboard.web import Current, DashboardRoute, PageContext, check_csrf, page
from api.routes.exports import export_out, start_after_commit
from api.routes.retention import ensure_schedule
from api.schemas.privacy import ExportCreate, RetentionUpdate
from domain.errors import DomainError
from domain.privacy import exports, retention

router = APIRouter(route_class=DashboardRoute, include_in_schema=False)
CSRF = Annotated[str, Form(max_length=100)]
PATH = "/dashboard/settings/export"
PERMISSION = "data:export"


async def _export_page(
    request: Request,
    ctx: PageContext,
    *,
    status: int = 200,
    errors: Errors | None = None,
    values: dict[str, Any] | None = None,
) -> HTMLResponse:
    settings = request.app.state.settings
    async with ctx.tenant(request) as session:
        listed = await exports.list_exports(
            session, organization_id=ctx.organization_id, limit=20, starting_after=None
        )
        periods = await retention.get_policy(session, ctx.organization_id)
        runs = await retention.list_runs(
            session, organization_id=ctx.organization_id, limit=5, starting_after=None
        )
    shown = [export_out(e, settings) for e in listed.items]
    period_values = {f"{e}_days": "" if d is None else str(d) for e, d in periods.items()}
    return page(
        "settings_export.html",
        status=status,
        context=ctx,
        active="/dashboard/settings",
        title="Export data",
        exports=shown,
        working=any(e.status in ("pending", "running") for e in shown),
        values={"scope": "organization", "kind": "artist", "id": "", **period_values}
        | (values or {}),
        errors=errors or {},
        minimums={e: m for e, (_, m) in retention.PERIODS.items()},
        runs=runs.items,
        notice=request.query_params.get("done", ""),
    )


@router.get(PATH)
async def export_page(request: Request, ctx: Current) -> HTMLResponse:
    ctx.require(PERMISSION)
    return await _export_page(request, ctx)


@router.post(PATH)
async def export_request(
    request: Request,
    ctx: Current,
    scope: Annotated[str, Form(max_length=20)] = "organization",
    kind: Annotated[str, Form(max_length=20)] = "",
    id: Annotated[str, Form(max_length=60)] = "",
    csrf_token: CSRF = "",
) -> Response:
    check_csrf(request, ctx.csrf_token, csrf_token)
    ctx.require(PERMISSION)
    values = {"scope": scope, "kind": kind, "id": id.strip()}
    person = scope == "person"
    body, errors = schema_errors(
        ExportCreate,
        {"scope": scope, "kind": kind if person else None, "id": values["id"] if person else None},
    )
    status = 422
    if body is not None:
        try:
            async with ctx.tenant(request) as session:
                export = await exports.request_export(
                    session,
                    organization_id=ctx.organization_id,
                    scope=body.scope,
                    kind=body.kind,
                    subject_id=body.id,
                    actor=ctx.actor(request),
                )
        except DomainError as exc:
            # An unknown person is a field error here, not the error page.
            status, errors = exc.status, {exc.param or "id": exc.detail}
    if errors:
        return await _export_page(request, ctx, status=status, errors=errors, values=values)
    await start_after_commit(request.app.state, ctx.organization_id, export.id)
    return done(PATH, "requested")


@router.post(f"{PATH}/retention")
async def retention_save(
    request: Request,
    ctx: Current,
    bookings_days: Annotated[str, Form(max_length=10)] = "",
    sent_emails_days: Annotated[str, Form(max_length=10)] = "",
    webhook_attempts_days: Annotated[str, Form(max_length=10)] = "",
    events_days: Annotated[str, Form(max_length=10)] = "",
    csrf_token: CSRF = "",
) -> Response:
    check_csrf(request, ctx.csrf_token, csrf_token)
    ctx.require(PERMISSION)
    values = {
        "bookings_days": bookings_days.strip(),
        "sent_emails_days": sent_emails_days.strip(),
        "webhook_attempts_days": webhook_attempts_days.strip(),
        "events_days": events_days.strip(),
    }
    # An empty field keeps that kind of record forever.
    body, errors = schema_errors(RetentionUpdate, {k: v or None for k, v in values.items()})
    status = 422
    if body is not None:
        periods = {name.removesuffix("_days"): days for name, days in body.model_dump().items()}
        try:
            async with ctx.tenant(request) as session:
                await retention.set_policy(
                    session,
                    organization_id=ctx.organization_id,
                    periods=periods,
                    actor=ctx.actor(request),
                )
        except DomainError as exc:
            status, errors = field_error(exc)
            errors = {f"{name}_days": message for name, message in errors.items()}
    if errors:
        return await _export_page(request, ctx, status=status, errors=errors, values=values)
    await ensure_schedule(request.app.state, ctx.organization_id)
    return done(PATH, "retention-saved")
