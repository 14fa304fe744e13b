"""No live third party from the sandbox: its events reach only the webhook endpoints and the
integration connections registered in the sandbox, never the live twin's. The real worker on
the time-skipping server, the real hubspot-api-client against the HubSpot stub, real webhook
receivers on loopback."""

from __future__ import annotations

import uuid

import pytest

from activities.sync import SyncActivities
from core.crypto import SecretBox
from core.db import create_sessionmaker
from integrations.hubspot import hubspot_factory
from tests.stubs.hubspot_stub import HubSpotStub
from tests.stubs.webhook_receiver import WebhookReceiver
from tests.support.hubspot import TOKEN, connect_hubspot, hubspot_sync_result
from tests.support.workers import whole_worker
from workflows.clients.webhook import delivery_workflow_id


@pytest.fixture
def hubspot():
    with HubSpotStub(tokens={TOKEN}) as stub:
        yield stub


@pytest.fixture
async def live_and_sandbox(time_skipping_env, engine, app_factory, settings, org_a, hubspot):
    """API and the whole worker, HubSpot pointed at the stub and loopback receivers allowed;
    yields (api, env, relay, test-mode headers of org_a)."""
    queue = f"sandbox-{uuid.uuid4().hex[:8]}"
    local = settings.model_copy(update={"outbound_allow_private_networks": True})
    api = await app_factory(
        temporal_client=time_skipping_env.client,
        temporal_task_queue=queue,
        outbound_allow_private_networks=True,
    )

    factory = hubspot_factory(hubspot.host)
    api._transport.app.state.hubspot_factory = factory  # type: ignore[attr-defined]
    syncs = SyncActivities(
        create_sessionmaker(engine), SecretBox.from_settings(settings), hubspot=factory
    )
    created = await api.post(
        "/v1/api-keys", json={"name": "sandbox", "mode": "test"}, headers=org_a.headers
    )
    test_headers = {"Authorization": f"Bearer {created.json()['secret']}"}
    async with whole_worker(
        time_skipping_env, engine, local, queue, org_a.id, [syncs.push]
    ) as relay:
        yield api, time_skipping_env, relay, test_headers


async def _client(api, headers, name: str) -> str:
    r = await api.post(
        "/v1/clients",
        json={"name": name, "domain": f"{name.split()[0].lower()}.example"},
        headers=headers,
    )
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


async def _endpoint(api, headers, url: str) -> str:
    r = await api.post(
        "/v1/webhook-endpoints",
        json={"url": url, "event_types": ["client.created"]},
        headers=headers,
    )
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


async def _event_of(api, headers, client_id: str) -> str:
    events = await api.get("/v1/events", params={"type": "client.created"}, headers=headers)
    [event] = [e for e in events.json()["data"] if e["data"]["id"] == client_id]
    return str(event["id"])


async def test_sandbox_events_never_reach_the_live_twins_endpoints_or_connections(
    live_and_sandbox, org_a, hubspot
):
    api, env, relay, test_headers = live_and_sandbox
    await connect_hubspot(api, org_a)
    with WebhookReceiver() as live_receiver, WebhookReceiver() as sandbox_receiver:
        live_endpoint = await _endpoint(api, org_a.headers, live_receiver.url)

        sandboxed = await _client(api, test_headers, "Sandboxed Games")
        live = await _client(api, org_a.headers, "Helix Music")
        assert await relay() == 2

        # The live client went to HubSpot and to the live endpoint ...
        _, synced = await hubspot_sync_result(env, org_a.id, "client", live)
        assert synced["status"] == "synced"
        delivery = env.client.get_workflow_handle(
            delivery_workflow_id(org_a.id, await _event_of(api, org_a.headers, live), live_endpoint)
        )
        async with env.time_skipping_unlocked():
            assert (await delivery.result())["status"] == "succeeded"
        # ... the sandbox's went nowhere: the sandbox has no endpoint and no connection.
        companies = {c["name"] for c in hubspot.objects["companies"].values()}
        assert companies == {"Helix Music"}
        arrived = [r.body for r in live_receiver.recorded()]
        assert len(arrived) == 1 and sandboxed.encode() not in arrived[0]
        connections = await api.get("/v1/integrations", headers=test_headers)
        assert connections.json()["data"] == []

        # An endpoint registered in the sandbox gets the sandbox's events, and only it does.
        sandbox_endpoint = await _endpoint(api, test_headers, sandbox_receiver.url)
        second = await _client(api, test_headers, "Sandboxed Radio")
        assert await relay() == 1
        sandbox_org = (await api.get("/v1/organization", headers=test_headers)).json()["id"]
        delivery = env.client.get_workflow_handle(
            delivery_workflow_id(
                sandbox_org, await _event_of(api, test_headers, second), sandbox_endpoint
            )
        )
        async with env.time_skipping_unlocked():
            assert (await delivery.result())["status"] == "succeeded"
        [sandbox_arrival] = sandbox_receiver.recorded()
        assert second.encode() in sandbox_arrival.body
        assert len(live_receiver.recorded()) == 1
        assert {c["name"] for c in hubspot.objects["companies"].values()} == {"Helix Music"}
