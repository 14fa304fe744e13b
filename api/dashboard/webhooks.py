"""Webhook endpoints in the dashboard: add one (the signing secret is shown once), change its
URL, event types and description, enable or disable it, delete it, rotate its secret (shown
once; the previous one keeps signing for the grace chosen), read its delivery attempts (the
failed ones alone on request), and deliver again one event (resend) or every delivery that
failed since a time (recover).

Each form takes the API's path: the API's request schema, the same permission
(``webhooks:read``/``webhooks:write``) on the signed-in member's principal, the same services
(``domain.webhooks.service``, ``api.webhook_redelivery``), which audit. URLs pass the same
SSRF guard as ``POST /v1/webhook-endpoints``.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, Response

from api import webhook_redelivery as redelivery
from api.dashboard.forms import Errors, checked, done, field_error, posted, schema_errors
from api.dashboard.web import Current, DashboardRoute, PageContext, page
from api.deps import get_temporal
from api.schemas.webhook_endpoints import (
    EndpointCreate,
    EndpointUpdate,
    RecoverIn,
    ResendIn,
    RotateIn,
)
from domain import records
from domain.errors import DomainError
from domain.events.service import CATALOG, EVENT_TYPES
from domain.webhooks import service
from domain.webhooks.models import WebhookEndpoint

router = APIRouter(route_class=DashboardRoute, include_in_schema=False)
ENDPOINT_ID = r"^we_[0-9a-hjkmnp-tv-z]{26}$"
LIST_PATH = "/dashboard/webhooks"
ATTEMPTS_SHOWN = 50


def _catalog() -> list[tuple[str, str]]:
    return [(name, description) for name, (description, _example) in CATALOG.items()]


# --- the list ----------------------------------------------------------------------------------


async def _list_page(
    request: Request,
    ctx: PageContext,
    *,
    status: int = 200,
    errors: Errors | None = None,
    values: dict[str, Any] | None = None,
    created: tuple[WebhookEndpoint, str] | None = None,
) -> HTMLResponse:
    async with ctx.tenant(request) as session:
        listed = await service.list_endpoints(
            session, organization_id=ctx.organization_id, limit=100, starting_after=None
        )
    return page(
        "webhooks.html",
        status=status,
        context=ctx,
        active=LIST_PATH,
        title="Webhooks",
        endpoints=listed.items,
        more=listed.has_more,
        catalog=_catalog(),
        can_write=ctx.principal.can("webhooks:write"),
        errors=errors or {},
        values=values or {"url": "", "description": "", "event_types": []},
        created=created,
        notice=request.query_params.get("done", ""),
    )


@router.get(LIST_PATH)
async def webhooks_list(request: Request, ctx: Current) -> HTMLResponse:
    ctx.require("webhooks:read")
    return await _list_page(request, ctx)


@router.post(LIST_PATH)
async def endpoint_create(request: Request, ctx: Current) -> Response:
    """``POST /v1/webhook-endpoints``: the answer shows the signing secret, once."""
    form = await posted(request, ctx, "webhooks:write")
    values = {
        "url": str(form.get("url", ""))[:2000].strip(),
        "description": str(form.get("description", ""))[:500],
        "event_types": checked(form, "event_types")[: len(EVENT_TYPES)],
    }
    body, errors = schema_errors(EndpointCreate, values)
    status = 422
    if body is not None:
        settings = request.app.state.settings
        try:
            async with ctx.tenant(request) as session:
                endpoint, secret = await service.create_endpoint(
                    session,
                    organization_id=ctx.organization_id,
                    url=await service.checked_url(body.url, settings),
                    description=body.description,
                    event_types=service.check_event_types(body.event_types, EVENT_TYPES),
                    box=request.app.state.secret_box,
                    actor=ctx.actor(request),
                )
        except DomainError as exc:
            status, errors = field_error(exc, unnamed="url")
    if errors:
        return await _list_page(request, ctx, status=status, errors=errors, values=values)
    # Shown on this response only; the page never holds it in a form that could be re-sent.
    return await _list_page(request, ctx, status=201, created=(endpoint, secret))


# --- one endpoint -----------------------------------------------------------------------------


async def _endpoint_page(
    request: Request,
    ctx: PageContext,
    id: str,
    *,
    outcome: str | None = None,
    status: int = 200,
    errors: Errors | None = None,
    values: dict[str, Any] | None = None,
    secret: tuple[str, datetime | None] | None = None,
) -> HTMLResponse:
    async with ctx.tenant(request) as session:
        endpoint = await records.get_or_404(session, WebhookEndpoint, id, label="webhook endpoint")
        attempts = await service.list_attempts(
            session,
            endpoint_id=endpoint.id,
            outcome=outcome,
            limit=ATTEMPTS_SHOWN,
            starting_after=None,
        )
    since = (datetime.now(UTC) - timedelta(days=7)).strftime("%Y-%m-%dT%H:%M")
    defaults = {
        "url": endpoint.url,
        "description": endpoint.description,
        "event_types": list(endpoint.event_types),
        "grace_hours": "24",
        "event_id": "",
        "since": since,
    }
    return page(
        "webhook.html",
        status=status,
        context=ctx,
        active=LIST_PATH,
        title=f"Webhook endpoint {endpoint.url}",
        endpoint=endpoint,
        attempts=attempts.items,
        more=attempts.has_more,
        outcome=outcome or "",
        catalog=_catalog(),
        max_grace_hours=int(service.MAX_GRACE.total_seconds() // 3600),
        can_write=ctx.principal.can("webhooks:write"),
        errors=errors or {},
        values={**defaults, **(values or {})},
        secret=secret,
        notice=request.query_params.get("done", ""),
    )


@router.get("/dashboard/webhooks/{id}")
async def endpoint_detail(
    request: Request,
    ctx: Current,
    id: Annotated[str, Path(pattern=ENDPOINT_ID)],
    outcome: Annotated[Literal["succeeded", "failed"] | None, Query()] = None,
) -> HTMLResponse:
    ctx.require("webhooks:read")
    return await _endpoint_page(request, ctx, id, outcome=outcome)


@router.post("/dashboard/webhooks/{id}")
async def endpoint_update(
    request: Request, ctx: Current, id: Annotated[str, Path(pattern=ENDPOINT_ID)]
) -> Response:
    """``PATCH /v1/webhook-endpoints/{id}`` with URL, description, event types and enabled."""
    form = await posted(request, ctx, "webhooks:write")
    values: dict[str, Any] = {
        "url": str(form.get("url", ""))[:2000].strip(),
        "description": str(form.get("description", ""))[:500],
        "event_types": checked(form, "event_types")[: len(EVENT_TYPES)],
        "enabled": form.get("enabled") == "on",
    }
    body, errors = schema_errors(EndpointUpdate, values)
    if body is not None and not body.event_types:
        errors = {"event_types": "Choose at least one event type."}
    status = 422
    if body is not None and not errors:
        settings = request.app.state.settings
        try:
            async with ctx.tenant(request) as session:
                endpoint = await records.get_or_404(
                    session, WebhookEndpoint, id, label="webhook endpoint"
                )
                changes = body.model_dump(exclude_unset=True)
                changes["event_types"] = service.check_event_types(body.event_types, EVENT_TYPES)
                changes["url"] = await service.checked_url(body.url or "", settings)
                await service.update_endpoint(session, endpoint, changes, actor=ctx.actor(request))
        except DomainError as exc:
            status, errors = field_error(exc)
    if errors:
        return await _endpoint_page(request, ctx, id, status=status, errors=errors, values=values)
    return done(f"/dashboard/webhooks/{id}", "saved")


@router.post("/dashboard/webhooks/{id}/delete")
async def endpoint_delete(
    request: Request,
    ctx: Current,
    id: Annotated[str, Path(pattern=ENDPOINT_ID)],
) -> Response:
    await posted(request, ctx, "webhooks:write")
    async with ctx.tenant(request) as session:
        endpoint = await records.get_or_404(session, WebhookEndpoint, id, label="webhook endpoint")
        await service.delete_endpoint(session, endpoint, actor=ctx.actor(request))
    return done(LIST_PATH, "deleted")


@router.post("/dashboard/webhooks/{id}/rotate-secret")
async def endpoint_rotate(
    request: Request,
    ctx: Current,
    id: Annotated[str, Path(pattern=ENDPOINT_ID)],
    grace_hours: Annotated[str, Form(max_length=20)] = "24",
) -> Response:
    """``POST /v1/webhook-endpoints/{id}/rotate-secret``: the new secret is on this response
    only. Two members rotating at once both succeed, one after the other (see
    ``service.rotate_secret``)."""
    await posted(request, ctx, "webhooks:write")
    values = {"grace_hours": grace_hours}
    body, errors = schema_errors(RotateIn, values)
    if errors:
        return await _endpoint_page(request, ctx, id, status=422, errors=errors, values=values)
    now = datetime.now(UTC)
    grace = timedelta(hours=body.grace_hours)
    async with ctx.tenant(request) as session:
        endpoint = await records.get_or_404(session, WebhookEndpoint, id, label="webhook endpoint")
        secret = await service.rotate_secret(
            session,
            endpoint,
            box=request.app.state.secret_box,
            grace=grace,
            now=now,
            actor=ctx.actor(request),
        )
    until = now + grace if grace > timedelta(0) else None
    return await _endpoint_page(request, ctx, id, status=201, secret=(secret, until))


@router.post("/dashboard/webhooks/{id}/resend")
async def endpoint_resend(
    request: Request,
    ctx: Current,
    id: Annotated[str, Path(pattern=ENDPOINT_ID)],
    event_id: Annotated[str, Form(max_length=60)] = "",
) -> Response:
    """``POST /v1/webhook-endpoints/{id}/resend``: one event, delivered again from attempt 1."""
    await posted(request, ctx, "webhooks:write")
    values = {"event_id": event_id.strip()}
    body, errors = schema_errors(ResendIn, values)
    status = 422
    if body is not None:
        try:
            async with ctx.tenant(request) as session:
                endpoint = await records.get_or_404(
                    session, WebhookEndpoint, id, label="webhook endpoint"
                )
                await redelivery.resend_event(
                    session,
                    await get_temporal(request),
                    task_queue=request.app.state.settings.temporal_task_queue,
                    endpoint=endpoint,
                    event_id=body.event_id,
                    actor=ctx.actor(request),
                )
        except DomainError as exc:
            if exc.status == 404 and exc.param == "event_id":
                status, errors = 404, {"event_id": "This organization has no such event."}
            else:
                status, errors = field_error(exc, unnamed="event_id")
    if errors:
        return await _endpoint_page(request, ctx, id, status=status, errors=errors, values=values)
    return done(f"/dashboard/webhooks/{id}", "resent")


@router.post("/dashboard/webhooks/{id}/recover")
async def endpoint_recover(
    request: Request,
    ctx: Current,
    id: Annotated[str, Path(pattern=ENDPOINT_ID)],
    since: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    """``POST /v1/webhook-endpoints/{id}/recover``; the form's time is UTC."""
    await posted(request, ctx, "webhooks:write")
    values = {"since": since}
    given = since.strip()
    body, errors = schema_errors(RecoverIn, {"since": f"{given}Z" if given else ""})
    status, recovered = 422, []
    if body is not None:
        try:
            async with ctx.tenant(request) as session:
                endpoint = await records.get_or_404(
                    session, WebhookEndpoint, id, label="webhook endpoint"
                )
                recovered = await redelivery.recover_failed(
                    session,
                    await get_temporal(request),
                    task_queue=request.app.state.settings.temporal_task_queue,
                    endpoint=endpoint,
                    since=body.since,
                    actor=ctx.actor(request),
                )
        except DomainError as exc:
            status, errors = field_error(exc, unnamed="since")
    if errors:
        return await _endpoint_page(request, ctx, id, status=status, errors=errors, values=values)
    return done(f"/dashboard/webhooks/{id}", f"recovered-{len(recovered)}")
