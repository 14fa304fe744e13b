"""The per-organization reconciliation Schedules, managed from outside a workflow (the API
when a connection is made, changed or removed; the worker's sweep at start). Idempotent."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from temporalio.client import (
    Client,
    Schedule,
    ScheduleActionStartWorkflow,
    ScheduleIntervalSpec,
    ScheduleOverlapPolicy,
    SchedulePolicy,
    ScheduleSpec,
)
from temporalio.common import SearchAttributePair, TypedSearchAttributes
from temporalio.service import RPCError, RPCStatusCode

from core.workflow_ids import workflow_id
from workflows import ORGANIZATION_ID, SUBJECT_TYPE
from workflows.clients.schedules import upsert_schedule
from workflows.priorities import priority
from workflows.reconcile import ReconcileWorkflow
from workflows.reconcile_types import ReconcileInput
from workflows.sync_types import Provider


def reconcile_schedule_id(organization_id: str, provider: str) -> str:
    return workflow_id(organization_id, "reconcile", provider)


def schedule_offset(organization_id: str, every: timedelta) -> timedelta:
    """A fixed, per-organization point in the interval, so thousands of organizations do not
    all reconcile at midnight; the same organization always gets the same offset."""
    minutes = max(1, int(every.total_seconds() // 60))
    digest = int.from_bytes(hashlib.sha256(organization_id.encode()).digest()[:8], "big")
    return timedelta(minutes=digest % minutes)


def reconcile_schedule(
    organization_id: str, provider: Provider, *, every_hours: int, task_queue: str
) -> Schedule:
    every = timedelta(hours=every_hours)
    return Schedule(
        action=ScheduleActionStartWorkflow(
            ReconcileWorkflow.run,
            ReconcileInput(organization_id=organization_id, provider=provider),
            id=reconcile_schedule_id(organization_id, provider),
            task_queue=task_queue,
            priority=priority(organization_id, "reconcile"),
            typed_search_attributes=TypedSearchAttributes(
                [
                    SearchAttributePair(ORGANIZATION_ID, organization_id),
                    SearchAttributePair(SUBJECT_TYPE, "reconcile"),
                ]
            ),
        ),
        spec=ScheduleSpec(
            intervals=[
                ScheduleIntervalSpec(every=every, offset=schedule_offset(organization_id, every))
            ]
        ),
        # A run still going when the next is due (a huge CRM) is not doubled up.
        policy=SchedulePolicy(overlap=ScheduleOverlapPolicy.SKIP),
    )


async def ensure_reconcile_schedule(
    client: Client,
    organization_id: str,
    provider: Provider,
    *,
    every_hours: int,
    task_queue: str,
) -> None:
    """Create the Schedule, or bring an existing one in line with the connection."""
    schedule = reconcile_schedule(
        organization_id, provider, every_hours=every_hours, task_queue=task_queue
    )
    schedule_id = reconcile_schedule_id(organization_id, provider)
    await upsert_schedule(client, schedule_id, schedule)


async def remove_reconcile_schedule(client: Client, organization_id: str, provider: str) -> bool:
    """Delete the Schedule (a disconnected provider has nothing to reconcile); ``False`` when
    there was none. Runs already started finish and find the connection gone."""
    try:
        await client.get_schedule_handle(reconcile_schedule_id(organization_id, provider)).delete()
    except RPCError as exc:
        if exc.status == RPCStatusCode.NOT_FOUND:
            return False
        raise
    return True
