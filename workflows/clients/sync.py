"""Starting sync workflows from outside a workflow (the event relay, reconciliation)."""

from __future__ import annotations

from temporalio.client import Client
from temporalio.common import (
    SearchAttributePair,
    TypedSearchAttributes,
    WorkflowIDConflictPolicy,
    WorkflowIDReusePolicy,
)

from core.workflow_ids import workflow_id
from workflows import ORGANIZATION_ID
from workflows.priorities import priority
from workflows.sync_types import SYNC_WORKFLOW, SyncInput


def sync_workflow_id(sync: SyncInput) -> str:
    return workflow_id(
        sync.organization_id, "sync", f"{sync.provider}:{sync.entity_type}:{sync.entity_id}"
    )


async def request_sync(client: Client, sync: SyncInput, *, task_queue: str) -> None:
    """Signal-with-start: a running sync of this entity gets one more push; otherwise a new
    run starts. Two changes in quick succession therefore collapse into at most two pushes."""
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
