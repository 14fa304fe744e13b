"""A bulk booking is ONE HubSpot deal: the real hubspot-api-client against the HubSpot stub,
the real bulk-booking saga and sync workflows on the time-skipping server, triggered through
the event relay by the saga's own audit records."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import psycopg
import pytest
from temporalio.client import WorkflowExecutionStatus
from temporalio.testing import WorkflowEnvironment

from activities.reconcile import ReconcileActivities
from activities.sync import SyncActivities
from core.crypto import SecretBox
from core.db import create_sessionmaker
from tests.stubs.hubspot_stub import HubSpotStub
from tests.support.approvals import decide, member_key, wait_open
from tests.support.bulk import batch_bookings, bulk_policy, creator, day, fixed, wait_for
from tests.support.harness import start_time_skipping_server
from tests.support.hubspot import TOKEN, reconcile_now, wire_stub
from tests.support.workers import whole_worker
from workflows.clients.sync import request_sync, sync_workflow_id
from workflows.reconcile_types import ReconcileInput
from workflows.sync_types import SyncInput

POST = "/v1/bulk-bookings"


@pytest.fixture
def hubspot():
    with HubSpotStub(tokens={TOKEN}) as stub:
        yield stub


@pytest.fixture(scope="module")
async def time_skipping_env() -> AsyncIterator[WorkflowEnvironment]:
    """A time-skipping server of this module's own: a batch's sync, its reconciliation and the
    retries between them skip virtual time, and on the suite's shared server (whose clock other
    tests have moved on, with their workflows' timers still on it) a sync could be skipped past
    its timeout."""
    env = await start_time_skipping_server()
    yield env
    await env.shutdown()


@pytest.fixture
async def deal_stack(time_skipping_env, engine, app_factory, settings, org_a, hubspot):
    queue = f"bulkdeal-{uuid.uuid4().hex[:8]}"
    api = await app_factory(temporal_client=time_skipping_env.client, temporal_task_queue=queue)

    wiring = wire_stub(api, hubspot)
    sessionmaker = create_sessionmaker(engine)
    box = SecretBox(settings.secret_key, settings.previous_secret_keys)
    syncs = SyncActivities(sessionmaker, box, **wiring)
    reconcile = ReconcileActivities(sessionmaker, box, **wiring)
    async with whole_worker(
        time_skipping_env,
        engine,
        settings,
        queue,
        org_a.id,
        [syncs.push, reconcile.check_page, reconcile.record],
    ) as relay:
        yield api, queue, relay


def _sync(org_id: str, batch_id: str) -> SyncInput:
    return SyncInput(
        organization_id=org_id, provider="hubspot", entity_type="bulk_booking", entity_id=batch_id
    )


async def _finished(handle):
    """A sync's result, awaited in real time: a push has no timers of its own, and letting the
    test server skip time while its activity is being picked up (or while a reconciliation
    runs beside it) would skip it past its timeouts."""
    for _ in range(600):
        if (await handle.describe()).status != WorkflowExecutionStatus.RUNNING:
            break
        await asyncio.sleep(0.1)
    return await handle.result()


async def _pushed(env, org_id: str, batch_id: str) -> dict:
    return await _finished(
        env.client.get_workflow_handle(sync_workflow_id(_sync(org_id, batch_id)))
    )


async def _setup(api, org, env, relay) -> tuple[str, str]:
    """A client already in HubSpot (its own sync wrote the company) and a creator."""
    r = await api.post(
        "/v1/clients",
        json={"name": "Helix Music", "domain": "helix.example"},
        headers=org.headers,
    )
    assert r.status_code == 201, r.text
    client_id = r.json()["id"]
    await relay()
    sync = SyncInput(
        organization_id=org.id, provider="hubspot", entity_type="client", entity_id=client_id
    )
    await _finished(env.client.get_workflow_handle(sync_workflow_id(sync)))
    return client_id, await creator(api, org, "Pat", rate="100")


def _deal_creates(hubspot: HubSpotStub) -> int:
    return len([w for w in hubspot.writes("deals") if w.method == "POST"])


async def test_a_confirmed_batch_is_one_won_deal_that_follows_its_sessions(
    deal_stack, time_skipping_env, org_a, org_b, hubspot
):
    api, queue, relay = deal_stack
    env = time_skipping_env
    r = await api.put(
        "/v1/integrations/hubspot", json={"access_token": TOKEN}, headers=org_a.headers
    )
    assert r.status_code == 200, r.text
    client_id, pat = await _setup(api, org_a, env, relay)
    sessions = [fixed(pat, day(4 + i), client_id=client_id, title=f"Take {i}") for i in range(3)]
    r = await api.post(POST, headers=org_a.headers, json={"title": "Album", "sessions": sessions})
    assert r.status_code == 201, r.text
    batch_id = r.json()["id"]
    await wait_for(api, org_a, batch_id, ("confirmed",))
    await relay()

    result = await _pushed(env, org_a.id, batch_id)
    assert result["status"] == "synced"
    assert sync_workflow_id(_sync(org_a.id, batch_id)) == (
        f"{org_a.id}:sync:hubspot:bulk_booking:{batch_id}"
    )
    deals = hubspot.objects["deals"]
    assert list(deals) == [result["external_id"]]  # one deal, none per session
    deal = deals[result["external_id"]]
    assert deal["dealname"] == "Album (3 sessions)"
    assert (deal["amount"], deal["deal_currency_code"]) == (
        "600.00",
        "USD",
    )  # 3 sessions of 2 h at 100
    assert deal["dealstage"] == "closedwon"
    [company] = hubspot.objects["companies"]
    created = next(w for w in hubspot.writes("deals") if w.method == "POST").json()
    assert created["associations"][0]["to"]["id"] == company

    # One session cancelled on its own: the same deal, worth what is left.
    first = (await batch_bookings(api, org_a, batch_id))[0]
    r = await api.post(
        f"/v1/bookings/{first['id']}/cancel", headers=org_a.headers, json={"reason": "ill"}
    )
    assert r.status_code == 200, r.text
    await relay()
    again = await _pushed(env, org_a.id, batch_id)
    assert again["external_id"] == result["external_id"] and _deal_creates(hubspot) == 1
    assert deals[result["external_id"]]["amount"] == "400.00"
    assert deals[result["external_id"]]["dealname"] == "Album (2 sessions)"

    # Deleted in HubSpot: reconciliation finds it and the batch's sync recreates it once.
    del deals[result["external_id"]]
    summary = await reconcile_now(
        env, ReconcileInput(organization_id=org_a.id, provider="hubspot"), queue
    )
    assert summary.repaired == 1
    recreated = await _pushed(env, org_a.id, batch_id)
    assert recreated["external_id"] != result["external_id"]
    assert deals[recreated["external_id"]]["amount"] == "400.00" and _deal_creates(hubspot) == 2

    # Another organization's sync names the batch and finds nothing (RLS).
    await request_sync(env.client, _sync(org_b.id, batch_id), task_queue=queue)
    assert (await _pushed(env, org_b.id, batch_id))["status"] == "skipped"
    assert _deal_creates(hubspot) == 2


async def test_a_batch_awaiting_approval_is_open_and_lost_when_rejected(
    deal_stack, time_skipping_env, org_a, hubspot, owner_conninfo
):
    api, _queue, relay = deal_stack
    env = time_skipping_env
    r = await api.put(
        "/v1/integrations/hubspot", json={"access_token": TOKEN}, headers=org_a.headers
    )
    assert r.status_code == 200, r.text
    manager_id, manager = await member_key(api, org_a, "mara@northstar.example", "manager")
    await bulk_policy(api, org_a, manager_id)
    client_id, pat = await _setup(api, org_a, env, relay)
    sessions = [fixed(pat, day(5 + i), client_id=client_id) for i in range(2)]
    r = await api.post(POST, headers=org_a.headers, json={"sessions": sessions})
    batch_id = r.json()["id"]
    waiting = await wait_for(api, org_a, batch_id, ("awaiting_approval", "failed"))
    assert waiting["status"] == "awaiting_approval", waiting
    await relay()  # bulk_booking.created (and the approval request)
    pending = await _pushed(env, org_a.id, batch_id)
    deal = hubspot.objects["deals"][pending["external_id"]]
    assert deal["dealstage"] == "qualifiedtobuy"  # what a booking awaiting approval gets
    assert deal["amount"] == "400.00"
    assert deal["dealname"] == f"Bulk booking {batch_id} (2 sessions)"

    # The chain writes its assignments after the batch says awaiting_approval.
    await wait_open(api, org_a.headers, waiting["approval_request_id"])
    r = await decide(api, manager, waiting["approval_request_id"], "reject", "too dear")
    assert r.status_code == 200, r.text
    await wait_for(api, org_a, batch_id, ("rejected",))
    await relay()  # bulk_booking.completed (rejected)
    lost = await _pushed(env, org_a.id, batch_id)
    assert lost["external_id"] == pending["external_id"]
    deal = hubspot.objects["deals"][pending["external_id"]]
    assert deal["dealstage"] == "closedlost" and deal["amount"] == "400.00"  # the value lost
    assert len(hubspot.objects["deals"]) == 1

    with psycopg.connect(owner_conninfo) as conn:
        types = [
            t
            for (t,) in conn.execute(
                "SELECT type FROM events WHERE data->>'id' = %s ORDER BY created_at", (batch_id,)
            ).fetchall()
        ]
    assert types == ["bulk_booking.created", "bulk_booking.completed"]
