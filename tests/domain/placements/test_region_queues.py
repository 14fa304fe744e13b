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
        relocation = Relocation(task_queue=new, region="us")
        assert await relocate_schedules(client, [moved], relocation) == 2
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
