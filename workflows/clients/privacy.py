"""Starting data exports and erasures, and keeping each organization's retention Schedule,
from outside a workflow (API, the worker's sweep). Every call is idempotent."""

from __future__ import annotations

from datetime import timedelta

from temporalio.client import (
    Client,
    Schedule,
    ScheduleActionStartWorkflow,
    ScheduleIntervalSpec,
    ScheduleOverlapPolicy,
    SchedulePolicy,
    ScheduleSpec,
)
from temporalio.common import SearchAttributePair, TypedSearchAttributes, WorkflowIDReusePolicy
from temporalio.exceptions import WorkflowAlreadyStartedError

from core.workflow_ids import workflow_id
from workflows import ORGANIZATION_ID, SUBJECT_TYPE
from workflows.clients.reconcile import schedule_offset
from workflows.clients.schedules import upsert_schedule
from workflows.data_export import DataExportWorkflow
from workflows.erasure import ErasureWorkflow
from workflows.priorities import priority
from workflows.privacy_types import ErasureInput, ExportInput, RetentionInput
from workflows.retention import RetentionWorkflow

RETENTION_EVERY = timedelta(days=1)


def _attributes(organization_id: str, kind: str) -> TypedSearchAttributes:
    return TypedSearchAttributes(
        [
            SearchAttributePair(ORGANIZATION_ID, organization_id),
            SearchAttributePair(SUBJECT_TYPE, kind),
        ]
    )


def export_workflow_id(organization_id: str, export_id: str) -> str:
    return workflow_id(organization_id, "export", export_id)


async def start_export(client: Client, job: ExportInput, *, task_queue: str) -> bool:
    """Start the export's workflow; ``False`` when it already runs or ran."""
    try:
        await client.start_workflow(
            DataExportWorkflow.run,
            job,
            id=export_workflow_id(job.organization_id, job.export_id),
            task_queue=task_queue,
            priority=priority(job.organization_id, "export"),
            id_reuse_policy=WorkflowIDReusePolicy.REJECT_DUPLICATE,
            search_attributes=_attributes(job.organization_id, "data_export"),
        )
    except WorkflowAlreadyStartedError:
        return False
    return True


def erasure_workflow_id(organization_id: str, erasure_id: str) -> str:
    return workflow_id(organization_id, "erasure", erasure_id)


async def start_erasure(client: Client, job: ErasureInput, *, task_queue: str) -> bool:
    """Start the erasure's workflow; ``False`` when it already runs or ran."""
    try:
        await client.start_workflow(
            ErasureWorkflow.run,
            job,
            id=erasure_workflow_id(job.organization_id, job.erasure_id),
            task_queue=task_queue,
            priority=priority(job.organization_id, "erasure"),
            id_reuse_policy=WorkflowIDReusePolicy.REJECT_DUPLICATE,
            search_attributes=_attributes(job.organization_id, "erasure"),
        )
    except WorkflowAlreadyStartedError:
        return False
    return True


def retention_schedule_id(organization_id: str) -> str:
    return workflow_id(organization_id, "retention", "daily")


def retention_schedule(organization_id: str, *, task_queue: str) -> Schedule:
    return Schedule(
        action=ScheduleActionStartWorkflow(
            RetentionWorkflow.run,
            RetentionInput(organization_id=organization_id),
            id=retention_schedule_id(organization_id),
            task_queue=task_queue,
            priority=priority(organization_id, "retention"),
            typed_search_attributes=_attributes(organization_id, "retention"),
        ),
        spec=ScheduleSpec(
            intervals=[
                ScheduleIntervalSpec(
                    every=RETENTION_EVERY,
                    offset=schedule_offset(organization_id, RETENTION_EVERY),
                )
            ]
        ),
        policy=SchedulePolicy(overlap=ScheduleOverlapPolicy.SKIP),
    )


async def ensure_retention_schedule(
    client: Client, organization_id: str, *, task_queue: str
) -> None:
    """Create the organization's daily retention Schedule, or bring it in line."""
    schedule = retention_schedule(organization_id, task_queue=task_queue)
    schedule_id = retention_schedule_id(organization_id)
    await upsert_schedule(client, schedule_id, schedule)
