"""Killing the worker in the middle of an approval chain loses nothing.

A real worker process (`auditoryx worker`) runs the chain on the dev server; after the first
decision it is killed with SIGKILL, a new worker process takes over, and the chain completes
with every decision kept. And a decision the chain has taken, whose write to PostgreSQL has
not happened when its worker dies, is written by the next worker.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import time
import uuid

import psycopg
import pytest
from temporalio.client import Client
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.worker import WorkerDeploymentConfig, WorkerDeploymentVersion

from core.devstack import free_port
from domain.approvals.chain_types import DecideInput
from tests.support.approvals import book, create_creator, create_policy, decide, member_key
from tests.support.harness import route_to, start_worker
from worker import build_worker
from workflows.approval import ApprovalChainWorkflow

pytestmark = pytest.mark.e2e


async def wait_for_step_open(api, headers, request_id: str, step: int, timeout: float = 30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        r = await api.get(f"/v1/approvals/{request_id}", headers=headers)
        assignments = r.json()["steps"][step]["assignments"]
        if any(a["status"] == "pending" for a in assignments):
            return
        await asyncio.sleep(0.2)
    raise AssertionError(f"step {step} of {request_id} did not open within {timeout}s")


async def test_a_killed_worker_loses_no_decision(dev_server_env, app_factory, org_a, settings):
    queue = f"crash-{uuid.uuid4().hex[:8]}"
    api = await app_factory(temporal_client=dev_server_env.client, temporal_task_queue=queue)
    manager_id, manager = await member_key(api, org_a, "mara@northstar.example", "manager")
    finance_id, finance = await member_key(api, org_a, "fin@northstar.example", "admin")
    creator = await create_creator(api, org_a)
    await create_policy(
        api,
        org_a,
        steps=[
            {"name": "manager", "approvers": [{"member_id": manager_id}]},
            {"name": "finance", "approvers": [{"member_id": finance_id}]},
        ],
    )

    first = start_worker(settings, dev_server_env, queue)
    second: subprocess.Popen[bytes] | None = None
    try:
        booking = await book(api, org_a, creator, hours=2)
        request_id = booking["approval_request_id"]
        await wait_for_step_open(api, org_a.headers, request_id, step=0)
        r = await decide(api, manager, request_id, comment="go")
        assert r.status_code == 200, r.text
        await wait_for_step_open(api, org_a.headers, request_id, step=1)

        os.killpg(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
        second = start_worker(settings, dev_server_env, queue)

        r = await decide(api, finance, request_id, comment="paid")
        assert r.status_code == 200, r.text
        handle = dev_server_env.client.get_workflow_handle_for(
            ApprovalChainWorkflow.run, f"{org_a.id}:approval:{request_id}"
        )
        result = await asyncio.wait_for(handle.result(), timeout=60)
        assert result.status == "approved"
        assert result.steps[0].decisions == {manager_id: "approve"}
        assert result.steps[1].decisions == {finance_id: "approve"}

        r = await api.get(f"/v1/bookings/{booking['id']}", headers=org_a.headers)
        assert r.json()["status"] == "confirmed"
        r = await api.get(f"/v1/approvals/{request_id}", headers=org_a.headers)
        kept = {
            (a["member_id"], a["status"], a["comment"])
            for s in r.json()["steps"]
            for a in s["assignments"]
        }
        assert (manager_id, "approved", "go") in kept
        assert (finance_id, "approved", "paid") in kept
    finally:
        for process in (first, second):
            if process is not None and process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=30)


def _rows(owner_conninfo: str, query: str, *args: object) -> list[tuple[object, ...]]:
    with psycopg.connect(owner_conninfo) as conn:
        return conn.execute(query, args).fetchall()


async def test_a_decision_taken_but_not_yet_written_is_written_by_the_next_worker(
    dev_server_env, engine, app_factory, org_a, settings, owner_conninfo
):
    env = dev_server_env
    # Payloads in clear for this chain: a worker that cannot reach PostgreSQL cannot read the
    # organization's payload keys either, so with encryption on it would not even take the
    # decision (the update waits for a worker that can; docs/adr/0032). The window tested
    # here — decided, not yet written — is the one a worker without encryption leaves.
    client = Client(**{**env.client.config(), "data_converter": pydantic_data_converter})
    queue = f"projection-{uuid.uuid4().hex[:8]}"
    api = await app_factory(temporal_client=client, temporal_task_queue=queue)
    manager_id, _manager = await member_key(api, org_a, "mara@northstar.example", "manager")
    creator = await create_creator(api, org_a)
    await create_policy(api, org_a, steps=[{"name": "manager", "approvers": [{"role": "manager"}]}])
    # One release on every worker of this test, as in production: the chain is pinned to its
    # version, so the worker processes that take it over must run the same one.
    version = WorkerDeploymentConfig(
        version=WorkerDeploymentVersion(f"test-{queue}", "crash"), use_worker_versioning=True
    )
    first = build_worker(
        client, engine, task_queue=queue, identity="first", deployment_config=version
    )
    async with first:
        await route_to(env, first)
        booking = await book(api, org_a, creator, hours=2)
        request_id = booking["approval_request_id"]
        handle = client.get_workflow_handle_for(
            ApprovalChainWorkflow.run, f"{org_a.id}:approval:{request_id}"
        )
        while (await handle.query(ApprovalChainWorkflow.status)).steps[0].status != "open":
            await asyncio.sleep(0.05)

    # The next worker process cannot reach PostgreSQL (nothing listens where it looks): it
    # takes the decision, and its write of it fails and is retried until the process dies.
    cut_off = settings.model_copy(
        update={"database_url": f"postgresql://auditoryx@127.0.0.1:{free_port()}/auditoryx"}
    )
    process = start_worker(cut_off, env, queue, WORKER_BUILD_ID="crash", PAYLOAD_ENCRYPTION="false")
    try:
        result = await handle.execute_update(
            ApprovalChainWorkflow.decide,
            DecideInput(member_id=manager_id, decision="approve", comment="go"),
        )
        assert result.request_status == "approved"
        events = (await handle.fetch_history()).events
        assert any(
            e.HasField("workflow_execution_update_completed_event_attributes") for e in events
        )
        assert _rows(
            owner_conninfo,
            "SELECT status FROM approval_assignments WHERE request_id = %s",
            request_id,
        ) == [("pending",)]
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)

    async with build_worker(
        client, engine, task_queue=queue, identity="recovered", deployment_config=version
    ):
        final = await asyncio.wait_for(handle.result(), timeout=120)
    assert final.status == "approved" and final.steps[0].decisions == {manager_id: "approve"}
    assert _rows(
        owner_conninfo,
        "SELECT member_id, status, comment FROM approval_assignments WHERE request_id = %s",
        request_id,
    ) == [(manager_id, "approved", "go")]
    assert _rows(owner_conninfo, "SELECT status FROM bookings WHERE id = %s", booking["id"]) == [
        ("confirmed",)
    ]
    # Exactly once: one record of the decision, whichever worker wrote it.
    assert _rows(
        owner_conninfo,
        "SELECT action FROM audit_events WHERE target_id = %s AND action LIKE 'approval.%%'",
        request_id,
    ) == [("approval.approved",)]
