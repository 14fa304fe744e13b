"""Moving an organization to another database: two real PostgreSQL servers as the
deployment's placements (the real registry and directory), the real TenantMoveWorkflow on a
real Temporal dev server, the real API writing during the move."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from datetime import datetime

import httpx
import psycopg
import pytest
import uvicorn
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from activities.tenant_move import TenantMoveActivities
from api.app import create_app
from core.config import PlacementSpec, Settings
from core.db import tenant_session
from core.devstack import free_port
from domain.audit.sealer import seal_sealable
from domain.placements import copier, freeze
from domain.placements.move import PlacementRouting, get_move, routing_of, start_move
from domain.placements.registry import Placement, Placements
from domain.placements.router import PlacementRouter
from domain.placements.tables import tenant_tables
from domain.usage.meter import UsageMeter
from tests.support.approvals import member_key, pending_booking
from tests.support.commands import _SETTINGS_VARS, REPO_ROOT
from tests.support.harness import Tenant, deployment_for, route_to
from tests.support.histories import keep
from tests.support.live_server import serve
from tests.support.placements import conninfo, empty, second_database
from worker import build_worker
from workflows.approval import ApprovalChainWorkflow
from workflows.clients.tenant_move import start_tenant_move
from workflows.tenant_move import TenantMoveWorkflow

TOKEN = "operator-token-for-tests-0123456789"
OPERATOR = {"Authorization": f"Bearer {TOKEN}"}
SHARED, DEDICATED = "shared", "dedicated"


@pytest.fixture(scope="module")
def dedicated_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from second_database(tmp_path_factory.mktemp("pg-dedicated") / "data")


def placement_specs(database_url: str, dedicated_url: str) -> dict[str, PlacementSpec]:
    return {
        SHARED: PlacementSpec(url=database_url, region="eu"),
        DEDICATED: PlacementSpec(url=dedicated_url, region="eu", dedicated=True),
    }


def placed(database_url: str, dedicated_url: str) -> dict[str, object]:
    """What a deployment with both placements configures (the API's settings overrides);
    routes are trusted half a second, so the cleanup waits 1.5 s after the switch."""
    return {
        "placements": placement_specs(database_url, dedicated_url),
        "control_placement": SHARED,
        "placement_cache_seconds": 0.5,
    }


@pytest.fixture
def placed_settings(settings: Settings, database_url: str, dedicated_url: str) -> Settings:
    return settings.model_copy(update=placed(database_url, dedicated_url))


@pytest.fixture
async def placements(
    placed_settings: Settings, engine: AsyncEngine, dedicated_url: str, clean_db: None
) -> AsyncIterator[Placements]:
    """The deployment's registry, as the worker and the API build it (the control database's
    engine lent by the session)."""
    empty(dedicated_url)
    placements = Placements.from_settings(placed_settings, engines={SHARED: engine})
    yield placements
    await placements.dispose()


@pytest.fixture
def routing(placements: Placements) -> PlacementRouting:
    return routing_of(placements)


def directory_rows(database_url: str) -> dict[str, str]:
    """The directory in the control database: organization id -> placement."""
    with psycopg.connect(conninfo(database_url)) as conn:
        return {
            str(org): str(placement)
            for org, placement in conn.execute(
                "SELECT organization_id, placement FROM organization_placements"
            )
        }


def move_worker(
    env: WorkflowEnvironment,
    sessionmaker: async_sessionmaker[AsyncSession],
    routing: PlacementRouting,
    queue: str,
) -> Worker:
    return Worker(
        env.client,
        task_queue=queue,
        workflows=[TenantMoveWorkflow],
        activities=TenantMoveActivities(routing.control_sessionmaker(), routing).all(),
        deployment_config=deployment_for(queue),
    )


@pytest.fixture
async def queue() -> str:
    return f"move-{uuid.uuid4().hex[:8]}"


@pytest.fixture
async def worker(
    dev_server_env: WorkflowEnvironment,
    sessionmaker: async_sessionmaker[AsyncSession],
    routing: PlacementRouting,
    queue: str,
) -> AsyncIterator[Worker]:
    running = move_worker(dev_server_env, sessionmaker, routing, queue)
    async with running:
        await route_to(dev_server_env, running)
        yield running


@pytest.fixture
async def operator_api(
    app_factory: Callable[..., Awaitable[httpx.AsyncClient]],
    dev_server_env: WorkflowEnvironment,
    routing: PlacementRouting,
    placed_settings: Settings,
    database_url: str,
    dedicated_url: str,
    queue: str,
) -> httpx.AsyncClient:
    client = await app_factory(
        temporal_client=dev_server_env.client,
        operator_token=TOKEN,
        temporal_task_queue=queue,
        **placed(database_url, dedicated_url),
    )
    return client


def seed_clients(url: str, org: str, count: int) -> None:
    with psycopg.connect(conninfo(url), autocommit=True) as conn:
        conn.execute(
            "INSERT INTO clients (id, organization_id, name, notes) "
            "SELECT 'cli_seed' || lpad(g::text, 6, '0') || %s, %s, 'Seed ' || g, 'n' "
            "FROM generate_series(1, %s) g",
            (org[-6:], org, count),
        )


def rows_of(url: str, orgs: list[str]) -> dict[str, int]:
    """Rows per tenant table of ``orgs`` (moves' own bookkeeping left out)."""
    with psycopg.connect(conninfo(url)) as conn:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' "
                "AND column_name = 'organization_id' AND table_name NOT IN "
                "('tenant_moves', 'tenant_write_blocks', 'organization_placements')"
            )
        ]
        counts = {
            t: conn.execute(
                f'SELECT count(*) FROM "{t}" WHERE organization_id = ANY (%s)', (orgs,)
            ).fetchone()[0]  # type: ignore[index]
            for t in tables
        }
        counts["organizations"] = conn.execute(
            "SELECT count(*) FROM organizations WHERE id = ANY (%s)", (orgs,)
        ).fetchone()[0]  # type: ignore[index]
    return {t: n for t, n in counts.items() if n}


async def digests(url: str, orgs: list[str]) -> dict[str, copier.Digest]:
    conn = await copier.open_side(conninfo(url), orgs)
    try:
        return {t.name: await copier.digest(conn, t, orgs) for t in await tenant_tables(conn)}
    finally:
        await conn.close()


def client_names(url: str, org: str) -> list[str]:
    with psycopg.connect(conninfo(url)) as conn:
        return [
            r[0]
            for r in conn.execute("SELECT name FROM clients WHERE organization_id = %s", (org,))
        ]


async def test_a_tree_moves_under_write_load_with_no_row_lost_or_doubled(
    operator_api: httpx.AsyncClient,
    worker: Worker,
    dev_server_env: WorkflowEnvironment,
    sessionmaker: async_sessionmaker[AsyncSession],
    org_a: Tenant,
    org_b: Tenant,
    database_url: str,
    dedicated_url: str,
) -> None:
    api = operator_api
    imprint = await api.post("/v1/organizations", json={"name": "Imprint"}, headers=org_a.headers)
    assert imprint.status_code == 201, imprint.text
    child = imprint.json()["id"]
    seed_clients(database_url, org_a.id, 1200)
    seed_clients(database_url, org_b.id, 50)
    before_b = await digests(database_url, [org_b.id])
    before_a = rows_of(database_url, [org_a.id, child])

    acknowledged: list[str] = []
    refused: list[str] = []
    other: list[tuple[int, str]] = []
    switched = asyncio.Event()

    async def write(writer: int) -> None:
        n = 0
        while not switched.is_set():
            n += 1
            name = f"w{writer}-{n}"
            answer = await api.post("/v1/clients", json={"name": name}, headers=org_a.headers)
            if answer.status_code == 201:
                acknowledged.append(name)
            elif answer.status_code == 503 and answer.json()["code"] == "tenant_moving":
                assert int(answer.headers["Retry-After"]) >= 1
                refused.append(name)
                await asyncio.sleep(0.05)
            else:
                other.append((answer.status_code, answer.text))

    async def watch(move_id: str) -> None:
        while True:
            move = await get_move(sessionmaker, organization_id=org_a.id, move_id=move_id)
            if move.state in ("switched", "cleaning", "done", "failed"):
                switched.set()
                return
            await asyncio.sleep(0.05)

    writers = [asyncio.create_task(write(i)) for i in range(4)]
    await asyncio.sleep(0.3)  # the load is on before the move starts
    started = await api.post(
        f"/operator/organizations/{org_a.id}/moves",
        json={"to": DEDICATED, "cleanup_delay_seconds": 0.5},
        headers=OPERATOR,
    )
    assert started.status_code == 202, started.text
    move = started.json()
    assert set(move["organization_ids"]) == {org_a.id, child}
    assert (move["source"], move["target"], move["state"]) == (SHARED, DEDICATED, "copying")
    await asyncio.wait_for(watch(move["id"]), timeout=120)
    await asyncio.gather(*writers)
    result = await dev_server_env.client.get_workflow_handle_for(
        TenantMoveWorkflow.run, move["workflow_id"]
    ).result()
    await keep(dev_server_env.client, move["workflow_id"], "tenant_move_done")

    assert other == [], other[:3]  # every answer was a 201 or a 503 with Retry-After
    assert acknowledged, "the writers wrote during the move"
    # Every acknowledged write is in the new home once, nothing refused arrived there.
    names = client_names(dedicated_url, org_a.id)
    assert len(names) == len(set(names)) == 1200 + len(acknowledged)
    assert set(acknowledged) <= set(names)
    assert not set(refused) & set(names)
    # The verification report: every table, the same rows and checksums on both sides.
    status = await api.get(f"/operator/organizations/{org_a.id}/moves/latest", headers=OPERATOR)
    document = status.json()
    assert document["state"] == "done" and result.state == "done"
    report = document["report"]
    assert report["ok"] and report["mismatched"] == []
    clients = report["tables"]["clients"]
    # At the switch; writes acknowledged after it (routed to the new home) came on top.
    assert clients["source_rows"] == clients["target_rows"] <= len(names)
    assert clients["source_checksum"] == clients["target_checksum"]
    assert report["tables"]["organizations"]["target_rows"] == 2
    # The tree lives in the dedicated database now, and nothing of it stays in the shared one.
    assert directory_rows(database_url) == {org_a.id: DEDICATED, child: DEDICATED}
    after_a = rows_of(dedicated_url, [org_a.id, child])
    assert after_a["clients"] == 1200 + len(acknowledged)
    assert {t: n for t, n in after_a.items() if t != "clients"}.keys() >= {
        t for t in before_a if t != "clients"
    }
    assert rows_of(database_url, [org_a.id, child]) == {}
    # The other organization: untouched where it lives, absent where it does not.
    assert await digests(database_url, [org_b.id]) == before_b
    assert rows_of(dedicated_url, [org_b.id]) == {}
    # A write that still reaches the old database (a stale route) is refused, not lost.
    with pytest.raises(freeze.TenantFrozen) as stale:
        async with tenant_session(sessionmaker, [child]) as session:
            await freeze.hold_writes(session, [child])
    assert (stale.value.reason, stale.value.retry_after) == ("moved", 1)
    frozen = _seconds(document["frozen_at"], document["switched_at"])
    verified = _seconds(document["frozen_at"], report["verified_at"])
    print(
        f"moved {report['rows']} rows; {len(acknowledged)} writes acknowledged, "
        f"{len(refused)} refused during the freeze; frozen for {frozen:.3f}s "
        f"(verified {verified:.3f}s after the freeze began)"
    )


def _seconds(start: str, end: str) -> float:
    return (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds()


async def test_a_move_whose_worker_died_mid_copy_resumes_to_the_same_result(
    dev_server_env: WorkflowEnvironment,
    sessionmaker: async_sessionmaker[AsyncSession],
    routing: PlacementRouting,
    queue: str,
    org_a: Tenant,
    database_url: str,
    dedicated_url: str,
) -> None:
    seed_clients(database_url, org_a.id, 4000)
    expected = await digests(database_url, [org_a.id])
    move = await start_move(sessionmaker, routing, organization_id=org_a.id, target=DEDICATED)
    handle = await start_tenant_move(
        dev_server_env.client,
        org_a.id,
        move.id,
        task_queue=queue,
        cleanup_delay_seconds=0,
        page_rows=20,
    )
    first = move_worker(dev_server_env, sessionmaker, routing, queue)
    running = asyncio.create_task(first.run())
    await route_to(dev_server_env, first)
    while True:  # until the copy is well into the clients
        progress = (await get_move(sessionmaker, organization_id=org_a.id)).progress
        if progress.get("table") == "clients" and progress["tables"]["clients"] >= 400:
            break
        await asyncio.sleep(0.02)
    await first.shutdown()  # the worker dies mid-copy
    running.cancel()
    with_clients = rows_of(dedicated_url, [org_a.id]).get("clients", 0)
    assert 0 < with_clients < 4000

    second = move_worker(dev_server_env, sessionmaker, routing, queue)
    async with second:
        await route_to(dev_server_env, second)
        result = await asyncio.wait_for(handle.result(), timeout=120)
    assert result.state == "done"
    done = await get_move(sessionmaker, organization_id=org_a.id)
    assert done.progress["resumed"] >= 1
    assert done.progress["resumed_from"]["table"] == "clients"
    assert done.progress["resumed_from"]["after"] is not None  # not from the start
    assert done.report is not None and done.report["ok"]
    # The same rows as a move that never crashed: the clients as seeded, every table as the
    # source had it under the freeze (starting the workflow sealed its input with a new key).
    landed = await digests(dedicated_url, [org_a.id])
    assert landed["clients"] == expected["clients"]
    assert {
        t: copier.Digest(v["source_rows"], v["source_checksum"])
        for t, v in done.report["tables"].items()
    } == landed
    assert rows_of(database_url, [org_a.id]) == {}


async def test_a_bad_target_is_refused_clearly_and_nothing_moves(
    operator_api: httpx.AsyncClient,
    worker: Worker,
    org_a: Tenant,
    database_url: str,
    dedicated_url: str,
) -> None:
    api = operator_api
    before = rows_of(database_url, [org_a.id])
    unknown = await api.post(
        f"/operator/organizations/{org_a.id}/moves", json={"to": "mars"}, headers=OPERATOR
    )
    assert unknown.status_code == 422
    assert unknown.json()["code"] == "unknown_placement" and unknown.json()["param"] == "to"
    assert "dedicated" in unknown.json()["detail"]  # it says which placements there are
    here = await api.post(
        f"/operator/organizations/{org_a.id}/moves", json={"to": SHARED}, headers=OPERATOR
    )
    assert here.status_code == 409 and here.json()["code"] == "already_in_placement"
    imprint = await api.post("/v1/organizations", json={"name": "Imprint"}, headers=org_a.headers)
    child = imprint.json()["id"]
    alone = await api.post(
        f"/operator/organizations/{child}/moves", json={"to": DEDICATED}, headers=OPERATOR
    )
    assert alone.status_code == 422 and alone.json()["code"] == "not_a_root_organization"
    nobody = await api.post(
        f"/operator/organizations/{org_a.id}/moves", json={"to": DEDICATED}, headers={}
    )
    assert nobody.status_code == 401
    missing = await api.get(f"/operator/organizations/{org_a.id}/moves/latest", headers=OPERATOR)
    assert missing.status_code == 404  # nothing was recorded
    assert rows_of(dedicated_url, [org_a.id, child]) == {}
    assert rows_of(database_url, [org_a.id]).keys() == before.keys()


async def test_two_operators_starting_the_same_move_get_one_move(
    operator_api: httpx.AsyncClient, worker: Worker, org_a: Tenant
) -> None:
    body = {"to": DEDICATED, "cleanup_delay_seconds": 0}
    answers = await asyncio.gather(
        *(
            operator_api.post(
                f"/operator/organizations/{org_a.id}/moves", json=body, headers=OPERATOR
            )
            for _ in range(3)
        )
    )
    codes = sorted(a.status_code for a in answers)
    assert codes == [202, 409, 409], [a.text for a in answers]
    assert {a.json()["code"] for a in answers if a.status_code == 409} == {"move_in_progress"}


async def test_a_move_to_a_database_not_migrated_fails_and_the_tenant_keeps_writing(
    dev_server_env: WorkflowEnvironment,
    sessionmaker: async_sessionmaker[AsyncSession],
    app_factory: Callable[..., Awaitable[httpx.AsyncClient]],
    dedicated_url: str,
    database_url: str,
    engine: AsyncEngine,
    clean_db: None,
    org_a: Tenant,
    queue: str,
) -> None:
    blank = make_url(dedicated_url).set(database="blank_" + uuid.uuid4().hex[:6])
    with psycopg.connect(conninfo(dedicated_url), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{blank.database}"')
    placements = Placements(
        {
            SHARED: Placement(SHARED, database_url, "eu"),
            "blank": Placement("blank", blank.render_as_string(hide_password=False), "eu"),
        },
        control=SHARED,
        engines={SHARED: engine},
    )
    routing = routing_of(placements)
    running = move_worker(dev_server_env, sessionmaker, routing, queue)
    async with running:
        await route_to(dev_server_env, running)
        move = await start_move(sessionmaker, routing, organization_id=org_a.id, target="blank")
        handle = await start_tenant_move(dev_server_env.client, org_a.id, move.id, task_queue=queue)
        result = await asyncio.wait_for(handle.result(), timeout=60)
    assert result.state == "failed"
    assert result.error is not None and "auditoryx migrate" in result.error
    failed = await get_move(sessionmaker, organization_id=org_a.id)
    assert failed.state == "failed" and "migration" in (failed.error or "")
    assert directory_rows(database_url) == {}
    api = await app_factory()
    wrote = await api.post("/v1/clients", json={"name": "still here"}, headers=org_a.headers)
    assert wrote.status_code == 201
    await placements.dispose()


async def test_during_a_freeze_writes_wait_for_retry_after_and_reads_go_on(
    app_factory: Callable[..., Awaitable[httpx.AsyncClient]],
    org_a: Tenant,
    org_b: Tenant,
    database_url: str,
    dedicated_url: str,
) -> None:
    api = await app_factory(**placed(database_url, dedicated_url))
    source = await copier.open_side(conninfo(database_url), [org_a.id])
    try:
        await freeze.freeze(source, move_id="tmv_test", organization_ids=[org_a.id])
        refused = await api.post("/v1/clients", json={"name": "x"}, headers=org_a.headers)
        assert refused.status_code == 503
        assert refused.headers["Retry-After"] == str(freeze.FREEZE_RETRY_AFTER_SECONDS)
        assert refused.json()["code"] == "tenant_moving"
        assert (await api.get("/v1/clients", headers=org_a.headers)).status_code == 200
        # Another organization writes on.
        other = await api.post("/v1/clients", json={"name": "y"}, headers=org_b.headers)
        assert other.status_code == 201
        await freeze.unfreeze(source, organization_ids=[org_a.id])
        again = await api.post("/v1/clients", json={"name": "x"}, headers=org_a.headers)
        assert again.status_code == 201
    finally:
        await source.close()


async def test_a_freeze_waits_for_the_writes_under_way(
    sessionmaker: async_sessionmaker[AsyncSession], org_a: Tenant, database_url: str
) -> None:
    source = await copier.open_side(conninfo(database_url), [org_a.id])
    writing = asyncio.Event()
    release = asyncio.Event()

    async def slow_writer() -> None:
        async with tenant_session(sessionmaker, [org_a.id]) as session:
            await freeze.hold_writes(session, [org_a.id])
            writing.set()
            await release.wait()

    try:
        writer = asyncio.create_task(slow_writer())
        await writing.wait()
        freezing = asyncio.create_task(
            freeze.freeze(source, move_id="tmv_test", organization_ids=[org_a.id])
        )
        await asyncio.sleep(0.3)
        assert not freezing.done()  # it waits for the write under way
        release.set()
        await writer
        await asyncio.wait_for(freezing, timeout=5)
        with pytest.raises(freeze.TenantFrozen):
            async with tenant_session(sessionmaker, [org_a.id]) as session:
                await freeze.hold_writes(session, [org_a.id])
    finally:
        await source.close()


def _cli(base_url: str, *argv: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in _SETTINGS_VARS}
    return subprocess.run(
        [sys.executable, "-m", "cli", *argv],
        cwd=REPO_ROOT,
        env={
            **env,
            "PYTHONPATH": str(REPO_ROOT),
            "PUBLIC_BASE_URL": base_url,
            "OPERATOR_TOKEN": TOKEN,
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


async def test_the_cli_moves_a_tenant_and_reports_its_verification(
    placed_settings: Settings,
    engine: AsyncEngine,
    dev_server_env: WorkflowEnvironment,
    worker: Worker,
    routing: PlacementRouting,
    queue: str,
    org_a: Tenant,
    dedicated_url: str,
) -> None:
    app = create_app(
        placed_settings.model_copy(update={"operator_token": TOKEN, "temporal_task_queue": queue}),
        engine=engine,
        temporal_client=dev_server_env.client,
    )
    config = uvicorn.Config(app, host="127.0.0.1", port=free_port(), log_level="warning")
    async with serve(config, own_loop=False) as base_url:
        refused = await asyncio.to_thread(
            _cli, base_url, "tenant", "move", "--org", org_a.id, "--to", "mars"
        )
        assert refused.returncode == 2
        assert "no placement named 'mars'" in refused.stderr and "unknown_placement" in (
            refused.stderr
        )
        moved = await asyncio.to_thread(
            _cli,
            base_url,
            "tenant",
            "move",
            "--org",
            org_a.id,
            "--to",
            DEDICATED,
            "--cleanup-delay",
            "0",
            "--wait",
        )
        assert moved.returncode == 0, moved.stderr
        assert f"{SHARED} -> {DEDICATED}  done" in moved.stdout and "verified" in moved.stdout
        status = await asyncio.to_thread(_cli, base_url, "tenant", "move-status", "--org", org_a.id)
        assert status.returncode == 0 and "done" in status.stdout
    assert rows_of(dedicated_url, [org_a.id])["members"] == 1


async def _wait_open(api: httpx.AsyncClient, headers: dict[str, str], request_id: str) -> None:
    for _ in range(200):
        r = await api.get(f"/v1/approvals/{request_id}", headers=headers)
        if any(a["status"] == "pending" for a in r.json()["steps"][0]["assignments"]):
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the approval step did not open")


async def test_a_running_workflow_and_the_api_follow_the_tenant_to_its_new_database(
    operator_api: httpx.AsyncClient,
    dev_server_env: WorkflowEnvironment,
    placements: Placements,
    routing: PlacementRouting,
    placed_settings: Settings,
    engine: AsyncEngine,
    queue: str,
    org_a: Tenant,
    org_b: Tenant,
    database_url: str,
    dedicated_url: str,
) -> None:
    api = operator_api
    _manager_id, manager = await member_key(api, org_a, "mara@northstar.example", "manager")
    # The whole worker as `auditoryx worker` builds it: activities routed by placement, the
    # moves' activities with the real registry and directory.
    worker = build_worker(
        dev_server_env.client,
        engine,
        task_queue=queue,
        identity="mover",
        settings=placed_settings.model_copy(update={"temporal_task_queue": queue}),
        deployment_config=deployment_for(queue),
        sessionmaker=PlacementRouter(placements, cache_seconds=0.5),
        placement_routing=routing,
    )
    async with worker:
        await route_to(dev_server_env, worker)
        booking, request_id = await pending_booking(api, org_a)
        chain = dev_server_env.client.get_workflow_handle_for(
            ApprovalChainWorkflow.run, f"{org_a.id}:approval:{request_id}"
        )
        await _wait_open(api, org_a.headers, request_id)  # the chain waits for a decision
        started = await api.post(
            f"/operator/organizations/{org_a.id}/moves",
            json={"to": DEDICATED, "cleanup_delay_seconds": 0},
            headers=OPERATOR,
        )
        assert started.status_code == 202, started.text
        moved = await asyncio.wait_for(
            dev_server_env.client.get_workflow_handle_for(
                TenantMoveWorkflow.run, started.json()["workflow_id"]
            ).result(),
            timeout=120,
        )
        assert moved.state == "done", moved.error
        assert directory_rows(database_url) == {org_a.id: DEDICATED}
        assert rows_of(database_url, [org_a.id]) == {}  # cleaned up: only the new copy is left
        # The decision is written in the new database, and the chain started before the move
        # runs its next activities (the decision, the outcome on the booking) against it.
        decided = await api.post(
            f"/v1/approvals/{request_id}/decisions",
            headers=manager,
            json={"decision": "approve", "comment": "after the move"},
        )
        assert decided.status_code == 200, decided.text
        outcome = await asyncio.wait_for(chain.result(), timeout=60)
        assert outcome.status == "approved"
    with psycopg.connect(conninfo(dedicated_url)) as conn:
        [(status,)] = conn.execute(
            "SELECT status FROM bookings WHERE id = %s", (booking["id"],)
        ).fetchall()
        decisions = conn.execute(
            "SELECT status, comment FROM approval_assignments WHERE request_id = %s "
            "AND status <> 'pending'",
            (request_id,),
        ).fetchall()
    assert status == "confirmed"
    assert decisions == [("approved", "after the move")]
    assert rows_of(database_url, [org_a.id]) == {}
    # The API reads the moved organization's rows from the new database.
    read = await api.get(f"/v1/bookings/{booking['id']}", headers=org_a.headers)
    assert read.status_code == 200 and read.json()["status"] == "confirmed"
    # The other organization is untouched: it writes and reads where it always lived.
    wrote = await api.post("/v1/clients", json={"name": "Harbor"}, headers=org_b.headers)
    assert wrote.status_code == 201, wrote.text
    assert client_names(database_url, org_b.id) == ["Harbor"]
    assert rows_of(dedicated_url, [org_b.id]) == {}
    assert (await api.get("/v1/bookings", headers=org_b.headers)).json()["data"] == []


async def test_a_sub_organization_created_after_the_move_started_moves_with_its_tree(
    operator_api: httpx.AsyncClient,
    worker: Worker,
    dev_server_env: WorkflowEnvironment,
    routing: PlacementRouting,
    queue: str,
    org_a: Tenant,
    database_url: str,
    dedicated_url: str,
) -> None:
    control = routing.control_sessionmaker()
    move = await start_move(control, routing, organization_id=org_a.id, target=DEDICATED)
    assert list(move.organization_ids) == [org_a.id]
    # Created between the move's start and its freeze: the freeze reads the tree again.
    imprint = await operator_api.post(
        "/v1/organizations", json={"name": "Late Imprint"}, headers=org_a.headers
    )
    assert imprint.status_code == 201, imprint.text
    child = imprint.json()["id"]
    handle = await start_tenant_move(
        dev_server_env.client, org_a.id, move.id, task_queue=queue, cleanup_delay_seconds=0
    )
    assert (await asyncio.wait_for(handle.result(), timeout=120)).state == "done"
    done = await get_move(control, organization_id=org_a.id)
    assert set(done.organization_ids) == {org_a.id, child}
    assert directory_rows(database_url) == {org_a.id: DEDICATED, child: DEDICATED}
    assert rows_of(dedicated_url, [child])["organizations"] == 1
    assert rows_of(database_url, [org_a.id, child]) == {}


async def test_every_tenant_writer_of_the_router_meets_the_freeze_and_reads_go_on(
    placements: Placements, org_a: Tenant, org_b: Tenant, database_url: str
) -> None:
    """Not only the API: any tenant transaction the placement router opens (an activity's,
    the usage flush's) that wrote is refused at its commit while frozen, and rolled back."""
    router = PlacementRouter(placements, cache_seconds=60)

    async def write(org: str, name: str) -> None:
        async with tenant_session(router, [org]) as session:
            await session.execute(
                text(
                    "INSERT INTO clients (id, organization_id, name, notes) "
                    "VALUES (:id, :org, :name, '')"
                ),
                {"id": f"cli_{uuid.uuid4().hex[:20]}", "org": org, "name": name},
            )

    source = await copier.open_side(conninfo(database_url), [org_a.id])
    try:
        await freeze.freeze(source, move_id="tmv_test", organization_ids=[org_a.id])
        with pytest.raises(freeze.TenantFrozen) as refused:
            await write(org_a.id, "during the freeze")
        assert refused.value.reason == "frozen"
        async with tenant_session(router, [org_a.id]) as session:  # a read commits
            await session.execute(text("SELECT count(*) FROM clients"))
        await write(org_b.id, "another organization")
        await freeze.mark_moved(source, move_id="tmv_test", organization_ids=[org_a.id])
        assert await router.placement_name(org_a.id) == SHARED  # cached
        with pytest.raises(freeze.TenantFrozen) as stale:
            await write(org_a.id, "a stale route")
        assert stale.value.reason == "moved"
        assert org_a.id not in router._known  # the retry looks the placement up again
    finally:
        await source.close()
    assert "during the freeze" not in client_names(database_url, org_a.id)
    assert "a stale route" not in client_names(database_url, org_a.id)
    assert client_names(database_url, org_b.id) == ["another organization"]


def audit_unsealed(url: str, org: str) -> int:
    with psycopg.connect(conninfo(url)) as conn:
        row = conn.execute(
            "SELECT count(*) FROM audit_events WHERE organization_id = %s AND hash IS NULL", (org,)
        ).fetchone()
    return int(row[0]) if row else 0


def usage_units(url: str, org: str) -> int:
    with psycopg.connect(conninfo(url)) as conn:
        row = conn.execute(
            "SELECT coalesce(sum(n), 0) FROM usage_daily WHERE organization_id = %s", (org,)
        ).fetchone()
    return int(row[0]) if row else 0


async def test_the_audit_sealer_and_the_usage_flush_write_nothing_into_a_frozen_source(
    placements: Placements, org_a: Tenant, database_url: str
) -> None:
    """The worker's sweeps and its usage flush write through the placement router, so a
    frozen source keeps what the last catch-up copied: the sealer links nothing there (the
    records arrive unlinked in the target and its sealer links them), and the usage counts
    wait in the process for the flush after the switch."""
    router = PlacementRouter(placements, cache_seconds=60)
    sweep = router.pinned(placements.sessionmaker(SHARED))  # as the worker runs the sealer
    unsealed = audit_unsealed(database_url, org_a.id)
    assert unsealed > 0  # the organization's creation, not linked yet
    meter = UsageMeter()
    meter.count(org_a.id, "api_requests", n=3)
    before = usage_units(database_url, org_a.id)
    source = await copier.open_side(conninfo(database_url), [org_a.id])
    try:
        await freeze.freeze(source, move_id="tmv_sweeps", organization_ids=[org_a.id])
        await seal_sealable(sweep)
        assert audit_unsealed(database_url, org_a.id) == unsealed
        with pytest.raises(freeze.TenantFrozen):
            await meter.flush(router)
        assert usage_units(database_url, org_a.id) == before
        assert sum(meter.pending().values()) == 3  # kept for the next flush
        await freeze.unfreeze(source, organization_ids=[org_a.id])
        await seal_sealable(sweep)
        assert audit_unsealed(database_url, org_a.id) == 0
        assert await meter.flush(router) == 3
        assert usage_units(database_url, org_a.id) == before + 3
    finally:
        await freeze.unfreeze(source, organization_ids=[org_a.id])
        await source.close()


async def test_with_one_placement_a_write_spends_nothing_on_the_freeze(
    api: httpx.AsyncClient, org_a: Tenant, database_url: str
) -> None:
    # Nowhere to move to: a block left in the only database is never looked at, so a write
    # request pays no statement for a freeze that cannot happen.
    source = await copier.open_side(conninfo(database_url), [org_a.id])
    try:
        await freeze.freeze(source, move_id="tmv_single", organization_ids=[org_a.id])
        wrote = await api.post("/v1/clients", json={"name": "x"}, headers=org_a.headers)
        assert wrote.status_code == 201, wrote.text
    finally:
        await freeze.unfreeze(source, organization_ids=[org_a.id])
        await source.close()
