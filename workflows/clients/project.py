"""Starting and messaging a project's ProjectWorkflow from outside a workflow (the API after
a project starts, the lifecycle supervisor for projects whose start was lost)."""

from __future__ import annotations

from temporalio.client import (
    Client,
    WorkflowHandle,
)
from temporalio.common import (
    WorkflowIDReusePolicy,
)
from temporalio.exceptions import WorkflowAlreadyStartedError

from core.workflow_ids import project_workflow_id
from workflows.clients.lifecycle import search_attributes
from workflows.priorities import priority
from workflows.project import ProjectWorkflow
from workflows.project_types import ProjectInput


async def start_project(
    client: Client, organization_id: str, project_id: str, *, task_queue: str
) -> bool:
    """Start the project's workflow; ``False`` when it runs (or ran) already."""
    try:
        await client.start_workflow(
            ProjectWorkflow.run,
            ProjectInput(organization_id=organization_id, project_id=project_id),
            id=project_workflow_id(organization_id, project_id),
            task_queue=task_queue,
            priority=priority(organization_id, "project"),
            id_reuse_policy=WorkflowIDReusePolicy.REJECT_DUPLICATE,
            search_attributes=search_attributes(organization_id, "project"),
        )
    except WorkflowAlreadyStartedError:
        return False
    return True


def project_handle(
    client: Client, organization_id: str, project_id: str
) -> WorkflowHandle[ProjectWorkflow, object]:
    return client.get_workflow_handle_for(
        ProjectWorkflow.run, project_workflow_id(organization_id, project_id)
    )
