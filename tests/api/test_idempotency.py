"""Idempotency keys with Stripe's semantics, in-process and against a real uvicorn server."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager

import httpx
import psycopg
import pytest
import uvicorn

from core.devstack import free_port
from domain.idempotency.service import fingerprint
from tests.support.live_server import serve

REPLAYED = "idempotent-replayed"


def with_key(tenant, key: str) -> dict[str, str]:
    return {**tenant.headers, "Idempotency-Key": key}


async def custom_role_ids(api, tenant) -> list[str]:
    r = await api.get("/v1/roles?limit=100", headers=tenant.headers)
    assert r.status_code == 200, r.text
    return [role["id"] for role in r.json()["data"] if not role["builtin"]]


async def key_ids(api, tenant) -> list[str]:
    r = await api.get("/v1/api-keys?limit=100", headers=tenant.headers)
    assert r.status_code == 200, r.text
    return [k["id"] for k in r.json()["data"]]


def idempotency_rows(owner_conninfo: str, org_id: str) -> list[tuple]:
    with psycopg.connect(owner_conninfo) as conn:
        return conn.execute(
            "SELECT key, status_code FROM idempotency_keys WHERE organization_id = %s ORDER BY key",
            (org_id,),
        ).fetchall()


@contextmanager
def audit_log_locked(owner_conninfo: str) -> Iterator[None]:
    """Hold the audit log against writes: any mutation waits at its audit record until we let
    go, which keeps a first request in flight for as long as the test needs."""
    with psycopg.connect(owner_conninfo) as conn:
        conn.execute("LOCK TABLE audit_events IN SHARE MODE")
        try:
            yield
        finally:
            conn.rollback()


ROLE = {"name": "mixing", "permissions": ["bookings:read"]}


async def test_same_key_and_body_replays_the_stored_response(api, org_a):
    first = await api.post("/v1/roles", json=ROLE, headers=with_key(org_a, "k-1"))
    assert first.status_code == 201, first.text
    assert REPLAYED not in first.headers
    second = await api.post("/v1/roles", json=ROLE, headers=with_key(org_a, "k-1"))
    assert second.status_code == 201
    assert second.headers[REPLAYED] == "true"
    assert second.json() == first.json()
    assert second.headers["content-type"] == first.headers["content-type"]
    assert await custom_role_ids(api, org_a) == [first.json()["id"]]


async def test_a_stored_client_error_is_replayed_too(api, org_a):
    body = {"email": org_a.bootstrap.owner.email, "name": "Again", "role": "viewer"}
    first = await api.post("/v1/members", json=body, headers=with_key(org_a, "dup"))
    assert first.status_code == 409, first.text
    second = await api.post("/v1/members", json=body, headers=with_key(org_a, "dup"))
    assert second.status_code == 409
    assert second.headers[REPLAYED] == "true"
    assert second.json()["code"] == first.json()["code"] == "member_exists"


async def test_without_a_key_every_post_runs(api, org_a):
    for _ in range(2):
        r = await api.post("/v1/api-keys", json={"name": "k"}, headers=org_a.headers)
        assert r.status_code == 201
        assert REPLAYED not in r.headers
    assert len(await key_ids(api, org_a)) == 3  # the bootstrap key and two new ones


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/v1/roles", {**ROLE, "name": "mastering"}),
        ("/v1/api-keys", {"name": "other path"}),
    ],
)
async def test_same_key_with_another_request_is_422(api, org_a, path, body):
    first = await api.post("/v1/roles", json=ROLE, headers=with_key(org_a, "k-2"))
    assert first.status_code == 201
    r = await api.post(path, json=body, headers=with_key(org_a, "k-2"))
    assert r.status_code == 422, r.text
    assert r.json()["code"] == "idempotency_key_reused"
    assert r.json()["param"] == "Idempotency-Key"
    assert await custom_role_ids(api, org_a) == [first.json()["id"]]
    assert len(await key_ids(api, org_a)) == 1


async def test_another_credential_cannot_replay_a_stored_response(api, org_a):
    """A key without members:read must not read a member through someone else's replay."""
    r = await api.post(
        "/v1/api-keys",
        json={"name": "roles only", "permissions": ["roles:read"]},
        headers=org_a.headers,
    )
    narrow = {"Authorization": f"Bearer {r.json()['secret']}", "Idempotency-Key": "mine"}
    body = {"email": "private@northstar.example", "name": "Private", "role": "viewer"}
    first = await api.post("/v1/members", json=body, headers=with_key(org_a, "mine"))
    assert first.status_code == 201
    r = await api.post("/v1/members", json=body, headers=narrow)
    assert r.status_code == 422, r.text
    assert r.json()["code"] == "idempotency_key_reused"
    assert "private@northstar.example" not in r.text


async def test_same_key_with_other_query_parameters_is_422(api, org_a):
    """`?dry_run=true` and the real run are different requests, even with the same body."""
    body = {"artists": [{"name": "Nova"}]}
    dry = await api.post(
        "/v1/artists/bulk?dry_run=true", json=body, headers=with_key(org_a, "bulk")
    )
    assert dry.status_code == 200, dry.text
    real = await api.post(
        "/v1/artists/bulk?dry_run=false", json=body, headers=with_key(org_a, "bulk")
    )
    assert real.status_code == 422, real.text
    assert real.json()["code"] == "idempotency_key_reused"


async def test_a_request_while_the_first_is_in_flight_is_409(api, org_a, owner_conninfo):
    """Simulates the first request's reservation (a row without a response yet)."""
    body = json.dumps(ROLE).encode()
    with psycopg.connect(owner_conninfo) as conn:
        conn.execute(
            "INSERT INTO idempotency_keys (organization_id, key, fingerprint, method, path, "
            "created_at, expires_at) VALUES (%s, 'busy', %s, 'POST', '/v1/roles', "
            "now(), now() + interval '1 day')",
            (org_a.id, fingerprint("POST", "/v1/roles", body, caller=org_a.bootstrap.api_key.id)),
        )
    r = await api.post(
        "/v1/roles",
        content=body,
        headers={**with_key(org_a, "busy"), "Content-Type": "application/json"},
    )
    assert r.status_code == 409, r.text
    assert r.json()["code"] == "idempotency_key_in_use"
    assert await custom_role_ids(api, org_a) == []


async def _race(client: httpx.AsyncClient, tenant, owner_conninfo: str) -> None:
    """Two identical requests at once while the first to reserve the key is held open:
    one answers 409 at once, the other 201 when released; one role exists."""
    headers = with_key(tenant, "race")
    with audit_log_locked(owner_conninfo):
        tasks = [
            asyncio.create_task(client.post("/v1/roles", json=ROLE, headers=headers))
            for _ in range(2)
        ]
        done, pending = await asyncio.wait(tasks, timeout=15, return_when=asyncio.FIRST_COMPLETED)
        assert len(done) == 1, "both requests finished although one should be held"
        early = done.pop().result()
        assert early.status_code == 409, early.text
        assert early.json()["code"] == "idempotency_key_in_use"
    late = await asyncio.wait_for(pending.pop(), timeout=15)
    assert late.status_code == 201, late.text
    roles = await client.get("/v1/roles?limit=100", headers=tenant.headers)
    assert [r["id"] for r in roles.json()["data"] if not r["builtin"]] == [late.json()["id"]]
    replay = await client.post("/v1/roles", json=ROLE, headers=headers)
    assert replay.status_code == 201
    assert replay.headers[REPLAYED] == "true"
    assert replay.json()["id"] == late.json()["id"]


async def test_concurrent_duplicates_in_process(api, org_a, owner_conninfo):
    await _race(api, org_a, owner_conninfo)


@pytest.fixture
async def live_server(settings, clean_db) -> AsyncIterator[str]:
    """The real app under uvicorn on a free port."""
    from api.app import create_app

    config = uvicorn.Config(
        create_app(settings), host="127.0.0.1", port=free_port(), log_config=None, access_log=False
    )
    async with serve(config) as url:
        yield url


async def test_concurrent_duplicates_against_a_real_server(live_server, org_a, owner_conninfo):
    async with httpx.AsyncClient(base_url=live_server, timeout=20) as client:
        await _race(client, org_a, owner_conninfo)


async def test_keys_are_per_organization(api, org_a, org_b):
    a = await api.post("/v1/roles", json=ROLE, headers=with_key(org_a, "shared"))
    b = await api.post("/v1/roles", json=ROLE, headers=with_key(org_b, "shared"))
    assert a.status_code == b.status_code == 201
    assert REPLAYED not in b.headers
    assert a.json()["id"] != b.json()["id"]
    assert await custom_role_ids(api, org_a) == [a.json()["id"]]
    assert await custom_role_ids(api, org_b) == [b.json()["id"]]
    # And a different body under B's same key string is B's own business: 422, not A's replay.
    r = await api.post("/v1/api-keys", json={"name": "x"}, headers=with_key(org_b, "shared"))
    assert r.status_code == 422
    assert r.json()["code"] == "idempotency_key_reused"


async def test_keys_expire_after_24_hours(api, org_a, owner_conninfo):
    body = {"name": "rotating"}
    first = await api.post("/v1/api-keys", json=body, headers=with_key(org_a, "daily"))
    assert first.status_code == 201
    with psycopg.connect(owner_conninfo) as conn:
        row = conn.execute(
            "SELECT expires_at - created_at FROM idempotency_keys "
            "WHERE organization_id = %s AND key = 'daily'",
            (org_a.id,),
        ).fetchone()
        assert row is not None
        assert row[0].total_seconds() == 24 * 3600
        conn.execute(
            "UPDATE idempotency_keys SET expires_at = now() - interval '1 second' "
            "WHERE organization_id = %s AND key = 'daily'",
            (org_a.id,),
        )
    second = await api.post("/v1/api-keys", json=body, headers=with_key(org_a, "daily"))
    assert second.status_code == 201
    assert REPLAYED not in second.headers
    assert second.json()["id"] != first.json()["id"]
    assert {first.json()["id"], second.json()["id"]} <= set(await key_ids(api, org_a))


async def test_a_server_error_releases_the_key(api, org_a, owner_conninfo, monkeypatch):
    from domain.tenancy import roles

    real_create_role = roles.create_role

    async def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(roles, "create_role", broken)
    r = await api.post("/v1/roles", json=ROLE, headers=with_key(org_a, "retry-me"))
    assert r.status_code == 500, r.text
    assert idempotency_rows(owner_conninfo, org_a.id) == []

    monkeypatch.setattr(roles, "create_role", real_create_role)
    r = await api.post("/v1/roles", json=ROLE, headers=with_key(org_a, "retry-me"))
    assert r.status_code == 201, r.text
    assert REPLAYED not in r.headers
    assert idempotency_rows(owner_conninfo, org_a.id) == [("retry-me", 201)]


async def test_an_over_long_key_is_rejected(api, org_a):
    r = await api.post("/v1/roles", json=ROLE, headers=with_key(org_a, "k" * 256))
    assert r.status_code == 422, r.text
    assert r.json()["param"] == "Idempotency-Key"
    assert await custom_role_ids(api, org_a) == []
