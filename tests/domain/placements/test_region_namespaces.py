"""Each region's workflows in the region's own Temporal namespace (REGION_NAMESPACES).

One Temporal dev server with two namespaces, ``auditoryx-eu`` (DEFAULT_REGION's, the system
namespace) and ``auditoryx-us``. What an operator would notice: an EU organization's
workflows and Schedules are in the EU namespace and nowhere in the US one (and the other way
round), whoever starts, signals, updates or queries them; each region's worker polls only its
namespace; a tenant move to a region of another namespace is refused while the organization
has open workflows, and otherwise takes its Schedules along. Without REGION_NAMESPACES
nothing is routed.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine
from temporalio import workflow
from temporalio.api.enums.v1 import TaskQueueType
from temporalio.api.operatorservice.v1 import ListSearchAttributesRequest
from temporalio.api.taskqueue.v1 import TaskQueue
from temporalio.api.workflowservice.v1 import DescribeTaskQueueRequest
from temporalio.client import (
    Client,
    Schedule,
    ScheduleActionStartWorkflow,
    ScheduleIntervalSpec,
    ScheduleSpec,
    ScheduleState,
    WorkflowExecutionStatus,
)
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.exceptions import ApplicationError
from temporalio.service import RPCError, RPCStatusCode
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from activities.tenant_move import TenantMoveActivities
from core.config import Settings
from core.db import system_session
from core.devstack import TemporalDevServer, free_port, stop_process
from core.temporal import client_in_namespace, with_interceptors
from core.versioning import make_current
from domain.audit.service import Actor
from domain.placements import directory
from domain.placements import move as moves
from domain.placements.move import routing_of
from domain.placements.namespaces import RegionNamespaces
from domain.placements.queues import RegionQueues
from domain.placements.router import PlacementRouter
from domain.tenancy.organizations import create_organization
from tests.support.approvals import member_key, pending_booking
from tests.support.harness import Tenant, deployment_for, start_worker, until
from tests.support.placements import TEST_REGION_NAMESPACES as NS
from worker import build_worker
from workflows import SEARCH_ATTRIBUTES
from workflows.approval import ApprovalChainWorkflow
from workflows.clients.namespace_move import count_running, move_note
from workflows.clients.organization_stop import delete_schedules
from workflows.clients.sandbox import running_of, schedule_ids_of, terminate_running
from workflows.tenant_move import TenantMoveWorkflow
from workflows.tenant_move_types import MoveFailure, MoveStep

TOKEN = "operator-token-for-tests-0123456789"
OPERATOR = {"Authorization": f"Bearer {TOKEN}"}


@workflow.defn(name="NamespaceProbe", sandboxed=False)
class NamespaceProbe:
    """Waits for the note ``done``; says which namespace it ran in."""

    def __init__(self) -> None:
        self._notes: list[str] = []

    @workflow.run
    async def run(self) -> str:
        await workflow.wait_condition(lambda: "done" in self._notes)
        return workflow.info().namespace

    @workflow.signal
    def note(self, text: str) -> None:
        self._notes.append(text)

    @workflow.update
    def add(self, text: str) -> int:
        self._notes.append(text)
        return len(self._notes)

    @workflow.query
    def notes(self) -> list[str]:
        return list(self._notes)


def plain(env: WorkflowEnvironment) -> Client:
    """The dev server's client without the payload codec (the probes' orgs have no keys)."""
    config = env.client.config()
    config["data_converter"] = pydantic_data_converter
    config["interceptors"] = []
    return Client(**config)


@pytest.fixture
def regional(placed_settings: Settings) -> Settings:
    return placed_settings.model_copy(
        update={
            "temporal_task_queue": f"ns-{uuid.uuid4().hex[:8]}",
            "region_namespaces": dict(NS),
            "placement_cache_seconds": 0.0,
        }
    )


def routed(client: Client, settings: Settings, router: PlacementRouter) -> Client:
    return with_interceptors(
        client, [RegionNamespaces(settings, router), RegionQueues(settings, router)]
    )


async def absent(client: Client, workflow_id: str) -> bool:
    try:
        await client.get_workflow_handle(workflow_id).describe()
    except RPCError as exc:
        return exc.status == RPCStatusCode.NOT_FOUND
    return False


async def pollers(client: Client, namespace: str, queue: str) -> int:
    response = await client.workflow_service.describe_task_queue(
        DescribeTaskQueueRequest(
            namespace=namespace,
            task_queue=TaskQueue(name=queue),
            task_queue_type=TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
        )
    )
    return len(response.pollers)


async def test_every_call_about_an_organizations_workflow_goes_to_its_regions_namespace(
    dev_server_env: WorkflowEnvironment, regional: Settings, router: PlacementRouter
) -> None:
    raw = plain(dev_server_env)
    client = routed(raw, regional, router)
    async with system_session(router) as control:
        await directory.assign(control, "org_us1", "us")
    in_namespace = {region: client_in_namespace(raw, NS[region]) for region in NS}
    workers = [
        Worker(
            in_namespace[region],
            task_queue=regional.task_queue_of(region),
            workflows=[NamespaceProbe],
        )
        for region in NS
    ]
    async with workers[0], workers[1]:
        for organization_id, region, other in (("org_eu1", "eu", "us"), ("org_us1", "us", "eu")):
            workflow_id = f"{organization_id}:probe:{uuid.uuid4().hex[:6]}"
            # Started on the default queue as every caller does; a fresh handle for each call.
            await client.start_workflow(
                NamespaceProbe.run, id=workflow_id, task_queue=regional.temporal_task_queue
            )
            await client.get_workflow_handle(workflow_id).signal(NamespaceProbe.note, "hello")
            handle = client.get_workflow_handle_for(NamespaceProbe.run, workflow_id)
            assert await handle.execute_update(NamespaceProbe.add, "again") == 2
            assert await handle.query(NamespaceProbe.notes) == ["hello", "again"]
            await client.get_workflow_handle(workflow_id).signal(NamespaceProbe.note, "done")
            # The result is read from the history, in the workflow's namespace.
            assert await client.get_workflow_handle(workflow_id).result() == NS[region]
            description = await in_namespace[region].get_workflow_handle(workflow_id).describe()
            assert description.task_queue == regional.task_queue_of(region)
            events = [
                e async for e in client.get_workflow_handle(workflow_id).fetch_history_events()
            ]
            assert events
            assert await absent(in_namespace[other], workflow_id)

        # Each region's worker polls its own namespace only.
        for region, other in (("eu", "us"), ("us", "eu")):
            queue = regional.task_queue_of(region)
            assert await pollers(raw, NS[region], queue) >= 1
            assert await pollers(raw, NS[other], queue) == 0

    # A Schedule of a US organization is created, read and deleted in the US namespace.
    schedule = await client.create_schedule(
        "org_us1:report",
        Schedule(
            action=ScheduleActionStartWorkflow(
                "NoSuchWorkflow", id="org_us1:r", task_queue=regional.temporal_task_queue
            ),
            spec=ScheduleSpec(intervals=[ScheduleIntervalSpec(every=timedelta(days=7))]),
            state=ScheduleState(paused=True),
        ),
    )
    described = await in_namespace["us"].get_schedule_handle("org_us1:report").describe()
    assert isinstance(described.schedule.action, ScheduleActionStartWorkflow)
    assert described.schedule.action.task_queue == regional.task_queue_of("us")
    with pytest.raises(RPCError):
        await in_namespace["eu"].get_schedule_handle("org_us1:report").describe()
    await client.get_schedule_handle("org_us1:report").pause()

    # Deleting the organization deletes it there too (the listing names no organization, so
    # it is done in each organization's namespace, not the client's).
    async def schedule_listed() -> bool:  # visibility lists it shortly after its creation
        return bool(await schedule_ids_of(in_namespace["us"], ["org_us1"]))

    await until("org_us1's Schedule listed in the US namespace", schedule_listed)
    assert await delete_schedules(client, ["org_eu1", "org_us1"]) == 1
    with pytest.raises(RPCError):
        await schedule.describe()

    # A sandbox reset lists (and stops) the organization's workflows in its namespace.
    idle = await client.start_workflow(
        NamespaceProbe.run, id="org_us1:probe:idle", task_queue=f"idle-{uuid.uuid4().hex}"
    )

    async def idle_listed() -> bool:  # visibility lists it shortly after the start
        return bool(await count_running(in_namespace["us"], ["org_us1"]))

    await until("org_us1's idle workflow listed in the US namespace", idle_listed)
    assert await terminate_running(client, "org_us1", reason="reset") == 1
    assert (await idle.describe()).status == WorkflowExecutionStatus.TERMINATED

    # Workflows of no organization and control-plane jobs stay in the system namespace.
    namespaces = RegionNamespaces(regional, router)
    assert (
        await namespaces.namespace_for("sweep:retention") == NS["eu"] == regional.system_namespace
    )
    assert await namespaces.namespace_for("org_us1:tenant-move:tmv_1") == NS["eu"]
    assert await namespaces.namespace_for("org_us1:booking:bkg_1") == NS["us"]
    queues = RegionQueues(regional, router)
    default = regional.temporal_task_queue
    assert await queues.queue_for("org_us1:tenant-move:tmv_1", default) == default
    assert await queues.queue_for("org_us1:booking:bkg_1", default) == regional.task_queue_of("us")


async def test_without_region_namespaces_nothing_is_routed(
    dev_server_env: WorkflowEnvironment, placed_settings: Settings, router: PlacementRouter
) -> None:
    raw = plain(dev_server_env)
    client = routed(raw, placed_settings, router)
    async with system_session(router) as control:
        await directory.assign(control, "org_us2", "us")
    workflow_id = f"org_us2:probe:{uuid.uuid4().hex[:6]}"
    queue = f"plain-{uuid.uuid4().hex[:6]}"
    async with Worker(raw, task_queue=queue, workflows=[NamespaceProbe]):
        handle = await client.start_workflow(
            NamespaceProbe.run,
            id=workflow_id,
            task_queue=queue,
            start_signal="note",
            start_signal_args=["done"],
        )
        assert await handle.result() == raw.namespace == placed_settings.temporal_namespace
    for namespace in NS.values():
        assert await absent(client_in_namespace(raw, namespace, pinned=True), workflow_id)


async def found(router: PlacementRouter, name: str, region: str) -> Tenant:
    bootstrap = await create_organization(
        router,
        name=name,
        plan="white_label",
        region=region,
        owner_email=f"owner@{name.lower()}.example",
        owner_name="Owner",
        actor=Actor(type="system", id="test"),
    )
    return Tenant(bootstrap)


@pytest.fixture
async def regional_workers(
    dev_server_env: WorkflowEnvironment,
    regional: Settings,
    router: PlacementRouter,
    engine: AsyncEngine,
) -> AsyncIterator[dict[str, Worker]]:
    """The project's workers of both regions, each in its region's namespace."""
    routing = routing_of(router.placements)
    workers = {
        region: build_worker(
            client_in_namespace(dev_server_env.client, NS[region]),
            engine,
            task_queue=regional.task_queue_of(region),
            identity=f"worker-{region}",
            settings=regional,
            deployment_config=deployment_for(regional.temporal_task_queue),
            sessionmaker=PlacementRouter(router.placements, region=region, cache_seconds=0),
            placement_routing=routing,
        )
        for region in NS
    }
    async with workers["eu"], workers["us"]:
        for worker in workers.values():
            await make_current(worker, identity="tests")
        yield workers


async def test_the_api_starts_and_decides_each_organizations_chain_in_its_regions_namespace(
    app_factory: Callable[..., Awaitable[httpx.AsyncClient]],
    dev_server_env: WorkflowEnvironment,
    regional: Settings,
    router: PlacementRouter,
    regional_workers: dict[str, Worker],
) -> None:
    api = await app_factory(
        temporal_client=dev_server_env.client,
        operator_token=TOKEN,
        placements=regional.placements,
        region_namespaces=regional.region_namespaces,
        temporal_task_queue=regional.temporal_task_queue,
        placement_cache_seconds=0.0,
    )
    in_namespace = {r: client_in_namespace(dev_server_env.client, NS[r]) for r in NS}
    tenants = {
        "eu": await found(router, "Northstar", "eu"),
        "us": await found(router, "Harbor", "us"),
    }
    pending: dict[str, tuple[str, dict[str, str]]] = {}
    for region, other in (("eu", "us"), ("us", "eu")):
        tenant = tenants[region]
        _member, manager = await member_key(api, tenant, f"mara@{region}.example", "manager")
        _booking, request_id = await pending_booking(api, tenant)
        chain_id = f"{tenant.id}:approval:{request_id}"

        async def started(namespace: str = region, workflow_id: str = chain_id) -> bool:
            try:  # the API starts the chain after the booking commits
                await in_namespace[namespace].get_workflow_handle(workflow_id).describe()
            except RPCError:
                return False
            return True

        await until(f"{chain_id} started in the {region} namespace", started)
        assert await absent(in_namespace[other], chain_id)
        pending[region] = (request_id, manager)

    # The EU organization's chain waits for a decision: a move to the US, another namespace,
    # is refused before anything is frozen or copied, saying how many workflows are open.
    eu = tenants["eu"]
    # Two operators at once: both refused (409), one by the open workflows, the other by
    # those or by the first one's move still being recorded; none starts.
    answers = await asyncio.gather(
        *(
            api.post(f"/operator/organizations/{eu.id}/moves", json={"to": "us"}, headers=OPERATOR)
            for _ in range(2)
        )
    )
    assert [a.status_code for a in answers] == [409, 409], [a.text for a in answers]
    codes = {a.json()["code"] for a in answers}
    assert "open_workflows_in_namespace" in codes
    assert codes <= {"open_workflows_in_namespace", "move_in_progress"}
    refused = await api.post(
        f"/operator/organizations/{eu.id}/moves", json={"to": "us"}, headers=OPERATOR
    )
    assert refused.status_code == 409, refused.text
    problem = refused.json()
    assert (problem["code"], problem["namespace"]) == ("open_workflows_in_namespace", NS["eu"])
    listed = [e async for e in in_namespace["eu"].list_workflows(running_of(eu.id))]
    assert problem["open_workflows"] == len(listed) >= 1
    latest = await api.get(f"/operator/organizations/{eu.id}/moves/latest", headers=OPERATOR)
    assert latest.json()["state"] == "failed"
    assert await directory.placement_of(router, eu.id) == "eu"

    for region, (request_id, manager) in pending.items():
        # The manager decides through the API: an update of the chain in its namespace.
        decided = await asyncio.wait_for(
            api.post(
                f"/v1/approvals/{request_id}/decisions",
                headers=manager,
                json={"decision": "approve", "comment": region},
            ),
            timeout=60,
        )
        assert decided.status_code == 200, decided.text
        chain_id = f"{tenants[region].id}:approval:{request_id}"
        chain = in_namespace[region].get_workflow_handle_for(ApprovalChainWorkflow.run, chain_id)
        outcome = await asyncio.wait_for(chain.result(), timeout=60)
        assert outcome.status == "approved"


async def test_a_move_to_another_namespace_takes_the_organizations_schedules_along(
    app_factory: Callable[..., Awaitable[httpx.AsyncClient]],
    dev_server_env: WorkflowEnvironment,
    regional: Settings,
    router: PlacementRouter,
    regional_workers: dict[str, Worker],
) -> None:
    api = await app_factory(
        temporal_client=dev_server_env.client,
        operator_token=TOKEN,
        placements=regional.placements,
        region_namespaces=regional.region_namespaces,
        temporal_task_queue=regional.temporal_task_queue,
        placement_cache_seconds=0.0,
    )
    in_namespace = {r: client_in_namespace(dev_server_env.client, NS[r]) for r in NS}
    tenant = await found(router, "Wayfarer", "eu")
    client = routed(dev_server_env.client, regional, router)
    schedule_id = f"{tenant.id}:report"
    await client.create_schedule(
        schedule_id,
        Schedule(
            action=ScheduleActionStartWorkflow(
                "NoSuchWorkflow", id=f"{tenant.id}:r", task_queue=regional.temporal_task_queue
            ),
            spec=ScheduleSpec(intervals=[ScheduleIntervalSpec(every=timedelta(days=7))]),
        ),
    )
    started = await api.post(
        f"/operator/organizations/{tenant.id}/moves",
        json={"to": "us", "cleanup_delay_seconds": 0},
        headers=OPERATOR,
    )
    assert started.status_code == 202, started.text
    # The move itself is a control-plane job of the system namespace, before and after.
    move = in_namespace["eu"].get_workflow_handle_for(
        TenantMoveWorkflow.run, started.json()["workflow_id"]
    )
    moved = await asyncio.wait_for(move.result(), timeout=120)
    assert moved.state == "done", moved.error
    assert await directory.placement_of(router, tenant.id) == "us"

    # Its Schedule is in the US namespace now, running, on the US queue; gone from the EU one.
    described = await in_namespace["us"].get_schedule_handle(schedule_id).describe()
    assert not described.schedule.state.paused
    action = described.schedule.action
    assert isinstance(action, ScheduleActionStartWorkflow)
    assert action.task_queue == regional.task_queue_of("us")
    with pytest.raises(RPCError):
        await in_namespace["eu"].get_schedule_handle(schedule_id).describe()
    # The API's client finds it where it is now.
    await client.get_schedule_handle(schedule_id).delete()


async def test_the_switch_refuses_open_workflows_under_the_freeze_and_the_failure_unpauses(
    dev_server_env: WorkflowEnvironment, regional: Settings, router: PlacementRouter
) -> None:
    """The API checked before it started; a workflow started since is found at the switch,
    with the Schedules paused so that none starts one after the count."""
    raw = plain(dev_server_env)
    client = routed(raw, regional, router)
    tenant = await found(router, "Latecomer", "eu")
    routing = routing_of(router.placements)
    control = routing.control_sessionmaker()
    move = await moves.start_move(control, routing, organization_id=tenant.id, target="us")
    schedule_id = f"{tenant.id}:report"
    await client.create_schedule(
        schedule_id,
        Schedule(
            action=ScheduleActionStartWorkflow(
                "NoSuchWorkflow", id=f"{tenant.id}:r", task_queue=regional.temporal_task_queue
            ),
            spec=ScheduleSpec(intervals=[ScheduleIntervalSpec(every=timedelta(days=7))]),
        ),
    )
    # Started after the API's check, on a queue nobody polls: open in the EU namespace.
    late = await client.start_workflow(
        NamespaceProbe.run, id=f"{tenant.id}:probe:late", task_queue=f"idle-{uuid.uuid4().hex}"
    )
    activities = TenantMoveActivities(
        control,
        routing,
        client=client,
        task_queue_of=regional.task_queue_of,
        namespace_of=regional.namespace_of,
    )
    source = client_in_namespace(raw, NS["eu"], pinned=True)

    async def late_listed() -> bool:  # visibility lists it shortly after the start
        return bool(await count_running(source, [tenant.id]))

    await until("the late workflow listed in the EU namespace", late_listed)
    step = MoveStep(organization_id=tenant.id, move_id=move.id)
    with pytest.raises(ApplicationError) as caught:
        await activities.switch(step)
    refused = caught.value
    assert refused.type == "MoveRefused" and refused.non_retryable
    assert refused.details[0] == {"open_workflows": 1, "namespace": NS["eu"]}
    state = (await source.get_schedule_handle(schedule_id).describe()).schedule.state
    assert state.paused and state.note == move_note(move.id)
    assert await directory.placement_of(router, tenant.id) == "eu"

    assert (
        await activities.fail(MoveFailure(organization_id=tenant.id, move_id=move.id, error="x"))
        == "failed"
    )
    assert not (await source.get_schedule_handle(schedule_id).describe()).schedule.state.paused
    assert await directory.placement_of(router, tenant.id) == "eu"
    await late.terminate()
    await source.get_schedule_handle(schedule_id).delete()


async def test_the_dev_stack_creates_each_regions_namespace_with_the_search_attributes(
    tmp_path: Path,
) -> None:
    """`auditoryx dev --regions eu,us` with REGION_NAMESPACES: its Temporal dev server has
    every namespace a process of the stack connects to, each with the search attributes."""
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        region_namespaces={"us": "auditoryx-us"},
    )
    server = TemporalDevServer(
        tmp_path / "temporal.db",
        free_port(),
        None,
        SEARCH_ATTRIBUTES,
        namespace=settings.temporal_namespace,
        namespaces=settings.namespaces(["eu", "us"]),
    )
    server.start()
    try:
        client = await Client.connect(server.address)
        for namespace in ("default", "auditoryx-us"):
            listed = await client.operator_service.list_search_attributes(
                ListSearchAttributesRequest(namespace=namespace)
            )
            assert set(SEARCH_ATTRIBUTES) <= set(listed.custom_attributes), namespace
    finally:
        server.stop()


async def test_a_regional_worker_process_polls_in_its_regions_namespace_only(
    dev_server_env: WorkflowEnvironment, placed_settings: Settings, router: PlacementRouter
) -> None:
    """`auditoryx worker --region us` with REGION_NAMESPACES: its pollers are in the US
    namespace, none in the EU (system) one or in TEMPORAL_NAMESPACE."""
    queue = f"proc-{uuid.uuid4().hex[:8]}"
    placements = {name: spec.model_dump() for name, spec in placed_settings.placements.items()}
    process = start_worker(
        placed_settings,
        dev_server_env,
        queue,
        PLACEMENTS=json.dumps(placements),
        WORKER_REGION="us",
        REGION_NAMESPACES=json.dumps(NS),
    )
    raw = plain(dev_server_env)
    us_queue = Settings(_env_file=None, temporal_task_queue=queue).task_queue_of("us")  # type: ignore[call-arg]
    try:
        for _ in range(600):
            if await pollers(raw, NS["us"], us_queue):
                break
            assert process.poll() is None, "the worker exited"
            await asyncio.sleep(0.1)
        assert await pollers(raw, NS["us"], us_queue) >= 1
        for namespace in (NS["eu"], raw.namespace):
            assert await pollers(raw, namespace, us_queue) == 0
            assert await pollers(raw, namespace, queue) == 0
    finally:
        stop_process(process)
