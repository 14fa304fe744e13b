"""Starting and signalling an organization's TrialWorkflow from outside a workflow."""

from __future__ import annotations

from datetime import datetime

from temporalio.client import Client
from temporalio.common import WorkflowIDReusePolicy
from temporalio.exceptions import WorkflowAlreadyStartedError

from core.workflow_ids import trial_workflow_id
from workflows.clients.lifecycle import search_attributes
from workflows.priorities import priority
from workflows.trial import TrialWorkflow
from workflows.trial_types import ConvertTrial, TrialInput


async def start_trial_workflow(
    client: Client, organization_id: str, ends_at: datetime, *, task_queue: str
) -> bool:
    """Start the trial's workflow; ``False`` when it runs (or ran) already."""
    try:
        await client.start_workflow(
            TrialWorkflow.run,
            TrialInput(organization_id=organization_id, ends_at=ends_at),
            id=trial_workflow_id(organization_id),
            task_queue=task_queue,
            priority=priority(organization_id, "trial"),
            id_reuse_policy=WorkflowIDReusePolicy.REJECT_DUPLICATE,
            search_attributes=search_attributes(organization_id, "trial"),
        )
    except WorkflowAlreadyStartedError:
        return False
    return True


async def signal_conversion(client: Client, organization_id: str, plan: str) -> None:
    """Tell the trial's workflow it was converted (it ends without the downgrade)."""
    handle = client.get_workflow_handle_for(TrialWorkflow.run, trial_workflow_id(organization_id))
    await handle.signal(TrialWorkflow.convert, ConvertTrial(plan=plan))
