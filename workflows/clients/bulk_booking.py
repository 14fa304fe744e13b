"""Starting and messaging bulk-booking sagas from outside a workflow (API, outbox relay)."""

from __future__ import annotations

from temporalio.client import Client, WorkflowHandle
from temporalio.common import SearchAttributePair, TypedSearchAttributes, WorkflowIDReusePolicy
from temporalio.exceptions import WorkflowAlreadyStartedError

from core.workflow_ids import bulk_workflow_id
from workflows import ORGANIZATION_ID, SUBJECT_TYPE
from workflows.bulk_booking import BulkBookingWorkflow
from workflows.bulk_booking_types import BulkBookingInput
from workflows.priorities import priority


async def start_bulk_booking(client: Client, job: BulkBookingInput, *, task_queue: str) -> bool:
    """Start the saga; ``False`` when it already runs or ran (the start is idempotent by id)."""
    try:
        await client.start_workflow(
            BulkBookingWorkflow.run,
            job,
            id=bulk_workflow_id(job.organization_id, job.batch_id),
            task_queue=task_queue,
            priority=priority(job.organization_id, "bulk"),
            id_reuse_policy=WorkflowIDReusePolicy.REJECT_DUPLICATE,
            search_attributes=TypedSearchAttributes(
                [
                    SearchAttributePair(ORGANIZATION_ID, job.organization_id),
                    SearchAttributePair(SUBJECT_TYPE, "bulk_booking"),
                ]
            ),
        )
    except WorkflowAlreadyStartedError:
        return False
    return True


def bulk_handle(
    client: Client, organization_id: str, batch_id: str
) -> WorkflowHandle[BulkBookingWorkflow, object]:
    return client.get_workflow_handle_for(
        BulkBookingWorkflow.run, bulk_workflow_id(organization_id, batch_id)
    )
