"""One organization's flood does not hold up another organization's approval.

Organization C floods the shared task queue: 5,000 webhook deliveries (10 endpoints on a
receiver that takes 3 s per request, 500 events) and a 1,500-session bulk booking. Once every
delivery workflow is started, the queue holds a backlog and C's bulk booking is submitted,
organization A books a session that its policy sends to approval. Measured: how long until
A's chain has its approver assigned, and how long A's approve decision takes to return.

Everything is real: the test's own ``temporal server start-dev`` with the fair-scheduling
dynamic config ``auditoryx dev`` uses (``core.devstack``), the suite's PostgreSQL, a worker
process (``auditoryx worker``, its sweeps relaying the events) and the API. Before fair
scheduling A's chain had no approver after 120 s and the decision took 167 s; the bound
asserted here is more than ten times better than that, and ``docs/BENCHMARKS.md`` keeps the
measured figures. The test does not wait for C's work to finish: once A is measured the dev
server, and C's backlog with it, is thrown away.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import time
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from temporalio.api.enums.v1 import TaskQueueType
from temporalio.api.taskqueue.v1 import TaskQueue
from temporalio.api.workflowservice.v1 import DescribeTaskQueueRequest
from temporalio.client import Client
from temporalio.converter import DataConverter
from temporalio.testing import WorkflowEnvironment

from core.db import tenant_session
from core.devstack import TemporalDevServer, free_port
from domain.events import service as events
from tests.stubs.slow_webhook_receiver import SlowWebhookReceiver
from tests.support.approvals import book, create_creator, create_policy, decide, member_key
from tests.support.bulk import FINAL, creator, day, fixed
from tests.support.harness import start_worker
from workflows import SEARCH_ATTRIBUTES

# Starting 5,000 delivery workflows takes about two minutes on a busy 2-core machine.
pytestmark = [pytest.mark.e2e, pytest.mark.timeout(480)]

ENDPOINTS = 10
EVENTS = 500  # x 10 endpoints = 5,000 deliveries
RECEIVER_DELAY = 3.0  # seconds the receiver takes to answer each delivery
CREATORS = 60
PER_CREATOR = 25  # 1,500 sessions
BACKLOG = 1_000  # tasks (workflow and activity) C must have waiting before A books
BOUND = 10.0  # seconds; before fair scheduling: no approver after 120 s, decision after 167 s


@pytest.fixture
async def own_dev_server(
    tmp_path: Path, codec_data_converter: DataConverter
) -> AsyncIterator[WorkflowEnvironment]:
    """A dev server of this test alone, started as ``auditoryx dev`` starts it (file database
    with WAL, fair scheduling on), so C's backlog dies with it."""
    server = TemporalDevServer(tmp_path / "temporal.db", free_port(), None, SEARCH_ATTRIBUTES)
    server.start()
    try:
        # The API and the worker seal payloads with the organizations' keys, as in production.
        client = await Client.connect(server.address, data_converter=codec_data_converter)
        yield WorkflowEnvironment.from_client(client)
    finally:
        server.stop()


def _count(conninfo: str, sql: str, *params: object) -> int:
    with psycopg.connect(conninfo) as conn:
        row = conn.execute(sql, params).fetchone()
    return int(row[0]) if row else 0


async def _backlog(client: Client, queue: str, kind: TaskQueueType.ValueType) -> int:
    response = await client.workflow_service.describe_task_queue(
        DescribeTaskQueueRequest(
            namespace=client.namespace,
            task_queue=TaskQueue(name=queue),
            task_queue_type=kind,
            report_stats=True,
        )
    )
    return int(response.stats.approximate_backlog_count)


async def _flood_built(
    client: Client, queue: str, conninfo: str, organization_id: str, timeout: float = 300
) -> dict[str, int]:
    """Wait until every one of C's events is relayed (its 5,000 deliveries started) and the
    queue holds ``BACKLOG`` tasks; returns what the queue held then. On a small machine the
    backlog is mostly workflow tasks (deliveries not yet at their first attempt), on a bigger
    one activity tasks (attempts waiting for a slot): either is a queue A's work must pass."""
    deadline = time.monotonic() + timeout
    state: dict[str, int] = {}
    while time.monotonic() < deadline:
        state = {
            "events relayed": _count(
                conninfo,
                "SELECT count(*) FROM events WHERE organization_id = %s "
                "AND type = 'client.created' AND relayed_at IS NOT NULL",
                organization_id,
            ),
            "activity backlog": await _backlog(
                client, queue, TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY
            ),
            "workflow backlog": await _backlog(
                client, queue, TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW
            ),
        }
        backlog = state["activity backlog"] + state["workflow backlog"]
        if state["events relayed"] >= EVENTS and backlog >= BACKLOG:
            return state
        await asyncio.sleep(1)
    raise AssertionError(f"the flood never built up within {timeout:.0f}s: {state}")


async def _until_assigned(api: Any, headers: dict[str, str], request_id: str) -> None:
    """Poll the request until its first step has a pending assignment (an approver)."""
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        r = await api.get(f"/v1/approvals/{request_id}", headers=headers)
        assert r.status_code == 200, r.text
        if any(a["status"] == "pending" for a in r.json()["steps"][0]["assignments"]):
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"{request_id} had no approver after 180s")


async def test_an_approval_is_served_while_another_organization_floods_the_queue(
    own_dev_server: WorkflowEnvironment,
    app_factory: Any,
    make_tenant: Any,
    settings: Any,
    sessionmaker: Any,
    owner_conninfo: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    client = own_dev_server.client
    queue = f"flood-{uuid.uuid4().hex[:8]}"
    api = await app_factory(
        temporal_client=client, temporal_task_queue=queue, outbound_allow_private_networks=True
    )
    org_a = await make_tenant("Northstar Records")
    org_c = await make_tenant("Crowdsound Label")

    # A: a manager who approves every booking, and a creator to book.
    manager_id, manager = await member_key(api, org_a, "mara@northstar.example", "manager")
    creator_a = await create_creator(api, org_a)
    await create_policy(
        api, org_a, steps=[{"name": "manager", "approvers": [{"member_id": manager_id}]}]
    )

    # C: ten endpoints on the slow receiver, 500 events for them, 1,500 sessions to hold.
    monkeypatch.setenv("OUTBOUND_ALLOW_PRIVATE_NETWORKS", "true")
    worker: subprocess.Popen[bytes] | None = None
    with SlowWebhookReceiver(RECEIVER_DELAY) as receiver:
        try:
            for i in range(ENDPOINTS):
                r = await api.post(
                    "/v1/webhook-endpoints",
                    headers=org_c.headers,
                    json={"url": receiver.url(f"c{i}"), "event_types": ["client.created"]},
                )
                assert r.status_code == 201, r.text
            creators = [await creator(api, org_c, f"Creator {i}") for i in range(CREATORS)]
            sessions = [
                fixed(c, day(3 + n, 10), minutes=120) for c in creators for n in range(PER_CREATOR)
            ]
            async with tenant_session(sessionmaker, [org_c.id]) as session:
                for i in range(EVENTS):
                    await events.emit(
                        session,
                        organization_id=org_c.id,
                        type_="client.created",
                        data={"object": "client", "id": f"cli_flood_{i}", "name": f"Client {i}"},
                    )

            worker = start_worker(settings, own_dev_server, queue)
            flooding = time.monotonic()
            flood = await _flood_built(client, queue, owner_conninfo, org_c.id)
            flood["seconds"] = round(time.monotonic() - flooding)
            # The bulk booking last: its saga queues behind C's own deliveries (one organization's
            # tasks of one priority are served in order), so it is still running when A books.
            r = await api.post(
                "/v1/bulk-bookings",
                headers=org_c.headers,
                json={"mode": "all_or_nothing", "sessions": sessions},
            )
            assert r.status_code == 201, r.text
            batch_id = r.json()["id"]

            # A books; its policy sends the booking to approval.
            started = time.monotonic()
            booking = await book(api, org_a, creator_a, hours=2)
            assert booking["status"] == "pending_approval", booking
            request_id = booking["approval_request_id"]
            await _until_assigned(api, org_a.headers, request_id)
            assigned_after = time.monotonic() - started

            started = time.monotonic()
            r = await decide(api, manager, request_id, comment="go")
            decided_after = time.monotonic() - started
            assert r.status_code == 200, r.text
            assert r.json()["status"] == "approved", r.json()

            # C's flood was still there when A was served.
            delivered = _count(
                owner_conninfo,
                "SELECT count(*) FROM webhook_attempts WHERE organization_id = %s",
                org_c.id,
            )
            backlog = await _backlog(
                client, queue, TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY
            ) + await _backlog(client, queue, TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW)
            r = await api.get(f"/v1/bulk-bookings/{batch_id}?items_limit=0", headers=org_c.headers)
            bulk = {"status": r.json()["status"], **r.json()["counts"]}
            print(
                f"\nflood when A booked: {flood}; after A: {delivered} of "
                f"{EVENTS * ENDPOINTS} deliveries attempted, backlog {backlog} tasks, "
                f"bulk booking {bulk}; "
                f"A's approver assigned after {assigned_after:.2f}s, "
                f"decision returned after {decided_after:.2f}s"
            )
            assert delivered < EVENTS * ENDPOINTS
            assert bulk["status"] not in FINAL, bulk
            assert backlog >= BACKLOG
            assert assigned_after < BOUND, f"A's approver assigned after {assigned_after:.1f}s"
            assert decided_after < BOUND, f"A's decision returned after {decided_after:.1f}s"
        finally:
            # C's work is thrown away with the dev server: no graceful drain of the worker.
            if worker is not None and worker.poll() is None:
                os.killpg(worker.pid, signal.SIGKILL)
                worker.wait(timeout=10)
