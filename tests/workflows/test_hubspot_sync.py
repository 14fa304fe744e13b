"""HubSpot syncs: the real hubspot-api-client against a local stub of HubSpot's CRM v3 API,
sync workflows on the time-skipping server, triggered through the event relay."""

from __future__ import annotations

from datetime import timedelta

import psycopg
import pytest

from tests.stubs.hubspot_stub import HubSpotStub
from tests.support.histories import first_activity_start, keep_sync
from tests.support.hubspot import TOKEN, booking_for_client, connect_hubspot, hubspot_sync_result


@pytest.fixture
def hubspot():
    with HubSpotStub(tokens={TOKEN}) as stub:
        yield stub


async def test_a_rejected_token_is_a_clear_422_and_nothing_is_stored(
    crm_stack, org_a, owner_conninfo
):
    api, _env, _relay = crm_stack
    r = await api.put(
        "/v1/integrations/hubspot",
        json={"access_token": "pat-eu1-revoked-000000"},
        headers=org_a.headers,
    )
    assert r.status_code == 422
    problem = r.json()
    assert problem["param"] == "access_token" and problem["code"] == "hubspot_auth_failed"
    assert "Authentication credentials not found" in problem["detail"]
    with psycopg.connect(owner_conninfo) as conn:
        assert conn.execute("SELECT count(*) FROM integration_connections").fetchone() == (0,)


async def test_clients_match_by_domain_and_bookings_become_deals_following_their_status(
    crm_stack, org_a, hubspot, owner_conninfo
):
    api, env, relay = crm_stack
    await connect_hubspot(api, org_a)
    existing = hubspot.add("companies", {"name": "Helix (old name)", "domain": "helix.example"})
    r = await api.post(
        "/v1/clients",
        json={"name": "Helix Music", "domain": "helix.example", "email": "ops@helix.example"},
        headers=org_a.headers,
    )
    client_id = r.json()["id"]
    await relay()
    _, result = await hubspot_sync_result(env, org_a.id, "client", client_id)
    assert result["status"] == "synced" and result["external_id"] == existing
    assert hubspot.objects["companies"][existing]["name"] == "Helix Music"
    assert len(hubspot.objects["companies"]) == 1  # matched by domain, not duplicated
    [contact] = hubspot.objects["contacts"].values()
    assert contact["email"] == "ops@helix.example" and contact["firstname"] == "Helix"

    booking = await booking_for_client(api, org_a, client_id)
    await relay()
    _, result = await hubspot_sync_result(env, org_a.id, "booking", booking["id"])
    deal_id = result["external_id"]
    deal = hubspot.objects["deals"][deal_id]
    assert deal["dealstage"] == "appointmentscheduled" and deal["dealname"] == "Vocal tracking"
    assert deal["deal_currency_code"] == booking["currency"] and deal["amount"] == booking["price"]
    [create] = [w for w in hubspot.writes("deals") if w.method == "POST"]
    assert create.json()["associations"][0]["to"]["id"] == existing

    await api.post(f"/v1/bookings/{booking['id']}/confirm", headers=org_a.headers)
    await relay()
    _, result = await hubspot_sync_result(env, org_a.id, "booking", booking["id"])
    assert result["external_id"] == deal_id  # the same deal, moved on
    assert hubspot.objects["deals"][deal_id]["dealstage"] == "contractsent"

    # Drift: the deal is deleted in HubSpot; the next push recreates it and remaps.
    del hubspot.objects["deals"][deal_id]
    await api.post(f"/v1/bookings/{booking['id']}/cancel", json={}, headers=org_a.headers)
    await relay()
    _, result = await hubspot_sync_result(env, org_a.id, "booking", booking["id"])
    assert result["external_id"] != deal_id
    assert hubspot.objects["deals"][result["external_id"]]["dealstage"] == "closedlost"
    with psycopg.connect(owner_conninfo) as conn:
        mapped = conn.execute(
            "SELECT external_id FROM external_mappings WHERE entity_id = %s", (booking["id"],)
        ).fetchall()
        state = conn.execute(
            "SELECT status, last_error FROM sync_states WHERE entity_id = %s", (booking["id"],)
        ).fetchone()
    assert mapped == [(result["external_id"],)] and state == ("synced", None)
    await keep_sync(env.client, owner_conninfo, "hubspot", "client", "sync_hubspot_client_matched")


async def test_a_429_with_retry_after_30_is_retried_after_30_seconds(crm_stack, org_a, hubspot):
    api, env, relay = crm_stack
    await connect_hubspot(api, org_a)
    hubspot.rate_limit("POST", "companies", retry_after=30)
    r = await api.post("/v1/clients", json={"name": "Rate Limited Ltd"}, headers=org_a.headers)
    await relay()
    # The test server does not skip an activity's retry delay while a client waits on the
    # result (the history long poll times out first): skip the 30 s explicitly.
    await env.sleep(timedelta(seconds=31))
    handle, result = await hubspot_sync_result(env, org_a.id, "client", r.json()["id"])
    assert result["status"] == "synced"
    attempt, waited = await first_activity_start(handle)
    # Skipped time, plus the real time of the first attempt (time does not skip while it runs).
    assert attempt == 2 and timedelta(seconds=30) <= waited < timedelta(seconds=30 + 60)
    assert len([w for w in hubspot.writes("companies") if w.method == "POST"]) == 2


async def test_a_token_revoked_after_connecting_shows_on_the_connection_and_the_entity(
    crm_stack, org_a, hubspot, owner_conninfo
):
    api, env, relay = crm_stack
    await connect_hubspot(api, org_a)
    hubspot.tokens.clear()  # revoked in HubSpot's settings
    r = await api.post("/v1/clients", json={"name": "Helix Music"}, headers=org_a.headers)
    await relay()
    _, result = await hubspot_sync_result(env, org_a.id, "client", r.json()["id"])
    assert result["status"] == "failed" and "Authentication credentials" in result["error"]
    [connection] = (await api.get("/v1/integrations", headers=org_a.headers)).json()["data"]
    assert connection["provider"] == "hubspot" and connection["status"] == "error"
    assert "HubSpot rejected the token" in connection["last_error"]
    with psycopg.connect(owner_conninfo) as conn:
        state = conn.execute("SELECT status, last_error FROM sync_states").fetchone()
    assert state[0] == "failed" and "Authentication credentials" in state[1]
    await keep_sync(env.client, owner_conninfo, "hubspot", "client", "sync_hubspot_token_revoked")
