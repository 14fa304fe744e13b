"""Killing the worker in the middle of a bulk booking leaves no orphan hold and no double hold.

A real worker process (`auditoryx worker`) runs the saga on the dev server; while it is holding
chunk after chunk it is killed with SIGKILL, a new worker process takes over, the batch goes
to approval with every session held exactly once, and after the approval every session is
confirmed.
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

from tests.support.approvals import decide, member_key
from tests.support.bulk import creator, day, fixed, wait_for
from tests.support.harness import start_worker

pytestmark = pytest.mark.e2e
CREATORS = 40
PER_CREATOR = 25  # 1,000 sessions: five chunks of 200


def bookings_of(owner_conninfo: str, batch_id: str) -> dict[str, int]:
    with psycopg.connect(owner_conninfo) as conn:
        rows = conn.execute(
            "SELECT status, count(*) FROM bookings WHERE batch_id = %s GROUP BY 1", (batch_id,)
        ).fetchall()
    return {status: count for status, count in rows}


async def test_a_killed_worker_leaves_no_orphan_or_double_hold(
    dev_server_env, app_factory, org_a, settings, owner_conninfo
):
    queue = f"bulk-crash-{uuid.uuid4().hex[:8]}"
    api = await app_factory(temporal_client=dev_server_env.client, temporal_task_queue=queue)
    manager_id, manager = await member_key(api, org_a, "mara@northstar.example", "manager")
    r = await api.post(
        "/v1/approval-policies",
        headers=org_a.headers,
        json={
            "name": "Every bulk booking",
            "subject_type": "bulk_booking",
            "steps": [{"name": "manager", "approvers": [{"member_id": manager_id}]}],
        },
    )
    assert r.status_code == 201, r.text
    creators = [await creator(api, org_a, f"Creator {i}") for i in range(CREATORS)]
    sessions = [fixed(c, day(3 + n, 10), minutes=120) for c in creators for n in range(PER_CREATOR)]

    first = start_worker(settings, dev_server_env, queue)
    second: subprocess.Popen[bytes] | None = None
    try:
        r = await api.post(
            "/v1/bulk-bookings",
            headers=org_a.headers,
            json={"mode": "all_or_nothing", "sessions": sessions},
        )
        assert r.status_code == 201, r.text
        batch_id = r.json()["id"]

        # Kill as soon as some, not all, sessions are held.
        killed_while = None
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            held = bookings_of(owner_conninfo, batch_id).get("held", 0)
            if 0 < held < len(sessions):
                os.killpg(first.pid, signal.SIGKILL)
                first.wait(timeout=10)
                killed_while = held
                break
            await asyncio.sleep(0.02)
        assert killed_while is not None, "the worker was never caught mid-hold"
        second = start_worker(settings, dev_server_env, queue)

        waiting = await wait_for(
            api, org_a, batch_id, ("awaiting_approval", "failed", "confirmed"), timeout=180
        )
        assert waiting["status"] == "awaiting_approval", waiting
        assert bookings_of(owner_conninfo, batch_id) == {"pending_approval": len(sessions)}
        assert waiting["counts"] == {"pending_approval": len(sessions)}

        for _ in range(200):
            if (await decide(api, manager, waiting["approval_request_id"])).status_code == 200:
                break
            await asyncio.sleep(0.1)
        done = await wait_for(api, org_a, batch_id, ("confirmed", "failed"), timeout=120)
        assert done["status"] == "confirmed", done
        assert bookings_of(owner_conninfo, batch_id) == {"confirmed": len(sessions)}
    finally:
        for process in (first, second):
            if process is not None and process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=30)
