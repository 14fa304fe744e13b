"""Starting sync workflows from outside a workflow (the event relay, reconciliation)."""

from __future__ import annotations

from temporalio.client import Client
from temporalio.common import (
    SearchAttributePair,
    TypedSearchAttributes,
    WorkflowIDConflictPolicy,
    WorkflowIDReusePolicy,
)
from temporalio.exceptions import WorkflowAlreadyStartedError
from temporalio.service import RPCError, RPCStatusCode

from core.workflow_ids import workflow_id
from workflows import ORGANIZATION_ID
from workflows.priorities import priority
from workflows.sync_types import SYNC_WORKFLOW, SyncInput

# Two signal-with-starts of one entity at the moment its last run closed can both try to start
# the next run; the server lets one win and answers the other ALREADY_EXISTS. Asked again, the
# loser finds the winner running and signals it.
_START_ATTEMPTS = 3


def _lost_a_start_race(exc: BaseException) -> bool:
    return isinstance(exc, WorkflowAlreadyStartedError) or (
        isinstance(exc, RPCError) and exc.status == RPCStatusCode.ALREADY_EXISTS
    )


def sync_workflow_id(sync: SyncInput) -> str:
    return workflow_id(
        sync.organization_id, "sync", f"{sync.provider}:{sync.entity_type}:{sync.entity_id}"
    )


async def request_sync(client: Client, sync: SyncInput, *, task_queue: str) -> None:
    """Signal-with-start: a running sync of this entity gets one more push; otherwise a new
    run starts. Two changes in quick succession therefore collapse into at most two pushes."""
    for attempt in range(1, _START_ATTEMPTS + 1):
        try:
            await _signal_with_start(client, sync, task_queue=task_queue)
            return
        except (WorkflowAlreadyStartedError, RPCError) as exc:
            if attempt == _START_ATTEMPTS or not _lost_a_start_race(exc):
                raise


async def _signal_with_start(client: Client, sync: SyncInput, *, task_queue: str) -> None:
    await client.start_workflow(
        SYNC_WORKFLOW,
        sync,
        id=sync_workflow_id(sync),
        task_queue=task_queue,
        priority=priority(sync.organization_id, "sync"),
        start_signal="changed",
        id_conflict_policy=WorkflowIDConflictPolicy.USE_EXISTING,
        id_reuse_policy=WorkflowIDReusePolicy.ALLOW_DUPLICATE,
        search_attributes=TypedSearchAttributes(
            [SearchAttributePair(ORGANIZATION_ID, sync.organization_id)]
        ),
    )
