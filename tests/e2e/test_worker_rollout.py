"""A rollout of a new worker version strands no pinned workflow.

Two real worker processes (`auditoryx worker`, build ids ``v1`` and ``v2`` of one deployment)
on a real dev server: an approval chain started while ``v1`` is current keeps running on
``v1`` after ``v2`` is ramped and then made current with the `temporal worker deployment`
commands of docs/operations.md, while a chain started after that runs on ``v2``.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import uuid

import pytest
from temporalio.api.enums.v1 import EventType, VersioningBehavior
from temporalio.client import WorkflowHandle
from temporalio.testing import WorkflowEnvironment

from core.versioning import current_version
from tests.support.approvals import book, create_creator, create_policy, decide, member_key
from tests.support.harness import BIN, start_worker, until
from workflows.approval import ApprovalChainWorkflow

pytestmark = pytest.mark.e2e


def _deployment_cli(env: WorkflowEnvironment, *args: str) -> None:
    """``temporal worker deployment <args>`` against the test's dev server, as an operator."""
    address = env.client.service_client.config.target_host
    done = subprocess.run(
        [str(BIN / "temporal"), "worker", "deployment", *args, "--address", address, "--yes"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr or done.stdout


async def _build_ids_of_tasks(handle: WorkflowHandle) -> set[str]:
    """The build id of every worker that completed a workflow task of the run."""
    history = await handle.fetch_history()
    return {
        e.workflow_task_completed_event_attributes.deployment_version.build_id
        for e in history.events
        if e.event_type == EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED
    }


async def test_a_pinned_approval_finishes_on_its_version_while_new_ones_start_on_the_next(
    dev_server_env, app_factory, org_a, settings
):
    env = dev_server_env
    queue = f"rollout-{uuid.uuid4().hex[:8]}"
    deployment = f"test-{queue}"
    api = await app_factory(temporal_client=env.client, temporal_task_queue=queue)
    _manager_id, manager = await member_key(api, org_a, "mara@northstar.example", "manager")
    creator = await create_creator(api, org_a)
    await create_policy(api, org_a, steps=[{"name": "manager", "approvers": [{"role": "manager"}]}])

    async def handle_of(request_id: str) -> WorkflowHandle:
        return env.client.get_workflow_handle_for(
            ApprovalChainWorkflow.run, f"{org_a.id}:approval:{request_id}"
        )

    async def is_current(build_id: str) -> bool:
        version = await current_version(env.client, deployment)
        return version is not None and version.build_id == build_id

    async def open_request(day: int) -> str:
        booking = await book(api, org_a, creator, hours=2, day=day)
        assert booking["status"] == "pending_approval", booking
        request_id: str = booking["approval_request_id"]

        async def step_open() -> bool:
            r = await api.get(f"/v1/approvals/{request_id}", headers=org_a.headers)
            return any(a["status"] == "pending" for a in r.json()["steps"][0]["assignments"])

        await until(f"approval {request_id} opened", step_open)
        return request_id

    workers: list[subprocess.Popen[bytes]] = []
    try:
        # v1 is the deployment's first version: it makes itself current.
        workers.append(start_worker(settings, env, queue, WORKER_BUILD_ID="v1"))
        await until("v1 current", lambda: is_current("v1"))
        old = await open_request(day=30)

        # The next release: its workers start beside v1's, are ramped, then made current.
        workers.append(
            start_worker(settings, env, queue, WORKER_BUILD_ID="v2", WORKER_PROMOTE="never")
        )
        ramp = ("--deployment-name", deployment, "--build-id", "v2")
        ramping = (*ramp, "--percentage", "10")
        await until(
            "v2 polling", lambda: asyncio.to_thread(_try_cli, env, "set-ramping-version", *ramping)
        )
        _deployment_cli(env, "set-current-version", *ramp)
        assert await is_current("v2")
        new = await open_request(day=31)

        for request_id in (old, new):
            r = await decide(api, manager, request_id, comment="go")
            assert r.status_code == 200, r.text
        results = {
            rid: await asyncio.wait_for((await handle_of(rid)).result(), 60) for rid in (old, new)
        }
        assert {r.status for r in results.values()} == {"approved"}

        for request_id, build_id in ((old, "v1"), (new, "v2")):
            handle = await handle_of(request_id)
            info = (await handle.describe()).raw_description.workflow_execution_info
            assert info.versioning_info.behavior == VersioningBehavior.VERSIONING_BEHAVIOR_PINNED
            assert info.versioning_info.deployment_version.build_id == build_id
            # Every task of the run, before and after v2 became current, ran on its version.
            assert await _build_ids_of_tasks(handle) == {build_id}, request_id
        for request_id in (old, new):
            r = await api.get(f"/v1/approvals/{request_id}", headers=org_a.headers)
            assert r.json()["status"] == "approved"
    finally:
        for process in workers:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=30)


def _try_cli(env: WorkflowEnvironment, *args: str) -> bool:
    """Whether the command succeeded (a version is refused until its workers poll)."""
    try:
        _deployment_cli(env, *args)
    except AssertionError:
        return False
    return True
