"""Starting and cancelling an organization's deletion from outside a workflow (the API)."""

from __future__ import annotations

from temporalio.client import Client
from temporalio.common import WorkflowIDReusePolicy
from temporalio.exceptions import WorkflowAlreadyStartedError
from temporalio.service import RPCError, RPCStatusCode

from core.workflow_ids import organization_deletion_workflow_id
from workflows.organization_deletion import OrganizationDeletionWorkflow
from workflows.organization_deletion_types import DeletionInput
from workflows.priorities import priority


async def start_deletion(client: Client, job: DeletionInput, *, task_queue: str) -> bool:
    """Start the deletion's workflow; ``False`` when it already runs or ran. Not tagged with
    the organization's ``OrganizationId``: stopping the organization's workflows must not
    stop this one."""
    try:
        await client.start_workflow(
            OrganizationDeletionWorkflow.run,
            job,
            id=organization_deletion_workflow_id(job.deletion_id),
            task_queue=task_queue,
            priority=priority(job.organization_id, "organization-deletion"),
            id_reuse_policy=WorkflowIDReusePolicy.REJECT_DUPLICATE,
        )
    except WorkflowAlreadyStartedError:
        return False
    return True


async def signal_cancel(client: Client, deletion_id: str) -> bool:
    """Wake the deletion's grace timer after a cancel was recorded; ``False`` if its run is
    gone (the recorded cancel stands either way)."""
    try:
        await client.get_workflow_handle(organization_deletion_workflow_id(deletion_id)).signal(
            OrganizationDeletionWorkflow.cancel
        )
    except RPCError as exc:
        if exc.status != RPCStatusCode.NOT_FOUND:
            raise
        return False
    return True
