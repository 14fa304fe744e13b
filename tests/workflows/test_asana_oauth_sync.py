"""Asana connected through OAuth, end to end: the real app on a socket, the whole worker on the
time-skipping server, the real ``asana`` SDK and the real httpx token client against the
Asana stub. The code is exchanged once; an access token about to expire is refreshed before
the push and the new one is kept sealed on the connection (the next turn uses it and does not
refresh again); a token Asana refuses before its expiry is refreshed once and the turn taken
again; a refresh token the user revoked is a clear connection error saying to reconnect."""

from __future__ import annotations

import psycopg
import pytest

from core.crypto import SecretBox
from integrations.asana import asana_factory
from integrations.asana_oauth import AsanaOAuth
from integrations.oauth import TokenCredentials
from tests.stubs.asana import WORKSPACE, AsanaStub
from tests.support.project_tools import disconnect, new_milestone, synced, tool_stack

CLIENT_ID = "1209999999999001"
CLIENT_SECRET = "asana-client-secret-0815"
REDIRECT = "https://app.auditoryx.example/dashboard/integrations/asana/callback"


@pytest.fixture
def asana():
    with AsanaStub(set()) as stub:
        stub.app = (CLIENT_ID, CLIENT_SECRET)
        yield stub


@pytest.fixture
async def stack(time_skipping_env, engine, settings, org_a, asana):
    async with tool_stack(
        time_skipping_env,
        engine,
        settings,
        org_a.id,
        "asana",
        api_factory=asana_factory(asana.host),
        worker_factory=asana_factory(asana.host),
        settings_update={"asana_auth_url": asana.host},
        auths={"asana": AsanaOAuth(asana.host)},
    ) as stack:
        yield stack


def _sealed(conninfo: str, settings) -> TokenCredentials:
    with psycopg.connect(conninfo) as conn:
        [(sealed,)] = conn.execute(
            "SELECT credentials FROM integration_connections WHERE provider = 'asana'"
        ).fetchall()
    return TokenCredentials.open(
        SecretBox(settings.secret_key, settings.previous_secret_keys), bytes(sealed)
    )


async def _connect_with_a_code(api, org, asana) -> None:
    asana.codes.add("asana-code-1")
    r = await api.put(
        "/v1/integrations/asana",
        json={
            "authorization_code": "asana-code-1",
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "redirect_uri": REDIRECT,
            "workspace_gid": WORKSPACE,
        },
        headers=org.headers,
    )
    assert r.status_code == 200, r.text
    assert r.json()["settings"]["auth"] == "oauth" and CLIENT_SECRET not in r.text


async def test_an_expiring_token_is_refreshed_before_the_push_and_the_new_one_kept(
    stack, org_a, asana, owner_conninfo, settings
):
    api, env, relay, _queue = stack
    asana.expires_in = 30  # less than the minute before expiry a token is refreshed
    await _connect_with_a_code(api, org_a, asana)
    [exchange] = asana.token_grants("authorization_code")
    assert exchange.form()["redirect_uri"] == REDIRECT
    first = _sealed(owner_conninfo, settings)
    assert first.refresh_token and first.app is not None and first.app.client_id == CLIENT_ID
    asana.expires_in = 3600
    milestone = await new_milestone(api, org_a)
    await relay()
    _, result = await synced(env, org_a.id, "asana", milestone["id"])
    assert result["status"] == "synced", result
    [refresh] = asana.token_grants("refresh_token")
    assert refresh.form()["refresh_token"] == first.refresh_token
    kept = _sealed(owner_conninfo, settings)
    assert kept.access_token != first.access_token and kept.refresh_token == first.refresh_token
    assert kept.expires_at is not None and kept.expires_at > first.expires_at
    # The task was written with the refreshed token, not the expiring one.
    [created] = [w for w in asana.writes() if w.method == "POST"]
    assert created.headers["authorization"] == f"Bearer {kept.access_token}"
    # The next turn uses the kept token as it is: no second refresh.
    r = await api.post(
        f"/v1/milestones/{milestone['id']}/checklist",
        json={"item_id": "stems", "done": True},
        headers=org_a.headers,
    )
    assert r.status_code == 200, r.text
    await relay()
    _, result = await synced(env, org_a.id, "asana", milestone["id"])
    assert result["status"] == "synced"
    assert len(asana.token_grants("refresh_token")) == 1


async def test_a_refused_token_is_refreshed_once_and_a_revoked_grant_asks_to_reconnect(
    stack, org_a, asana, owner_conninfo, settings
):
    api, env, relay, _queue = stack
    await _connect_with_a_code(api, org_a, asana)
    first = _sealed(owner_conninfo, settings)
    # Asana stops taking the access token an hour before we expected: refreshed, synced.
    asana.revoke(first.access_token)
    milestone = await new_milestone(api, org_a)
    await relay()
    _, result = await synced(env, org_a.id, "asana", milestone["id"])
    assert result["status"] == "synced", result
    assert len(asana.token_grants("refresh_token")) == 1
    assert _sealed(owner_conninfo, settings).access_token != first.access_token
    # The user revokes the app in Asana: the access token and the refresh token are dead.
    asana.tokens.clear()
    asana.refresh_tokens.clear()
    other = await new_milestone(api, org_a, key="mastering")
    await relay()
    _, result = await synced(env, org_a.id, "asana", other["id"])
    assert result["status"] == "failed" and "reconnect Asana" in result["error"], result
    [connection] = (await api.get("/v1/integrations", headers=org_a.headers)).json()["data"]
    assert connection["status"] == "error"
    assert connection["last_error"].startswith("Asana rejected the token: Asana refused the grant")
    assert "reconnect Asana" in connection["last_error"]


async def test_a_disconnect_after_the_access_token_expired_still_unsubscribes_the_webhooks(
    stack, org_a, asana, owner_conninfo, settings
):
    api, env, relay, _queue = stack
    asana.expires_in = 30
    await _connect_with_a_code(api, org_a, asana)
    milestone = await new_milestone(api, org_a)
    await relay()
    _, result = await synced(env, org_a.id, "asana", milestone["id"])
    assert result["status"] == "synced" and len(asana.webhooks) == 1
    # An hour later nothing synced and Asana no longer takes the kept access token.
    asana.revoke(_sealed(owner_conninfo, settings).access_token)
    refreshes = len(asana.token_grants("refresh_token"))

    def deleted() -> bool:
        return not asana.webhooks

    await disconnect(api, org_a, "asana", deleted)
    [delete] = [r for r in asana.recorded() if r.method == "DELETE"]
    assert delete.headers["authorization"] in {f"Bearer {t}" for t in asana.tokens}
    assert len(asana.token_grants("refresh_token")) == refreshes + 1
