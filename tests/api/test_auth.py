"""Authentication, permissions, test-mode keys (sandbox twins) and acting on sub-organizations."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import psycopg
import pytest

from core.ids import new_id

PROBLEM_JSON = "application/problem+json"


def bearer(key: str, **extra: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}", **extra}


async def create_key(api, headers, **body):
    r = await api.post("/v1/api-keys", json={"name": "test key", **body}, headers=headers)
    assert r.status_code == 201, r.text
    return r.json()


async def create_child(api, headers, name="Imprint"):
    r = await api.post("/v1/organizations", json={"name": name}, headers=headers)
    assert r.status_code == 201, r.text
    return r.json()["id"]


def assert_problem(r, status: int, code: str) -> dict:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith(PROBLEM_JSON)
    body = r.json()
    assert body["code"] == code
    assert body["status"] == status
    return body


# --- 401 ------------------------------------------------------------------------------------


async def test_missing_key_is_401(api, org_a):
    assert_problem(await api.get("/v1/members"), 401, "missing_api_key")


@pytest.mark.parametrize(
    "authorization",
    ["Basic dXNlcjpwYXNz", "Bearer", "Bearer nope", "Bearer ax_live_short", "Bearer sk_live_x"],
)
async def test_malformed_credentials_are_401(api, org_a, authorization):
    assert_problem(
        await api.get("/v1/members", headers={"Authorization": authorization}),
        401,
        "invalid_api_key",
    )


async def test_unknown_key_and_wrong_secret_are_indistinguishable(api, org_a):
    """Both are `invalid_api_key` with the same message: nobody learns which key ids exist."""
    unknown = f"ax_live_{new_id('key').removeprefix('key_')}{'A' * 32}"
    wrong_secret = org_a.key[:-1] + ("B" if org_a.key[-1] != "B" else "C")
    r_unknown = await api.get("/v1/members", headers=bearer(unknown))
    r_wrong = await api.get("/v1/members", headers=bearer(wrong_secret))
    body_unknown = assert_problem(r_unknown, 401, "invalid_api_key")
    body_wrong = assert_problem(r_wrong, 401, "invalid_api_key")
    assert body_unknown["detail"] == body_wrong["detail"]
    # The right key still works, so the rejection above was about the secret.
    assert (await api.get("/v1/members", headers=org_a.headers)).status_code == 200


async def test_a_live_key_presented_as_test_mode_is_invalid(api, org_a):
    as_test = org_a.key.replace("ax_live_", "ax_test_", 1)
    assert_problem(await api.get("/v1/members", headers=bearer(as_test)), 401, "invalid_api_key")


async def test_revoked_key_is_401(api, org_a):
    key = await create_key(api, org_a.headers)
    assert (await api.get("/v1/members", headers=bearer(key["secret"]))).status_code == 200
    r = await api.post(f"/v1/api-keys/{key['id']}/revoke", headers=org_a.headers)
    assert r.status_code == 200, r.text
    assert r.json()["revoked_at"] is not None
    assert_problem(
        await api.get("/v1/members", headers=bearer(key["secret"])), 401, "api_key_revoked"
    )


async def test_a_key_manager_cannot_reach_beyond_its_own_permissions(api, org_a):
    """A key holding only ``api_keys:write`` can neither mint nor revoke a key wider than
    itself (the owner's key above all); keys within its reach it manages as before."""
    manager = bearer(
        (await create_key(api, org_a.headers, permissions=["api_keys:write"]))["secret"]
    )
    narrow = await create_key(api, org_a.headers, permissions=["api_keys:write"])
    owner_key = org_a.bootstrap.api_key.id

    async def live_keys() -> list[str]:
        listing = await api.get("/v1/api-keys", params={"limit": 100}, headers=org_a.headers)
        return sorted(k["id"] for k in listing.json()["data"])

    before = await live_keys()

    r = await api.post(f"/v1/api-keys/{owner_key}/revoke", headers=manager)
    body = assert_problem(r, 403, "missing_permission")
    assert body["param"] == "id" and body["missing_permission"] in body["detail"]
    r = await api.post(
        "/v1/api-keys", json={"name": "wider", "permissions": ["members:read"]}, headers=manager
    )
    assert assert_problem(r, 403, "missing_permission")["missing_permission"] == "members:read"
    assert await live_keys() == before
    assert (await api.get("/v1/members", headers=org_a.headers)).status_code == 200

    r = await api.post(f"/v1/api-keys/{narrow['id']}/revoke", headers=manager)
    assert r.status_code == 200 and r.json()["revoked_at"] is not None, r.text
    r = await api.post("/v1/api-keys", json={"name": "same reach"}, headers=manager)
    assert r.status_code == 201 and r.json()["permissions"] == ["api_keys:write"], r.text


async def test_expired_key_is_401(api, org_a, owner_conninfo):
    soon = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
    key = await create_key(api, org_a.headers, expires_at=soon)
    assert (await api.get("/v1/members", headers=bearer(key["secret"]))).status_code == 200
    with psycopg.connect(owner_conninfo) as conn:
        conn.execute(
            "UPDATE api_keys SET expires_at = now() - interval '1 second' WHERE id = %s",
            (key["id"],),
        )
    assert_problem(
        await api.get("/v1/members", headers=bearer(key["secret"])), 401, "api_key_expired"
    )


async def test_a_key_cannot_be_created_already_expired(api, org_a):
    past = (datetime.now(UTC) - timedelta(minutes=1)).isoformat()
    r = await api.post(
        "/v1/api-keys", json={"name": "old", "expires_at": past}, headers=org_a.headers
    )
    assert assert_problem(r, 422, "invalid_request")["param"] == "expires_at"


# --- permissions ----------------------------------------------------------------------------


async def test_missing_permission_is_403_naming_it(api, org_a):
    key = await create_key(api, org_a.headers, permissions=["members:read"])
    assert (await api.get("/v1/members", headers=bearer(key["secret"]))).status_code == 200
    body = assert_problem(
        await api.get("/v1/roles", headers=bearer(key["secret"])), 403, "missing_permission"
    )
    assert body["missing_permission"] == "roles:read"
    body = assert_problem(
        await api.post(
            "/v1/members",
            json={"email": "x@northstar.example", "name": "X", "role": "viewer"},
            headers=bearer(key["secret"]),
        ),
        403,
        "missing_permission",
    )
    assert body["missing_permission"] == "members:write"


async def test_a_key_cannot_exceed_its_creators_permissions(api, org_a):
    creator = await create_key(api, org_a.headers, permissions=["api_keys:write", "members:read"])
    r = await api.post(
        "/v1/api-keys",
        json={"name": "wider", "permissions": ["members:read", "members:write"]},
        headers=bearer(creator["secret"]),
    )
    body = assert_problem(r, 403, "missing_permission")
    assert body["missing_permission"] == "members:write"
    # Without a list the new key inherits exactly the creator's permissions, no more.
    inherited = await create_key(api, bearer(creator["secret"]))
    assert inherited["permissions"] == ["api_keys:write", "members:read"]


async def test_unknown_permissions_are_rejected(api, org_a):
    r = await api.post(
        "/v1/api-keys",
        json={"name": "typo", "permissions": ["members:reed"]},
        headers=org_a.headers,
    )
    assert assert_problem(r, 422, "invalid_request")["param"] == "permissions"


async def test_last_used_at_is_recorded(api, org_a):
    key = await create_key(api, org_a.headers)
    assert key["last_used_at"] is None
    before = datetime.now(UTC) - timedelta(seconds=1)
    assert (await api.get("/v1/members", headers=bearer(key["secret"]))).status_code == 200
    r = await api.get(f"/v1/api-keys/{key['id']}", headers=org_a.headers)
    last_used = r.json()["last_used_at"]
    assert last_used is not None
    assert datetime.fromisoformat(last_used) >= before


async def test_the_secret_is_shown_once_and_never_listed(api, org_a):
    key = await create_key(api, org_a.headers)
    assert key["secret"].startswith("ax_live_")
    listing = await api.get("/v1/api-keys", headers=org_a.headers)
    single = await api.get(f"/v1/api-keys/{key['id']}", headers=org_a.headers)
    for r in (listing, single):
        assert r.status_code == 200
        assert key["secret"] not in r.text
        assert key["secret"][8:] not in r.text
    assert key["id"] in listing.text


# --- test mode: the sandbox twin -------------------------------------------------------------


async def test_test_key_acts_on_a_sandbox_twin(api, org_a):
    test_key = (await create_key(api, org_a.headers, mode="test"))["secret"]
    assert test_key.startswith("ax_test_")

    r = await api.get("/v1/organization", headers=bearer(test_key))
    assert r.status_code == 200, r.text
    sandbox = r.json()
    assert sandbox["id"] != org_a.id
    assert sandbox["sandbox"] is True
    live = (await api.get("/v1/organization", headers=org_a.headers)).json()
    assert live["sandbox"] is False

    # The sandbox has none of the live data...
    members = await api.get("/v1/members", headers=bearer(test_key))
    assert members.status_code == 200
    assert members.json()["data"] == []
    assert org_a.bootstrap.owner.email not in members.text
    assert (
        await api.get(f"/v1/members/{org_a.bootstrap.owner.id}", headers=bearer(test_key))
    ).status_code == 404

    # ...and the live organization never sees what is created in the sandbox.
    r = await api.post(
        "/v1/members",
        json={"email": "sandbox@northstar.example", "name": "Sandy", "role": "viewer"},
        headers=bearer(test_key),
    )
    assert r.status_code == 201, r.text
    sandbox_member = r.json()["id"]
    live_members = await api.get("/v1/members", headers=org_a.headers)
    assert sandbox_member not in live_members.text
    assert (
        await api.get(f"/v1/members/{sandbox_member}", headers=org_a.headers)
    ).status_code == 404
    assert sandbox["id"] not in (await api.get("/v1/organizations", headers=org_a.headers)).text
    # A live key cannot reach into the sandbox by naming it.
    r = await api.get(
        "/v1/members", headers={**org_a.headers, "AuditoryX-Organization": sandbox["id"]}
    )
    assert_problem(r, 404, "resource_missing")

    # The same sandbox is used on every later request.
    again = await api.get("/v1/organization", headers=bearer(test_key))
    assert again.json()["id"] == sandbox["id"]


async def test_concurrent_first_test_requests_create_one_sandbox(api, org_a, owner_conninfo):
    # Separate keys: one key's requests queue behind its own `last_used_at` row lock, which
    # would hide the race this test is about.
    test_keys = [(await create_key(api, org_a.headers, mode="test"))["secret"] for _ in range(4)]
    responses = await asyncio.gather(
        *(api.get("/v1/organization", headers=bearer(key)) for key in test_keys)
    )
    assert all(r.status_code == 200 for r in responses), [r.text for r in responses]
    assert len({r.json()["id"] for r in responses}) == 1
    with psycopg.connect(owner_conninfo) as conn:
        sandboxes = conn.execute(
            "SELECT id FROM organizations WHERE sandbox_of = %s", (org_a.id,)
        ).fetchall()
    assert [s[0] for s in sandboxes] == [responses[0].json()["id"]]


async def test_test_keys_cannot_mint_keys_for_the_sandbox(api, org_a):
    """A key living in the sandbox with an ax_live_ prefix (or a sandbox of the sandbox)
    would defeat the point of the visible mode."""
    test_key = (await create_key(api, org_a.headers, mode="test"))["secret"]
    for mode in ("live", "test"):
        r = await api.post(
            "/v1/api-keys", json={"name": "nested", "mode": mode}, headers=bearer(test_key)
        )
        assert_problem(r, 403, "live_key_required")


async def test_test_key_cannot_act_on_another_organization(api, org_a):
    child = await create_child(api, org_a.headers)
    test_key = (await create_key(api, org_a.headers, mode="test"))["secret"]
    r = await api.get(
        "/v1/organization", headers=bearer(test_key, **{"AuditoryX-Organization": child})
    )
    assert assert_problem(r, 422, "invalid_request")["param"] == "AuditoryX-Organization"


# --- acting on a sub-organization -----------------------------------------------------------


async def test_parent_acts_on_its_child_with_the_header(api, org_a):
    child = await create_child(api, org_a.headers)
    as_child = {**org_a.headers, "AuditoryX-Organization": child}
    r = await api.get("/v1/organization", headers=as_child)
    assert r.status_code == 200, r.text
    assert r.json()["id"] == child
    assert r.json()["parent_id"] == org_a.id
    r = await api.post(
        "/v1/members",
        json={"email": "imprint@northstar.example", "name": "Imp", "role": "viewer"},
        headers=as_child,
    )
    assert r.status_code == 201, r.text
    # The parent's own list does not contain the child's member; the child's does.
    assert r.json()["id"] not in (await api.get("/v1/members", headers=org_a.headers)).text
    assert r.json()["id"] in (await api.get("/v1/members", headers=as_child)).text


async def test_parent_acts_on_a_grandchild(api, org_a):
    child = await create_child(api, org_a.headers)
    grandchild = await create_child(
        api, {**org_a.headers, "AuditoryX-Organization": child}, name="Sub-imprint"
    )
    r = await api.get(
        "/v1/organization", headers={**org_a.headers, "AuditoryX-Organization": grandchild}
    )
    assert r.status_code == 200, r.text
    assert r.json()["id"] == grandchild


async def test_child_key_cannot_reach_its_parent_or_anyone_else(api, org_a, org_b):
    child = await create_child(api, org_a.headers)
    child_key = (await create_key(api, {**org_a.headers, "AuditoryX-Organization": child}))[
        "secret"
    ]
    r = await api.get("/v1/organization", headers=bearer(child_key))
    assert r.json()["id"] == child
    for target in (org_a.id, org_b.id, new_id("org"), "nope"):
        r = await api.get(
            "/v1/organization", headers=bearer(child_key, **{"AuditoryX-Organization": target})
        )
        assert_problem(r, 404, "resource_missing")
    # Nor can any organization reach into another one's tree.
    r = await api.get(
        "/v1/organization", headers={**org_b.headers, "AuditoryX-Organization": child}
    )
    assert_problem(r, 404, "resource_missing")
    r = await api.get(
        "/v1/organization", headers={**org_a.headers, "AuditoryX-Organization": org_b.id}
    )
    assert_problem(r, 404, "resource_missing")


async def test_a_childs_key_does_not_carry_the_parents_member_identity(api, org_a):
    """A key minted for a child while acting on it is not issued by a member of the child."""
    child = await create_child(api, org_a.headers)
    key = await create_key(api, {**org_a.headers, "AuditoryX-Organization": child})
    assert key["created_by"] is None
    own = await create_key(api, org_a.headers)
    assert own["created_by"] == org_a.bootstrap.owner.id
