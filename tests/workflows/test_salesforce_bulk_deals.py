"""A bulk booking is ONE Salesforce opportunity, upserted by the batch's id: the real
simple-salesforce client against the stub, the real bulk-booking saga and sync workflows on a
time-skipping server, triggered through the event relay by the saga's own records."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from temporalio.client import WorkflowExecutionStatus
from temporalio.testing import WorkflowEnvironment

from tests.support.bulk import batch_bookings, creator, day, fixed, wait_for
from tests.support.harness import start_time_skipping_server
from tests.support.salesforce import connect_salesforce, salesforce_stack, salesforce_stub
from workflows.clients.sync import sync_workflow_id
from workflows.sync_types import EntityType, SyncInput


@pytest.fixture
def salesforce(tmp_path):
    with salesforce_stub(tmp_path) as stub:
        yield stub


@pytest.fixture(scope="module")
async def time_skipping_env() -> AsyncIterator[WorkflowEnvironment]:
    """A server of this module's own, as tests/workflows/test_bulk_booking_deals.py explains:
    on the suite's shared clock a batch's sync could be skipped past its timeout."""
    env = await start_time_skipping_server()
    yield env
    await env.shutdown()


async def _pushed(env, org_id: str, entity_type: EntityType, entity_id: str) -> dict:
    """A sync's result, awaited in real time (a push has no timers of its own)."""
    sync = SyncInput(
        organization_id=org_id, provider="salesforce", entity_type=entity_type, entity_id=entity_id
    )
    handle = env.client.get_workflow_handle(sync_workflow_id(sync))
    for _ in range(600):
        if (await handle.describe()).status != WorkflowExecutionStatus.RUNNING:
            break
        await asyncio.sleep(0.1)
    return dict(await handle.result())


async def test_a_confirmed_batch_is_one_won_opportunity_that_follows_its_sessions(
    time_skipping_env, engine, app_factory, settings, org_a, salesforce
):
    env = time_skipping_env
    async with salesforce_stack(env, engine, app_factory, settings, org_a, salesforce) as (
        api,
        _queue,
        relay,
    ):
        await connect_salesforce(api, org_a)
        r = await api.post("/v1/clients", json={"name": "Helix Music"}, headers=org_a.headers)
        client_id = r.json()["id"]
        await relay()
        account = (await _pushed(env, org_a.id, "client", client_id))["external_id"]
        pat = await creator(api, org_a, "Pat", rate="100")
        sessions = [
            fixed(pat, day(4 + i), client_id=client_id, title=f"Take {i}") for i in range(3)
        ]
        r = await api.post(
            "/v1/bulk-bookings",
            headers=org_a.headers,
            json={"title": "Album", "sessions": sessions},
        )
        assert r.status_code == 201, r.text
        batch_id = r.json()["id"]
        await wait_for(api, org_a, batch_id, ("confirmed",))
        await relay()

        result = await _pushed(env, org_a.id, "bulk_booking", batch_id)
        assert result["status"] == "synced"
        opportunities = salesforce.records["Opportunity"]
        assert list(opportunities) == [result["external_id"]]  # one, none per session
        opportunity = opportunities[result["external_id"]]
        assert opportunity["AuditoryX_Id__c"] == batch_id
        assert opportunity["Name"] == "Album (3 sessions)" and opportunity["Amount"] == 600.0
        assert opportunity["StageName"] == "Closed Won" and opportunity["AccountId"] == account

        # One session cancelled on its own: the same opportunity, worth what is left.
        first = (await batch_bookings(api, org_a, batch_id))[0]
        r = await api.post(
            f"/v1/bookings/{first['id']}/cancel", headers=org_a.headers, json={"reason": "ill"}
        )
        assert r.status_code == 200, r.text
        await relay()
        again = await _pushed(env, org_a.id, "bulk_booking", batch_id)
        assert again["external_id"] == result["external_id"] and len(opportunities) == 1
        assert opportunity["Amount"] == 400.0 and opportunity["Name"] == "Album (2 sessions)"
