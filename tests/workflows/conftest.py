"""Fixtures for workflow tests: the API and a worker on the time-skipping server (``stack``),
and the same with HubSpot pushes pointed at a module's ``hubspot`` stub (``crm_stack``)."""

from __future__ import annotations

import contextlib
import uuid

import psycopg
import pytest
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from activities.sync import SyncActivities
from core.crypto import SecretBox
from core.db import create_sessionmaker
from integrations.hubspot import HubSpotCrm
from relays.events import relay_events
from tests.stubs import _quiet
from worker import WORKFLOWS, build_activities, build_worker


@pytest.fixture
async def stack(time_skipping_env: WorkflowEnvironment, engine, app_factory, org_a, owner_conninfo):
    """API + worker on a fresh task queue of the time-skipping server.

    Chains still open at the end are terminated: the test server skips time for every
    workflow at once, and a timer of a chain whose worker is gone would stall the next test.
    """
    queue = f"approvals-{uuid.uuid4().hex[:8]}"
    api = await app_factory(temporal_client=time_skipping_env.client, temporal_task_queue=queue)
    worker = build_worker(time_skipping_env.client, engine, task_queue=queue, identity="t")
    async with worker:
        yield api, time_skipping_env
        # Terminate while the worker still runs, so no task of theirs is left in flight.
        with psycopg.connect(owner_conninfo) as conn:
            open_chains = conn.execute(
                "SELECT workflow_id FROM approval_requests WHERE status = 'pending'"
            ).fetchall()
        for (workflow_id,) in open_chains:
            with contextlib.suppress(Exception):
                await time_skipping_env.client.get_workflow_handle(workflow_id).terminate(
                    "test over"
                )


@pytest.fixture
async def crm_stack(time_skipping_env, engine, app_factory, settings, org_a, hubspot):
    """API and the project's whole worker with HubSpot pushes pointed at the module's ``hubspot``
    stub; yields (api, env, relay). The dispatcher is terminated at the end."""
    queue = f"sync-{uuid.uuid4().hex[:8]}"
    api = await app_factory(temporal_client=time_skipping_env.client, temporal_task_queue=queue)

    def factory(token: str) -> HubSpotCrm:
        return HubSpotCrm(token, host=hubspot.host)

    api._transport.app.state.hubspot_factory = factory  # type: ignore[attr-defined]
    sessionmaker = create_sessionmaker(engine)
    syncs = SyncActivities(sessionmaker, SecretBox.from_settings(settings), hubspot=factory)
    # The project's whole worker (booking changes wake other workflows on this queue too, and
    # a workflow task nobody polls would stall time skipping), with the push pointed at the stub.
    activities = [
        a
        for a in build_activities(engine, identity="sync", settings=settings)
        if not isinstance(getattr(a, "__self__", None), SyncActivities)
    ]
    worker = Worker(
        time_skipping_env.client,
        task_queue=queue,
        workflows=list(WORKFLOWS),
        activities=[*activities, syncs.push],
    )

    async def relay() -> int:
        return await relay_events(sessionmaker, time_skipping_env.client, task_queue=queue)

    async with worker:
        yield api, time_skipping_env, relay
        with contextlib.suppress(Exception):
            from workflows.project import dispatcher_id

            handle = time_skipping_env.client.get_workflow_handle(dispatcher_id(org_a.id))
            await _quiet(handle)
            await handle.terminate("test over")
