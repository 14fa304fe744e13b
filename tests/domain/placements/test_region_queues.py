"""Every start of an organization's workflow goes to its region's task queue, whoever starts it
(the API, a sweep, an activity): the client's interceptor decides from the workflow id."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from temporalio.client import (
    Client,
    Schedule,
    ScheduleActionStartWorkflow,
    ScheduleIntervalSpec,
    ScheduleSpec,
)
from temporalio.testing import WorkflowEnvironment

from cli import build_parser, cmd_worker
from core.config import Settings
from core.db import system_session
from domain.placements import directory
from domain.placements.queues import RegionQueues, organization_of
from domain.placements.router import PlacementRouter
from tests.support.harness import until
from workflows.clients.schedules import upsert_schedule


def test_the_organization_of_a_workflow_id() -> None:
    assert organization_of("org_01abc:export:exp_1") == "org_01abc"
    assert organization_of("health-probe") is None
    assert organization_of("tenant-move:org_1") is None


@pytest.fixture
async def routed_client(
    dev_server_env: WorkflowEnvironment, placed_settings: Settings, router: PlacementRouter
) -> tuple[Client, Settings]:
    settings = placed_settings.model_copy(
        update={
            "temporal_task_queue": f"queues-{uuid.uuid4().hex[:8]}",
            "region_task_queues": {"us": f"us-only-{uuid.uuid4().hex[:8]}"},
        }
    )
    config = dev_server_env.client.config()
    config["interceptors"] = [RegionQueues(settings, router)]
    return Client(**config), settings


async def test_starts_and_schedules_go_to_the_organizations_regions_queue(
    routed_client, router
) -> None:
    client, settings = routed_client
    async with system_session(router) as control:
        await directory.assign(control, "org_us1", "us")
        await directory.assign(control, "org_acme1", "acme")
    default = settings.temporal_task_queue
    expected = {
        "org_us1:probe:1": settings.region_task_queues["us"],
        "org_eu1:probe:1": default,  # the control database's region keeps the default queue
        "org_acme1:probe:1": default,  # a dedicated placement is on its region's queue
        "maintenance:probe:1": default,  # not an organization's
    }
    for workflow_id, queue in expected.items():
        handle = await client.start_workflow(
            "NoSuchWorkflow", id=workflow_id, task_queue=default, run_timeout=timedelta(minutes=1)
        )
        try:
            assert (await handle.describe()).task_queue == queue, workflow_id
        finally:
            await handle.terminate("test over")
    # A start that names its own queue keeps it.
    handle = await client.start_workflow(
        "NoSuchWorkflow", id="org_us1:probe:2", task_queue="elsewhere"
    )
    assert (await handle.describe()).task_queue == "elsewhere"
    await handle.terminate("test over")

    schedule_id = f"org_us1:schedule:{uuid.uuid4().hex[:6]}"
    schedule = await client.create_schedule(
        schedule_id,
        Schedule(
            action=ScheduleActionStartWorkflow(
                "NoSuchWorkflow", id="org_us1:report", task_queue=default
            ),
            spec=ScheduleSpec(intervals=[ScheduleIntervalSpec(every=timedelta(days=7))]),
        ),
    )
    try:
        action = (await schedule.describe()).schedule.action
        assert isinstance(action, ScheduleActionStartWorkflow)
        assert action.task_queue == settings.region_task_queues["us"]
        # A supervisor's upsert replaces the definition, naming the default queue again: it
        # is routed like the creation.
        await upsert_schedule(
            client,
            schedule_id,
            Schedule(
                action=ScheduleActionStartWorkflow(
                    "NoSuchWorkflow", id="org_us1:report", task_queue=default
                ),
                spec=ScheduleSpec(intervals=[ScheduleIntervalSpec(every=timedelta(days=1))]),
            ),
        )
        described = (await schedule.describe()).schedule
        assert isinstance(described.action, ScheduleActionStartWorkflow)
        assert described.action.task_queue == settings.region_task_queues["us"]
        assert described.spec.intervals[0].every == timedelta(days=1)  # the update applied
    finally:
        await schedule.delete()


def test_a_worker_for_a_region_without_placements_refuses_to_start(placed_settings, capsys) -> None:
    args = build_parser().parse_args(["worker", "--region", "apac"])
    assert cmd_worker(placed_settings, args) == 1
    assert "WORKER_REGION apac: no placement is in that region" in capsys.readouterr().err


async def test_relocating_points_only_the_organizations_schedules_and_counts_what_changed(
    dev_server_env: WorkflowEnvironment,
) -> None:
    from workflows.clients.relocation import Relocation, relocate_schedules
    from workflows.clients.sandbox import schedule_ids_of

    client = dev_server_env.client
    suffix = uuid.uuid4().hex[:8]
    old, new = f"old-{suffix}", f"new-{suffix}"
    moved, stays = f"org_mv{suffix}", f"org_st{suffix}"

    def schedule(workflow_id: str) -> Schedule:
        return Schedule(
            action=ScheduleActionStartWorkflow("NoSuchWorkflow", id=workflow_id, task_queue=old),
            spec=ScheduleSpec(intervals=[ScheduleIntervalSpec(every=timedelta(days=1))]),
        )

    ids = [f"{moved}:report", f"{moved}:retention", f"{stays}:report"]
    handles = [await client.create_schedule(i, schedule(i)) for i in ids]
    try:
        # Schedules are listed through visibility, which a busy server updates a moment later.
        async def listed() -> bool:
            return len(await schedule_ids_of(client, [moved, stays])) == 3

        await until("the three Schedules listed", listed)
        relocation = Relocation(task_queue=new, region="us")
        ticks: list[None] = []
        changed = await relocate_schedules(
            client, [moved], relocation, tick=lambda: ticks.append(None)
        )
        assert changed == 2
        # A tick (the activity's heartbeat) per Schedule listed, the three and any other of
        # the namespace, and per Schedule of the organization updated.
        assert len(ticks) >= 3 + 2
        # Asked again (the move's second pass): already there, nothing changes.
        assert await relocate_schedules(client, [moved], relocation) == 0
        queues = {}
        for handle in handles:
            action = (await handle.describe()).schedule.action
            assert isinstance(action, ScheduleActionStartWorkflow)
            queues[handle.id] = action.task_queue
        assert queues == {ids[0]: new, ids[1]: new, ids[2]: old}
    finally:
        for handle in handles:
            await handle.delete()


async def test_running_workflows_are_signalled_in_groups_with_progress_then_terminated(
    dev_server_env: WorkflowEnvironment,
) -> None:
    """An organization can have thousands of open workflows: they are signalled (and, for a
    deletion, terminated) a group at a time, each once, the count told after every group for
    the activity's heartbeat; another organization's are left alone."""
    from workflows.clients.relocation import Relocation, relocate_running
    from workflows.clients.sandbox import CONCURRENCY, running_of, terminate_running
    from workflows.relocation import RELOCATE_SIGNAL

    client = dev_server_env.client
    suffix = uuid.uuid4().hex[:8]
    moved, stays = f"org_mv{suffix}", f"org_st{suffix}"
    idle = f"idle-{suffix}"  # no worker polls it: the workflows stay open
    count = 2 * CONCURRENCY + 5
    ids = [f"{moved}:wait:{i}" for i in range(count)]
    for workflow_id in [*ids, f"{stays}:wait:0"]:
        await client.start_workflow("NoSuchWorkflow", id=workflow_id, task_queue=idle)

    async def listed() -> bool:  # visibility lists the workflows a moment after their start
        counts = [(await client.count_workflows(running_of(o))).count for o in (moved, stays)]
        return counts == [count, 1]

    await until(f"{count} running workflows of {moved} and 1 of {stays} listed", listed)

    told: list[int] = []
    relocation = Relocation(task_queue=f"new-{suffix}", region="us")
    signalled = await relocate_running(
        client, [moved], relocation, skip=[ids[0]], progress=told.append
    )
    assert signalled == count - 1
    assert told == [CONCURRENCY, 2 * CONCURRENCY, count - 1]

    async def signals(workflow_id: str) -> int:
        history = client.get_workflow_handle(workflow_id).fetch_history_events()
        return [
            event.workflow_execution_signaled_event_attributes.signal_name
            async for event in history
        ].count(RELOCATE_SIGNAL)

    assert [await signals(i) for i in ids] == [0] + [1] * (count - 1)
    assert await signals(f"{stays}:wait:0") == 0

    told.clear()
    assert await terminate_running(client, moved, reason="test", progress=told.append) == count
    assert told == [CONCURRENCY, 2 * CONCURRENCY, count]
    assert await terminate_running(client, stays, reason="test") == 1
