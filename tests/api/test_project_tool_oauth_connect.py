"""``PUT /v1/integrations/monday`` and ``…/asana`` with an authorization code: exchanged at
the tool's token endpoint (the real httpx clients against the Monday and Asana wire stubs at
``MONDAY_AUTH_URL`` / ``ASANA_AUTH_URL``), the token tried with the tool, then sealed (with
Asana's refresh token and app, which refreshing needs). What is missing or refused is a 422
naming the field, with a documented code; nothing is kept unless the tool accepted it."""

from __future__ import annotations

import psycopg
import pytest

from integrations.asana import asana_factory
from integrations.asana_oauth import AsanaOAuth
from integrations.monday import SCOPES, MondayGateway
from integrations.oauth import OAuthApp, TokenCredentials
from tests.stubs.asana import WORKSPACE, AsanaStub
from tests.stubs.monday_stub import MondayStub
from tests.support.project_tools import free_port

CLIENT_ID = "monday-client-id-4711"
CLIENT_SECRET = "monday-client-secret-0815"
REDIRECT = "https://app.auditoryx.example/dashboard/integrations/monday/callback"
APP = {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, "redirect_uri": REDIRECT}


@pytest.fixture
def monday():
    with MondayStub(client=(CLIENT_ID, CLIENT_SECRET), tokens=set(), users={}) as stub:
        yield stub


@pytest.fixture
async def wired(api, monday):
    gateway = MondayGateway(api_url=monday.api_url, auth_url=monday.base_url, timeout=5)
    api._transport.app.state.monday_gateway = gateway
    yield api
    await gateway.aclose()


def _connections(conninfo: str) -> list[tuple[str, str, dict]]:
    with psycopg.connect(conninfo) as conn:
        return conn.execute(
            "SELECT organization_id, status, settings FROM integration_connections"
        ).fetchall()


async def test_an_authorization_code_is_exchanged_checked_and_sealed(
    clean_db, wired, org_a, org_b, monday, owner_conninfo
):
    monday.codes["code-1"] = " ".join(SCOPES)
    r = await wired.put(
        "/v1/integrations/monday",
        json={**APP, "authorization_code": "code-1", "workspace_id": "9876543"},
        headers=org_a.headers,
    )
    assert r.status_code == 200, r.text
    assert r.json()["provider"] == "monday" and r.json()["status"] == "connected"
    assert CLIENT_SECRET not in r.text and "monday-oauth-" not in r.text
    [exchange] = monday.recorded(lambda c: c.path == "/oauth2/token")
    assert exchange.form()["code"] == "code-1" and exchange.form()["redirect_uri"] == REDIRECT
    [token] = monday.tokens
    assert [c.headers["authorization"] for c in monday.calls_of("me")] == [token]
    assert _connections(owner_conninfo) == [
        (org_a.id, "connected", {"workspace_id": "9876543", "auth": "oauth"})
    ]
    assert (await wired.get("/v1/integrations", headers=org_b.headers)).json()["data"] == []


@pytest.mark.parametrize(
    ("body", "param", "code"),
    [
        ({"workspace_id": "1"}, "access_token", "monday_token_required"),
        (
            {"authorization_code": "code-1", "client_id": CLIENT_ID, "redirect_uri": REDIRECT},
            "client_secret",
            "monday_oauth_app_required",
        ),
        (
            {**APP, "authorization_code": "code-1", "redirect_uri": None},
            "redirect_uri",
            "monday_oauth_app_required",
        ),
        ({**APP, "authorization_code": "never-issued"}, "authorization_code", "monday_auth_failed"),
        (
            {**APP, "authorization_code": "code-1", "client_secret": "wrong-secret-0000"},
            "authorization_code",
            "monday_auth_failed",
        ),
    ],
)
async def test_a_missing_app_or_a_refused_code_names_the_field(
    clean_db, wired, org_a, monday, owner_conninfo, body, param, code
):
    monday.codes["code-1"] = " ".join(SCOPES)
    r = await wired.put("/v1/integrations/monday", json=body, headers=org_a.headers)
    assert r.status_code == 422, r.text
    assert (r.json()["code"], r.json()["param"]) == (code, param)
    assert CLIENT_SECRET not in r.text
    assert _connections(owner_conninfo) == []


async def test_a_consent_short_of_a_scope_or_monday_down_keeps_nothing(
    clean_db, wired, org_a, monday, owner_conninfo
):
    monday.codes["code-1"] = "boards:read boards:write"
    r = await wired.put(
        "/v1/integrations/monday",
        json={**APP, "authorization_code": "code-1"},
        headers=org_a.headers,
    )
    assert r.status_code == 422 and r.json()["code"] == "monday_auth_failed"
    assert "did not grant users:read, webhooks:write" in r.json()["detail"]
    # Monday's token endpoint out of reach is a 503 to retry, not the caller's fault.
    gone = MondayGateway(api_url=monday.api_url, auth_url=f"http://127.0.0.1:{free_port()}")
    wired._transport.app.state.monday_gateway = gone
    try:
        r = await wired.put(
            "/v1/integrations/monday",
            json={**APP, "authorization_code": "code-2"},
            headers=org_a.headers,
        )
    finally:
        await gone.aclose()
    assert r.status_code == 503 and r.json()["code"] == "monday_unavailable", r.text
    assert _connections(owner_conninfo) == []


ASANA_ID = "1209999999999001"
ASANA_APP = {"client_id": ASANA_ID, "client_secret": CLIENT_SECRET, "redirect_uri": REDIRECT}


@pytest.fixture
def asana():
    with AsanaStub(set()) as stub:
        stub.app = (ASANA_ID, CLIENT_SECRET)
        yield stub


@pytest.fixture
def asana_wired(api, asana):
    api._transport.app.state.asana_factory = asana_factory(asana.host)
    api._transport.app.state.asana_auth = AsanaOAuth(asana.host)
    return api


async def test_asana_s_code_is_exchanged_and_its_refresh_token_sealed_with_the_app(
    clean_db, asana_wired, org_a, asana, owner_conninfo
):
    asana.codes.add("asana-code-1")
    r = await asana_wired.put(
        "/v1/integrations/asana",
        json={**ASANA_APP, "authorization_code": "asana-code-1", "workspace_gid": WORKSPACE},
        headers=org_a.headers,
    )
    assert r.status_code == 200, r.text
    [(organization_id, status, settings)] = _connections(owner_conninfo)
    assert (organization_id, status) == (org_a.id, "connected")
    assert settings == {"workspace_gid": WORKSPACE, "team_gid": None, "auth": "oauth"}
    with psycopg.connect(owner_conninfo) as conn:
        [(sealed,)] = conn.execute("SELECT credentials FROM integration_connections").fetchall()
    credentials = TokenCredentials.open(asana_wired._transport.app.state.secret_box, sealed)
    assert credentials.access_token in asana.tokens
    assert credentials.refresh_token in asana.refresh_tokens
    assert credentials.app == OAuthApp(ASANA_ID, CLIENT_SECRET, REDIRECT)
    for secret in (credentials.access_token, credentials.refresh_token, CLIENT_SECRET):
        assert secret.encode() not in bytes(sealed) and secret not in r.text


@pytest.mark.parametrize(
    ("body", "param", "code"),
    [
        ({}, "access_token", "asana_token_required"),
        (
            {"authorization_code": "asana-code-1", "client_id": ASANA_ID},
            "client_secret",
            "asana_oauth_app_required",
        ),
        (
            {**ASANA_APP, "authorization_code": "never-issued"},
            "authorization_code",
            "asana_auth_failed",
        ),
        (
            {**ASANA_APP, "authorization_code": "asana-code-1", "client_secret": "wrong-0000000"},
            "authorization_code",
            "asana_auth_failed",
        ),
    ],
)
async def test_asana_without_a_token_or_with_a_refused_code_names_the_field(
    clean_db, asana_wired, org_a, asana, owner_conninfo, body, param, code
):
    asana.codes.add("asana-code-1")
    r = await asana_wired.put(
        "/v1/integrations/asana",
        json={**body, "workspace_gid": WORKSPACE},
        headers=org_a.headers,
    )
    assert r.status_code == 422, r.text
    assert (r.json()["code"], r.json()["param"]) == (code, param)
    assert _connections(owner_conninfo) == []
