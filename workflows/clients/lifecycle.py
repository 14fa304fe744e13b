"""Starting and messaging the per-organization lifecycle processes (the notice dispatcher and
the weekly report schedule) from outside a workflow (API, worker start-up). Every call here is
idempotent."""

from __future__ import annotations

from temporalio.client import (
    Client,
    Schedule,
    ScheduleActionStartWorkflow,
    ScheduleOverlapPolicy,
    SchedulePolicy,
    ScheduleSpec,
    ScheduleState,
)
from temporalio.common import (
    SearchAttributePair,
    TypedSearchAttributes,
    WorkflowIDConflictPolicy,
)
from temporalio.service import RPCError, RPCStatusCode

from core.workflow_ids import dispatcher_workflow_id, weekly_report_workflow_id
from workflows import ORGANIZATION_ID, SUBJECT_TYPE
from workflows.clients.schedules import upsert_schedule
from workflows.lifecycle import LifecycleDispatcherWorkflow, StakeholderReportWorkflow
from workflows.lifecycle_types import DispatcherInput, ReportInput
from workflows.priorities import priority


def search_attributes(organization_id: str, kind: str) -> TypedSearchAttributes:
    return TypedSearchAttributes(
        [
            SearchAttributePair(ORGANIZATION_ID, organization_id),
            SearchAttributePair(SUBJECT_TYPE, kind),
        ]
    )


async def start_dispatcher(
    client: Client, organization_id: str, *, task_queue: str, wake: bool = False
) -> None:
    """Start the organization's dispatcher if it is not running; a running one is left
    asleep (a start that finds it costs the server no workflow task), unless ``wake``.
    The worker's supervisor calls this for every organization."""
    await client.start_workflow(
        LifecycleDispatcherWorkflow.run,
        DispatcherInput(organization_id=organization_id),
        id=dispatcher_workflow_id(organization_id),
        task_queue=task_queue,
        priority=priority(organization_id, "lifecycle"),
        id_conflict_policy=WorkflowIDConflictPolicy.USE_EXISTING,
        start_signal="wake" if wake else None,
        search_attributes=search_attributes(organization_id, "lifecycle"),
    )


async def wake_dispatcher(client: Client, organization_id: str) -> bool:
    """Wake the organization's running dispatcher; ``False`` if there is none.

    Only the worker starts dispatchers (its supervisor knows the worker runs the workflow);
    an API that started one on a queue served by another worker would leave it stuck.
    """
    handle = client.get_workflow_handle_for(
        LifecycleDispatcherWorkflow.run, dispatcher_workflow_id(organization_id)
    )
    try:
        await handle.signal(LifecycleDispatcherWorkflow.wake)
    except RPCError as exc:
        if exc.status == RPCStatusCode.NOT_FOUND:
            return False
        raise
    return True


def report_schedule_id(organization_id: str) -> str:
    return f"{organization_id}:report"


def _report_schedule(
    organization_id: str, *, cron: str, timezone: str, enabled: bool, task_queue: str
) -> Schedule:
    return Schedule(
        action=ScheduleActionStartWorkflow(
            StakeholderReportWorkflow.run,
            ReportInput(organization_id=organization_id),
            id=weekly_report_workflow_id(organization_id),
            task_queue=task_queue,
            priority=priority(organization_id, "report"),
            typed_search_attributes=search_attributes(organization_id, "report"),
        ),
        spec=ScheduleSpec(cron_expressions=[cron], time_zone_name=timezone),
        policy=SchedulePolicy(overlap=ScheduleOverlapPolicy.SKIP),
        state=ScheduleState(
            paused=not enabled, note="" if enabled else "disabled in communication settings"
        ),
    )


async def ensure_report_schedule(
    client: Client,
    organization_id: str,
    *,
    cron: str,
    timezone: str,
    enabled: bool,
    task_queue: str,
) -> None:
    """Create the organization's report Schedule, or bring it in line with its settings."""
    schedule = _report_schedule(
        organization_id, cron=cron, timezone=timezone, enabled=enabled, task_queue=task_queue
    )
    await upsert_schedule(client, report_schedule_id(organization_id), schedule)
