"""Fixtures for workflow tests: the API and a worker on the time-skipping server (``stack``),
the same with HubSpot pushes pointed at a module's ``hubspot`` stub (``crm_stack``), and with
Salesforce's pointed at a stub over TLS (``salesforce``, ``sf_stack``)."""

from __future__ import annotations

import contextlib
import uuid

import psycopg
import pytest
from temporalio.testing import WorkflowEnvironment

from activities.sync import SyncActivities
from core.crypto import SecretBox
from core.db import create_sessionmaker
from tests.support.hubspot import wire_stub
from tests.support.salesforce import salesforce_stack, salesforce_stub
from tests.support.workers import whole_worker
from worker import build_worker
from workflows.clients.privacy import export_workflow_id


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
            # An export's run waits a day to delete its files once the link has expired.
            open_chains += [
                (export_workflow_id(organization_id, export_id),)
                for organization_id, export_id in conn.execute(
                    "SELECT organization_id, id FROM data_exports"
                ).fetchall()
            ]
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

    syncs = SyncActivities(
        create_sessionmaker(engine), SecretBox.from_settings(settings), **wire_stub(api, hubspot)
    )
    async with whole_worker(
        time_skipping_env, engine, settings, queue, org_a.id, [syncs.push]
    ) as relay:
        yield api, time_skipping_env, relay


@pytest.fixture
def salesforce(tmp_path):
    with salesforce_stub(tmp_path) as stub:
        yield stub


@pytest.fixture
async def sf_stack(time_skipping_env, engine, app_factory, settings, org_a, salesforce):
    """API and the whole worker with Salesforce pointed at ``salesforce``; yields
    (api, env, relay)."""
    async with salesforce_stack(
        time_skipping_env, engine, app_factory, settings, org_a, salesforce
    ) as (api, _queue, relay):
        yield api, time_skipping_env, relay
