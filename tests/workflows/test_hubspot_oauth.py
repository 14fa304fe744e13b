"""HubSpot over OAuth 2.0: the real hubspot-api-client against the stub's token endpoint and
CRM. An authorization code is exchanged on connect, the 30-minute access token is refreshed
before it expires or once when HubSpot refuses it (and the refreshed token is what the next
push uses), concurrent work refreshes once, and a revoked authorization is a clear connection
error."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import psycopg
import pytest

from activities.sync import CrmPush
from core.crypto import SecretBox
from core.db import create_sessionmaker
from integrations.hubspot import HubSpotOAuth, hubspot_factory
from tests.stubs.hubspot_stub import HubSpotStub
from tests.support.hubspot import TOKEN, hubspot_sync_result

APP = {
    "client_id": "7d1c5b8e-hubspot-app",
    "client_secret": "hs-secret-0123456789",
    "redirect_uri": "https://label.example/hubspot/callback",
}
CODE = "hs-code-4f2a9c"


@pytest.fixture
def hubspot():
    with HubSpotStub(tokens={TOKEN}) as stub:
        stub.register_app(APP["client_id"], APP["client_secret"], CODE)
        yield stub


async def _connect_with_code(api, org) -> dict:
    r = await api.put(
        "/v1/integrations/hubspot", json={"authorization_code": CODE, **APP}, headers=org.headers
    )
    assert r.status_code == 200, r.text
    return r.json()


def _bearers(hubspot: HubSpotStub) -> list[str]:
    return [
        r.headers["authorization"].removeprefix("Bearer ")
        for r in hubspot.requests
        if "authorization" in r.headers
    ]


async def _client_synced(api, env, relay, org, name: str) -> dict:
    r = await api.post("/v1/clients", json={"name": name}, headers=org.headers)
    await relay()
    _, result = await hubspot_sync_result(env, org.id, "client", r.json()["id"])
    return result


async def test_an_authorization_code_is_exchanged_and_the_tokens_are_stored_sealed(
    crm_stack, org_a, hubspot, owner_conninfo
):
    api, _env, _relay = crm_stack
    connection = await _connect_with_code(api, org_a)
    assert connection["status"] == "connected" and connection["settings"]["auth"] == "oauth"
    [grant] = hubspot.token_grants("authorization_code")
    assert grant.form()["redirect_uri"] == APP["redirect_uri"]
    [access] = [t for t in hubspot.tokens if t != TOKEN]
    [refresh] = hubspot.refresh_tokens
    with psycopg.connect(owner_conninfo) as conn:
        (sealed,) = conn.execute("SELECT credentials FROM integration_connections").fetchone()
    for secret in (access, refresh, APP["client_secret"]):
        assert secret.encode() not in bytes(sealed) and secret not in str(connection)

    # A code works once: a second connect with it is refused, naming the field.
    r = await api.put(
        "/v1/integrations/hubspot", json={"authorization_code": CODE, **APP}, headers=org_a.headers
    )
    assert r.status_code == 422
    assert (r.json()["param"], r.json()["code"]) == ("authorization_code", "hubspot_auth_failed")


@pytest.mark.parametrize(
    ("body", "param", "code"),
    [
        ({}, "access_token", "hubspot_tokens_required"),
        (
            {"authorization_code": CODE, "client_id": APP["client_id"]},
            "client_secret",
            "hubspot_oauth_app_required",
        ),
        (
            {"authorization_code": CODE, **APP, "redirect_uri": None},
            "redirect_uri",
            "hubspot_oauth_app_required",
        ),
        (
            {"access_token": "hs-access-given-0001", "refresh_token": "hs-refresh-given-1"},
            "client_id",
            "hubspot_oauth_app_required",
        ),
    ],
)
async def test_an_incomplete_oauth_connect_is_a_422_naming_the_missing_field(
    crm_stack, org_a, hubspot, body, param, code
):
    api, _env, _relay = crm_stack
    r = await api.put("/v1/integrations/hubspot", json=body, headers=org_a.headers)
    assert r.status_code == 422, r.text
    assert (r.json()["param"], r.json()["code"]) == (param, code)
    assert hubspot.token_grants("authorization_code") == []  # nothing was tried
    assert (await api.get("/v1/integrations", headers=org_a.headers)).json()["data"] == []


async def test_a_refused_access_token_is_refreshed_once_persisted_and_the_push_repeated(
    crm_stack, org_a, hubspot
):
    api, env, relay = crm_stack
    await _connect_with_code(api, org_a)
    [first] = [t for t in hubspot.tokens if t != TOKEN]
    hubspot.expire(first)  # revoked early, or the clock of HubSpot ran ahead of ours

    assert (await _client_synced(api, env, relay, org_a, "Helix Music"))["status"] == "synced"
    assert len(hubspot.token_grants("refresh_token")) == 1
    [second] = [t for t in hubspot.tokens if t != TOKEN]
    assert second != first and second in _bearers(hubspot)

    # The refreshed token was stored: the next push uses it without another refresh.
    assert (await _client_synced(api, env, relay, org_a, "Tidal Studios"))["status"] == "synced"
    assert len(hubspot.token_grants("refresh_token")) == 1
    assert _bearers(hubspot).count(first) == 2  # the connect check, and the one refused push


async def test_an_expiring_access_token_is_refreshed_before_it_is_used(crm_stack, org_a, hubspot):
    api, env, relay = crm_stack
    hubspot.tokens.add("hs-access-given-0001")
    hubspot.refresh_tokens.add("hs-refresh-given-1")
    r = await api.put(
        "/v1/integrations/hubspot",
        json={
            "access_token": "hs-access-given-0001",
            "refresh_token": "hs-refresh-given-1",
            "expires_at": (datetime.now(UTC) + timedelta(minutes=3)).isoformat(),
            "client_id": APP["client_id"],
            "client_secret": APP["client_secret"],
        },
        headers=org_a.headers,
    )
    assert r.status_code == 200, r.text
    assert hubspot.token_grants("refresh_token") == []  # three minutes were enough to check

    assert (await _client_synced(api, env, relay, org_a, "Helix Music"))["status"] == "synced"
    [grant] = hubspot.token_grants("refresh_token")
    assert grant.form()["refresh_token"] == "hs-refresh-given-1"
    # Only the connect check used the old token: the push refreshed first (nothing refused).
    assert _bearers(hubspot).count("hs-access-given-0001") == 1


async def test_concurrent_work_on_a_refused_token_refreshes_once(
    crm_stack, org_a, hubspot, engine, settings
):
    api, _env, _relay = crm_stack
    await _connect_with_code(api, org_a)
    [first] = [t for t in hubspot.tokens if t != TOKEN]
    hubspot.expire(first)
    work = CrmPush(
        create_sessionmaker(engine),
        SecretBox.from_settings(settings),
        hubspot_factory(hubspot.host),
        HubSpotOAuth(hubspot.host),
    )
    await asyncio.gather(
        *(work._with_crm(org_a.id, "hubspot", lambda crm: crm.check_token()) for _ in range(6))
    )
    # One refresh: calls refused with the old token waited on the connection's row lock and
    # found the new token there; a call that started after the refresh committed read the new
    # one at once (how many did depends on timing). Each call succeeded once with the new token.
    assert len(hubspot.token_grants("refresh_token")) == 1
    [second] = [t for t in hubspot.tokens if t not in (TOKEN, first)]
    refused = _bearers(hubspot).count(first) - 1  # less the connect check
    assert 1 <= refused <= 6
    assert _bearers(hubspot).count(second) == 6


async def test_a_revoked_authorization_is_a_clear_connection_error(crm_stack, org_a, hubspot):
    api, env, relay = crm_stack
    await _connect_with_code(api, org_a)
    [first] = [t for t in hubspot.tokens if t != TOKEN]
    hubspot.expire(first)
    hubspot.refresh_tokens.clear()  # the app was uninstalled from the HubSpot account

    result = await _client_synced(api, env, relay, org_a, "Helix Music")
    assert result["status"] == "failed" and "reconnect HubSpot" in result["error"]
    [connection] = (await api.get("/v1/integrations", headers=org_a.headers)).json()["data"]
    assert connection["status"] == "error"
    assert "unknown refresh token" in connection["last_error"]
    assert "reconnect HubSpot" in connection["last_error"]
