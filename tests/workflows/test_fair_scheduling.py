"""Tenants cannot hurt each other through the shared task queue.

Every workflow start, child workflow and activity call carries its organization as Temporal's
fairness key and its kind's priority (``workflows/priorities.py``), and the dev server
``auditoryx dev`` and these tests start has fairness on. Checked here:

- what each start sends, read back from the dev server (``describe()``, Schedules);
- what each workflow asks for its activities and child workflows, by replaying every recorded
  history through an interceptor (every workflow type, every path the recordings show);
- that the server keeps an activity's priority in the history;
- that the dev server enforces both: with one worker slot, an organization's approval overtakes
  another organization's backlog of webhook deliveries, and even at equal priority a newcomer
  is served before a busy organization's backlog drains.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest
from temporalio import activity, workflow
from temporalio.api.enums.v1 import EventType, TaskQueueType
from temporalio.api.taskqueue.v1 import TaskQueue
from temporalio.api.workflowservice.v1 import DescribeTaskQueueRequest
from temporalio.client import Client, ScheduleActionStartWorkflow, WorkflowHandle
from temporalio.common import Priority
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import (
    ExecuteWorkflowInput,
    Interceptor,
    Replayer,
    StartActivityInput,
    StartChildWorkflowInput,
    UnsandboxedWorkflowRunner,
    Worker,
    WorkflowInboundInterceptor,
    WorkflowInterceptorClassInput,
    WorkflowOutboundInterceptor,
)

from domain.approvals.chain_types import ApprovalChainInput, ApproverRef, StepSpec
from tests.support.harness import deployment_for, route_to
from tests.support.histories import HISTORIES, load
from worker import WORKFLOWS
from workflows.bulk_booking_types import BulkBookingInput
from workflows.clients.approval import start_approval_chain
from workflows.clients.bulk_booking import start_bulk_booking
from workflows.clients.lifecycle import ensure_report_schedule, report_schedule_id, start_dispatcher
from workflows.clients.privacy import (
    ensure_retention_schedule,
    retention_schedule_id,
    start_erasure,
    start_export,
)
from workflows.clients.project import start_project
from workflows.clients.reconcile import ensure_reconcile_schedule, reconcile_schedule_id
from workflows.clients.slack_notice import start_notice
from workflows.clients.sync import request_sync
from workflows.clients.webhook import start_delivery
from workflows.priorities import (
    BACKGROUND,
    BULK,
    INTERACTIVE,
    PRIORITY_KEYS,
    STEPS,
    SYSTEM,
    Kind,
    priority,
)
from workflows.privacy_types import ErasureInput, ExportInput
from workflows.slack_notice import SlackNoticeWorkflow
from workflows.slack_notice_types import NoticeInput, NoticeResult
from workflows.sync_types import SyncInput
from workflows.webhook_types import DeliveryInput

ORG = "org_fairness_a"

# The kind of each workflow type; its activities run at the same kind, its child workflows are
# approval chains.
KIND_OF: dict[str, Kind] = {
    "ApprovalChainWorkflow": "approval",
    "HealthProbeWorkflow": "health",
    "ProjectWorkflow": "project",
    "BulkBookingWorkflow": "bulk",
    "WebhookDeliveryWorkflow": "webhook",
    "SyncWorkflow": "sync",
    "SalesforceBackfillWorkflow": "sync",
    "SlackNoticeWorkflow": "slack-notice",
    "LifecycleDispatcherWorkflow": "lifecycle",
    "ReconcileWorkflow": "reconcile",
    "StakeholderReportWorkflow": "report",
    "DataExportWorkflow": "export",
    "RetentionWorkflow": "retention",
    "TrialWorkflow": "trial",
    "ErasureWorkflow": "erasure",
    "TenantMoveWorkflow": "tenant-move",
    "OrganizationDeletionWorkflow": "organization-deletion",
}


def test_interactive_work_goes_before_bulk_work_before_background_work() -> None:
    assert INTERACTIVE < STEPS < BULK < BACKGROUND
    assert PRIORITY_KEYS["approval"] < PRIORITY_KEYS["project"] < PRIORITY_KEYS["webhook"]
    assert {PRIORITY_KEYS[k] for k in ("bulk", "webhook", "sync", "slack-notice")} == {BULK}
    assert PRIORITY_KEYS["reconcile"] == PRIORITY_KEYS["report"] == BACKGROUND
    # The server's default range is 1..5: every key is inside it.
    assert all(1 <= key <= 5 for key in PRIORITY_KEYS.values())
    assert priority(ORG, "approval") == Priority(priority_key=INTERACTIVE, fairness_key=ORG)


# --- starts -----------------------------------------------------------------------------------


@pytest.fixture
async def idle_queue(dev_server_env: WorkflowEnvironment) -> AsyncIterator[str]:
    """A task queue nobody polls: what is started there stays as it was sent; terminated at
    the end."""
    queue = f"fair-{uuid.uuid4().hex[:8]}"
    yield queue
    client = dev_server_env.client
    async for execution in client.list_workflows(f"TaskQueue = '{queue}'"):
        await client.get_workflow_handle(execution.id).terminate("test over")


async def _priority_of(client: Client, workflow_id: str) -> Priority:
    description = await client.get_workflow_handle(workflow_id).describe()
    return Priority._from_proto(description.raw_description.workflow_execution_info.priority)


async def test_every_start_carries_the_organization_and_its_kinds_priority(
    dev_server_env: WorkflowEnvironment, idle_queue: str
) -> None:
    client = dev_server_env.client
    org = f"org_fair_{uuid.uuid4().hex[:8]}"
    chain = ApprovalChainInput(
        organization_id=org,
        request_id="apr_fair",
        subject_type="booking",
        subject_id="bkg_fair",
        policy_id="pol_fair",
        policy_version=1,
        steps=[StepSpec(name="manager", approvers=[ApproverRef(role="manager")])],
    )
    starts: list[tuple[Kind, str]] = []
    assert await start_approval_chain(client, chain, task_queue=idle_queue)
    starts.append(("approval", f"{org}:approval:apr_fair"))
    bulk = BulkBookingInput(organization_id=org, batch_id="blk_fair")
    assert await start_bulk_booking(client, bulk, task_queue=idle_queue)
    starts.append(("bulk", f"{org}:bulk:blk_fair"))
    assert await start_project(client, org, "prj_fair", task_queue=idle_queue)
    starts.append(("project", f"{org}:project:prj_fair"))
    delivery = DeliveryInput(organization_id=org, event_id="evt_fair", endpoint_id="whe_fair")
    assert await start_delivery(client, delivery, task_queue=idle_queue)
    starts.append(("webhook", f"{org}:webhook:evt_fair:whe_fair"))
    sync = SyncInput(
        organization_id=org, provider="hubspot", entity_type="client", entity_id="cli_fair"
    )
    await request_sync(client, sync, task_queue=idle_queue)
    starts.append(("sync", f"{org}:sync:hubspot:client:cli_fair"))
    notice = NoticeInput(organization_id=org, event_id="evt_fair", channel="C0FAIR")
    assert await start_notice(client, notice, task_queue=idle_queue)
    starts.append(("slack-notice", f"{org}:slack-notice:evt_fair:C0FAIR"))
    await start_dispatcher(client, org, task_queue=idle_queue)
    starts.append(("lifecycle", f"{org}:lifecycle:dispatcher"))
    export = ExportInput(organization_id=org, export_id="exp_fair")
    assert await start_export(client, export, task_queue=idle_queue)
    starts.append(("export", f"{org}:export:exp_fair"))
    erasure = ErasureInput(organization_id=org, erasure_id="ers_fair")
    assert await start_erasure(client, erasure, task_queue=idle_queue)
    starts.append(("erasure", f"{org}:erasure:ers_fair"))

    for kind, workflow_id in starts:
        assert await _priority_of(client, workflow_id) == priority(org, kind), kind


async def test_every_schedule_starts_its_runs_with_the_organization_and_its_kinds_priority(
    dev_server_env: WorkflowEnvironment, idle_queue: str
) -> None:
    client = dev_server_env.client
    org = f"org_fair_{uuid.uuid4().hex[:8]}"
    await ensure_report_schedule(
        client, org, cron="0 8 * * 1", timezone="UTC", enabled=False, task_queue=idle_queue
    )
    await ensure_reconcile_schedule(client, org, "hubspot", every_hours=24, task_queue=idle_queue)
    await ensure_retention_schedule(client, org, task_queue=idle_queue)
    try:
        for kind, schedule_id in [
            ("report", report_schedule_id(org)),
            ("reconcile", reconcile_schedule_id(org, "hubspot")),
            ("retention", retention_schedule_id(org)),
        ]:
            described = await client.get_schedule_handle(schedule_id).describe()
            action = described.schedule.action
            assert isinstance(action, ScheduleActionStartWorkflow)
            assert action.priority == priority(org, kind), kind
    finally:
        await client.get_schedule_handle(report_schedule_id(org)).delete()
        await client.get_schedule_handle(reconcile_schedule_id(org, "hubspot")).delete()
        await client.get_schedule_handle(retention_schedule_id(org)).delete()


# --- activities and child workflows -----------------------------------------------------------

Call = tuple[str, str, Priority]  # (workflow type, "activity:<type>" | "child:<type>", priority)


class _Recorder(Interceptor):
    """Notes the organization each workflow runs for and the Priority of every activity and
    child workflow it schedules."""

    def __init__(self) -> None:
        self.organizations: dict[str, str] = {}
        self.calls: list[Call] = []

    def workflow_interceptor_class(
        self, input: WorkflowInterceptorClassInput
    ) -> type[WorkflowInboundInterceptor]:
        recorder = self

        class Outbound(WorkflowOutboundInterceptor):
            def start_activity(self, input: StartActivityInput) -> Any:
                name = workflow.info().workflow_type
                recorder.calls.append((name, f"activity:{input.activity}", input.priority))
                return super().start_activity(input)

            async def start_child_workflow(self, input: StartChildWorkflowInput) -> Any:
                name = workflow.info().workflow_type
                recorder.calls.append((name, f"child:{input.workflow}", input.priority))
                return await super().start_child_workflow(input)

        class Inbound(WorkflowInboundInterceptor):
            def init(self, outbound: WorkflowOutboundInterceptor) -> None:
                super().init(Outbound(outbound))

            async def execute_workflow(self, input: ExecuteWorkflowInput) -> Any:
                organization = getattr(input.args[0], "organization_id", SYSTEM)
                recorder.organizations[workflow.info().workflow_type] = organization
                return await super().execute_workflow(input)

        return Inbound


async def test_every_activity_and_child_workflow_carries_the_organization_and_its_kind() -> None:
    recorder = _Recorder()
    replayer = Replayer(
        workflows=list(WORKFLOWS),
        data_converter=pydantic_data_converter,
        interceptors=[recorder],
        workflow_runner=UnsandboxedWorkflowRunner(),
    )
    seen: set[str] = set()
    for path in sorted(HISTORIES.glob("*.json")):
        recorder.calls.clear()
        await replayer.replay_workflow(load(path))
        assert recorder.calls, f"{path.name} scheduled nothing"
        for name, call, sent in recorder.calls:
            organization = recorder.organizations[name]
            kind: Kind = "approval" if call.startswith("child:") else KIND_OF[name]
            assert sent == priority(organization, kind), (path.name, call)
            seen.add(name)
    # Every workflow type the worker runs was replayed and checked.
    assert seen == {w.__name__ for w in WORKFLOWS}


async def test_the_server_keeps_an_activitys_fairness_key_and_priority(
    dev_server_env: WorkflowEnvironment,
) -> None:
    @activity.defn(name="slack_notice_post")
    async def post(notice: NoticeInput) -> NoticeResult:
        return NoticeResult(status="posted", channel=notice.channel)

    client = dev_server_env.client
    queue = f"fair-{uuid.uuid4().hex[:8]}"
    notice = NoticeInput(organization_id=ORG, event_id=f"evt_{queue}", channel="C0FAIR")
    async with Worker(
        client,
        task_queue=queue,
        workflows=[SlackNoticeWorkflow],
        activities=[post],
        deployment_config=deployment_for(queue),
    ) as worker:
        await route_to(dev_server_env, worker)
        assert await start_notice(client, notice, task_queue=queue)
        handle: WorkflowHandle[Any, Any] = client.get_workflow_handle(
            f"{ORG}:slack-notice:{notice.event_id}:C0FAIR"
        )
        await handle.result()
    scheduled = [
        e.activity_task_scheduled_event_attributes
        async for e in handle.fetch_history_events()
        if e.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED
    ]
    assert len(scheduled) == 1
    sent = Priority._from_proto(scheduled[0].priority)
    assert sent == priority(ORG, "slack-notice") == Priority(priority_key=BULK, fairness_key=ORG)


# --- what the dev server enforces -------------------------------------------------------------

served: list[str] = []


@activity.defn(name="fair_scheduling_serve")
async def serve(organization_id: str) -> None:
    served.append(organization_id)


@workflow.defn(name="FairSchedulingProbe", sandboxed=False)
class FairSchedulingProbe:
    """One task of one organization: runs one activity that notes the organization."""

    @workflow.run
    async def run(self, organization_id: str) -> None:
        await workflow.execute_activity(
            serve, organization_id, start_to_close_timeout=timedelta(seconds=10)
        )


async def _served_order(client: Client, backlog: Priority, newcomer: Priority) -> list[str]:
    """Organization C queues ``BACKLOG`` tasks at ``backlog``, then A one task at
    ``newcomer``; then one worker with one slot for each task type serves them all. The
    order in which the organizations were served."""
    queue = f"fair-{uuid.uuid4().hex[:8]}"
    starts = [(f"{queue}-c-{n}", backlog) for n in range(BACKLOG)] + [(f"{queue}-a", newcomer)]
    for workflow_id, sent in starts:
        await client.start_workflow(
            FairSchedulingProbe.run,
            sent.fairness_key or "",
            id=workflow_id,
            task_queue=queue,
            priority=sent,
        )
    await _until_backlogged(client, queue, len(starts))
    served.clear()
    async with Worker(
        client,
        task_queue=queue,
        workflows=[FairSchedulingProbe],
        activities=[serve],
        max_concurrent_workflow_tasks=1,
        max_concurrent_activities=1,
        # No sticky queue: a workflow's next task would wait there (up to its 10 s timeout)
        # while the one slot keeps taking tasks from the backlog.
        max_cached_workflows=0,
    ):
        for workflow_id, _ in starts:
            await client.get_workflow_handle(workflow_id).result()
    return list(served)


BACKLOG = 20


async def _until_backlogged(client: Client, queue: str, tasks: int) -> None:
    """A start returns before its first workflow task reaches the queue; wait until all of
    them wait there, so the worker sees the whole backlog, not whatever arrived first."""
    request = DescribeTaskQueueRequest(
        namespace=client.namespace,
        task_queue=TaskQueue(name=queue),
        task_queue_type=TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
        report_stats=True,
    )
    for _ in range(200):
        response = await client.workflow_service.describe_task_queue(request)
        if response.stats.approximate_backlog_count >= tasks:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"{queue} never held {tasks} workflow tasks")


async def _newcomer_served_at(client: Client, newcomer: Kind) -> int:
    """Where, in the order served, organization A's one ``newcomer`` task came, started after
    organization C's backlog of webhook deliveries."""
    order = await _served_order(client, priority("org_c", "webhook"), priority("org_a", newcomer))
    assert sorted(order) == ["org_a"] + ["org_c"] * BACKLOG
    return order.index("org_a")


async def test_an_approval_overtakes_another_organizations_backlog_of_bulk_work(
    dev_server_env: WorkflowEnvironment,
) -> None:
    # Started last, served first: C's deliveries wait behind A's approval.
    assert await _newcomer_served_at(dev_server_env.client, "approval") == 0


async def test_at_equal_priority_a_newcomer_is_served_before_a_busy_organizations_backlog_drains(
    dev_server_env: WorkflowEnvironment,
) -> None:
    # First in, first out would serve A last (it does with matching.enableFairness off);
    # fairness takes turns between the organizations, so A is served almost at once.
    assert await _newcomer_served_at(dev_server_env.client, "webhook") <= 2
