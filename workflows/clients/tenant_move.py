"""Starting an organization's TenantMoveWorkflow from outside a workflow."""

from __future__ import annotations

from temporalio.client import Client, WorkflowHandle
from temporalio.common import WorkflowIDReusePolicy

from core.workflow_ids import tenant_move_workflow_id
from workflows.clients.lifecycle import search_attributes
from workflows.priorities import priority
from workflows.tenant_move import TenantMoveWorkflow
from workflows.tenant_move_types import TenantMoveInput, TenantMoveResult


async def start_tenant_move(
    client: Client,
    organization_id: str,
    move_id: str,
    *,
    task_queue: str,
    cleanup_delay_seconds: float = 60.0,
    page_rows: int = 500,
) -> WorkflowHandle[TenantMoveWorkflow, TenantMoveResult]:
    """Start the move's workflow (one per move: its id carries the move's)."""
    return await client.start_workflow(
        TenantMoveWorkflow.run,
        TenantMoveInput(
            organization_id=organization_id,
            move_id=move_id,
            cleanup_delay_seconds=cleanup_delay_seconds,
            page_rows=page_rows,
        ),
        id=tenant_move_workflow_id(organization_id, move_id),
        task_queue=task_queue,
        priority=priority(organization_id, "tenant-move"),
        id_reuse_policy=WorkflowIDReusePolicy.REJECT_DUPLICATE,
        search_attributes=search_attributes(organization_id, "tenant-move"),
    )
