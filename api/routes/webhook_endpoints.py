"""Webhook endpoints: create (the signing secret is shown once), change, rotate the secret,
list attempts, resend one event, recover every failed delivery since a time.

URLs pass the SSRF guard here (malformed, not https in production, or resolving to a private
address → 422 naming ``url``) and again before every delivery.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response, status

from api import webhook_redelivery as redelivery
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
from domain.events.service import EVENT_TYPES
from domain.webhooks import service

router = APIRouter(prefix="/v1/webhook-endpoints", tags=["webhooks"])


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
    await service.delete_endpoint(session, endpoint, actor=actor)
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
    actor: ActorDep,
) -> ResendOut:
    started = await redelivery.resend_event(
        session,
        temporal,
        task_queue=settings.temporal_task_queue,
        endpoint=endpoint,
        event_id=body.event_id,
        actor=actor,
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
    actor: ActorDep,
) -> ResendOut:
    recovered = await redelivery.recover_failed(
        session,
        temporal,
        task_queue=settings.temporal_task_queue,
        endpoint=endpoint,
        since=body.since,
        actor=actor,
    )
    return ResendOut(endpoint_id=endpoint.id, event_ids=recovered)
