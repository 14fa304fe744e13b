"""Webhook endpoints: create (the signing secret is shown once), change, rotate the secret,
list attempts, resend one event, recover every failed delivery since a time.

URLs pass the SSRF guard here (malformed, not https in production, or resolving to a private
address → 422 naming ``url``) and again before every delivery.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response, status

from api.deps import (
    ActorDep,
    CanReadWebhooks,
    CanWriteWebhooks,
    SecretBoxDep,
    SettingsDep,
    TemporalDep,
    TenantSession,
)
from api.loaders import WebhookEndpointDep
from api.schemas import ID_PATTERN, Limit, ListResponse, StartingAfter
from api.schemas.webhook_endpoints import (
    AttemptOut,
    EndpointCreate,
    EndpointOut,
    EndpointUpdate,
    RecoverIn,
    ResendIn,
    ResendOut,
    RotateIn,
    SecretOut,
    endpoint_out,
)
from domain import records
from domain.audit import service as audit
from domain.errors import Conflict
from domain.events.models import Event
from domain.events.service import EVENT_TYPES
from domain.tenancy.access import Principal
from domain.webhooks import service
from workflows.clients.webhook import start_delivery
from workflows.webhook_types import DeliveryInput

router = APIRouter(prefix="/v1/webhook-endpoints", tags=["webhooks"])
RECOVER_LIMIT = 10_000


@router.get("", summary="List webhook endpoints")
async def list_endpoints(
    principal: CanReadWebhooks,
    session: TenantSession,
    limit: Limit = 20,
    starting_after: StartingAfter = None,
) -> ListResponse[EndpointOut]:
    page = await service.list_endpoints(
        session,
        organization_id=principal.organization_id,
        limit=limit,
        starting_after=starting_after,
    )
    return ListResponse(data=[endpoint_out(e) for e in page.items], has_more=page.has_more)


@router.post("", status_code=status.HTTP_201_CREATED, summary="Add a webhook endpoint")
async def create_endpoint(
    body: EndpointCreate,
    principal: CanWriteWebhooks,
    session: TenantSession,
    actor: ActorDep,
    settings: SettingsDep,
    box: SecretBoxDep,
) -> EndpointOut:
    """The answer carries the signing secret (``whsec_…``); it is never shown again."""
    types = service.check_event_types(body.event_types, EVENT_TYPES)
    url = await service.checked_url(body.url, settings)
    endpoint, secret = await service.create_endpoint(
        session,
        organization_id=principal.organization_id,
        url=url,
        description=body.description,
        event_types=types,
        box=box,
        actor=actor,
    )
    return endpoint_out(endpoint, secret)


@router.get("/{id}", summary="A webhook endpoint")
async def get_endpoint(principal: CanReadWebhooks, endpoint: WebhookEndpointDep) -> EndpointOut:
    return endpoint_out(endpoint)


@router.patch("/{id}", summary="Change an endpoint's URL, event types, description or enabled")
async def update_endpoint(
    body: EndpointUpdate,
    principal: CanWriteWebhooks,
    endpoint: WebhookEndpointDep,
    session: TenantSession,
    actor: ActorDep,
    settings: SettingsDep,
) -> EndpointOut:
    changes = body.model_dump(exclude_unset=True)
    if body.event_types is not None:
        changes["event_types"] = service.check_event_types(body.event_types, EVENT_TYPES)
    if body.url is not None:
        changes["url"] = await service.checked_url(body.url, settings)
    return endpoint_out(await service.update_endpoint(session, endpoint, changes, actor=actor))


@router.delete("/{id}", status_code=status.HTTP_204_NO_CONTENT, summary="Remove an endpoint")
async def delete_endpoint(
    principal: CanWriteWebhooks,
    endpoint: WebhookEndpointDep,
    session: TenantSession,
    actor: ActorDep,
) -> Response:
    """Pending deliveries to it stop at their next attempt; its attempt log goes with it."""
    endpoint_id, before = endpoint.id, service.snapshot(endpoint)
    await session.delete(endpoint)
    await session.flush()
    await audit.record(
        session,
        organization_id=principal.organization_id,
        actor=actor,
        action="webhook_endpoint.deleted",
        target_type="webhook_endpoint",
        target_id=endpoint_id,
        before=before,
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/{id}/rotate-secret", summary="Replace the signing secret (shown once)")
async def rotate_secret(
    body: RotateIn,
    principal: CanWriteWebhooks,
    endpoint: WebhookEndpointDep,
    session: TenantSession,
    actor: ActorDep,
    box: SecretBoxDep,
) -> SecretOut:
    """Both secrets sign (two signatures in ``webhook-signature``) until the grace ends."""
    now = datetime.now(UTC)
    grace = timedelta(hours=body.grace_hours)
    secret = await service.rotate_secret(
        session, endpoint, box=box, grace=grace, now=now, actor=actor
    )
    return SecretOut(
        endpoint_id=endpoint.id,
        secret=secret,
        previous_valid_until=now + grace if grace > timedelta(0) else None,
    )


@router.get("/{id}/attempts", summary="Delivery attempts to this endpoint, newest first")
async def list_attempts(
    principal: CanReadWebhooks,
    endpoint: WebhookEndpointDep,
    session: TenantSession,
    limit: Limit = 20,
    starting_after: StartingAfter = None,
    event_id: Annotated[str | None, Query(pattern=ID_PATTERN)] = None,
    outcome: Literal["succeeded", "failed"] | None = None,
) -> ListResponse[AttemptOut]:
    page = await service.list_attempts(
        session,
        endpoint_id=endpoint.id,
        event_id=event_id,
        outcome=outcome,
        limit=limit,
        starting_after=starting_after,
    )
    return ListResponse(
        data=[AttemptOut.model_validate(a, from_attributes=True) for a in page.items],
        has_more=page.has_more,
    )


async def _resend(
    temporal: TemporalDep,
    settings: SettingsDep,
    principal: Principal,
    endpoint_id: str,
    events: list[str],
) -> list[str]:
    started = []
    for event_id in events:
        delivery = DeliveryInput(
            organization_id=principal.organization_id,
            event_id=event_id,
            endpoint_id=endpoint_id,
            resend=True,
        )
        if await start_delivery(temporal, delivery, task_queue=settings.temporal_task_queue):
            started.append(event_id)
    return started


@router.post(
    "/{id}/resend",
    status_code=status.HTTP_202_ACCEPTED,
    summary="Deliver one event to this endpoint again",
)
async def resend(
    body: ResendIn,
    principal: CanWriteWebhooks,
    endpoint: WebhookEndpointDep,
    session: TenantSession,
    temporal: TemporalDep,
    settings: SettingsDep,
) -> ResendOut:
    await records.get_or_404(session, Event, body.event_id, label="event", param="event_id")
    if not endpoint.enabled:
        raise Conflict("the endpoint is disabled; enable it first", code="endpoint_disabled")
    started = await _resend(temporal, settings, principal, endpoint.id, [body.event_id])
    if not started:
        raise Conflict(
            "a delivery of this event to this endpoint is in progress", code="delivery_in_progress"
        )
    return ResendOut(endpoint_id=endpoint.id, event_ids=started)


@router.post(
    "/{id}/recover",
    status_code=status.HTTP_202_ACCEPTED,
    summary="Deliver again every event whose delivery to this endpoint failed since a time",
)
async def recover(
    body: RecoverIn,
    principal: CanWriteWebhooks,
    endpoint: WebhookEndpointDep,
    session: TenantSession,
    temporal: TemporalDep,
    settings: SettingsDep,
) -> ResendOut:
    if not endpoint.enabled:
        raise Conflict("the endpoint is disabled; enable it first", code="endpoint_disabled")
    failed = await service.failed_event_ids(
        session, endpoint_id=endpoint.id, since=body.since, limit=RECOVER_LIMIT
    )
    return ResendOut(
        endpoint_id=endpoint.id,
        event_ids=await _resend(temporal, settings, principal, endpoint.id, failed),
    )
