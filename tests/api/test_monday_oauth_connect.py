"""``PUT /v1/integrations/monday`` with an authorization code: exchanged at Monday's token
endpoint (the real httpx client against the Monday wire stub at ``MONDAY_AUTH_URL``), the
token tried with Monday, then sealed. What is missing or refused is a 422 naming the field,
with a documented code; nothing is kept unless Monday accepted it."""

from __future__ import annotations

import psycopg
import pytest

from integrations.monday import SCOPES, MondayGateway
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
