"""Delivering webhook events again: one event (resend) or every delivery that failed since a
time (recover). The API's routes and the dashboard's webhooks page both call these, so the
rules (the endpoint must be enabled; a delivery in progress is not started twice) live once.

Not a domain service because it starts workflows; it sits beside ``api.after_commit``.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession
from temporalio.client import Client

from domain import records
from domain.audit import service as audit
from domain.errors import Conflict
from domain.events.models import Event
from domain.webhooks import service
from domain.webhooks.models import WebhookEndpoint
from workflows.clients.webhook import start_delivery
from workflows.webhook_types import DeliveryInput

RECOVER_LIMIT = 10_000


def _require_enabled(endpoint: WebhookEndpoint) -> None:
    if not endpoint.enabled:
        raise Conflict("the endpoint is disabled; enable it first", code="endpoint_disabled")


async def _start(
    temporal: Client, task_queue: str, endpoint: WebhookEndpoint, events: list[str]
) -> list[str]:
    started = []
    for event_id in events:
        delivery = DeliveryInput(
            organization_id=endpoint.organization_id,
            event_id=event_id,
            endpoint_id=endpoint.id,
            resend=True,
        )
        if await start_delivery(temporal, delivery, task_queue=task_queue):
            started.append(event_id)
    return started


async def _audited(
    session: AsyncSession,
    endpoint: WebhookEndpoint,
    what: str,
    event_ids: list[str],
    actor: audit.Actor,
    *,
    since: datetime | None = None,
) -> None:
    after: dict[str, object] = {"event_ids": event_ids[:100], "count": len(event_ids)}
    if since is not None:
        after["since"] = since
    await audit.record(
        session,
        organization_id=endpoint.organization_id,
        actor=actor,
        action=f"webhook_endpoint.{what}",
        target_type="webhook_endpoint",
        target_id=endpoint.id,
        after=after,
    )


async def resend_event(
    session: AsyncSession,
    temporal: Client,
    *,
    task_queue: str,
    endpoint: WebhookEndpoint,
    event_id: str,
    actor: audit.Actor,
) -> list[str]:
    """Deliver one event to the endpoint again: 404 (``event_id``) for an event this
    organization does not have, 409 ``endpoint_disabled``, 409 ``delivery_in_progress``
    while a delivery of it to this endpoint still runs (it keeps its retry schedule)."""
    await records.get_or_404(session, Event, event_id, label="event", param="event_id")
    _require_enabled(endpoint)
    started = await _start(temporal, task_queue, endpoint, [event_id])
    if not started:
        raise Conflict(
            "a delivery of this event to this endpoint is in progress", code="delivery_in_progress"
        )
    await _audited(session, endpoint, "resent", started, actor)
    return started


async def recover_failed(
    session: AsyncSession,
    temporal: Client,
    *,
    task_queue: str,
    endpoint: WebhookEndpoint,
    since: datetime,
    actor: audit.Actor,
) -> list[str]:
    """Deliver again every event whose delivery to the endpoint failed since ``since``; the
    ids of the deliveries started (one already running again is left alone)."""
    _require_enabled(endpoint)
    failed = await service.failed_event_ids(
        session, endpoint_id=endpoint.id, since=since, limit=RECOVER_LIMIT
    )
    started = await _start(temporal, task_queue, endpoint, failed)
    await _audited(session, endpoint, "recovered", started, actor, since=since)
    return started
