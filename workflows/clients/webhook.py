"""Starting webhook deliveries from outside a workflow (the event relay, the API's resend)."""

from __future__ import annotations

from temporalio.client import Client
from temporalio.common import SearchAttributePair, TypedSearchAttributes, WorkflowIDReusePolicy
from temporalio.exceptions import WorkflowAlreadyStartedError

from core.workflow_ids import workflow_id
from workflows import ORGANIZATION_ID
from workflows.priorities import priority
from workflows.webhook_delivery import WebhookDeliveryWorkflow
from workflows.webhook_types import DeliveryInput


def delivery_workflow_id(organization_id: str, event_id: str, endpoint_id: str) -> str:
    return workflow_id(organization_id, "webhook", f"{event_id}:{endpoint_id}")


async def start_delivery(client: Client, delivery: DeliveryInput, *, task_queue: str) -> bool:
    """Start delivering; ``False`` when this delivery already runs or (unless it is a resend)
    already ran. The relay may offer an event twice after a crash: the id makes that a no-op,
    while a resend deliberately runs the closed workflow id again."""
    try:
        await client.start_workflow(
            WebhookDeliveryWorkflow.run,
            delivery,
            id=delivery_workflow_id(
                delivery.organization_id, delivery.event_id, delivery.endpoint_id
            ),
            task_queue=task_queue,
            priority=priority(delivery.organization_id, "webhook"),
            id_reuse_policy=WorkflowIDReusePolicy.ALLOW_DUPLICATE
            if delivery.resend
            else WorkflowIDReusePolicy.REJECT_DUPLICATE,
            search_attributes=TypedSearchAttributes(
                [SearchAttributePair(ORGANIZATION_ID, delivery.organization_id)]
            ),
        )
    except WorkflowAlreadyStartedError:
        return False
    return True
