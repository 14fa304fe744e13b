"""Starting and messaging approval chains from outside a workflow (API, outbox relay)."""

from __future__ import annotations

from datetime import timedelta

from temporalio.client import Client, WorkflowHandle
from temporalio.common import SearchAttributePair, TypedSearchAttributes, WorkflowIDReusePolicy
from temporalio.exceptions import WorkflowAlreadyStartedError

from core.workflow_ids import approval_workflow_id
from domain.approvals.chain_types import ApprovalChainInput
from workflows import ORGANIZATION_ID, SUBJECT_TYPE
from workflows.approval import ApprovalChainWorkflow
from workflows.priorities import priority


async def start_approval_chain(
    client: Client,
    chain: ApprovalChainInput,
    *,
    task_queue: str,
    rpc_timeout: timedelta | None = None,
) -> bool:
    """Start the chain; ``False`` when it already runs (the start is idempotent by id)."""
    try:
        await client.start_workflow(
            ApprovalChainWorkflow.run,
            chain,
            id=approval_workflow_id(chain.organization_id, chain.request_id),
            task_queue=task_queue,
            priority=priority(chain.organization_id, "approval"),
            id_reuse_policy=WorkflowIDReusePolicy.REJECT_DUPLICATE,
            search_attributes=TypedSearchAttributes(
                [
                    SearchAttributePair(ORGANIZATION_ID, chain.organization_id),
                    SearchAttributePair(SUBJECT_TYPE, chain.subject_type),
                ]
            ),
            rpc_timeout=rpc_timeout,
        )
    except WorkflowAlreadyStartedError:
        return False
    return True


def approval_handle(
    client: Client, organization_id: str, request_id: str
) -> WorkflowHandle[ApprovalChainWorkflow, object]:
    return client.get_workflow_handle_for(
        ApprovalChainWorkflow.run, approval_workflow_id(organization_id, request_id)
    )
