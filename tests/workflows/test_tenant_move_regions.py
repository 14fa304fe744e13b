"""A tenant moved to another region takes its running workflows along.

Two embedded PostgreSQL servers are the deployment's two regions (``eu``, the control
database, and ``us``); two regional workers poll their region's task queue and serve only
their region's databases, as `auditoryx worker --region` runs them. An approval chain waits
for a decision while its organization moves from the EU to the US; it is approved after the
move. What an operator would notice: the organization says it is in the US, the chain's
work after the move was done by the US worker, and its writes are in the US database.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from datetime import timedelta

import httpx
import psycopg
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine
from temporalio.client import (
    Schedule,
    ScheduleActionStartWorkflow,
    ScheduleIntervalSpec,
    ScheduleSpec,
    ScheduleState,
)
from temporalio.testing import WorkflowEnvironment

from core.config import PlacementSpec, Settings
from core.temporal import data_converter
from core.versioning import make_current
from domain.dashboard.admin import register_domain
from domain.dashboard.branding import organization_for_host
from domain.errors import Conflict
from domain.keys.keyring import OrganizationKeyring, payload_codec
from domain.keys.store import KeyStore
from domain.placements.move import routing_of
from domain.placements.registry import Placements
from domain.placements.router import PlacementRouter
from tests.support.approvals import member_key, pending_booking
from tests.support.harness import Tenant, deployment_for
from tests.support.histories import replayer
from tests.support.placements import conninfo, empty, second_database
from worker import build_worker
from workflows.approval import ApprovalChainWorkflow
from workflows.relocation import RELOCATE_SIGNAL
from workflows.tenant_move import TenantMoveWorkflow

TOKEN = "operator-token-for-tests-0123456789"
OPERATOR = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module")
def us_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from second_database(tmp_path_factory.mktemp("pg-us-region") / "data")


@pytest.fixture
def queue() -> str:
    return f"regions-{uuid.uuid4().hex[:8]}"


@pytest.fixture
def regional(settings: Settings, database_url: str, us_url: str, queue: str) -> dict[str, object]:
    """Two regions, each a database and a task queue (``queue`` and ``queue-us``)."""
    return {
        "placements": {
            "eu": PlacementSpec(url=database_url, region="eu"),
            "us": PlacementSpec(url=us_url, region="us"),
        },
        "control_placement": "eu",
        "placement_cache_seconds": 0.5,
        "temporal_task_queue": queue,
    }


@pytest.fixture
async def placements(
    settings: Settings,
    regional: dict[str, object],
    engine: AsyncEngine,
    us_url: str,
    clean_db: None,
) -> AsyncIterator[Placements]:
    empty(us_url)
    placements = Placements.from_settings(
        settings.model_copy(update=regional), engines={"eu": engine}
    )
    yield placements
    await placements.dispose()


def activity_workers(history: list) -> tuple[list[str], list[str]]:
    """The identities of the workers that ran the run's activities, before and after it was
    relocated, and the local activities it ran after (markers)."""
    before: list[str] = []
    after: list[str] = []
    relocated = False
    for event in history:
        if event.HasField("workflow_execution_signaled_event_attributes"):
            relocated |= event.workflow_execution_signaled_event_attributes.signal_name == (
                RELOCATE_SIGNAL
            )
        if event.HasField("activity_task_started_event_attributes"):
            (after if relocated else before).append(
                event.activity_task_started_event_attributes.identity
            )
        if relocated and event.HasField("marker_recorded_event_attributes"):
            after.append("local activity on the workflow's worker")
    return before, after


async def test_a_chain_waiting_during_a_move_to_another_region_is_decided_on_the_new_regions_worker(
    app_factory: Callable[..., Awaitable[httpx.AsyncClient]],
    dev_server_env: WorkflowEnvironment,
    settings: Settings,
    regional: dict[str, object],
    placements: Placements,
    engine: AsyncEngine,
    keystore: KeyStore,
    queue: str,
    org_a: Tenant,
    org_b: Tenant,
    database_url: str,
    us_url: str,
) -> None:
    deployed = settings.model_copy(update=regional)
    api = await app_factory(temporal_client=dev_server_env.client, operator_token=TOKEN, **regional)
    _manager_id, manager = await member_key(api, org_a, "mara@northstar.example", "manager")
    routing = routing_of(placements)
    # One release of the code, polling both regions' queues from two processes' worth of
    # workers, each serving only its region's databases.
    workers = [
        build_worker(
            dev_server_env.client,
            engine,
            task_queue=deployed.task_queue_of(region),
            identity=f"worker-{region}",
            settings=deployed,
            deployment_config=deployment_for(queue),
            sessionmaker=PlacementRouter(placements, region=region, cache_seconds=0.5),
            placement_routing=routing,
        )
        for region in ("eu", "us")
    ]
    router = PlacementRouter(placements, cache_seconds=0)
    await register_domain(router, org_a.id, "studio.northstar.example")
    # A Schedule of the organization's (as the supervisors keep them), on the EU queue.
    schedule = await dev_server_env.client.create_schedule(
        f"{org_a.id}:report",
        Schedule(
            action=ScheduleActionStartWorkflow(
                "NoSuchWorkflow", id=f"{org_a.id}:r", task_queue=queue
            ),
            spec=ScheduleSpec(intervals=[ScheduleIntervalSpec(every=timedelta(days=7))]),
            state=ScheduleState(paused=True),
        ),
    )
    async with workers[0], workers[1]:
        await make_current(workers[0], identity="tests")
        booking, request_id = await pending_booking(api, org_a)
        chain = dev_server_env.client.get_workflow_handle_for(
            ApprovalChainWorkflow.run, f"{org_a.id}:approval:{request_id}"
        )
        for _ in range(200):  # the chain waits for a decision
            r = await api.get(f"/v1/approvals/{request_id}", headers=org_a.headers)
            if any(a["status"] == "pending" for a in r.json()["steps"][0]["assignments"]):
                break
            await asyncio.sleep(0.05)
        assert (await chain.describe()).task_queue == queue  # the EU queue

        started = await api.post(
            f"/operator/organizations/{org_a.id}/moves",
            json={"to": "us", "cleanup_delay_seconds": 0},
            headers=OPERATOR,
        )
        assert started.status_code == 202, started.text
        move = dev_server_env.client.get_workflow_handle_for(
            TenantMoveWorkflow.run, started.json()["workflow_id"]
        )
        moved = await asyncio.wait_for(move.result(), timeout=120)
        assert moved.state == "done", moved.error

        # The organization is in the US now, for the API as for its own row.
        shown = await api.get("/v1/organization", headers=org_a.headers)
        assert shown.status_code == 200 and shown.json()["region"] == "us", shown.text
        # The runs its Schedules start from now on are in the US too.
        action = (await schedule.describe()).schedule.action
        assert isinstance(action, ScheduleActionStartWorkflow)
        assert action.task_queue == deployed.task_queue_of("us")
        await schedule.delete()
        # Its custom domain went along: still its own, served from its new home.
        assert await organization_for_host(router, "studio.northstar.example") == org_a.id
        with pytest.raises(Conflict):
            await register_domain(router, org_b.id, "studio.northstar.example")

        # The decision is an update of the chain: it returns once the chain recorded it,
        # which the EU worker could not do any more (its database is not the tenant's).
        decided = await asyncio.wait_for(
            api.post(
                f"/v1/approvals/{request_id}/decisions",
                headers=manager,
                json={"decision": "approve", "comment": "after the move"},
            ),
            timeout=60,
        )
        assert decided.status_code == 200, decided.text
        outcome = await asyncio.wait_for(chain.result(), timeout=60)
        assert outcome.status == "approved"

        history = [event async for event in chain.fetch_history_events()]
        before, after = activity_workers(history)
        assert after and set(after) == {"worker-us"}, (before, after)
        assert "worker-us" not in before
        # Both histories replay on this code as the workers run it: the relocation is an
        # event of the chain's history, the move's signalling a patched step of its own.
        # The API's client seals payloads with the organization's key, which moved with it.
        sealed = data_converter(
            payload_codec(deployed, OrganizationKeyring.from_settings(deployed, router, keystore))
        )
        for handle in (chain, move):
            await replayer(sealed).replay_workflow(await handle.fetch_history())

    with psycopg.connect(conninfo(us_url)) as conn:
        [(region,)] = conn.execute(
            "SELECT region FROM organizations WHERE id = %s", (org_a.id,)
        ).fetchall()
        [(status,)] = conn.execute(
            "SELECT status FROM bookings WHERE id = %s", (booking["id"],)
        ).fetchall()
        decisions = conn.execute(
            "SELECT status, comment FROM approval_assignments WHERE request_id = %s "
            "AND status <> 'pending'",
            (request_id,),
        ).fetchall()
    assert region == "us"
    assert status == "confirmed"
    assert decisions == [("approved", "after the move")]
    with psycopg.connect(conninfo(database_url)) as conn:
        left = conn.execute(
            "SELECT count(*) FROM bookings WHERE organization_id = %s", (org_a.id,)
        ).fetchone()
    assert left == (0,)  # nothing of the tenant stays in the EU database
