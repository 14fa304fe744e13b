"""Salesforce: the real simple-salesforce client against a local stub of Salesforce's REST API
and OAuth token endpoint (over TLS), sync workflows on the time-skipping server, triggered
through the event relay. Clients become Accounts (and a Contact), bookings Opportunities, each
upserted by our id in ``AuditoryX_Id__c`` so a retried push never duplicates."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import psycopg
import pytest

from integrations.oauth import OAuthApp
from integrations.salesforce import SalesforceOAuth
from tests.support.hubspot import booking_for_client, reconcile_now
from tests.support.salesforce import (
    APP,
    CODE,
    connect_salesforce,
    salesforce_stack,
    salesforce_sync_result,
)
from workflows.reconcile_types import ReconcileInput


def _bearers(stub) -> list[str]:
    return [
        r.headers["authorization"].removeprefix("Bearer ")
        for r in stub.requests
        if "authorization" in r.headers
    ]


async def _client(api, relay, org, **fields) -> str:
    body = {"name": "Helix Music", "domain": "helix.example", "email": "ops@helix.example"}
    r = await api.post("/v1/clients", json={**body, **fields}, headers=org.headers)
    assert r.status_code == 201, r.text
    await relay()
    return str(r.json()["id"])


async def test_an_authorization_code_is_exchanged_and_the_instance_kept_with_sealed_tokens(
    sf_stack, org_a, salesforce, owner_conninfo
):
    api, _env, _relay = sf_stack
    connection = await connect_salesforce(api, org_a)
    assert connection["status"] == "connected"
    assert connection["external_account_id"] == salesforce.instance_url
    assert connection["settings"]["instance_url"] == salesforce.instance_url
    [grant] = salesforce.token_grants("authorization_code")
    assert grant.form()["redirect_uri"] == APP["redirect_uri"]
    # The check ran on the instance the token endpoint named, one query per synced object.
    assert len(salesforce.queries()) == 3
    [access] = salesforce.tokens
    [refresh] = salesforce.refresh_tokens
    with psycopg.connect(owner_conninfo) as conn:
        (sealed,) = conn.execute("SELECT credentials FROM integration_connections").fetchone()
    for secret in (access, refresh, APP["client_secret"]):
        assert secret.encode() not in bytes(sealed) and secret not in str(connection)

    # A code works once: a second connect with it is refused, naming the field.
    r = await api.put(
        "/v1/integrations/salesforce",
        json={"authorization_code": CODE, **APP},
        headers=org_a.headers,
    )
    assert r.status_code == 422
    assert (r.json()["param"], r.json()["code"]) == ("authorization_code", "salesforce_auth_failed")
    assert "authentication failure" in r.json()["detail"]


@pytest.mark.parametrize(
    ("body", "param", "code"),
    [
        ({}, "access_token", "salesforce_tokens_required"),
        (
            {"authorization_code": CODE, "client_id": APP["client_id"]},
            "client_secret",
            "salesforce_oauth_app_required",
        ),
        (
            {"authorization_code": CODE, **APP, "redirect_uri": None},
            "redirect_uri",
            "salesforce_oauth_app_required",
        ),
        (
            {"access_token": "00D-given-access", "refresh_token": "5Aep-given-refresh"},
            "instance_url",
            "salesforce_tokens_required",
        ),
        (
            {
                "access_token": "00D-given-access",
                "refresh_token": "5Aep-given-refresh",
                "instance_url": "https://label.my.salesforce.com",
            },
            "client_id",
            "salesforce_oauth_app_required",
        ),
    ],
)
async def test_an_incomplete_connect_is_a_422_naming_the_missing_field(
    sf_stack, org_a, salesforce, body, param, code
):
    api, _env, _relay = sf_stack
    r = await api.put("/v1/integrations/salesforce", json=body, headers=org_a.headers)
    assert r.status_code == 422, r.text
    assert (r.json()["param"], r.json()["code"]) == (param, code)
    assert salesforce.requests == []  # nothing was tried
    assert (await api.get("/v1/integrations", headers=org_a.headers)).json()["data"] == []


async def test_an_account_without_the_external_id_field_is_refused_and_nothing_stored(
    sf_stack, org_a, salesforce, owner_conninfo
):
    api, _env, _relay = sf_stack
    salesforce.external_id_on.discard("Opportunity")  # the admin forgot one object
    r = await api.put(
        "/v1/integrations/salesforce",
        json={"authorization_code": CODE, **APP},
        headers=org_a.headers,
    )
    assert r.status_code == 422, r.text
    problem = r.json()
    assert (problem["param"], problem["code"]) == ("access_token", "salesforce_refused")
    assert "No such column 'AuditoryX_Id__c' on entity 'Opportunity'" in problem["detail"]
    with psycopg.connect(owner_conninfo) as conn:
        assert conn.execute("SELECT count(*) FROM integration_connections").fetchone() == (0,)


async def test_clients_become_accounts_with_a_contact_and_bookings_opportunities_by_status(
    sf_stack, org_a, salesforce
):
    api, env, relay = sf_stack
    await connect_salesforce(api, org_a)
    client_id = await _client(api, relay, org_a)
    result = await salesforce_sync_result(env, org_a.id, "client", client_id)
    assert result["status"] == "synced"
    account_id = result["external_id"]
    account = salesforce.records["Account"][account_id]
    assert account == {
        "Name": "Helix Music",
        "Website": "helix.example",
        "AuditoryX_Id__c": client_id,
    }
    [contact] = salesforce.records["Contact"].values()
    assert contact["Email"] == "ops@helix.example" and contact["AccountId"] == account_id
    assert (contact["FirstName"], contact["LastName"]) == ("Helix", "Music")
    assert contact["AuditoryX_Id__c"] == client_id

    booking = await booking_for_client(api, org_a, client_id)
    await relay()
    result = await salesforce_sync_result(env, org_a.id, "booking", booking["id"])
    opportunity_id = result["external_id"]
    opportunity = salesforce.records["Opportunity"][opportunity_id]
    assert opportunity["Name"] == "Vocal tracking" and opportunity["StageName"] == "Prospecting"
    assert opportunity["AccountId"] == account_id
    assert opportunity["AuditoryX_Id__c"] == booking["id"]
    assert opportunity["Amount"] == float(booking["price"])
    assert opportunity["CloseDate"] == booking["end"][:10]
    [upsert] = salesforce.upserts("Opportunity")
    assert upsert.path.endswith(f"/sobjects/Opportunity/AuditoryX_Id__c/{booking['id']}")

    await api.post(f"/v1/bookings/{booking['id']}/confirm", headers=org_a.headers)
    await relay()
    result = await salesforce_sync_result(env, org_a.id, "booking", booking["id"])
    assert result["external_id"] == opportunity_id  # 204: the same record, moved on
    assert opportunity["StageName"] == "Proposal/Price Quote"
    assert len(salesforce.records["Opportunity"]) == 1


async def test_an_organization_maps_booking_statuses_to_its_own_stages(sf_stack, org_a, salesforce):
    api, env, relay = sf_stack
    await connect_salesforce(api, org_a)
    r = await api.patch(
        "/v1/integrations/salesforce",
        json={"opportunity_stages": {"held": "Needs Analysis", "confirmed": "Negotiation/Review"}},
        headers=org_a.headers,
    )
    assert r.status_code == 200, r.text
    stages = r.json()["opportunity_stages"]
    assert stages["held"] == "Needs Analysis" and stages["completed"] == "Closed Won"  # default

    client_id = await _client(api, relay, org_a)
    booking = await booking_for_client(api, org_a, client_id)
    await relay()
    result = await salesforce_sync_result(env, org_a.id, "booking", booking["id"])
    assert salesforce.records["Opportunity"][result["external_id"]]["StageName"] == "Needs Analysis"

    # A stage Salesforce's picklist does not have is Salesforce's refusal, kept on the entity.
    r = await api.patch(
        "/v1/integrations/salesforce",
        json={"opportunity_stages": {"confirmed": "Signed"}},
        headers=org_a.headers,
    )
    assert r.json()["opportunity_stages"]["held"] == "Prospecting"  # replaced, not merged
    await api.post(f"/v1/bookings/{booking['id']}/confirm", headers=org_a.headers)
    await relay()
    result = await salesforce_sync_result(env, org_a.id, "booking", booking["id"])
    assert result["status"] == "failed"
    assert "bad value for restricted picklist field: Signed" in result["error"]


@pytest.mark.parametrize(
    ("provider", "stages", "param", "code"),
    [
        (
            "salesforce",
            {"archived": "Closed Lost"},
            "opportunity_stages.archived",
            "unknown_status",
        ),
        ("salesforce", {"held": " "}, "opportunity_stages.held", "invalid_stage"),
        ("hubspot", {"held": "Prospecting"}, "opportunity_stages", "not_supported"),
    ],
)
async def test_a_bad_stage_mapping_is_a_422_naming_the_entry(
    sf_stack, org_a, salesforce, provider, stages, param, code
):
    api, _env, _relay = sf_stack
    await connect_salesforce(api, org_a)
    r = await api.patch(
        f"/v1/integrations/{provider}", json={"opportunity_stages": stages}, headers=org_a.headers
    )
    assert r.status_code == 422, r.text
    assert (r.json()["param"], r.json()["code"]) == (param, code)
    [connection] = (await api.get("/v1/integrations", headers=org_a.headers)).json()["data"]
    assert "opportunity_stages" not in connection["settings"]


async def test_reconciliation_reads_by_soql_and_repairs_deleted_and_moved_opportunities(
    time_skipping_env, engine, app_factory, settings, org_a, salesforce
):
    env = time_skipping_env
    async with salesforce_stack(env, engine, app_factory, settings, org_a, salesforce) as (
        api,
        queue,
        relay,
    ):
        await connect_salesforce(api, org_a)
        client_id = await _client(api, relay, org_a)
        await salesforce_sync_result(env, org_a.id, "client", client_id)
        bookings = [
            (await booking_for_client(api, org_a, client_id, title=f"Session {i}"))["id"]
            for i in range(3)
        ]
        await relay()
        opportunities = [
            (await salesforce_sync_result(env, org_a.id, "booking", b))["external_id"]
            for b in bookings
        ]
        del salesforce.records["Opportunity"][opportunities[0]]  # deleted in Salesforce
        salesforce.records["Opportunity"][opportunities[1]]["StageName"] = "Closed Won"
        queries_before = len(salesforce.queries())

        job = ReconcileInput(organization_id=org_a.id, provider="salesforce", page_size=100)
        async with env.time_skipping_unlocked():
            summary = await reconcile_now(env, job, queue)
        assert (summary.checked, summary.repaired, summary.errors) == (5, 2, 0)
        # One SOQL read per object type of the page, not one call per record.
        assert len(salesforce.queries()) - queries_before == 3

        recreated = (await salesforce_sync_result(env, org_a.id, "booking", bookings[0]))[
            "external_id"
        ]
        moved_back = await salesforce_sync_result(env, org_a.id, "booking", bookings[1])
        assert recreated not in opportunities
        assert salesforce.records["Opportunity"][recreated]["AuditoryX_Id__c"] == bookings[0]
        assert moved_back["external_id"] == opportunities[1]
        assert salesforce.records["Opportunity"][opportunities[1]]["StageName"] == "Prospecting"
        assert len(salesforce.records["Opportunity"]) == 3


def test_the_authorization_url_asks_the_connected_app_for_api_and_refresh_token():
    url = SalesforceOAuth("https://login.salesforce.com").authorization_url(
        OAuthApp(APP["client_id"], APP["client_secret"], APP["redirect_uri"]), "st-123"
    )
    parts = urlsplit(url)
    assert (parts.netloc, parts.path) == ("login.salesforce.com", "/services/oauth2/authorize")
    assert parse_qs(parts.query) == {
        "response_type": ["code"],
        "client_id": [APP["client_id"]],
        "redirect_uri": [APP["redirect_uri"]],
        "scope": ["api refresh_token"],
        "state": ["st-123"],
    }
