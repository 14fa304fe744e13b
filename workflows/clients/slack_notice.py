"""Starting Slack event notices from outside a workflow (the event relay)."""

from __future__ import annotations

from temporalio.client import Client
from temporalio.common import SearchAttributePair, TypedSearchAttributes, WorkflowIDReusePolicy
from temporalio.exceptions import WorkflowAlreadyStartedError

from workflows import ORGANIZATION_ID
from workflows.priorities import priority
from workflows.slack_notice import SlackNoticeWorkflow
from workflows.slack_notice_types import NoticeInput


def notice_workflow_id(notice: NoticeInput) -> str:
    return f"{notice.organization_id}:slack-notice:{notice.event_id}:{notice.channel}"


async def start_notice(client: Client, notice: NoticeInput, *, task_queue: str) -> bool:
    """Start posting; ``False`` when this event was (or is being) posted to this channel."""
    try:
        await client.start_workflow(
            SlackNoticeWorkflow.run,
            notice,
            id=notice_workflow_id(notice),
            task_queue=task_queue,
            priority=priority(notice.organization_id, "slack-notice"),
            id_reuse_policy=WorkflowIDReusePolicy.REJECT_DUPLICATE,
            search_attributes=TypedSearchAttributes(
                [SearchAttributePair(ORGANIZATION_ID, notice.organization_id)]
            ),
        )
    except WorkflowAlreadyStartedError:
        return False
    return True
