"""Starting the Salesforce backfill from outside a workflow (the API, after a first connect or
an operator's request)."""

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
from workflows.salesforce_backfill import SalesforceBackfillWorkflow
from workflows.salesforce_backfill_types import BackfillInput


def backfill_workflow_id(organization_id: str) -> str:
    return workflow_id(organization_id, "backfill", "salesforce")


async def start_backfill(client: Client, job: BackfillInput, *, task_queue: str) -> str:
    """Start the organization's backfill, or join the one already running (two requests at
    once get the same run); the id of the run."""
    handle = await client.start_workflow(
        SalesforceBackfillWorkflow.run,
        job,
        id=backfill_workflow_id(job.organization_id),
        task_queue=task_queue,
        priority=priority(job.organization_id, "sync"),
        id_conflict_policy=WorkflowIDConflictPolicy.USE_EXISTING,
        id_reuse_policy=WorkflowIDReusePolicy.ALLOW_DUPLICATE,
        search_attributes=TypedSearchAttributes(
            [SearchAttributePair(ORGANIZATION_ID, job.organization_id)]
        ),
    )
    return str(handle.result_run_id or handle.run_id or "")
