"""One HubSpot company per client, whatever the interleaving of a deal push and the client's
own first sync: only the client's sync writes the company; a deal push whose client is not
mapped yet signals that sync and retries. The stub answers company searches and creates
slowly, so two writers would both find nothing and both create."""

from __future__ import annotations

import time

import psycopg
import pytest

from tests.stubs import Recorded
from tests.stubs.hubspot_stub import HubSpotStub
from tests.support.hubspot import TOKEN, booking_for_client, connect_hubspot, hubspot_sync_result
from workflows.clients.sync import request_sync
from workflows.sync_types import SyncInput

REFUSED = "Refused Records"


class SlowCompanies(HubSpotStub):
    """Company searches and creates take long enough for a concurrent push to overlap them;
    a company named ``REFUSED`` is refused like HubSpot refuses invalid data."""

    def respond(self, request: Recorded) -> tuple[int, dict[str, str], bytes]:
        if request.path.startswith("/crm/v3/objects/companies") and request.method == "POST":
            time.sleep(0.3)
            if request.json().get("properties", {}).get("name") == REFUSED:
                return self._json(
                    400,
                    {
                        "status": "error",
                        "message": "Property values were not valid: name is blocked",
                        "category": "VALIDATION_ERROR",
                    },
                )
        return super().respond(request)


@pytest.fixture
def hubspot():
    with SlowCompanies(tokens={TOKEN}) as stub:
        yield stub


def _sync(org_id: str, entity_type: str, entity_id: str) -> SyncInput:
    return SyncInput(
        organization_id=org_id, provider="hubspot", entity_type=entity_type, entity_id=entity_id
    )


def _company_creates(hubspot: HubSpotStub) -> int:
    return len(
        [w for w in hubspot.writes("companies") if w.method == "POST" and w.path.count("/") == 4]
    )


async def _client_and_booking(api, org, name: str = "Helix Music") -> tuple[str, str]:
    r = await api.post(
        "/v1/clients",
        json={"name": name, "domain": "helix.example", "email": "ops@helix.example"},
        headers=org.headers,
    )
    assert r.status_code == 201, r.text
    client_id = r.json()["id"]
    return client_id, (await booking_for_client(api, org, client_id))["id"]


@pytest.mark.parametrize("first", ["booking", "client"])
async def test_a_deal_push_racing_the_clients_first_sync_makes_one_company(
    crm_stack, org_a, org_b, hubspot, owner_conninfo, first
):
    api, env, _relay = crm_stack
    await connect_hubspot(api, org_a)
    client_id, booking_id = await _client_and_booking(api, org_a)
    syncs = {"client": client_id, "booking": booking_id}
    order = [first, *(k for k in syncs if k != first)]
    task_queue = api._transport.app.state.settings.temporal_task_queue
    for entity_type in order:
        await request_sync(
            env.client, _sync(org_a.id, entity_type, syncs[entity_type]), task_queue=task_queue
        )

    _, deal = await hubspot_sync_result(env, org_a.id, "booking", booking_id)
    _, company = await hubspot_sync_result(env, org_a.id, "client", client_id)
    assert deal["status"] == "synced" and company["status"] == "synced", (deal, company)
    assert list(hubspot.objects["companies"]) == [company["external_id"]]
    assert _company_creates(hubspot) == 1
    [create] = [w for w in hubspot.writes("deals") if w.method == "POST"]
    assert create.json()["associations"][0]["to"]["id"] == company["external_id"]
    assert list(hubspot.objects["deals"]) == [deal["external_id"]]
    with psycopg.connect(owner_conninfo) as conn:
        mappings = conn.execute(
            "SELECT entity_type, object_type, external_id FROM external_mappings"
            " ORDER BY entity_type, object_type"
        ).fetchall()
        states = conn.execute("SELECT entity_type, status, last_error FROM sync_states").fetchall()
    contact = next(iter(hubspot.objects["contacts"]))
    assert mappings == [
        ("booking", "deal", deal["external_id"]),
        ("client", "company", company["external_id"]),
        ("client", "contact", contact),
    ]
    assert sorted(states) == [("booking", "synced", None), ("client", "synced", None)]

    # Another organization naming the booking finds nothing and starts no company (RLS).
    await request_sync(env.client, _sync(org_b.id, "booking", booking_id), task_queue=task_queue)
    _, other = await hubspot_sync_result(env, org_b.id, "booking", booking_id)
    assert other["status"] == "skipped" and _company_creates(hubspot) == 1


async def test_a_deal_of_a_client_hubspot_refused_is_pushed_without_a_company(
    crm_stack, org_a, hubspot, owner_conninfo
):
    api, env, relay = crm_stack
    await connect_hubspot(api, org_a)
    client_id, booking_id = await _client_and_booking(api, org_a, name=REFUSED)
    await relay()  # client.created and booking.created: both syncs at once

    _, company = await hubspot_sync_result(env, org_a.id, "client", client_id)
    assert company["status"] == "failed" and "name is blocked" in company["error"]
    _, deal = await hubspot_sync_result(env, org_a.id, "booking", booking_id)
    assert deal["status"] == "synced"
    [create] = [w for w in hubspot.writes("deals") if w.method == "POST"]
    assert not create.json().get("associations")
    assert hubspot.objects["companies"] == {}
    with psycopg.connect(owner_conninfo) as conn:
        state = conn.execute(
            "SELECT status, last_error FROM sync_states WHERE entity_id = %s", (client_id,)
        ).fetchone()
    assert state is not None and state[0] == "failed" and "name is blocked" in state[1]
