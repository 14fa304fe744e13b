"""Salesforce server to server: the JWT bearer flow. The connection signs an RS256 assertion
with the Connected App's private key for one user; the stub verifies it with the app's
certificate's public key (signature, ``iss``, ``aud``, ``exp``, ``sub``). There is no refresh
token: an access token Salesforce refuses is replaced by minting a new one. The real
simple-salesforce client against the stub, sync workflows on the time-skipping server."""

from __future__ import annotations

import time

import jwt
import psycopg
import pytest

from tests.stubs.salesforce_stub import JWT_GRANT
from tests.support.salesforce import (
    APP,
    JWT_USER,
    connect_salesforce_jwt,
    new_client,
    register_jwt,
    rsa_key_pem,
    salesforce_sync_result,
)


async def test_a_signed_assertion_connects_and_the_private_key_is_sealed(
    sf_stack, org_a, salesforce, owner_conninfo
):
    api, _env, _relay = sf_stack
    private_key = register_jwt(salesforce)
    connection = await connect_salesforce_jwt(api, org_a, private_key)
    assert connection["status"] == "connected"
    assert connection["settings"]["auth"] == "jwt_bearer"
    assert connection["settings"]["username"] == JWT_USER
    assert connection["external_account_id"] == salesforce.instance_url

    [grant] = salesforce.token_grants(JWT_GRANT)
    assert "client_secret" not in grant.form()
    claims = jwt.decode(grant.form()["assertion"], options={"verify_signature": False})
    assert jwt.get_unverified_header(grant.form()["assertion"])["alg"] == "RS256"
    assert claims["iss"] == APP["client_id"] and claims["sub"] == JWT_USER
    assert claims["aud"] == salesforce.base_url
    assert 0 < claims["exp"] - time.time() <= 180
    assert len(salesforce.queries()) == 3  # the external id fields were checked

    [access] = salesforce.tokens
    with psycopg.connect(owner_conninfo) as conn:
        (sealed,) = conn.execute("SELECT credentials FROM integration_connections").fetchone()
    for secret in (access, "PRIVATE KEY", private_key.splitlines()[1]):
        assert secret.encode() not in bytes(sealed) and secret not in str(connection)


async def test_an_expired_session_is_replaced_by_a_new_assertion_and_kept(
    sf_stack, org_a, salesforce
):
    api, env, relay = sf_stack
    await connect_salesforce_jwt(api, org_a, register_jwt(salesforce))
    [first] = salesforce.tokens
    salesforce.expire(first)  # the org's session timeout passed

    client_id = await new_client(api, relay, org_a, "Helix Music")
    assert (await salesforce_sync_result(env, org_a.id, "client", client_id))["status"] == "synced"
    assert len(salesforce.token_grants(JWT_GRANT)) == 2
    assert salesforce.token_grants("refresh_token") == []
    [second] = salesforce.tokens
    assert second != first

    other = await new_client(api, relay, org_a, "Tidal Studios")
    assert (await salesforce_sync_result(env, org_a.id, "client", other))["status"] == "synced"
    assert len(salesforce.token_grants(JWT_GRANT)) == 2  # the minted token was stored and used
    assert len(salesforce.records["Account"]) == 2


async def test_a_user_no_longer_authorized_is_a_clear_connection_error(sf_stack, org_a, salesforce):
    api, env, relay = sf_stack
    await connect_salesforce_jwt(api, org_a, register_jwt(salesforce))
    salesforce.tokens.clear()
    salesforce.jwt_users.clear()  # the user's pre-authorization was removed

    client_id = await new_client(api, relay, org_a, "Helix Music")
    result = await salesforce_sync_result(env, org_a.id, "client", client_id)
    assert result["status"] == "failed" and "reconnect Salesforce" in result["error"]
    [connection] = (await api.get("/v1/integrations", headers=org_a.headers)).json()["data"]
    assert connection["status"] == "error"
    assert "user hasn't approved this consumer" in connection["last_error"]


@pytest.mark.parametrize(
    ("change", "param", "words"),
    [
        ({"private_key": "other key"}, "private_key", "invalid assertion"),
        ({"private_key": "not a key"}, "private_key", "not an RSA private key"),
        ({"username": "someone@else.example"}, "username", "hasn't approved this consumer"),
        ({"client_id": "3MVG9-another-consumer-key"}, "client_id", "client identifier invalid"),
    ],
)
async def test_a_refused_grant_is_a_422_naming_the_field_and_nothing_is_stored(
    sf_stack, org_a, salesforce, change, param, words
):
    api, _env, _relay = sf_stack
    body = {"client_id": APP["client_id"], "username": JWT_USER}
    body["private_key"] = register_jwt(salesforce)
    if change.get("private_key") == "other key":
        change = {"private_key": rsa_key_pem()[0]}  # its certificate is not the app's
    elif change.get("private_key") == "not a key":
        change = {"private_key": "-----BEGIN PRIVATE KEY-----\n" + "A" * 120 + "\n-----END"}
    r = await api.put("/v1/integrations/salesforce", json={**body, **change}, headers=org_a.headers)
    assert r.status_code == 422, r.text
    assert r.json()["code"] == "salesforce_auth_failed" and r.json()["param"] == param
    assert words in r.json()["detail"]
    assert (await api.get("/v1/integrations", headers=org_a.headers)).json()["data"] == []
    assert salesforce.tokens == set()


async def test_an_incomplete_jwt_connect_names_the_missing_field(sf_stack, org_a, salesforce):
    api, _env, _relay = sf_stack
    body = {"client_id": APP["client_id"], "private_key": register_jwt(salesforce)}
    r = await api.put("/v1/integrations/salesforce", json=body, headers=org_a.headers)
    assert r.status_code == 422, r.text
    assert (r.json()["code"], r.json()["param"]) == ("salesforce_jwt_required", "username")
    assert salesforce.token_grants(JWT_GRANT) == []
