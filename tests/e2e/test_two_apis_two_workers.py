"""Two API processes and two worker processes on one PostgreSQL and one Temporal server: the
shape a Kubernetes deployment scales to (deploy/helm/auditoryx).

Each process is the real command a pod runs (`auditoryx api`, `auditoryx worker`), with its
own interpreter, engine, pool, Temporal client and relay loops. A burst of bookings that need
approval is sent alternately to the two APIs, then every approval is decided twice at once,
once through each API. What has to hold, read from PostgreSQL, Temporal's histories, the SMTP
sink and a webhook receiver:

- work was spread: both APIs started chains, and both workers ran workflow tasks;
- nothing happened twice: each booking exists once and is confirmed once, each approval was
  decided once (the other attempt answered 409), each approver e-mail was sent once, and each
  event was recorded once and delivered to the webhook once, although both workers' event
  relays sweep the same outbox.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import uuid
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from temporalio.client import WorkflowExecutionStatus
from temporalio.testing import WorkflowEnvironment

from core.devstack import free_port
from tests.stubs.webhook_receiver import WebhookReceiver
from tests.support.approvals import book, create_creator, create_policy, decide, member_key
from tests.support.harness import (
    Tenant,
    start_api_process,
    start_worker,
    stop_processes,
    until,
    wait_answering,
)
from tests.support.projects import sql
from tests.support.smtp import Sink

pytestmark = pytest.mark.e2e

BOOKINGS = 16
EVENT_TYPES = ["booking.created", "approval.decided", "booking.confirmed"]
SETTLE_WITHIN = 120.0


@dataclass
class Stack:
    apis: list[httpx.AsyncClient]
    api_processes: list[subprocess.Popen[bytes]]
    worker_processes: list[subprocess.Popen[bytes]]
    queue: str
    mail: Sink
    receiver: WebhookReceiver


@pytest.fixture
async def stack(
    dev_server_env: WorkflowEnvironment,
    settings: Any,
    database_url: str,
    smtp_sink: tuple[Sink, int],
    tmp_path: Path,
) -> AsyncIterator[Stack]:
    sink, smtp_port = smtp_sink
    queue = f"spread-{uuid.uuid4().hex[:8]}"
    shared = {
        "TEMPORAL_ADDRESS": dev_server_env.client.service_client.config.target_host,
        "TEMPORAL_TASK_QUEUE": queue,
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(smtp_port),
        # The webhook receiver listens on loopback.
        "OUTBOUND_ALLOW_PRIVATE_NETWORKS": "true",
    }
    workers = [start_worker(settings, dev_server_env, queue, **shared) for _ in range(2)]
    apis: list[subprocess.Popen[bytes]] = []
    clients: list[httpx.AsyncClient] = []
    with WebhookReceiver() as receiver:
        try:
            for name in ("first", "second"):
                port, log = free_port(), tmp_path / name / "api.log"
                log.parent.mkdir()
                apis.append(
                    start_api_process(
                        database_url, port, log, RATE_LIMITS_ENABLED="false", **shared
                    )
                )
                url = f"http://127.0.0.1:{port}"
                # Ready: PostgreSQL and Temporal answer and a worker polls the queue.
                wait_answering(apis[-1], f"{url}/readyz", log, timeout=90)
                clients.append(httpx.AsyncClient(base_url=url, timeout=60))
            yield Stack(clients, apis, workers, queue, sink, receiver)
        finally:
            for client in clients:
                await client.aclose()
            stop_processes(apis)
            for worker in workers:
                os.killpg(worker.pid, signal.SIGTERM)
            for worker in workers:
                worker.wait(timeout=30)


async def test_work_is_spread_over_both_workers_and_nothing_is_done_twice(
    stack: Stack, dev_server_env: WorkflowEnvironment, org_a: Tenant, owner_conninfo: str
) -> None:
    first, second = stack.apis
    manager_id, manager = await member_key(first, org_a, "mara@northstar.example", "manager")
    creator = await create_creator(second, org_a)
    # Contact details are sealed with the creator's key, in the key store, by either process.
    r = await first.patch(
        f"/v1/creators/{creator}", headers=org_a.headers, json={"email": "pat@studio.example"}
    )
    assert r.status_code == 200, r.text
    r = await second.get(f"/v1/creators/{creator}", headers=org_a.headers)
    assert r.json()["email"] == "pat@studio.example", r.text
    await create_policy(
        first, org_a, steps=[{"name": "manager", "approvers": [{"member_id": manager_id}]}]
    )
    r = await second.post(
        "/v1/webhook-endpoints",
        headers=org_a.headers,
        json={"url": stack.receiver.url, "event_types": EVENT_TYPES},
    )
    assert r.status_code == 201, r.text

    # The burst: bookings of one creator on different days, alternately through each API.
    bookings = await asyncio.gather(
        *(book(stack.apis[i % 2], org_a, creator, hours=1, day=20 + i) for i in range(BOOKINGS))
    )
    assert all(b["status"] == "pending_approval" for b in bookings)
    requests = [b["approval_request_id"] for b in bookings]

    async def all_open() -> bool:
        states = await asyncio.gather(
            *(
                stack.apis[i % 2].get(f"/v1/approvals/{request}", headers=org_a.headers)
                for i, request in enumerate(requests)
            )
        )
        return all(
            a["status"] == "pending" for s in states for a in s.json()["steps"][0]["assignments"]
        )

    await until("every approval chain opening its step", all_open, SETTLE_WITHIN)

    # Every approval decided at once through both APIs: exactly one attempt decides.
    answers = await asyncio.gather(
        *(
            decide(api, manager, request, comment=f"via {n}")
            for request in requests
            for n, api in enumerate(stack.apis)
        )
    )
    for i, request in enumerate(requests):
        pair = answers[2 * i : 2 * i + 2]
        assert sorted(a.status_code for a in pair) == [200, 409], (request, [a.text for a in pair])
        refused = next(a for a in pair if a.status_code == 409)
        assert refused.headers["content-type"].startswith("application/problem+json")

    async def all_confirmed() -> bool:
        statuses = sql(
            owner_conninfo,
            "SELECT status FROM bookings WHERE id = ANY(%s)",
            [b["id"] for b in bookings],
        )
        return len(statuses) == BOOKINGS and {s for (s,) in statuses} == {"confirmed"}

    await until("every booking confirmed", all_confirmed, SETTLE_WITHIN)

    # --- spread: both workers ran the chains' workflow tasks -------------------------------
    # (Both APIs took half the bookings and half the winning decisions: the answers above.)
    host = socket.gethostname()
    worker_identities = {f"worker-{w.pid}@{host}" for w in stack.worker_processes}
    ran_tasks = Counter[str]()
    for request in requests:
        handle = dev_server_env.client.get_workflow_handle(f"{org_a.id}:approval:{request}")
        # The chain confirms its booking when it writes its outcome, then waits for its
        # notices before it completes: a confirmed booking's chain may still be running.
        await asyncio.wait_for(handle.result(), SETTLE_WITHIN)
        assert (await handle.describe()).status == WorkflowExecutionStatus.COMPLETED
        for event in (await handle.fetch_history()).events:
            if event.HasField("workflow_task_completed_event_attributes"):
                ran_tasks[event.workflow_task_completed_event_attributes.identity] += 1
    print(f"workflow tasks of the approval chains per worker: {dict(ran_tasks)}")
    assert set(ran_tasks) == worker_identities, ran_tasks

    # --- nothing twice ----------------------------------------------------------------------
    assert sql(
        owner_conninfo,
        "SELECT count(*), count(DISTINCT id) FROM bookings WHERE organization_id = %s",
        org_a.id,
    ) == [(BOOKINGS, BOOKINGS)]
    decisions = sql(
        owner_conninfo,
        "SELECT request_id, status, comment FROM approval_assignments WHERE request_id = ANY(%s)",
        requests,
    )
    assert len(decisions) == BOOKINGS and {r for r, _s, _c in decisions} == set(requests)
    assert {s for _r, s, _c in decisions} == {"approved"}
    audit = Counter(
        sql(
            owner_conninfo,
            "SELECT action, target_id FROM audit_events WHERE organization_id = %s",
            org_a.id,
        )
    )
    for booking, request in zip(bookings, requests, strict=True):
        assert audit[("booking.created", booking["id"])] == 1
        assert audit[("booking.confirmed", booking["id"])] == 1
        assert audit[("approval_request.approved", request)] == 1
    assert max(audit.values()) == 1, [k for k, n in audit.items() if n > 1]

    mail = [m for m in stack.mail.messages if m["To"] == "mara@northstar.example"]
    assert len(mail) == BOOKINGS, [m["Subject"] for m in mail]
    assert all(m["Subject"].startswith("Approval needed") for m in mail)
    assert len({m["Message-ID"] for m in mail}) == BOOKINGS

    events = sql(
        owner_conninfo,
        "SELECT id, type FROM events WHERE organization_id = %s AND type = ANY(%s)",
        org_a.id,
        EVENT_TYPES,
    )
    assert Counter(t for _id, t in events) == {t: BOOKINGS for t in EVENT_TYPES}

    def delivered() -> Counter[str]:
        return Counter(r.headers["webhook-id"] for r in stack.receiver.requests)

    async def all_delivered() -> bool:
        return set(delivered()) >= {event_id for event_id, _t in events}

    await until("every event delivered to the webhook", all_delivered, SETTLE_WITHIN)
    # Both relays sweep every second: give a duplicate the time to show up.
    await asyncio.sleep(3)
    assert delivered() == {event_id: 1 for event_id, _t in events}
