"""Helpers for HubSpot tests: the private-app token the stub accepts, pointing the API and the
activities at the stub, connecting through the API, bookings of a client, and waiting for a
sync or a reconciliation to finish."""

from __future__ import annotations

import asyncio
from typing import Any

from temporalio.client import WorkflowExecutionStatus
from temporalio.testing import WorkflowEnvironment

from integrations.hubspot import HubSpotOAuth, hubspot_factory
from tests.stubs.hubspot_stub import HubSpotStub
from tests.support.approvals import new_booking
from workflows.clients.sync import sync_workflow_id
from workflows.reconcile import ReconcileWorkflow
from workflows.reconcile_types import ReconcileInput, ReconcileSummary
from workflows.sync_types import Provider, SyncInput

TOKEN = "pat-eu1-0123456789abcdef"


def wire_stub(api: Any, stub: HubSpotStub) -> dict[str, Any]:
    """Point the API's HubSpot client, token endpoint and install page at ``stub``; returns
    the same as the ``hubspot`` / ``hubspot_auth`` keyword arguments of the sync and reconcile
    activities."""
    wiring = {
        "hubspot": hubspot_factory(stub.host),
        "hubspot_auth": HubSpotOAuth(stub.host, app_host=stub.host),
    }
    state = api._transport.app.state
    state.hubspot_factory, state.hubspot_auth = wiring["hubspot"], wiring["hubspot_auth"]
    return wiring


async def connect_hubspot(api: Any, org: Any) -> None:
    """Connect HubSpot with ``TOKEN``; the answer says connected and never shows the token."""
    r = await api.put("/v1/integrations/hubspot", json={"access_token": TOKEN}, headers=org.headers)
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "connected" and TOKEN not in r.text


async def booking_for_client(
    api: Any, org: Any, client_id: str, title: str = "Vocal tracking"
) -> dict[str, Any]:
    """A 2-hour booking of a new creator for ``client_id``, 20 days ahead."""
    return await new_booking(api, org, title, client_id=client_id)


async def hubspot_sync_result(
    env: WorkflowEnvironment,
    org_id: str,
    entity_type: str,
    entity_id: str,
    provider: Provider = "hubspot",
) -> tuple[Any, Any]:
    """The handle and the result of an entity's sync (HubSpot's unless ``provider`` says
    otherwise), time skipping while waiting."""
    sync = SyncInput(
        organization_id=org_id, provider=provider, entity_type=entity_type, entity_id=entity_id
    )
    handle = env.client.get_workflow_handle(sync_workflow_id(sync))
    async with env.time_skipping_unlocked():
        return handle, await handle.result()


async def reconcile_now(
    env: WorkflowEnvironment, job: ReconcileInput, queue: str
) -> ReconcileSummary:
    """Run a reconciliation directly (as its Schedule would) and wait for its summary.

    It has no timers, so it is awaited in real time: letting the test server skip time while
    its first task is still being picked up would skip straight past its timeouts."""
    handle = await env.client.start_workflow(
        ReconcileWorkflow.run,
        job,
        id=f"{job.organization_id}:reconcile:{job.provider}",
        task_queue=queue,
    )
    # Wait on the chain's latest run (a run that continued as new is followed by the next),
    # so the result is read from a closed history: the test server's long poll across
    # continue-as-new has failed with "Application error processing RPC" under load.
    latest = env.client.get_workflow_handle_for(ReconcileWorkflow.run, handle.id)
    waiting = (WorkflowExecutionStatus.RUNNING, WorkflowExecutionStatus.CONTINUED_AS_NEW)
    for _ in range(300):
        if (await latest.describe()).status not in waiting:
            break
        await asyncio.sleep(0.1)
    return await latest.result()
