"""The event relay: fan committed events out to the workflows that act on them.

Events are written in the transaction of the change (``domain.events.service``); this sweep, run by
the worker every second, starts a :class:`WebhookDeliveryWorkflow` per subscribed endpoint and
the other fan-outs registered in :data:`FAN_OUTS` (syncs, chat notices), then stamps the events
``relayed_at``. Every start is idempotent by workflow id, so a sweep that dies half-way and is
repeated starts nothing twice.
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime
from typing import cast

from sqlalchemy import select, text, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from temporalio.client import Client
from temporalio.service import RPCError

from core import metrics
from core.db import system_session, tenant_session
from domain.bookings.models import Booking
from domain.connections.models import IntegrationConnection
from domain.events import service as _events  # noqa: F401 - the outbox listener must be installed
from domain.events.models import Event
from domain.projects.plan_view import milestones_of_bookings
from domain.webhooks.models import WebhookEndpoint
from relays.slack_notices import slack_notice_starts
from workflows.clients.lifecycle import wake_dispatcher
from workflows.clients.sync import request_sync
from workflows.clients.webhook import start_delivery
from workflows.sync_types import ACCOUNTING_PROVIDERS, EntityType, SyncInput
from workflows.webhook_types import DeliveryInput

START_CONCURRENCY = 32

# A fan-out reads what it needs in the organization's session and returns the starts to make.
Start = Callable[[], Awaitable[object]]
FanOut = Callable[[AsyncSession, Client, Sequence[Event], str], Awaitable[list[Start]]]

log = logging.getLogger("auditoryx.worker")


async def webhook_starts(
    session: AsyncSession, client: Client, batch: Sequence[Event], task_queue: str
) -> list[Start]:
    endpoints = (
        (await session.execute(select(WebhookEndpoint).where(WebhookEndpoint.enabled)))
        .scalars()
        .all()
    )
    starts: list[Start] = []
    for event in batch:
        for endpoint in endpoints:
            if event.type in endpoint.event_types:
                delivery = DeliveryInput(
                    organization_id=event.organization_id,
                    event_id=event.id,
                    endpoint_id=endpoint.id,
                )
                starts.append(
                    lambda d=delivery: start_delivery(client, d, task_queue=task_queue)  # type: ignore[misc]
                )
    return starts


# Events that change what a provider holds: the entity they are about is pushed again.
# (Event type prefix → entity; a milestone's event is ``project.milestone_completed``.)
SYNCED_ENTITIES = {
    "booking": "booking",
    "client": "client",
    "bulk_booking": "bulk_booking",
    "project": "milestone",
}
SYNC_PROVIDERS = ("hubspot", "salesforce", "quickbooks", "xero", "asana", "monday")
# CRMs keep one deal per bulk booking, pushed by the batch's own sync.
CRM_PROVIDERS = ("hubspot", "salesforce")
# What each provider keeps: a CRM's companies/contacts (Salesforce accounts) and deals
# (opportunities: one per booking, one per bulk booking), QuickBooks and Xero invoices (per
# session, or per milestone).
PROVIDER_ENTITIES: dict[str, frozenset[str]] = {
    "hubspot": frozenset({"client", "booking", "bulk_booking"}),
    "salesforce": frozenset({"client", "booking", "bulk_booking"}),
    "quickbooks": frozenset({"booking", "milestone"}),
    "xero": frozenset({"booking", "milestone"}),
    # A project tool keeps a task per milestone: every milestone event pushes it again.
    "asana": frozenset({"milestone"}),
    "monday": frozenset({"milestone"}),
}
INVOICED_EVENTS = frozenset(
    {"booking.completed", "project.milestone_completed", "project.milestone_cancelled"}
)
# Providers that act on some events only (others take every event of a synced entity):
# a ledger invoices a session once it took place, or a milestone once it is done (or
# cancelled with its project: the work that did happen is billed).
PROVIDER_EVENTS: dict[str, frozenset[str]] = dict.fromkeys(ACCOUNTING_PROVIDERS, INVOICED_EVENTS)


async def _batches_of(session: AsyncSession, booking_ids: list[str]) -> dict[str, str]:
    """booking id → its bulk booking. Read here rather than from the event: a batch confirms
    its bookings set-based, and those events carry the audit diff, not the whole booking."""
    if not booking_ids:
        return {}
    rows = await session.execute(
        select(Booking.id, Booking.batch_id).where(
            Booking.id.in_(booking_ids), Booking.batch_id.is_not(None)
        )
    )
    return {booking_id: batch_id for booking_id, batch_id in rows.all() if batch_id}


def _entity(
    provider: str, event: Event, batches: dict[str, str], milestones: dict[str, str]
) -> tuple[EntityType, str] | None:
    """The entity ``provider`` should push for ``event``. A booking of a bulk booking is part
    of its batch's one CRM deal; a session of a milestone is invoiced through the
    milestone's sync, so the milestone-or-session choice is made in one workflow at a time."""
    entity_type = SYNCED_ENTITIES.get(event.type.split(".")[0])
    entity_id = event.data.get("id")
    if entity_type not in PROVIDER_ENTITIES[provider] or not isinstance(entity_id, str):
        return None
    if provider in PROVIDER_EVENTS and event.type not in PROVIDER_EVENTS[provider]:
        return None
    if entity_type == "booking":
        if provider in CRM_PROVIDERS and entity_id in batches:
            return "bulk_booking", batches[entity_id]
        if provider in ACCOUNTING_PROVIDERS and entity_id in milestones:
            return "milestone", milestones[entity_id]
    return cast(EntityType, entity_type), entity_id


async def sync_starts(
    session: AsyncSession, client: Client, batch: Sequence[Event], task_queue: str
) -> list[Start]:
    connected = (
        (
            await session.execute(
                select(IntegrationConnection.provider).where(
                    IntegrationConnection.provider.in_(SYNC_PROVIDERS),
                    IntegrationConnection.status == "connected",
                )
            )
        )
        .scalars()
        .all()
    )
    booking_ids = [str(e.data.get("id")) for e in batch if e.type.startswith("booking.")]
    batches = (
        await _batches_of(session, booking_ids)
        if any(p in connected for p in CRM_PROVIDERS)
        else {}
    )
    milestones = (
        await milestones_of_bookings(
            session, [str(e.data.get("id")) for e in batch if e.type == "booking.completed"]
        )
        if ACCOUNTING_PROVIDERS.intersection(connected)
        else {}
    )
    wanted: dict[str, SyncInput] = {}
    for event in batch:
        for provider in connected:
            target = _entity(provider, event, batches, milestones)
            if target is None:
                continue
            sync = SyncInput(
                organization_id=event.organization_id,
                provider=provider,
                entity_type=target[0],
                entity_id=target[1],
            )
            wanted[f"{provider}:{target[0]}:{target[1]}"] = sync  # one push per entity
    return [
        lambda s=sync: request_sync(client, s, task_queue=task_queue)  # type: ignore[misc]
        for sync in wanted.values()
    ]


# Events after which an organization's reminder dispatcher looks again: reminders, notices
# and chasers are derived from bookings and approvals.
WAKES_DISPATCHER = ("booking.", "approval.")


async def dispatcher_wakes(
    session: AsyncSession, client: Client, batch: Sequence[Event], task_queue: str
) -> list[Start]:
    """One wake of the organization's dispatcher per batch that changed its bookings or
    approvals, however they changed (API, bulk saga, project): the one place that sees every
    committed change. A dispatcher that is not running is left to the supervisor."""
    if not any(e.type.startswith(WAKES_DISPATCHER) for e in batch):
        return []
    organization_id = batch[0].organization_id

    async def wake() -> None:
        try:
            await wake_dispatcher(client, organization_id)
        except (RPCError, RuntimeError) as exc:  # RuntimeError: the client cannot connect
            # Best effort: the dispatcher also wakes on its own timer; the batch's webhooks,
            # syncs and notices must not wait for Temporal to take a wake.
            log.warning("dispatcher of %s not woken: %s", organization_id, exc)

    return [wake]


FAN_OUTS: list[FanOut] = [webhook_starts, sync_starts, slack_notice_starts, dispatcher_wakes]


async def _run_bounded(starts: list[Start]) -> None:
    gate = asyncio.Semaphore(START_CONCURRENCY)

    async def one(start: Start) -> None:
        async with gate:
            await start()

    await asyncio.gather(*(one(s) for s in starts))


async def relay_events(
    sessionmaker: async_sessionmaker[AsyncSession],
    client: Client,
    *,
    task_queue: str,
    batch_size: int = 500,
    fan_outs: Sequence[FanOut] | None = None,
) -> int:
    """One sweep; returns how many events were relayed."""
    async with system_session(sessionmaker) as session:
        rows = (
            await session.execute(
                text("SELECT organization_id, id FROM unrelayed_events(:n)"), {"n": batch_size}
            )
        ).all()
    metrics.set_relay_pending("events", len(rows))
    by_org: dict[str, list[str]] = defaultdict(list)
    for organization_id, event_id in rows:
        by_org[organization_id].append(event_id)
    relayed = 0
    for organization_id, event_ids in by_org.items():
        async with tenant_session(sessionmaker, [organization_id]) as session:
            batch = (
                (
                    await session.execute(
                        select(Event)
                        .where(Event.id.in_(event_ids), Event.relayed_at.is_(None))
                        .order_by(Event.created_at)
                    )
                )
                .scalars()
                .all()
            )
            starts: list[Start] = []
            for fan_out in FAN_OUTS if fan_outs is None else fan_outs:
                starts.extend(await fan_out(session, client, batch, task_queue))
        await _run_bounded(starts)
        async with tenant_session(sessionmaker, [organization_id]) as session:
            await session.execute(
                update(Event)
                .where(Event.id.in_([e.id for e in batch]))
                .values(relayed_at=datetime.now(UTC))
            )
        relayed += len(batch)
    return relayed


async def relay_all_events(
    sessionmaker: async_sessionmaker[AsyncSession], client: Client, *, task_queue: str
) -> int:
    """Sweeps until nothing is left to relay (a burst is not held back by the loop's sleep);
    returns how many events were relayed."""
    total = 0
    while relayed := await relay_events(sessionmaker, client, task_queue=task_queue):
        total += relayed
    return total
